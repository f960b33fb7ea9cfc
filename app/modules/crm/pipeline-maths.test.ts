import { describe, expect, it } from 'vitest'
import { conversions, shareBp, weightedMinor, winRateBp } from './pipeline-maths'

describe('weightedMinor', () => {
  it.each([
    [100_000_00, 5000, 50_000_00],
    [333, 2500, 83], // 83.25 → 83
    [null, 7500, 0],
    [1_000, 0, 0],
    [1_000, 10_000, 1_000],
  ])('%s × %s bp = %s', (expected, bp, out) => {
    expect(weightedMinor(expected, bp)).toBe(out)
  })
})

describe('conversion and win rate', () => {
  it('reads a hand fixture: 20 new, 15 qualified, 12 proposal, 6 negotiation, 4 won', () => {
    const rows = conversions([
      { code: 'new', reached: 20 },
      { code: 'qualified', reached: 15 },
      { code: 'proposal', reached: 12 },
      { code: 'negotiation', reached: 6 },
      { code: 'won', reached: 4 },
    ])
    expect(rows.map((r) => [r.from, r.to, r.reached, r.converted, r.shareBp])).toEqual([
      ['new', 'qualified', 20, 15, 7500],
      ['qualified', 'proposal', 15, 12, 8000],
      ['proposal', 'negotiation', 12, 6, 5000],
      ['negotiation', 'won', 6, 4, 6667],
    ])
  })
  it.each([
    [4, 6, 4000],
    [0, 0, null],
    [3, 0, 10_000],
  ])('won %s lost %s → %s bp', (won, lost, bp) => {
    expect(winRateBp(won, lost)).toBe(bp)
  })
  it('no base, no share', () => {
    expect(shareBp(1, 0)).toBeNull()
  })
})
