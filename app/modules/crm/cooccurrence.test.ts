import { describe, expect, it } from 'vitest'
import { pairFigures, recommendForGroup } from './cooccurrence'

describe('pairFigures', () => {
  // Hand-computed: c = n_ij / n_i, lift = c / (n_j / N).
  it.each([
    { N: 11, ni: 11, nj: 8, nij: 8, c: 8 / 11, lift: 1 },
    { N: 20, ni: 10, nj: 8, nij: 6, c: 0.6, lift: 1.5 },
    { N: 40, ni: 10, nj: 10, nij: 5, c: 0.5, lift: 2 },
    { N: 10, ni: 5, nj: 10, nij: 5, c: 1, lift: 1 },
  ])('N=$N n_i=$ni n_j=$nj n_ij=$nij → c=$c lift=$lift', ({ N, ni, nj, nij, c, lift }) => {
    const f = pairFigures({ groupSize: N, antecedentBuyers: ni, productBuyers: nj, pairBuyers: nij })
    expect(f.confidence).toBeCloseTo(c, 12)
    expect(f.lift).toBeCloseTo(lift, 12)
  })
})

describe('recommendForGroup', () => {
  // 20 buyers: 6 buy {a, b}, 4 buy {a}, 2 buy {b}, 8 buy {c}. For the 4 a-only buyers: b has n_a=10, n_b=8,
  // n_ab=6, N=20 → c=0.6, lift=1.5 (kept). For c-buyers nothing pairs with c (n_ij = 0).
  const baskets = new Map<string, Set<string>>()
  for (let k = 0; k < 6; k++) baskets.set(`ab${k}`, new Set(['a', 'b']))
  for (let k = 0; k < 4; k++) baskets.set(`a${k}`, new Set(['a']))
  for (let k = 0; k < 2; k++) baskets.set(`b${k}`, new Set(['b']))
  for (let k = 0; k < 8; k++) baskets.set(`c${k}`, new Set(['c']))
  const recs = recommendForGroup(baskets)

  it('recommends b to the buyers of a alone, with the hand figures', () => {
    const r = recs.find((x) => x.orgId === 'a0')!
    expect(r).toMatchObject({ productId: 'b', antecedentId: 'a', groupSize: 20, antecedentBuyers: 10, productBuyers: 8, pairBuyers: 6 })
    expect(r.confidence).toBeCloseTo(0.6, 12)
    expect(r.lift).toBeCloseTo(1.5, 12)
  })
  it('recommends a to b-only buyers: n_ba = 6 of n_b = 8, c = 0.75, lift = 0.75 / 0.5 = 1.5', () => {
    const r = recs.find((x) => x.orgId === 'b0')!
    expect(r.productId).toBe('a')
    expect(r.lift).toBeCloseTo(1.5, 12)
  })
  it('never recommends what a buyer has, nor pairs below 5 buyers', () => {
    expect(recs.some((x) => x.orgId.startsWith('ab'))).toBe(false)
    expect(recs.some((x) => x.orgId.startsWith('c'))).toBe(false)
    expect(recs).toHaveLength(6)
  })
  it('drops a pair with n_ij = 4 (below the minimum)', () => {
    const small = new Map<string, Set<string>>()
    for (let k = 0; k < 4; k++) small.set(`ab${k}`, new Set(['a', 'b']))
    for (let k = 0; k < 4; k++) small.set(`a${k}`, new Set(['a']))
    for (let k = 0; k < 8; k++) small.set(`c${k}`, new Set(['c']))
    expect(recommendForGroup(small)).toEqual([])
  })
})
