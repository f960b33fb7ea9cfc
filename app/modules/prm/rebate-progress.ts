import type { RebateStep } from '../../../db/schema/prm'
import type { progressToNext, RebateRule } from './rebate-rules'

// What a dealer reads about a rebate it is earning (DESIGN §7, "Explain every number a partner sees"): each number on
// the progress card is a catalog key with its values, typed by name as ledger explanations are (`…Minor` money,
// `…On` a day, `…Bp` a rate, `…Key` another key, a `…Ru`/`…En` pair a name in the reader's language), so it renders
// through renderExplanation in either language. Pure: the values come from ownRebateProgress (rebates.server.ts).

export interface RebateProgress {
  programmeId: string
  periodId: string
  nameRu: string
  nameEn: string
  periodKind: 'month' | 'quarter' | 'year'
  periodStart: string
  periodEnd: string
  rule: RebateRule
  /** Only the programme's categories count. */
  byCategory: boolean
  /** Net delivered so far in the period (kopecks, or units for a per-unit rebate), and a year earlier (growth). */
  basis: number
  previous: number
  /** What the steps are measured on: the basis, or its growth. */
  measured: number
  /** The period's months (YYYY-MM) with what was delivered in each, for the chart. */
  months: { month: string; basis: number }[]
  eligible: boolean
  minTier: { rank: number; nameRu: string | null; nameEn: string | null } | null
  tier: { nameRu: string; nameEn: string } | null
  bonusBp: number
  /** The step reached and the rate applied (the step's plus the tier's), the rebate at today's deliveries. */
  step: RebateStep | null
  rateBp: number
  amountMinor: number
  next: ReturnType<typeof progressToNext>
  /** What the ledger holds for the period (lines not reversed), and the day of the last accrual. */
  accruedMinor: number
  lastAccruedOn: string | null
}

export type ProgressLine = { key: string; params: Record<string, string | number> }

const periodKeys = { month: 'rebateProgress.period.month', quarter: 'rebateProgress.period.quarter', year: 'rebateProgress.period.year' }

/** The headline ("4,2 млн ₽ из 5 млн ₽ в этом квартале: ещё 0,8 млн ₽ — и 2 % вместо 1 %") and the lines behind it. */
export function describeRebateProgress(p: RebateProgress): { headline: ProgressLine; lines: ProgressLine[] } {
  const money = p.rule.kind === 'percent'
  const period = { periodStartOn: p.periodStart, periodEndOn: p.periodEnd }
  const tierName = p.tier ? { tierRu: p.tier.nameRu, tierEn: p.tier.nameEn } : null
  const lines: ProgressLine[] = []

  // What is measured so far.
  if (p.rule.growth)
    lines.push(
      money
        ? { key: 'rebateProgress.growth', params: { ...period, basisMinor: p.basis, previousMinor: p.previous, measuredMinor: p.measured } }
        : { key: 'rebateProgress.growthUnits', params: { ...period, basisUnits: p.basis, previousUnits: p.previous, measuredUnits: p.measured } },
    )
  else
    lines.push(
      money
        ? { key: 'rebateProgress.basis', params: { ...period, basisMinor: p.basis } }
        : { key: 'rebateProgress.basisUnits', params: { ...period, basisUnits: p.basis } },
    )
  if (p.byCategory) lines.push({ key: 'rebateProgress.categories', params: {} })

  // The step and the rebate at today's deliveries (for an eligible dealer).
  if (p.eligible) {
    if (!p.step) {
      const first = [...p.rule.steps].sort((a, b) => a.from - b.from)[0]
      if (p.rule.growth && p.measured <= 0) lines.push({ key: 'rebateProgress.noGrowth', params: {} })
      else
        lines.push(
          money
            ? { key: 'rebateProgress.below', params: { fromMinor: first?.from ?? 0 } }
            : { key: 'rebateProgress.belowUnits', params: { fromUnits: first?.from ?? 0 } },
        )
    } else if (money) {
      lines.push(
        p.bonusBp && tierName
          ? {
              key: 'rebateProgress.stepBonus',
              params: { fromMinor: p.step.from, stepBp: p.step.rateBp ?? 0, bonusBp: p.bonusBp, rateBp: p.rateBp, ...tierName },
            }
          : { key: 'rebateProgress.step', params: { fromMinor: p.step.from, rateBp: p.rateBp } },
      )
      lines.push({ key: 'rebateProgress.amount', params: { rateBp: p.rateBp, measuredMinor: p.measured, amountMinor: p.amountMinor } })
    } else {
      lines.push({ key: 'rebateProgress.stepUnits', params: { fromUnits: p.step.from, perUnitMinor: p.step.amountPerUnitMinor ?? 0 } })
      lines.push({
        key: 'rebateProgress.amountUnits',
        params: { perUnitMinor: p.step.amountPerUnitMinor ?? 0, measuredUnits: p.measured, amountMinor: p.amountMinor },
      })
    }
  }

  // What the ledger already holds.
  if (p.lastAccruedOn) {
    lines.push({ key: 'rebateProgress.accrued', params: { accruedMinor: p.accruedMinor, accruedOn: p.lastAccruedOn } })
    if (p.eligible && p.accruedMinor !== p.amountMinor) lines.push({ key: 'rebateProgress.changedSince', params: {} })
  } else lines.push({ key: 'rebateProgress.notAccrued', params: {} })

  return { headline: headlineOf(p, money, tierName), lines }
}

function headlineOf(p: RebateProgress, money: boolean, tierName: { tierRu: string; tierEn: string } | null): ProgressLine {
  if (!p.eligible) {
    const min = p.minTier
    if (!min?.nameRu || !min.nameEn) return { key: 'rebateProgress.notEligibleRank', params: { minRank: min?.rank ?? 0 } }
    const minName = { minTierRu: min.nameRu, minTierEn: min.nameEn }
    return tierName
      ? { key: 'rebateProgress.notEligible', params: { ...minName, ...tierName } }
      : { key: 'rebateProgress.notEligibleNoTier', params: minName }
  }
  const words = { whatKey: p.rule.growth ? 'rebateProgress.what.growth' : 'rebateProgress.what.delivered', periodKey: periodKeys[p.periodKind] }
  const next = p.next
  if (!next)
    return money
      ? { key: 'rebateProgress.top', params: { ...words, rateBp: p.rateBp } }
      : { key: 'rebateProgress.topUnits', params: { ...words, perUnitMinor: p.step?.amountPerUnitMinor ?? 0 } }
  if (money) {
    const base = { ...words, measuredMinor: next.measured, fromMinor: next.from, leftMinor: next.left, nextBp: (next.rateBp ?? 0) + p.bonusBp }
    return p.step ? { key: 'rebateProgress.next', params: { ...base, currentBp: p.rateBp } } : { key: 'rebateProgress.nextFirst', params: base }
  }
  const base = { ...words, measuredUnits: next.measured, fromUnits: next.from, leftUnits: next.left, nextPerUnitMinor: next.perUnitMinor ?? 0 }
  return p.step
    ? { key: 'rebateProgress.nextUnits', params: { ...base, currentPerUnitMinor: p.step.amountPerUnitMinor ?? 0 } }
    : { key: 'rebateProgress.nextFirstUnits', params: base }
}

/**
 * The chart's figures: what was delivered by the end of each month of the period, against the basis the next step
 * needs (for a growth rebate: a year earlier's basis plus the step's growth), or the top step's threshold.
 */
export function progressChart(p: RebateProgress) {
  let running = 0
  const cumulative = p.months.map((m) => ({ month: m.month, value: (running += m.basis) }))
  const threshold = p.next?.from ?? p.step?.from ?? null
  return { cumulative, target: threshold === null ? null : threshold + (p.rule.growth ? p.previous : 0), reached: !p.next }
}
