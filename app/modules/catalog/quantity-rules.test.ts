import { describe, expect, it } from 'vitest'
import { checkQuantity, effectiveRule, roundToRule, type QuantityRule } from './quantity-rules'

const packOf12: QuantityRule = { min: 24, increment: 12, max: 600 }
const any: QuantityRule = { min: 1, increment: 1, max: null }

describe('checkQuantity', () => {
  it.each([
    ['24', packOf12, { ok: true, qty: 24 }],
    ['600', packOf12, { ok: true, qty: 600 }],
    [' 1 200 ', any, { ok: true, qty: 1200 }],
    ['12', packOf12, { ok: false, rule: 'min', suggestion: 24 }],
    ['25', packOf12, { ok: false, rule: 'increment', suggestion: 36 }],
    ['601', packOf12, { ok: false, rule: 'max', suggestion: 600 }],
    ['10000', { min: 1, increment: 7, max: 100 }, { ok: false, rule: 'max', suggestion: 98 }],
    ['0', packOf12, { ok: false, rule: 'not_positive', suggestion: 24 }],
    ['-5', any, { ok: false, rule: 'not_positive', suggestion: 1 }],
    ['2.5', any, { ok: false, rule: 'not_whole', suggestion: 3 }],
    ['2,5', packOf12, { ok: false, rule: 'not_whole', suggestion: 24 }],
    ['abc', any, { ok: false, rule: 'not_a_number', suggestion: null }],
    ['десять', any, { ok: false, rule: 'not_a_number', suggestion: null }],
    ['1,000', any, { ok: false, rule: 'not_a_number', suggestion: null }],
    ['1200,00', any, { ok: true, qty: 1200 }],
    ['', any, { ok: false, rule: 'not_a_number', suggestion: null }],
    ['1e5', any, { ok: false, rule: 'not_a_number', suggestion: null }],
    ['NaN', any, { ok: false, rule: 'not_a_number', suggestion: null }],
    ['99999999999999999999', any, { ok: false, rule: 'not_a_number', suggestion: null }],
    [36, packOf12, { ok: true, qty: 36 }],
  ])('%j against %j → %j', (raw, rule, result) => expect(checkQuantity(raw as string, rule as QuantityRule)).toEqual(result))

  it('never suggests a quantity that breaks a rule', () => {
    for (const rule of [packOf12, any, { min: 5, increment: 4, max: 30 }, { min: 1, increment: 10, max: 95 }])
      for (let q = -3; q < 700; q += 7) {
        const s = roundToRule(q, rule)
        if (s !== null) expect(checkQuantity(String(s), rule)).toEqual({ ok: true, qty: s })
      }
  })

  it('has no valid quantity when the maximum is below one pack', () => {
    expect(roundToRule(1, { min: 1, increment: 50, max: 40 })).toBeNull()
  })
})

describe('effectiveRule', () => {
  it('lets a contract override the product field by field', () => {
    expect(effectiveRule(packOf12, { min: 12 })).toEqual({ min: 12, increment: 12, max: 600 })
    // An empty contract field is no contract rule for it: the product's maximum still applies.
    expect(effectiveRule(packOf12, { max: null })).toEqual(packOf12)
    expect(effectiveRule(packOf12, { max: 120 })).toEqual({ min: 24, increment: 12, max: 120 })
    expect(effectiveRule(packOf12, null)).toEqual(packOf12)
  })
})
