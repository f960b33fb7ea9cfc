import { z } from 'zod'
import { nameField, uuidField } from '../../utils/field-schemas'
import { parseRoubles } from '../../utils/text'
import { ContractRuleInput } from '../catalog/schemas'

export const incoterms = ['EXW', 'FCA', 'CPT', 'CIP', 'DAP', 'DPU', 'DDP', 'FAS', 'FOB', 'CFR', 'CIF'] as const
export const freightTermsList = ['prepaid', 'prepaid_add', 'collect'] as const

/** Roubles as people type them ("15 000", "15000,50"), as kopecks; empty means "none". */
const optionalMoney = z.preprocess(
  (v) => {
    if (v === undefined || v === null) return null
    if (typeof v !== 'string') return v
    return v.trim() === '' ? null : (parseRoubles(v) ?? NaN)
  },
  z
    .number({ invalid_type_error: 'terms.error.money' })
    .int('terms.error.money')
    .min(0, 'terms.error.money')
    .max(1e12, 'terms.error.money')
    .nullable(),
)

export const DeliveryTermsInput = z.object({
  incoterm: z.enum(incoterms, { errorMap: () => ({ message: 'errors.chooseOne' }) }),
  namedPlace: z.string().trim().max(200, 'errors.tooLong200').default(''),
  freightTerms: z.enum(freightTermsList, { errorMap: () => ({ message: 'errors.chooseOne' }) }),
  freeFreightMinor: optionalMoney,
  freightMinor: optionalMoney.transform((n) => n ?? 0),
  orderMinimumMinor: optionalMoney,
  cutoff: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'terms.error.cutoff'),
  poRequired: z.union([z.literal('on'), z.literal('true'), z.undefined()]).transform((v) => v !== undefined),
})
export type DeliveryTermsInput = z.infer<typeof DeliveryTermsInput>

/** The desk's forms on one organisation's terms page: its terms, its ship-to addresses, its contract rules. */
export const DeskTermsIntent = z.discriminatedUnion('intent', [
  DeliveryTermsInput.extend({ intent: z.literal('terms') }),
  z.object({
    intent: z.literal('add-ship-to'),
    name: nameField,
    address: z.string({ required_error: 'errors.required' }).trim().min(1, 'errors.required').max(500, 'errors.tooLong500'),
    isDefault: z
      .literal('on')
      .optional()
      .transform((v) => v === 'on'),
  }),
  z.object({ intent: z.literal('remove-ship-to'), id: uuidField }),
  ContractRuleInput.extend({ intent: z.literal('set-rule') }),
  z.object({ intent: z.literal('remove-rule'), productId: uuidField }),
])
