import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi'
import { z } from 'zod'

// The JSON twin of ORDERS / 850 (POST /api/v1/orders) and the answers of the inbound API, one set of schemas for the
// route's parsing and the OpenAPI document. Strict: an unknown field is a 422 with its pointer, never ignored (a
// typo in "requestedDate" must not silently drop the date).
extendZodWithOpenApi(z)

/** An order of more lines is refused before anything is decided (the EDI path's benchmark size). */
export const MAX_JSON_ORDER_LINES = 10_000

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'A date as YYYY-MM-DD.')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'Not a calendar date.')
const decimal = z.string().regex(/^\d{1,12}(\.\d{1,4})?$/, 'A decimal with a point, e.g. "89.90".')
const gln = z.string().regex(/^\d{13}$/, 'A GLN of 13 digits.')
// Free text as PostgreSQL can keep it: a NUL (or another C0 control but tab and line breaks) cannot be stored in
// text or jsonb, so it is refused here, on its pointer, instead of failing the insert.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NO_CONTROL = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f]*$/
const storable = (max: number) => z.string().max(max).regex(NO_CONTROL, 'No control characters.')
const code = z.string().trim().min(1).max(35).regex(NO_CONTROL, 'No control characters.')

export const JsonOrderLine = z
  .object({
    lineNo: z
      .string()
      .trim()
      .min(1)
      .max(6)
      .optional()
      .openapi({ description: 'Your line number, echoed in the answer (default: the position, 1-based).' }),
    gtin: z
      .string()
      .regex(/^\d{8,14}$/, 'A GTIN of 8 to 14 digits.')
      .optional(),
    buyerArticle: code.optional().openapi({ description: 'Your article number (EDIFACT PIA IN).' }),
    buyerPart: code.optional().openapi({ description: 'Your part number (EDIFACT PIA BP).' }),
    sku: code.optional().openapi({ description: 'Our SKU (EDIFACT PIA SA).' }),
    description: storable(512).optional(),
    qty: z
      .number()
      .positive()
      .max(1_000_000_000)
      .openapi({ description: 'Quantity in the item’s unit; rounded to the pack or minimum in the answer.' }),
    unit: storable(3).optional(),
    price: decimal
      .optional()
      .openapi({ description: 'The net unit price you expect; when ours differs the line is answered as changed (reason price).' }),
    requestedDate: isoDate.optional(),
  })
  .strict()
  .openapi('JsonOrderLine')

export const JsonOrder = z
  .object({
    orderNumber: code.openapi({ description: 'Your order number (BGM 1004 / BEG03): unique per account; a repeat is held as a business duplicate.' }),
    orderDate: isoDate.optional(),
    requestedDate: isoDate.optional().openapi({ description: 'The delivery date for every line without its own.' }),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .optional(),
    deliveryPointGln: gln.optional().openapi({ description: 'The delivery point (NAD DP): one of your delivery addresses by its GLN.' }),
    buyerGln: gln.optional(),
    note: storable(2000).optional(),
    lines: z.array(JsonOrderLine).min(1).max(MAX_JSON_ORDER_LINES),
  })
  .strict()
  .openapi('JsonOrder')
export type JsonOrder = z.infer<typeof JsonOrder>

const Reason = z.object({ code: z.string(), text: z.string() })

export const OrderResponseLineSchema = z
  .object({
    lineNo: z.string(),
    action: z.enum(['accepted', 'changed', 'rejected']),
    orderedQty: z.string(),
    qty: z.string(),
    unit: z.string().optional(),
    price: z.string().optional(),
    deliveryDate: z.string().optional(),
    reason: Reason.optional(),
    gtin: z.string().optional(),
    buyerArticle: z.string().optional(),
    buyerPart: z.string().optional(),
    supplierArticle: z.string().optional(),
    description: z.string().optional(),
  })
  .openapi('OrderResponseLine')

export const OrderResponseSchema = z
  .object({
    kind: z.literal('order_response'),
    documentNumber: z.string().openapi({ description: 'Our response number once the ORDRSP is sent; empty while it is not.' }),
    documentDate: z.string(),
    status: z.enum(['accepted', 'changed', 'rejected']),
    orderNumber: z.string(),
    orderDate: z.string().optional(),
    ourOrderNumber: z.string().optional(),
    currency: z.string(),
    lines: z.array(OrderResponseLineSchema),
  })
  .passthrough()
  .openapi('OrderResponse')

export const ProblemErrorSchema = z.object({ pointer: z.string(), code: z.string(), detail: z.string() })

/** RFC 9457 problem details, the one error shape of /api/v1. */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string().optional(),
    errors: z.array(ProblemErrorSchema).optional(),
  })
  .passthrough()
  .openapi('Problem')

/** What POST /api/v1/orders answers: 201 booked, 200 held, test or not accepted. */
export const JsonOrderAnswer = z
  .object({
    id: z.string().uuid().openapi({ description: 'The inbound document (the message log).' }),
    status: z.enum(['booked', 'held', 'test', 'rejected']),
    statusReason: z.string().optional(),
    orderId: z.string().uuid().optional(),
    orderNumber: z.string().optional(),
    response: OrderResponseSchema,
    issues: z
      .array(ProblemErrorSchema)
      .openapi({ description: 'Line problems: pointer /lines/N, code a line reason (min, out_of_stock, unmapped_item …).' }),
  })
  .openapi('JsonOrderAnswer')

export const OrderListQuery = z
  .object({
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
  })
  .strict()

export const OrderSummary = z
  .object({
    id: z.string().uuid(),
    number: z.string(),
    status: z.string(),
    poNumber: z.string().nullable(),
    placedAt: z.string(),
    requestedDate: z.string().nullable(),
    currency: z.string(),
    netMinor: z.number().int(),
    grossMinor: z.number().int(),
    lines: z.number().int(),
  })
  .openapi('OrderSummary')

export const OrderList = z.object({ orders: z.array(OrderSummary), next: z.string().nullable() }).openapi('OrderList')

export const OrderDetailSchema = OrderSummary.extend({
  lines: z.array(
    z.object({
      lineNo: z.number().int(),
      sku: z.string(),
      unit: z.string(),
      qty: z.number().int(),
      unitPriceMinor: z.number().int(),
      netMinor: z.number().int(),
      warehouse: z.string(),
      earliestDate: z.string(),
      requestedDate: z.string().nullable(),
      confirmedQty: z.number().int().nullable(),
      confirmedDate: z.string().nullable(),
      shippedQty: z.number().int(),
    }),
  ),
  orderResponse: z.string().nullable().openapi({ description: 'The mailbox message of the latest order response, when one was sent.' }),
}).openapi('OrderDetail')
