import { describe, expect, it } from 'vitest'
import { DecisionInput, normaliseCode, phoneField, SaleReportInput } from './sale-schemas'

const base = { shopId: '00000000-0000-4000-8000-000000000001', qty: '1', soldOn: '2026-11-20', receiptNo: 'R-1' }

describe('the sale form', () => {
  it('needs a product picked or a GTIN', () => {
    const r = SaleReportInput.safeParse(base)
    expect(r.success).toBe(false)
    expect(!r.success && r.error.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['gtin', 'sarm.error.productRequired']])
  })
  it.each([
    ['0', 'sarm.error.between|1–10000'],
    ['1,5', 'sarm.error.wholeNumber'],
    ['10001', 'sarm.error.between|1–10000'],
  ])('refuses the quantity %s', (qty, message) => {
    const r = SaleReportInput.safeParse({ ...base, gtin: '4600000000017', qty })
    expect(!r.success && r.error.issues.map((i) => i.message)).toEqual([message])
  })
  it('refuses a GTIN that is not 8–14 digits', () => {
    const r = SaleReportInput.safeParse({ ...base, gtin: '12345' })
    expect(!r.success && r.error.issues.map((i) => i.message)).toContain('sarm.error.gtin')
  })
})

describe('phones and codes', () => {
  it.each([
    ['+7 (900) 123-45-67', '+79001234567'],
    ['8 900 123 45 67', '+79001234567'],
    ['9001234567', '+79001234567'],
    ['', null],
  ])('%s reads as %s', (typed, stored) => expect(phoneField.parse(typed)).toBe(stored))
  it('refuses a phone that is not one', () => expect(phoneField.safeParse('call me').success).toBe(false))
  it('reads a code whatever its case, spaces and dashes', () => expect(normaliseCode('abcd-efgh jkmn')).toBe('ABCDEFGHJKMN'))
})

describe('the decision form', () => {
  it('needs a reason to reject, and a report ticked', () => {
    const r = DecisionInput.safeParse({ intent: 'reject', reportIds: ['00000000-0000-4000-8000-000000000001'] })
    expect(!r.success && r.error.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['reason', 'sarm.error.reasonRequired']])
    const none = DecisionInput.safeParse({ intent: 'confirm', reportIds: [] })
    expect(!none.success && none.error.issues.map((i) => i.message)).toEqual(['sarm.error.noneChosen'])
  })
})
