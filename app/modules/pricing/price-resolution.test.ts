import { describe, expect, it } from 'vitest'
import { resolvePrice, vatOf, type PriceListCandidate } from './price-resolution'

const list = (o: Partial<PriceListCandidate> & { code: string }): PriceListCandidate => ({
  listId: o.code,
  name: o.code,
  scope: 'global',
  priority: 0,
  currency: 'RUB',
  validFrom: null,
  validTo: null,
  tiers: [{ minQty: 1, unitPriceMinor: 100_00 }],
  ...o,
})

const base = list({
  code: 'BASE',
  tiers: [
    { minQty: 1, unitPriceMinor: 100_00 },
    { minQty: 10, unitPriceMinor: 95_00 },
    { minQty: 50, unitPriceMinor: 90_00 },
  ],
})
const gold = list({
  code: 'GOLD',
  scope: 'group',
  tiers: [
    { minQty: 1, unitPriceMinor: 92_00 },
    { minQty: 20, unitPriceMinor: 88_00 },
  ],
})
const contract = list({ code: 'CONTRACT', scope: 'org', tiers: [{ minQty: 1, unitPriceMinor: 85_00 }] })

function resolve(candidates: PriceListCandidate[], qty = 1, date = '2026-11-22') {
  return resolvePrice({ qty, date, currency: 'RUB', candidates })
}

describe('resolvePrice: precedence', () => {
  it.each([
    ['only the base list', [base], 1, 'BASE', 100_00],
    ['a group list beats the base list, even when dearer at this quantity', [base, gold], 50, 'GOLD', 88_00],
    ['an organisation contract beats group and base', [base, gold, contract], 1, 'CONTRACT', 85_00],
    ['row order does not matter', [contract, base, gold], 1, 'CONTRACT', 85_00],
    [
      'higher priority wins within a scope',
      [base, list({ code: 'PROMO', priority: 5, tiers: [{ minQty: 1, unitPriceMinor: 99_00 }] })],
      1,
      'PROMO',
      99_00,
    ],
    [
      'the later start wins on equal scope and priority',
      [
        list({ code: 'OLD', validFrom: '2026-01-01', tiers: [{ minQty: 1, unitPriceMinor: 80_00 }] }),
        list({ code: 'NEW', validFrom: '2026-06-01', tiers: [{ minQty: 1, unitPriceMinor: 81_00 }] }),
      ],
      1,
      'NEW',
      81_00,
    ],
    ['the code breaks an exact tie', [list({ code: 'B-LIST' }), list({ code: 'A-LIST' })], 1, 'A-LIST', 100_00],
  ])('%s', (_name, candidates, qty, code, price) => {
    const r = resolve(candidates as PriceListCandidate[], qty as number)
    expect(r.ok && r.list.code).toBe(code)
    expect(r.ok && r.unitPriceMinor).toBe(price)
    // Every candidate appears in the trace exactly once, the winner first.
    expect(r.trace.map((t) => t.code).sort()).toEqual((candidates as PriceListCandidate[]).map((c) => c.code).sort())
    expect(r.trace[0]).toMatchObject({ code, outcome: 'won' })
  })
})

describe('resolvePrice: validity, currency and tiers', () => {
  it.each([
    [
      'a contract not yet valid falls back to the base list',
      list({ code: 'C', scope: 'org', validFrom: '2026-12-01' }),
      '2026-11-22',
      'not_yet_valid',
    ],
    ['an expired contract falls back', list({ code: 'C', scope: 'org', validTo: '2026-11-21' }), '2026-11-22', 'expired'],
    ['a contract in euros falls back', list({ code: 'C', scope: 'org', currency: 'EUR' }), '2026-11-22', 'other_currency'],
    ['a contract without this product falls back', list({ code: 'C', scope: 'org', tiers: [] }), '2026-11-22', 'no_price_for_product'],
    [
      'a contract whose first tier is above the quantity falls back',
      list({ code: 'C', scope: 'org', tiers: [{ minQty: 100, unitPriceMinor: 50_00 }] }),
      '2026-11-22',
      'quantity_below_first_tier',
    ],
  ])('%s', (_name, c, date, reason) => {
    const r = resolvePrice({ qty: 1, date, currency: 'RUB', candidates: [base, c] })
    expect(r.ok && r.list.code).toBe('BASE')
    expect(r.trace.find((t) => t.code === 'C')).toMatchObject({ outcome: 'lost', reason })
  })

  it('treats both validity ends as inclusive days', () => {
    const c = list({ code: 'C', scope: 'org', validFrom: '2026-11-22', validTo: '2026-11-22', tiers: [{ minQty: 1, unitPriceMinor: 1 }] })
    expect(resolve([base, c], 1, '2026-11-22').ok && resolve([base, c], 1, '2026-11-22')).toMatchObject({ list: { code: 'C' } })
    expect(resolve([base, c], 1, '2026-11-23')).toMatchObject({ list: { code: 'BASE' } })
    expect(resolve([base, c], 1, '2026-11-21')).toMatchObject({ list: { code: 'BASE' } })
  })

  it.each([
    [1, 100_00, { minQty: 10, unitPriceMinor: 95_00, moreQty: 9 }],
    [9, 100_00, { minQty: 10, unitPriceMinor: 95_00, moreQty: 1 }],
    [10, 95_00, { minQty: 50, unitPriceMinor: 90_00, moreQty: 40 }],
    [30, 95_00, { minQty: 50, unitPriceMinor: 90_00, moreQty: 20 }],
    [50, 90_00, null],
    [1000, 90_00, null],
  ])('%i units cost %i each, next tier %j', (qty, price, next) => {
    const r = resolve([base], qty)
    expect(r.ok && r.unitPriceMinor).toBe(price)
    expect(r.ok && r.nextTier).toEqual(next)
    expect(r.ok && r.ladder.map((t) => t.minQty)).toEqual([1, 10, 50])
  })

  it('says why the losers lost', () => {
    const r = resolve([base, gold, contract, list({ code: 'GOLD-OLD', scope: 'group', priority: -1 })])
    expect(Object.fromEntries(r.trace.map((t) => [t.code, t.reason]))).toEqual({
      CONTRACT: 'most_specific_valid_list',
      GOLD: 'less_specific',
      'GOLD-OLD': 'less_specific',
      BASE: 'less_specific',
    })
    const groupOnly = resolve([gold, list({ code: 'GOLD-OLD', scope: 'group', priority: -1 })])
    expect(groupOnly.trace.find((t) => t.code === 'GOLD-OLD')?.reason).toBe('lower_priority')
  })

  it('reports when nothing applies, with the reasons', () => {
    const r = resolve([list({ code: 'X', currency: 'USD' })])
    expect(r).toEqual({ ok: false, reason: 'no_applicable_price', trace: [expect.objectContaining({ code: 'X', reason: 'other_currency' })] })
  })
})

describe('VAT', () => {
  it.each([
    [100_00, 2000, 20_00],
    [1, 2000, 0],
    [3, 2000, 1], // 0.6 kopeck rounds half-up to 1
    [12_345, 1000, 1_235], // 1 234.5 rounds up
    [99_99, 0, 0],
  ])('%i at %i bp → %i', (net, bp, vat) => expect(vatOf(net, bp)).toBe(vat))
})
