import { describe, expect, it } from 'vitest'
import { renderExplanation } from '../incentives/explain'
import { computeRebate, explainRebate, nextPeriod, periodOf, progressToNext, validateSteps, yearEarlier, type RebateRule } from './rebate-rules'

// Unit tables for the rebate rules (issue 13): the highest step reached applies to the whole basis, growth rebates
// pay on growth only, per-unit rebates multiply, bad steps are refused field by field, and the explanation reads
// the same numbers in Russian and English.

const stepped: RebateRule = {
  kind: 'percent',
  growth: false,
  steps: [
    { from: 5_000_000_00, rateBp: 200 },
    { from: 10_000_000_00, rateBp: 300 },
  ],
}
const growth: RebateRule = { ...stepped, growth: true, steps: [{ from: 0, rateBp: 500 }] }
const perUnit: RebateRule = {
  kind: 'per_unit',
  growth: false,
  steps: [
    { from: 30, amountPerUnitMinor: 50_00 },
    { from: 100, amountPerUnitMinor: 70_00 },
  ],
}
const nbsp = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ')

describe('computeRebate', () => {
  it.each([
    ['below the first step', stepped, 4_999_999_99, undefined, 0, 0],
    ['exactly the first step', stepped, 5_000_000_00, undefined, 200, 100_000_00],
    ['between the steps: 2 % of the whole basis', stepped, 12_345_678_00 / 2, undefined, 200, 123_456_78],
    ['above the second step: 3 % of the whole basis, not 2 % of part of it', stepped, 12_000_000_00, undefined, 300, 360_000_00],
    ['growth: 5 % of the growth only', growth, 1_200_000_00, 1_000_000_00, 500, 10_000_00],
    ['growth: no growth pays nothing', growth, 900_000_00, 1_000_000_00, 0, 0],
    ['per unit: below the norm', perUnit, 29, undefined, 0, 0],
    ['per unit: 47 units × 50 ₽', perUnit, 47, undefined, 0, 2_350_00],
    ['per unit: 120 units × 70 ₽', perUnit, 120, undefined, 0, 8_400_00],
  ])('%s', (_name, rule, basis, previous, rateBp, amountMinor) => {
    const r = computeRebate(rule, { basis, previous })
    expect(r.amountMinor).toBe(amountMinor)
    if (rule.kind === 'percent') expect(r.rateBp).toBe(rateBp)
  })

  it('adds the tier bonus to the step rate and rounds half a kopeck away from zero', () => {
    expect(computeRebate(stepped, { basis: 5_000_000_00, bonusBp: 50 })).toMatchObject({ rateBp: 250, amountMinor: 125_000_00 })
    // 2 % of 1 234 525 kopecks is 24 690.5 kopecks → 24 691.
    expect(computeRebate({ ...stepped, steps: [{ from: 0, rateBp: 200 }] }, { basis: 1_234_525 }).amountMinor).toBe(24_691)
  })
})

describe('validateSteps', () => {
  it.each([
    ['valid steps', 'percent', stepped.steps, {}],
    ['no steps', 'percent', [], { steps: ['rebate.error.noSteps'] }],
    [
      'a duplicate threshold',
      'percent',
      [
        { from: 100, rateBp: 200 },
        { from: 100, rateBp: 300 },
      ],
      { 'steps[1].from': ['rebate.error.duplicateStep'] },
    ],
    [
      'overlapping (not increasing) thresholds',
      'percent',
      [
        { from: 500, rateBp: 200 },
        { from: 100, rateBp: 300 },
      ],
      { 'steps[1].from': ['rebate.error.overlappingStep'] },
    ],
    ['a negative threshold', 'percent', [{ from: -1, rateBp: 200 }], { 'steps[0].from': ['rebate.error.badFrom'] }],
    ['a rate of 0', 'percent', [{ from: 0, rateBp: 0 }], { 'steps[0].rate': ['rebate.error.badRate'] }],
    ['a rate above 50 %', 'percent', [{ from: 0, rateBp: 5001 }], { 'steps[0].rate': ['rebate.error.badRate'] }],
    ['a per-unit amount of 0', 'per_unit', [{ from: 0, amountPerUnitMinor: 0 }], { 'steps[0].rate': ['rebate.error.badPerUnit'] }],
    [
      'two kinds of rate in one programme',
      'percent',
      [{ from: 0, rateBp: 100, amountPerUnitMinor: 5 }],
      { 'steps[0].rate': ['rebate.error.mixedRates'] },
    ],
  ] as const)('%s', (_name, kind, steps, errors) => {
    expect(validateSteps(kind, steps)).toEqual(errors)
  })
})

describe('explainRebate in both languages', () => {
  const quarter = { start: '2026-07-01', end: '2026-09-30' }
  it('names the basis, the step and the amount', () => {
    const e = explainRebate(stepped, quarter, { basis: 12_345_678_00 / 2 })
    expect(nbsp(renderExplanation('ru', e))).toContain('6 172 839,00 ₽')
    expect(nbsp(renderExplanation('ru', e))).toContain('2 %')
    expect(nbsp(renderExplanation('ru', e))).toContain('123 456,78 ₽')
    expect(renderExplanation('en', e)).toContain('₽6,172,839.00')
    expect(renderExplanation('en', e)).toContain('2%')
    expect(renderExplanation('en', e)).toContain('₽123,456.78')
  })

  it('below the first step and per unit', () => {
    const below = explainRebate(stepped, quarter, { basis: 1_000_000_00 })
    expect(nbsp(renderExplanation('ru', below))).toContain('5 000 000,00 ₽')
    expect(renderExplanation('en', below)).toContain('₽5,000,000.00')
    const units = explainRebate(perUnit, quarter, { basis: 47 })
    expect(nbsp(renderExplanation('ru', units))).toContain('2 350,00 ₽')
    expect(renderExplanation('en', units)).toContain('₽2,350.00')
    expect(renderExplanation('en', units)).toContain('47')
  })

  it('growth names both years', () => {
    const e = explainRebate(growth, quarter, { basis: 1_200_000_00, previous: 1_000_000_00 })
    expect(nbsp(renderExplanation('ru', e))).toContain('200 000,00 ₽')
    expect(renderExplanation('en', e)).toContain('₽1,000,000.00')
  })
})

describe('progress and periods', () => {
  it('says how far the next step is', () => {
    expect(progressToNext(stepped, { basis: 4_200_000_00 })).toMatchObject({
      measured: 4_200_000_00,
      from: 5_000_000_00,
      left: 800_000_00,
      rateBp: 200,
    })
    expect(progressToNext(stepped, { basis: 11_000_000_00 })).toBeNull()
  })

  it.each([
    ['quarter', '2026-08-15', { start: '2026-07-01', end: '2026-09-30' }],
    ['quarter', '2026-12-31', { start: '2026-10-01', end: '2026-12-31' }],
    ['month', '2028-02-10', { start: '2028-02-01', end: '2028-02-29' }],
    ['year', '2026-05-05', { start: '2026-01-01', end: '2026-12-31' }],
  ] as const)('%s of %s', (kind, day, period) => {
    expect(periodOf(kind, day)).toEqual(period)
  })

  it('steps to the next period and a year back', () => {
    expect(nextPeriod('quarter', '2026-10-01')).toEqual({ start: '2027-01-01', end: '2027-03-31' })
    expect(yearEarlier({ start: '2028-02-01', end: '2028-02-29' })).toEqual({ start: '2027-02-01', end: '2027-02-28' })
  })
})
