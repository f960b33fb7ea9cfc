import { describe, expect, it } from 'vitest'
import { discounted, judgePrompt } from './prompt-rules'

describe('judgePrompt', () => {
  it.each([
    { orderMonths: 9, abc: 'A', xyz: 'X', out: { qualifies: true, segment: 'AX', discountBp: 300 } },
    { orderMonths: 6, abc: 'A', xyz: 'Y', out: { qualifies: true, segment: 'AY', discountBp: 200 } },
    { orderMonths: 12, abc: 'B', xyz: 'X', out: { qualifies: true, segment: 'BX', discountBp: 200 } },
    { orderMonths: 7, abc: 'B', xyz: 'Y', out: { qualifies: true, segment: 'BY', discountBp: 100 } },
    { orderMonths: 5, abc: 'A', xyz: 'X', out: { qualifies: false, why: 'too_few_months' } },
    { orderMonths: 12, abc: 'C', xyz: 'X', out: { qualifies: false, why: 'class' } },
    { orderMonths: 12, abc: 'A', xyz: 'Z', out: { qualifies: false, why: 'class' } },
    { orderMonths: 12, abc: null, xyz: null, out: { qualifies: false, why: 'no_segment' } },
  ])('$orderMonths months, $abc$xyz', ({ orderMonths, abc, xyz, out }) => {
    expect(judgePrompt({ orderMonths, abc, xyz })).toEqual(out)
  })
})

describe('discounted', () => {
  it.each([
    [10000, 300, 9700],
    [12345, 200, 12098], // 12098.1 → 12098
    [15, 300, 15], // 14.55 → 15 (half up)
    [99, 100, 98], // 98.01
  ])('%i less %i bp = %i', (price, bp, out) => expect(discounted(price, bp)).toBe(out))
})
