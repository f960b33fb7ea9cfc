import { z } from 'zod'
import { dayField } from '../../utils/field-schemas'
import { decimalText } from '../prm/rebate-schemas'

// The desk's bonus-above-a-norm programme form (issue 14 "Bonus above a norm"). Money is typed in roubles as people
// say it ("50", "1 500,50") and stored in kopecks; products are named by SKU (the desk knows them so), resolved to
// ids on the server with a field error for one the catalog lacks.

const MAX_LIST = 200
const uuidList = z.array(z.string().uuid('errors.chooseOne')).max(MAX_LIST, 'bonus.error.tooMany').default([])
const units = z.coerce
  .number({ invalid_type_error: 'errors.wholeNumber', required_error: 'errors.required' })
  .int('errors.wholeNumber')
  .min(0, 'errors.notNegative')
  .max(100_000, 'bonus.error.tooLarge')

export const BonusProgrammeSchema = z.object({
  nameRu: z.string({ required_error: 'errors.required' }).trim().min(1, 'errors.required').max(200, 'errors.tooLong200'),
  nameEn: z.string({ required_error: 'errors.required' }).trim().min(1, 'errors.required').max(200, 'errors.tooLong200'),
  periodStart: dayField,
  periodEnd: dayField,
  skus: z.string().trim().max(2000, 'errors.tooLong2000').optional(),
  categoryIds: uuidList,
  orgIds: uuidList,
  normUnits: units,
  rate: z.string({ required_error: 'errors.required' }).trim().min(1, 'errors.required').max(30, 'errors.tooLong40'),
  cap: z.string().trim().max(30, 'errors.tooLong40').optional(),
  requiredTrainingId: z.string().uuid('errors.chooseOne').optional(),
  status: z.enum(['draft', 'active', 'closed'], { errorMap: () => ({ message: 'errors.chooseOne' }) }),
})
export type BonusProgrammeForm = z.infer<typeof BonusProgrammeSchema>

export interface BonusProgrammeInput {
  nameRu: string
  nameEn: string
  periodStart: string
  periodEnd: string
  skus: string[]
  categoryIds: string[]
  orgIds: string[]
  normUnits: number
  rateMinor: number
  capMinor: number | null
  requiredTrainingId: string | null
  status: 'draft' | 'active' | 'closed'
}

/** Roubles as typed → kopecks, or null when it is not a positive amount below 10¹¹ ₽. */
const kopecks = (text: string) => {
  const value = decimalText(text)
  return Number.isFinite(value) && value > 0 && value <= 1e11 ? Math.round(value * 100) : null
}

/** The form as a programme to store, or field errors (period order, money, at most a year long). */
export function toBonusProgramme(
  form: BonusProgrammeForm,
): { ok: true; value: BonusProgrammeInput } | { ok: false; fieldErrors: Record<string, string[]> } {
  const fieldErrors: Record<string, string[]> = {}
  if (form.periodEnd < form.periodStart) fieldErrors.periodEnd = ['bonus.error.periodOrder']
  // A norm is per period: a programme longer than a year is a typo of the year, not a plan.
  else if (Date.parse(form.periodEnd) - Date.parse(form.periodStart) > 366 * 86_400_000) fieldErrors.periodEnd = ['bonus.error.periodTooLong']
  const rateMinor = kopecks(form.rate)
  if (rateMinor === null) fieldErrors.rate = ['bonus.error.badMoney']
  const capMinor = form.cap ? kopecks(form.cap) : null
  if (form.cap && capMinor === null) fieldErrors.cap = ['bonus.error.badMoney']
  const skus = [
    ...new Set(
      (form.skus ?? '')
        .split(/[\s,;]+/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ]
  if (skus.length > MAX_LIST) fieldErrors.skus = ['bonus.error.tooMany']
  if (Object.keys(fieldErrors).length) return { ok: false, fieldErrors }
  return {
    ok: true,
    value: {
      nameRu: form.nameRu,
      nameEn: form.nameEn,
      periodStart: form.periodStart,
      periodEnd: form.periodEnd,
      skus,
      categoryIds: [...new Set(form.categoryIds)],
      orgIds: [...new Set(form.orgIds)],
      normUnits: form.normUnits,
      rateMinor: rateMinor!,
      capMinor,
      requiredTrainingId: form.requiredTrainingId ?? null,
      status: form.status,
    },
  }
}

/** A norm other than the programme's, for one shop or one person (named by e-mail, as the dealer's roster shows). */
export const BonusNormSchema = z.object({
  intent: z.literal('norm'),
  target: z.enum(['shop', 'person'], { errorMap: () => ({ message: 'errors.chooseOne' }) }),
  shopId: z.string().uuid('errors.chooseOne').optional(),
  email: z.string().trim().max(254, 'errors.tooLong254').optional(),
  normUnits: units,
})

export const BonusNormRemoveSchema = z.object({ intent: z.literal('removeNorm'), normId: z.string().uuid('errors.invalidId') })

/** The dealer's results page and its CSV: the order of the assistants' rows. */
export const ResultsQuerySchema = z.object({
  sort: z.enum(['shop', 'name', 'programme', 'units', 'amount']).catch('shop'),
  dir: z.enum(['asc', 'desc']).catch('asc'),
})
export type ResultsQuery = z.infer<typeof ResultsQuerySchema>
