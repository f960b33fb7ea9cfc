import { describe, expect, it } from 'vitest'
import { monthStarts } from './bonus-period'

describe('monthStarts', () => {
  it.each([
    ['2026-12-03', { thisMonth: '2026-12-01', lastMonth: '2026-11-01', monthEnd: '2026-12-31' }],
    ['2026-01-31', { thisMonth: '2026-01-01', lastMonth: '2025-12-01', monthEnd: '2026-01-31' }],
    ['2028-02-10', { thisMonth: '2028-02-01', lastMonth: '2028-01-01', monthEnd: '2028-02-29' }],
    ['2026-02-10', { thisMonth: '2026-02-01', lastMonth: '2026-01-01', monthEnd: '2026-02-28' }],
  ])('%s', (today, expected) => expect(monthStarts(today)).toEqual(expected))
})
