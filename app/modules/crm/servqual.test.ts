import { describe, expect, it } from 'vitest'
import { change, scoreGroup, scoreRespondent, summarise, tCritical, type Answer } from './servqual'
import { DIMENSION_ITEMS, DIMENSIONS, dimensionOf, ITEMS } from './servqual-items'

// Hand-computed cases (anchors/partners-and-crm.md §2.5).
const perceptionsBy = (perDimension: Record<string, number>) => ITEMS.map((_, i) => perDimension[dimensionOf(i + 1)]!)

// A expects 6 everywhere and perceives tangibles 5, reliability 4, responsiveness 6, assurance 7, empathy 5:
// gaps −1, −2, 0, +1, −1; SQ = −3/5 = −0.6; weighted with 10/40/20/20/10 = −0.1 − 0.8 + 0 + 0.2 − 0.1 = −0.8;
// SERVPERF = (5 + 4 + 6 + 7 + 5)/5 = 5.4.
const a: Answer = {
  expectations: Array(22).fill(6),
  perceptions: perceptionsBy({ tangibles: 5, reliability: 4, responsiveness: 6, assurance: 7, empathy: 5 }),
  importance: [10, 40, 20, 20, 10],
}
// B expects and perceives 7 everywhere: every gap 0, SERVPERF 7.
const b: Answer = { expectations: Array(22).fill(7), perceptions: Array(22).fill(7), importance: [20, 20, 20, 20, 20] }

describe('the instrument', () => {
  it('has 22 items in the published dimensions: tangibles 1–4, reliability 5–9, responsiveness 10–13, assurance 14–17, empathy 18–22', () => {
    expect(ITEMS).toHaveLength(22)
    expect(DIMENSIONS.flatMap((d) => DIMENSION_ITEMS[d])).toEqual(Array.from({ length: 22 }, (_, i) => i + 1))
    expect([dimensionOf(4), dimensionOf(5), dimensionOf(13), dimensionOf(14), dimensionOf(22)]).toEqual([
      'tangibles',
      'reliability',
      'responsiveness',
      'assurance',
      'empathy',
    ])
  })
})

describe('scoreRespondent', () => {
  it('computes item and dimension gaps, unweighted and weighted SQ and SERVPERF', () => {
    const s = scoreRespondent(a)
    expect(s.itemGaps.slice(0, 5)).toEqual([-1, -1, -1, -1, -2])
    expect(s.dimensionGaps).toEqual({ tangibles: -1, reliability: -2, responsiveness: 0, assurance: 1, empathy: -1 })
    expect(s.sq).toBeCloseTo(-0.6, 12)
    expect(s.sqWeighted).toBeCloseTo(-0.8, 12)
    expect(s.servperf).toBeCloseTo(5.4, 12)
  })
  it('weights by the respondent’s own split: moving points to the worst dimension lowers the weighted score only', () => {
    const heavy = scoreRespondent({ ...a, importance: [0, 100, 0, 0, 0] })
    expect(heavy.sqWeighted).toBeCloseTo(-2, 12)
    expect(heavy.sq).toBeCloseTo(-0.6, 12)
  })
  it('refuses an answer without 22 + 22 + 5 values', () => {
    expect(() => scoreRespondent({ ...a, perceptions: a.perceptions.slice(1) })).toThrow(/22 expectations/)
  })
})

describe('summarise and tCritical', () => {
  it('gives the t-based 95 % interval: 1…5 → mean 3, sd 1.5811, ±2.776·sd/√5 = ±1.9629', () => {
    const s = summarise([1, 2, 3, 4, 5])
    expect(s.mean).toBe(3)
    expect(s.sd).toBeCloseTo(1.58114, 4)
    expect(s.lo).toBeCloseTo(1.03707, 4)
    expect(s.hi).toBeCloseTo(4.96293, 4)
  })
  it('has no interval for one answer', () => {
    expect(summarise([2])).toMatchObject({ n: 1, mean: 2, lo: null, hi: null })
  })
  it.each([
    [1, 12.706],
    [29, 2.045],
    [40, 2.0211],
    [100, 1.984],
    [1000, 1.9623],
  ])('t(0.975, %i) = %f', (df, t) => {
    expect(tCritical(df)).toBeCloseTo(t, 3)
  })
})

describe('scoreGroup', () => {
  it('withholds every score below the minimum and says how many answers there are', () => {
    const g = scoreGroup(Array(12).fill(a), 30)
    expect(g).toEqual({ n: 12, minAnswers: 30, scores: null })
  })
  it('averages per respondent: A and B → SQ −0.3, weighted −0.4, SERVPERF 6.2, with the interval of two answers', () => {
    const g = scoreGroup([a, b], 2)
    expect(g.scores!.sq.mean).toBeCloseTo(-0.3, 12)
    // sd of (−0.6, 0) is √0.18 = 0.42426; half-width 12.706 · 0.42426 / √2 = 3.8118.
    expect(g.scores!.sq.lo).toBeCloseTo(-4.1118, 3)
    expect(g.scores!.sqWeighted.mean).toBeCloseTo(-0.4, 12)
    expect(g.scores!.servperf.mean).toBeCloseTo(6.2, 12)
    const reliability = g.scores!.dimensions.find((d) => d.dimension === 'reliability')!
    expect(reliability).toMatchObject({ expectation: 6.5, perception: 5.5, importance: 30 })
    expect(reliability.gap.mean).toBeCloseTo(-1, 12)
    expect(g.scores!.items[0]).toMatchObject({ item: 1, expectation: 6.5, perception: 6 })
  })
})

describe('change between waves', () => {
  it('calls a change better only when Welch’s interval leaves zero out', () => {
    // −0.5 (sd 0.4, n 30) → −0.2 (sd 0.4, n 34): se 0.1002, ν ≈ 61, half-width ≈ 0.2004.
    const c = change({ n: 30, mean: -0.5, sd: 0.4, lo: null, hi: null }, { n: 34, mean: -0.2, sd: 0.4, lo: null, hi: null })!
    expect(c.delta).toBeCloseTo(0.3, 12)
    expect(c.lo).toBeCloseTo(0.0997, 3)
    expect(c.verdict).toBe('better')
    const noise = change({ n: 30, mean: -0.5, sd: 0.4, lo: null, hi: null }, { n: 34, mean: -0.45, sd: 0.4, lo: null, hi: null })!
    expect(noise.verdict).toBe('unclear')
    const worse = change({ n: 30, mean: -0.2, sd: 0.4, lo: null, hi: null }, { n: 34, mean: -0.5, sd: 0.4, lo: null, hi: null })!
    expect(worse.verdict).toBe('worse')
  })
})
