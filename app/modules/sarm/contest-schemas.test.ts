import { describe, expect, it } from 'vitest'
import { defaultThresholds } from './contest-checks'
import { ContestSchema, toContest } from './contest-schemas'

// The desk's contest form as stored: prizes in roubles by place become kopecks, thresholds differ from the defaults
// or are left out, and every bad value is a field error on its own field.

const form = (over: Record<string, unknown> = {}) =>
  ContestSchema.parse({
    nameRu: 'Конкурс',
    nameEn: 'Contest',
    rulesRu: 'Правила',
    rulesEn: 'Rules',
    periodStart: '2026-06-01',
    periodEnd: '2026-06-30',
    metric: 'units',
    prizes: '10 000; 5000,50\n2500',
    minActiveSellers: '3',
    ...over,
  })

describe('toContest', () => {
  it('reads prizes by place in roubles, and keeps only thresholds that differ from the defaults', () => {
    const out = toContest(form({ thresholds: { r2Tail: '0,0001', r1Sigmas: String(defaultThresholds.r1Sigmas), r4Incrementality: '' } }))
    expect(out).toMatchObject({
      ok: true,
      value: {
        prizes: [
          { rank: 1, amountMinor: 10_000_00 },
          { rank: 2, amountMinor: 5_000_50 },
          { rank: 3, amountMinor: 2_500_00 },
        ],
        thresholds: { r2Tail: 0.0001 },
        improvement: false,
      },
    })
  })

  it.each([
    [{ periodEnd: '2026-05-31' }, 'periodEnd', 'sarm.contest.error.periodOrder'],
    [{ prizes: '100; zero' }, 'prizes', 'sarm.contest.error.badPrizes'],
    [{ prizes: '0' }, 'prizes', 'sarm.contest.error.badPrizes'],
    [{ prizes: Array.from({ length: 51 }, () => '1').join(';') }, 'prizes', 'sarm.contest.error.tooManyPrizes'],
    [{ thresholds: { r1TopShare: '1,5' } }, 'thresholds.r1TopShare', 'sarm.contest.error.badThreshold'],
    [{ thresholds: { r5Multiple: 'x' } }, 'thresholds.r5Multiple', 'sarm.contest.error.badThreshold'],
  ])('refuses %j on its field', (over, field, message) => {
    expect(toContest(form(over))).toEqual({ ok: false, fieldErrors: { [field]: [message] } })
  })

  it('refuses a minimum of sellers outside 1..100 at the schema', () => {
    expect(ContestSchema.safeParse({ ...form(), minActiveSellers: '0' }).success).toBe(false)
  })
})
