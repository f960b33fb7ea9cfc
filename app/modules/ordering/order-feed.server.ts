import { and, asc, eq, gt, inArray, or } from 'drizzle-orm'
import { db } from '../../../db/client.server'
import { orderEvents, orderLines, orders, shipments } from '../../../db/schema/orders'

// The outbox feed of EDI orders (issue 12, "Outbound"): the desk's confirmations, shipments and deliveries of
// orders that came by EDI, in the order they happened, for the EDI dispatcher that answers each with a document.
// It is the system's own read: the dispatcher acts for the order's own organisation (the event names it) and
// writes only into that organisation's mailbox, so there is no caller scope to narrow it by.

export const EDI_FEED_KINDS = ['confirmed', 'partly_confirmed', 'changed', 'shipped', 'delivered'] as const
export type EdiFeedKind = (typeof EDI_FEED_KINDS)[number]

export interface EdiOrderEvent {
  id: string
  orderId: string
  orgId: string
  kind: EdiFeedKind
  at: Date
}

/** Events of EDI orders after `after` (exclusive), oldest first. */
export async function listEdiOrderEvents({
  after,
  limit = 200,
}: {
  after?: { at: Date; id: string } | null
  limit?: number
}): Promise<EdiOrderEvent[]> {
  const rows = await db
    .select({ id: orderEvents.id, orderId: orderEvents.orderId, orgId: orders.orgId, kind: orderEvents.kind, at: orderEvents.at })
    .from(orderEvents)
    .innerJoin(orders, eq(orders.id, orderEvents.orderId))
    .where(
      and(
        eq(orders.channel, 'edi'),
        inArray(orderEvents.kind, [...EDI_FEED_KINDS]),
        after ? or(gt(orderEvents.at, after.at), and(eq(orderEvents.at, after.at), gt(orderEvents.id, after.id))) : undefined,
      ),
    )
    .orderBy(asc(orderEvents.at), asc(orderEvents.id))
    .limit(limit)
  return rows.map((r) => ({ ...r, kind: r.kind as EdiFeedKind }))
}

/**
 * What a document about one EDI order needs: the header, the lines as confirmed and shipped, and the shipments
 * with the event each belongs to (the k-th 'shipped' event made the k-th shipment: both are written in one desk
 * transaction, in the same order).
 */
export async function getEdiOrderForDocuments({ orderId, orgId }: { orderId: string; orgId: string }) {
  const [order] = await db
    .select({
      id: orders.id,
      orgId: orders.orgId,
      number: orders.number,
      status: orders.status,
      poNumber: orders.poNumber,
      currency: orders.currency,
      requestedDate: orders.requestedDate,
      placedAt: orders.placedAt,
      netMinor: orders.netMinor,
      vatMinor: orders.vatMinor,
      freightMinor: orders.freightMinor,
      grossMinor: orders.grossMinor,
    })
    .from(orders)
    .where(and(eq(orders.id, orderId), eq(orders.orgId, orgId), eq(orders.channel, 'edi')))
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
      vatBp: orderLines.vatBp,
      requestedDate: orderLines.requestedDate,
      earliestDate: orderLines.earliestDate,
      confirmedQty: orderLines.confirmedQty,
      confirmedDate: orderLines.confirmedDate,
      cancelledQty: orderLines.cancelledQty,
      shippedQty: orderLines.shippedQty,
    })
    .from(orderLines)
    .where(eq(orderLines.orderId, order.id))
    .orderBy(asc(orderLines.lineNo))
  const sent = await listShipments(order.id)
  const shippedEvents = await db
    .select({ id: orderEvents.id })
    .from(orderEvents)
    .where(and(eq(orderEvents.orderId, order.id), eq(orderEvents.kind, 'shipped')))
    .orderBy(asc(orderEvents.at), asc(orderEvents.id))
  return { ...order, lines, shipments: sent.map((s, i) => ({ ...s, eventId: shippedEvents[i]?.id ?? null })) }
}
export type EdiOrderForDocuments = NonNullable<Awaited<ReturnType<typeof getEdiOrderForDocuments>>>

/** An order's shipments in the order they left (the order page; the EDI feed pairs each with its event). */
export async function listShipments(orderId: string) {
  return db
    .select({
      id: shipments.id,
      carrier: shipments.carrier,
      trackingNumber: shipments.trackingNumber,
      lines: shipments.lines,
      shippedAt: shipments.shippedAt,
    })
    .from(shipments)
    .where(eq(shipments.orderId, orderId))
    .orderBy(asc(shipments.shippedAt), asc(shipments.id))
}
