import { z } from 'zod'
import { dayField, emailField, nameField, newPasswordField, uuidField } from '../../utils/field-schemas'
import { parseWholeNumber } from '../../utils/text'

// The forms of shops, rosters, self-registration and sale reports (issue 14), shared by browser and server.
// Messages are catalog keys; a bound travels after a bar (`key|text`).

/** At most this many reports decided with one click: a page of the list. */
export const MAX_DECIDED_AT_ONCE = 200

const required = (max: number) =>
  z.string({ required_error: 'errors.required' }).trim().min(1, 'errors.required').max(max, `sarm.error.tooLong|${max}`)
const optional = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `sarm.error.tooLong|${max}`)
    .optional()
    .transform((v) => v || null)

const wholeNumber = (min: number, max: number) =>
  z
    .string({ required_error: 'errors.required' })
    .trim()
    .min(1, 'errors.required')
    .max(12, 'sarm.error.wholeNumber')
    .transform((v, ctx) => {
      const n = parseWholeNumber(v)
      if (n === null) ctx.addIssue({ code: 'custom', message: 'sarm.error.wholeNumber' })
      else if (n < min || n > max) ctx.addIssue({ code: 'custom', message: `sarm.error.between|${min}–${max}` })
      return n ?? 0
    })

/** A phone as people type it; stored as digits with a leading + (R7 compares them). */
export const phoneField = z
  .string()
  .trim()
  .max(30, 'sarm.error.phone')
  .optional()
  .transform((v, ctx) => {
    if (!v) return null
    const digits = v.replace(/[\s()+-]/g, '')
    if (!/^\d{10,15}$/.test(digits)) {
      ctx.addIssue({ code: 'custom', message: 'sarm.error.phone' })
      return null
    }
    return `+${digits.length === 10 ? `7${digits}` : digits.replace(/^8(\d{10})$/, '7$1')}`
  })

/** An assistant's sale: a product picked from the search, or its GTIN typed or scanned. */
export const SaleReportInput = z
  .object({
    shopId: uuidField,
    productId: uuidField.optional(),
    gtin: z
      .string()
      .trim()
      .max(14, 'sarm.error.gtin')
      .optional()
      .refine((v) => !v || /^\d{8,14}$/.test(v), 'sarm.error.gtin'),
    qty: wholeNumber(1, 10_000),
    serial: optional(64),
    soldOn: dayField,
    receiptNo: required(64),
  })
  .superRefine((v, ctx) => {
    if (!v.productId && !v.gtin) ctx.addIssue({ code: 'custom', path: ['gtin'], message: 'sarm.error.productRequired' })
  })
export type SaleReportInput = z.infer<typeof SaleReportInput>

export const ProductQuery = z.object({ q: z.string().trim().max(100).optional().catch(undefined) })

export const DecisionInput = z
  .object({
    intent: z.enum(['confirm', 'reject'], { required_error: 'errors.chooseOne', invalid_type_error: 'errors.chooseOne' }),
    reportIds: z
      .array(uuidField, { required_error: 'sarm.error.noneChosen' })
      .min(1, 'sarm.error.noneChosen')
      .max(MAX_DECIDED_AT_ONCE, 'sarm.error.tooManyChosen'),
    reason: optional(500),
  })
  .superRefine((v, ctx) => {
    if (v.intent === 'reject' && !v.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'sarm.error.reasonRequired' })
  })
export type DecisionInput = z.infer<typeof DecisionInput>

export const ReturnInput = z.object({
  intent: z.literal('return'),
  reportId: uuidField,
  returnQty: wholeNumber(1, 10_000),
  returnedOn: dayField,
})
export type ReturnInput = z.infer<typeof ReturnInput>

export const reportStatuses = ['pending', 'confirmed', 'rejected'] as const
export const reportSorts = ['soldOn', 'createdAt', 'shop', 'assistant', 'product', 'qty', 'status'] as const
export type ReportSort = (typeof reportSorts)[number]

export const ReportsQuery = z.object({
  shopId: uuidField.optional().catch(undefined),
  status: z.enum(reportStatuses).optional().catch(undefined),
  sort: z.enum(reportSorts).optional().catch(undefined),
  dir: z.enum(['asc', 'desc']).optional().catch(undefined),
})
export type ReportsQuery = z.infer<typeof ReportsQuery>

export const ShopInput = z.object({
  intent: z.literal('saveShop'),
  shopId: uuidField.optional(),
  code: required(32),
  name: required(200),
  address: required(300),
  region: required(100),
  managerUserId: uuidField.optional(),
})
export type ShopInput = z.infer<typeof ShopInput>

export const AddAssistantInput = z.object({
  intent: z.literal('addAssistant'),
  displayName: nameField,
  email: emailField,
  phone: phoneField,
  posCode: optional(32),
  startsOn: dayField,
})
export type AddAssistantInput = z.infer<typeof AddAssistantInput>

export const EndAssistantInput = z.object({ intent: z.literal('endAssistant'), rosterId: uuidField, endsOn: dayField })
export const DecideRegistrationInput = z.object({
  intent: z.enum(['confirmRegistration', 'rejectRegistration']),
  rosterId: uuidField,
})

/** The dealer's code as people type it: case, spaces and dashes do not matter. */
export const normaliseCode = (v: string) => v.toUpperCase().replace(/[\s-]/g, '')
const codeField = z
  .string({ required_error: 'errors.required' })
  .trim()
  .min(1, 'errors.required')
  .max(40, 'sarm.join.error.unknownCode')
  .transform(normaliseCode)

export const JoinCodeInput = z.object({ intent: z.literal('code'), code: codeField })

export const JoinInput = z.object({
  intent: z.literal('register'),
  code: codeField,
  shopId: uuidField,
  displayName: nameField,
  email: emailField,
  phone: phoneField,
  password: newPasswordField,
  consent: z.literal('on', { errorMap: () => ({ message: 'sarm.join.error.consent' }) }),
})
export type JoinInput = z.infer<typeof JoinInput>
