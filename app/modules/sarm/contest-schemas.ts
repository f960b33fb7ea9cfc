import { z } from 'zod'
import { dayField } from '../../utils/field-schemas'
import { decimalText } from '../prm/rebate-schemas'
import { defaultThresholds, type Thresholds } from './contest-checks'

// The desk's contest form (issue 14 "Contests"). Prizes are typed as people say them — roubles for ranks 1..N,
// one a line or separated by ";" — and stored in kopecks; the checks' thresholds default to the anchors' (§3.3) and
// may be set per contest, each within the range where the rule still means something.

export const MAX_PRIZES = 50

/** Each threshold's sensible range: a share or probability stays in 0..1, a multiple or count is positive. */
export const thresholdRanges: Record<keyof Thresholds, [number, number]> = {
  r1SdFloor: [0, 1],
  r1Sigmas: [0, 20],
  r1TopShare: [0, 1],
  r1MinBaselinePeriods: [1, 6],
  r2Tail: [0, 1],
  r3ActiveRatio: [0, 1],
  r3VolumeRatio: [0, 10],
  r3RosterCoverage: [0, 1],
  r4Incrementality: [0, 10],
  r5LastDaysShare: [0.01, 1],
  r5Multiple: [1, 100],
  r7SameCustomer: [1, 1000],
}
export const thresholdKeys = Object.keys(defaultThresholds) as (keyof Thresholds)[]

const text = (max: number) =>
  z
    .string({ required_error: 'errors.required' })
    .trim()
    .min(1, 'errors.required')
    .max(max, max > 200 ? 'sarm.contest.error.tooLong' : 'errors.tooLong200')

export const ContestSchema = z.object({
  nameRu: text(200),
  nameEn: text(200),
  rulesRu: text(5000),
  rulesEn: text(5000),
  periodStart: dayField,
  periodEnd: dayField,
  metric: z.enum(['units', 'revenue'], { errorMap: () => ({ message: 'errors.chooseOne' }) }),
  improvement: z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean()),
  categoryIds: z.array(z.string().uuid('errors.chooseOne')).max(50, 'sarm.contest.error.tooMany').default([]),
  orgIds: z.array(z.string().uuid('errors.chooseOne')).max(500, 'sarm.contest.error.tooMany').default([]),
  prizes: z.string({ required_error: 'errors.required' }).trim().min(1, 'errors.required').max(2000, 'sarm.contest.error.tooLong'),
  minActiveSellers: z.coerce
    .number({ invalid_type_error: 'sarm.contest.error.badMinSellers' })
    .int('sarm.contest.error.badMinSellers')
    .min(1, 'sarm.contest.error.badMinSellers')
    .max(100, 'sarm.contest.error.badMinSellers'),
  thresholds: z.object(Object.fromEntries(thresholdKeys.map((k) => [k, z.string().trim().max(30, 'errors.tooLong200').optional()]))).default({}),
})
export type ContestForm = z.infer<typeof ContestSchema>

export interface ContestInput {
  nameRu: string
  nameEn: string
  rulesRu: string
  rulesEn: string
  periodStart: string
  periodEnd: string
  metric: 'units' | 'revenue'
  improvement: boolean
  categoryIds: string[]
  orgIds: string[]
  prizes: { rank: number; amountMinor: number }[]
  minActiveSellers: number
  /** Only those that differ from the defaults. */
  thresholds: Partial<Thresholds>
}

/** The form as the stored contest, or field errors (the period, each prize, each threshold). */
export function toContest(form: ContestForm): { ok: true; value: ContestInput } | { ok: false; fieldErrors: Record<string, string[]> } {
  const fieldErrors: Record<string, string[]> = {}
  if (form.periodEnd < form.periodStart) fieldErrors.periodEnd = ['sarm.contest.error.periodOrder']
  const parts = form.prizes
    .split(/[;\n]/)
    .map((p) => p.trim())
    .filter(Boolean)
  const amounts = parts.map(decimalText)
  if (parts.length > MAX_PRIZES) fieldErrors.prizes = ['sarm.contest.error.tooManyPrizes']
  else if (!parts.length || amounts.some((a) => !(a > 0) || a > 100_000_000)) fieldErrors.prizes = ['sarm.contest.error.badPrizes']
  const thresholds: Partial<Thresholds> = {}
  for (const key of thresholdKeys) {
    const raw = form.thresholds[key]
    if (raw === undefined || raw === '') continue
    const v = decimalText(raw)
    const [lo, hi] = thresholdRanges[key]
    if (!(v >= lo && v <= hi)) fieldErrors[`thresholds.${key}`] = ['sarm.contest.error.badThreshold']
    else if (v !== defaultThresholds[key]) thresholds[key] = v
  }
  if (Object.keys(fieldErrors).length) return { ok: false, fieldErrors }
  return {
    ok: true,
    value: {
      nameRu: form.nameRu,
      nameEn: form.nameEn,
      rulesRu: form.rulesRu,
      rulesEn: form.rulesEn,
      periodStart: form.periodStart,
      periodEnd: form.periodEnd,
      metric: form.metric,
      improvement: form.improvement,
      categoryIds: form.categoryIds,
      orgIds: form.orgIds,
      prizes: amounts.map((a, i) => ({ rank: i + 1, amountMinor: Math.round(a * 100) })),
      minActiveSellers: form.minActiveSellers,
      thresholds,
    },
  }
}

export const DecisionSchema = z.object({
  intent: z.enum(['release', 'reverse'], { errorMap: () => ({ message: 'errors.chooseOne' }) }),
  awardId: z.string({ required_error: 'errors.required' }).uuid('errors.required'),
  reason: z
    .string({ required_error: 'sarm.contest.error.reasonRequired' })
    .trim()
    .min(3, 'sarm.contest.error.reasonRequired')
    .max(1000, 'sarm.contest.error.tooLong'),
})
