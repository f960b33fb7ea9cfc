import { and, asc, eq, gt, ne } from 'drizzle-orm'
import { db } from '../../../db/client.server'
import { ediDocuments, ediEvents } from '../../../db/schema/edi'
import type { Actor } from '../audit/mutations.server'
import { inScope, type OrgScope } from '../auth/scope.server'
import type { OutboundDocument } from './document'

// The pull mailbox (issue 12, "Outbound"): every outbound document of the key account by `seq`, a cursor to page
// on, the document as JSON and as the raw text in the partner's syntax, and acknowledgement by id (idempotent).

export const MAILBOX_MAX = 100
export type MailboxStatus = 'ready' | 'fetched' | 'acknowledged'

// Business documents only: the CONTRL / 997 / TA1 we answer with go back to the sender synchronously.
const outboundOf = (scope: OrgScope) =>
  and(inScope(scope, ediDocuments.orgId), eq(ediDocuments.direction, 'out'), ne(ediDocuments.kind, 'syntax_ack'))

const summary = {
  id: ediDocuments.id,
  seq: ediDocuments.seq,
  kind: ediDocuments.kind,
  messageType: ediDocuments.messageType,
  syntax: ediDocuments.syntax,
  documentNumber: ediDocuments.documentNumber,
  status: ediDocuments.status,
  test: ediDocuments.test,
  orderId: ediDocuments.orderId,
  createdAt: ediDocuments.createdAt,
  fetchedAt: ediDocuments.fetchedAt,
  acknowledgedAt: ediDocuments.acknowledgedAt,
}

export async function listMailbox({
  scope,
  cursor,
  limit = 50,
  kind,
  status,
}: {
  scope: OrgScope
  /** The last seq of the previous page. */
  cursor: number | null
  limit?: number
  kind?: string
  status?: MailboxStatus
}) {
  const take = Math.min(Math.max(1, limit), MAILBOX_MAX)
  const rows = await db
    .select(summary)
    .from(ediDocuments)
    .where(
      and(
        outboundOf(scope),
        cursor !== null ? gt(ediDocuments.seq, cursor) : undefined,
        kind ? eq(ediDocuments.kind, kind) : undefined,
        status ? eq(ediDocuments.status, status) : undefined,
      ),
    )
    .orderBy(asc(ediDocuments.seq))
    .limit(take + 1)
  const page = rows.slice(0, take)
  return { items: page.map(({ seq: _, ...r }) => r), next: rows.length > take ? rows[take - 1].seq : null }
}
export type MailboxItem = Awaited<ReturnType<typeof listMailbox>>['items'][number]

const contentTypes: Record<string, string> = {
  edifact: 'application/edifact',
  x12: 'application/edi-x12',
  json: 'application/json; charset=utf-8',
}

/** One outbound document of the scope's organisation, or null (the route answers 404). Fetching marks it fetched. */
export async function getMessage({ scope, id }: { scope: OrgScope; id: string }) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ ...summary, canonical: ediDocuments.canonical, body: ediDocuments.body })
      .from(ediDocuments)
      .where(and(outboundOf(scope), eq(ediDocuments.id, id)))
    if (!row) return null
    const now = new Date()
    if (!row.fetchedAt) {
      await tx
        .update(ediDocuments)
        .set({ fetchedAt: now, ...(row.status === 'ready' ? { status: 'fetched' } : {}) })
        .where(eq(ediDocuments.id, row.id))
      await tx.insert(ediEvents).values({ orgId: scope.orgId, documentId: row.id, kind: 'fetched' })
    }
    const { seq: _, canonical, body, ...rest } = row
    return {
      ...rest,
      status: !row.fetchedAt && row.status === 'ready' ? 'fetched' : row.status,
      fetchedAt: row.fetchedAt ?? now,
      document: canonical as OutboundDocument,
      raw: body ?? JSON.stringify(canonical),
      contentType: contentTypes[row.syntax] ?? 'text/plain; charset=utf-8',
    }
  })
}
export type MailboxMessage = NonNullable<Awaited<ReturnType<typeof getMessage>>>

/** Acknowledges one document by id: status 'acknowledged' once; again, the same answer. Null: not this account's. */
export async function acknowledgeMessage({ scope, id, actor }: { scope: OrgScope; id: string; actor: Actor }) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ id: ediDocuments.id, acknowledgedAt: ediDocuments.acknowledgedAt })
      .from(ediDocuments)
      .where(and(outboundOf(scope), eq(ediDocuments.id, id)))
      .for('update')
    if (!row) return null
    if (row.acknowledgedAt) return { id: row.id, status: 'acknowledged' as const, acknowledgedAt: row.acknowledgedAt }
    const now = new Date()
    await tx.update(ediDocuments).set({ status: 'acknowledged', acknowledgedAt: now }).where(eq(ediDocuments.id, row.id))
    await tx.insert(ediEvents).values({ orgId: scope.orgId, documentId: row.id, kind: 'acknowledged', actorId: actor.userId })
    return { id: row.id, status: 'acknowledged' as const, acknowledgedAt: now }
  })
}

/** The documents of one kind, with their JSON form, by seq (GET /api/v1/order-responses, despatch-advices, invoices). */
export async function listDocuments({ scope, kind, cursor, limit = 50 }: { scope: OrgScope; kind: string; cursor: number | null; limit?: number }) {
  const take = Math.min(Math.max(1, limit), MAILBOX_MAX)
  const rows = await db
    .select({ id: ediDocuments.id, seq: ediDocuments.seq, createdAt: ediDocuments.createdAt, canonical: ediDocuments.canonical })
    .from(ediDocuments)
    .where(and(outboundOf(scope), eq(ediDocuments.kind, kind), cursor !== null ? gt(ediDocuments.seq, cursor) : undefined))
    .orderBy(asc(ediDocuments.seq))
    .limit(take + 1)
  return {
    items: rows.slice(0, take).map((r) => ({ id: r.id, createdAt: r.createdAt, document: r.canonical as OutboundDocument })),
    next: rows.length > take ? rows[take - 1].seq : null,
  }
}
