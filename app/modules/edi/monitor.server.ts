import { and, asc, count, desc, eq, gte, ilike, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm'
import { db } from '../../../db/client.server'
import {
  ediDocuments,
  ediEvents,
  ediInterchanges,
  ediPartners,
  ediTransmissions,
  ediUnmappedItems,
  ediWebhookDeliveries,
} from '../../../db/schema/edi'
import { isMessageKey, translate, type Locale, type MessageKey } from '../../i18n'
import { formatSheetDateTime, formatZoneName } from '../../i18n/format'
import { operatorDayStart, operatorTimeZone } from '../../utils/clock.server'
import { csvResponse, toCsv } from '../../utils/csv'
import { containsPattern } from '../../utils/text'
import { inScope, type AnyScope, type Scope } from '../auth/scope.server'
import { addDays } from '../delivery-terms/earliest-date'
import { organisationRef } from '../tenancy/queries.server'
import type { SyntaxIssue } from './document'
import type { MessageQuery } from './profile-schemas'

// The reads behind every EDI page: the account's message log, the desk's overview and partner monitor, one
// message with its raw text, timeline and acknowledgements, the mapping queue. The scope is in every WHERE clause
// (an account sees its own rows only, whatever id it asks for); row-level security is the backstop under it.

export const MESSAGES_PAGE_SIZE = 50

/** An outbound interchange whose CONTRL/997 is due and has not come (anchors §3.4: the ack the partner owes us). */
const ackOverdueSql = sql<boolean>`exists (select 1 from ${ediInterchanges} i where i.id = ${ediDocuments.interchangeId}
  and i.direction = 'out' and i.acked_at is null and i.ack_due_at is not null and i.ack_due_at < now())`

function messageWhere(scope: Scope, orgId: string | undefined, q: MessageQuery) {
  const where: (SQL | undefined)[] = [inScope(scope, ediDocuments.orgId)]
  if (orgId) where.push(eq(ediDocuments.orgId, orgId))
  if (q.direction) where.push(eq(ediDocuments.direction, q.direction))
  if (q.status === 'ack_overdue') where.push(ackOverdueSql)
  else if (q.status) where.push(eq(ediDocuments.status, q.status))
  if (q.type) where.push(eq(ediDocuments.messageType, q.type))
  if (q.q) where.push(or(ilike(ediDocuments.documentNumber, containsPattern(q.q)), ilike(ediDocuments.messageRef, containsPattern(q.q))))
  // Days are the operator's calendar days; "to" is inclusive.
  if (q.from) where.push(gte(ediDocuments.createdAt, operatorDayStart(q.from)))
  if (q.to) where.push(lt(ediDocuments.createdAt, operatorDayStart(addDays(q.to, 1))))
  return and(...where)
}

const sortColumns = {
  createdAt: ediDocuments.createdAt,
  messageType: ediDocuments.messageType,
  documentNumber: ediDocuments.documentNumber,
  status: ediDocuments.status,
  direction: ediDocuments.direction,
}

/** Messages in and out, newest first unless sorted; `orgId` narrows an `any` scope to one partner. */
export async function listMessages({
  scope,
  orgId,
  query: q,
  limit = MESSAGES_PAGE_SIZE,
}: {
  scope: Scope
  orgId?: string
  query: MessageQuery
  limit?: number
}) {
  const where = messageWhere(scope, orgId, q)
  const page = q.page ?? 1
  const direction = (q.dir ?? (q.sort ? 'asc' : 'desc')) === 'asc' ? asc : desc
  const rows = await db
    .select({
      id: ediDocuments.id,
      direction: ediDocuments.direction,
      syntax: ediDocuments.syntax,
      messageType: ediDocuments.messageType,
      kind: ediDocuments.kind,
      messageRef: ediDocuments.messageRef,
      documentNumber: ediDocuments.documentNumber,
      status: ediDocuments.status,
      statusReason: ediDocuments.statusReason,
      test: ediDocuments.test,
      orderId: ediDocuments.orderId,
      createdAt: ediDocuments.createdAt,
      ackOverdue: ackOverdueSql,
    })
    .from(ediDocuments)
    .where(where)
    .orderBy(direction(sortColumns[q.sort ?? 'createdAt']), desc(ediDocuments.seq))
    .limit(limit)
    .offset((page - 1) * limit)
  const [{ total }] = await db.select({ total: count() }).from(ediDocuments).where(where)
  return { rows, total, page, pages: Math.max(1, Math.ceil(total / limit)) }
}
export type MessageRow = Awaited<ReturnType<typeof listMessages>>['rows'][number]

const MAX_EXPORT_ROWS = 10_000

/** The filtered message list as CSV in the reader's dialect, times in the operator's zone (named in the header). */
export async function messagesCsv({ scope, orgId, query, locale }: { scope: Scope; orgId?: string; query: MessageQuery; locale: Locale }) {
  const { rows } = await listMessages({ scope, orgId, query: { ...query, page: 1 }, limit: MAX_EXPORT_ROWS })
  const tr = (k: MessageKey) => translate(locale, k)
  const zone = formatZoneName(locale, operatorTimeZone)
  return csvResponse(
    'edi-messages.csv',
    toCsv(
      [
        tr('edi.log.time') + ` (${zone})`,
        tr('edi.log.direction'),
        tr('edi.log.type'),
        tr('edi.log.number'),
        tr('edi.log.ref'),
        tr('edi.log.status'),
        tr('edi.log.reason'),
        tr('edi.log.test'),
      ],
      rows.map((r) => [
        formatSheetDateTime(locale, r.createdAt, operatorTimeZone),
        tr(r.direction === 'in' ? 'edi.direction.in' : 'edi.direction.out'),
        r.messageType,
        r.documentNumber,
        r.messageRef,
        statusText(locale, r.status) + (r.ackOverdue ? ` (${tr('edi.status.ack_overdue')})` : ''),
        r.statusReason ? reasonText(locale, r.statusReason) : null,
        r.test ? tr('common.yes') : tr('common.no'),
      ]),
      locale,
    ),
  )
}

// Codes stored in the database (a status, a reason) may be newer than the catalog: then the code itself shows.
const keyText = (locale: Locale, key: string, fallback: string) => (isMessageKey(key) ? translate(locale, key) : fallback)

export const statusText = (locale: Locale, status: string) => keyText(locale, `edi.status.${status}`, status)
// A syntax-rejected message's reason is its first issue's code (inbound.server.ts): the issue's words, as the pages say.
export const reasonText = (locale: Locale, reason: string) => keyText(locale, `edi.reason.${reason}`, keyText(locale, `edi.issue.${reason}`, reason))

/** Every key account with its profile's mode and syntax, and its last 30 days by status (the desk's overview). */
export async function listEdiPartners(_: { scope: AnyScope }) {
  const org = organisationRef()
  const accounts = await db
    .select({ orgId: org.id, shortName: org.shortName, disabledAt: org.disabledAt, mode: ediPartners.mode, syntax: ediPartners.syntax })
    .from(org)
    .leftJoin(ediPartners, eq(ediPartners.orgId, org.id))
    .where(eq(org.kind, 'key_account'))
    .orderBy(asc(org.shortName))
  const ids = accounts.map((a) => a.orgId)
  const since = sql`now() - interval '30 days'`
  const counts = ids.length
    ? await db
        .select({ orgId: ediDocuments.orgId, status: ediDocuments.status, n: count() })
        .from(ediDocuments)
        .where(and(inArray(ediDocuments.orgId, ids), eq(ediDocuments.direction, 'in'), gte(ediDocuments.createdAt, since)))
        .groupBy(ediDocuments.orgId, ediDocuments.status)
    : []
  const overdue = ids.length
    ? await db
        .select({ orgId: ediInterchanges.orgId, n: count() })
        .from(ediInterchanges)
        .where(
          and(
            inArray(ediInterchanges.orgId, ids),
            eq(ediInterchanges.direction, 'out'),
            isNull(ediInterchanges.ackedAt),
            lt(ediInterchanges.ackDueAt, sql`now()`),
          ),
        )
        .groupBy(ediInterchanges.orgId)
    : []
  return accounts.map((a) => {
    const of = (status: string) => Number(counts.find((c) => c.orgId === a.orgId && c.status === status)?.n ?? 0)
    const inbound = counts.filter((c) => c.orgId === a.orgId).reduce((s, c) => s + Number(c.n), 0)
    return {
      orgId: a.orgId,
      shortName: a.shortName,
      disabled: !!a.disabledAt,
      // No profile row yet: the defaults (test mode, EDIFACT), as the pipeline reads it (partners.server.ts).
      mode: a.mode ?? 'test',
      syntax: a.syntax ?? 'edifact',
      // Everything received, whatever became of it; then what became of it.
      received: inbound,
      rejected: of('rejected'),
      held: of('held'),
      booked: of('booked'),
      answered: of('answered'),
      ackOverdue: Number(overdue.find((o) => o.orgId === a.orgId)?.n ?? 0),
    }
  })
}

/** Bytes as text in their declared charset (UNOE is ISO 8859-5, UNOA/UNOB are ASCII subsets); a BOM is dropped. */
export function decodeRaw(raw: Buffer, charset: string | null): string {
  const label = (charset ?? '').toUpperCase()
  const encoding = label === 'UNOE' || label === 'ISO-8859-5' ? 'iso-8859-5' : label === 'UNOC' || label === 'ISO-8859-1' ? 'latin1' : 'utf-8'
  let text: string
  try {
    text = new TextDecoder(encoding).decode(raw)
  } catch {
    text = raw.toString('utf8')
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}

const issueList = (v: unknown): SyntaxIssue[] => (Array.isArray(v) ? (v as SyntaxIssue[]) : [])

/** One message, for the account (its own only) and the desk: its raw text, canonical form, timeline and acks. */
export async function getMessageDetail({ scope, documentId, orgId }: { scope: Scope; documentId: string; orgId?: string }) {
  const [doc] = await db
    .select()
    .from(ediDocuments)
    .where(and(eq(ediDocuments.id, documentId), inScope(scope, ediDocuments.orgId), orgId ? eq(ediDocuments.orgId, orgId) : undefined))
  if (!doc) return null
  const [transmission] = doc.transmissionId
    ? await db
        .select({
          id: ediTransmissions.id,
          raw: ediTransmissions.raw,
          charset: ediTransmissions.charset,
          contentType: ediTransmissions.contentType,
          size: ediTransmissions.size,
          sha256: ediTransmissions.sha256,
          receivedAt: ediTransmissions.receivedAt,
        })
        .from(ediTransmissions)
        .where(and(eq(ediTransmissions.id, doc.transmissionId), eq(ediTransmissions.orgId, doc.orgId)))
    : []
  const [interchange] = doc.interchangeId
    ? await db
        .select()
        .from(ediInterchanges)
        .where(and(eq(ediInterchanges.id, doc.interchangeId), eq(ediInterchanges.orgId, doc.orgId)))
    : []
  // The syntax ack we answered the interchange with (CONTRL / 997 / TA1): its stored text.
  const [ackSent] = interchange?.ackTransmissionId
    ? await db
        .select({
          raw: ediTransmissions.raw,
          charset: ediTransmissions.charset,
          contentType: ediTransmissions.contentType,
          at: ediTransmissions.receivedAt,
        })
        .from(ediTransmissions)
        .where(and(eq(ediTransmissions.id, interchange.ackTransmissionId), eq(ediTransmissions.orgId, doc.orgId)))
    : []
  const events = await db
    .select({ id: ediEvents.id, kind: ediEvents.kind, details: ediEvents.details, at: ediEvents.at })
    .from(ediEvents)
    .where(
      and(
        eq(ediEvents.orgId, doc.orgId),
        doc.interchangeId
          ? or(eq(ediEvents.documentId, doc.id), and(isNull(ediEvents.documentId), eq(ediEvents.interchangeId, doc.interchangeId)))
          : eq(ediEvents.documentId, doc.id),
      ),
    )
    .orderBy(asc(ediEvents.at))
  // Documents that answer this one (ORDRSP, APERAK for an ORDERS) and the one this answers (outbound).
  const related = await db
    .select({
      id: ediDocuments.id,
      direction: ediDocuments.direction,
      messageType: ediDocuments.messageType,
      documentNumber: ediDocuments.documentNumber,
      status: ediDocuments.status,
      createdAt: ediDocuments.createdAt,
    })
    .from(ediDocuments)
    .where(
      and(eq(ediDocuments.orgId, doc.orgId), or(eq(ediDocuments.answersId, doc.id), doc.answersId ? eq(ediDocuments.id, doc.answersId) : undefined)),
    )
    .orderBy(asc(ediDocuments.createdAt))
  const deliveries =
    doc.direction === 'out'
      ? await db
          .select({
            id: ediWebhookDeliveries.id,
            status: ediWebhookDeliveries.status,
            attempts: ediWebhookDeliveries.attempts,
            lastStatus: ediWebhookDeliveries.lastStatus,
            lastError: ediWebhookDeliveries.lastError,
            createdAt: ediWebhookDeliveries.createdAt,
          })
          .from(ediWebhookDeliveries)
          .where(and(eq(ediWebhookDeliveries.orgId, doc.orgId), eq(ediWebhookDeliveries.documentId, doc.id)))
          .orderBy(desc(ediWebhookDeliveries.createdAt))
      : []
  // The text people read: what was received (decoded as the parser decoded it), or what we sent.
  const rawText = transmission ? decodeRaw(transmission.raw, transmission.charset) : (doc.body ?? '')
  return {
    id: doc.id,
    orgId: doc.orgId,
    direction: doc.direction,
    syntax: doc.syntax,
    messageType: doc.messageType,
    kind: doc.kind,
    messageRef: doc.messageRef,
    documentNumber: doc.documentNumber,
    test: doc.test,
    status: doc.status,
    statusReason: doc.statusReason,
    canonical: doc.canonical,
    issues: issueList(doc.issues),
    span: doc.spanStart !== null && doc.spanEnd !== null ? { start: doc.spanStart, end: doc.spanEnd } : null,
    orderId: doc.orderId,
    createdAt: doc.createdAt,
    fetchedAt: doc.fetchedAt,
    acknowledgedAt: doc.acknowledgedAt,
    rawText: rawText.slice(0, 500_000),
    rawTruncated: rawText.length > 500_000,
    raw: transmission
      ? { contentType: transmission.contentType, size: transmission.size, sha256: transmission.sha256, charset: transmission.charset }
      : null,
    interchange: interchange
      ? {
          controlRef: interchange.controlRef,
          senderId: interchange.senderId,
          recipientId: interchange.recipientId,
          status: interchange.status,
          issues: issueList(interchange.issues),
          ackDueAt: interchange.ackDueAt,
          ackedAt: interchange.ackedAt,
          ackAction: interchange.ackAction,
          ackOverdue: interchange.direction === 'out' && !interchange.ackedAt && !!interchange.ackDueAt && interchange.ackDueAt < new Date(),
        }
      : null,
    ackSent: ackSent ? { contentType: ackSent.contentType, at: ackSent.at, text: decodeRaw(ackSent.raw, ackSent.charset).slice(0, 100_000) } : null,
    events: events.map((e) => ({ ...e, details: (e.details ?? {}) as Record<string, string | number> })),
    related,
    deliveries,
  }
}
export type MessageDetail = NonNullable<Awaited<ReturnType<typeof getMessageDetail>>>

/** The bytes exactly as received (or sent), with their content type, for the download button. */
export async function getRawMessage({ scope, documentId }: { scope: Scope; documentId: string }) {
  const [row] = await db
    .select({
      raw: ediTransmissions.raw,
      contentType: ediTransmissions.contentType,
      body: ediDocuments.body,
      syntax: ediDocuments.syntax,
      number: ediDocuments.documentNumber,
      type: ediDocuments.messageType,
    })
    .from(ediDocuments)
    .leftJoin(ediTransmissions, and(eq(ediTransmissions.id, ediDocuments.transmissionId), eq(ediTransmissions.orgId, ediDocuments.orgId)))
    .where(and(eq(ediDocuments.id, documentId), inScope(scope, ediDocuments.orgId)))
  if (!row) return null
  const ext = row.syntax === 'x12' ? 'x12' : row.syntax === 'json' ? 'json' : 'edi'
  const name = `${row.type}-${(row.number ?? documentId).replace(/[^\w.-]+/g, '_')}.${ext}`
  if (row.raw) return { bytes: row.raw, contentType: row.contentType ?? 'application/octet-stream', filename: name }
  const contentType = row.syntax === 'x12' ? 'application/x12' : row.syntax === 'json' ? 'application/json' : 'application/edifact'
  return { bytes: Buffer.from(row.body ?? '', 'utf8'), contentType, filename: name }
}

/** The mapping queue: every code a partner sent that maps to none of our products, open ones first. */
export async function listUnmappedItems(_: { scope: AnyScope }) {
  const org = organisationRef()
  return db
    .select({
      orgId: ediUnmappedItems.orgId,
      orgName: org.shortName,
      idType: ediUnmappedItems.idType,
      code: ediUnmappedItems.code,
      description: ediUnmappedItems.description,
      occurrences: ediUnmappedItems.occurrences,
      firstSeenAt: ediUnmappedItems.firstSeenAt,
      lastSeenAt: ediUnmappedItems.lastSeenAt,
      lastDocumentId: ediUnmappedItems.lastDocumentId,
    })
    .from(ediUnmappedItems)
    .innerJoin(org, eq(org.id, ediUnmappedItems.orgId))
    .where(isNull(ediUnmappedItems.resolvedAt))
    .orderBy(asc(org.shortName), desc(ediUnmappedItems.lastSeenAt))
    .limit(1_000)
}
