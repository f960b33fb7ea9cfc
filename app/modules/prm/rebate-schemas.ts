import { z } from 'zod'
import type { RebateStep } from '../../../db/schema/prm'
import { dayField } from '../../utils/field-schemas'
import { MAX_STEPS, validateSteps, type RebateKind } from './rebate-rules'

// The desk's rebate programme form (issue 13 "Rebates"). Thresholds and rates are typed as people say them —
// roubles and percent for a percent rebate ("от 500 000 ₽ — 2 %"), units and roubles per unit for a per-unit
// one — and stored as integers (kopecks, basis points, units). The steps' own rules are `validateSteps`.

// A real business day (no 31 February, 2000–2100): a shape-only check let the database refuse it with a 500.
const day = dayField
const optionalDay = dayField.optional()
/** "1 500 000,50" → 1500000.5; anything else → NaN, refused by the rules with a field error. */
export const decimalText = (text: string | undefined) => {
  const cleaned = (text ?? '').replace(/[\s\u00a0\u202f]/g, '').replace(',', '.')
  return /^\d+(\.\d+)?$/.test(cleaned) ? Number(cleaned) : Number.NaN
}

export const RebateProgrammeSchema = z.object({
  code: z
    .string({ required_error: 'errors.required' })
    .trim()
    .min(1, 'errors.required')
    .max(40, 'errors.tooLong40')
    .regex(/^[A-Za-z0-9_-]+$/, 'rebate.error.badCode'),
  nameRu: z.string({ required_error: 'errors.required' }).trim().min(1, 'errors.required').max(200, 'errors.tooLong200'),
  nameEn: z.string({ required_error: 'errors.required' }).trim().min(1, 'errors.required').max(200, 'errors.tooLong200'),
  periodKind: z.enum(['month', 'quarter', 'year'], { errorMap: () => ({ message: 'errors.chooseOne' }) }),
  kind: z.enum(['percent', 'per_unit'], { errorMap: () => ({ message: 'errors.chooseOne' }) }),
  growth: z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean()),
  active: z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean()),
  minTierRank: z.coerce
    .number({ invalid_type_error: 'rebate.error.badRank' })
    .int('rebate.error.badRank')
    .min(1, 'rebate.error.badRank')
    .max(20, 'rebate.error.badRank')
    .optional(),
  budget: z.string().trim().max(30, 'errors.tooLong40').optional(),
  validFrom: day,
  validTo: optionalDay,
  categoryIds: z.array(z.string().uuid('errors.chooseOne')).max(50, 'rebate.error.tooManyCategories').default([]),
  steps: z
    .array(
      z.object({ from: z.string().trim().max(30, 'errors.tooLong40').optional(), rate: z.string().trim().max(30, 'errors.tooLong40').optional() }),
    )
    .max(MAX_STEPS, 'rebate.error.tooManySteps')
    .default([]),
})
export type RebateProgrammeForm = z.infer<typeof RebateProgrammeSchema>

export interface RebateProgrammeInput {
  code: string
  nameRu: string
  nameEn: string
  periodKind: 'month' | 'quarter' | 'year'
  kind: RebateKind
  growth: boolean
  active: boolean
  minTierRank: number | null
  budgetMinor: number | null
  validFrom: string
  validTo: string | null
  categoryIds: string[]
  steps: RebateStep[]
}

/**
 * The form as the stored programme, or field errors: empty step rows are dropped, thresholds and rates are turned
 * into integers and checked by the step rules (a duplicate or overlapping threshold is refused on its row).
 */
export function toRebateProgramme(
  form: RebateProgrammeForm,
): { ok: true; value: RebateProgrammeInput } | { ok: false; fieldErrors: Record<string, string[]> } {
  const fieldErrors: Record<string, string[]> = {}
  const rows = form.steps.filter((s) => (s.from ?? '') !== '' || (s.rate ?? '') !== '')
  const percent = form.kind === 'percent'
  const steps: RebateStep[] = rows.map((s) => {
    const from = decimalText(s.from)
    const rate = decimalText(s.rate)
    const fromInt = percent ? Math.round(from * 100) : from
    return percent ? { from: fromInt, rateBp: Math.round(rate * 100) } : { from: fromInt, amountPerUnitMinor: Math.round(rate * 100) }
  })
  // Errors are keyed by the submitted rows' positions, as the form names its fields.
  const positions = form.steps.flatMap((s, i) => ((s.from ?? '') !== '' || (s.rate ?? '') !== '' ? [i] : []))
  for (const [key, messages] of Object.entries(validateSteps(form.kind, steps))) {
    const m = /^steps\[(\d+)\]\.(from|rate)$/.exec(key)
    fieldErrors[m ? `steps[${positions[Number(m[1])]}].${m[2]}` : key] = messages
  }
  const budget = form.budget ? decimalText(form.budget) : null
  if (budget !== null && (!Number.isFinite(budget) || budget <= 0 || budget > 1e13)) fieldErrors.budget = ['rebate.error.badBudget']
  if (form.validTo && form.validTo < form.validFrom) fieldErrors.validTo = ['rebate.error.validTo']
  if (Object.keys(fieldErrors).length) return { ok: false, fieldErrors }
  return {
    ok: true,
    value: {
      code: form.code,
      nameRu: form.nameRu,
      nameEn: form.nameEn,
      periodKind: form.periodKind,
      kind: form.kind,
      growth: form.growth,
      active: form.active,
      minTierRank: form.minTierRank ?? null,
      budgetMinor: budget === null ? null : Math.round(budget * 100),
      validFrom: form.validFrom,
      validTo: form.validTo ?? null,
      categoryIds: [...new Set(form.categoryIds)],
      steps: [...steps].sort((a, b) => a.from - b.from),
    },
  }
}

export const RebatePeriodActionSchema = z.object({
  intent: z.enum(['accrue', 'close']),
  periodId: z.string().uuid('errors.chooseOne'),
})
