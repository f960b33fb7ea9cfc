import { createHmac } from 'node:crypto'
import { and, asc, desc, eq, lte } from 'drizzle-orm'
import { db } from '../../../db/client.server'
import { ediDocuments, ediEvents, ediPartners, ediWebhookDeliveries } from '../../../db/schema/edi'
import { env } from '../../env.server'
import { logger } from '../../utils/logger.server'
import { writeAudit, type Actor } from '../audit/mutations.server'
import { inScope, type AnyScope } from '../auth/scope.server'
import { nextAttemptAfter, SIGNATURE_HEADER, signPayload } from './webhook-signature'

// Webhooks announce a new outbound document to the partner's URL (the document itself is fetched from the
// mailbox with a key): a small signed JSON, retried with backoff (1 min … 12 h), then the dead-letter list.

/**
 * The partner's signing secret, derived: HMAC(WEBHOOK_SIGNING_KEY, orgId + ':' + version). Never stored; a new
 * version (the web page's "rotate") makes a new one. Null when webhooks are off (no signing key).
 */
function deriveSecret(orgId: string, version: number): string | null {
  if (!env.WEBHOOK_SIGNING_KEY) return null
  return 'whsec_' + createHmac('sha256', env.WEBHOOK_SIGNING_KEY).update(`${orgId}:${version}`).digest('hex')
}

/** The account's current secret, for the web page to show once (its admin rotates it by bumping the version). */
export async function webhookSecretFor(orgId: string): Promise<string | null> {
  const [partner] = await db.select({ version: ediPartners.webhookSecretVersion }).from(ediPartners).where(eq(ediPartners.orgId, orgId))
  return deriveSecret(orgId, partner?.version ?? 0)
}

export interface WebhookPayload {
  id: string
  kind: string
  documentNumber: string | null
  createdAt: string
  url: string
}

const TIMEOUT_MS = 10_000
const BATCH = 50

type Fetch = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string; signal: AbortSignal },
) => Promise<{ status: number }>

/** One attempt of one delivery; its outcome recorded on the row (and the document when delivered). */
async function attempt(delivery: typeof ediWebhookDeliveries.$inferSelect, now: Date, send: Fetch) {
  const [doc] = await db
    .select({ id: ediDocuments.id, kind: ediDocuments.kind, documentNumber: ediDocuments.documentNumber, createdAt: ediDocuments.createdAt })
    .from(ediDocuments)
    .where(and(eq(ediDocuments.id, delivery.documentId), eq(ediDocuments.orgId, delivery.orgId)))
  const [partner] = await db.select({ version: ediPartners.webhookSecretVersion }).from(ediPartners).where(eq(ediPartners.orgId, delivery.orgId))
  const secret = deriveSecret(delivery.orgId, partner?.version ?? 0)
  if (!doc || !secret) return
  const payload: WebhookPayload = {
    id: doc.id,
    kind: doc.kind,
    documentNumber: doc.documentNumber,
    createdAt: doc.createdAt.toISOString(),
    url: `/api/v1/messages/${doc.id}`,
  }
  const body = JSON.stringify(payload)
  let status: number | null = null
  let error: string | null = null
  try {
    const res = await send(delivery.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', [SIGNATURE_HEADER]: signPayload({ secret, body, timestamp: Math.floor(now.getTime() / 1000) }) },
      body,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    })
    status = res.status
    if (status < 200 || status >= 300) error = `HTTP ${status}`
  } catch (e) {
    error = (e as Error).message.slice(0, 500)
  }
  const attempts = delivery.attempts + 1
  if (!error) {
    await db.transaction(async (tx) => {
      await tx
        .update(ediWebhookDeliveries)
        .set({ status: 'delivered', attempts, lastStatus: status, lastError: null, deliveredAt: now })
        .where(eq(ediWebhookDeliveries.id, delivery.id))
      await tx.insert(ediEvents).values({ orgId: delivery.orgId, documentId: doc.id, kind: 'webhook_delivered', details: { attempts, status } })
    })
    return
  }
  const next = nextAttemptAfter(attempts, now)
  await db.transaction(async (tx) => {
    await tx
      .update(ediWebhookDeliveries)
      .set({ status: next ? 'pending' : 'dead', attempts, lastStatus: status, lastError: error, ...(next ? { nextAttemptAt: next } : {}) })
      .where(eq(ediWebhookDeliveries.id, delivery.id))
    if (!next) await tx.insert(ediEvents).values({ orgId: delivery.orgId, documentId: doc.id, kind: 'webhook_dead', details: { attempts, error } })
  })
}

/**
 * Attempts every pending delivery that is due at `now`. `fetch` is injectable for tests; a failure is recorded,
 * never thrown. Two nodes may attempt one delivery at once (at worst a duplicate announcement, which the payload's
 * id makes harmless to the receiver).
 */
export async function deliverDueWebhooks({ now = new Date(), fetch: send = fetch as unknown as Fetch }: { now?: Date; fetch?: Fetch } = {}) {
  if (!env.WEBHOOK_SIGNING_KEY) return { attempted: 0 }
  const due = await db
    .select()
    .from(ediWebhookDeliveries)
    .where(and(eq(ediWebhookDeliveries.status, 'pending'), lte(ediWebhookDeliveries.nextAttemptAt, now)))
    .orderBy(asc(ediWebhookDeliveries.nextAttemptAt))
    .limit(BATCH)
  for (const d of due)
    await attempt(d, now, send).catch((e: unknown) => logger.warn({ err: (e as Error).message, deliveryId: d.id }, 'webhook attempt failed'))
  return { attempted: due.length }
}

/** The dead letters of one account, newest first, for the desk's page with its resend button. */
export async function listDeadLetters({ orgId }: { scope: AnyScope; orgId: string }) {
  return db
    .select({
      id: ediWebhookDeliveries.id,
      documentId: ediWebhookDeliveries.documentId,
      documentNumber: ediDocuments.documentNumber,
      kind: ediDocuments.kind,
      url: ediWebhookDeliveries.url,
      attempts: ediWebhookDeliveries.attempts,
      lastStatus: ediWebhookDeliveries.lastStatus,
      lastError: ediWebhookDeliveries.lastError,
      createdAt: ediWebhookDeliveries.createdAt,
    })
    .from(ediWebhookDeliveries)
    .innerJoin(ediDocuments, eq(ediDocuments.id, ediWebhookDeliveries.documentId))
    .where(and(eq(ediWebhookDeliveries.orgId, orgId), eq(ediWebhookDeliveries.status, 'dead')))
    .orderBy(desc(ediWebhookDeliveries.createdAt))
    .limit(200)
}

/**
 * Puts a dead delivery back in the queue, due now, with a fresh count of attempts; audited. `documentId` binds it
 * to the page it was pressed on: a delivery id from another document's page (a forged form) is not found.
 */
export async function resendDelivery({
  scope,
  actor,
  deliveryId,
  documentId,
}: {
  scope: AnyScope
  actor: Actor
  deliveryId: string
  documentId?: string
}): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(ediWebhookDeliveries)
      .set({ status: 'pending', attempts: 0, nextAttemptAt: new Date(), lastError: null })
      .where(
        and(
          eq(ediWebhookDeliveries.id, deliveryId),
          eq(ediWebhookDeliveries.status, 'dead'),
          inScope(scope, ediWebhookDeliveries.orgId),
          documentId ? eq(ediWebhookDeliveries.documentId, documentId) : undefined,
        ),
      )
      .returning({ orgId: ediWebhookDeliveries.orgId, documentId: ediWebhookDeliveries.documentId })
    if (!row) return false
    await tx.insert(ediEvents).values({ orgId: row.orgId, documentId: row.documentId, kind: 'webhook_resent', actorId: actor.userId })
    // The audit log names who resent (the 'edi.resent' action and its sentence existed, but nothing wrote them).
    const [doc] = await tx.select({ number: ediDocuments.documentNumber }).from(ediDocuments).where(eq(ediDocuments.id, row.documentId))
    await writeAudit(tx, actor, {
      action: 'edi.resent',
      entity: 'edi_document',
      entityId: row.documentId,
      orgId: row.orgId,
      details: { document: doc?.number ?? '' },
    })
    return true
  })
}
