import type { Locale } from '../../i18n'
import type { Scope } from '../auth/scope.server'
import { getPartnerTier, listCertifications, listTargets } from './tiers.server'
import { forecastForPeriod } from '../crm/forecasts.server'
import {
  forecastPace,
  nextTierNeeds,
  progressOf,
  qualify,
  renderChecks,
  renderCriterion,
  renderGraceWarning,
  targetForecast,
  type Measures,
} from './tier-rules'

// One partner's tier as a page shows it (the dealer's /programme and the desk's partner page): texts rendered in the
// reader's language from the latest evaluation's stored measures, so the page explains what the evaluation saw.
export async function partnerTierView({ scope, orgId, locale }: { scope: Scope; orgId: string; locale: Locale }) {
  const data = await getPartnerTier({ scope, orgId })
  const [certifications, { targets, today }] = [await listCertifications({ scope, orgId }), await listTargets({ scope, orgId })]
  const name = (t: { nameRu: string; nameEn: string } | undefined) => (t ? (locale === 'ru' ? t.nameRu : t.nameEn) : '—')
  const targetRows = await Promise.all(
    targets.map(async (t) => ({
      ...t,
      category: locale === 'ru' ? t.categoryRu : t.categoryEn,
      ...targetForecast({ value: t.value, target: t.target, periodStart: t.periodStart, periodEnd: t.periodEnd, today }),
      pace: await paceOf(orgId, t, today),
    })),
  )
  if (!data?.member) return { programme: data ? { name: name(data.programme) } : null, member: null, certifications, targets: targetRows, today }
  const { programme, member, evaluation, history } = data
  const tierById = new Map(programme.tiers.map((t) => [t.id, t]))
  const heldId = member.overrideTierId ?? member.tierId
  const held = tierById.get(heldId) ?? programme.tiers[0]
  const measures: Measures = evaluation?.metrics ?? {}
  const { checks } = qualify(programme.tiers, measures)
  const next = nextTierNeeds(programme.tiers, held, measures)
  return {
    programme: { name: name(programme), graceMonths: programme.graceMonths },
    member: {
      tierId: held.id,
      tierName: name(held),
      rank: held.rank,
      since: member.since,
      benefits: held.benefits,
      override: member.overrideTierId ? { reason: member.overrideReason ?? '', until: member.overrideUntil } : null,
      grace: member.graceUntil
        ? renderGraceWarning(locale, { graceUntil: member.graceUntil, tierName: name(tierById.get(member.graceTierId ?? '')) })
        : null,
      evaluatedAsOf: evaluation?.asOf ?? null,
    },
    criteria: (checks[held.id] ?? []).map((c) => ({ text: renderCriterion(locale, c), met: c.met, progress: progressOf(c) })),
    next: next
      ? {
          tierName: name(tierById.get(next.tier.id)),
          checks: next.checks.map((c) => ({ text: renderCriterion(locale, c), met: c.met, progress: progressOf(c) })),
          gaps: renderChecks(locale, next.gaps),
        }
      : null,
    tiers: programme.tiers.map((t) => ({ id: t.id, name: name(t), rank: t.rank })),
    history: history.map((h) => ({
      id: h.id,
      reason: h.reason,
      note: h.note,
      from: h.fromTierId ? name(tierById.get(h.fromTierId)) : null,
      to: name(tierById.get(h.toTierId)),
      effectiveFrom: h.effectiveFrom,
    })),
    certifications,
    targets: targetRows,
    today,
  }
}

export type TargetPace =
  | { kind: 'units' }
  | { kind: 'none' }
  | ({
      kind: 'forecast'
      method: string
      reason: string
      series: number
      methodSeries: number
      hwMase: number | null
      snMase: number | null
    } & NonNullable<ReturnType<typeof forecastPace>>)

/**
 * A target's "at this pace" from the CRM's sales forecast for the rest of its period (issue 15 × 13): null once the
 * period is over; for a target in units, or without forecasts for the organisation, what is missing instead.
 */
async function paceOf(
  orgId: string,
  t: { metric: 'revenue' | 'units'; categoryId: string | null; value: number; periodStart: string; periodEnd: string },
  today: string,
): Promise<TargetPace | null> {
  if (today > t.periodEnd) return null
  // The forecasts are of money (net sales by month): none for a count of units.
  if (t.metric !== 'revenue') return { kind: 'units' }
  const from = today < t.periodStart ? t.periodStart : today
  const f = await forecastForPeriod({ orgId, categoryId: t.categoryId, from, to: t.periodEnd })
  const pace = f && forecastPace({ value: t.value, periodStart: t.periodStart, periodEnd: t.periodEnd, today, byMonth: f.byMonth })
  if (!f || !pace) return { kind: 'none' }
  const { method, reason, series, methodSeries, hwMase, snMase } = f
  return { kind: 'forecast', method, reason, series, methodSeries, hwMase, snMase, ...pace }
}
