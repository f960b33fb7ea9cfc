import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { receiveJsonOrder } from '../modules/edi/mutations.server'
import { listApiOrders } from '../modules/edi/queries.server'
import { JsonOrder, OrderListQuery } from '../modules/edi/schemas'
import { apiJson, apiRoute, decodeCursor, encodeCursor, problemErrorsOf, readJson } from '../utils/api.server'
import { problem, problemResponse } from '../utils/problem'

const isPage = (v: unknown): v is { page: number } =>
  typeof v === 'object' && v !== null && Number.isInteger((v as { page: unknown }).page) && (v as { page: number }).page >= 1

// GET /api/v1/orders: the account's orders, newest first, `next` cursor; POST: a JSON order (Idempotency-Key).
export const loader = (args: LoaderFunctionArgs) =>
  apiRoute(args, 'orders:read', async (auth) => {
    const url = new URL(args.request.url)
    const query = OrderListQuery.safeParse(Object.fromEntries(url.searchParams))
    if (!query.success)
      return problemResponse(problem(400, 'invalid_query', 'Invalid query', { detail: 'See errors.', errors: problemErrorsOf(query.error.issues) }))
    const cursor = decodeCursor(query.data.cursor ?? null, isPage)
    if (cursor instanceof Response) return cursor
    const page = await listApiOrders({ scope: auth.scope, page: cursor?.page ?? 1, limit: query.data.limit })
    return apiJson({ orders: page.orders, next: page.nextPage ? encodeCursor({ page: page.nextPage }) : null })
  })

export const action = (args: ActionFunctionArgs) =>
  apiRoute(args, 'orders:write', async (auth) => {
    // Remix hands every non-GET method to the action: a PUT or DELETE must not place an order (RFC 9110 §15.5.6).
    if (args.request.method !== 'POST') return problemResponse(problem(405, 'method_not_allowed', 'Use POST'), { Allow: 'GET, POST' })
    const key = args.request.headers.get('idempotency-key')
    if (key !== null && !/^[\x21-\x7e]{1,255}$/.test(key))
      return problemResponse(problem(400, 'invalid_idempotency_key', 'Invalid Idempotency-Key', { detail: '1 to 255 visible ASCII characters.' }))
    const body = await readJson(args.request, JsonOrder)
    if (!body.ok) return body.response
    const answer = await receiveJsonOrder({
      scope: auth.scope,
      key: auth.key,
      actor: auth.actor,
      idempotencyKey: key,
      raw: body.raw,
      order: body.value,
    })
    return new Response(answer.body, { status: answer.status, headers: { 'Content-Type': answer.contentType } })
  })
