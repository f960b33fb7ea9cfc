import { describe, expect, it } from 'vitest'
import type { TierCriterion } from '../../../db/schema/prm'
import {
  addMonths,
  decide,
  effectiveFromFor,
  measureKey,
  nextTierNeeds,
  progressOf,
  qualify,
  renderChecks,
  renderCriterion,
  renderGraceWarning,
  targetForecast,
  forecastPace,
  type MemberState,
  type RuleTier,
} from './tier-rules'

const nbsp = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ')
const revenue = (threshold: number): TierCriterion => ({ kind: 'revenue_12m', op: 'gte', threshold })
const certified = (threshold: number): TierCriterion => ({ kind: 'certified_staff', op: 'gte', threshold })
const overdue = (threshold: number): TierCriterion => ({ kind: 'overdue_days', op: 'lte', threshold })

const partner: RuleTier = { id: 'p', rank: 1, code: 'partner', criteria: [] }
const silver: RuleTier = { id: 's', rank: 2, code: 'silver', criteria: [revenue(500_000_00), overdue(30)] }
const gold: RuleTier = { id: 'g', rank: 3, code: 'gold', criteria: [revenue(2_000_000_00), certified(3), overdue(0)] }
const tiers = [gold, partner, silver]

describe('the qualified tier is the highest whose criteria all hold', () => {
  it.each([
    ['nothing sold', {}, 'p'],
    ['silver revenue, no overdue', { revenue_12m: 600_000_00, overdue_days: 0 }, 's'],
    ['silver revenue, 45 days overdue', { revenue_12m: 600_000_00, overdue_days: 45 }, 'p'],
    ['gold revenue, 2 of 3 certified', { revenue_12m: 2_500_000_00, certified_staff: 2 }, 's'],
    ['gold everything', { revenue_12m: 2_000_000_00, certified_staff: 3, overdue_days: 0 }, 'g'],
    ['gold except 1 day overdue', { revenue_12m: 3_000_000_00, certified_staff: 5, overdue_days: 1 }, 's'],
  ])('%s → %s', (_name, measures, tier) => expect(qualify(tiers, measures).qualified.id).toBe(tier))

  it('takes the lowest tier when even the entry tier has criteria that fail', () => {
    const strict = [{ ...partner, criteria: [revenue(1)] }, silver]
    expect(qualify(strict, {}).qualified.id).toBe('p')
  })

  it('reports each criterion with its value, threshold, whether it holds and the gap', () => {
    const { checks } = qualify(tiers, { revenue_12m: 1_200_000_00, certified_staff: 2, overdue_days: 0 })
    expect(checks.g.map((c) => [c.criterion.kind, c.value, c.met, c.gap])).toEqual([
      ['revenue_12m', 1_200_000_00, false, 800_000_00],
      ['certified_staff', 2, false, 1],
      ['overdue_days', 0, true, 0],
    ])
  })

  it('keeps a category-narrowed measure apart from the whole revenue', () => {
    const narrowed: TierCriterion = { kind: 'revenue_12m', op: 'gte', threshold: 100, categoryIds: ['b', 'a', 'a'] }
    expect(measureKey(narrowed)).toBe('revenue_12m@a,b')
    expect(measureKey({ kind: 'certified_staff', categoryIds: ['a'] })).toBe('certified_staff')
    const t = [partner, { ...silver, criteria: [narrowed] }]
    expect(qualify(t, { revenue_12m: 1000, 'revenue_12m@a,b': 99 }).qualified.id).toBe('p')
    expect(qualify(t, { revenue_12m: 0, 'revenue_12m@a,b': 100 }).qualified.id).toBe('s')
  })
})

describe('what the next tier needs', () => {
  it('lists the unmet criteria of the tier above', () => {
    const next = nextTierNeeds(tiers, silver, { revenue_12m: 1_200_000_00, certified_staff: 2, overdue_days: 0 })
    expect(next?.tier.id).toBe('g')
    expect(next?.gaps.map((g) => g.criterion.kind)).toEqual(['revenue_12m', 'certified_staff'])
  })
  it('is nothing at the top', () => expect(nextTierNeeds(tiers, gold, {})).toBeNull())
})

const held = (tierId: string, more: Partial<MemberState> = {}): MemberState => ({
  tierId,
  graceTierId: null,
  graceUntil: null,
  overrideTierId: null,
  overrideUntil: null,
  ...more,
})
const run = (state: MemberState, qualifiedTierId: string, today = '2026-03-15', graceMonths = 3, lag: number | null = null) =>
  decide({ tiers, state, qualifiedTierId, today, graceMonths, effectiveLagDays: lag })

describe('grace, demotion, promotion and overrides', () => {
  it.each([
    ['same tier: nothing happens', held('s'), 's', 's', [], null],
    ['promotion is at once', held('s'), 'g', 'g', [['promoted', 's', 'g', '2026-03-15']], null],
    ['two ranks up at once', held('p'), 'g', 'g', [['promoted', 'p', 'g', '2026-03-15']], null],
    ['lower qualification starts grace', held('g'), 's', 'g', [['grace_started', 'g', 'g', '2026-03-15']], '2026-06-15'],
    ['in grace, still lower: kept', held('g', { graceTierId: 's', graceUntil: '2026-06-15' }), 's', 'g', [], '2026-06-15'],
    [
      'in grace, qualifies again: cleared',
      held('g', { graceTierId: 's', graceUntil: '2026-06-15' }),
      'g',
      'g',
      [['grace_cleared', 'g', 'g', '2026-03-15']],
      null,
    ],
    [
      'in grace, promoted above: grace gone',
      held('s', { graceTierId: 'p', graceUntil: '2026-06-15' }),
      'g',
      'g',
      [['promoted', 's', 'g', '2026-03-15']],
      null,
    ],
  ])('%s', (_name, state, q, result, changes, graceUntil) => {
    const d = run(state, q)
    expect(d.resultTierId).toBe(result)
    expect(d.changes.map((c) => [c.reason, c.fromTierId, c.toTierId, c.effectiveFrom])).toEqual(changes)
    expect(d.state.graceUntil).toBe(graceUntil)
  })

  it('demotes when the grace ends and it still does not qualify, from the first of the next month', () => {
    const d = run(held('g', { graceTierId: 's', graceUntil: '2026-06-15' }), 'p', '2026-06-15')
    expect(d.resultTierId).toBe('p')
    expect(d.changes).toEqual([{ reason: 'demoted', fromTierId: 'g', toTierId: 'p', effectiveFrom: '2026-07-01' }])
    expect(d.state).toMatchObject({ tierId: 'p', graceTierId: null, graceUntil: null })
  })

  it('demotes at once without a grace period', () => {
    expect(run(held('g'), 's', '2026-03-15', 0).changes).toEqual([{ reason: 'demoted', fromTierId: 'g', toTierId: 's', effectiveFrom: '2026-04-01' }])
  })

  it('an override holds its tier whatever the measures, until its day', () => {
    const state = held('s', { overrideTierId: 'g', overrideUntil: '2026-03-31' })
    expect(run(state, 'p', '2026-03-31')).toMatchObject({ resultTierId: 'g', changes: [] })
    const lifted = run(state, 'p', '2026-04-01')
    expect(lifted.changes.map((c) => c.reason)).toEqual(['override_lifted', 'grace_started'])
    expect(lifted.resultTierId).toBe('g')
    expect(lifted.state).toMatchObject({ overrideTierId: null, graceTierId: 'p', graceUntil: '2026-07-01' })
  })

  it('an override without a day holds until lifted', () => {
    expect(run(held('p', { overrideTierId: 'g' }), 'p', '2030-01-01').resultTierId).toBe('g')
  })

  it('a lag delays promotions and demotions alike', () => {
    expect(effectiveFromFor('promoted', '2026-03-30', 5)).toBe('2026-04-04')
    expect(effectiveFromFor('demoted', '2026-03-30', 5)).toBe('2026-04-04')
    expect(effectiveFromFor('demoted', '2026-12-10', null)).toBe('2027-01-01')
  })

  it.each([
    ['2026-01-31', 1, '2026-02-28'],
    ['2026-11-30', 3, '2027-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2026-03-15', 12, '2027-03-15'],
  ])('%s + %i months = %s', (day, n, out) => expect(addMonths(day, n)).toBe(out))
})

describe('explanations in both languages', () => {
  const checks = qualify(tiers, { revenue_12m: 1_200_000_00, certified_staff: 2, overdue_days: 12 }).checks.g
  it.each([
    ['ru', '1,2 млн ₽ из 2 млн ₽ выручки за 12 месяцев; 2 из 3 сертифицированных сотрудников; просрочка 12 дн., допустимо не более 0 дн.'],
    ['en', '1.2m ₽ of 2m ₽ revenue over 12 months; 2 of 3 certified staff; 12 days overdue, at most 0 allowed'],
  ] as const)('%s', (locale, text) => expect(nbsp(renderChecks(locale, checks))).toBe(text))

  it.each([
    ['ru', { kind: 'certified_staff', op: 'gte', threshold: 1 }, 0, '0 из 1 сертифицированного сотрудника'],
    ['ru', { kind: 'growth_12m', op: 'gte', threshold: 1000 }, 250, 'рост к прошлым 12 месяцам +2,5 %, нужно не менее +10 %'],
    ['en', { kind: 'growth_12m', op: 'gte', threshold: 1000 }, -1250, 'growth on the previous 12 months -12.5 %, needs at least +10 %'],
    ['ru', { kind: 'overdue_amount', op: 'lte', threshold: 0 }, 15_000_00, 'просрочено 15 тыс. ₽, допустимо не более 0 ₽'],
    ['en', { kind: 'order_count_12m', op: 'gte', threshold: 12, categoryIds: ['x', 'y'] }, 7, '7 of 12 orders over 12 months (in 2 categories)'],
    ['ru', { kind: 'active_months_12m', op: 'gte', threshold: 10 }, 9, '9 из 10 месяцев с заказами'],
  ] as const)('%s: %j at %i', (locale, criterion, value, text) =>
    expect(nbsp(renderCriterion(locale, { criterion: criterion as TierCriterion, value }))).toBe(text),
  )

  it('warns of the grace period with its date', () => {
    expect(nbsp(renderGraceWarning('ru', { graceUntil: '2026-06-15', tierName: 'Серебро' }))).toContain('15 июн. 2026 г.')
    expect(renderGraceWarning('en', { graceUntil: '2026-06-15', tierName: 'Silver' })).toContain('15 Jun 2026')
  })

  it('fills a progress bar, and an "at most" criterion only while within the limit', () => {
    expect(progressOf({ criterion: revenue(200), value: 50, met: false, gap: 150 })).toBe(0.25)
    expect(progressOf({ criterion: overdue(30), value: 10, met: true, gap: 0 })).toBe(1)
    expect(progressOf({ criterion: overdue(30), value: 60, met: false, gap: 30 })).toBe(0.5)
  })
})

describe('target forecast at a linear pace', () => {
  it('projects the value so far over the whole period', () => {
    // 43 of 90 days (Q1 2026 until 12 Feb), 400 000 ₽ of a 1 000 000 ₽ target: 400000 / 43 × 90 = 837 209 → 84 %.
    const f = targetForecast({ value: 400_000_00, target: 1_000_000_00, periodStart: '2026-01-01', periodEnd: '2026-03-31', today: '2026-02-12' })
    expect(f).toEqual({ progressBp: 4000, forecastBp: 8372, elapsedDays: 43, periodDays: 90 })
  })
  it('says nothing before the period and the actual share after it', () => {
    expect(targetForecast({ value: 0, target: 10, periodStart: '2026-04-01', periodEnd: '2026-06-30', today: '2026-03-01' }).forecastBp).toBeNull()
    expect(targetForecast({ value: 5, target: 10, periodStart: '2026-01-01', periodEnd: '2026-03-31', today: '2026-05-01' }).forecastBp).toBe(5000)
  })
})

describe('target pace from the sales forecast', () => {
  const byMonth = { '2026-02-01': 280_00, '2026-03-01': 500_00, '2026-04-01': 900_00 }
  it('adds the rest of this month pro rata and the whole months left', () => {
    // 12 Feb: 16 of 28 days left → 280 × 16 / 28 = 160; then March 500: 1000 so far + 660.
    expect(forecastPace({ value: 1000_00, periodStart: '2026-01-01', periodEnd: '2026-03-31', today: '2026-02-12', byMonth })).toEqual({
      total: 1660_00,
      rest: 660_00,
      leftDays: 16,
      monthDays: 28,
      wholeMonths: 1,
      needed: 2,
      covered: 2,
    })
  })
  it('takes the whole period before it starts, says what it does not cover, nothing after it', () => {
    expect(forecastPace({ value: 0, periodStart: '2026-04-01', periodEnd: '2026-06-30', today: '2026-03-20', byMonth })).toMatchObject({
      total: 900_00,
      needed: 3,
      covered: 1,
    })
    expect(forecastPace({ value: 5, periodStart: '2026-01-01', periodEnd: '2026-03-31', today: '2026-04-01', byMonth })).toBeNull()
  })
})
