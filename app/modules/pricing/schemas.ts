import { z } from 'zod'
import { dayField } from '../../utils/field-schemas'

export const currencies = ['RUB', 'USD', 'EUR', 'KZT', 'BYN', 'CNY'] as const
export const assignmentScopes = ['global', 'group', 'org'] as const

const optionalDay = z.preprocess((v) => (v === '' ? undefined : v), dayField.optional()).transform((v) => v ?? null)

/** A price list as operator staff edit it: its header and who it applies to (prices come by import). */
export const PriceListInput = z
  .object({
    code: z
      .string({ required_error: 'errors.required' })
      .trim()
      .min(1, 'errors.required')
      .max(40, 'errors.tooLong40')
      .regex(/^[\p{L}\p{N}._-]+$/u, 'prices.error.code')
      .transform((v) => v.toUpperCase()),
    name: z.string({ required_error: 'errors.required' }).trim().min(1, 'errors.required').max(200, 'errors.tooLong200'),
    currency: z.enum(currencies, { errorMap: () => ({ message: 'errors.chooseOne' }) }),
    validFrom: optionalDay,
    validTo: optionalDay,
    priority: z.coerce
      .number({ invalid_type_error: 'errors.number' })
      .int('errors.wholeNumber')
      .min(-1000, 'prices.error.priority')
      .max(1000, 'prices.error.priority')
      .default(0),
    scope: z.enum(assignmentScopes, { errorMap: () => ({ message: 'errors.chooseOne' }) }),
    dealerGroup: z
      .string()
      .trim()
      .max(40, 'errors.tooLong40')
      .optional()
      .transform((v) => v || null),
    orgId: z.preprocess((v) => (v === '' ? undefined : v), z.string().uuid('errors.chooseOne').optional()).transform((v) => v ?? null),
  })
  .refine((v) => !v.validFrom || !v.validTo || v.validFrom <= v.validTo, { path: ['validTo'], message: 'prices.error.toBeforeFrom' })
  .refine((v) => v.scope !== 'group' || !!v.dealerGroup, { path: ['dealerGroup'], message: 'errors.required' })
  .refine((v) => v.scope !== 'org' || !!v.orgId, { path: ['orgId'], message: 'errors.chooseOne' })
export type PriceListInput = z.infer<typeof PriceListInput>
