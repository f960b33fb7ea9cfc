import { and, asc, count, desc, eq, gte, ilike, inArray, isNotNull, lt, or, sql, type SQL } from 'drizzle-orm'
import { containsPattern } from '../../utils/text'
import { db } from '../../../db/client.server'
import { operatorDayStart, operatorTimeZone } from '../../utils/clock.server'
import { orderTenantFilter } from '../../../db/tenant-scope.server'
import { orderEvents, orderLines, orders } from '../../../db/schema/orders'
import { userRef } from '../auth/queries.server'
import { inScope, type Scope } from '../auth/scope.server'
import { warehouseRef } from '../catalog/queries.server'
import { addDays } from '../delivery-terms/earliest-date'
import { organisationRef } from '../tenancy/queries.server'
import type { OrderQuery } from './schemas'
import { listShipments } from './order-feed.server'
import { translate, type Locale, type MessageKey } from '../../i18n'
import { formatSheetDateTime, formatSheetDay, formatZoneName } from '../../i18n/format'
import { csvResponse, decimal, toCsv } from '../../utils/csv'

// Reading orders, with the scope in every query: a dealer's organisation scope sees its own orders only, the
// order desk's `any` scope ("read:order:any") every organisation's. Names of organisations, people and
// warehouses come from their modules' derived tables (organisationRef, userRef, warehouseRef).

export const ORDERS_PAGE_SIZE = 50

/** The tenant filter of every order read; a test may switch it off (db/tenant-scope.server.ts, the RLS canary). */
const ordersInScope = (scope: Scope) => orderTenantFilter(inScope(scope, orders.orgId))

export type OrderListQuery = OrderQuery & { userId?: string }

function whereOf(scope: Scope, q: OrderListQuery, org: ReturnType<typeof organisationRef>) {
  const where: SQL[] = []
  const tenant = ordersInScope(scope)
  if (tenant) where.push(tenant)
  if (q.status) where.push(eq(orders.status, q.status))
  if (q.q)
    where.push(
      or(ilike(orders.number, containsPattern(q.q)), ilike(orders.poNumber, containsPattern(q.q)), ilike(org.shortName, containsPattern(q.q)))!,
    )
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

export async function listOrders({ scope, query: q, limit = ORDERS_PAGE_SIZE }: { scope: Scope; query: OrderListQuery; limit?: number }) {
  const org = organisationRef()
  const user = userRef()
  const where = whereOf(scope, q, org)
  const page = q.page ?? 1
  const column = sortColumns[q.sort ?? 'placedAt']
  const direction = (q.dir ?? (q.sort ? 'asc' : 'desc')) === 'asc' ? asc : desc
  const rows = await db
    .select({
      id: orders.id,
      number: orders.number,
      orgName: org.shortName,
      status: orders.status,
      poNumber: orders.poNumber,
      placedAt: orders.placedAt,
      placedBy: user.email,
      requestedDate: orders.requestedDate,
      netMinor: orders.netMinor,
      grossMinor: orders.grossMinor,
      currency: orders.currency,
      lines: sql<number>`(select count(*)::int from ${orderLines} where ${orderLines.orderId} = ${orders.id})`,
    })
    .from(orders)
    .innerJoin(org, eq(org.id, orders.orgId))
    .innerJoin(user, eq(user.id, orders.placedBy))
    .where(where)
    .orderBy(direction(column), desc(orders.placedAt), desc(orders.number))
    .limit(limit)
    .offset((page - 1) * limit)
  const [{ total }] = await db.select({ total: count() }).from(orders).innerJoin(org, eq(org.id, orders.orgId)).where(where)
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
  for (const r of rows)
    byOrder.set(r.orderId, [...(byOrder.get(r.orderId) ?? []), { unit: r.unit, backordered: Number(r.backordered), cancelled: Number(r.cancelled) }])
  return byOrder
}

/** One order with its lines, history and shipments; null when it is not in scope (the caller answers 404). */
export async function getOrder({ scope, orderId }: { scope: Scope; orderId: string }) {
  const org = organisationRef()
  const user = userRef()
  const [order] = await db
    .select({
      id: orders.id,
      orgId: orders.orgId,
      orgName: org.shortName,
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
      placedBy: user.email,
    })
    .from(orders)
    .innerJoin(org, eq(org.id, orders.orgId))
    .innerJoin(user, eq(user.id, orders.placedBy))
    .where(and(eq(orders.id, orderId), ordersInScope(scope)))
  if (!order) return null
  const warehouse = warehouseRef()
  const actor = userRef('actor_ref')
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
      warehouse: warehouse.code,
      earliestDate: orderLines.earliestDate,
      requestedDate: orderLines.requestedDate,
      confirmedQty: orderLines.confirmedQty,
      confirmedDate: orderLines.confirmedDate,
      cancelledQty: orderLines.cancelledQty,
      shippedQty: orderLines.shippedQty,
      returnedQty: orderLines.returnedQty,
    })
    .from(orderLines)
    .innerJoin(warehouse, eq(warehouse.id, orderLines.warehouseId))
    .where(eq(orderLines.orderId, order.id))
    .orderBy(asc(orderLines.lineNo))
  const events = await db
    .select({ status: orderEvents.status, kind: orderEvents.kind, note: orderEvents.note, at: orderEvents.at, actor: actor.email })
    .from(orderEvents)
    .leftJoin(actor, eq(actor.id, orderEvents.actorId))
    .where(eq(orderEvents.orderId, order.id))
    .orderBy(asc(orderEvents.at))
  return { ...order, lines, events, shipments: await listShipments(order.id) }
}
export type OrderDetail = NonNullable<Awaited<ReturnType<typeof getOrder>>>

// ---- The rest of ordering's public reads: carts, checkout, reorder, the evaluator, exports ----

export {
  countCartLines,
  draftOrderLines,
  evaluateCart,
  MAX_LINE_QTY,
  type AddToCartResult,
  type CartChange,
  type CartOwner,
  type EvaluatedCart,
} from './cart.server'
export { takeCartNotice } from './cart-notice.server'
export { prepareCheckout } from './checkout.server'
export { orderConfirmationPdf } from './confirmation-pdf.server'
export { evaluateLines, type EvaluatedLine, type LineInput } from './evaluate-lines.server'
export { validateOrderLines, type AcceptedLine, type RejectedLine } from './order-lines.server'
export { reorderPreview, type ReorderLine } from './reorder.server'

const MAX_EXPORT_ROWS = 10_000

/**
 * The filtered order list as CSV, for the dealer's history (its organisation scope) and the desk (an `any` scope).
 * Times are the operator's, as on the pages, and the header says which zone; amounts are numbers in the reader's
 * dialect.
 */
export async function ordersCsv({ scope, query, locale }: { scope: Scope; query: OrderListQuery; locale: Locale }) {
  const { rows } = await listOrders({ scope, query: { ...query, page: 1 }, limit: MAX_EXPORT_ROWS })
  const tr = (k: MessageKey) => translate(locale, k)
  const zone = formatZoneName(locale, operatorTimeZone)
  return csvResponse(
    'orders.csv',
    toCsv(
      [
        tr('orders.number'),
        tr('admin.user.organisation'),
        `${tr('orders.placedAt')} (${zone})`,
        tr('orders.placedBy'),
        tr('checkout.poNumber'),
        tr('orders.status'),
        tr('checkout.requestedDate'),
        tr('orders.lines'),
        tr('product.net'),
        tr('product.gross'),
        tr('export.currency'),
      ],
      rows.map((o) => [
        o.number,
        o.orgName,
        formatSheetDateTime(locale, o.placedAt, operatorTimeZone),
        o.placedBy,
        o.poNumber,
        tr(`orderStatus.${o.status}`),
        o.requestedDate ? formatSheetDay(locale, o.requestedDate) : null,
        o.lines,
        decimal(o.netMinor / 100),
        decimal(o.grossMinor / 100),
        o.currency,
      ]),
      locale,
    ),
  )
}
export {
  EDI_FEED_KINDS,
  getEdiOrderForDocuments,
  listEdiOrderEvents,
  type EdiFeedKind,
  type EdiOrderEvent,
  type EdiOrderForDocuments,
} from './order-feed.server'
