import { describe, expect, it } from 'vitest'
import { referenceKey } from './reference-key'

describe('referenceKey', () => {
  it.each([
    ['VK-1000', 'VK1000'],
    ['vk1000', 'VK1000'],
    ['vk 1000', 'VK1000'],
    ['VK\u20131000', 'VK1000'],
    ['bre.0204/a_b\\c', 'BRE0204ABC'],
    ['кб-12', 'КБ12'],
    ['4006381333931', '4006381333931'],
  ])('%s → %s', (ref, key) => {
    expect(referenceKey(ref)).toBe(key)
  })
})
