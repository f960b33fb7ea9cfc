import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { auditLog, orderEvents, orders, shipToLocations, stockLevels } from '../../db/schema'
import { addDays, nextWorkingDayOnOrAfter } from '../../app/modules/delivery-terms/earliest-date'
import { ruCalendar } from '../../app/modules/delivery-terms/ru-calendar'
import { addToCart } from '../../app/modules/ordering/mutations.server'
import { grantScope } from '../../app/modules/auth/scope.server'
import { businessClock } from '../../app/utils/clock.server'
import {
  createCategory,
  createMember,
  createOrganisation,
  createPriceList,
  createProduct,
  createTaxClass,
  createWarehouse,
  defaultTestPassword,
  setStock,
  placeCartOrder,
} from '../factories'
import { startApp, type App } from '../http-harness'

// The order desk through HTTP: submitted → confirmed (other dates and quantities) → partly shipped → shipped →
// delivered, and cancelled with a reason; the dealer sees each step; every refusal names its reason and changes
// nothing.

let app: App
let today: string
const w = {} as { orgId: string; buyerId: string; buyer: string; desk: string; lampId: string; bulbId: string }

const atpOf = async (productId: string) =>
  (await db.select({ atp: stockLevels.atp }).from(stockLevels).where(eq(stockLevels.productId, productId)))[0].atp
const statusOf = async (orderId: string) => (await db.select({ status: orders.status }).from(orders).where(eq(orders.id, orderId)))[0].status

const order = (lines: { productId: string; qty: number }[]) => placeCartOrder({ orgId: w.orgId, userId: w.buyerId, lines })

const desk = (orderId: string, form: Record<string, string>) => app.request(`/desk/orders/${orderId}`, { cookie: w.desk, form })

beforeAll(async () => {
  app = await startApp()
  today = (await businessClock()).today
  const dealer = await createOrganisation(db, { kind: 'dealer' })
  const operator = await createOrganisation(db, { kind: 'operator' })
  const buyer = await createMember(db, dealer, 'dealer_buyer', { locale: 'en' })
  const sales = await createMember(db, operator, 'sales_manager', { locale: 'en' })
  const category = await createCategory(db)
  const vat = await createTaxClass(db)
  const wh = await createWarehouse(db)
  const lamp = await createProduct(db, { categoryId: category.id, taxClassId: vat.id, sku: 'OD-LAMP' })
  const bulb = await createProduct(db, { categoryId: category.id, taxClassId: vat.id, sku: 'OD-BULB' })
  for (const p of [lamp, bulb]) await setStock(db, { productId: p.id, warehouseId: wh.id, atp: 100, leadDays: 1 })
  await createPriceList(db, { assign: { scope: 'global' }, prices: { [lamp.id]: [[1, 10_00]], [bulb.id]: [[1, 2_00]] } })
  Object.assign(w, {
    orgId: dealer.id,
    buyerId: buyer.id,
    lampId: lamp.id,
    bulbId: bulb.id,
    buyer: await app.login(buyer.email, defaultTestPassword),
    desk: await app.login(sales.email, defaultTestPassword),
  })
})
afterAll(() => app.close())

describe('order desk', () => {
  it('confirms with other dates and quantities, ships in two parts, delivers; the dealer sees every step', async () => {
    const placed = await order([
      { productId: w.lampId, qty: 10 },
      { productId: w.bulbId, qty: 5 },
    ])
    expect(await atpOf(w.lampId)).toBe(90)
    const list = await app.request('/desk/orders?status=submitted', { cookie: w.desk })
    expect(list.body).toContain(placed.number)

    const lampDate = nextWorkingDayOnOrAfter(addDays(today, 10), ruCalendar)
    // From the lamp's date, not today: holidays could push both onto one working day.
    const bulbDate = nextWorkingDayOnOrAfter(addDays(lampDate, 2), ruCalendar)
    // Line numbers follow the cart: OD-BULB (1), OD-LAMP (2).
    const confirm = {
      intent: 'confirm',
      note: 'Lamps: 8 now',
      'lines[0].lineNo': '1',
      'lines[0].qty': '5',
      'lines[0].date': bulbDate,
      'lines[1].lineNo': '2',
      'lines[1].qty': '8',
      'lines[1].rest': 'cancel',
      'lines[1].date': lampDate,
    }

    // Refusals first: more than ordered, a past date, nonsense; nothing changes.
    const tooMany = await desk(placed.orderId, { ...confirm, 'lines[1].qty': '11' })
    expect(tooMany.status).toBe(400)
    expect(tooMany.body).toContain('No more than ordered (10).')
    const past = await desk(placed.orderId, { ...confirm, 'lines[0].date': addDays(today, -1) })
    expect(past.status).toBe(400)
    expect(past.body).toContain('That date has passed.')
    const nonsense = await desk(placed.orderId, { ...confirm, 'lines[0].qty': '-1', 'lines[1].qty': '2.5' })
    expect(nonsense.status).toBe(400)
    expect(nonsense.body).toContain('Zero or more.')
    expect(nonsense.body).toContain('Enter a whole number.')
    expect(await statusOf(placed.orderId)).toBe('submitted')

    const ok = await desk(placed.orderId, confirm)
    expect(ok.status).toBe(200)
    expect(ok.body).toContain('Confirmation saved.')
    expect(await statusOf(placed.orderId)).toBe('partly_confirmed')
    // Two lamps no longer promised go back to stock.
    expect(await atpOf(w.lampId)).toBe(92)

    const seen = await app.request(`/orders/${placed.orderId}`, { cookie: w.buyer })
    expect(seen.body).toContain('Confirmed')
    expect(seen.body).toContain(`dateTime="${lampDate}"`)
    expect(seen.body).toContain('Lamps: 8 now')

    // Shipping more than is open is refused; then part, then the rest.
    const over = await desk(placed.orderId, {
      intent: 'ship',
      carrier: 'ПЭК',
      trackingNumber: 'PEK-1',
      'lines[0].lineNo': '1',
      'lines[0].qty': '0',
      'lines[1].lineNo': '2',
      'lines[1].qty': '9',
    })
    expect(over.status).toBe(400)
    expect(over.body).toContain('No more than is still open (8).')
    const noCarrier = await desk(placed.orderId, { intent: 'ship', carrier: '', trackingNumber: '', 'lines[0].lineNo': '1', 'lines[0].qty': '1' })
    expect(noCarrier.status).toBe(400)
    expect(noCarrier.body).toContain('This field is required.')
    const part = await desk(placed.orderId, {
      intent: 'ship',
      carrier: 'ПЭК',
      trackingNumber: 'PEK-1',
      'lines[0].lineNo': '1',
      'lines[0].qty': '5',
      'lines[1].lineNo': '2',
      'lines[1].qty': '3',
    })
    expect(part.status).toBe(200)
    expect(await statusOf(placed.orderId)).toBe('partly_shipped')
    // A partly shipped order can no longer be cancelled.
    const late = await desk(placed.orderId, { intent: 'cancel', reason: 'changed our mind' })
    expect(late.status).toBe(409)
    expect(late.body).toContain('Not possible in the order’s current status')
    const rest = await desk(placed.orderId, {
      intent: 'ship',
      carrier: 'Деловые Линии',
      trackingNumber: 'DL-2',
      'lines[0].lineNo': '1',
      'lines[0].qty': '0',
      'lines[1].lineNo': '2',
      'lines[1].qty': '5',
    })
    expect(rest.status).toBe(200)
    expect(await statusOf(placed.orderId)).toBe('shipped')
    expect((await desk(placed.orderId, { intent: 'deliver' })).status).toBe(200)
    expect(await statusOf(placed.orderId)).toBe('delivered')

    const final = await app.request(`/orders/${placed.orderId}`, { cookie: w.buyer })
    for (const text of ['PEK-1', 'DL-2', 'Delivered', 'Partly shipped', 'Order partly confirmed', 'Order placed', '2 pcs not confirmed — cancelled'])
      expect(final.body).toContain(text)
    // The confirmation as PDF: a real PDF, named after the order; Cyrillic needs the embedded font.
    const pdf = await app.request(`/orders/${placed.orderId}/pdf`, { cookie: w.buyer })
    expect(pdf.status).toBe(200)
    expect(pdf.headers.get('content-type')).toBe('application/pdf')
    expect(pdf.headers.get('content-disposition')).toContain(`order-${placed.number}.pdf`)
    expect(pdf.body.startsWith('%PDF-')).toBe(true)
    expect(pdf.body).toContain('DejaVuSans')
    expect((await app.request(`/orders/${placed.orderId}/pdf`, { cookie: w.desk })).status).toBe(403)
    const events = await db.select({ kind: orderEvents.kind }).from(orderEvents).where(eq(orderEvents.orderId, placed.orderId))
    expect(events.map((e) => e.kind)).toEqual(['placed', 'partly_confirmed', 'shipped', 'shipped', 'delivered'])
    const audited = await db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entityId, placed.orderId))
    expect(audited.map((a) => a.action).sort()).toEqual(['order.confirmed', 'order.delivered', 'order.placed', 'order.shipped', 'order.shipped'])
  })

  it('cancels with a reason and gives the stock back; without a reason it refuses', async () => {
    const before = await atpOf(w.bulbId)
    const placed = await order([{ productId: w.bulbId, qty: 20 }])
    expect(await atpOf(w.bulbId)).toBe(before - 20)
    const bare = await desk(placed.orderId, { intent: 'cancel', reason: ' ' })
    expect(bare.status).toBe(400)
    expect(bare.body).toContain('Give a reason')
    const res = await desk(placed.orderId, { intent: 'cancel', reason: 'Дилер попросил отменить' })
    expect(res.status).toBe(200)
    expect(await statusOf(placed.orderId)).toBe('cancelled')
    expect(await atpOf(w.bulbId)).toBe(before)
    const seen = await app.request(`/orders/${placed.orderId}`, { cookie: w.buyer })
    expect(seen.body).toContain('Дилер попросил отменить')
    // Cancelling twice is refused, and releases nothing more.
    expect((await desk(placed.orderId, { intent: 'cancel', reason: 'again please' })).status).toBe(409)
    expect(await atpOf(w.bulbId)).toBe(before)
  })

  it('answers an unknown order with 404 and exports the desk as CSV', async () => {
    expect((await desk(crypto.randomUUID(), { intent: 'deliver' })).status).toBe(404)
    expect((await app.request('/desk/orders/not-a-uuid', { cookie: w.desk })).status).toBe(404)
    const csv = await app.request('/desk/orders.csv', { cookie: w.desk })
    expect(csv.headers.get('content-type')).toContain('text/csv')
    expect(csv.body.split('\r\n').length).toBeGreaterThanOrEqual(3)
    const mine = await app.request('/orders.csv?status=cancelled', { cookie: w.buyer })
    expect(mine.body).toContain('Cancelled')
    expect(mine.body).not.toContain('Delivered')
  })

  it('lets operator staff set an organisation’s delivery terms and ship-to; the buyer’s checkout follows them', async () => {
    const bad = await app.request(`/desk/terms/${w.orgId}`, {
      cookie: w.desk,
      form: { intent: 'terms', incoterm: 'XYZ', freightTerms: 'prepaid', cutoff: '25:00', freeFreightMinor: 'lots' },
    })
    expect(bad.status).toBe(400)
    for (const m of ['Choose a value from the list.', 'A time as HH:MM', 'An amount in roubles']) expect(bad.body).toContain(m)
    const terms = {
      intent: 'terms',
      incoterm: 'CPT',
      namedPlace: 'Подольск',
      freightTerms: 'prepaid_add',
      freightMinor: '3 500',
      freeFreightMinor: '150 000,00',
      orderMinimumMinor: '',
      cutoff: '12:30',
      poRequired: 'on',
    }
    // Under FCA the buyer's own carrier moves the goods: the seller cannot also bill freight, nor waive it.
    const contradicting = await app.request(`/desk/terms/${w.orgId}`, { cookie: w.desk, form: { ...terms, incoterm: 'FCA' } })
    expect(contradicting.status).toBe(400)
    for (const m of [
      'Under FCA the buyer arranges and pays the carriage',
      'no freight is billed to the buyer',
      'A free-freight threshold only applies',
    ])
      expect(contradicting.body).toContain(m)
    const ok = await app.request(`/desk/terms/${w.orgId}`, { cookie: w.desk, form: terms })
    expect(ok.status).toBe(200)
    const add = await app.request(`/desk/terms/${w.orgId}`, {
      cookie: w.desk,
      form: { intent: 'add-ship-to', name: 'Склад 2', address: 'Тверская, 1', isDefault: 'on' },
    })
    expect(add.status).toBe(200)
    await addToCart({ scope: grantScope('create:order:org', w.orgId), userId: w.buyerId, lines: [{ productId: w.lampId, qty: 1 }] })
    const cart = await app.request('/cart', { cookie: w.buyer })
    expect(cart.body).toContain('CPT')
    expect(cart.body).toContain('The supplier delivers and adds freight to the invoice')
    expect(cart.body).toContain('Подольск')
    expect(cart.body).toMatch(/more for free freight/)
    const checkout = await app.request('/checkout', { cookie: w.buyer })
    expect(checkout.body).toContain('Purchase order number (required)')
    expect(checkout.body).toContain('Тверская, 1')
    const [place] = await db
      .select()
      .from(shipToLocations)
      .where(and(eq(shipToLocations.orgId, w.orgId), eq(shipToLocations.name, 'Склад 2')))
    expect((await app.request(`/desk/terms/${w.orgId}`, { cookie: w.desk, form: { intent: 'remove-ship-to', id: place.id } })).status).toBe(200)
    expect((await app.request(`/desk/terms/${w.orgId}`, { cookie: w.desk, form: { intent: 'remove-ship-to', id: place.id } })).status).toBe(404)
  })

  it('applies a contract quantity rule set on the desk to that dealer only, everywhere quantities are checked', async () => {
    const bad = await app.request(`/desk/terms/${w.orgId}`, { cookie: w.desk, form: { intent: 'set-rule', sku: 'NOPE', minQty: '5' } })
    expect(bad.body).toContain('No such SKU in the catalog.')
    const inverted = await app.request(`/desk/terms/${w.orgId}`, {
      cookie: w.desk,
      form: { intent: 'set-rule', sku: 'od-lamp', minQty: '10', maxQty: '5' },
    })
    expect(inverted.body).toContain('The maximum is below the minimum.')
    const ok = await app.request(`/desk/terms/${w.orgId}`, {
      cookie: w.desk,
      form: { intent: 'set-rule', sku: 'od-lamp', minQty: '6', increment: '3', maxQty: '' },
    })
    expect(ok.status).toBe(200)
    // The dealer: 4 lamps are below its contract minimum of 6, 7 is not a multiple of 3, 9 is fine.
    const refused = await app.request('/quick-order', { cookie: w.buyer, form: { lines: 'OD-LAMP;4\nOD-BULB;4' } })
    expect(refused.body).toContain('Below the minimum order.')
    expect(refused.body).toContain('1 line added to the cart.')
    expect((await app.request('/quick-order', { cookie: w.buyer, form: { lines: 'OD-LAMP;7' } })).body).toContain(
      'Not a whole number of packs. 9 would do.',
    )
    expect((await app.request('/quick-order', { cookie: w.buyer, form: { lines: 'OD-LAMP;9' } })).body).toContain('1 line added to the cart.')
    // Another dealer keeps the product's own rule.
    const other = await createOrganisation(db, { kind: 'dealer' })
    const otherBuyer = await createMember(db, other, 'dealer_buyer', { locale: 'en' })
    const cookie = await app.login(otherBuyer.email, defaultTestPassword)
    expect((await app.request('/quick-order', { cookie, form: { lines: 'OD-LAMP;4' } })).body).toContain('1 line added to the cart.')
    const removed = await app.request(`/desk/terms/${w.orgId}`, { cookie: w.desk, form: { intent: 'remove-rule', productId: w.lampId } })
    expect(removed.status).toBe(200)
    expect((await app.request('/quick-order', { cookie: w.buyer, form: { lines: 'OD-LAMP;4' } })).body).toContain('1 line added to the cart.')
  })
})
