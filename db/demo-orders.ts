import { and, desc, eq, gte, inArray, sql } from 'drizzle-orm'
import { nextWorkingDayOnOrAfter } from '../app/modules/delivery-terms/earliest-date'
import { ruCalendar } from '../app/modules/delivery-terms/ru-calendar'
import { grantScope } from '../app/modules/auth/scope.server'
import { listShipTo } from '../app/modules/delivery-terms/queries.server'
import { addToCart, cancelOrder, confirmOrder, markDelivered, placeOrder, shipOrder } from '../app/modules/ordering/mutations.server'
import { evaluateCart, getOrder } from '../app/modules/ordering/queries.server'
import { businessClock } from '../app/utils/clock.server'
import type { Db } from './client.server'
import { memberships, orders, organisations, prices, products, stockLevels, users } from './schema'

// Demo orders, placed and handled through the real checkout and order-desk functions, so totals, reservations,
// history and audit entries are what the product makes: one waiting for confirmation and one confirmed in part
// with a backordered rest (Альфа-Дилер), one shipped in two parts, one delivered and one cancelled (Вектор).
// Products are chosen by what the catalog has (sold by the piece, in stock, priced), not by SKU, so a reworked
// demo catalog still gets its orders.

const SALES = 'sales@technosnab.demo'

async function userId(db: Db, email: string) {
  const [u] = await db.select({ id: users.id }).from(users).where(eq(users.email, email))
  return u?.id ?? null
}

async function orgOf(db: Db, userIdValue: string, shortName: string) {
  const [m] = await db
    .select({ orgId: memberships.orgId })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.orgId))
    .where(and(eq(memberships.userId, userIdValue), eq(organisations.shortName, shortName)))
  return m?.orgId ?? null
}

/** Active products sold by the piece, with at least 40 in one warehouse, the dearest first (order minimums). */
async function pieceProducts(db: Db, count: number) {
  const rows = await db
    .selectDistinct({ id: products.id, sku: products.sku, price: prices.unitPriceMinor })
    .from(products)
    .innerJoin(stockLevels, and(eq(stockLevels.productId, products.id), gte(stockLevels.atp, 40)))
    .innerJoin(prices, and(eq(prices.productId, products.id), eq(prices.minQty, 1)))
    .where(and(eq(products.active, true), eq(products.packSize, 1), sql`${products.minQty} <= 1`))
    .orderBy(desc(prices.unitPriceMinor), products.sku)
    .limit(count * 3)
  return [...new Set(rows.map((r) => r.id))].slice(0, count)
}

export async function seedDemoOrdersIfEmpty(db: Db): Promise<boolean> {
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(orders)
  if (n > 0) return false
  const [sales, alfaBuyer, vectorBuyer] = [await userId(db, SALES), await userId(db, 'buyer@alfa-dealer.demo'), await userId(db, 'buyer@vector.demo')]
  if (!sales || !alfaBuyer || !vectorBuyer) return false
  const [alfa, vector] = [await orgOf(db, alfaBuyer, 'Альфа-Дилер'), await orgOf(db, vectorBuyer, 'Вектор')]
  const picks = await pieceProducts(db, 6)
  if (!alfa || !vector || picks.length < 6) return false
  // The demo acts as the people would: each buyer for their organisation, the sales manager on the desk.
  const desk = { scope: grantScope('manage:order:any', null), actor: { userId: sales, email: SALES, ip: null } }
  const { today } = await businessClock()
  // A confirmation date must be a working day, as the desk's own form requires.
  const firstDay = nextWorkingDayOnOrAfter(today, ruCalendar)

  const place = async (orgId: string, buyer: string, lines: { productId: string; qty: number }[], poNumber: string) => {
    const scope = grantScope('create:order:org', orgId)
    await addToCart({ scope, userId: buyer, lines })
    const { now } = await businessClock()
    const cart = await evaluateCart({ scope, userId: buyer, today, now })
    const [shipTo] = await listShipTo({ scope })
    const input = { checkoutToken: crypto.randomUUID(), seen: cart.fingerprint, poNumber, shipToId: shipTo?.id, lineDates: {} }
    const placed = await placeOrder({ scope, actor: { userId: buyer, email: null, ip: null }, input })
    if (placed.status !== 'placed') throw new Error(`demo order not placed: ${JSON.stringify(placed)}`)
    return (await getOrder({ scope, orderId: placed.orderId }))!
  }
  const confirm = async (order: Awaited<ReturnType<typeof place>>, qty: (line: { qty: number }) => number, note = '') => {
    const result = await confirmOrder({
      ...desk,
      orderId: order.id,
      input: {
        note,
        lines: order.lines.map((l) => ({
          lineNo: l.lineNo,
          qty: qty(l),
          date: l.earliestDate > firstDay ? l.earliestDate : firstDay,
          rest: qty(l) < l.qty ? 'backorder' : undefined,
        })),
      },
    })
    if (!result.ok) throw new Error(`demo order not confirmed: ${JSON.stringify(result)}`)
  }
  // Line numbers follow the cart's order (by SKU for lines added together): quantities are given by product.
  const ship = async (order: Awaited<ReturnType<typeof place>>, trackingNumber: string, qty: (productId: string, ordered: number) => number) => {
    const lines = order.lines.map((l) => ({ lineNo: l.lineNo, qty: qty(l.productId, l.qty) }))
    const result = await shipOrder({ ...desk, orderId: order.id, input: { carrier: 'ПЭК', trackingNumber, lines } })
    if (!result.ok) throw new Error(`demo order not shipped: ${JSON.stringify(result)}`)
  }
  const [a, b, c, d, e, f] = picks

  // Альфа-Дилер (a PO number is required there, and a 50 000 ₽ minimum): one waiting, one confirmed in part.
  await place(
    alfa,
    alfaBuyer,
    [
      { productId: a, qty: 15 },
      { productId: b, qty: 6 },
    ],
    'АЛ-2026-0141',
  )
  const partial = await place(
    alfa,
    alfaBuyer,
    [
      { productId: c, qty: 15 },
      { productId: d, qty: 4 },
    ],
    'АЛ-2026-0137',
  )
  await confirm(partial, (l) => (l.qty === 15 ? 10 : l.qty), '5 шт. — после поступления на склад')

  // Вектор: shipped in two parts, delivered, cancelled.
  const twoParts = await place(
    vector,
    vectorBuyer,
    [
      { productId: e, qty: 8 },
      { productId: f, qty: 3 },
    ],
    'VK-PO-5521',
  )
  await confirm(twoParts, (l) => l.qty)
  await ship(twoParts, 'PEK-2026-118842', (p, ordered) => (p === e ? 5 : ordered))
  await ship(twoParts, 'PEK-2026-119307', (p) => (p === e ? 3 : 0))
  const delivered = await place(
    vector,
    vectorBuyer,
    [
      { productId: a, qty: 2 },
      { productId: f, qty: 2 },
    ],
    'VK-PO-5498',
  )
  await confirm(delivered, (l) => l.qty)
  await ship(delivered, 'PEK-2026-117015', (_p, ordered) => ordered)
  if (!(await markDelivered({ ...desk, orderId: delivered.id })).ok) throw new Error('demo order not delivered')
  const cancelled = await place(vector, vectorBuyer, [{ productId: b, qty: 1 }], 'VK-PO-5530')
  if (!(await cancelOrder({ ...desk, orderId: cancelled.id, reason: 'Покупатель заказал эту позицию по ошибке' })).ok)
    throw new Error('demo order not cancelled')
  return (
    (
      await db
        .select({ n: sql<number>`count(*)::int` })
        .from(orders)
        .where(inArray(orders.orgId, [alfa, vector]))
    )[0].n === 5
  )
}
