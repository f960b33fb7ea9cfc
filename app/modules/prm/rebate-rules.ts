import type { LedgerExplanation } from '../../../db/schema/incentives'
import type { RebateStep } from '../../../db/schema/prm'

// The rules of a rebate, as pure functions (issue 13 "Rebates"): the database computes the same thing for every
// dealer at once (rebates.server.ts); these are the reference the unit tables check, the desk's validation and the
// dealer's "4,2 млн ₽ of 5 млн ₽ to 2 %" progress.
//
// The choice for stepped rebates: the rate of the HIGHEST step reached applies to the WHOLE basis ("2 % above 5 M ₽
// a quarter, 3 % above 10 M ₽": 12 M ₽ delivered pays 3 % of 12 M ₽, not 2 % of 5..10 M plus 3 % of the rest). It is
// what dealers are told and what they can check in their head; below the first step nothing is paid.
// A growth rebate measures growth (this period's basis minus the same period a year earlier, never below zero):
// the steps are thresholds of growth, and the rate applies to the growth.

export type RebateKind = 'percent' | 'per_unit'
export type PeriodKind = 'month' | 'quarter' | 'year'

export interface RebateRule {
  kind: RebateKind
  growth: boolean
  steps: RebateStep[]
}

/** Rates are bounded: 0.01 % .. 50 % of the basis, 1 kopeck .. 1 M ₽ per unit; at most 10 steps. */
export const MAX_RATE_BP = 5000
export const MAX_PER_UNIT_MINOR = 100_000_000
export const MAX_STEPS = 10
const MAX_FROM = 1e15

/** Steps ordered by threshold. */
export const sortedSteps = (steps: readonly RebateStep[]) => [...steps].sort((a, b) => a.from - b.from)

/** The highest step whose threshold the basis reaches, or null below the first one. */
export function stepReached(steps: readonly RebateStep[], basis: number): RebateStep | null {
  let reached: RebateStep | null = null
  for (const s of sortedSteps(steps)) if (basis >= s.from) reached = s
  return reached
}

/** The next step above the one reached (what the dealer works towards), or null at the top. */
export function nextStep(steps: readonly RebateStep[], basis: number): RebateStep | null {
  return sortedSteps(steps).find((s) => s.from > basis) ?? null
}

export interface RebateResult {
  /** What the steps are measured on: the basis, or its growth for a growth rebate. */
  measured: number
  step: RebateStep | null
  /** Basis points applied (the step's rate plus a tier's bonus), for a percent rebate. */
  rateBp: number
  amountMinor: number
}

/** Half away from zero, as PostgreSQL's round(numeric) does: the database and this give the same kopeck. */
export const roundHalfAway = (x: number) => Math.sign(x) * Math.round(Math.abs(x))

/**
 * The rebate of one dealer for one period. `basis`: kopecks of net delivered value (percent) or units (per unit);
 * `previous`: the same measure a year earlier (growth rebates); `bonusBp`: the tier's extra rate.
 */
export function computeRebate(rule: RebateRule, input: { basis: number; previous?: number; bonusBp?: number }): RebateResult {
  const measured = rule.growth ? Math.max(0, input.basis - (input.previous ?? 0)) : input.basis
  const step = measured > 0 ? stepReached(rule.steps, measured) : null
  if (!step) return { measured, step: null, rateBp: 0, amountMinor: 0 }
  if (rule.kind === 'per_unit') return { measured, step, rateBp: 0, amountMinor: measured * (step.amountPerUnitMinor ?? 0) }
  const rateBp = (step.rateBp ?? 0) + (input.bonusBp ?? 0)
  return { measured, step, rateBp, amountMinor: roundHalfAway((measured * rateBp) / 10_000) }
}

export type StepErrors = Record<string, string[]>

/**
 * Field errors of a list of steps, keyed as the form names its fields (`steps[1].from`): thresholds whole,
 * non-negative and strictly increasing (a duplicate or an overlap — a step not above the one before — is refused),
 * rates within bounds. Empty when the steps are valid.
 */
export function validateSteps(kind: RebateKind, steps: readonly RebateStep[]): StepErrors {
  const errors: StepErrors = {}
  const add = (key: string, message: string) => (errors[key] ??= []).push(message)
  if (!steps.length) add('steps', 'rebate.error.noSteps')
  if (steps.length > MAX_STEPS) add('steps', 'rebate.error.tooManySteps')
  steps.forEach((s, i) => {
    if (!Number.isInteger(s.from) || s.from < 0 || s.from > MAX_FROM) add(`steps[${i}].from`, 'rebate.error.badFrom')
    else if (i > 0 && Number.isFinite(steps[i - 1].from)) {
      if (s.from === steps[i - 1].from) add(`steps[${i}].from`, 'rebate.error.duplicateStep')
      else if (s.from < steps[i - 1].from) add(`steps[${i}].from`, 'rebate.error.overlappingStep')
    }
    // One kind of rate per programme: a percent programme's steps carry no per-unit amount, and the other way round.
    if ((kind === 'percent' && s.amountPerUnitMinor != null) || (kind === 'per_unit' && s.rateBp != null))
      add(`steps[${i}].rate`, 'rebate.error.mixedRates')
    else if (kind === 'percent') {
      if (!Number.isInteger(s.rateBp) || (s.rateBp ?? 0) < 1 || (s.rateBp ?? 0) > MAX_RATE_BP) add(`steps[${i}].rate`, 'rebate.error.badRate')
    } else if (!Number.isInteger(s.amountPerUnitMinor) || (s.amountPerUnitMinor ?? 0) < 1 || (s.amountPerUnitMinor ?? 0) > MAX_PER_UNIT_MINOR)
      add(`steps[${i}].rate`, 'rebate.error.badPerUnit')
  })
  return errors
}

// ── Explanations and progress ─────────────────────────────────────────────────────────────────────────────────

/**
 * The explanation of a dealer's rebate for a period, as data (a catalog key and its values) for the ledger line:
 * what was measured, the step reached and the rate, in the reader's language at render time.
 */
export function explainRebate(
  rule: RebateRule,
  period: { start: string; end: string },
  input: { basis: number; previous?: number; bonusBp?: number },
): LedgerExplanation {
  const result = computeRebate(rule, input)
  const money = rule.kind === 'percent'
  const base = { periodStartOn: period.start, periodEndOn: period.end, amountMinor: result.amountMinor }
  const measuredParam: Record<string, number> = money ? { basisMinor: input.basis } : { basisUnits: input.basis }
  const inputs = {
    kind: rule.kind,
    growth: rule.growth,
    steps: rule.steps,
    basis: input.basis,
    previous: input.previous ?? null,
    bonusBp: input.bonusBp ?? 0,
  }
  if (!result.step) {
    const first = sortedSteps(rule.steps)[0]
    const firstParam: Record<string, number> = money ? { fromMinor: first?.from ?? 0 } : { fromUnits: first?.from ?? 0 }
    if (rule.growth)
      return {
        key: 'ledger.explain.rebateNoGrowth',
        params: { ...base, ...measuredParam, [money ? 'previousMinor' : 'previousUnits']: input.previous ?? 0 },
        inputs,
      }
    return {
      key: money ? 'ledger.explain.rebateBelow' : 'ledger.explain.rebateBelowUnits',
      params: { ...base, ...measuredParam, ...firstParam },
      inputs,
    }
  }
  if (!money)
    return {
      key: rule.growth ? 'ledger.explain.rebatePerUnitGrowth' : 'ledger.explain.rebatePerUnit',
      params: {
        ...base,
        measuredUnits: result.measured,
        basisUnits: input.basis,
        previousUnits: input.previous ?? 0,
        fromUnits: result.step.from,
        perUnitMinor: result.step.amountPerUnitMinor ?? 0,
      },
      inputs,
    }
  const rate = { rateBp: result.rateBp, stepBp: result.step.rateBp ?? 0, bonusBp: input.bonusBp ?? 0, fromMinor: result.step.from }
  if (rule.growth)
    return {
      key: 'ledger.explain.rebateGrowth',
      params: { ...base, ...rate, measuredMinor: result.measured, basisMinor: input.basis, previousMinor: input.previous ?? 0 },
      inputs,
    }
  return {
    key: input.bonusBp ? 'ledger.explain.rebateStepBonus' : 'ledger.explain.rebateStep',
    params: { ...base, ...rate, basisMinor: input.basis },
    inputs,
  }
}

/**
 * How far a dealer is from the next step ("4,2 млн ₽ из 5 млн ₽ до 2 %"): what is measured so far, the next
 * threshold and its rate, and what is left; null at the top step.
 */
export function progressToNext(rule: RebateRule, input: { basis: number; previous?: number }) {
  const measured = rule.growth ? Math.max(0, input.basis - (input.previous ?? 0)) : input.basis
  const next = nextStep(rule.steps, measured)
  if (!next) return null
  return {
    measured,
    from: next.from,
    left: next.from - measured,
    rateBp: next.rateBp ?? null,
    perUnitMinor: next.amountPerUnitMinor ?? null,
    share: next.from ? measured / next.from : 1,
  }
}

// ── Periods ───────────────────────────────────────────────────────────────────────────────────────────────────
const pad = (n: number) => String(n).padStart(2, '0')
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate()

/** The period of a kind that contains a day: { start, end } as YYYY-MM-DD, both inclusive. */
export function periodOf(kind: PeriodKind, day: string): { start: string; end: string } {
  const y = Number(day.slice(0, 4))
  const m = Number(day.slice(5, 7))
  const [from, to] = kind === 'month' ? [m, m] : kind === 'quarter' ? [Math.floor((m - 1) / 3) * 3 + 1, Math.floor((m - 1) / 3) * 3 + 3] : [1, 12]
  return { start: `${y}-${pad(from)}-01`, end: `${y}-${pad(to)}-${pad(lastDay(y, to))}` }
}

/** The period after the one starting on `start`. */
export function nextPeriod(kind: PeriodKind, start: string) {
  const y = Number(start.slice(0, 4))
  const m = Number(start.slice(5, 7)) + (kind === 'month' ? 1 : kind === 'quarter' ? 3 : 12)
  const day = m > 12 ? `${y + Math.floor((m - 1) / 12)}-${pad(((m - 1) % 12) + 1)}-01` : `${y}-${pad(m)}-01`
  return periodOf(kind, day)
}

/** The same period a year earlier (growth rebates compare with it). */
export function yearEarlier(period: { start: string; end: string }) {
  const back = (d: string) => {
    const y = Number(d.slice(0, 4)) - 1
    const m = Number(d.slice(5, 7))
    return `${y}-${pad(m)}-${pad(Math.min(Number(d.slice(8, 10)), lastDay(y, m)))}`
  }
  return { start: back(period.start), end: back(period.end) }
}

/** The label of a period: "2026-Q3", "2026-07", "2026". */
export function periodLabel(kind: PeriodKind, start: string) {
  if (kind === 'year') return start.slice(0, 4)
  if (kind === 'month') return start.slice(0, 7)
  return `${start.slice(0, 4)}-Q${Math.floor((Number(start.slice(5, 7)) - 1) / 3) + 1}`
}
