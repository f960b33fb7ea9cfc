import { describe, expect, it } from 'vitest'
import { makeCalendar } from '../delivery-terms/earliest-date'
import { adjustQuantity, decideLine, normaliseQty, rejectLine, responseStatus, toMinor, type LineVerdictView } from './decide'

const verdict = (v: Partial<LineVerdictView> = {}): LineVerdictView => ({
  problem: null,
  suggestion: null,
  available: 100,
  qty: 10,
  unitPriceMinor: 8990,
  earliestDate: '2026-03-10',
  unit: 'PCE',
  ...v,
})
// 2026-03-14 and -15 are a weekend; -16 is a holiday in this made-up calendar.
const calendar = makeCalendar({ nonWorking: ['2026-03-14', '2026-03-15', '2026-03-16'] })
const line = { lineNo: '1', qty: '10' }

describe('normaliseQty', () => {
  it.each([
    ['13.000', '13'],
    ['12.50', '12.5'],
    ['007', '7'],
    ['0.5', '0.5'],
    ['abc', 'abc'],
  ])('%s → %s', (raw, out) => expect(normaliseQty(raw)).toBe(out))
})

describe('adjustQuantity (first pass)', () => {
  it.each([
    [verdict(), { kind: 'keep', qty: 10 }],
    [verdict({ problem: 'increment', suggestion: 12 }), { kind: 'change', qty: 12, reason: 'increment' }],
    [verdict({ problem: 'min', suggestion: 20 }), { kind: 'change', qty: 20, reason: 'min' }],
    [verdict({ problem: 'not_whole', suggestion: 13 }), { kind: 'change', qty: 13, reason: 'not_whole' }],
    [verdict({ problem: 'max', suggestion: null }), { kind: 'reject', reason: 'max' }],
    [verdict({ problem: 'out_of_stock', available: 4 }), { kind: 'change', qty: 4, reason: 'out_of_stock' }],
    [verdict({ problem: 'out_of_stock', available: 0 }), { kind: 'reject', reason: 'out_of_stock' }],
    [verdict({ problem: 'not_in_assortment' }), { kind: 'reject', reason: 'not_in_assortment' }],
    [verdict({ problem: 'discontinued' }), { kind: 'reject', reason: 'discontinued' }],
  ])('%o → %o', (v, out) => expect(adjustQuantity(v)).toEqual(out))
})

describe('decideLine (second pass)', () => {
  const keep = { kind: 'keep' } as const
  it('accepts a line as asked, with our price and the requested date', () => {
    expect(decideLine({ line: { ...line, requestedDate: '2026-03-12', price: '89.90' }, quantity: keep, verdict: verdict(), calendar })).toEqual({
      lineNo: '1',
      action: 'accepted',
      orderedQty: '10',
      qty: 10,
      unit: 'PCE',
      price: '89.90',
      deliveryDate: '2026-03-12',
      bookedDate: '2026-03-12',
    })
  })
  it('without a requested date delivers on the earliest date and books no date', () => {
    const d = decideLine({ line, quantity: keep, verdict: verdict(), calendar })
    expect(d).toMatchObject({ action: 'accepted', deliveryDate: '2026-03-10' })
    expect(d.bookedDate).toBeUndefined()
  })
  it('changes a date before the earliest to the earliest (the order date counts for lines without one)', () => {
    expect(decideLine({ line, orderDate: '2026-03-01', quantity: keep, verdict: verdict(), calendar })).toMatchObject({
      action: 'changed',
      deliveryDate: '2026-03-10',
      bookedDate: '2026-03-10',
      reason: { code: 'before_earliest' },
    })
  })
  it('moves a requested day nobody delivers to the next working day', () => {
    expect(decideLine({ line: { ...line, requestedDate: '2026-03-14' }, quantity: keep, verdict: verdict(), calendar })).toMatchObject({
      action: 'changed',
      deliveryDate: '2026-03-17',
      reason: { code: 'not_working_day' },
    })
  })
  it('changes a line whose expected price differs, with our price', () => {
    expect(decideLine({ line: { ...line, price: '80' }, quantity: keep, verdict: verdict(), calendar })).toMatchObject({
      action: 'changed',
      price: '89.90',
      reason: { code: 'price' },
    })
  })
  it('names the quantity change before a date or price change', () => {
    const d = decideLine({
      line: { ...line, qty: '11', price: '1.00' },
      quantity: { kind: 'change', reason: 'increment' },
      verdict: verdict({ qty: 12 }),
      calendar,
    })
    expect(d).toMatchObject({ action: 'changed', qty: 12, orderedQty: '11', reason: { code: 'increment' } })
  })
  it('rejects what the evaluator still refuses, with its reason and quantity 0', () => {
    expect(decideLine({ line, quantity: keep, verdict: verdict({ problem: 'out_of_stock' }), calendar })).toMatchObject({
      action: 'rejected',
      qty: 0,
      reason: { code: 'out_of_stock' },
    })
  })
})

describe('responseStatus (BGM 1225 / BAK02)', () => {
  const acc = { action: 'accepted' as const }
  const chg = { action: 'changed' as const }
  const rej = { action: 'rejected' as const }
  it.each([
    [[acc, acc], 'accepted'],
    [[acc, chg], 'changed'],
    [[acc, rej], 'changed'],
    [[rej, rej], 'rejected'],
    [[], 'rejected'],
  ])('%o → %s', (lines, status) => expect(responseStatus(lines)).toBe(status))
})

describe('money and rejects', () => {
  it.each([
    ['89.90', 8990],
    ['10', 1000],
    ['0.005', 1],
    ['1,5', null],
  ])('toMinor(%s) = %s', (p, minor) => expect(toMinor(p)).toBe(minor))
  it('rejects an unmapped line with its code', () => {
    expect(rejectLine({ lineNo: '3', qty: '2' }, 'unmapped_item')).toEqual({
      lineNo: '3',
      action: 'rejected',
      orderedQty: '2',
      qty: 0,
      unit: undefined,
      reason: { code: 'unmapped_item' },
    })
  })
})
