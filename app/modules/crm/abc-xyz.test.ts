import { describe, expect, it } from 'vitest'
import { classifyAbc, classifyXyz, clv, retention, seasonalIndices } from './abc-xyz'

describe('classifyAbc', () => {
  // Values 50, 25, 10, 8, 4, 2, 1 (total 100): cumulative shares 50, 75, 85, 93, 97, 99, 100 %.
  // The third row crosses 80 % but its share before it is 75 % < 80 %: still A. The fifth starts at 93 % < 95 %: B.
  const rows = [
    { id: 'g', value: 1 },
    { id: 'a', value: 50 },
    { id: 'c', value: 10 },
    { id: 'b', value: 25 },
    { id: 'e', value: 4 },
    { id: 'd', value: 8 },
    { id: 'f', value: 2 },
    { id: 'zero', value: 0 },
    { id: 'loss', value: -5 },
  ]
  const out = classifyAbc(rows)
  it.each([
    ['a', 1, 0.5, 0, 'A'],
    ['b', 2, 0.75, 0.5, 'A'],
    ['c', 3, 0.85, 0.75, 'A'],
    ['d', 4, 0.93, 0.85, 'B'],
    ['e', 5, 0.97, 0.93, 'B'],
    ['f', 6, 0.99, 0.97, 'C'],
    ['g', 7, 1, 0.99, 'C'],
  ])('%s: rank %i, C_k %f, C_k−1 %f → %s', (id, rank, cum, prev, abc) => {
    const row = out.find((r) => r.id === id)!
    expect(row.rank).toBe(rank)
    expect(row.cumShare).toBeCloseTo(cum, 10)
    expect(row.prevCumShare).toBeCloseTo(prev, 10)
    expect(row.abc).toBe(abc)
  })
  it('leaves values ≤ 0 without a class', () => {
    expect(out.filter((r) => r.abc === null).map((r) => r.id)).toEqual(['zero', 'loss'])
  })
  it('honours other cut-offs (70/95)', () => {
    expect(classifyAbc(rows, { cutA: 0.7, cutB: 0.95 }).find((r) => r.id === 'c')!.abc).toBe('B')
  })
  it('never gives a larger value a worse class (property, 500 random sets)', () => {
    let seed = 7
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    const rank = { A: 0, B: 1, C: 2 }
    for (let k = 0; k < 500; k++) {
      const set = Array.from({ length: 1 + Math.floor(rnd() * 40) }, (_, i) => ({ id: `c${i}`, value: Math.floor(rnd() * 1000) + 1 }))
      const classes = classifyAbc(set, { cutA: 0.5 + rnd() * 0.3, cutB: 0.85 + rnd() * 0.14 })
      for (const a of classes) for (const b of classes) if (a.value > b.value) expect(rank[a.abc!]).toBeLessThanOrEqual(rank[b.abc!])
    }
  })
})

describe('classifyXyz', () => {
  it.each([
    // 12 equal months: CV 0 → X.
    [[10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10], 0, 'X', 12],
    // 9 and 11 alternating: μ 10, σ 1, CV 10 % → X (the threshold is inclusive).
    [[9, 11, 9, 11, 9, 11, 9, 11, 9, 11, 9, 11], 0.1, 'X', 12],
    // 8 and 12: σ 2, CV 20 % → Y.
    [[8, 12, 8, 12, 8, 12, 8, 12, 8, 12, 8, 12], 0.2, 'Y', 12],
    // Zero months count: 20 in six months, 0 in six: μ 10, σ 10, CV 100 % → Z.
    [[20, 0, 20, 0, 20, 0, 20, 0, 20, 0, 20, 0], 1, 'Z', 6],
  ])('%j → CV %f, %s', (series, cv, xyz, nonZero) => {
    const r = classifyXyz(series)
    expect(r.cv).toBeCloseTo(cv, 10)
    expect(r.xyz).toBe(xyz)
    expect(r.nonZeroMonths).toBe(nonZero)
  })
  it('flags no demand and intermittent series', () => {
    expect(classifyXyz(Array(12).fill(0))).toMatchObject({ cv: null, xyz: null, flags: ['no_demand'] })
    expect(classifyXyz([0, 0, 5, 0, 0, 0, 0, 5, 0, 0, 0, 0])).toMatchObject({ xyz: 'Z', flags: ['intermittent'], nonZeroMonths: 2 })
  })
})

describe('seasonalIndices', () => {
  it('is a calendar month’s mean over the overall mean', () => {
    const idx = seasonalIndices([
      { month: 1, value: 5 },
      { month: 1, value: 7 },
      { month: 7, value: 18 },
    ])
    // Overall mean 10; January 6 → 0.6; July 18 → 1.8.
    expect(idx.get(1)).toBeCloseTo(0.6)
    expect(idx.get(7)).toBeCloseTo(1.8)
  })
})

describe('CLV and retention', () => {
  it('is the anchor’s worked example: 10 000 × 0.8 / (1 + 0.10 − 0.8) = 26 667', () => {
    expect(Math.round(clv(10_000, 0.8, 0.1))).toBe(26_667)
  })
  it('is 0 for a margin ≤ 0', () => {
    expect(clv(-100, 0.9, 0.1)).toBe(0)
  })
  it('retention: 3 of the 4 customers of the year before ordered again', () => {
    expect(retention(new Set(['a', 'b', 'c', 'd']), new Set(['a', 'b', 'c', 'e']))).toBe(0.75)
    expect(retention(new Set(), new Set(['a']))).toBeNull()
  })
})
