import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { ediDocuments, ediInterchanges, ediPartners, orderLines, orders, stockLevels } from '../../db/schema'
import { addDays, nextWorkingDayOnOrAfter } from '../../app/modules/delivery-terms/earliest-date'
import { ruCalendar } from '../../app/modules/delivery-terms/ru-calendar'
import { businessClock, operatorTimeZone } from '../../app/utils/clock.server'
import { grantScope } from '../../app/modules/auth/scope.server'
import { inventoryFor } from '../../app/modules/edi/queries.server'
import { sendDocument } from '../../app/modules/edi/outbound.server'
import { parseEdifact } from '../../app/modules/edi/edifact'
import { parseX12 } from '../../app/modules/edi/x12'
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

function ordersText(o: { ref: string; po: string; lines: { gtin: string; qty: number }[]; requestedDate: string | null }) {
  const body = [
    'UNH+1+ORDERS:D:96A:UN:EAN008',
    `BGM+220+${o.po}+9`,
    `DTM+137:${today.replaceAll('-', '')}:102`,
    ...(o.requestedDate ? [`DTM+2:${o.requestedDate.replaceAll('-', '')}:102`] : []),
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
  const hour = Number(new Intl.DateTimeFormat('en-GB', { hour: '2-digit', hour12: false, timeZone: operatorTimeZone }).format(new Date()).slice(0, 2))
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
async function placeByWeb(items: { sku: string; qty: number }[], po: string, requestedDate: string | null = w.requestedDate) {
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
    form: {
      checkoutToken: field('checkoutToken'),
      seen: field('seen'),
      shipToId: w.shipToId,
      poNumber: po,
      ...(requestedDate ? { requestedDate } : {}),
    },
  })
  expect(res.status, res.body.slice(0, 500)).toBe(302)
  return /\/orders\/([0-9a-f-]{36})/.exec(res.location ?? '')![1]
}

/** The EDI path: one ORDERS to POST /api/v1/interchanges; the order it booked. */
async function placeByEdi(items: { gtin: string; qty: number }[], po: string, ref: string, requestedDate: string | null = w.requestedDate) {
  const res = await app.request('/api/v1/interchanges', {
    method: 'POST',
    body: ordersText({ ref, po, lines: items, requestedDate }),
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
    const web = await reservedBy(() =>
      placeByWeb(
        items.map((i) => ({ sku: i.p.sku, qty: i.qty })),
        'PAR-WEB-1',
      ),
    )
    const edi = await reservedBy(() =>
      placeByEdi(
        items.map((i) => ({ gtin: i.p.gtin!, qty: i.qty })),
        'PAR-EDI-1',
        'PAR1',
      ),
    )
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
      .innerJoin(orders, eq(orders.id, ediDocuments.orderId))
      .where(
        and(eq(ediDocuments.orgId, w.orgId), eq(ediDocuments.direction, 'out'), eq(ediDocuments.kind, 'order_response'), eq(orders.id, edi.orderId)),
      )
    const lines = (response.canonical as { lines: { qty: string; price?: string; deliveryDate?: string; action: string }[] }).lines
    expect(lines.map((l) => [l.action, l.qty, l.price])).toEqual([
      ['accepted', '100', '20.00'],
      ['accepted', '12', '90.00'],
      ['accepted', '8', '70.00'],
    ])
    expect(lines.map((l) => l.deliveryDate)).toEqual(b.lines.map((l) => l.requestedDate ?? l.earliestDate))
  })

  it('quantities off the pack and below the break, no requested date: both paths round and price them alike', async () => {
    // 70 m of a 50 m pack: the cart rounds up to 100 (and says so), the ORDERS line is changed to 100 (increment).
    // 9 lamps stay below the 10-unit break: 100.00 each on both. No date asked: the earliest dates alone.
    const web = await reservedBy(() =>
      placeByWeb(
        [
          { sku: w.cable.sku, qty: 70 },
          { sku: w.lamp.sku, qty: 9 },
        ],
        'PAR-WEB-2',
        null,
      ),
    )
    const edi = await reservedBy(() =>
      placeByEdi(
        [
          { gtin: w.cable.gtin!, qty: 70 },
          { gtin: w.lamp.gtin!, qty: 9 },
        ],
        'PAR-EDI-2',
        'PAR2',
        null,
      ),
    )
    const a = await orderView(web.orderId)
    const b = await orderView(edi.orderId)
    expect(a.lines.map((l) => [l.sku, l.qty, l.unitPriceMinor, l.requestedDate])).toEqual([
      ['PAR-CABLE', 100, 20_00, null],
      ['PAR-LAMP', 9, 100_00, null],
    ])
    expect(b.lines).toEqual(a.lines)
    expect(b.order).toEqual(a.order)
    expect(edi.taken).toEqual(web.taken)
    const [response] = await db
      .select({ canonical: ediDocuments.canonical })
      .from(ediDocuments)
      .where(and(eq(ediDocuments.orgId, w.orgId), eq(ediDocuments.kind, 'order_response'), eq(ediDocuments.orderId, edi.orderId)))
    const lines = (response.canonical as { lines: { action: string; qty: string; deliveryDate?: string; reason?: { code: string } }[] }).lines
    expect(lines.map((l) => [l.action, l.qty, l.reason?.code ?? null])).toEqual([
      ['changed', '100', 'increment'],
      ['accepted', '9', null],
    ])
    expect(lines.map((l) => l.deliveryDate)).toEqual(b.lines.map((l) => l.earliestDate))
  })
})

// ---------------------------------------------------------------------------------------------------------------
// X12 through HTTP

let isaSeq = 0
/** A key account whose profile speaks X12 with its own ISA ids (unique per call). */
async function x12Account(o: Partial<Parameters<typeof createEdiPartner>[2]> = {}) {
  const org = await createOrganisation(db, { kind: 'key_account' })
  const admin = await createMember(db, org, 'account_admin', { locale: 'en' })
  await createShipTo(db, { orgId: org.id, isDefault: true })
  const n = ++isaSeq
  const isaId = `BUYER${n}X`
  const ourIsaId = `PORTAL${n}X`
  await createEdiPartner(db, org.id, {
    mode: 'production',
    syntax: 'x12',
    isaQualifier: 'ZZ',
    isaId,
    ourIsaQualifier: 'ZZ',
    ourIsaId,
    orderResponse: 'automatic',
    ...o,
  })
  const { token } = await createApiKey({ orgId: org.id, userId: admin.id })
  return { orgId: org.id, token, isaId, ourIsaId }
}

/** One 850 interchange from the buyer to us: ISA (106 characters) … IEA, one group, one set. */
function x850(
  a: { isaId: string; ourIsaId: string },
  o: { isa13: string; po: string; lines: { gtin: string; qty: number }[]; se?: number; beg?: string },
) {
  const ymd = today.replaceAll('-', '')
  const isa = [
    'ISA',
    '00',
    ' '.repeat(10),
    '00',
    ' '.repeat(10),
    'ZZ',
    a.isaId.padEnd(15),
    'ZZ',
    a.ourIsaId.padEnd(15),
    ymd.slice(2),
    '1200',
    'U',
    '00401',
    o.isa13,
    '0',
    'P',
    '>',
  ].join('*')
  const body = [o.beg ?? `BEG*00*SA*${o.po}**${ymd}`, ...o.lines.map((l, i) => `PO1*${i + 1}*${l.qty}*EA***EN*${l.gtin}`), `CTT*${o.lines.length}`]
  const set = ['ST*850*0001', ...body, `SE*${o.se ?? body.length + 2}*0001`]
  const gs = Number(o.isa13)
  return [isa, `GS*PO*${a.isaId}*${a.ourIsaId}*${ymd}*1200*${gs}*X*004010`, ...set, `GE*1*${gs}`, `IEA*1*${o.isa13}`].join('~') + '~'
}

const postX12 = (token: string, body: string) =>
  app.request('/api/v1/interchanges', { method: 'POST', body, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x12' } })
const ordersOf = async (orgId: string) =>
  (
    await db
      .select({ n: sql<number>`count(*)::int` })
      .from(orders)
      .where(eq(orders.orgId, orgId))
  )[0].n

describe('X12 850 through POST /api/v1/interchanges', () => {
  it('answers with TA1 A and 997 A, books the order and puts the 855 with a nine-digit ISA13 in the mailbox', async () => {
    await resetStock()
    const a = await x12Account({ sendTa1: true })
    const res = await postX12(a.token, x850(a, { isa13: '000000101', po: 'X-PO-1', lines: [{ gtin: w.lamp.gtin!, qty: 3 }] }))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('application/x12')
    expect(res.body).toContain('TA1*000000101*')
    expect(res.body).toMatch(/TA1\*000000101\*\d{6}\*1200\*A\*000~/)
    expect(res.body).toContain('AK1*PO*101~AK2*850*0001~AK5*A~AK9*A*1*1*1~')
    // Our answer is addressed back to the buyer, from our own ISA id.
    expect(res.body).toMatch(new RegExp(`^ISA\\*00\\*\\s{10}\\*00\\*\\s{10}\\*ZZ\\*${a.ourIsaId}\\s*\\*ZZ\\*${a.isaId}\\s*\\*`))
    const [doc] = await db
      .select({ status: ediDocuments.status, orderId: ediDocuments.orderId })
      .from(ediDocuments)
      .where(and(eq(ediDocuments.orgId, a.orgId), eq(ediDocuments.direction, 'in'), eq(ediDocuments.documentNumber, 'X-PO-1')))
    expect(doc.status).toBe('booked')
    expect(await ordersOf(a.orgId)).toBe(1)
    const [line] = await db.select({ qty: orderLines.qty, sku: orderLines.sku }).from(orderLines).where(eq(orderLines.orderId, doc.orderId!))
    expect(line).toEqual({ qty: 3, sku: 'PAR-LAMP' })

    const auth = { headers: { authorization: `Bearer ${a.token}` } }
    const list = JSON.parse((await app.request('/api/v1/messages', auth)).body) as { items: { id: string; messageType: string; kind: string }[] }
    // The mailbox holds the business answer only: the TA1 and 997 went back in the HTTP answer.
    expect(list.items.map((i) => [i.kind, i.messageType])).toEqual([['order_response', '855']])
    const one = JSON.parse((await app.request(`/api/v1/messages/${list.items[0].id}`, auth)).body) as {
      raw: string
      document: { orderNumber: string }
    }
    expect(one.document.orderNumber).toBe('X-PO-1')
    const parsed = parseX12(Buffer.from(one.raw), { tolerant: false })
    expect(parsed.interchanges[0].issues.filter((i) => i.severity === 'error')).toEqual([])
    expect(parsed.interchanges[0].controlRef).toMatch(/^\d{9}$/)
    expect(/^ISA(?:\*[^*]*){12}\*(\d{9})\*/.exec(one.raw)?.[1]).toBe(parsed.interchanges[0].controlRef)
    // The 855, the TA1 and the 997 share the partner's one gap-free sequence: 1, 2, 3.
    const refs = await db
      .select({ ref: ediInterchanges.controlRef })
      .from(ediInterchanges)
      .where(and(eq(ediInterchanges.orgId, a.orgId), eq(ediInterchanges.direction, 'out')))
    expect(refs.map((r) => r.ref).sort()).toEqual(['000000001', '000000002', '000000003'])
  })

  it('a wrong SE01 count: 997 with AK5 R 4 and AK9 R, nothing booked; a bad BEG date names its AK3/AK4 position', async () => {
    const a = await x12Account()
    const wrongCount = await postX12(a.token, x850(a, { isa13: '000000201', po: 'X-PO-2', lines: [{ gtin: w.lamp.gtin!, qty: 1 }], se: 9 }))
    expect(wrongCount.status).toBe(200)
    expect(wrongCount.body).toContain('AK1*PO*201~AK2*850*0001~AK5*R*4~AK9*R*1*1*0~')
    // No TA1: the envelope itself was fine and the profile does not ask for one.
    expect(wrongCount.body).not.toContain('TA1*')
    const badDate = await postX12(
      a.token,
      x850(a, { isa13: '000000202', po: 'X-PO-3', lines: [{ gtin: w.lamp.gtin!, qty: 1 }], beg: 'BEG*00*SA*X-PO-3**20261315' }),
    )
    // BEG is the set's second segment (ST is 1); BEG05, the date, is invalid (AK4 code 8).
    expect(badDate.body).toContain('AK2*850*0001~AK3*BEG*2**8~AK4*5**8~AK5*R*5~AK9*R*1*1*0~')
    expect(await ordersOf(a.orgId)).toBe(0)
    const docs = await db
      .select({ number: ediDocuments.documentNumber, status: ediDocuments.status, orderId: ediDocuments.orderId })
      .from(ediDocuments)
      .where(and(eq(ediDocuments.orgId, a.orgId), eq(ediDocuments.direction, 'in')))
    expect(docs.every((d) => d.status === 'rejected' && d.orderId === null)).toBe(true)
  })

  it('a reused ISA13 with other bytes: TA1 R 025 and 997 R, nothing booked; the byte-identical resend gets the first answer', async () => {
    await resetStock()
    const a = await x12Account()
    const first = x850(a, { isa13: '000000301', po: 'X-PO-4', lines: [{ gtin: w.lamp.gtin!, qty: 2 }] })
    const ok = await postX12(a.token, first)
    expect(ok.body).toContain('AK9*A*1*1*1~')
    expect(await ordersOf(a.orgId)).toBe(1)
    const again = await postX12(a.token, first)
    expect(again.body).toBe(ok.body)
    const changed = await postX12(a.token, x850(a, { isa13: '000000301', po: 'X-PO-5', lines: [{ gtin: w.lamp.gtin!, qty: 7 }] }))
    expect(changed.status).toBe(200)
    expect(changed.body).toMatch(/TA1\*000000301\*\d{6}\*1200\*R\*025~/)
    // The 997 refuses the group too: none of its sets is booked.
    expect(changed.body).toContain('AK1*PO*301~AK2*850*0001~AK5*R~AK9*R*1*1*0~')
    expect(await ordersOf(a.orgId)).toBe(1)
    const [dup] = await db
      .select({ status: ediDocuments.status, orderId: ediDocuments.orderId })
      .from(ediDocuments)
      .where(and(eq(ediDocuments.orgId, a.orgId), eq(ediDocuments.direction, 'in'), eq(ediDocuments.documentNumber, 'X-PO-5')))
    expect(dup).toEqual({ status: 'duplicate', orderId: null })
  })
})

// ---------------------------------------------------------------------------------------------------------------
// Control numbers per partner

describe('outbound control numbers', () => {
  it('two partners’ sends interleaved and concurrent: each partner’s UNB 0020 / ISA13 run 1, 2, 3 … without gap or repeat', async () => {
    const edifact = await createOrganisation(db, { kind: 'key_account' })
    await createEdiPartner(db, edifact.id, { syntax: 'edifact' })
    const x12 = await x12Account()
    const docOf = async (orgId: string) => inventoryFor({ scope: grantScope('read:catalog:org', orgId) })
    const docs = { [edifact.id]: await docOf(edifact.id), [x12.orgId]: await docOf(x12.orgId) }
    const send = (orgId: string) => db.transaction((tx) => sendDocument(tx, { orgId, document: { ...docs[orgId], documentNumber: '' } }))
    const rounds = 6
    const order = Array.from({ length: rounds * 2 }, (_, i) => (i % 2 ? x12.orgId : edifact.id))
    // A send rolled back half-way gives its number back: the sequence stays gap-free.
    await expect(
      db.transaction(async (tx) => {
        await sendDocument(tx, { orgId: x12.orgId, document: { ...docs[x12.orgId], documentNumber: '' } })
        throw new Error('the caller fails after sending')
      }),
    ).rejects.toThrow('the caller fails after sending')
    await Promise.all(order.map((orgId) => send(orgId)))

    const expected = Array.from({ length: rounds }, (_, i) => i + 1)
    for (const [orgId, syntax] of [
      [edifact.id, 'edifact'],
      [x12.orgId, 'x12'],
    ] as const) {
      const rows = await db
        .select({ ref: ediInterchanges.controlRef, body: ediDocuments.body })
        .from(ediInterchanges)
        .innerJoin(ediDocuments, eq(ediDocuments.interchangeId, ediInterchanges.id))
        .where(and(eq(ediInterchanges.orgId, orgId), eq(ediInterchanges.direction, 'out')))
      // The number in the envelope itself, as the partner reads it.
      const inBody = rows.map((r) =>
        syntax === 'edifact'
          ? parseEdifact(Buffer.from(r.body!), { tolerant: false }).interchanges[0].controlRef
          : parseX12(Buffer.from(r.body!), { tolerant: false }).interchanges[0].controlRef,
      )
      expect(inBody.sort()).toEqual(rows.map((r) => r.ref).sort())
      if (syntax === 'x12') expect(inBody.every((r) => /^\d{9}$/.test(r))).toBe(true)
      expect(inBody.map(Number).sort((x, y) => x - y)).toEqual(expected)
      const [counter] = await db.select({ last: ediPartners.lastControlNumber }).from(ediPartners).where(eq(ediPartners.orgId, orgId))
      expect(counter.last).toBe(rounds)
    }
  })
})
