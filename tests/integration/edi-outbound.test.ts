import { and, asc, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { ediDocuments, ediInterchanges } from '../../db/schema/edi'
import { orders } from '../../db/schema/orders'
import { grantScope } from '../../app/modules/auth/scope.server'
import { confirmOrder, markDelivered, shipOrder } from '../../app/modules/ordering/mutations.server'
import { dispatchOrderEvents } from '../../app/modules/edi/mutations.server'
import { inventoryFor, priceCatalogFor } from '../../app/modules/edi/queries.server'
import { OutboundDocumentSchema } from '../../app/modules/edi/document-schemas'
import { parseEdifact } from '../../app/modules/edi/edifact'
import { parseX12 } from '../../app/modules/edi/x12'
import { businessClock } from '../../app/utils/clock.server'
import { nextWorkingDayOnOrAfter } from '../../app/modules/delivery-terms/earliest-date'
import { ruCalendar } from '../../app/modules/delivery-terms/ru-calendar'
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
  placeCartOrder,
  setStock,
} from '../factories'
import { startApp, type App } from '../http-harness'

// The desk's actions on EDI orders become documents in the partner's syntax (issue 12, "Outbound").

let app: App
let today: string
// Confirmed dates must be working days: on a weekend, today is not one.
let confirmDay: string
const desk = grantScope('manage:order:any', null)
const actor = { userId: null, email: 'desk@test', ip: null }
const w = {} as { lamp: { id: string }; empty: { id: string }; wh: { id: string } }

/** An EDI order: booked by the real checkout functions, then marked as EDI with a hand-made inbound ORDERS row. */
async function ediOrder(org: { id: string }, userId: string, qty = 10) {
  const placed = await placeCartOrder({ orgId: org.id, userId, lines: [{ productId: w.lamp.id, qty }] })
  const orderId = placed.orderId
  await db.update(orders).set({ channel: 'edi' }).where(eq(orders.id, orderId))
  await db.insert(ediDocuments).values({
    orgId: org.id,
    direction: 'in',
    syntax: 'edifact',
    messageType: 'ORDERS',
    kind: 'order',
    documentNumber: `PO-${orderId.slice(0, 6)}`,
    status: 'booked',
    orderId,
    canonical: {
      kind: 'order',
      documentNumber: `PO-${orderId.slice(0, 6)}`,
      function: 'original',
      lines: [{ lineNo: '10', buyerArticle: 'BUY-LAMP', supplierArticle: 'OB-LAMP', qty: String(qty) }],
    },
  })
  return orderId
}

async function account(o: Parameters<typeof createEdiPartner>[2] = {}) {
  const org = await createOrganisation(db, { kind: 'key_account' })
  const admin = await createMember(db, org, 'account_admin', { locale: 'en' })
  await createEdiPartner(db, org.id, { orderResponse: 'review', ...o })
  const key = await createApiKey({ orgId: org.id, userId: admin.id })
  return { org, admin, key: key.token }
}

const outDocs = (orgId: string) =>
  db
    .select()
    .from(ediDocuments)
    .where(and(eq(ediDocuments.orgId, orgId), eq(ediDocuments.direction, 'out')))
    .orderBy(asc(ediDocuments.seq))

beforeAll(async () => {
  app = await startApp()
  today = (await businessClock()).today
  confirmDay = nextWorkingDayOnOrAfter(today, ruCalendar)
  const category = await createCategory(db)
  const vat = await createTaxClass(db, { rates: [['2000-01-01', 2000]] })
  const wh = await createWarehouse(db)
  const lamp = await createProduct(db, { categoryId: category.id, taxClassId: vat.id, sku: 'OB-LAMP', gtin: '4607000000019' })
  const empty = await createProduct(db, { categoryId: category.id, taxClassId: vat.id, sku: 'OB-EMPTY' })
  await setStock(db, { productId: lamp.id, warehouseId: wh.id, atp: 1000, leadDays: 1 })
  await setStock(db, { productId: empty.id, warehouseId: wh.id, atp: 0, leadDays: 1 })
  await createPriceList(db, { assign: { scope: 'global' }, prices: { [lamp.id]: [[1, 100_00]], [empty.id]: [[1, 5_00]] } })
  Object.assign(w, { lamp, empty, wh })
})
afterAll(async () => app?.close())

describe('outbound documents from the desk', () => {
  it('confirm → ORDRSP, ship → DESADV, deliver → INVOIC with VAT, in EDIFACT', async () => {
    const { org, admin } = await account({ syntax: 'edifact' })
    const orderId = await ediOrder(org, admin.id, 10)
    const date = (await db.select({ d: orders.requestedDate }).from(orders).where(eq(orders.id, orderId)))[0].d
    const confirmed = await confirmOrder({
      scope: desk,
      actor,
      orderId,
      input: { lines: [{ lineNo: 1, qty: 8, date: date ?? confirmDay, rest: 'cancel' }], note: '' },
    })
    expect(confirmed).toMatchObject({ ok: true })
    expect((await dispatchOrderEvents()).sent).toBe(1)
    // Once: a second run sends nothing more.
    expect((await dispatchOrderEvents()).sent).toBe(0)
    let docs = await outDocs(org.id)
    expect(docs.map((d) => d.messageType)).toEqual(['ORDRSP'])
    const ordrsp = docs[0].canonical as { status: string; lines: { lineNo: string; qty: string; action: string; buyerArticle?: string }[] }
    expect(ordrsp.status).toBe('changed')
    expect(ordrsp.lines[0]).toMatchObject({ lineNo: '10', qty: '8', action: 'changed', buyerArticle: 'BUY-LAMP' })
    const parsed = parseEdifact(Buffer.from(docs[0].body!), { tolerant: false })
    expect(parsed.interchanges[0].messages[0].type).toBe('ORDRSP')
    expect(parsed.interchanges[0].issues.filter((i) => i.severity === 'error')).toEqual([])

    expect(
      await shipOrder({ scope: desk, actor, orderId, input: { carrier: 'DPD', trackingNumber: 'TRK1', lines: [{ lineNo: 1, qty: 8 }] } }),
    ).toMatchObject({ ok: true })
    expect(await markDelivered({ scope: desk, actor, orderId })).toMatchObject({ ok: true })
    expect((await dispatchOrderEvents()).sent).toBe(2)
    docs = await outDocs(org.id)
    expect(docs.map((d) => d.messageType)).toEqual(['ORDRSP', 'DESADV', 'INVOIC'])
    const desadv = docs[1].canonical as { sscc?: string; carrier: string; lines: { orderLineNo: string; qty: string }[] }
    expect(desadv).toMatchObject({ carrier: 'DPD', lines: [{ orderLineNo: '10', qty: '8' }] })
    expect(desadv.sscc).toMatch(/^\d{18}$/)
    const invoice = docs[2].canonical as { totals: { net: string; vat: string }; vatBreakdown: { rate: string }[] }
    expect(invoice.totals.net).toBe('800.00')
    expect(invoice.vatBreakdown[0].rate).toBe('20')
    for (const d of docs) expect(OutboundDocumentSchema.safeParse(d.canonical).success).toBe(true)
    // Control numbers: one interchange each, 1, 2, 3 for this partner.
    const refs = await db
      .select({ ref: ediInterchanges.controlRef })
      .from(ediInterchanges)
      .where(eq(ediInterchanges.orgId, org.id))
      .orderBy(asc(ediInterchanges.createdAt))
    expect(refs.map((r) => r.ref).sort()).toEqual(['1', '2', '3'])
  })

  it('answers in X12 (855, ISA13 nine digits) and in JSON', async () => {
    const x = await account({ syntax: 'x12', isaId: 'BUYERX', isaQualifier: 'ZZ', ourIsaId: 'PORTAL', ourIsaQualifier: 'ZZ' })
    const j = await account({ syntax: 'json' })
    for (const a of [x, j]) {
      const orderId = await ediOrder(a.org, a.admin.id, 5)
      await confirmOrder({ scope: desk, actor, orderId, input: { lines: [{ lineNo: 1, qty: 5, date: confirmDay }], note: '' } })
    }
    await dispatchOrderEvents()
    const [x855] = await outDocs(x.org.id)
    expect(x855.messageType).toBe('855')
    const parsed = parseX12(Buffer.from(x855.body!), { tolerant: false })
    expect(parsed.interchanges[0].controlRef).toBe('000000001')
    const [json] = await outDocs(j.org.id)
    expect(json.messageType).toBe('json')
    expect(JSON.parse(json.body!)).toMatchObject({ kind: 'order_response', lines: [{ qty: '5' }] })
  })

  it('PRICAT lists the account’s prices; INVRPT includes zero-stock lines', async () => {
    const { org } = await account()
    const scope = grantScope('read:catalog:org', org.id)
    const catalog = await priceCatalogFor({ scope, date: today })
    expect(catalog.lines.find((l) => l.supplierArticle === 'OB-LAMP')).toMatchObject({ price: '100.00', vatRate: '20' })
    const inventory = await inventoryFor({ scope })
    expect(inventory.lines.find((l) => l.supplierArticle === 'OB-EMPTY')).toMatchObject({ qty: '0' })
    expect(OutboundDocumentSchema.safeParse(catalog).success).toBe(true)
    expect(OutboundDocumentSchema.safeParse(inventory).success).toBe(true)
  })
})

describe('the mailbox over HTTP', () => {
  it('pages with a cursor, acknowledges by id; another account gets 404', async () => {
    const a = await account({ syntax: 'json' })
    const b = await account({ syntax: 'json' })
    for (let i = 0; i < 3; i++) {
      const orderId = await ediOrder(a.org, a.admin.id, 1)
      await confirmOrder({ scope: desk, actor, orderId, input: { lines: [{ lineNo: 1, qty: 1, date: confirmDay }], note: '' } })
    }
    await dispatchOrderEvents()
    const auth = (key: string) => ({ headers: { authorization: `Bearer ${key}` } })
    const first = await app.request('/api/v1/messages?limit=2', auth(a.key))
    expect(first.status).toBe(200)
    const page1 = JSON.parse(first.body) as { items: { id: string }[]; next: string | null }
    expect(page1.items).toHaveLength(2)
    const second = JSON.parse((await app.request(`/api/v1/messages?limit=2&cursor=${page1.next}`, auth(a.key))).body) as typeof page1
    expect(second.items).toHaveLength(1)
    expect(second.next).toBeNull()
    const id = page1.items[0].id
    expect((await app.request(`/api/v1/messages/${id}`, auth(b.key))).status).toBe(404)
    expect((await app.request(`/api/v1/messages/${id}/ack`, { method: 'POST', ...auth(b.key) })).status).toBe(404)
    const one = await app.request(`/api/v1/messages/${id}`, auth(a.key))
    expect(JSON.parse(one.body)).toMatchObject({ id, status: 'fetched', document: { kind: 'order_response' } })
    const ack = await app.request(`/api/v1/messages/${id}/ack`, { method: 'POST', ...auth(a.key) })
    expect(JSON.parse(ack.body)).toMatchObject({ id, status: 'acknowledged' })
    expect((await app.request(`/api/v1/messages/${id}/ack`, { method: 'POST', ...auth(a.key) })).status).toBe(200)
    const acked = JSON.parse((await app.request('/api/v1/messages?status=acknowledged', auth(a.key))).body) as typeof page1
    expect(acked.items.map((i) => i.id)).toEqual([id])
  })
})
