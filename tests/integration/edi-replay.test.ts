import { and, asc, eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { auditLog, ediDocuments, ediEvents, ediUnmappedItems, orderLines, orders, stockLevels } from '../../db/schema'
import type { ReplayResult } from '../../app/modules/edi/mutations.server'
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

// Replay on the operator's desk (issue 12, "Archive, monitor, replay"; anchors §5.4): the pipeline once more on
// the archived bytes, as a dry run showing the difference to the first run and writing nothing; a commit books a
// held order once, and is refused (in words) for a booked document or a business duplicate. Through HTTP, as the
// desk's page submits it, with a signed-in sales manager.

let app: App
const w = {} as {
  orgId: string
  token: string
  partnerGln: string
  ourGln: string
  desk: string
  accountAdmin: string
  dealerAdmin: string
  lamp: { id: string; sku: string }
  bulb: { id: string; sku: string; gtin: string }
  wh: string
}

const gtin13 = (twelve: string) => {
  const sum = [...twelve].reduce((s, d, i) => s + Number(d) * (i % 2 ? 3 : 1), 0)
  return twelve + ((10 - (sum % 10)) % 10)
}

/** An EANCOM D.96A ORDERS with one line, naming the item by the buyer's article (PIA IN) or by GTIN (LIN EN). */
function ordersText(o: { ref: string; po: string; qty: number; article?: string; gtin?: string }) {
  const body = [
    'UNH+1+ORDERS:D:96A:UN:EAN008',
    `BGM+220+${o.po}+9`,
    'DTM+137:20261201:102',
    `NAD+BY+${w.partnerGln}::9`,
    `NAD+SU+${w.ourGln}::9`,
    o.gtin ? `LIN+1++${o.gtin}:EN` : 'LIN+1',
    ...(o.article ? [`PIA+5+${o.article}:IN`] : []),
    `QTY+21:${o.qty}`,
    'UNS+S',
    'CNT+2:1',
  ]
  return `UNA:+.? 'UNB+UNOC:3+${w.partnerGln}:14+${w.ourGln}:14+261201:1200+${o.ref}++ORDERS'${body.join("'")}'UNT+${body.length + 1}+1'UNZ+1+${o.ref}'`
}

async function postOrders(text: string) {
  const res = await app.request('/api/v1/interchanges', {
    body: text,
    headers: { authorization: `Bearer ${w.token}`, 'content-type': 'application/edifact' },
  })
  expect(res.status).toBe(200)
}

/** The inbound documents carrying one order number, oldest first. */
const docsOf = (po: string) =>
  db
    .select()
    .from(ediDocuments)
    .where(and(eq(ediDocuments.orgId, w.orgId), eq(ediDocuments.documentNumber, po), eq(ediDocuments.direction, 'in')))
    .orderBy(asc(ediDocuments.seq))

const ordersOf = (po: string) =>
  db
    .select({ id: orders.id, number: orders.number })
    .from(orders)
    .where(and(eq(orders.orgId, w.orgId), eq(orders.poNumber, po)))

const countOf = async (table: typeof orders | typeof ediDocuments | typeof ediEvents | typeof ediUnmappedItems) =>
  (
    await db
      .select({ n: sql<number>`count(*)::int` })
      .from(table)
      .where(eq(table.orgId, w.orgId))
  )[0].n

/** What a dry run must leave exactly as it was: orders, documents, queue, audit, and the stock reserved. */
async function footprint() {
  const atp = await db
    .select({ productId: stockLevels.productId, atp: stockLevels.atp })
    .from(stockLevels)
    .where(eq(stockLevels.warehouseId, w.wh))
    .orderBy(asc(stockLevels.productId))
  const audits = (
    await db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditLog)
      .where(eq(auditLog.action, 'edi.replayed'))
  )[0].n
  return {
    orders: await countOf(orders),
    documents: await countOf(ediDocuments),
    unmapped: await countOf(ediUnmappedItems),
    audits,
    atp,
  }
}

const pageUrl = (documentId: string) => `/desk/edi/documents/${documentId}`
const dataUrl = (documentId: string) => `${pageUrl(documentId)}?_data=${encodeURIComponent('routes/desk.edi.documents.$documentId')}`

/** The desk's replay form as JSON (the action's data, what the page renders) … */
async function replayData(documentId: string, intent: 'replay' | 'replay-commit', cookie = w.desk) {
  const res = await app.request(dataUrl(documentId), { cookie, form: { intent } })
  expect(res.status).toBe(200)
  return (JSON.parse(res.body) as { replay: ReplayResult }).replay
}
/** … and as the page a person reads after pressing the button. */
async function replayPage(documentId: string, intent: 'replay' | 'replay-commit') {
  const res = await app.request(pageUrl(documentId), { cookie: w.desk, form: { intent } })
  expect(res.status).toBe(200)
  // React's text separators between adjacent strings are not what a reader sees.
  return res.body.replaceAll('<!-- -->', '')
}

beforeAll(async () => {
  app = await startApp()
  const operator = await createOrganisation(db, { kind: 'operator' })
  const org = await createOrganisation(db, { kind: 'key_account' })
  const dealer = await createOrganisation(db, { kind: 'dealer' })
  const admin = await createMember(db, org, 'account_admin', { locale: 'en' })
  const dealerAdmin = await createMember(db, dealer, 'dealer_admin', { locale: 'en' })
  const sales = await createMember(db, operator, 'sales_manager', { locale: 'en' })
  const partner = await createEdiPartner(db, org.id, {
    orderResponse: 'review',
    unknownItem: 'hold',
    itemIds: ['buyer_article', 'gtin', 'sku'],
  })
  const category = await createCategory(db)
  const vat = await createTaxClass(db)
  const wh = await createWarehouse(db)
  const lamp = await createProduct(db, { categoryId: category.id, taxClassId: vat.id, sku: 'RPL-LAMP' })
  const bulbGtin = gtin13('460700022222')
  const bulb = await createProduct(db, { categoryId: category.id, taxClassId: vat.id, sku: 'RPL-BULB', gtin: bulbGtin })
  await setStock(db, { productId: lamp.id, warehouseId: wh.id, atp: 1000, leadDays: 1 })
  await setStock(db, { productId: bulb.id, warehouseId: wh.id, atp: 1000, leadDays: 1 })
  await createPriceList(db, { assign: { scope: 'global' }, prices: { [lamp.id]: [[1, 100_00]], [bulb.id]: [[1, 40_00]] } })
  await setDeliveryTerms(db, org.id)
  const { token } = await createApiKey({ orgId: org.id, userId: admin.id })
  Object.assign(w, {
    orgId: org.id,
    token,
    partnerGln: partner.partnerGln!,
    ourGln: partner.ourGln!,
    desk: await app.login(sales.email, defaultTestPassword),
    accountAdmin: await app.login(admin.email, defaultTestPassword),
    dealerAdmin: await app.login(dealerAdmin.email, defaultTestPassword),
    lamp,
    bulb: { ...bulb, gtin: bulbGtin },
    wh: wh.id,
  })
})
afterAll(async () => app?.close())

describe('replay of a held order after its item was mapped', () => {
  let docId: string

  it('the first run held it: the buyer article is unknown', async () => {
    await postOrders(ordersText({ ref: 'RPL1', po: 'PO-RPL-1', qty: 3, article: 'ART-RPL-1' }))
    const [doc] = await docsOf('PO-RPL-1')
    expect(doc).toMatchObject({ status: 'held', statusReason: 'unmapped_item', orderId: null })
    docId = doc.id
    const mapped = await app.request('/desk/edi/mapping', {
      cookie: w.desk,
      form: { orgId: w.orgId, idType: 'buyer_article', code: 'ART-RPL-1', sku: w.lamp.sku },
    })
    expect(mapped.status).toBe(200)
  })

  it('a dry run shows what changed since the first run and creates nothing', async () => {
    const before = await footprint()
    const replay = await replayData(docId, 'replay')
    expect(replay).toMatchObject({ allowed: true, refusal: null, committed: false })
    expect(replay.before).toMatchObject({ status: 'held', booked: false })
    expect(replay.after).toMatchObject({ status: 'booked', booked: true })
    const diff = Object.fromEntries(replay.differences.map((d) => [d.field, d]))
    // Line 1 was refused for its unknown item; now it is accepted at the price list's 100.00, with a date.
    expect(diff.action).toMatchObject({ lineNo: '1', after: 'accepted' })
    expect(diff.action.before).not.toBe('accepted')
    expect(diff.price).toMatchObject({ lineNo: '1', after: '100.00' })
    expect(diff.reason).toMatchObject({ lineNo: '1', before: 'unmapped_item' })
    expect(diff.date?.after).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(diff.qty).toMatchObject({ before: '0', after: '3' })

    // The page a person reads: the dry run's table and the commit button.
    const page = await replayPage(docId, 'replay')
    expect(page).toContain('Dry run: differences from the first run')
    expect(page).toContain('100.00')
    expect(page).toContain('value="replay-commit"')
    expect(await footprint()).toEqual(before)
    expect(await docsOf('PO-RPL-1')).toMatchObject([{ id: docId, status: 'held', orderId: null }])
  })

  it('commit books it once, audited; committing again is refused and books nothing more', async () => {
    const before = await footprint()
    const replay = await replayData(docId, 'replay-commit')
    expect(replay).toMatchObject({ allowed: true, committed: true, after: { status: 'booked', booked: true } })
    const booked = await ordersOf('PO-RPL-1')
    expect(booked).toHaveLength(1)
    const [doc] = await docsOf('PO-RPL-1')
    expect(doc).toMatchObject({ id: docId, status: 'booked', orderId: booked[0].id })
    const lines = await db
      .select({ productId: orderLines.productId, qty: orderLines.qty })
      .from(orderLines)
      .where(eq(orderLines.orderId, booked[0].id))
    expect(lines).toEqual([{ productId: w.lamp.id, qty: 3 }])
    // The replay updated its own document (no second one) and reserved the stock once.
    const after = await footprint()
    expect(after).toMatchObject({ orders: before.orders + 1, documents: before.documents, audits: before.audits + 1 })
    expect(after.atp.find((s) => s.productId === w.lamp.id)!.atp).toBe(before.atp.find((s) => s.productId === w.lamp.id)!.atp - 3)
    const [audit] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'edi.replayed'), eq(auditLog.entityId, docId)))
    expect(audit).toMatchObject({ orgId: w.orgId, details: { document: 'PO-RPL-1', outcome: booked[0].number } })

    const again = await replayData(docId, 'replay-commit')
    expect(again).toMatchObject({ allowed: false, committed: false, refusal: 'already_booked' })
    const page = await replayPage(docId, 'replay-commit')
    expect(page).toContain('Cannot be committed: the order is already booked')
    expect(page).not.toContain('value="replay-commit"')
    expect(await ordersOf('PO-RPL-1')).toHaveLength(1)
    expect(await footprint()).toMatchObject({ orders: after.orders, documents: after.documents })
  })

  it('two commits pressed at once still book one order', async () => {
    await postOrders(ordersText({ ref: 'RPL3', po: 'PO-RPL-3', qty: 2, article: 'ART-RPL-3' }))
    const [doc] = await docsOf('PO-RPL-3')
    expect(doc.status).toBe('held')
    await app.request('/desk/edi/mapping', { cookie: w.desk, form: { orgId: w.orgId, idType: 'buyer_article', code: 'ART-RPL-3', sku: w.lamp.sku } })
    const results = await Promise.all([0, 1, 2].map(() => replayData(doc.id, 'replay-commit')))
    expect(results.filter((r) => r.committed)).toHaveLength(1)
    expect(results.filter((r) => !r.committed).map((r) => r.refusal)).toEqual(['already_booked', 'already_booked'])
    expect(await ordersOf('PO-RPL-3')).toHaveLength(1)
    expect(await docsOf('PO-RPL-3')).toMatchObject([{ status: 'booked' }])
  })
})

describe('replay of a business duplicate', () => {
  let heldId: string

  it('shows the new price, but the duplicate stays held: commit refused with the reason', async () => {
    await postOrders(ordersText({ ref: 'RPL2A', po: 'PO-RPL-2', qty: 2, gtin: w.bulb.gtin }))
    await postOrders(ordersText({ ref: 'RPL2B', po: 'PO-RPL-2', qty: 2, gtin: w.bulb.gtin }))
    const docs = await docsOf('PO-RPL-2')
    expect(docs.map((d) => [d.status, d.statusReason])).toEqual([
      ['booked', null],
      ['held', 'business_duplicate'],
    ])
    heldId = docs[1].id
    expect(await ordersOf('PO-RPL-2')).toHaveLength(1)
    // The account's contract price for the bulb changes after the first run.
    await createPriceList(db, { assign: { scope: 'org', orgId: w.orgId }, prices: { [w.bulb.id]: [[1, 36_00]] } })

    const before = await footprint()
    const dry = await replayData(heldId, 'replay')
    expect(dry).toMatchObject({ allowed: false, committed: false, refusal: 'business_duplicate', after: { status: 'held' } })
    expect(dry.differences).toContainEqual({ lineNo: '1', field: 'price', before: '40.00', after: '36.00' })
    const page = await replayPage(heldId, 'replay')
    expect(page).toContain('Cannot be committed: an order with this number is already booked')
    expect(page).not.toContain('value="replay-commit"')
    expect(await footprint()).toEqual(before)

    // A commit sent anyway (the button is not there, the form can still be posted): nothing booked, still held.
    const forced = await replayData(heldId, 'replay-commit')
    expect(forced).toMatchObject({ allowed: false, committed: false, refusal: 'business_duplicate' })
    expect(await ordersOf('PO-RPL-2')).toHaveLength(1)
    expect((await docsOf('PO-RPL-2')).map((d) => [d.status, d.statusReason])).toEqual([
      ['booked', null],
      ['held', 'business_duplicate'],
    ])
    const afterForced = await footprint()
    expect({ orders: afterForced.orders, documents: afterForced.documents, atp: afterForced.atp }).toEqual({
      orders: before.orders,
      documents: before.documents,
      atp: before.atp,
    })
  })

  it('the booked original cannot be replayed into a second order', async () => {
    const [original] = await docsOf('PO-RPL-2')
    const replay = await replayData(original.id, 'replay-commit')
    expect(replay).toMatchObject({ allowed: false, committed: false, refusal: 'already_booked' })
    expect(await ordersOf('PO-RPL-2')).toHaveLength(1)
  })
})

describe('who may replay', () => {
  it('an account admin and a dealer admin are refused (403), and nothing is replayed', async () => {
    const [held] = await docsOf('PO-RPL-2')
    const before = await footprint()
    const events = await countOf(ediEvents)
    for (const cookie of [w.accountAdmin, w.dealerAdmin]) {
      for (const intent of ['replay', 'replay-commit']) {
        const res = await app.request(pageUrl(held.id), { cookie, form: { intent } })
        expect(res.status).toBe(403)
        expect(res.body).not.toContain('Dry run')
      }
      expect((await app.request(pageUrl(held.id), { cookie })).status).toBe(403)
    }
    expect(await footprint()).toEqual(before)
    expect(await countOf(ediEvents)).toBe(events)
  })

  it('a signed-out visitor is sent to the login page; an unknown document is not found', async () => {
    const [held] = await docsOf('PO-RPL-2')
    const anonymous = await app.request(pageUrl(held.id), { form: { intent: 'replay' } })
    expect(anonymous.status).toBe(302)
    expect(anonymous.location).toContain('/login')
    const unknown = await app.request(pageUrl('00000000-0000-4000-8000-000000000000'), { cookie: w.desk, form: { intent: 'replay' } })
    expect(unknown.status).toBe(404)
  })
})
