import type { TierCriterion } from '../../../db/schema/prm'
import { translate, type Locale, type MessageKey } from '../../i18n'
import { formatDay, formatNumber } from '../../i18n/format'

// Tier rules, pure (issue 13 "Tiers", DESIGN.md §7): which tier a dealer's measures qualify for, each criterion with
// its value, threshold and whether it holds, what the next tier needs, and what an evaluation does to the tier a
// dealer holds (grace before a demotion, overrides). No database, no clock: the caller passes today.
//
// Effective dates (the day a change's price group applies), one decision in one place (`effectiveFromFor`):
// - a promotion, an override and a cleared grace take effect today (a dealer earns better prices at once), unless
//   the programme sets `effectiveLagDays` (then today + lag, for promotions too);
// - a demotion (after its grace period) takes effect on the first day of the next month, or today + lag if set.

export type CriterionKind = TierCriterion['kind']
export const criterionKinds = [
  'revenue_12m',
  'growth_12m',
  'certified_staff',
  'overdue_amount',
  'overdue_days',
  'order_count_12m',
  'active_months_12m',
] as const satisfies readonly CriterionKind[]

/** Kinds measured over delivered order lines: only these can be narrowed to categories. */
export const lineKinds: readonly CriterionKind[] = ['revenue_12m', 'growth_12m', 'order_count_12m', 'active_months_12m']
/** Kinds whose value is money (kopecks). */
export const moneyKinds: readonly CriterionKind[] = ['revenue_12m', 'overdue_amount']

export type RuleTier = { id: string; rank: number; code: string; criteria: TierCriterion[] }

/** Measures by measure key (`measureKey`): the kind, plus the categories it is narrowed to. */
export type Measures = Record<string, number>

/** The key one criterion's value is stored under: `revenue_12m`, or `revenue_12m@<sorted category ids>`. */
export function measureKey(c: Pick<TierCriterion, 'kind' | 'categoryIds'>): string {
  if (!c.categoryIds?.length || !lineKinds.includes(c.kind)) return c.kind
  return `${c.kind}@${[...new Set(c.categoryIds)].sort().join(',')}`
}

export type CriterionCheck = {
  criterion: TierCriterion
  value: number
  met: boolean
  /** What is missing (gte: threshold − value; lte: value − threshold), 0 when met. */
  gap: number
}

export function checkCriterion(criterion: TierCriterion, measures: Measures): CriterionCheck {
  const value = measures[measureKey(criterion)] ?? 0
  const met = criterion.op === 'gte' ? value >= criterion.threshold : value <= criterion.threshold
  const gap = met ? 0 : Math.abs(value - criterion.threshold)
  return { criterion, value, met, gap }
}

export type Qualification = {
  /** The highest-ranked tier whose criteria all hold (the lowest tier when none does). */
  qualified: RuleTier
  /** Each tier's criteria checked, by tier id. */
  checks: Record<string, CriterionCheck[]>
}

export function qualify(tiers: readonly RuleTier[], measures: Measures): Qualification {
  if (!tiers.length) throw new Error('a programme needs at least one tier')
  const byRank = [...tiers].sort((a, b) => a.rank - b.rank)
  const checks: Record<string, CriterionCheck[]> = {}
  let qualified = byRank[0]
  for (const tier of byRank) {
    checks[tier.id] = tier.criteria.map((c) => checkCriterion(c, measures))
    if (checks[tier.id].every((c) => c.met)) qualified = tier
  }
  return { qualified, checks }
}

/** The tier above `current` and what it still needs (its unmet criteria); null at the top. */
export function nextTierNeeds(tiers: readonly RuleTier[], current: RuleTier, measures: Measures) {
  const next = [...tiers].sort((a, b) => a.rank - b.rank).find((t) => t.rank > current.rank)
  if (!next) return null
  const checks = next.criteria.map((c) => checkCriterion(c, measures))
  return { tier: next, checks, gaps: checks.filter((c) => !c.met) }
}

// ── What an evaluation does to the tier held ─────────────────────────────────────────────────────────────────

export type MemberState = {
  tierId: string
  graceTierId: string | null
  graceUntil: string | null
  overrideTierId: string | null
  overrideUntil: string | null
}

export type ChangeReason = 'promoted' | 'grace_started' | 'grace_cleared' | 'demoted' | 'override' | 'override_lifted'

export type TierChange = { reason: ChangeReason; fromTierId: string; toTierId: string; effectiveFrom: string }

export type Decision = {
  /** The member's state after the evaluation. */
  state: MemberState
  /** The tier held after grace and overrides (programme_members.tier_id). */
  resultTierId: string
  /** What to record in the history, in order (an expired override, then the evaluation's own change). */
  changes: TierChange[]
}

/** A calendar day plus n months, clamped to the month's last day (2026-01-31 + 1 → 2026-02-28). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number)
  const index = y * 12 + (m - 1) + months
  const year = Math.floor(index / 12)
  const month = index % 12
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate()
  return iso(new Date(Date.UTC(year, month, Math.min(d, last))))
}

export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number)
  return iso(new Date(Date.UTC(y, m - 1, d + days)))
}

export function firstOfNextMonth(day: string): string {
  const [y, m] = day.split('-').map(Number)
  return iso(new Date(Date.UTC(y, m, 1)))
}

function iso(d: Date) {
  return d.toISOString().slice(0, 10)
}

/** The day a change's price group takes effect (see the header). */
export function effectiveFromFor(reason: ChangeReason, today: string, lagDays: number | null): string {
  if (reason === 'demoted') return lagDays !== null ? addDays(today, lagDays) : firstOfNextMonth(today)
  return lagDays !== null ? addDays(today, lagDays) : today
}

export function overrideActive(state: Pick<MemberState, 'overrideTierId' | 'overrideUntil'>, today: string) {
  return state.overrideTierId !== null && (state.overrideUntil === null || state.overrideUntil >= today)
}

/**
 * The evaluation's effect on a member. An active override holds its tier whatever the measures say (no grace runs
 * meanwhile). Otherwise: a higher qualification is a promotion at once; a lower one starts a grace period of
 * `graceMonths` (none: the demotion is at once); the demotion happens when an evaluation on or after `graceUntil`
 * still finds the dealer below its tier (to the tier it then qualifies for); qualifying again clears the grace.
 */
export function decide(input: {
  tiers: readonly RuleTier[]
  state: MemberState
  qualifiedTierId: string
  today: string
  graceMonths: number
  effectiveLagDays: number | null
}): Decision {
  const { tiers, today, graceMonths, effectiveLagDays: lag } = input
  const rank = (id: string) => tiers.find((t) => t.id === id)?.rank ?? 0
  const changes: TierChange[] = []
  const change = (reason: ChangeReason, fromTierId: string, toTierId: string) =>
    changes.push({ reason, fromTierId, toTierId, effectiveFrom: effectiveFromFor(reason, today, lag) })
  let state: MemberState = { ...input.state }

  if (state.overrideTierId !== null) {
    if (overrideActive(state, today)) return { state, resultTierId: state.overrideTierId, changes }
    state = { ...state, tierId: state.overrideTierId, overrideTierId: null, overrideUntil: null }
    change('override_lifted', state.tierId, state.tierId)
  }
  // A tier no longer in the programme counts as below every tier.
  const held = state.tierId
  const q = input.qualifiedTierId
  if (rank(q) > rank(held)) {
    change('promoted', held, q)
    state = { ...state, tierId: q, graceTierId: null, graceUntil: null }
  } else if (rank(q) === rank(held)) {
    if (state.graceUntil !== null) {
      change('grace_cleared', held, held)
      state = { ...state, graceTierId: null, graceUntil: null }
    }
  } else if (state.graceUntil === null) {
    if (graceMonths <= 0) {
      change('demoted', held, q)
      state = { ...state, tierId: q }
    } else {
      const until = addMonths(today, graceMonths)
      changes.push({ reason: 'grace_started', fromTierId: held, toTierId: held, effectiveFrom: today })
      state = { ...state, graceTierId: q, graceUntil: until }
    }
  } else if (today >= state.graceUntil) {
    change('demoted', held, q)
    state = { ...state, tierId: q, graceTierId: null, graceUntil: null }
  } else state = { ...state, graceTierId: q }
  return { state, resultTierId: state.tierId, changes }
}

const reasons = ['joined', 'promoted', 'grace_started', 'grace_cleared', 'demoted', 'override', 'override_lifted'] as const
/** The catalog key of a history row's reason; null for an unknown one (the page shows its code). */
export function reasonKey(reason: string): MessageKey | null {
  const known = reasons.find((r) => r === reason)
  return known ? `tier.reason.${known}` : null
}

// ── Explanations, as data and as text ────────────────────────────────────────────────────────────────────────

export type Explanation = { key: MessageKey; params: Record<string, string | number> }

/** One criterion as a sentence's data: "1,2 млн ₽ из 2 млн ₽ выручки за 12 месяцев". */
export function explainCriterion(check: Pick<CriterionCheck, 'criterion' | 'value'>): Explanation {
  const { criterion, value } = check
  const op = criterion.op === 'gte' ? 'min' : 'max'
  return {
    key: `tier.explain.${criterion.kind}.${op}`,
    params: { value, threshold: criterion.threshold, categories: criterion.categoryIds?.length ?? 0 },
  }
}

/** Money compactly, as a programme page says it: 120000000 kopecks → "1,2 млн ₽" / "1.2M ₽". */
export function compactMoney(locale: Locale, minor: number) {
  const roubles = minor / 100
  const text = formatNumber(locale, roubles, { notation: Math.abs(roubles) >= 10_000 ? 'compact' : 'standard', maximumFractionDigits: 1 })
  return `${text} ₽`
}

function measureText(locale: Locale, kind: CriterionKind, value: number) {
  if (moneyKinds.includes(kind)) return compactMoney(locale, value)
  if (kind === 'growth_12m') return `${formatNumber(locale, value / 100, { maximumFractionDigits: 1, signDisplay: 'exceptZero' })} %`
  return formatNumber(locale, value)
}

export function renderCriterion(locale: Locale, check: Pick<CriterionCheck, 'criterion' | 'value'>): string {
  const e = explainCriterion(check)
  const kind = check.criterion.kind
  const text = translate(locale, e.key, {
    value: measureText(locale, kind, check.value),
    threshold: measureText(locale, kind, check.criterion.threshold),
    count: check.criterion.threshold,
  })
  if (!check.criterion.categoryIds?.length || !lineKinds.includes(kind)) return text
  return `${text} ${translate(locale, 'tier.explain.inCategories', { count: check.criterion.categoryIds.length })}`
}

/** A tier's or a gap list's sentence: "1,2 млн ₽ из 2 млн ₽; 2 из 3 сертифицированных сотрудников". */
export function renderChecks(locale: Locale, checks: readonly Pick<CriterionCheck, 'criterion' | 'value'>[]): string {
  return checks.map((c) => renderCriterion(locale, c)).join('; ')
}

export function renderGraceWarning(locale: Locale, input: { graceUntil: string; tierName: string }) {
  return translate(locale, 'tier.grace.warning', { day: formatDay(locale, input.graceUntil), tier: input.tierName })
}

/** The share of a criterion done, 0..1, for a progress bar ("at most" criteria: 1 while within the limit). */
export function progressOf(check: CriterionCheck): number {
  const { value, criterion } = check
  if (criterion.op === 'lte') return check.met ? 1 : criterion.threshold <= 0 ? 0 : Math.max(0, Math.min(1, criterion.threshold / value))
  if (criterion.threshold <= 0) return check.met ? 1 : 0
  return Math.max(0, Math.min(1, value / criterion.threshold))
}

// ── Targets ──────────────────────────────────────────────────────────────────────────────────────────────────

/** Days between two calendar days, both included. */
export function daysInclusive(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1
}

/**
 * The linear forecast of a target: the value so far, divided by the days elapsed (today included), times the
 * period's days, as basis points of the target. Null before the period starts; after it ends, the actual share.
 */
export function targetForecast(input: { value: number; target: number; periodStart: string; periodEnd: string; today: string }) {
  const { value, target, periodStart, periodEnd, today } = input
  const periodDays = daysInclusive(periodStart, periodEnd)
  if (today < periodStart) return { progressBp: Math.round((value * 10_000) / target), forecastBp: null, elapsedDays: 0, periodDays }
  const elapsedDays = Math.min(periodDays, daysInclusive(periodStart, today))
  const projected = (value / elapsedDays) * periodDays
  return {
    progressBp: Math.round((value * 10_000) / target),
    forecastBp: Math.round((projected * 10_000) / target),
    elapsedDays,
    periodDays,
  }
}

/**
 * "At this pace" from the sales forecast (CRM forecasts, by month): the value so far plus the forecast for the rest
 * of the period: the current month's forecast pro rata for the days after today, then each whole month up to the
 * period's end. Before the period, the whole period; after it, null. A month the forecast does not cover counts
 * nothing, and `covered` < `needed` says so.
 */
export function forecastPace(input: { value: number; periodStart: string; periodEnd: string; today: string; byMonth: Record<string, number> }) {
  const { value, periodStart, periodEnd, today, byMonth } = input
  if (today > periodEnd) return null
  const before = today < periodStart
  const first = `${(before ? periodStart : today).slice(0, 7)}-01`
  const months: string[] = []
  for (let m = first; m <= periodEnd; m = firstOfNextMonth(m)) months.push(m)
  const monthDays = daysInclusive(first, addDays(firstOfNextMonth(first), -1))
  const leftDays = before ? monthDays : monthDays - Number(today.slice(8, 10))
  let rest = 0
  let covered = 0
  for (const m of months) {
    const v = byMonth[m]
    if (v === undefined) continue
    covered++
    rest += m === first ? (v * leftDays) / monthDays : v
  }
  return {
    total: value + Math.round(rest),
    rest: Math.round(rest),
    leftDays,
    monthDays,
    wholeMonths: months.length - 1,
    needed: months.length,
    covered,
  }
}
