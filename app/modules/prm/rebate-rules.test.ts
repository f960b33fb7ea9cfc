import { describe, expect, it } from 'vitest'
import { renderExplanation } from '../incentives/explain'
import {
  computeRebate,
  explainRebate,
  nextPeriod,
  periodLabel,
  periodOf,
  progressToNext,
  validateSteps,
  yearEarlier,
  type RebateRule,
} from './rebate-rules'

const stepped: RebateRule = {
  kind: 'percent',
  growth: false,
  steps: [
    { from: 5_000_000_00, rateBp: 200 },
    { from: 10_000_000_00, rateBp: 300 },
  ],
}

describe('computeRebate', () => {
  it.each([
    // basis, rate, amount: the highest step reached applies to the whole basis
    [4_999_999_99, 0, 0],
    [5_000_000_00, 200, 100_000_00],
    [9_999_999_99, 200, 200_000_00], // 199 999,9998 ₽ rounds to the kopeck
    [10_000_000_00, 300, 300_000_00],
    [12_000_000_00, 300, 360_000_00],
    [0, 0, 0],
  ])('stepped percent on %i kopecks: %i bp, %i kopecks', (basis, rateBp, amount) => {
    const r = computeRebate(stepped, { basis })
    expect(r.rateBp).toBe(rateBp)
    expect(r.amountMinor).toBe(amount)
  })

  it('adds a tier bonus to the step rate, rounding half away from zero to the kopeck', () => {
    expect(computeRebate(stepped, { basis: 5_000_000_00, bonusBp: 50 })).toMatchObject({ rateBp: 250, amountMinor: 125_000_00 })
    expect(computeRebate({ kind: 'percent', growth: false, steps: [{ from: 0, rateBp: 1 }] }, { basis: 50 }).amountMinor).toBe(0)
    expect(computeRebate({ kind: 'percent', growth: false, steps: [{ from: 0, rateBp: 1 }] }, { basis: 5_000 }).amountMinor).toBe(1)
  })

  it.each([
    [30, 10, 20, 0], // 20 units of growth: below the first step (25)
    [50, 20, 30, 30 * 10_00],
    [100, 20, 80, 80 * 25_00],
    [10, 20, 0, 0], // no growth
  ])('per-unit growth: %i units against %i a year before → %i measured, %i kopecks', (basis, previous, measured, amount) => {
    const rule: RebateRule = {
      kind: 'per_unit',
      growth: true,
      steps: [
        { from: 25, amountPerUnitMinor: 10_00 },
        { from: 50, amountPerUnitMinor: 25_00 },
      ],
    }
    const r = computeRebate(rule, { basis, previous })
    expect(r.measured).toBe(measured)
    expect(r.amountMinor).toBe(amount)
  })
})

describe('validateSteps', () => {
  it.each([
    [
      'valid',
      [
        { from: 0, rateBp: 100 },
        { from: 10, rateBp: 200 },
      ],
      {},
    ],
    [
      'duplicate',
      [
        { from: 10, rateBp: 100 },
        { from: 10, rateBp: 200 },
      ],
      { 'steps[1].from': ['rebate.error.duplicateStep'] },
    ],
    [
      'overlapping',
      [
        { from: 20, rateBp: 100 },
        { from: 10, rateBp: 200 },
      ],
      { 'steps[1].from': ['rebate.error.overlappingStep'] },
    ],
    ['zero rate', [{ from: 0, rateBp: 0 }], { 'steps[0].rate': ['rebate.error.badRate'] }],
    ['rate above 50 %', [{ from: 0, rateBp: 5001 }], { 'steps[0].rate': ['rebate.error.badRate'] }],
    ['rate at 50 %', [{ from: 0, rateBp: 5000 }], {}],
    ['negative threshold', [{ from: -1, rateBp: 100 }], { 'steps[0].from': ['rebate.error.badFrom'] }],
    ['a per-unit amount in a percent programme', [{ from: 0, amountPerUnitMinor: 100 }], { 'steps[0].rate': ['rebate.error.mixedRates'] }],
    ['none', [], { steps: ['rebate.error.noSteps'] }],
  ])('%s', (_name, steps, errors) => {
    expect(validateSteps('percent', steps)).toEqual(errors)
  })

  it('per unit: amounts above zero, no percent rates', () => {
    expect(validateSteps('per_unit', [{ from: 1, amountPerUnitMinor: 0 }])).toEqual({ 'steps[0].rate': ['rebate.error.badPerUnit'] })
    expect(validateSteps('per_unit', [{ from: 1, rateBp: 100 }])).toEqual({ 'steps[0].rate': ['rebate.error.mixedRates'] })
  })
})

describe('explanations and progress', () => {
  it('explains the step reached in both languages', () => {
    const e = explainRebate(stepped, { start: '2026-07-01', end: '2026-09-30' }, { basis: 6_000_000_00 })
    expect(e.key).toBe('ledger.explain.rebateStep')
    expect(e.params).toMatchObject({ rateBp: 200, basisMinor: 6_000_000_00, amountMinor: 120_000_00, fromMinor: 5_000_000_00 })
    expect(renderExplanation('en', e)).toMatch(/^Rebate of 2% on ₽6,000,000\.00 delivered/)
    expect(renderExplanation('ru', e)).toContain('Ретро-бонус 2')
  })

  it('says how far the next step is ("4,2 млн ₽ из 5 млн ₽ до 2 %"), and nothing at the top', () => {
    expect(progressToNext(stepped, { basis: 4_200_000_00 })).toMatchObject({
      measured: 4_200_000_00,
      from: 5_000_000_00,
      left: 800_000_00,
      rateBp: 200,
    })
    expect(progressToNext(stepped, { basis: 10_000_000_00 })).toBeNull()
  })
})

describe('periods', () => {
  it.each([
    ['quarter', '2026-08-15', '2026-07-01', '2026-09-30', '2026-Q3'],
    ['month', '2028-02-10', '2028-02-01', '2028-02-29', '2028-02'],
    ['year', '2026-12-31', '2026-01-01', '2026-12-31', '2026'],
  ] as const)('%s of %s', (kind, day, start, end, label) => {
    expect(periodOf(kind, day)).toEqual({ start, end })
    expect(periodLabel(kind, start)).toBe(label)
  })
  it('steps to the next period and back a year', () => {
    expect(nextPeriod('quarter', '2026-10-01')).toEqual({ start: '2027-01-01', end: '2027-03-31' })
    expect(yearEarlier({ start: '2028-02-01', end: '2028-02-29' })).toEqual({ start: '2027-02-01', end: '2027-02-28' })
  })
})
