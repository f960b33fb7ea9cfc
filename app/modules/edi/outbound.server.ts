import { createHash } from 'node:crypto'
import { eq, inArray } from 'drizzle-orm'
import { db, type Tx } from '../../../db/client.server'
import { isUniqueViolation } from '../../../db/drivers.server'
import { ediDocuments, ediEvents, ediInterchanges, ediPartners, ediTransmissions, ediWebhookDeliveries } from '../../../db/schema/edi'
import { env } from '../../env.server'
import { businessClock } from '../../utils/clock.server'
import { logger } from '../../utils/logger.server'
import { workerScope, type OrgScope } from '../auth/scope.server'
import { getEdiOrderForDocuments, listEdiOrderEvents, type EdiFeedKind, type EdiOrderEvent } from '../ordering/queries.server'
import { deliverDueWebhooks } from './webhooks.server'
import { buildDespatchAdvice, buildInvoice, buildOrderResponse, inboundOrderOf, ssccOf } from './documents-from-orders.server'
import type { OutboundDocument, OutboundKind, PartyId } from './document'
import { writeEdifact } from './edifact'
import { defaultProfile, edifactSettingsOf, nextControlNumber, nextDocumentNumber, x12SettingsOf, type PartnerProfile } from './partners.server'
import { writeX12 } from './x12'

// Sending one outbound document (ORDRSP, DESADV, INVOIC, PRICAT, INVRPT, APERAK): the partner's syntax, a gap-free
// control number, the archive row, the mailbox row and, when webhooks are on, a pending delivery — all inside the
// caller's transaction, so a rolled-back business operation leaves neither a document nor a used number behind.

/** EANCOM message names and X12 transaction sets per kind (EANCOM 97/2002; X12 855/856/810/832/846/824). */
export const messageTypeOf: Record<OutboundKind, { edifact: string; x12: string }> = {
  order_response: { edifact: 'ORDRSP', x12: '855' },
  despatch_advice: { edifact: 'DESADV', x12: '856' },
  invoice: { edifact: 'INVOIC', x12: '810' },
  price_catalog: { edifact: 'PRICAT', x12: '832' },
  inventory_report: { edifact: 'INVRPT', x12: '846' },
  application_error: { edifact: 'APERAK', x12: '824' },
}

/**
 * Our document numbers: one gap-free sequence per partner (`nextDocumentNumber`), prefixed by kind so a person
 * reading "INV-000042" knows what it is. The number alone is unique per partner; the prefix is for people.
 */
const numberPrefix: Record<OutboundKind, string> = {
  order_response: 'ORSP',
  despatch_advice: 'DESP',
  invoice: 'INV',
  price_catalog: 'PCAT',
  inventory_report: 'INVR',
  application_error: 'APRK',
}

export function formatDocumentNumber(kind: OutboundKind, n: number) {
  return `${numberPrefix[kind]}-${String(n).padStart(6, '0')}`
}

/** The next document number of this partner for a kind, inside the sending transaction. */
export async function nextOutboundNumber(tx: Tx, orgId: string, kind: OutboundKind) {
  return formatDocumentNumber(kind, await nextDocumentNumber(tx, orgId))
}

const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex')

/** The profile lacks an identifier the partner's syntax needs (our GLN, its ISA id …): staff must complete it first. */
export class ProfileIncomplete extends Error {
  constructor(
    readonly what: string,
    orgId: string,
  ) {
    super(`EDI profile of ${orgId} has no ${what}: set it before sending documents in this syntax`)
  }
}

function required(value: string | null, what: string, orgId: string): string {
  if (!value) throw new ProfileIncomplete(what, orgId)
  return value
}

/** UNB S002/S003: our GLN and the partner's, with the profile's qualifier (14 = GLN, EANCOM). */
function edifactParties(p: PartnerProfile): { sender: PartyId; recipient: PartyId } {
  return {
    sender: { id: required(p.ourGln, 'our GLN', p.orgId), qualifier: p.edifactQualifier },
    recipient: { id: required(p.partnerGln, 'partner GLN', p.orgId), qualifier: p.edifactQualifier },
  }
}

/** ISA05-08: our interchange id and the partner's, each with its qualifier (ZZ when none was kept). */
function x12Parties(p: PartnerProfile): { sender: PartyId; recipient: PartyId } {
  return {
    sender: { id: required(p.ourIsaId, 'our ISA id', p.orgId), qualifier: p.ourIsaQualifier ?? 'ZZ' },
    recipient: { id: required(p.isaId, 'partner ISA id', p.orgId), qualifier: p.isaQualifier ?? 'ZZ' },
  }
}

export interface SendDocumentInput {
  orgId: string
  /** Leave `documentNumber` empty ('') to have the partner's next number assigned (recommended). */
  document: OutboundDocument
  /** The inbound document it answers (ORDRSP → ORDERS). */
  answersId?: string
  orderId?: string
  /** The order event it was made for: at most one document per event (a unique index). */
  sourceEventId?: string
  /** A test document (UNB 0035 = 1 / ISA15 = T), e.g. an answer to a test interchange. */
  test?: boolean
}

/**
 * Writes one outbound document in the partner's syntax inside `tx`: EDIFACT (writeEdifact with the profile's
 * directory, charset and UNA), X12 (writeX12, ISA13 the control number in 9 digits) or JSON (the document itself).
 * Returns the mailbox id and the body as sent.
 */
export async function sendDocument(tx: Tx, input: SendDocumentInput): Promise<{ documentId: string; body: string }> {
  const { orgId } = input
  // The caller already holds the right to act for orgId (a guard's scope or the dispatcher's own order event).
  const [kept] = await tx.select().from(ediPartners).where(eq(ediPartners.orgId, orgId))
  const profile = kept ?? defaultProfile(orgId)
  const test = input.test ?? false
  const document: OutboundDocument = input.document.documentNumber
    ? input.document
    : { ...input.document, documentNumber: await nextOutboundNumber(tx, orgId, input.document.kind) }
  const now = new Date()
  const syntax = profile.syntax

  let body: string
  let bytes: Uint8Array
  let messageType: string
  let messageRef: string | null = null
  let contentType: string
  let envelope: { senderId: string; recipientId: string; controlRef: string } | null = null

  if (syntax === 'json') {
    body = JSON.stringify(document)
    bytes = Buffer.from(body, 'utf8')
    messageType = 'json'
    contentType = 'application/json; charset=utf-8'
  } else {
    // The control number is taken only for an interchange: JSON documents have no envelope to number.
    const control = await nextControlNumber(tx, orgId)
    if (syntax === 'edifact') {
      const { sender, recipient } = edifactParties(profile)
      // UNB 0020 is an14 text; the plain number keeps it readable and monotonic.
      const controlRef = String(control)
      const out = writeEdifact({ sender, recipient, controlRef, preparedAt: now, test, settings: edifactSettingsOf(profile), documents: [document] })
      body = out.text
      bytes = out.bytes
      messageRef = out.messageRefs[0] ?? null
      messageType = messageTypeOf[document.kind].edifact
      contentType = 'application/edifact'
      envelope = { senderId: sender.id, recipientId: recipient.id, controlRef }
    } else {
      const { sender, recipient } = x12Parties(profile)
      // ISA13 is exactly nine digits (X12.5); GS06 carries the same number unpadded.
      const controlRef = String(control).padStart(9, '0')
      const out = writeX12({
        sender,
        recipient,
        controlRef,
        groupRef: String(control),
        preparedAt: now,
        test,
        settings: x12SettingsOf(profile),
        documents: [document],
      })
      body = out.text
      bytes = out.bytes
      messageRef = out.setRefs[0] ?? null
      messageType = messageTypeOf[document.kind].x12
      contentType = 'application/edi-x12'
      envelope = { senderId: sender.id, recipientId: recipient.id, controlRef }
    }
  }

  const digest = sha256(bytes)
  const [transmission] = await tx
    .insert(ediTransmissions)
    .values({
      orgId,
      direction: 'out',
      channel: 'outbound',
      syntax,
      contentType,
      raw: Buffer.from(bytes),
      sha256: digest,
      size: bytes.byteLength,
      charset: syntax === 'edifact' ? profile.edifactCharset : 'UTF-8',
    })
    .returning({ id: ediTransmissions.id })

  let interchangeId: string | null = null
  if (envelope && syntax !== 'json') {
    const ackDueAt = profile.ackExpectedHours > 0 ? new Date(now.getTime() + profile.ackExpectedHours * 3_600_000) : null
    const [interchange] = await tx
      .insert(ediInterchanges)
      .values({ orgId, transmissionId: transmission.id, direction: 'out', syntax, ...envelope, sha256: digest, test, status: 'sent', ackDueAt })
      .returning({ id: ediInterchanges.id })
    interchangeId = interchange.id
  }

  const [row] = await tx
    .insert(ediDocuments)
    .values({
      orgId,
      direction: 'out',
      interchangeId,
      transmissionId: transmission.id,
      syntax,
      messageType,
      kind: document.kind,
      messageRef,
      documentNumber: document.documentNumber,
      test,
      status: 'ready',
      canonical: document,
      body,
      orderId: input.orderId ?? null,
      answersId: input.answersId ?? null,
      sourceEventId: input.sourceEventId ?? null,
      createdAt: now,
    })
    .returning({ id: ediDocuments.id })

  await tx.insert(ediEvents).values({
    orgId,
    documentId: row.id,
    interchangeId,
    kind: 'sent',
    details: { messageType, documentNumber: document.documentNumber, ...(envelope ? { controlRef: envelope.controlRef } : {}) },
  })

  // Webhooks announce the document; the secret is derived from WEBHOOK_SIGNING_KEY, so without it they stay off.
  if (profile.webhookUrl && env.WEBHOOK_SIGNING_KEY)
    await tx.insert(ediWebhookDeliveries).values({ orgId, documentId: row.id, url: profile.webhookUrl, nextAttemptAt: now })

  return { documentId: row.id, body }
}

// ---------------------------------------------------------------------------------------------------------------
// The outbox: the desk's confirmations, shipments and deliveries of EDI orders, each answered once by a document.

/**
 * The dispatcher acts for the organisation an order event belongs to, as the system: no request or key brought a
 * scope, so it makes the one the event implies (read of that organisation's catalog, for prices and VAT).
 */
function eventScope(orgId: string): OrgScope {
  return workerScope('edi-outbox', orgId)
}

/** Which EDIFACT message a feed kind makes (the profile lists messages by their EANCOM names for every syntax). */
const messageOfKind: Record<EdiFeedKind, OutboundKind> = {
  confirmed: 'order_response',
  partly_confirmed: 'order_response',
  changed: 'order_response',
  shipped: 'despatch_advice',
  delivered: 'invoice',
}

/** How far behind now the scan restarts: a desk transaction may commit an event stamped with its (earlier) start. */
const RESCAN_MS = 10 * 60_000
const FEED_PAGE = 200
// Per process; a restart scans the feed from the start once (cheap: one anti-join per page).
let scanFrom: { at: Date; id: string } | null = null

/** For tests that reset the database under a running process. */
export function resetDispatchWatermark() {
  scanFrom = null
}

type DispatchOutcome = 'sent' | 'skipped'

async function dispatchOne(event: EdiOrderEvent): Promise<DispatchOutcome> {
  const kind = messageOfKind[event.kind]
  const [kept] = await db.select().from(ediPartners).where(eq(ediPartners.orgId, event.orgId))
  const profile = kept ?? defaultProfile(event.orgId)
  if (!profile.messages.includes(messageTypeOf[kind].edifact)) return 'skipped'
  const order = await getEdiOrderForDocuments({ orderId: event.orderId, orgId: event.orgId })
  if (!order) return 'skipped'
  const inbound = await inboundOrderOf({ orgId: event.orgId, orderId: event.orderId })
  // A test interchange never books an order; should one carry events anyway, its answers stay out of production.
  if (inbound?.test) return 'skipped'
  const scope = eventScope(event.orgId)
  const { today } = await businessClock()
  const common = { orgId: event.orgId, orderId: order.id, sourceEventId: event.id, answersId: inbound?.id }
  // Built before the transaction (reads only; PGlite has one connection, and catalog's reads use their own), sent inside it.
  if (kind === 'order_response') {
    const { document } = await buildOrderResponse({ scope, order, profile, today })
    await db.transaction((tx) => sendDocument(tx, { ...common, document }))
  } else if (kind === 'despatch_advice') {
    const shipment = order.shipments.find((s) => s.eventId === event.id)
    if (!shipment) throw new Error(`no shipment for event ${event.id}`)
    const document = await buildDespatchAdvice({ scope, order, shipment, profile, today })
    await db.transaction(async (tx) => {
      // The SSCC's serial is the document's own gap-free number, so both are taken in the sending transaction.
      const n = await nextDocumentNumber(tx, event.orgId)
      const sscc = ssccOf(profile.ourGln, n)
      await sendDocument(tx, {
        ...common,
        document: { ...document, documentNumber: formatDocumentNumber('despatch_advice', n), ...(sscc ? { sscc } : {}) },
      })
    })
  } else {
    const document = await buildInvoice({ scope, order, profile, today })
    await db.transaction((tx) => sendDocument(tx, { ...common, document }))
  }
  return 'sent'
}

/**
 * Sends the documents the desk's actions on EDI orders call for and that were not sent yet: ORDRSP / 855 for a
 * confirmation (or a change of it), DESADV / 856 per shipment, INVOIC / 810 on delivery. Each in its own
 * transaction; `edi_documents.source_event_id` is unique, so two dispatchers racing make one document.
 */
export async function dispatchOrderEvents({ limit = 50 }: { limit?: number } = {}): Promise<{ sent: number; failed: number }> {
  let sent = 0
  let failed = 0
  let after = scanFrom
  let contiguous = true
  const horizon = Date.now() - RESCAN_MS
  for (;;) {
    const events = await listEdiOrderEvents({ after, limit: FEED_PAGE })
    if (!events.length) break
    const done = new Set(
      (
        await db
          .select({ id: ediDocuments.sourceEventId })
          .from(ediDocuments)
          .where(
            inArray(
              ediDocuments.sourceEventId,
              events.map((e) => e.id),
            ),
          )
      ).map((r) => r.id),
    )
    for (const event of events) {
      if (sent >= limit) return { sent, failed }
      if (!done.has(event.id))
        try {
          if ((await dispatchOne(event)) === 'sent') sent++
        } catch (error) {
          // Another dispatcher made it first: done all the same.
          if (!isUniqueViolation(error, 'edi_documents_source_event_key')) {
            failed++
            contiguous = false
            logger.warn({ err: (error as Error).message, eventId: event.id }, 'EDI document for an order event not sent')
          }
        }
      if (contiguous && event.at.getTime() < horizon) scanFrom = { at: event.at, id: event.id }
    }
    if (events.length < FEED_PAGE) break
    after = { at: events[events.length - 1].at, id: events[events.length - 1].id }
  }
  return { sent, failed }
}

/**
 * The in-process loop (server.ts starts it): the outbox every 2 s, then the webhooks due. Never throws; a tick in
 * flight is not overlapped; the returned function stops it and waits for that tick.
 */
export function startEdiWorkers(everyMs = 2000) {
  let running = false
  let stopped = false
  const timer = setInterval(() => {
    if (running || stopped) return
    running = true
    dispatchOrderEvents()
      .then(() => deliverDueWebhooks())
      .catch((error: unknown) => logger.warn({ err: (error as Error).message }, 'EDI worker tick failed'))
      .finally(() => {
        running = false
      })
  }, everyMs)
  timer.unref()
  return async () => {
    stopped = true
    clearInterval(timer)
    while (running) await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
