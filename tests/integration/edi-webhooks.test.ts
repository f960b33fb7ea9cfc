import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { auditLog, ediDocuments, ediEvents, ediWebhookDeliveries } from '../../db/schema'
import { env } from '../../app/env.server'
import { deliverDueWebhooks } from '../../app/modules/edi/mutations.server'
import { listDeadLetters, webhookSecretFor } from '../../app/modules/edi/queries.server'
import { RETRY_DELAYS_S, SIGNATURE_HEADER, verifySignature } from '../../app/modules/edi/webhook-signature'
import type { WebhookPayload } from '../../app/modules/edi/webhooks.server'
import { grantScope } from '../../app/modules/auth/scope.server'
import {
  createApiKey,
  createCategory,
  createEdiPartner,
  createMember,
  createOrganisation,
  createPriceList,
  createProduct,
  createTaxClass,
  createWarehouse,
  defaultTestPassword,
  setDeliveryTerms,
  setStock,
} from '../factories'
import { startApp, type App } from '../http-harness'

// Webhooks (issue 12, "Outbound"): a new outbound document is announced to the partner's URL, signed with HMAC
// over the exact body; a failure is retried with backoff, then listed as a dead letter that the desk resends.
// The receiver is a real HTTP server on this machine; the harness's app runs no EDI worker, so only the
// deliverDueWebhooks calls below deliver, each at the `now` it is given.

// Webhooks are off without a signing key. env is parsed once, before this file runs (the database setup imports
// it), and the app's build shares that one object: the key is set on it for this file and restored afterwards.
const signingKeyBefore = env.WEBHOOK_SIGNING_KEY
env.WEBHOOK_SIGNING_KEY = 'test-webhook-signing-key-0123456789abcdef'

interface Received {
  path: string
  headers: http.IncomingHttpHeaders
  body: string
}

let app: App
let receiver: http.Server
let receiverOrigin: string
const received: Received[] = []
/** What the receiver answers per path: a status, or 'hang' (reads the request and never answers). */
const answers = new Map<string, number | 'hang'>()
const desk = grantScope('manage:edi:any', null)
const w = {} as { gtin: string; desk: string; category: string }

const gtin13 = (twelve: string) => {
  const sum = [...twelve].reduce((s, d, i) => s + Number(d) * (i % 2 ? 3 : 1), 0)
  return twelve + ((10 - (sum % 10)) % 10)
}
const at = (base: Date, seconds: number) => new Date(base.getTime() + seconds * 1000)
const hits = (path: string) => received.filter((r) => r.path === path)

/**
 * A key account whose partner profile announces to `path` on the receiver, and the ORDRSP its ORDERS got (the
 * profile answers automatically): the outbound document and its pending delivery.
 */
async function accountWithAnnouncedDocument(path: string) {
  const org = await createOrganisation(db, { kind: 'key_account' })
  const admin = await createMember(db, org, 'account_admin', { locale: 'en' })
  const partner = await createEdiPartner(db, org.id, { orderResponse: 'automatic', webhookUrl: `${receiverOrigin}${path}` })
  await setDeliveryTerms(db, org.id)
  const { token } = await createApiKey({ orgId: org.id, userId: admin.id })
  const ref = path.replace(/\W/g, '').slice(0, 14).toUpperCase()
  const body = [
    'UNH+1+ORDERS:D:96A:UN:EAN008',
    `BGM+220+PO-${ref}+9`,
    'DTM+137:20261201:102',
    `NAD+BY+${partner.partnerGln}::9`,
    `NAD+SU+${partner.ourGln}::9`,
    `LIN+1++${w.gtin}:EN`,
    'QTY+21:2',
    'UNS+S',
    'CNT+2:1',
  ]
  const text = `UNA:+.? 'UNB+UNOC:3+${partner.partnerGln}:14+${partner.ourGln}:14+261201:1200+${ref}++ORDERS'${body.join("'")}'UNT+${body.length + 1}+1'UNZ+1+${ref}'`
  const res = await app.request('/api/v1/interchanges', {
    body: text,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/edifact' },
  })
  expect(res.status).toBe(200)
  const [doc] = await db
    .select({ id: ediDocuments.id, messageType: ediDocuments.messageType })
    .from(ediDocuments)
    .where(and(eq(ediDocuments.orgId, org.id), eq(ediDocuments.direction, 'out'), eq(ediDocuments.messageType, 'ORDRSP')))
  expect(doc).toBeDefined()
  const deliveries = await db.select().from(ediWebhookDeliveries).where(eq(ediWebhookDeliveries.documentId, doc.id))
  expect(deliveries).toMatchObject([{ status: 'pending', attempts: 0, url: `${receiverOrigin}${path}` }])
  return { orgId: org.id, admin, token, documentId: doc.id, deliveryId: deliveries[0].id }
}

const deliveryRow = async (id: string) => (await db.select().from(ediWebhookDeliveries).where(eq(ediWebhookDeliveries.id, id)))[0]

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const path = req.url ?? '/'
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') })
      const answer = answers.get(path) ?? 200
      if (answer === 'hang') return
      res.writeHead(answer, { 'content-type': 'text/plain' }).end(answer === 200 ? 'ok' : 'no')
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  receiverOrigin = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`
  app = await startApp()
  const operator = await createOrganisation(db, { kind: 'operator' })
  const sales = await createMember(db, operator, 'sales_manager', { locale: 'en' })
  const category = await createCategory(db)
  const vat = await createTaxClass(db)
  const wh = await createWarehouse(db)
  const gtin = gtin13('460700033333')
  const p = await createProduct(db, { categoryId: category.id, taxClassId: vat.id, sku: 'WH-LAMP', gtin })
  await setStock(db, { productId: p.id, warehouseId: wh.id, atp: 10_000, leadDays: 1 })
  await createPriceList(db, { assign: { scope: 'global' }, prices: { [p.id]: [[1, 50_00]] } })
  Object.assign(w, { gtin, category: category.id, desk: await app.login(sales.email, defaultTestPassword) })
})
afterAll(async () => {
  env.WEBHOOK_SIGNING_KEY = signingKeyBefore
  await app?.close()
  receiver?.closeAllConnections()
  await new Promise((resolve) => receiver?.close(resolve))
})

describe('a delivered announcement', () => {
  it('is POSTed once, signed with the partner’s secret over the exact body, and names the message', async () => {
    const a = await accountWithAnnouncedDocument('/hooks/ok')
    const now = new Date()
    await deliverDueWebhooks({ now })
    const [hit] = hits('/hooks/ok')
    expect(hits('/hooks/ok')).toHaveLength(1)
    expect(hit.headers['content-type']).toContain('application/json')
    const header = hit.headers[SIGNATURE_HEADER.toLowerCase()] as string
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/)
    const secret = await webhookSecretFor(a.orgId)
    expect(secret).toMatch(/^whsec_/)
    const nowS = Math.floor(now.getTime() / 1000)
    expect(verifySignature({ secret: secret!, body: hit.body, header, now: nowS })).toEqual({ ok: true, timestamp: nowS })
    // Over the exact body: one byte changed, or another account's secret, and it no longer verifies.
    expect(verifySignature({ secret: secret!, body: hit.body.replace('"id"', '"id" '), header, now: nowS })).toMatchObject({ ok: false })
    const other = await createOrganisation(db, { kind: 'key_account' })
    expect(verifySignature({ secret: (await webhookSecretFor(other.id))!, body: hit.body, header, now: nowS })).toMatchObject({ ok: false })

    const payload = JSON.parse(hit.body) as WebhookPayload
    expect(payload).toMatchObject({ id: a.documentId, kind: 'order_response', url: `/api/v1/messages/${a.documentId}` })
    // The URL it names is the mailbox entry, readable with the account's key.
    const message = await app.request(payload.url, { headers: { authorization: `Bearer ${a.token}` } })
    expect(message.status).toBe(200)
    expect(message.body).toContain(a.documentId)

    expect(await deliveryRow(a.deliveryId)).toMatchObject({ status: 'delivered', attempts: 1, lastStatus: 200, lastError: null })
    // Delivered means done: a later run sends nothing more.
    await deliverDueWebhooks({ now: at(now, 86_400) })
    expect(hits('/hooks/ok')).toHaveLength(1)
    const events = await db.select({ kind: ediEvents.kind }).from(ediEvents).where(eq(ediEvents.documentId, a.documentId))
    expect(events.map((e) => e.kind)).toContain('webhook_delivered')
  })
})

describe('a receiver that fails', () => {
  let a: Awaited<ReturnType<typeof accountWithAnnouncedDocument>>
  let t0: Date

  it('is retried with backoff, never before the next attempt is due, then becomes a dead letter', async () => {
    answers.set('/hooks/fail', 500)
    a = await accountWithAnnouncedDocument('/hooks/fail')
    t0 = new Date()
    await deliverDueWebhooks({ now: t0 })
    expect(hits('/hooks/fail')).toHaveLength(1)
    let row = await deliveryRow(a.deliveryId)
    expect(row).toMatchObject({ status: 'pending', attempts: 1, lastStatus: 500, lastError: 'HTTP 500' })
    expect(row.nextAttemptAt.getTime()).toBe(at(t0, RETRY_DELAYS_S[0]).getTime())

    // Each failure pushes the next attempt further out; a run a second before it is due sends nothing.
    let now = t0
    for (let i = 0; i < RETRY_DELAYS_S.length; i++) {
      const due = at(now, RETRY_DELAYS_S[i])
      const sent = hits('/hooks/fail').length
      await deliverDueWebhooks({ now: at(due, -1) })
      expect(hits('/hooks/fail')).toHaveLength(sent)
      await deliverDueWebhooks({ now: due })
      expect(hits('/hooks/fail')).toHaveLength(sent + 1)
      now = due
      row = await deliveryRow(a.deliveryId)
      expect(row.attempts).toBe(i + 2)
      if (i + 1 < RETRY_DELAYS_S.length) {
        expect(row.status).toBe('pending')
        expect(row.nextAttemptAt.getTime()).toBe(at(now, RETRY_DELAYS_S[i + 1]).getTime())
      }
    }
    // The first attempt and one per delay: then no more.
    expect(row).toMatchObject({ status: 'dead', attempts: RETRY_DELAYS_S.length + 1, lastStatus: 500 })
    await deliverDueWebhooks({ now: at(now, 7 * 86_400) })
    expect(hits('/hooks/fail')).toHaveLength(RETRY_DELAYS_S.length + 1)
    expect(await deliveryRow(a.deliveryId)).toMatchObject({ status: 'dead' })
    const events = await db.select({ kind: ediEvents.kind }).from(ediEvents).where(eq(ediEvents.documentId, a.documentId))
    expect(events.filter((e) => e.kind === 'webhook_dead')).toHaveLength(1)
  })

  it('is listed as a dead letter for its account only, and on the desk’s page of the document', async () => {
    const dead = await listDeadLetters({ scope: desk, orgId: a.orgId })
    expect(dead).toMatchObject([{ id: a.deliveryId, documentId: a.documentId, attempts: RETRY_DELAYS_S.length + 1, lastStatus: 500 }])
    const other = await createOrganisation(db, { kind: 'key_account' })
    expect(await listDeadLetters({ scope: desk, orgId: other.id })).toEqual([])
    const page = await app.request(`/desk/edi/documents/${a.documentId}`, { cookie: w.desk })
    expect(page.status).toBe(200)
    expect(page.body).toContain('Dead (retries used up)')
    expect(page.body).toContain(`name="deliveryId" value="${a.deliveryId}"`)
    expect(page.body).toContain('value="resend"')
  })

  it('cannot be resent by the account itself, nor from another document’s page', async () => {
    const admin = await app.login(a.admin.email, defaultTestPassword)
    const refused = await app.request(`/desk/edi/documents/${a.documentId}`, { cookie: admin, form: { intent: 'resend', deliveryId: a.deliveryId } })
    expect(refused.status).toBe(403)
    // Another account's document page on the desk, with this delivery's id slipped into the form.
    const b = await accountWithAnnouncedDocument('/hooks/other')
    await deliverDueWebhooks({ now: new Date() })
    const crossed = await app.request(`/desk/edi/documents/${b.documentId}`, {
      cookie: w.desk,
      form: { intent: 'resend', deliveryId: a.deliveryId },
    })
    expect(crossed.status).toBe(404)
    expect(await deliveryRow(a.deliveryId)).toMatchObject({ status: 'dead', attempts: RETRY_DELAYS_S.length + 1 })
    expect(await db.select().from(auditLog).where(eq(auditLog.action, 'edi.resent'))).toHaveLength(0)
  })

  it('is resent from the desk’s button, audited, and delivered once the receiver answers', async () => {
    const res = await app.request(`/desk/edi/documents/${a.documentId}`, { cookie: w.desk, form: { intent: 'resend', deliveryId: a.deliveryId } })
    expect(res.status).toBe(200)
    expect(res.body).toContain('The document is queued to be sent again.')
    const queued = await deliveryRow(a.deliveryId)
    expect(queued).toMatchObject({ status: 'pending', attempts: 0 })
    expect(await listDeadLetters({ scope: desk, orgId: a.orgId })).toEqual([])
    // Resending a delivery that is no longer dead is not found (a second press does nothing).
    const twice = await app.request(`/desk/edi/documents/${a.documentId}`, { cookie: w.desk, form: { intent: 'resend', deliveryId: a.deliveryId } })
    expect(twice.status).toBe(404)

    answers.set('/hooks/fail', 200)
    const sent = hits('/hooks/fail').length
    const now = new Date(Math.max(Date.now(), queued.nextAttemptAt.getTime()))
    await deliverDueWebhooks({ now })
    expect(hits('/hooks/fail')).toHaveLength(sent + 1)
    const last = hits('/hooks/fail').at(-1)!
    expect(JSON.parse(last.body)).toMatchObject({ id: a.documentId })
    const secret = (await webhookSecretFor(a.orgId))!
    expect(
      verifySignature({
        secret,
        body: last.body,
        header: last.headers[SIGNATURE_HEADER.toLowerCase()] as string,
        now: Math.floor(now.getTime() / 1000),
      }),
    ).toMatchObject({
      ok: true,
    })
    expect(await deliveryRow(a.deliveryId)).toMatchObject({ status: 'delivered', attempts: 1, lastStatus: 200, lastError: null })

    const audit = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'edi.resent'), eq(auditLog.entityId, a.documentId)))
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ orgId: a.orgId, actorEmail: expect.stringContaining('@') })
    const events = await db.select({ kind: ediEvents.kind, actorId: ediEvents.actorId }).from(ediEvents).where(eq(ediEvents.documentId, a.documentId))
    expect(events.find((e) => e.kind === 'webhook_resent')?.actorId).toBe(audit[0].actorUserId)
  })
})

describe('a receiver that never answers', () => {
  it('counts as a failed attempt once the request times out, and the run goes on', async () => {
    answers.set('/hooks/hang', 'hang')
    const a = await accountWithAnnouncedDocument('/hooks/hang')
    const b = await accountWithAnnouncedDocument('/hooks/after-hang')
    const now = new Date()
    // Resolves (the failure is recorded, not thrown) after the client's own timeout, and the delivery due after
    // the hanging one is still made in the same run.
    await expect(deliverDueWebhooks({ now })).resolves.toMatchObject({ attempted: 2 })
    expect(hits('/hooks/hang')).toHaveLength(1)
    expect(hits('/hooks/after-hang')).toHaveLength(1)
    expect(await deliveryRow(b.deliveryId)).toMatchObject({ status: 'delivered' })
    const row = await deliveryRow(a.deliveryId)
    expect(row).toMatchObject({ status: 'pending', attempts: 1, lastStatus: null })
    expect(row.lastError).toMatch(/timeout|abort/i)
    expect(row.nextAttemptAt.getTime()).toBe(at(now, RETRY_DELAYS_S[0]).getTime())
  })
})
