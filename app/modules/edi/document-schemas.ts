import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi'
import { z } from 'zod'

// The outbound documents and the mailbox as zod schemas, matching document.ts: the JSON API answers with them and
// the OpenAPI document (openapi-outbound.ts) is generated from them. A test checks a generated document of each
// kind passes its schema, so the two cannot drift apart unnoticed.
extendZodWithOpenApi(z)

const decimal = z.string().regex(/^-?\d+(\.\d+)?$/)
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/)

export const PartySchema = z
  .object({ gln: z.string().optional(), id: z.string().optional(), idQualifier: z.string().optional(), name: z.string().optional() })
  .strict()
  .openapi('Party')
const ReasonSchema = z.object({ code: z.string(), text: z.string() }).strict().openapi('Reason')
const itemIds = {
  gtin: z.string().optional(),
  buyerArticle: z.string().optional(),
  buyerPart: z.string().optional(),
  supplierArticle: z.string().optional(),
  description: z.string().optional(),
}
const parties = { buyer: PartySchema.optional(), supplier: PartySchema.optional() }

export const OrderResponseSchema = z
  .object({
    kind: z.literal('order_response'),
    documentNumber: z.string(),
    documentDate: day,
    status: z.enum(['accepted', 'changed', 'rejected']),
    orderNumber: z.string(),
    orderDate: day.optional(),
    ourOrderNumber: z.string().optional(),
    ...parties,
    deliveryParty: PartySchema.optional(),
    currency: z.string(),
    lines: z.array(
      z
        .object({
          ...itemIds,
          lineNo: z.string(),
          action: z.enum(['accepted', 'changed', 'rejected']),
          orderedQty: decimal,
          qty: decimal,
          unit: z.string().optional(),
          price: decimal.optional(),
          deliveryDate: day.optional(),
          reason: ReasonSchema.optional(),
        })
        .strict(),
    ),
  })
  .strict()
  .openapi('OrderResponse')

export const DespatchAdviceSchema = z
  .object({
    kind: z.literal('despatch_advice'),
    documentNumber: z.string(),
    documentDate: day,
    despatchDate: day,
    expectedDeliveryDate: day.optional(),
    orderNumber: z.string(),
    ...parties,
    deliveryParty: PartySchema.optional(),
    carrier: z.string().optional(),
    trackingNumber: z.string().optional(),
    sscc: z
      .string()
      .regex(/^\d{18}$/)
      .optional(),
    lines: z.array(z.object({ ...itemIds, lineNo: z.string(), orderLineNo: z.string(), qty: decimal, unit: z.string().optional() }).strict()),
  })
  .strict()
  .openapi('DespatchAdvice')

export const InvoiceSchema = z
  .object({
    kind: z.literal('invoice'),
    documentNumber: z.string(),
    documentDate: day,
    orderNumber: z.string(),
    despatchNumber: z.string().optional(),
    ...parties,
    invoicee: PartySchema.optional(),
    deliveryParty: PartySchema.optional(),
    currency: z.string(),
    lines: z.array(
      z
        .object({
          ...itemIds,
          lineNo: z.string(),
          qty: decimal,
          unit: z.string().optional(),
          unitPrice: decimal,
          net: decimal,
          vatRate: decimal,
          vat: decimal,
        })
        .strict(),
    ),
    totals: z.object({ net: decimal, vat: decimal, freight: decimal, gross: decimal }).strict(),
    vatBreakdown: z.array(z.object({ rate: decimal, base: decimal, amount: decimal }).strict()),
    paymentDueDate: day.optional(),
  })
  .strict()
  .openapi('Invoice')

export const PriceCatalogSchema = z
  .object({
    kind: z.literal('price_catalog'),
    documentNumber: z.string(),
    documentDate: day,
    validFrom: day,
    ...parties,
    currency: z.string(),
    lines: z.array(
      z
        .object({
          ...itemIds,
          lineNo: z.string(),
          unit: z.string(),
          price: decimal,
          vatRate: decimal,
          minQty: decimal.optional(),
          packSize: decimal.optional(),
        })
        .strict(),
    ),
  })
  .strict()
  .openapi('PriceCatalog')

export const InventoryReportSchema = z
  .object({
    kind: z.literal('inventory_report'),
    documentNumber: z.string(),
    documentDate: day,
    ...parties,
    lines: z.array(
      z
        .object({
          ...itemIds,
          lineNo: z.string(),
          qty: decimal,
          unit: z.string().optional(),
          nextReceiptDate: day.optional(),
          nextReceiptQty: decimal.optional(),
        })
        .strict(),
    ),
  })
  .strict()
  .openapi('InventoryReport')

export const ApplicationErrorSchema = z
  .object({
    kind: z.literal('application_error'),
    documentNumber: z.string(),
    documentDate: day,
    referencedDocument: z.string(),
    referencedMessageRef: z.string().optional(),
    ...parties,
    errors: z.array(z.object({ code: z.string(), text: z.string(), lineNo: z.string().optional() }).strict()),
  })
  .strict()
  .openapi('ApplicationError')

export const OutboundDocumentSchema = z
  .discriminatedUnion('kind', [
    OrderResponseSchema,
    DespatchAdviceSchema,
    InvoiceSchema,
    PriceCatalogSchema,
    InventoryReportSchema,
    ApplicationErrorSchema,
  ])
  .openapi('OutboundDocument')

export const MailboxItemSchema = z
  .object({
    id: z.string().uuid(),
    kind: z.string(),
    messageType: z.string().openapi({ description: 'ORDRSP, DESADV, INVOIC, PRICAT, INVRPT, APERAK; 855, 856, 810, 832, 846, 824; or json.' }),
    syntax: z.enum(['edifact', 'x12', 'json']),
    documentNumber: z.string().nullable(),
    status: z.string().openapi({ description: 'ready, fetched, acknowledged.' }),
    test: z.boolean(),
    orderId: z.string().uuid().nullable(),
    createdAt: z.string().datetime(),
    fetchedAt: z.string().datetime().nullable(),
    acknowledgedAt: z.string().datetime().nullable(),
  })
  .openapi('MailboxItem')

export const MailboxPageSchema = z.object({ items: z.array(MailboxItemSchema), next: z.string().nullable() }).openapi('MailboxPage')

export const MailboxMessageSchema = MailboxItemSchema.extend({
  document: OutboundDocumentSchema,
  raw: z.string().openapi({ description: 'The document as sent, in the partner’s syntax (EDIFACT, X12 or JSON).' }),
  contentType: z.string(),
}).openapi('MailboxMessage')

export const AckResultSchema = z
  .object({ id: z.string().uuid(), status: z.literal('acknowledged'), acknowledgedAt: z.string().datetime() })
  .openapi('AckResult')

export const MailboxQuerySchema = z
  .object({
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    kind: z.enum(['order_response', 'despatch_advice', 'invoice', 'price_catalog', 'inventory_report', 'application_error']).optional(),
    status: z.enum(['ready', 'fetched', 'acknowledged']).optional(),
  })
  .strict()

export const DocumentPageSchema = <T extends z.ZodTypeAny>(item: T, name: string) =>
  z
    .object({ items: z.array(z.object({ id: z.string().uuid(), createdAt: z.string().datetime(), document: item })), next: z.string().nullable() })
    .openapi(name)

/** `?cursor&limit` of the list routes; a bad limit falls back to the default rather than failing the page. */
export function pageQuery(params: URLSearchParams): { cursor: string | null; limit: number } {
  const limit = Number(params.get('limit') ?? 50)
  return { cursor: params.get('cursor')?.slice(0, 200) ?? null, limit: Number.isInteger(limit) && limit >= 1 && limit <= 100 ? limit : 50 }
}
