import { describe, expect, it } from 'vitest'
import { checkBid, endAfterBid, rankBids, stepAmount, type LotState } from './rules'

// Start price 100 000.00 ₽; steps 0.5 % (500.00) to 5 % (5 000.00); the lot ends at t = 1 000 000 ms.
const lot = (o: Partial<LotState> = {}): LotState => ({
  status: 'live',
  startPriceMinor: 100_000_00,
  minStepMinor: 500_00,
  maxStepMinor: 5_000_00,
  endsAt: 1_000_000,
  best: { priceMinor: 90_000_00, supplierId: 'A' },
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
    // [case, lot, price, supplier, own previous, receivedAt, expected]
    ['takes the lead by the minimum step', lot(), 89_500_00, 'B', null, 10, { ok: true, takesLead: true }],
    ['takes the lead by the maximum step', lot(), 85_000_00, 'B', null, 10, { ok: true, takesLead: true }],
    ['one kopeck short of the minimum step', lot(), 89_500_01, 'B', null, 10, { ok: false, rule: 'step_too_small' }],
    ['one kopeck past the maximum step', lot(), 84_999_99, 'B', null, 10, { ok: false, rule: 'step_too_large' }],
    ['a tie with the leader', lot(), 90_000_00, 'B', null, 10, { ok: false, rule: 'tie_with_leader' }],
    ['improves rank 2 without taking the lead', lot(), 95_000_00, 'B', 96_000_00, 10, { ok: true, takesLead: false }],
    ['not below its own previous bid', lot(), 95_000_00, 'B', 95_000_00, 10, { ok: false, rule: 'not_below_own' }],
    ['above its own previous bid', lot(), 95_000_01, 'B', 95_000_00, 10, { ok: false, rule: 'not_below_own' }],
    ['at the ceiling', lot(), 100_000_00, 'B', null, 10, { ok: false, rule: 'not_below_ceiling' }],
    ['zero', lot(), 0, 'B', null, 10, { ok: false, rule: 'invalid_amount' }],
    ['negative', lot(), -1, 'B', null, 10, { ok: false, rule: 'invalid_amount' }],
    ['a fraction of a kopeck', lot(), 89_000_00.5, 'B', null, 10, { ok: false, rule: 'invalid_amount' }],
    ['NaN', lot(), Number.NaN, 'B', null, 10, { ok: false, rule: 'invalid_amount' }],
    ['the first bid within the maximum step of the ceiling', lot({ best: null }), 95_000_00, 'B', null, 10, { ok: true, takesLead: true }],
    ['the first bid past the maximum step (fat finger)', lot({ best: null }), 9_500_00, 'B', null, 10, { ok: false, rule: 'step_too_large' }],
    ['the leader undercuts itself (B2B default: allowed)', lot(), 89_000_00, 'A', 90_000_00, 10, { ok: true, takesLead: true }],
    ['one millisecond before the end', lot(), 89_000_00, 'B', null, 999_999, { ok: true, takesLead: true }],
    ['exactly at the end', lot(), 89_000_00, 'B', null, 1_000_000, { ok: false, rule: 'ended' }],
    ['a paused lot', lot({ status: 'paused' }), 89_000_00, 'B', null, 10, { ok: false, rule: 'not_live' }],
    ['a closed lot', lot({ status: 'closed' }), 89_000_00, 'B', null, 10, { ok: false, rule: 'not_live' }],
    ['a scheduled lot', lot({ status: 'scheduled' }), 89_000_00, 'B', null, 10, { ok: false, rule: 'not_live' }],
  ] as const)('%s', (_name, state, price, supplierId, own, receivedAt, expected) =>
    expect(checkBid({ lot: state, priceMinor: price, supplierId, ownPreviousMinor: own, receivedAt })).toEqual(expected),
  )

  it('forbids the leader undercutting itself in the public-sector preset', () => {
    expect(checkBid({ lot: lot(), priceMinor: 89_000_00, supplierId: 'A', ownPreviousMinor: 90_000_00, receivedAt: 10, forbidLeaderUndercut: true })).toEqual({ ok: false, rule: 'leader_undercut' })
  })
})

describe('endAfterBid (soft close)', () => {
  const rule = { windowMs: 120_000, extensionMs: 120_000, maxExtensions: null }
  it.each([
    ['a lead change inside the window moves the end to receipt + E', 1_000_000, 950_000, true, 0, rule, { endsAt: 1_070_000, extended: true }],
    ['a lead change outside the window changes nothing', 1_000_000, 800_000, true, 0, rule, { endsAt: 1_000_000, extended: false }],
    ['exactly W before the end is outside the window', 1_000_000, 880_000, true, 0, rule, { endsAt: 1_000_000, extended: false }],
    ['a bid that does not change rank 1 changes nothing', 1_000_000, 999_000, false, 0, rule, { endsAt: 1_000_000, extended: false }],
    ['the end never moves earlier (E shorter than what is left)', 1_000_000, 950_000, true, 0, { ...rule, extensionMs: 10_000 }, { endsAt: 1_000_000, extended: false }],
    ['the cap on extensions holds', 1_000_000, 950_000, true, 3, { ...rule, maxExtensions: 3 }, { endsAt: 1_000_000, extended: false }],
    ['below the cap it extends', 1_000_000, 950_000, true, 2, { ...rule, maxExtensions: 3 }, { endsAt: 1_070_000, extended: true }],
  ] as const)('%s', (_name, endsAt, receivedAt, takesLead, extensionsSoFar, r, expected) => expect(endAfterBid({ endsAt, receivedAt, takesLead, extensionsSoFar, rule: r })).toEqual(expected))
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
