import type { LoaderFunctionArgs } from '@remix-run/node'
import { MailboxQuerySchema } from '../modules/edi/document-schemas'
import { listMailbox } from '../modules/edi/queries.server'
import { apiJson, apiRoute, decodeCursor, encodeCursor, problemErrorsOf } from '../utils/api.server'
import { problem, problemResponse } from '../utils/problem'

const isSeq = (v: unknown): v is { seq: number } => typeof v === 'object' && v !== null && typeof (v as { seq?: unknown }).seq === 'number'

/** The pull mailbox: outbound documents by their sequence, a cursor to the next page. */
export const loader = (args: LoaderFunctionArgs) =>
  apiRoute(args, 'documents:read', async ({ scope }) => {
    const query = MailboxQuerySchema.safeParse(Object.fromEntries(new URL(args.request.url).searchParams))
    if (!query.success) return problemResponse(problem(400, 'invalid_query', 'Bad query parameters', { errors: problemErrorsOf(query.error.issues) }))
    const cursor = decodeCursor(query.data.cursor ?? null, isSeq)
    if (cursor instanceof Response) return cursor
    const page = await listMailbox({ scope, cursor: cursor?.seq ?? null, limit: query.data.limit, kind: query.data.kind, status: query.data.status })
    return apiJson({ items: page.items, next: page.next === null ? null : encodeCursor({ seq: page.next }) })
  })
