import { z } from 'zod'
import { dayField, nameField, uuidField } from '../../utils/field-schemas'
import { parseRoubles, parseWholeNumber, readDecimal } from '../../utils/text'
import type { TierBenefits, TierCriterion } from '../../../db/schema/prm'
import type { Locale } from '../../i18n'
import { criterionKinds, lineKinds, measureKey, moneyKinds } from './tier-rules'

// The tier pages' forms (desk partner page, programme settings, the dealer's certified staff).

const reasonField = z
  .string({ required_error: 'tier.error.reasonRequired' })
  .trim()
  .min(5, 'tier.error.reasonRequired')
  .max(500, 'tier.error.tooLong500')
const optionalDay = z.preprocess((v) => (v === '' || v === undefined ? null : v), dayField.nullable())
const whole = (min: number, max: number) =>
  z.coerce
    .number({ invalid_type_error: 'tier.error.wholeNumber' })
    .int('tier.error.wholeNumber')
    .min(min, 'tier.error.range')
    .max(max, 'tier.error.range')

export const OverrideForm = z.object({
  intent: z.literal('override'),
  tierId: uuidField,
  reason: reasonField,
  until: optionalDay,
})

export const LiftOverrideForm = z.object({ intent: z.literal('lift-override'), reason: reasonField })

export const CertificationForm = z.object({
  intent: z.literal('certification'),
  personName: nameField,
  course: nameField,
  completedOn: dayField,
  expiresOn: optionalDay,
})

export const TargetForm = z.object({
  intent: z.literal('target'),
  periodKind: z.enum(['quarter', 'year'], { errorMap: () => ({ message: 'errors.chooseOne' }) }),
  year: whole(2020, 2100),
  quarter: z.preprocess((v) => (v === '' || v === undefined ? null : v), whole(1, 4).nullable()),
  metric: z.enum(['revenue', 'units'], { errorMap: () => ({ message: 'errors.chooseOne' }) }),
  categoryId: z.preprocess((v) => (v === '' || v === undefined ? null : v), uuidField.nullable()),
  /** Roubles for revenue, units for units (converted by the route). */
  target: z.preprocess(
    (v) => (typeof v === 'string' ? (v.trim() === '' ? undefined : (parseRoubles(v) ?? NaN)) : v),
    z
      .number({ required_error: 'errors.required', invalid_type_error: 'tier.error.wholeNumber' })
      .int('tier.error.wholeNumber')
      .min(1, 'tier.error.range')
      .max(1e13, 'tier.error.range'),
  ),
})

export const EvaluateForm = z.object({ intent: z.literal('evaluate') })

export const PartnerIntent = z.discriminatedUnion('intent', [OverrideForm, LiftOverrideForm, CertificationForm, TargetForm, EvaluateForm])

export const ProgrammeSettingsForm = z.object({
  intent: z.literal('settings'),
  graceMonths: whole(0, 24),
  effectiveLagDays: z.preprocess((v) => (v === '' || v === undefined ? null : v), whole(0, 90).nullable()),
})
export const ProgrammeIntent = z.discriminatedUnion('intent', [ProgrammeSettingsForm, EvaluateForm])

// ── The tier editor (desk programme page, issue 13 "Tiers": criteria and benefits as data) ─────────────────────
// Thresholds are typed in the unit of their kind — roubles for money, percent for growth, whole numbers for counts
// and days — and stored as integers (kopecks, basis points, units). The rules that need the whole ladder (ranks
// 1..n, the entry tier without criteria, no criterion twice in a tier, no higher tier easier than a lower one) are
// `tierFormIssues`, run by the schema on both sides; what needs the database (who holds a tier, the stored
// revision, known groups and categories) is tier-editor.server.ts.

export const MAX_TIERS = 10
export const MAX_CRITERIA = 10
export const MAX_PERKS = 10
export const MAX_CRITERION_CATEGORIES = 20
const MAX_PERK_LENGTH = 200

/** Whole-number kinds and the range a threshold of each may take. */
const countRange: Partial<Record<TierCriterion['kind'], [number, number]>> = {
  certified_staff: [0, 10_000],
  overdue_days: [0, 3_650],
  order_count_12m: [0, 1_000_000],
  active_months_12m: [0, 12],
}
/** Growth thresholds in percent: from −100 % (everything lost) to +10 000 %. */
const GROWTH_RANGE: [number, number] = [-100, 10_000]

/** A typed threshold in its kind's unit as the stored integer, or the message to show beside it. */
export function parseThreshold(kind: TierCriterion['kind'], text: string): { ok: true; value: number } | { ok: false; message: string } {
  if (moneyKinds.includes(kind)) {
    const minor = parseRoubles(text)
    return minor === null ? { ok: false, message: 'tierEditor.error.roubles' } : { ok: true, value: minor }
  }
  if (kind === 'growth_12m') {
    const read = readDecimal(text)
    if (!read || read.decimals > 2) return { ok: false, message: 'tierEditor.error.percent' }
    if (read.value < GROWTH_RANGE[0] || read.value > GROWTH_RANGE[1]) return { ok: false, message: 'tierEditor.error.between|text:−100…10 000' }
    return { ok: true, value: Math.round(read.value * 100) }
  }
  const n = parseWholeNumber(text)
  if (n === null) return { ok: false, message: 'tier.error.wholeNumber' }
  const [min, max] = countRange[kind] ?? [0, 1_000_000]
  if (n < min || n > max) return { ok: false, message: `tierEditor.error.between|text:${min}…${max}` }
  return { ok: true, value: n }
}

/** A stored threshold as the editor shows it (the inverse of `parseThreshold`). */
export function thresholdText(kind: TierCriterion['kind'], threshold: number): string {
  if (moneyKinds.includes(kind) || kind === 'growth_12m') return String(threshold / 100)
  return String(threshold)
}

const blank = (v: unknown) => (v === '' ? undefined : v)
const tierNameField = z.string({ required_error: 'errors.required' }).trim().min(1, 'errors.required').max(60, 'tierEditor.error.nameTooLong')
const linesField = z
  .string()
  .max(MAX_PERKS * (MAX_PERK_LENGTH + 2), 'tierEditor.error.tooManyPerks')
  .optional()

export const CriterionRow = z.object({
  kind: z.enum(criterionKinds, { errorMap: () => ({ message: 'errors.chooseOne' }) }),
  op: z.enum(['gte', 'lte'], { errorMap: () => ({ message: 'errors.chooseOne' }) }),
  threshold: z.string({ required_error: 'errors.required' }).trim().min(1, 'errors.required').max(30, 'errors.tooLong40'),
  categoryIds: z.array(z.string().uuid('errors.chooseOne')).max(MAX_CRITERION_CATEGORIES, 'tierEditor.error.tooManyCategories').default([]),
})

export const TierRow = z.object({
  /** Empty for a tier added in this edit. */
  id: z.preprocess(blank, uuidField.optional()),
  rank: z.coerce
    .number({ invalid_type_error: 'tierEditor.error.ranks' })
    .int('tierEditor.error.ranks')
    .min(1, 'tierEditor.error.ranks')
    .max(MAX_TIERS, 'tierEditor.error.ranks'),
  nameRu: tierNameField,
  nameEn: tierNameField,
  /** A dealer group code; empty: the base prices. */
  dealerGroup: z.preprocess(
    blank,
    z
      .string()
      .trim()
      .max(40, 'errors.chooseOne')
      .regex(/^[A-Za-z0-9_-]+$/, 'errors.chooseOne')
      .optional(),
  ),
  dealProtectionDays: z.preprocess(blank, whole(1, 365).optional()),
  /** Percent on top of a rebate programme's rate ("0,5"), stored as basis points. */
  rebateBonus: z.string().trim().max(10, 'tierEditor.error.percent').optional(),
  /** Percent of a won registered deal's linked orders' net value ("2"), stored as basis points. */
  dealBonus: z.string().trim().max(10, 'tierEditor.error.percent').optional(),
  /** One perk a line, the Russian and the English lines pair up by position. */
  perksRu: linesField,
  perksEn: linesField,
  criteria: z.array(CriterionRow).max(MAX_CRITERIA, 'tierEditor.error.tooManyCriteria').default([]),
})
export type TierRowValue = z.infer<typeof TierRow>

export type TierFormIssue = { path: (string | number)[]; message: string }

const lines = (text: string | undefined) =>
  (text ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)

/** A benefit typed in percent (0..100, at most two decimals) as basis points; empty: none. */
function percentBp(text: string | undefined): number | null | 'bad' {
  if (!text) return null
  const read = readDecimal(text)
  if (!read || read.decimals > 2 || read.value < 0 || read.value > 100) return 'bad'
  return Math.round(read.value * 100)
}

/**
 * Every rule over the whole ladder, as issues with their field paths. `locale` only picks which of the lower tier's
 * names an "easier than" message quotes. Defensive about values zod marked invalid (it still runs refinements).
 */
export function tierFormIssues(tiers: readonly TierRowValue[], locale: Locale): TierFormIssue[] {
  const issues: TierFormIssue[] = []
  const ranks = tiers.map((t) => t.rank)
  if (ranks.some((r, i) => r !== i + 1)) issues.push({ path: [], message: 'tierEditor.error.ranks' })
  const seenNames = { nameRu: new Set<string>(), nameEn: new Set<string>() }
  const parsed = tiers.map((tier, i) => {
    for (const key of ['nameRu', 'nameEn'] as const) {
      const name = (tier[key] ?? '').trim().toLowerCase()
      if (!name) continue
      if (seenNames[key].has(name)) issues.push({ path: ['tiers', i, key], message: 'tierEditor.error.nameTaken' })
      seenNames[key].add(name)
    }
    if (percentBp(tier.rebateBonus) === 'bad') issues.push({ path: ['tiers', i, 'rebateBonus'], message: 'tierEditor.error.rebateBonus' })
    if (percentBp(tier.dealBonus) === 'bad') issues.push({ path: ['tiers', i, 'dealBonus'], message: 'tierEditor.error.rebateBonus' })
    const ru = lines(tier.perksRu)
    const en = lines(tier.perksEn)
    for (const [key, list] of [
      ['perksRu', ru],
      ['perksEn', en],
    ] as const) {
      if (list.length > MAX_PERKS) issues.push({ path: ['tiers', i, key], message: 'tierEditor.error.tooManyPerks' })
      else if (list.some((l) => l.length > MAX_PERK_LENGTH)) issues.push({ path: ['tiers', i, key], message: 'tierEditor.error.perkTooLong' })
    }
    if (ru.length !== en.length) issues.push({ path: ['tiers', i, 'perksEn'], message: 'tierEditor.error.perksMismatch' })
    const criteria = tier.criteria ?? []
    if (i === 0 && criteria.length) issues.push({ path: ['tiers', i, 'criteria'], message: 'tierEditor.error.entryNoCriteria' })
    if (i > 0 && !criteria.length) issues.push({ path: ['tiers', i, 'criteria'], message: 'tierEditor.error.criteriaRequired' })
    const keys = new Set<string>()
    return criteria.map((c, j) => {
      const at = ['tiers', i, 'criteria', j]
      if (c.categoryIds?.length && !lineKinds.includes(c.kind))
        issues.push({ path: [...at, 'categoryIds'], message: 'tierEditor.error.categoriesNotApplicable' })
      const key = measureKey(c)
      if (keys.has(key)) issues.push({ path: [...at, 'kind'], message: 'tierEditor.error.duplicateCriterion' })
      keys.add(key)
      if (typeof c.threshold !== 'string' || !c.threshold) return null
      const threshold = parseThreshold(c.kind, c.threshold)
      if (!threshold.ok) {
        issues.push({ path: [...at, 'threshold'], message: threshold.message })
        return null
      }
      return { key, op: c.op, kind: c.kind, threshold: threshold.value }
    })
  })
  // A higher tier may not ask less (or allow more) than a lower one on a criterion both name: the nearest lower
  // tier that asks more is named.
  parsed.forEach((criteria, i) =>
    criteria.forEach((c, j) => {
      if (!c) return
      for (let k = i - 1; k >= 0; k--) {
        const lower = parsed[k].find((d) => d && d.key === c.key && d.op === c.op)
        if (!lower) continue
        if (c.op === 'gte' ? c.threshold < lower.threshold : c.threshold > lower.threshold) {
          const name = (locale === 'ru' ? tiers[k].nameRu : tiers[k].nameEn) || String(k + 1)
          issues.push({ path: ['tiers', i, 'criteria', j, 'threshold'], message: `tierEditor.error.easier.${c.kind}.${c.op}|text:${name}` })
          break
        }
      }
    }),
  )
  return issues
}

/** The tier editor's form; `locale` as in `tierFormIssues`. */
export const tierEditorSchema = (locale: Locale) =>
  z
    .object({
      intent: z.literal('tiers'),
      revision: z.string({ required_error: 'tierEditor.error.stale' }).max(100, 'tierEditor.error.stale'),
      tiers: z.array(TierRow).min(1, 'tierEditor.error.noTiers').max(MAX_TIERS, 'tierEditor.error.tooManyTiers'),
    })
    .superRefine((v, ctx) => {
      for (const issue of tierFormIssues(v.tiers, locale)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: issue.path, message: issue.message })
    })
export type TierEditorValue = z.infer<ReturnType<typeof tierEditorSchema>>

/** One tier as the editor saves it: stored units, categories sorted, empty benefits left out. */
export type TierEdit = { id: string | null; rank: number; nameRu: string; nameEn: string; criteria: TierCriterion[]; benefits: TierBenefits }

/** The parsed form (already checked by `tierFormIssues`) as the tiers to store. */
export function toTierEdits(tiers: readonly TierRowValue[]): TierEdit[] {
  return tiers.map((t) => {
    const ru = lines(t.perksRu)
    const en = lines(t.perksEn)
    const bonus = percentBp(t.rebateBonus)
    const dealBonus = percentBp(t.dealBonus)
    const benefits: TierBenefits = { dealerGroup: t.dealerGroup ?? null }
    if (t.dealProtectionDays !== undefined) benefits.dealProtectionDays = t.dealProtectionDays
    if (typeof bonus === 'number') benefits.rebateBonusBp = bonus
    if (typeof dealBonus === 'number') benefits.dealBonusBp = dealBonus
    if (ru.length) benefits.perks = ru.map((line, i) => ({ ru: line, en: en[i] ?? '' }))
    return {
      id: t.id ?? null,
      rank: t.rank,
      nameRu: t.nameRu,
      nameEn: t.nameEn,
      benefits,
      criteria: t.criteria.map((c) => {
        const threshold = parseThreshold(c.kind, c.threshold)
        const criterion: TierCriterion = { kind: c.kind, op: c.op, threshold: threshold.ok ? threshold.value : 0 }
        if (c.categoryIds.length && lineKinds.includes(c.kind)) criterion.categoryIds = [...new Set(c.categoryIds)].sort()
        return criterion
      }),
    }
  })
}
