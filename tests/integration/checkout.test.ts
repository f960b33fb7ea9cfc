import { and, eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { auditLog, orderLines, orders, prices, stockLevels } from '../../db/schema'
import { addDays, nextWorkingDayOnOrAfter } from '../../app/modules/delivery-terms/earliest-date'
import { ruCalendar } from '../../app/modules/delivery-terms/ru-calendar'
import { listShipTo } from '../../app/modules/delivery-terms/queries.server'
import { addToCart } from '../../app/modules/ordering/mutations.server'
import { grantScope } from '../../app/modules/auth/scope.server'
import { businessClock } from '../../app/utils/clock.server'
import {
  createCategory,
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

// Checkout through HTTP: one transaction that re-prices, re-dates and reserves; refusals change nothing.

let app: App
let today: string
const world = {} as {
  org: { id: string }
  rival: { id: string }
  buyer: { id: string; cookie: string }
  rivalBuyer: { id: string; cookie: string }
  wh: { id: string }
  lamp: { id: string }
  cable: { id: string }
  last: { id: string }
  priceListId: string
  shipTo: { id: string }
}

/** The hidden fields of the checkout form, as the browser would send them back. */
async function openCheckout(cookie: string) {
  const res = await app.request('/checkout', { cookie })
  expect(res.status).toBe(200)
  const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(res.body)?.[1] ?? ''
  return { body: res.body, checkoutToken: field('checkoutToken'), seen: field('seen') }
}

const countOrders = async (orgId: string) =>
  (
    await db
      .select({ n: sql<number>`count(*)::int` })
      .from(orders)
      .where(eq(orders.orgId, orgId))
  )[0].n
const atpOf = async (productId: string) =>
  (await db.select({ atp: stockLevels.atp }).from(stockLevels).where(eq(stockLevels.productId, productId)))[0].atp

beforeAll(async () => {
  app = await startApp()
  today = (await businessClock()).today
  const org = await createOrganisation(db, { kind: 'dealer' })
  const rival = await createOrganisation(db, { kind: 'dealer' })
  const buyer = await createMember(db, org, 'dealer_buyer', { locale: 'en' })
  const rivalBuyer = await createMember(db, rival, 'dealer_buyer', { locale: 'en' })
  const category = await createCategory(db)
  const vat = await createTaxClass(db, { rates: [['2000-01-01', 2200]] })
  const wh = await createWarehouse(db)
  const make = async (sku: string, atp: number, o: Record<string, unknown> = {}) => {
    const p = await createProduct(db, { categoryId: category.id, taxClassId: vat.id, sku, nameEn: `Product ${sku}`, ...o })
    await setStock(db, { productId: p.id, warehouseId: wh.id, atp, leadDays: 2 })
    return p
  }
  const lamp = await make('CO-LAMP', 100)
  const cable = await make('CO-CABLE', 1000, { packSize: 50, minQty: 50, unit: 'm' })
  const last = await make('CO-LAST', 1)
  const list = await createPriceList(db, {
    assign: { scope: 'global' },
    prices: {
      [lamp.id]: [
        [1, 100_00],
        [10, 90_00],
      ],
      [cable.id]: [[1, 20_00]],
      [last.id]: [[1, 500_00]],
    },
  })
  const shipTo = await createShipTo(db, { orgId: org.id, name: 'Main depot', address: 'Lenina 1', isDefault: true })
  Object.assign(world, {
    org,
    rival,
    wh,
    lamp,
    cable,
    last,
    shipTo,
    priceListId: list.id,
    buyer: { id: buyer.id, cookie: await app.login(buyer.email, defaultTestPassword) },
    rivalBuyer: { id: rivalBuyer.id, cookie: await app.login(rivalBuyer.email, defaultTestPassword) },
  })
})
afterAll(() => app.close())

describe('checkout', () => {
  it('places the order with requested dates in one go: priced with its trace, stock reserved, cart emptied, audited', async () => {
    await addToCart({
      scope: grantScope('create:order:org', world.org.id),
      userId: world.buyer.id,
      lines: [
        { productId: world.lamp.id, qty: 12 },
        { productId: world.cable.id, qty: 100 },
      ],
    })
    const page = await openCheckout(world.buyer.cookie)
    expect(page.body).toContain('CO-LAMP')
    // The lamp reaches its second tier at 12 units: 90.00 each.
    expect(page.body).toMatch(/90[.,]00/)
    const orderDate = nextWorkingDayOnOrAfter(addDays(today, 20), ruCalendar)
    // From the order's date, not today: holidays could push both onto one working day.
    const lineDate = nextWorkingDayOnOrAfter(addDays(orderDate, 10), ruCalendar)
    const res = await app.request('/checkout', {
      cookie: world.buyer.cookie,
      form: {
        checkoutToken: page.checkoutToken,
        seen: page.seen,
        shipToId: world.shipTo.id,
        poNumber: 'PO-77',
        requestedDate: orderDate,
        [`lineDate.${world.cable.id}`]: lineDate,
      },
    })
    expect(res.status).toBe(302)
    const orderId = /\/orders\/([0-9a-f-]{36})/.exec(res.location ?? '')?.[1]
    expect(orderId).toBeTruthy()
    const lines = await db.select().from(orderLines).where(eq(orderLines.orderId, orderId!)).orderBy(orderLines.lineNo)
    expect(lines.map((l) => [l.sku, l.qty, l.unitPriceMinor, l.requestedDate])).toEqual([
      ['CO-CABLE', 100, 20_00, lineDate], // lines added together are ordered by SKU
      ['CO-LAMP', 12, 90_00, orderDate],
    ])
    expect((lines[1].priceTrace as { outcome: string }[])[0].outcome).toBe('won')
    expect(await atpOf(world.lamp.id)).toBe(88)
    expect(await atpOf(world.cable.id)).toBe(900)
    const [order] = await db.select().from(orders).where(eq(orders.id, orderId!))
    expect(order).toMatchObject({ status: 'submitted', poNumber: 'PO-77', shipToName: 'Main depot', netMinor: 12 * 90_00 + 100 * 20_00 })
    expect(order.grossMinor).toBe(order.netMinor + order.vatMinor + order.freightMinor)
    const [entry] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'order.placed'), eq(auditLog.entityId, orderId!)))
    expect(entry.orgId).toBe(world.org.id)
    // The buyer sees the order with its requested dates; the cart is empty.
    const view = await app.request(res.location!, { cookie: world.buyer.cookie })
    expect(view.body).toContain(`Order ${order.number} placed`)
    expect(view.body).toContain(`dateTime="${lineDate}"`)
    const cart = await app.request('/cart', { cookie: world.buyer.cookie })
    expect(cart.body).toContain('The cart is empty.')

    // The same form sent again (a double click, a retry) finds the first order instead of placing a second.
    const again = await app.request('/checkout', {
      cookie: world.buyer.cookie,
      form: { checkoutToken: page.checkoutToken, seen: page.seen, shipToId: world.shipTo.id, poNumber: 'PO-77', requestedDate: orderDate },
    })
    expect(again.status).toBe(302)
    expect(again.location).toBe(res.location)
    expect(await countOrders(world.org.id)).toBe(1)
  })

  it('shows what changed when a price moved after the cart was shown, and places nothing until confirmed again', async () => {
    await addToCart({ scope: grantScope('create:order:org', world.org.id), userId: world.buyer.id, lines: [{ productId: world.lamp.id, qty: 2 }] })
    const page = await openCheckout(world.buyer.cookie)
    await db
      .update(prices)
      .set({ unitPriceMinor: 110_00 })
      .where(and(eq(prices.productId, world.lamp.id), eq(prices.minQty, 1)))
    const before = await countOrders(world.org.id)
    const res = await app.request('/checkout', {
      cookie: world.buyer.cookie,
      form: { checkoutToken: page.checkoutToken, seen: page.seen, shipToId: world.shipTo.id },
    })
    expect(res.status).toBe(409)
    expect(res.body).toContain('Prices, dates or stock changed')
    expect(res.body).toMatch(/price was .*100[.,]00.*now .*110[.,]00/)
    expect(await countOrders(world.org.id)).toBe(before)
    expect(await atpOf(world.lamp.id)).toBe(88)
    // Confirming against what is shown now goes through.
    const fresh = await openCheckout(world.buyer.cookie)
    const ok = await app.request('/checkout', {
      cookie: world.buyer.cookie,
      form: { checkoutToken: fresh.checkoutToken, seen: fresh.seen, shipToId: world.shipTo.id },
    })
    expect(ok.status).toBe(302)
    expect(await countOrders(world.org.id)).toBe(before + 1)
  })

  it('refuses requested dates that are too early, on a holiday or weekend, or not dates, next to the field, and writes nothing', async () => {
    await addToCart({ scope: grantScope('create:order:org', world.org.id), userId: world.buyer.id, lines: [{ productId: world.lamp.id, qty: 1 }] })
    const page = await openCheckout(world.buyer.cookie)
    let weekend = addDays(today, 14)
    while (ruCalendar.isWorkingDay(weekend)) weekend = addDays(weekend, 1)
    const cases: [Record<string, string>, RegExp][] = [
      [{ requestedDate: addDays(today, -3) }, /Not possible that early: the earliest date is/],
      [{ requestedDate: today }, /Not possible that early/],
      [{ requestedDate: weekend }, /Not a working day: the next working day is/],
      [{ requestedDate: '2026-02-31' }, /A date as YYYY-MM-DD/],
      [{ requestedDate: 'tomorrow' }, /A date as YYYY-MM-DD/],
      [{ requestedDate: addDays(today, 800) }, /More than a year ahead/],
      [{ [`lineDate.${world.lamp.id}`]: addDays(today, -1) }, /Not possible that early/],
    ]
    for (const [fields, message] of cases) {
      const res = await app.request('/checkout', {
        cookie: world.buyer.cookie,
        form: { checkoutToken: page.checkoutToken, seen: page.seen, shipToId: world.shipTo.id, ...fields },
      })
      expect(res.status, JSON.stringify(fields)).toBe(400)
      expect(res.body).toMatch(message)
      expect(res.body).toMatch(/aria-invalid="true"/)
    }
    expect(await atpOf(world.lamp.id)).toBe(86)
  })

  it('enforces the organisation’s terms: a mandatory PO number, the order minimum, its own ship-to only', async () => {
    await setDeliveryTerms(db, world.org.id, { poRequired: true, orderMinimumMinor: 1_000_000_00 })
    const page = await openCheckout(world.buyer.cookie)
    const res = await app.request('/checkout', {
      cookie: world.buyer.cookie,
      form: { checkoutToken: page.checkoutToken, seen: page.seen, shipToId: world.shipTo.id },
    })
    expect(res.status).toBe(400)
    expect(res.body).toContain('Your organisation requires a purchase order number.')
    expect(res.body).toContain('Below the order minimum')
    await setDeliveryTerms(db, world.org.id, { poRequired: false, orderMinimumMinor: null })
    const foreign = await createShipTo(db, { orgId: world.rival.id })
    const other = await app.request('/checkout', {
      cookie: world.buyer.cookie,
      form: { checkoutToken: page.checkoutToken, seen: page.seen, shipToId: foreign.id },
    })
    expect(other.status).toBe(400)
    expect(other.body).toContain('Choose a ship-to address from the list.')
    expect(other.body).not.toContain(foreign.address)
  })

  it('answers malformed submissions with 400, never 500', async () => {
    for (const form of [
      {},
      { checkoutToken: 'x', seen: '' },
      { checkoutToken: crypto.randomUUID(), seen: 'garbage:::,,', [`lineDate.not-a-uuid`]: '2026-01-01' },
      { checkoutToken: crypto.randomUUID(), seen: 'a'.repeat(600_000) },
    ]) {
      const res = await app.request('/checkout', { cookie: world.buyer.cookie, form: form as Record<string, string> })
      expect([400, 409, 413]).toContain(res.status)
    }
  })

  it('sells the last unit once when two dealers check out at the same moment; stock never goes below zero', async () => {
    await addToCart({ scope: grantScope('create:order:org', world.org.id), userId: world.buyer.id, lines: [{ productId: world.last.id, qty: 1 }] })
    await addToCart({
      scope: grantScope('create:order:org', world.rival.id),
      userId: world.rivalBuyer.id,
      lines: [{ productId: world.last.id, qty: 1 }],
    })
    const a = await openCheckout(world.buyer.cookie)
    const b = await openCheckout(world.rivalBuyer.cookie)
    const [rivalShipTo] = await listShipTo({ scope: grantScope('create:order:org', world.rival.id) })
    const [ra, rb] = await Promise.all([
      app.request('/checkout', { cookie: world.buyer.cookie, form: { checkoutToken: a.checkoutToken, seen: a.seen, shipToId: world.shipTo.id } }),
      app.request('/checkout', { cookie: world.rivalBuyer.cookie, form: { checkoutToken: b.checkoutToken, seen: b.seen, shipToId: rivalShipTo.id } }),
    ])
    expect([ra.status, rb.status].sort(), [ra, rb].map((r) => /error-list[^>]*>(.*?)<\/ul>/.exec(r.body)?.[1]).join(' / ')).toEqual([302, 409])
    const loser = ra.status === 409 ? ra : rb
    expect(loser.body).toContain('no longer in stock in this quantity')
    expect(await atpOf(world.last.id)).toBe(0)
    const sold = await db.select({ qty: orderLines.qty }).from(orderLines).where(eq(orderLines.productId, world.last.id))
    expect(sold).toEqual([{ qty: 1 }])
  })
})
