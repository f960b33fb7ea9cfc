import { z } from 'zod'
import { dayField, searchParam } from '../../utils/field-schemas'
import { isValidGtin } from './gtin'

// Catalog filters from the URL: anything odd is dropped rather than refused, so every link opens.
export const CatalogQuery = z.object({
  q: searchParam,
  category: z
    .string()
    .regex(/^[A-Z0-9_-]{1,40}$/)
    .optional()
    .catch(undefined),
  brand: z.string().trim().min(1).max(60).optional().catch(undefined),
  inContract: z
    .enum(['on', 'true', '1'])
    .optional()
    .catch(undefined)
    .transform((v) => !!v),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
})

const optionalInt = (message: string) =>
  z.preprocess(
    (v) => (v === '' || v === undefined || v === null ? null : v),
    z.coerce.number({ invalid_type_error: message }).int(message).min(1, message).max(10_000_000, message).nullable(),
  )

/** A product as operator staff edit it. The SKU is the key: fixed once created. */
/** The units a product is sold in; `unit.<unit>` names each in the message catalogs. */
export const units = ['pcs', 'm', 'kg', 'l', 'pack', 'set'] as const
export type Unit = (typeof units)[number]
export const isUnit = (v: unknown): v is Unit => (units as readonly unknown[]).includes(v)

export const ProductInput = z
  .object({
    sku: z
      .string({ required_error: 'errors.required' })
      .trim()
      .min(1, 'errors.required')
      .max(64, 'import.error.sku')
      .regex(/^[\p{L}\p{N}._\-/]+$/u, 'import.error.sku'),
    gtin: z
      .string()
      .trim()
      .optional()
      .transform((v) => v || null)
      .refine((v) => v === null || isValidGtin(v), 'import.error.gtin'),
    nameRu: z.string({ required_error: 'errors.required' }).trim().min(1, 'errors.required').max(200, 'errors.tooLong200'),
    nameEn: z.string({ required_error: 'errors.required' }).trim().min(1, 'errors.required').max(200, 'errors.tooLong200'),
    descriptionRu: z.string().trim().max(2000, 'errors.tooLong2000').default(''),
    descriptionEn: z.string().trim().max(2000, 'errors.tooLong2000').default(''),
    unit: z.enum(units, { errorMap: () => ({ message: 'errors.chooseOne' }) }),
    packSize: optionalInt('import.error.positiveInt').transform((v) => v ?? 1),
    minQty: optionalInt('import.error.positiveInt'),
    maxQty: optionalInt('import.error.positiveInt'),
    categoryId: z.string({ required_error: 'errors.chooseOne' }).uuid('errors.chooseOne'),
    taxClassId: z.string({ required_error: 'errors.chooseOne' }).uuid('errors.chooseOne'),
    active: z.union([z.literal('on'), z.undefined()]).transform((v) => v === 'on'),
  })
  .transform((v) => ({ ...v, minQty: v.minQty ?? v.packSize }))
  .refine((v) => v.maxQty === null || v.maxQty >= v.minQty, { path: ['maxQty'], message: 'import.error.maxBelowMin' })
export type ProductInput = z.infer<typeof ProductInput>

export const StockInput = z.object({
  warehouseId: z.string().uuid('errors.invalidId'),
  atp: z.coerce
    .number({ invalid_type_error: 'import.error.nonNegativeInt' })
    .int('import.error.nonNegativeInt')
    .min(0, 'import.error.nonNegativeInt')
    .max(100_000_000, 'errors.tooLarge'),
  nextReceiptDate: z.preprocess((v) => (v === '' ? undefined : v), dayField.optional()),
  nextReceiptQty: z.coerce
    .number({ invalid_type_error: 'import.error.nonNegativeInt' })
    .int('import.error.nonNegativeInt')
    .min(0, 'import.error.nonNegativeInt')
    .max(100_000_000, 'errors.tooLarge')
    .default(0),
  leadDays: z.coerce
    .number({ invalid_type_error: 'import.error.leadDays' })
    .int('import.error.leadDays')
    .min(0, 'import.error.leadDays')
    .max(365, 'import.error.leadDays'),
})
export type StockInput = z.infer<typeof StockInput>

const ruleInt = z.preprocess(
  (v) => (v === '' || v === undefined || v === null ? null : v),
  z.coerce
    .number({ invalid_type_error: 'import.error.positiveInt' })
    .int('import.error.positiveInt')
    .min(1, 'import.error.positiveInt')
    .max(10_000_000, 'errors.tooLarge')
    .nullable(),
)

/** An organisation's own quantity rule for one product; empty fields keep the product's. */
export const ContractRuleInput = z.object({
  sku: z.string({ required_error: 'errors.required' }).trim().min(1, 'errors.required').max(64, 'import.error.sku'),
  minQty: ruleInt,
  increment: ruleInt,
  maxQty: ruleInt,
})
export type ContractRuleInput = z.infer<typeof ContractRuleInput>

const code = z
  .string({ required_error: 'errors.required' })
  .trim()
  .min(1, 'errors.required')
  .max(40, 'errors.tooLong40')
  .regex(/^[\p{L}\p{N}._-]+$/u, 'prices.error.code')
  .transform((v) => v.toUpperCase())
const title = z.string({ required_error: 'errors.required' }).trim().min(1, 'errors.required').max(200, 'errors.tooLong200')

/** Reference data of the catalog, each added or changed by its code. */
export const ReferenceInput = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('category'),
    code,
    nameRu: title,
    nameEn: title,
    sort: z.coerce
      .number({ invalid_type_error: 'errors.number' })
      .int('errors.wholeNumber')
      .min(0, 'errors.notNegative')
      .max(10_000, 'errors.tooLarge')
      .default(0),
  }),
  z.object({ intent: z.literal('warehouse'), code, nameRu: title, nameEn: title, city: title }),
  z.object({ intent: z.literal('tax-class'), code, nameRu: title, nameEn: title }),
  z.object({
    intent: z.literal('tax-rate'),
    taxClassId: z.string({ required_error: 'errors.chooseOne' }).uuid('errors.chooseOne'),
    validFrom: dayField,
    ratePercent: z.preprocess(
      (v) => (typeof v === 'string' ? v.replace(',', '.').trim() : v),
      z.coerce
        .number({ invalid_type_error: 'reference.error.rate' })
        .min(0, 'reference.error.rate')
        .max(100, 'reference.error.rate')
        .multipleOf(0.01, 'reference.error.rate'),
    ),
  }),
])
export type ReferenceInput = z.infer<typeof ReferenceInput>

/** What a catalog import file holds (the page offers these; import.server.ts reads them). */
export const importKinds = ['products', 'stock', 'prices'] as const
export type ImportKind = (typeof importKinds)[number]
