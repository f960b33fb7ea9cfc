import { and, eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { ediDocuments, ediEvents, ediInterchanges } from '../../db/schema'
import { grantScope } from '../../app/modules/auth/scope.server'
import { sendCatalogDocument } from '../../app/modules/edi/mutations.server'
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
  setStock,
} from '../factories'
import { startApp, type App } from '../http-harness'

// The acknowledgements the partner owes us (issue 12, "Acknowledgements, each layer exact"): a CONTRL naming our
// interchange's UNB 0020 marks that interchange acknowledged (or rejected) on its timeline; a CONTRL naming no
// interchange of ours is kept and said to match nothing; an interchange whose ack is past due shows on the desk's
// monitor as "ack overdue" until the CONTRL comes.

let app: App
const w = {} as { orgId: string; token: string; partnerGln: string; ourGln: string; desk: string; salesId: string }

async function sendPricat() {
  const sent = await sendCatalogDocument({
    scope: grantScope('manage:edi:any', null),
    actor: { userId: w.salesId, email: null, ip: null },
    orgId: w.orgId,
    kind: 'price_catalog',
  })
  if (!sent.ok) throw new Error(`PRICAT not sent: ${sent.missing}`)
  const [ic] = await db
    .select({ id: ediInterchanges.id, controlRef: ediInterchanges.controlRef, ackDueAt: ediInterchanges.ackDueAt })
    .from(ediInterchanges)
    .innerJoin(ediDocuments, eq(ediDocuments.interchangeId, ediInterchanges.id))
    .where(eq(ediDocuments.id, sent.documentId))
  return { documentId: sent.documentId, ...ic }
}

/** The partner's CONTRL for our interchange `ref`: 7 accepted, 4 rejected. */
const contrl = (own: string, ref: string, action: '7' | '4') =>
  `UNA:+.? 'UNB+UNOC:3+${w.partnerGln}:14+${w.ourGln}:14+261201:1300+${own}++CONTRL'UNH+1+CONTRL:D:3:UN'UCI+${ref}+${w.ourGln}:14+${w.partnerGln}:14+${action}'UNT+3+1'UNZ+1+${own}'`

const post = (body: string) =>
  app.request('/api/v1/interchanges', { body, headers: { authorization: `Bearer ${w.token}`, 'content-type': 'application/edifact' } })

const interchange = async (id: string) =>
  (
    await db
      .select({ status: ediInterchanges.status, ackedAt: ediInterchanges.ackedAt, ackAction: ediInterchanges.ackAction })
      .from(ediInterchanges)
      .where(eq(ediInterchanges.id, id))
  )[0]

const overdueCsv = async () => {
  const res = await app.request(`/desk/edi/${w.orgId}/messages.csv?status=ack_overdue`, { cookie: w.desk })
  expect(res.status).toBe(200)
  return res.body
}

beforeAll(async () => {
  app = await startApp()
  const operator = await createOrganisation(db, { kind: 'operator' })
  const org = await createOrganisation(db, { kind: 'key_account' })
  const admin = await createMember(db, org, 'account_admin', { locale: 'en' })
  const sales = await createMember(db, operator, 'sales_manager', { locale: 'en' })
  const partner = await createEdiPartner(db, org.id, { mode: 'production', ackExpectedHours: 24 })
  const category = await createCategory(db)
  const vat = await createTaxClass(db)
  const wh = await createWarehouse(db)
  const p = await createProduct(db, { categoryId: category.id, taxClassId: vat.id, sku: 'ACK-LAMP', gtin: '4607000111118' })
  await setStock(db, { productId: p.id, warehouseId: wh.id, atp: 10, leadDays: 1 })
  await createPriceList(db, { assign: { scope: 'global' }, prices: { [p.id]: [[1, 100_00]] } })
  const { token } = await createApiKey({ orgId: org.id, userId: admin.id })
  Object.assign(w, {
    orgId: org.id,
    token,
    partnerGln: partner.partnerGln!,
    ourGln: partner.ourGln!,
    salesId: sales.id,
    desk: await app.login(sales.email, defaultTestPassword),
  })
})
afterAll(async () => app?.close())

describe('the partner’s CONTRL for our interchanges', () => {
  it('an outbound interchange expects its CONTRL within the profile’s hours; the CONTRL marks it acknowledged', async () => {
    const sent = await sendPricat()
    const hours = (sent.ackDueAt!.getTime() - Date.now()) / 3_600_000
    expect(hours).toBeGreaterThan(23)
    expect(hours).toBeLessThanOrEqual(24)
    expect(await interchange(sent.id)).toMatchObject({ status: 'sent', ackedAt: null })

    const res = await post(contrl('PC1', sent.controlRef, '7'))
    expect(res.status).toBe(200)
    expect(await interchange(sent.id)).toMatchObject({ status: 'acknowledged', ackAction: 'accepted', ackedAt: expect.any(Date) })
    const events = await db.select({ kind: ediEvents.kind, details: ediEvents.details }).from(ediEvents).where(eq(ediEvents.interchangeId, sent.id))
    expect(events).toContainEqual({ kind: 'ack_received', details: expect.objectContaining({ ref: sent.controlRef, action: 'accepted' }) })
  })

  it('a CONTRL with 0083 = 4 marks our interchange rejected', async () => {
    const sent = await sendPricat()
    await post(contrl('PC2', sent.controlRef, '4'))
    expect(await interchange(sent.id)).toMatchObject({ status: 'rejected', ackAction: 'rejected' })
  })

  it('a CONTRL naming no interchange of ours is kept and says it matched nothing', async () => {
    const res = await post(contrl('PC3', '99999', '7'))
    expect(res.status).toBe(200)
    const [doc] = await db
      .select({ id: ediDocuments.id })
      .from(ediDocuments)
      .where(and(eq(ediDocuments.orgId, w.orgId), eq(ediDocuments.direction, 'in'), eq(ediDocuments.messageType, 'CONTRL')))
      .orderBy(sql`${ediDocuments.seq} desc`)
      .limit(1)
    const events = await db.select({ kind: ediEvents.kind, details: ediEvents.details }).from(ediEvents).where(eq(ediEvents.documentId, doc.id))
    expect(events).toContainEqual({ kind: 'ack_unmatched', details: expect.objectContaining({ ref: '99999' }) })
  })

  it('an ack past due shows on the desk’s monitor as overdue, and leaves it once the CONTRL comes', async () => {
    const sent = await sendPricat()
    const [{ number }] = await db.select({ number: ediDocuments.documentNumber }).from(ediDocuments).where(eq(ediDocuments.id, sent.documentId))
    expect(await overdueCsv()).not.toContain(number)
    await db
      .update(ediInterchanges)
      .set({ ackDueAt: sql`now() - interval '1 hour'` })
      .where(eq(ediInterchanges.id, sent.id))
    const overdue = await overdueCsv()
    expect(overdue).toContain(number)
    expect(overdue).toContain('Ack overdue')
    await post(contrl('PC4', sent.controlRef, '7'))
    expect(await overdueCsv()).not.toContain(number)
  })
})
