import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { ediDocuments, ediInterchanges, ediPartners, orderLines, orders, stockLevels } from '../../db/schema'
import { addDays, nextWorkingDayOnOrAfter } from '../../app/modules/delivery-terms/earliest-date'
import { ruCalendar } from '../../app/modules/delivery-terms/ru-calendar'
import { businessClock } from '../../app/utils/clock.server'
import {
  createApiKey,
  createCategory,
  createEdiPartner,
  createMember,
  createOrganisation,
  createPriceList,
  createProduct,
  createShipTo,
  createTaxClass,
  createWarehouse,
  defaultTestPassword,
  setDeliveryTerms,
  setStock,
} from '../factories'
import { startApp, type App } from '../http-harness'

// Issue 12: "the same order by EDI and by web checkout gets identical prices, dates and reservations".
//
// What makes the comparison fair: ONE key account places both orders, so the contract price list, the delivery
// terms and the default ship-to are the very same rows; the two orders run one after the other, and before each the
// stock rows are written back to the same snapshot, so both see the same ATP, receipts and lead times in every
// warehouse (the reservation of the first cannot steer the second to another warehouse). The cut-off is put hours
// away from the current operator time, so the seconds between the two orders cannot move the earliest dates.

let app: App
let today: string
const w = {} as {
  orgId: string
  token: string
  cookie: string
  partnerGln: string
  ourGln: string
  near: { id: string }
  far: { id: string }
  lamp: { id: string; sku: string; gtin: string | null }
  cable: { id: string; sku: string; gtin: string | null }
  slow: { id: string; sku: string; gtin: string | null }
  requestedDate: string
  shipToId: string
}

type Snapshot = { productId: string; warehouseId: string; atp: number; nextReceiptDate: string | null; nextReceiptQty: number; leadDays: number }
let stock: Snapshot[] = []

async function resetStock() {
  for (const s of stock) await setStock(db, s)
}
const readStock = async () =>
  db
    .select({ productId: stockLevels.productId, warehouseId: stockLevels.warehouseId, atp: stockLevels.atp, receipt: stockLevels.nextReceiptQty })
    .from(stockLevels)
    .where(
      inArray(
        stockLevels.productId,
        stock.map((s) => s.productId),
      ),
    )
/** What one order took from stock, per product and warehouse (ATP and next receipt). */
async function reservedBy(place: () => Promise<string>) {
  await resetStock()
  const before = await readStock()
  const orderId = await place()
  const after = await readStock()
  const taken = before
    .map((b) => {
      const a = after.find((x) => x.productId === b.productId && x.warehouseId === b.warehouseId)!
      return { productId: b.productId, warehouseId: b.warehouseId, atp: b.atp - a.atp, receipt: b.receipt - a.receipt }
    })
    .filter((t) => t.atp || t.receipt)
    .sort((x, y) => (x.productId + x.warehouseId).localeCompare(y.productId + y.warehouseId))
  return { orderId, taken }
}

async function orderView(orderId: string) {
  const [order] = await db
    .select({
      status: orders.status,
      netMinor: orders.netMinor,
      vatMinor: orders.vatMinor,
      freightMinor: orders.freightMinor,
      grossMinor: orders.grossMinor,
      currency: orders.currency,
      incoterm: orders.incoterm,
      freightTerms: orders.freightTerms,
      requestedDate: orders.requestedDate,
      shipToName: orders.shipToName,
    })
    .from(orders)
    .where(eq(orders.id, orderId))
  const lines = await db
    .select({
      sku: orderLines.sku,
      qty: orderLines.qty,
      unitPriceMinor: orderLines.unitPriceMinor,
      netMinor: orderLines.netMinor,
      vatBp: orderLines.vatBp,
      vatMinor: orderLines.vatMinor,
      priceListName: orderLines.priceListName,
      warehouseId: orderLines.warehouseId,
      fromReceiptQty: orderLines.fromReceiptQty,
      earliestDate: orderLines.earliestDate,
      requestedDate: orderLines.requestedDate,
    })
    .from(orderLines)
    .where(eq(orderLines.orderId, orderId))
    .orderBy(asc(orderLines.sku))
  return { order, lines }
}

function ordersText(o: { ref: string; po: string; lines: { gtin: string; qty: number }[] }) {
  const body = [
    'UNH+1+ORDERS:D:96A:UN:EAN008',
    `BGM+220+${o.po}+9`,
    `DTM+137:${today.replaceAll('-', '')}:102`,
    `DTM+2:${w.requestedDate.replaceAll('-', '')}:102`,
    `NAD+BY+${w.partnerGln}::9`,
    `NAD+SU+${w.ourGln}::9`,
    ...o.lines.flatMap((l, i) => [`LIN+${i + 1}++${l.gtin}:EN`, `QTY+21:${l.qty}`]),
    'UNS+S',
    `CNT+2:${o.lines.length}`,
  ]
  return `UNA:+.? 'UNB+UNOC:3+${w.partnerGln}:14+${w.ourGln}:14+260301:1200+${o.ref}++ORDERS'${body.join("'")}'UNT+${body.length + 1}+1'UNZ+1+${o.ref}'`
}

beforeAll(async () => {
  app = await startApp()
  today = (await businessClock()).today
  const org = await createOrganisation(db, { kind: 'key_account' })
  const admin = await createMember(db, org, 'account_admin', { locale: 'en' })
  const buyer = await createMember(db, org, 'account_buyer', { locale: 'en' })
  const partner = await createEdiPartner(db, org.id, { mode: 'production', syntax: 'edifact', orderResponse: 'automatic' })
  const shipTo = await createShipTo(db, { orgId: org.id, name: 'Parity depot', address: 'Tverskaya 1', isDefault: true })
  // Hours away from now on the operator's clock: both orders fall on the same side of the cut-off.
  const hour = Number(
    new Intl.DateTimeFormat('en-GB', { hour: '2-digit', hour12: false, timeZone: 'Europe/Moscow' }).format(new Date()).slice(0, 2),
  )
  await setDeliveryTerms(db, org.id, {
    incoterm: 'DAP',
    namedPlace: 'Moscow',
    freightTerms: 'prepaid_add',
    freightMinor: 750_00,
    freeFreightMinor: 1_000_000_00,
    cutoff: hour < 12 ? '23:00' : '06:00',
  })
  const category = await createCategory(db)
  const vat = await createTaxClass(db, { rates: [['2000-01-01', 2200]] })
  const near = await createWarehouse(db)
  const far = await createWarehouse(db)
  const make = (sku: string, gtin: string, o: Record<string, unknown> = {}) =>
    createProduct(db, { categoryId: category.id, taxClassId: vat.id, sku, gtin, nameEn: `Product ${sku}`, ...o })
  const lamp = await make('PAR-LAMP', '4607000333013')
  const cable = await make('PAR-CABLE', '4607000333020', { packSize: 50, minQty: 50, unit: 'm' })
  const slow = await make('PAR-SLOW', '4607000333037')
  const receipt = addDays(today, 12)
  stock = [
    // The lamp: a few units near (1 day), plenty far (4 days).
    { productId: lamp.id, warehouseId: near.id, atp: 5, nextReceiptDate: null, nextReceiptQty: 0, leadDays: 1 },
    { productId: lamp.id, warehouseId: far.id, atp: 500, nextReceiptDate: null, nextReceiptQty: 0, leadDays: 4 },
    { productId: cable.id, warehouseId: near.id, atp: 1000, nextReceiptDate: null, nextReceiptQty: 0, leadDays: 2 },
    // A long lead time, and part of the order from the next receipt.
    { productId: slow.id, warehouseId: far.id, atp: 3, nextReceiptDate: receipt, nextReceiptQty: 100, leadDays: 6 },
  ]
  await resetStock()
  // A global list the contract undercuts, and the account's contract list with a quantity break on the lamp.
  await createPriceList(db, { assign: { scope: 'global' }, prices: { [lamp.id]: [[1, 150_00]], [cable.id]: [[1, 30_00]], [slow.id]: [[1, 80_00]] } })
  await createPriceList(db, {
    name: 'Parity contract',
    priority: 10,
    assign: { scope: 'org', orgId: org.id },
    prices: {
      [lamp.id]: [
        [1, 100_00],
        [10, 90_00],
      ],
      [cable.id]: [[1, 20_00]],
      [slow.id]: [[1, 70_00]],
    },
  })
  const { token } = await createApiKey({ orgId: org.id, userId: admin.id })
  Object.assign(w, {
    orgId: org.id,
    token,
    cookie: await app.login(buyer.email, defaultTestPassword),
    partnerGln: partner.partnerGln!,
    ourGln: partner.ourGln!,
    near,
    far,
    lamp,
    cable,
    slow,
    requestedDate: nextWorkingDayOnOrAfter(addDays(today, 25), ruCalendar),
    shipToId: shipTo.id,
  })
})
afterAll(async () => app?.close())

/** The web path: add to cart on the product pages, open checkout, send its form (as the browser does). */
async function placeByWeb(items: { sku: string; qty: number }[], po: string) {
  for (const i of items) {
    const res = await app.request(`/catalog/${i.sku}`, { form: { intent: 'add-to-cart', qty: String(i.qty) }, cookie: w.cookie })
    expect(res.status).toBe(303)
  }
  const page = await app.request('/checkout', { cookie: w.cookie })
  expect(page.status).toBe(200)
  const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(page.body)?.[1] ?? ''
  expect(page.body).toContain(w.shipToId)
  const res = await app.request('/checkout', {
    cookie: w.cookie,
    form: { checkoutToken: field('checkoutToken'), seen: field('seen'), shipToId: w.shipToId, poNumber: po, requestedDate: w.requestedDate },
  })
  expect(res.status, res.body.slice(0, 500)).toBe(302)
  return /\/orders\/([0-9a-f-]{36})/.exec(res.location ?? '')![1]
}

/** The EDI path: one ORDERS to POST /api/v1/interchanges; the order it booked. */
async function placeByEdi(items: { gtin: string; qty: number }[], po: string, ref: string) {
  const res = await app.request('/api/v1/interchanges', {
    method: 'POST',
    body: ordersText({ ref, po, lines: items }),
    headers: { authorization: `Bearer ${w.token}`, 'content-type': 'application/edifact' },
  })
  expect(res.status).toBe(200)
  expect(res.body).toMatch(new RegExp(`UCI\\+${ref}\\+[^']*\\+7'`))
  const [doc] = await db
    .select({ status: ediDocuments.status, orderId: ediDocuments.orderId })
    .from(ediDocuments)
    .where(and(eq(ediDocuments.orgId, w.orgId), eq(ediDocuments.direction, 'in'), eq(ediDocuments.documentNumber, po)))
  expect(doc.status).toBe('booked')
  return doc.orderId!
}

describe('the same order by EDI and by web checkout', () => {
  it('gets identical line prices, totals, earliest dates and reservations per warehouse', async () => {
    // 12 lamps cross the break (90.00) and exceed the near warehouse; 100 m of cable are two packs; 8 slow ones are
    // 3 from stock and 5 from the next receipt.
    const items = [
      { p: w.cable, qty: 100 },
      { p: w.lamp, qty: 12 },
      { p: w.slow, qty: 8 },
    ]
    const web = await reservedBy(() => placeByWeb(items.map((i) => ({ sku: i.p.sku, qty: i.qty })), 'PAR-WEB-1'))
    const edi = await reservedBy(() => placeByEdi(items.map((i) => ({ gtin: i.p.gtin!, qty: i.qty })), 'PAR-EDI-1', 'PAR1'))
    const a = await orderView(web.orderId)
    const b = await orderView(edi.orderId)

    // The web order is what the rules say (so the comparison is not two identical mistakes) …
    expect(a.lines.map((l) => [l.sku, l.qty, l.unitPriceMinor, l.priceListName])).toEqual([
      ['PAR-CABLE', 100, 20_00, 'Parity contract'],
      ['PAR-LAMP', 12, 90_00, 'Parity contract'],
      ['PAR-SLOW', 8, 70_00, 'Parity contract'],
    ])
    expect(a.lines.map((l) => [l.warehouseId, l.fromReceiptQty])).toEqual([
      [w.near.id, 0],
      [w.far.id, 0],
      [w.far.id, 5],
    ])
    expect(a.lines.every((l) => l.requestedDate === w.requestedDate && l.earliestDate > today)).toBe(true)
    expect(a.order.freightMinor).toBe(750_00)
    expect(a.order.grossMinor).toBe(a.order.netMinor + a.order.vatMinor + a.order.freightMinor)
    expect(web.taken.length).toBeGreaterThan(0)
    // … and the EDI order is the same, line for line, total for total, date for date, warehouse for warehouse.
    expect(b.lines).toEqual(a.lines)
    expect(b.order).toEqual(a.order)
    expect(edi.taken).toEqual(web.taken)

    // The ORDRSP promises the dates and prices that were booked.
    const [response] = await db
      .select({ canonical: ediDocuments.canonical })
      .from(ediDocuments)
      .where(and(eq(ediDocuments.orgId, w.orgId), eq(ediDocuments.direction, 'out'), eq(ediDocuments.kind, 'order_response')))
    const lines = (response.canonical as { lines: { qty: string; price?: string; deliveryDate?: string; action: string }[] }).lines
    expect(lines.map((l) => [l.action, l.qty, l.price])).toEqual([
      ['accepted', '100', '20.00'],
      ['accepted', '12', '90.00'],
      ['accepted', '8', '70.00'],
    ])
    expect(lines.map((l) => l.deliveryDate)).toEqual(b.lines.map((l) => l.requestedDate ?? l.earliestDate))
  })
})
