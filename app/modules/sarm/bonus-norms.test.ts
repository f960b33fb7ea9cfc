import { describe, expect, it } from 'vitest'
import { normOverrides, resolveNorm } from './bonus-norms'

// A person's norm beats the shop's, which beats the programme's (issue 14 "one value, or per shop or per person").
describe('resolveNorm', () => {
  const overrides = normOverrides([
    { shopId: 'shop-a', userId: null, normUnits: 20 },
    { shopId: null, userId: 'anna', normUnits: 10 },
    { shopId: null, userId: 'zero', normUnits: 0 },
  ])
  it.each([
    { who: 'a person with her own norm, in a shop with one', userId: 'anna', shopId: 'shop-a', norm: 10, source: 'person' },
    { who: 'a person with her own norm, no shop', userId: 'anna', shopId: null, norm: 10, source: 'person' },
    { who: 'a norm of zero is a norm (every unit earns), not a missing one', userId: 'zero', shopId: 'shop-a', norm: 0, source: 'person' },
    { who: "a person without one, in a shop with one: the shop's", userId: 'boris', shopId: 'shop-a', norm: 20, source: 'shop' },
    { who: "a person in a shop without one: the programme's", userId: 'boris', shopId: 'shop-b', norm: 30, source: 'programme' },
    { who: "no shop known: the programme's", userId: 'boris', shopId: null, norm: 30, source: 'programme' },
  ])('$who', ({ userId, shopId, norm, source }) => {
    expect(resolveNorm(30, overrides, { userId, shopId })).toEqual({ norm, source })
  })
})
