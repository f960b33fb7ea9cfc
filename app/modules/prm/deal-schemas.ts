import { z } from 'zod'
import { dayField, dayParam, nameField, searchParam, uuidField } from '../../utils/field-schemas'
import { parseRoubles, parseWholeNumber } from '../../utils/text'
import { isValidInn } from '../tenancy/tax-ids'
import { dealStatuses } from './deal-rules'

// Deal registration's forms and list filters, shared by the browser and the server. Messages are catalog keys.

/** At most this many products and categories on one deal: a deal is an opportunity, not a price list. */
export const MAX_DEAL_PRODUCTS = 50
export const MAX_DEAL_CATEGORIES = 20
/** At most this many orders linked to a won deal, and special prices on one approval. */
export const MAX_DEAL_ORDERS = 20

const text = (max: number, key: string) => z.string().trim().max(max, key).default('')
const required = (max: number, key: string) => z.string({ required_error: 'errors.required' }).trim().min(1, 'errors.required').max(max, key)

const wholeNumber = (min: number, max: number) =>
  z
    .string({ required_error: 'errors.required' })
    .trim()
    .min(1, 'errors.required')
    .max(20, 'deals.error.wholeNumber')
    .transform((v, ctx) => {
      const n = parseWholeNumber(v)
      if (n === null) ctx.addIssue({ code: 'custom', message: 'deals.error.wholeNumber' })
      else if (n < min || n > max) ctx.addIssue({ code: 'custom', message: `deals.error.between|${min}–${max}` })
      return n ?? 0
    })

/** Roubles as typed ("1 234,50") to kopecks; `positive` refuses zero. */
const roubles = (positive: boolean) =>
  z
    .string({ required_error: 'errors.required' })
    .trim()
    .min(1, 'errors.required')
    .max(30, 'deals.error.money')
    .transform((v, ctx) => {
      const minor = parseRoubles(v)
      if (minor === null || (positive && minor <= 0)) ctx.addIssue({ code: 'custom', message: 'deals.error.money' })
      return minor ?? 0
    })

/** The products as the dealer types them: SKUs (or GTINs, or its own part numbers), by commas or lines. */
const productRefs = z
  .string()
  .max(4000, 'deals.error.tooManyProducts')
  .default('')
  .transform((v) => [
    ...new Set(
      v
        .split(/[\s,;]+/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ])
  .refine((refs) => refs.length <= MAX_DEAL_PRODUCTS, 'deals.error.tooManyProducts')
  .refine((refs) => refs.every((r) => r.length <= 64), 'deals.error.unknownProduct')

export const DealInput = z
  .object({
    endCustomerInn: z
      .string({ required_error: 'errors.required' })
      .trim()
      .min(1, 'errors.required')
      .max(12, 'errors.innInvalid')
      .refine(isValidInn, 'errors.innInvalid'),
    endCustomerName: nameField,
    endCustomerRegion: required(100, 'errors.tooLong100'),
    products: productRefs,
    categoryIds: z.array(uuidField).max(MAX_DEAL_CATEGORIES, 'deals.error.tooManyCategories').default([]),
    expectedQty: wholeNumber(1, 10_000_000),
    expectedValue: roubles(false),
    expectedCloseOn: dayField,
    note: text(2000, 'errors.tooLong2000'),
  })
  .superRefine((v, ctx) => {
    if (!v.products.length && !v.categoryIds.length) ctx.addIssue({ code: 'custom', path: ['products'], message: 'deals.error.productsOrCategories' })
  })
export type DealInput = z.infer<typeof DealInput>

const reason = z.string({ required_error: 'deals.error.reasonRequired' }).trim().min(3, 'deals.error.reasonRequired').max(500, 'errors.tooLong500')
const protectionDays = wholeNumber(1, 730)

/** A special price for one product of the deal, in roubles; empty means none. */
const specialPrice = z.object({
  productId: uuidField,
  price: z
    .string()
    .trim()
    .max(30, 'deals.error.money')
    .default('')
    .transform((v, ctx) => {
      if (!v) return null
      const minor = parseRoubles(v)
      if (minor === null || minor <= 0) ctx.addIssue({ code: 'custom', message: 'deals.error.money' })
      return minor
    }),
})

/** The partner manager's forms on one deal; each carries its intent. */
export const DealDecision = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('approve'),
    protectionDays,
    prices: z.array(specialPrice).max(MAX_DEAL_PRODUCTS).default([]),
    priceUntil: dayField.optional(),
    note: text(500, 'errors.tooLong500'),
  }),
  z.object({ intent: z.literal('reject'), reason }),
  z.object({
    intent: z.literal('resolve'),
    keep: z.enum(['this', 'other'], { errorMap: () => ({ message: 'errors.chooseOne' }) }),
    protectionDays,
  }),
  z.object({ intent: z.literal('extend'), days: wholeNumber(1, 365), note: text(500, 'errors.tooLong500') }),
  z.object({
    intent: z.literal('won'),
    orderIds: z.array(uuidField).max(MAX_DEAL_ORDERS, 'deals.error.tooManyOrders').default([]),
    note: text(500, 'errors.tooLong500'),
  }),
  z.object({ intent: z.literal('lost'), reason }),
])
export type DealDecision = z.infer<typeof DealDecision>

export const dealSorts = [
  'number',
  'createdAt',
  'status',
  'endCustomerName',
  'expectedValueMinor',
  'expectedCloseOn',
  'protectedUntil',
  'orgName',
] as const
export type DealSort = (typeof dealSorts)[number]

export const DealQuery = z.object({
  status: z.enum(dealStatuses).optional().catch(undefined),
  q: searchParam,
  from: dayParam,
  to: dayParam,
  sort: z.enum(dealSorts).optional().catch(undefined),
  dir: z.enum(['asc', 'desc']).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
})
export type DealQuery = z.infer<typeof DealQuery>

/** The new-deal page's product search (catalog's search, bounded). */
export const ProductSearch = z.object({ q: searchParam })
