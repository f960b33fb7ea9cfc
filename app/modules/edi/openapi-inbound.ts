import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi'
import { z } from 'zod'
import { JsonOrder, JsonOrderAnswer, OrderDetailSchema, OrderList, ProblemSchema } from './schemas'

// The inbound paths of /api/v1, with the zod schemas their routes parse with (schemas.ts).
const problemResponses = (statuses: Record<number, string>) =>
  Object.fromEntries(
    Object.entries(statuses).map(([status, description]) => [
      status,
      { description, content: { 'application/problem+json': { schema: ProblemSchema } } },
    ]),
  )

export function registerInboundApi(registry: OpenAPIRegistry) {
  registry.register('Problem', ProblemSchema)
  const common = { 401: 'No valid API key (Authorization: Bearer).', 403: 'The key lacks the scope.', 429: 'Rate limited (Retry-After).' }
  registry.registerPath({
    method: 'post',
    path: '/api/v1/interchanges',
    summary: 'Send an EDIFACT (EANCOM) or X12 interchange',
    description:
      'Raw bytes in the body. The answer is our CONTRL (EDIFACT) or 997 / TA1 (X12), 200 also when it rejects: the acknowledgement carries the verdict and positions. A byte-identical resend gets the first answer and creates nothing; the same interchange reference with other content is rejected (0085 26 / TA1 025). `dryRun=1` checks the file: the same answer, nothing created.',
    request: {
      query: z.object({ dryRun: z.enum(['1']).optional() }),
      body: {
        content: {
          'application/edifact': { schema: z.string() },
          'application/x12': { schema: z.string() },
          'application/octet-stream': { schema: z.string() },
        },
      },
    },
    responses: {
      200: {
        description: 'The syntax acknowledgement.',
        content: { 'application/edifact': { schema: z.string() }, 'application/x12': { schema: z.string() } },
      },
      ...problemResponses({ 400: 'Neither EDIFACT nor X12 (archived all the same).', 413: 'Body over 16 MiB.', ...common }),
    },
  })
  registry.registerPath({
    method: 'post',
    path: '/api/v1/orders',
    summary: 'Place an order as JSON',
    description:
      'The same item mapping, line decisions and booking as an ORDERS. Send an Idempotency-Key: the same key and body get the first answer; the same key with another body is a 422 idempotency_key_reused.',
    request: {
      headers: z.object({ 'Idempotency-Key': z.string().max(255).optional() }),
      body: { content: { 'application/json': { schema: JsonOrder } } },
    },
    responses: {
      201: {
        description: 'Booked (some lines may be changed or not accepted: see response.lines).',
        content: { 'application/json': { schema: JsonOrderAnswer } },
      },
      200: { description: 'Held for review, a test, or no line accepted.', content: { 'application/json': { schema: JsonOrderAnswer } } },
      ...problemResponses({
        400: 'Not JSON.',
        422: 'The body does not match the schema (errors with JSON pointers), or a reused Idempotency-Key.',
        ...common,
      }),
    },
  })
  registry.registerPath({
    method: 'get',
    path: '/api/v1/orders',
    summary: 'List the account’s orders, newest first',
    request: { query: z.object({ cursor: z.string().optional(), limit: z.number().int().min(1).max(100).optional() }) },
    responses: {
      200: { description: 'A page; pass `next` back as `cursor`.', content: { 'application/json': { schema: OrderList } } },
      ...problemResponses({ 400: 'A tampered cursor or a bad limit.', ...common }),
    },
  })
  registry.registerPath({
    method: 'get',
    path: '/api/v1/orders/{orderId}',
    summary: 'One order with its status, lines and order response',
    request: { params: z.object({ orderId: z.string().uuid() }) },
    responses: {
      200: { description: 'The order.', content: { 'application/json': { schema: OrderDetailSchema } } },
      ...problemResponses({ 404: 'No order of this account has this id.', ...common }),
    },
  })
}
