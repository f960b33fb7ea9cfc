import { describe, expect, it } from 'vitest'
import { dealerGroupName } from './dealer-groups'

// Issue 10, item 11: "dealer group: gold" showed the code; people read the group's name.
describe('dealer group names', () => {
  it.each([
    ['ru', 'gold', 'Золотая'],
    ['en', 'gold', 'Gold'],
    ['ru', 'Silver', 'Серебряная'],
    ['ru', 'vip-north', '«vip-north»'],
  ] as const)('%s %s → %s', (locale, code, name) => {
    expect(dealerGroupName(locale, code)).toBe(name)
  })
})
