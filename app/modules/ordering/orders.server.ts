import { and, asc, count, desc, eq, gte, ilike, inArray, isNotNull, lt, or, sql, type SQL } from 'drizzle-orm'
import { containsPattern } from '../../utils/text'
import { db } from '../../../db/client.server'
import { operatorDayStart } from '../../utils/clock.server'
import { orderTenantFilter } from '../../../db/tenant-scope.server'
import { orderEvents, orderLines, orders, organisations, shipments, users, warehouses } from '../../../db/schema'
import { addDays } from '../delivery-terms/earliest-date'
import type { OrderQuery } from './schemas'

// Reading orders. The dealer side always passes its organisation (from the session): the filter is in every
// query. The order desk passes `orgId: null`, which only a route guarded by "read:order:any" may do.

export const ORDERS_PAGE_SIZE = 50

type Scope = { orgId: string | null }


function whereOf(scope: Scope, q: OrderQuery & { userId?: string }) {
  const where: SQL[] = []
  const tenant = scope.orgId ? orderTenantFilter(eq(orders.orgId, scope.orgId)) : undefined
  if (tenant) where.push(tenant)
  if (q.status) where.push(eq(orders.status, q.status))
  if (q.q) where.push(or(ilike(orders.number, containsPattern(q.q)), ilike(orders.poNumber, containsPattern(q.q)), ilike(organisations.shortName, containsPattern(q.q)))!)
  // Days are the operator's calendar days; "to" is inclusive.
  if (q.from) where.push(gte(orders.placedAt, operatorDayStart(q.from)))
  if (q.to) where.push(lt(orders.placedAt, operatorDayStart(addDays(q.to, 1))))
  if (q.mine && q.userId) where.push(eq(orders.placedBy, q.userId))
  return and(...where)
}

const sortColumns = {
  placedAt: orders.placedAt,
  number: orders.number,
  status: orders.status,
  grossMinor: orders.grossMinor,
  requestedDate: orders.requestedDate,
}

export async function listOrders(scope: Scope, q: OrderQuery & { userId?: string }, limit = ORDERS_PAGE_SIZE) {
  const where = whereOf(scope, q)
  const page = q.page ?? 1
  const column = sortColumns[q.sort ?? 'placedAt']
  const direction = (q.dir ?? (q.sort ? 'asc' : 'desc')) === 'asc' ? asc : desc
  const rows = await db
    .select({
      id: orders.id,
      number: orders.number,
      orgName: organisations.shortName,
      status: orders.status,
      poNumber: orders.poNumber,
      placedAt: orders.placedAt,
      placedBy: users.email,
      requestedDate: orders.requestedDate,
      netMinor: orders.netMinor,
      grossMinor: orders.grossMinor,
      currency: orders.currency,
      lines: sql<number>`(select count(*)::int from ${orderLines} where ${orderLines.orderId} = ${orders.id})`,
    })
    .from(orders)
    .innerJoin(organisations, eq(organisations.id, orders.orgId))
    .innerJoin(users, eq(users.id, orders.placedBy))
    .where(where)
    .orderBy(direction(column), desc(orders.placedAt), desc(orders.number))
    .limit(limit)
    .offset((page - 1) * limit)
  const [{ total }] = await db
    .select({ total: count() })
    .from(orders)
    .innerJoin(organisations, eq(organisations.id, orders.orgId))
    .where(where)
  const rests = await unconfirmedRests(rows.map((r) => r.id))
  return { rows: rows.map((r) => ({ ...r, rests: rests.get(r.id) ?? [] })), total, page, pages: Math.max(1, Math.ceil(total / limit)) }
}

/**
 * Per order and unit, the units confirmed short: backordered (still open) and cancelled, for the lists. Only for
 * order ids the caller already read within its scope.
 */
async function unconfirmedRests(orderIds: string[]) {
  const byOrder = new Map<string, { unit: string; backordered: number; cancelled: number }[]>()
  if (!orderIds.length) return byOrder
  const rows = await db
    .select({
      orderId: orderLines.orderId,
      unit: orderLines.unit,
      backordered: sql<number>`sum(${orderLines.qty} - ${orderLines.confirmedQty} - ${orderLines.cancelledQty})::int`,
      cancelled: sql<number>`sum(${orderLines.cancelledQty})::int`,
    })
    .from(orderLines)
    .where(and(inArray(orderLines.orderId, orderIds), isNotNull(orderLines.confirmedQty), sql`${orderLines.confirmedQty} < ${orderLines.qty}`))
    .groupBy(orderLines.orderId, orderLines.unit)
    .orderBy(orderLines.unit)
  for (const r of rows) byOrder.set(r.orderId, [...(byOrder.get(r.orderId) ?? []), { unit: r.unit, backordered: Number(r.backordered), cancelled: Number(r.cancelled) }])
  return byOrder
}

/** One order with its lines, history and shipments; null when it is not in scope (the caller answers 404). */
export async function getOrder(scope: Scope, orderId: string) {
  const [order] = await db
    .select({
      id: orders.id,
      orgId: orders.orgId,
      orgName: organisations.shortName,
      number: orders.number,
      status: orders.status,
      poNumber: orders.poNumber,
      comment: orders.comment,
      shipToName: orders.shipToName,
      shipToAddress: orders.shipToAddress,
      requestedDate: orders.requestedDate,
      incoterm: orders.incoterm,
      namedPlace: orders.namedPlace,
      freightTerms: orders.freightTerms,
      currency: orders.currency,
      netMinor: orders.netMinor,
      vatMinor: orders.vatMinor,
      freightMinor: orders.freightMinor,
      freeFreightMinor: orders.freeFreightMinor,
      freightRateMinor: orders.freightRateMinor,
      grossMinor: orders.grossMinor,
      cancelReason: orders.cancelReason,
      placedAt: orders.placedAt,
      placedBy: users.email,
    })
    .from(orders)
    .innerJoin(organisations, eq(organisations.id, orders.orgId))
    .innerJoin(users, eq(users.id, orders.placedBy))
    .where(and(eq(orders.id, orderId), scope.orgId ? orderTenantFilter(eq(orders.orgId, scope.orgId)) : undefined))
  if (!order) return null
  const lines = await db
    .select({
      lineNo: orderLines.lineNo,
      productId: orderLines.productId,
      sku: orderLines.sku,
      nameRu: orderLines.nameRu,
      nameEn: orderLines.nameEn,
      unit: orderLines.unit,
      qty: orderLines.qty,
      unitPriceMinor: orderLines.unitPriceMinor,
      netMinor: orderLines.netMinor,
      vatBp: orderLines.vatBp,
      vatMinor: orderLines.vatMinor,
      priceListName: orderLines.priceListName,
      priceTrace: orderLines.priceTrace,
      warehouse: warehouses.code,
      earliestDate: orderLines.earliestDate,
      requestedDate: orderLines.requestedDate,
      confirmedQty: orderLines.confirmedQty,
      confirmedDate: orderLines.confirmedDate,
      cancelledQty: orderLines.cancelledQty,
      shippedQty: orderLines.shippedQty,
    })
    .from(orderLines)
    .innerJoin(warehouses, eq(warehouses.id, orderLines.warehouseId))
    .where(eq(orderLines.orderId, order.id))
    .orderBy(asc(orderLines.lineNo))
  const events = await db
    .select({ status: orderEvents.status, kind: orderEvents.kind, note: orderEvents.note, at: orderEvents.at, actor: users.email })
    .from(orderEvents)
    .leftJoin(users, eq(users.id, orderEvents.actorId))
    .where(eq(orderEvents.orderId, order.id))
    .orderBy(asc(orderEvents.at))
  const sent = await db
    .select({ id: shipments.id, carrier: shipments.carrier, trackingNumber: shipments.trackingNumber, lines: shipments.lines, shippedAt: shipments.shippedAt })
    .from(shipments)
    .where(eq(shipments.orderId, order.id))
    .orderBy(asc(shipments.shippedAt))
  return { ...order, lines, events, shipments: sent }
}
export type OrderDetail = NonNullable<Awaited<ReturnType<typeof getOrder>>>
