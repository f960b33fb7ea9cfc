import type { LoaderFunctionArgs } from '@remix-run/node'
import { listDocuments } from '../modules/edi/queries.server'
import { apiJson, apiRoute, decodeCursor, encodeCursor } from '../utils/api.server'
import { pageQuery } from '../modules/edi/document-schemas'

const isSeq = (v: unknown): v is { seq: number } => typeof v === 'object' && v !== null && typeof (v as { seq?: unknown }).seq === 'number'

/** The account's documents of kind invoice, oldest first, cursor paging (at most 100 a page). */
export const loader = (args: LoaderFunctionArgs) =>
  apiRoute(args, 'documents:read', async ({ scope }) => {
    const { cursor: raw, limit } = pageQuery(new URL(args.request.url).searchParams)
    const cursor = decodeCursor(raw, isSeq)
    if (cursor instanceof Response) return cursor
    const page = await listDocuments({ scope, kind: 'invoice', cursor: cursor?.seq ?? null, limit })
    return apiJson({ items: page.items, next: page.next === null ? null : encodeCursor({ seq: page.next }) })
  })
