import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi'
import { z } from 'zod'
import {
  AckResultSchema,
  DespatchAdviceSchema,
  DocumentPageSchema,
  InventoryReportSchema,
  InvoiceSchema,
  MailboxMessageSchema,
  MailboxPageSchema,
  MailboxQuerySchema,
  OrderResponseSchema,
  PriceCatalogSchema,
} from './document-schemas'

// The outbound paths of /api/v1, from the schemas the routes answer with (document-schemas.ts).

const problem = { description: 'RFC 9457 problem+json', content: { 'application/problem+json': { schema: { type: 'object' as const } } } }
const errors = { 401: problem, 403: problem, 429: problem }
const pageQuery = z.object({ cursor: z.string().optional(), limit: z.coerce.number().int().min(1).max(100).optional() })
const messageId = z.object({ messageId: z.string().uuid() })

export function registerOutboundApi(registry: OpenAPIRegistry) {
  registry.registerPath({
    method: 'get',
    path: '/api/v1/messages',
    summary: 'The mailbox: outbound documents, oldest first, with a cursor',
    request: { query: MailboxQuerySchema },
    responses: { 200: { description: 'A page', content: { 'application/json': { schema: MailboxPageSchema } } }, 400: problem, ...errors },
  })
  registry.registerPath({
    method: 'get',
    path: '/api/v1/messages/{messageId}',
    summary: 'One message: its JSON form and the raw text in your syntax (?format=raw for the raw body alone)',
    request: { params: messageId, query: z.object({ format: z.enum(['raw']).optional() }) },
    responses: {
      200: {
        description: 'The message',
        content: {
          'application/json': { schema: MailboxMessageSchema },
          'application/edifact': { schema: z.string() },
          'application/edi-x12': { schema: z.string() },
        },
      },
      404: problem,
      ...errors,
    },
  })
  registry.registerPath({
    method: 'post',
    path: '/api/v1/messages/{messageId}/ack',
    summary: 'Acknowledge a message by id (idempotent)',
    request: { params: messageId },
    responses: { 200: { description: 'Acknowledged', content: { 'application/json': { schema: AckResultSchema } } }, 404: problem, ...errors },
  })
  const lists = [
    ['/api/v1/order-responses', 'Order responses (ORDRSP / 855)', OrderResponseSchema, 'OrderResponsePage'],
    ['/api/v1/despatch-advices', 'Despatch advices (DESADV / 856)', DespatchAdviceSchema, 'DespatchAdvicePage'],
    ['/api/v1/invoices', 'Invoices (INVOIC / 810)', InvoiceSchema, 'InvoicePage'],
  ] as const
  for (const [path, summary, schema, name] of lists)
    registry.registerPath({
      method: 'get',
      path,
      summary,
      request: { query: pageQuery },
      responses: {
        200: { description: 'A page', content: { 'application/json': { schema: DocumentPageSchema(schema, name) } } },
        400: problem,
        ...errors,
      },
    })
  registry.registerPath({
    method: 'get',
    path: '/api/v1/price-catalog',
    summary: 'Your contract prices today (PRICAT / 832 as JSON); scope catalog:read',
    responses: { 200: { description: 'The catalog', content: { 'application/json': { schema: PriceCatalogSchema } } }, ...errors },
  })
  registry.registerPath({
    method: 'get',
    path: '/api/v1/inventory',
    summary: 'Stock of your assortment, zero-stock lines included (INVRPT / 846 as JSON); scope inventory:read',
    responses: { 200: { description: 'The report', content: { 'application/json': { schema: InventoryReportSchema } } }, ...errors },
  })
  registry.registerPath({
    method: 'get',
    path: '/api/v1/openapi.json',
    summary: 'This document (public)',
    security: [],
    responses: { 200: { description: 'OpenAPI 3.1', content: { 'application/json': { schema: z.object({}).passthrough() } } } },
  })
  registry.registerPath({
    method: 'get',
    path: '/api/v1/docs',
    summary: 'A readable reference of this document (public, HTML)',
    security: [],
    responses: { 200: { description: 'HTML', content: { 'text/html': { schema: z.string() } } } },
  })
}
