import { and, eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { ediDocuments, ediEvents, ediInterchanges, ediTransmissions, orders } from '../../db/schema'
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
  setStock,
} from '../factories'
import { startApp, type App } from '../http-harness'

// "No duplicates, three cases told apart" (issue 12): the same bytes again get the first answer and create nothing;
// the same interchange reference with other bytes is rejected (CONTRL UCI 4, 0085 26) and books nothing; twenty
// identical posts at once make one order, by EDIFACT and by JSON (Idempotency-Key, or the business duplicate).

let app: App
const w = {} as { orgId: string; token: string; partnerGln: string; ourGln: string; gtin: string }

const gtin13 = (twelve: string) => {
  const sum = [...twelve].reduce((s, d, i) => s + Number(d) * (i % 2 ? 3 : 1), 0)
  return twelve + ((10 - (sum % 10)) % 10)
}

function ordersText(o: { ref: string; po: string; qty: number }) {
  const body = [
    'UNH+1+ORDERS:D:96A:UN:EAN008',
    `BGM+220+${o.po}+9`,
    'DTM+137:20260301:102',
    `NAD+BY+${w.partnerGln}::9`,
    `NAD+SU+${w.ourGln}::9`,
    `LIN+1++${w.gtin}:EN`,
    `QTY+21:${o.qty}`,
    'UNS+S',
    'CNT+2:1',
  ]
  return `UNA:+.? 'UNB+UNOC:3+${w.partnerGln}:14+${w.ourGln}:14+260301:1200+${o.ref}++ORDERS'${body.join("'")}'UNT+${body.length + 1}+1'UNZ+1+${o.ref}'`
}

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  app.request(path, { method: 'POST', body, headers: { authorization: `Bearer ${w.token}`, 'content-type': 'application/edifact', ...headers } })
const count = async (table: typeof orders | typeof ediTransmissions | typeof ediDocuments, orgColumn = table.orgId) =>
  (
    await db
      .select({ n: sql<number>`count(*)::int` })
      .from(table)
      .where(eq(orgColumn, w.orgId))
  )[0].n

beforeAll(async () => {
  app = await startApp()
  const org = await createOrganisation(db, { kind: 'key_account' })
  const admin = await createMember(db, org, 'account_admin')
  const partner = await createEdiPartner(db, org.id, { mode: 'production' })
  const category = await createCategory(db)
  const vat = await createTaxClass(db)
  const wh = await createWarehouse(db)
  const gtin = gtin13('460700011111')
  const p = await createProduct(db, { categoryId: category.id, taxClassId: vat.id, sku: 'IDEM-1', gtin })
  await setStock(db, { productId: p.id, warehouseId: wh.id, atp: 10_000, leadDays: 1 })
  await createPriceList(db, { assign: { scope: 'global' }, prices: { [p.id]: [[1, 150_00]] } })
  const { token } = await createApiKey({ orgId: org.id, userId: admin.id })
  Object.assign(w, { orgId: org.id, token, partnerGln: partner.partnerGln!, ourGln: partner.ourGln!, gtin })
})
afterAll(async () => app?.close())

describe('interchange idempotency', () => {
  it('twenty identical ORDERS at once make one order and one answer', async () => {
    const text = ordersText({ ref: 'PAR1', po: 'PO-PAR-1', qty: 2 })
    const answers = await Promise.all(Array.from({ length: 20 }, () => post('/api/v1/interchanges', text)))
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200))
    expect(new Set(answers.map((a) => a.body)).size).toBe(1)
    expect(answers[0].body).toMatch(/UCI\+PAR1\+[^']*\+7'/)
    const booked = await db
      .select({ id: orders.id })
      .from(orders)
      .where(and(eq(orders.orgId, w.orgId), eq(orders.poNumber, 'PO-PAR-1')))
    expect(booked).toHaveLength(1)
    const inbound = await db
      .select({ id: ediTransmissions.id })
      .from(ediTransmissions)
      .where(and(eq(ediTransmissions.orgId, w.orgId), eq(ediTransmissions.direction, 'in')))
    expect(inbound).toHaveLength(1)
  })

  it('a byte-identical resend returns the stored answer and creates nothing', async () => {
    const text = ordersText({ ref: 'RES1', po: 'PO-RES-1', qty: 3 })
    const first = await post('/api/v1/interchanges', text)
    expect(first.status).toBe(200)
    const before = { orders: await count(orders), transmissions: await count(ediTransmissions), documents: await count(ediDocuments) }
    const again = await post('/api/v1/interchanges', text)
    expect(again.status).toBe(200)
    expect(again.body).toBe(first.body)
    expect({ orders: await count(orders), transmissions: await count(ediTransmissions), documents: await count(ediDocuments) }).toEqual(before)
    const resends = await db
      .select({ id: ediEvents.id })
      .from(ediEvents)
      .where(and(eq(ediEvents.orgId, w.orgId), eq(ediEvents.kind, 'duplicate_resend')))
    expect(resends.length).toBeGreaterThanOrEqual(1)
  })

  it('the same reference with other bytes is rejected with 0085 26, flagged, and books nothing', async () => {
    const first = await post('/api/v1/interchanges', ordersText({ ref: 'CHG1', po: 'PO-CHG-1', qty: 1 }))
    expect(first.body).toMatch(/UCI\+CHG1\+[^']*\+7'/)
    const ordersBefore = await count(orders)
    const changed = await post('/api/v1/interchanges', ordersText({ ref: 'CHG1', po: 'PO-CHG-2', qty: 5 }))
    expect(changed.status).toBe(200)
    expect(changed.headers.get('content-type')).toContain('application/edifact')
    expect(changed.body).toMatch(/UCI\+CHG1\+[^']*\+4\+26/)
    expect(await count(orders)).toBe(ordersBefore)
    const flagged = await db
      .select({ status: ediDocuments.status, statusReason: ediDocuments.statusReason })
      .from(ediDocuments)
      .where(and(eq(ediDocuments.orgId, w.orgId), eq(ediDocuments.documentNumber, 'PO-CHG-2')))
    expect(flagged).toEqual([{ status: 'duplicate', statusReason: 'duplicate_reference' }])
    const [original] = await db
      .select({ id: ediInterchanges.id, status: ediInterchanges.status })
      .from(ediInterchanges)
      .where(and(eq(ediInterchanges.orgId, w.orgId), eq(ediInterchanges.controlRef, 'CHG1'), eq(ediInterchanges.direction, 'in')))
    expect(original.status).toBe('accepted')
    const events = await db.select({ kind: ediEvents.kind }).from(ediEvents).where(eq(ediEvents.interchangeId, original.id))
    expect(events.map((e) => e.kind)).toContain('duplicate_reference')
  })

  it('a reference reused after the profile’s duplicate window is a new interchange, booked', async () => {
    const first = await post('/api/v1/interchanges', ordersText({ ref: 'OLD1', po: 'PO-OLD-1', qty: 1 }))
    expect(first.body).toMatch(/UCI\+OLD1\+[^']*\+7'/)
    // The first use is older than the window (90 days by default): a partner whose counter wrapped.
    await db
      .update(ediInterchanges)
      .set({ createdAt: sql`now() - interval '91 days'` })
      .where(and(eq(ediInterchanges.orgId, w.orgId), eq(ediInterchanges.controlRef, 'OLD1')))
    const ordersBefore = await count(orders)
    const reused = await post('/api/v1/interchanges', ordersText({ ref: 'OLD1', po: 'PO-OLD-2', qty: 2 }))
    expect(reused.body).toMatch(/UCI\+OLD1\+[^']*\+7'/)
    expect(await count(orders)).toBe(ordersBefore + 1)
    const [doc] = await db
      .select({ status: ediDocuments.status })
      .from(ediDocuments)
      .where(and(eq(ediDocuments.orgId, w.orgId), eq(ediDocuments.documentNumber, 'PO-OLD-2')))
    expect(doc.status).toBe('booked')
  })

  it('the same order number in a new interchange is a business duplicate: held, not booked', async () => {
    await post('/api/v1/interchanges', ordersText({ ref: 'BD1', po: 'PO-BD-1', qty: 1 }))
    const ordersBefore = await count(orders)
    const second = await post('/api/v1/interchanges', ordersText({ ref: 'BD2', po: 'PO-BD-1', qty: 1 }))
    expect(second.body).toMatch(/UCI\+BD2\+[^']*\+7'/)
    expect(await count(orders)).toBe(ordersBefore)
    const docs = await db
      .select({ status: ediDocuments.status, reason: ediDocuments.statusReason })
      .from(ediDocuments)
      .where(and(eq(ediDocuments.orgId, w.orgId), eq(ediDocuments.documentNumber, 'PO-BD-1')))
      .orderBy(ediDocuments.seq)
    expect(docs).toEqual([
      { status: 'booked', reason: null },
      { status: 'held', reason: 'business_duplicate' },
    ])
  })
})

describe('JSON idempotency', () => {
  const order = (po: string, qty = 1) => JSON.stringify({ orderNumber: po, lines: [{ gtin: w.gtin, qty }] })
  const postJson = (body: string, key?: string) =>
    app.request('/api/v1/orders', {
      method: 'POST',
      body,
      headers: { authorization: `Bearer ${w.token}`, 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
    })

  it('the same key and body get the first answer; another body with the key is 422', async () => {
    const first = await postJson(order('PO-J-1'), 'key-1')
    expect(first.status).toBe(201)
    const answer = JSON.parse(first.body) as { status: string; orderNumber: string }
    expect(answer.status).toBe('booked')
    const ordersBefore = await count(orders)
    const again = await postJson(order('PO-J-1'), 'key-1')
    expect(again.status).toBe(201)
    expect(again.body).toBe(first.body)
    const other = await postJson(order('PO-J-1', 7), 'key-1')
    expect(other.status).toBe(422)
    expect(JSON.parse(other.body)).toMatchObject({ code: 'idempotency_key_reused', status: 422 })
    expect(await count(orders)).toBe(ordersBefore)
  })

  it('twenty identical posts with one key make one order', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, () => postJson(order('PO-J-PAR'), 'key-par')))
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([201]))
    expect(new Set(answers.map((a) => a.body)).size).toBe(1)
    expect(
      await db
        .select({ id: orders.id })
        .from(orders)
        .where(and(eq(orders.orgId, w.orgId), eq(orders.poNumber, 'PO-J-PAR'))),
    ).toHaveLength(1)
  })

  it('twenty posts of one order number without a key make one order; the rest are held', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, () => postJson(order('PO-J-NOKEY'))))
    const statuses = answers.map((a) => (JSON.parse(a.body) as { status: string }).status).sort()
    expect(statuses).toEqual(['booked', ...Array(19).fill('held')])
    expect(
      await db
        .select({ id: orders.id })
        .from(orders)
        .where(and(eq(orders.orgId, w.orgId), eq(orders.poNumber, 'PO-J-NOKEY'))),
    ).toHaveLength(1)
  })
})
