import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { previewBid } from './preview'
import { bidRefusals, checkBid, rankBids, stepAmount, type BidContext } from './rules'
import type { SupplierLotView } from './views'

type Lot = Pick<BidContext, 'status' | 'startPriceMinor' | 'minStepMinor' | 'maxStepMinor' | 'endsAt'> & { bestMinor: number | null }
// Start price 100 000.00 ₽; steps 0.5 % (500.00) to 5 % (5 000.00); the lot ends at t = 1 000 000 ms; the best is 90 000.00.
const lot = (o: Partial<Lot> = {}): Lot => ({
  status: 'live',
  startPriceMinor: 100_000_00,
  minStepMinor: 500_00,
  maxStepMinor: 5_000_00,
  endsAt: 1_000_000,
  bestMinor: 90_000_00,
  ...o,
})

describe('stepAmount', () => {
  it.each([
    [{ kind: 'percent', basisPoints: 50 } as const, 100_000_00, 'up', 500_00],
    [{ kind: 'percent', basisPoints: 500 } as const, 100_000_00, 'down', 5_000_00],
    [{ kind: 'percent', basisPoints: 50 } as const, 333, 'up', 2], // 1.665 kopecks rounds up
    [{ kind: 'percent', basisPoints: 50 } as const, 333, 'down', 1],
    [{ kind: 'percent', basisPoints: 1 } as const, 10, 'down', 1], // never below one kopeck
    [{ kind: 'amount', minor: 250_00 } as const, 100_000_00, 'up', 250_00],
  ])('%j of %d rounded %s is %d', (spec, start, round, expected) => expect(stepAmount(spec, start, round as 'up' | 'down')).toBe(expected))
})

describe('checkBid', () => {
  it.each([
    // [case, lot, price, own previous, receivedAt, expected]
    ['takes the lead by the minimum step', lot(), 89_500_00, null, 10, { ok: true, takesLead: true }],
    ['takes the lead by the maximum step', lot(), 85_000_00, null, 10, { ok: true, takesLead: true }],
    ['one kopeck short of the minimum step', lot(), 89_500_01, null, 10, { ok: false, rule: 'step_too_small' }],
    ['one kopeck past the maximum step', lot(), 84_999_99, null, 10, { ok: false, rule: 'step_too_large' }],
    ['a tie with the leader', lot(), 90_000_00, null, 10, { ok: false, rule: 'tie_with_leader' }],
    ['improves rank 2 without taking the lead', lot(), 95_000_00, 96_000_00, 10, { ok: true, takesLead: false }],
    ['not below its own previous bid', lot(), 95_000_00, 95_000_00, 10, { ok: false, rule: 'not_below_own' }],
    ['above its own previous bid', lot(), 95_000_01, 95_000_00, 10, { ok: false, rule: 'not_below_own' }],
    ['at the ceiling', lot(), 100_000_00, null, 10, { ok: false, rule: 'not_below_ceiling' }],
    ['zero', lot(), 0, null, 10, { ok: false, rule: 'invalid_amount' }],
    ['negative', lot(), -1, null, 10, { ok: false, rule: 'invalid_amount' }],
    ['a fraction of a kopeck', lot(), 89_000_00.5, null, 10, { ok: false, rule: 'invalid_amount' }],
    ['NaN', lot(), Number.NaN, null, 10, { ok: false, rule: 'invalid_amount' }],
    ['the first bid within the maximum step of the ceiling', lot({ bestMinor: null }), 95_000_00, null, 10, { ok: true, takesLead: true }],
    ['the first bid past the maximum step (fat finger)', lot({ bestMinor: null }), 9_500_00, null, 10, { ok: false, rule: 'step_too_large' }],
    ['the leader undercuts itself (B2B default: allowed)', lot(), 89_000_00, 90_000_00, 10, { ok: true, takesLead: true }],
    ['one millisecond before the end', lot(), 89_000_00, null, 999_999, { ok: true, takesLead: true }],
    ['exactly at the end', lot(), 89_000_00, null, 1_000_000, { ok: false, rule: 'ended' }],
    ['a paused lot', lot({ status: 'paused' }), 89_000_00, null, 10, { ok: false, rule: 'not_live' }],
    ['a closed lot', lot({ status: 'closed' }), 89_000_00, null, 10, { ok: false, rule: 'not_live' }],
    ['a scheduled lot', lot({ status: 'scheduled' }), 89_000_00, null, 10, { ok: false, rule: 'not_live' }],
  ] as const)('%s', (_name, state, price, own, receivedAt, expected) =>
    expect(checkBid({ ...state, priceMinor: price, ownPreviousMinor: own, receivedAt })).toEqual(expected),
  )
})

/** A supplier's view of a lot, holding what the preset shows: the best for rank_best and full, nothing for rank. */
function viewOf(l: Lot, own: number | null, visibility: SupplierLotView['visibility']): SupplierLotView {
  const shows = visibility !== 'rank'
  return {
    lotId: 'l',
    tenderId: 't',
    tenderTitle: 'T',
    lineNo: 1,
    item: 'Cable',
    quantity: 1,
    unit: 'm',
    currency: 'RUB',
    visibility,
    status: l.status,
    startsAt: new Date(0).toISOString(),
    endsAt: new Date(l.endsAt).toISOString(),
    serverNow: new Date(0).toISOString(),
    seq: 1,
    startPriceMinor: l.startPriceMinor,
    minStepMinor: l.minStepMinor,
    maxStepMinor: l.maxStepMinor,
    softWindowMs: 0,
    softExtensionMs: 60_000,
    maxExtensions: null,
    pausedAt: null,
    cancelReason: null,
    reserveMet: null,
    extensions: [],
    awarded: null,
    own: { rank: null, lastBidMinor: own, bids: [], alias: null },
    ...(shows ? { bestMinor: l.bestMinor } : {}),
  }
}

describe('one rules table for the refusal and the preview', () => {
  const lotArb = fc
    .record({
      status: fc.constantFrom('live' as const, 'live' as const, 'paused' as const, 'closed' as const),
      start: fc.integer({ min: 1_000, max: 1_000_000 }),
      min: fc.integer({ min: 1, max: 50 }),
      spread: fc.integer({ min: 0, max: 100 }),
      bestGap: fc.option(fc.integer({ min: 0, max: 300 })),
    })
    .map(({ status, start, min, spread, bestGap }): Lot => ({
      status,
      startPriceMinor: start,
      minStepMinor: min,
      maxStepMinor: min + spread,
      endsAt: 1_000_000,
      bestMinor: bestGap === null ? null : Math.max(1, start - 1 - bestGap),
    }))
  const caseArb = lotArb.chain((l) => {
    const anchor = l.bestMinor ?? l.startPriceMinor
    return fc.record({
      lot: fc.constant(l),
      price: fc.oneof(
        fc.integer({ min: anchor - 3 * l.maxStepMinor, max: anchor + 2 * l.maxStepMinor }),
        fc.constantFrom(0, -1, anchor - l.minStepMinor, anchor - l.maxStepMinor, anchor, l.startPriceMinor),
      ),
      own: fc.option(fc.integer({ min: Math.max(1, anchor - 50), max: l.startPriceMinor - 1 })),
      visibility: fc.constantFrom('rank' as const, 'rank_best' as const, 'full' as const),
    })
  })

  it('a preview that sees what the rules need names exactly the refusal the acceptor names, and nothing for a bid it accepts', () => {
    fc.assert(
      fc.property(caseArb, ({ lot: l, price, own }) => {
        const check = checkBid({ ...l, priceMinor: price, ownPreviousMinor: own, receivedAt: 10 })
        const preview = previewBid(viewOf(l, own, 'full'), price)
        expect(preview.problems[0] ?? null).toBe(check.ok ? null : check.rule)
      }),
      { numRuns: 2_000 },
    )
  })

  it('a preview under any preset only names refusals the acceptor would find, in the same order', () => {
    fc.assert(
      fc.property(caseArb, ({ lot: l, price, own, visibility }) => {
        const all = bidRefusals({ ...l, priceMinor: price, ownPreviousMinor: own, receivedAt: 10 })
        const preview = previewBid(viewOf(l, own, visibility), price)
        expect(preview.problems).toEqual(all.filter((r) => preview.problems.includes(r)))
        // What is hidden is never guessed: under "rank" no rule about the best is named.
        if (visibility === 'rank')
          expect(preview.problems.filter((r) => r === 'tie_with_leader' || r === 'step_too_small' || r === 'step_too_large')).toEqual([])
      }),
      { numRuns: 2_000 },
    )
  })
})

describe('rankBids', () => {
  it('ranks by each supplier’s best bid, lower first, equal prices by earlier receipt', () => {
    const ranked = rankBids([
      { supplierId: 'A', priceMinor: 95_000_00, receivedAt: 1 },
      { supplierId: 'B', priceMinor: 94_000_00, receivedAt: 2 },
      { supplierId: 'C', priceMinor: 96_000_00, receivedAt: 3 },
      { supplierId: 'A', priceMinor: 93_000_00, receivedAt: 4 },
      { supplierId: 'D', priceMinor: 96_000_00, receivedAt: 2 },
    ])
    expect(ranked.map((r) => [r.supplierId, r.rank])).toEqual([
      ['A', 1],
      ['B', 2],
      ['D', 3],
      ['C', 4],
    ])
  })
})
