import { z } from 'zod'
import { dayParam, uuidField } from '../../utils/field-schemas'
import { isValidGtin } from '../catalog/gtin'
import { edifactCharsets, edifactDirectories, x12Versions } from './document'

// The EDI pages' forms and list filters, shared by the browser (conform) and the server. Error messages are catalog
// keys (app/i18n/catalog/edi.ts).

/** The messages a profile may exchange: ORDERS (and the syntax acks) in; the rest out. */
export const ediMessageTypes = ['ORDERS', 'ORDRSP', 'DESADV', 'INVOIC', 'PRICAT', 'INVRPT', 'APERAK'] as const
/** How lines name items, in the order tried (edi_partners.item_ids). */
export const itemIdOrders = [
  'gtin,buyer_article,sku',
  'gtin,sku,buyer_article',
  'buyer_article,gtin,sku',
  'buyer_article,sku,gtin',
  'sku,gtin,buyer_article',
  'sku,buyer_article,gtin',
] as const
export const itemIdKinds = ['gtin', 'buyer_article', 'sku'] as const

const optionalText = (max: number, message = 'errors.tooLong100') =>
  z
    .string()
    .trim()
    .max(max, message)
    .optional()
    .transform((v) => v || null)

/** A GLN is a GTIN-13 (GS1 General Specifications §3.4.2): 13 digits with a valid check digit. */
const glnField = z
  .string()
  .trim()
  .optional()
  .transform((v) => v || null)
  .refine((v) => v === null || (/^\d{13}$/.test(v) && isValidGtin(v)), 'edi.profile.error.gln')

/** ISA05/07 qualifier: two characters (ZZ, 01, 14 …); ISA06/08: at most 15 (padded by the writer). */
const isaQualifier = optionalText(2, 'edi.profile.error.isaQualifier')
const isaId = optionalText(15, 'edi.profile.error.isaId').refine((v) => v === null || /^[\x20-\x7e]+$/.test(v), 'edi.profile.error.isaId')

/** Where new documents are announced: https, or plain http only to this machine (a local ERP connector in tests). */
const webhookField = z
  .string()
  .trim()
  .max(500, 'edi.profile.error.webhook')
  .optional()
  .transform((v) => v || null)
  .refine((v) => {
    if (v === null) return true
    try {
      const url = new URL(v)
      if (url.username || url.password) return false
      if (url.protocol === 'https:') return true
      return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)
    } catch {
      return false
    }
  }, 'edi.profile.error.webhook')

const checkbox = z
  .string()
  .optional()
  .transform((v) => v === 'on')

const intIn = (min: number, max: number) =>
  z.coerce
    .number({ invalid_type_error: 'edi.profile.error.number' })
    .int('edi.profile.error.number')
    .min(min, 'edi.profile.error.number')
    .max(max, 'edi.profile.error.number')

/** Every field of edi_partners people set (the counters and the webhook secret version are not theirs). */
export const ProfileSchema = z.object({
  mode: z.enum(['test', 'production']),
  syntax: z.enum(['edifact', 'x12', 'json']),
  partnerGln: glnField,
  ourGln: glnField,
  edifactQualifier: z.string({ required_error: 'errors.required' }).trim().min(1, 'errors.required').max(4, 'edi.profile.error.qualifier'),
  isaQualifier,
  isaId,
  ourIsaQualifier: isaQualifier,
  ourIsaId: isaId,
  edifactDirectory: z.enum(edifactDirectories),
  edifactCharset: z.enum(edifactCharsets),
  edifactSyntaxVersion: z.coerce.number().pipe(z.union([z.literal(3), z.literal(4)])),
  // No trim: a space is a legal UNA character (the repetition position in syntax 3). UNA is exactly six service
  // characters after the tag (ISO 9735-1 §7.1).
  una: z
    .string({ required_error: 'edi.profile.error.una' })
    .refine((v) => [...v].length === 6, 'edi.profile.error.una')
    .refine(
      (v) => new Set([...v].filter((c, i) => i !== 4 || c !== ' ')).size === [...v].filter((c, i) => i !== 4 || c !== ' ').length,
      'edi.profile.error.unaDistinct',
    ),
  x12Version: z.enum(x12Versions),
  messages: z.array(z.enum(ediMessageTypes)).max(ediMessageTypes.length).default([]),
  sendContrl: checkbox,
  send997: checkbox,
  sendTa1: checkbox,
  orderResponse: z.enum(['automatic', 'review']),
  ackExpectedHours: intIn(0, 720),
  duplicateWindowDays: intIn(1, 3650),
  tolerance: z.enum(['strict', 'tolerant']),
  itemIds: z.enum(itemIdOrders),
  unknownItem: z.enum(['reject', 'hold']),
  webhookUrl: webhookField,
})
export type ProfileInput = z.infer<typeof ProfileSchema>

/** One NAD+DP / N1*ST GLN → one of the account's ship-to addresses, or blocked. */
export const ShipToGlnSchema = z.object({
  gln: z
    .string({ required_error: 'errors.required' })
    .trim()
    .refine((v) => /^\d{13}$/.test(v) && isValidGtin(v), 'edi.profile.error.gln'),
  shipToId: uuidField,
  blocked: checkbox,
})
export type ShipToGlnInput = z.infer<typeof ShipToGlnSchema>

export const ProfileIntent = z.discriminatedUnion('intent', [
  ProfileSchema.extend({ intent: z.literal('profile') }),
  ShipToGlnSchema.extend({ intent: z.literal('map-gln') }),
  z.object({
    intent: z.literal('remove-gln'),
    gln: z
      .string()
      .trim()
      .regex(/^\d{13}$/),
  }),
])

/** The mapping queue: a partner's code to one of our products, by SKU. */
export const MapItemSchema = z.object({
  orgId: uuidField,
  idType: z.enum(['gtin', 'buyer_article', 'buyer_part', 'sku']),
  code: z.string().trim().min(1).max(100),
  sku: z.string({ required_error: 'errors.required' }).trim().min(1, 'errors.required').max(64, 'errors.tooLong100'),
})
export type MapItemInput = z.infer<typeof MapItemSchema>

export const messageDirections = ['in', 'out'] as const
/** Inbound: received → rejected / held / booked / answered; outbound: ready → fetched / acknowledged / delivered / failed. */
export const messageStatuses = [
  'received',
  'rejected',
  'held',
  'booked',
  'answered',
  'duplicate',
  'ready',
  'fetched',
  'acknowledged',
  'delivered',
  'failed',
] as const
export const messageSorts = ['createdAt', 'messageType', 'documentNumber', 'status', 'direction'] as const

const soft = <T extends z.ZodTypeAny>(s: T) => s.optional().catch(undefined)

// Filters from the URL: unknown or malformed values are dropped, the list always opens.
export const MessageQuery = z.object({
  direction: soft(z.enum(messageDirections)),
  status: soft(z.enum([...messageStatuses, 'ack_overdue'])),
  type: soft(
    z
      .string()
      .trim()
      .regex(/^[A-Z0-9]{2,8}$/i),
  ).transform((v) => v?.toUpperCase()),
  q: soft(z.string().trim().max(100)).transform((v) => v || undefined),
  from: dayParam,
  to: dayParam,
  sort: soft(z.enum(messageSorts)),
  dir: soft(z.enum(['asc', 'desc'])),
  page: soft(z.coerce.number().int().min(1).max(10_000)),
})
export type MessageQuery = z.infer<typeof MessageQuery>

/** The "check a file" page: an upload or pasted text (one is enough). */
export const CHECK_MAX_BYTES = 2 * 1024 * 1024
export const CheckFileSchema = z.object({ text: z.string().max(CHECK_MAX_BYTES, 'edi.check.error.tooLarge').optional() })
