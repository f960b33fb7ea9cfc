import { and, eq, sql } from 'drizzle-orm'
import { db, type Tx } from '../../../db/client.server'
import { orderEvents, orderLines, orders, shipments } from '../../../db/schema/orders'
import type { Actor } from '../audit/mutations.server'
import { writeAudit } from '../audit/mutations.server'
import { notify } from '../notifications/mutations.server'
import { inScope, type Scope } from '../auth/scope.server'
import { releaseStock, reserveStock } from '../catalog/mutations.server'
import { getWarehouseCoverage } from '../catalog/queries.server'
import { addDays, checkRequestedDate } from '../delivery-terms/earliest-date'
import { ruCalendar } from '../delivery-terms/ru-calendar'
import { notifyCatalogChanged } from '../catalog/live.server'
import { businessClock } from '../../utils/clock.server'
import { committedOf, orderTotals, statusOfConfirmed } from './order-state'
import { allowedActions, type OrderStatus, type RestChoice } from './schemas'

// The operator's order desk: confirm (and change) lines with dates and quantities (a short confirmation's rest
// backordered or cancelled), ship with carrier and
// tracking number, mark delivered, cancel with a reason. Each is one transaction on the locked order row, checks
// that the order's status allows it, writes the status history and the audit entry, and returns stock that is
// no longer needed to where it was reserved from (catalog's reserveStock/releaseStock). The scope is the desk's
// `any` scope ("manage:order:any"); it is in the query that locks the order, like every other read.

export type DeskResult = { ok: true } | { ok: false; status?: 404 | 409; fieldErrors?: Record<string, string[]>; formErrors?: string[] }

type DeskAction = 'confirm' | 'ship' | 'deliver' | 'cancel' | 'return'

async function lockOrder(tx: Tx, scope: Scope, orderId: string) {
  const [order] = await tx
    .select({
      id: orders.id,
      orgId: orders.orgId,
      number: orders.number,
      placedBy: orders.placedBy,
      status: orders.status,
      incoterm: orders.incoterm,
      freightTerms: orders.freightTerms,
      freeFreightMinor: orders.freeFreightMinor,
      freightMinor: orders.freightRateMinor,
    })
    .from(orders)
    .where(and(eq(orders.id, orderId), inScope(scope, orders.orgId)))
    .for('update')
  return order ?? null
}
type LockedOrder = NonNullable<Awaited<ReturnType<typeof lockOrder>>>

const refused = (): DeskResult => ({ ok: false, status: 409, formErrors: ['desk.error.notAllowed'] })

/** Thrown inside the transaction to roll back whatever was written before a problem was found. */
class Refused extends Error {
  constructor(readonly result: DeskResult) {
    super('refused')
  }
}

async function runDesk(scope: Scope, orderId: string, action: DeskAction, work: (tx: Tx, order: LockedOrder) => Promise<DeskResult>) {
  try {
    const result = await db.transaction(async (tx) => {
      const order = await lockOrder(tx, scope, orderId)
      if (!order) return { ok: false, status: 404 } satisfies DeskResult
      // A return is taken only on a delivered order (nothing else is allowed then).
      if (action === 'return' ? order.status !== 'delivered' : !allowedActions[order.status].includes(action)) return refused()
      const result = await work(tx, order)
      if (!result.ok) throw new Refused(result)
      return result
    })
    // Confirming fewer units or cancelling gives stock back: open carts may now be deliverable sooner.
    if (result.ok && (action === 'confirm' || action === 'cancel')) notifyCatalogChanged('stock', await productIdsOf(orderId))
    return result
  } catch (error) {
    if (error instanceof Refused) return error.result
    throw error
  }
}

/** Gives back `qty` reserved units of a line: the part reserved against the next receipt first. */
async function release(
  tx: Tx,
  line: { orderId: string; lineNo: number; productId: string; warehouseId: string; fromReceiptQty: number },
  qty: number,
) {
  if (qty <= 0) return
  const toReceipt = Math.min(line.fromReceiptQty, qty)
  await releaseStock(tx, { productId: line.productId, warehouseId: line.warehouseId, qty, toReceiptQty: toReceipt })
  if (toReceipt)
    await tx
      .update(orderLines)
      .set({ fromReceiptQty: line.fromReceiptQty - toReceipt })
      .where(and(eq(orderLines.orderId, line.orderId), eq(orderLines.lineNo, line.lineNo)))
}

/**
 * Takes `qty` more units for a line whose confirmation grows (a backordered rest confirmed later): from stock
 * first, the rest against the next receipt, as checkout does. False when the warehouse no longer has them.
 */
async function reserve(
  tx: Tx,
  line: { orderId: string; lineNo: number; productId: string; warehouseId: string; fromReceiptQty: number },
  qty: number,
) {
  if (qty <= 0) return true
  const reserved = await reserveStock(tx, { productId: line.productId, warehouseId: line.warehouseId, qty, receipt: true })
  if (!reserved) return false
  if (reserved.fromReceiptQty)
    await tx
      .update(orderLines)
      .set({ fromReceiptQty: line.fromReceiptQty + reserved.fromReceiptQty })
      .where(and(eq(orderLines.orderId, line.orderId), eq(orderLines.lineNo, line.lineNo)))
  return true
}

/** The order's totals again, for what its lines now commit (confirmed quantities), with its own freight rule. */
async function retotal(tx: Tx, order: LockedOrder) {
  const lines = await linesOf(tx, order.id)
  const totals = orderTotals(lines, order)
  for (const [i, l] of lines.entries())
    await tx
      .update(orderLines)
      .set(totals.lines[i])
      .where(and(eq(orderLines.orderId, order.id), eq(orderLines.lineNo, l.lineNo)))
  await tx
    .update(orders)
    .set({ netMinor: totals.netMinor, vatMinor: totals.vatMinor, freightMinor: totals.freightMinor, grossMinor: totals.grossMinor })
    .where(eq(orders.id, order.id))
  return { lines, totals }
}

async function productIdsOf(orderId: string) {
  return (await db.select({ productId: orderLines.productId }).from(orderLines).where(eq(orderLines.orderId, orderId))).map((l) => l.productId)
}

async function linesOf(tx: Tx, orderId: string) {
  return tx.select().from(orderLines).where(eq(orderLines.orderId, orderId)).orderBy(orderLines.lineNo)
}

async function recordEvent(
  tx: Tx,
  actor: Actor,
  order: { id: string; orgId: string; number: string; placedBy: string },
  status: OrderStatus,
  kind: string,
  note: string,
  details: Record<string, unknown>,
) {
  await tx.update(orders).set({ status, updatedAt: new Date() }).where(eq(orders.id, order.id))
  await tx.insert(orderEvents).values({ orderId: order.id, status, kind, note, actorId: actor.userId })
  const action = (
    {
      confirmed: 'order.confirmed',
      partly_confirmed: 'order.confirmed',
      changed: 'order.confirmed',
      shipped: 'order.shipped',
      delivered: 'order.delivered',
      cancelled: 'order.cancelled',
      returned: 'order.returned',
    } as const
  )[kind]!
  await writeAudit(tx, actor, { action, entity: 'order', entityId: order.id, orgId: order.orgId, details: { number: order.number, ...details } })
  // The person who placed it hears of every step in their inbox (the notification module, issue 13).
  await notify(tx, {
    to: { userIds: [order.placedBy] },
    kind: `order.${kind as 'confirmed' | 'partly_confirmed' | 'changed' | 'shipped' | 'delivered' | 'cancelled' | 'returned'}`,
    params: { number: order.number, note },
    link: `/orders/${order.id}`,
    orgId: order.orgId,
  })
}

export interface ConfirmInput {
  /** `rest`: what happens to the units not confirmed (ordered − already cancelled − qty); required when there are any. */
  lines: { lineNo: number; qty: number; date: string; rest?: RestChoice }[]
  note: string
}

/**
 * Confirms every line with a quantity and a date, and for a line confirmed short, what happens to the rest:
 * backordered (open, confirmed later) or cancelled (for good). Again while not fully shipped, as a change. Stock
 * stays reserved for exactly the confirmed quantity: a shorter confirmation gives units back, a longer one (a
 * backorder confirmed) takes them; totals, freight included, follow the confirmed quantities.
 */
export async function confirmOrder({
  scope,
  actor,
  orderId,
  input,
}: {
  scope: Scope
  actor: Actor
  orderId: string
  input: ConfirmInput
}): Promise<DeskResult> {
  const { today } = await businessClock()
  const result = await runDesk(scope, orderId, 'confirm', async (tx, order) => {
    const lines = await linesOf(tx, order.id)
    const ordered = new Map(lines.map((l) => [l.lineNo, l]))
    // Errors are keyed by the position in the submitted list, as the form names its fields.
    const fieldErrors: Record<string, string[]> = {}
    input.lines.forEach((c, i) => {
      const line = ordered.get(c.lineNo)
      // Cancelled units stay cancelled: the buyer was told so.
      const limit = line ? line.qty - line.cancelledQty : 0
      if (!line) fieldErrors[`lines[${i}].qty`] = ['desk.error.lineMissing']
      else if (c.qty > limit)
        fieldErrors[`lines[${i}].qty`] = [line.cancelledQty ? `desk.error.moreThanLeft|${limit}` : `desk.error.moreThanOrdered|${line.qty}`]
      else if (c.qty < line.shippedQty) fieldErrors[`lines[${i}].qty`] = [`desk.error.belowShipped|${line.shippedQty}`]
      else if (c.qty < limit && !c.rest) fieldErrors[`lines[${i}].rest`] = ['desk.error.restRequired']
      // The same calendar as the buyer's requested dates: nobody delivers on a weekend or a holiday.
      const day = checkRequestedDate(c.date, today, ruCalendar)
      if (c.date < today) fieldErrors[`lines[${i}].date`] = ['desk.error.pastDate']
      else if (c.date > addDays(today, 366)) fieldErrors[`lines[${i}].date`] = ['checkout.error.tooFar']
      else if (!day.ok) fieldErrors[`lines[${i}].date`] = [`checkout.error.${day.reason}|day:${day.suggestion}`]
    })
    if (Object.keys(fieldErrors).length) return { ok: false, fieldErrors }
    const byNo = new Map(input.lines.map((l) => [l.lineNo, l]))
    if (lines.some((l) => !byNo.has(l.lineNo))) return { ok: false, formErrors: ['desk.error.lineMissing'] }
    if (input.lines.every((l) => l.qty === 0)) return { ok: false, formErrors: ['desk.error.allZero'] }
    const rests: { lineNo: number; sku: string; backordered: number; cancelled: number }[] = []
    for (const [i, line] of lines.entries()) {
      const c = byNo.get(line.lineNo)!
      const reserved = line.confirmedQty ?? line.qty
      const at = { ...line, orderId: order.id }
      if (c.qty < reserved) await release(tx, at, reserved - c.qty)
      else if (!(await reserve(tx, at, c.qty - reserved))) {
        const position = input.lines.findIndex((x) => x.lineNo === line.lineNo)
        return {
          ok: false,
          fieldErrors: {
            [`lines[${position < 0 ? i : position}].qty`]: [`desk.error.notInStock|${reserved + (await getWarehouseCoverage(line, tx))}`],
          },
        }
      }
      const rest = line.qty - line.cancelledQty - c.qty
      const cancelledQty = line.cancelledQty + (c.rest === 'cancel' ? rest : 0)
      await tx
        .update(orderLines)
        .set({ confirmedQty: c.qty, confirmedDate: c.date, cancelledQty })
        .where(and(eq(orderLines.orderId, order.id), eq(orderLines.lineNo, line.lineNo)))
      if (line.qty > c.qty) rests.push({ lineNo: line.lineNo, sku: line.sku, backordered: line.qty - c.qty - cancelledQty, cancelled: cancelledQty })
    }
    const { lines: after } = await retotal(tx, order)
    const status = statusOfConfirmed(after)
    const kind = order.status === 'submitted' ? (status === 'partly_confirmed' ? 'partly_confirmed' : 'confirmed') : 'changed'
    await recordEvent(tx, actor, order, status, kind, input.note, { lines: input.lines, rests })
    return { ok: true }
  })
  return result
}

export interface ShipInput {
  carrier: string
  trackingNumber: string
  lines: { lineNo: number; qty: number }[]
}

/** Ships some or all of what is confirmed and not yet shipped; the order is shipped when nothing is left. */
export async function shipOrder({
  scope,
  actor,
  orderId,
  input,
}: {
  scope: Scope
  actor: Actor
  orderId: string
  input: ShipInput
}): Promise<DeskResult> {
  return runDesk(scope, orderId, 'ship', async (tx, order) => {
    const lines = await linesOf(tx, order.id)
    const ordered = new Map(lines.map((l) => [l.lineNo, l]))
    const fieldErrors: Record<string, string[]> = {}
    input.lines.forEach((s, i) => {
      const line = ordered.get(s.lineNo)
      const open = line ? (line.confirmedQty ?? 0) - line.shippedQty : 0
      if (!line) fieldErrors[`lines[${i}].qty`] = ['desk.error.lineMissing']
      else if (s.qty > open) fieldErrors[`lines[${i}].qty`] = [`desk.error.moreThanOpen|${open}`]
    })
    if (Object.keys(fieldErrors).length) return { ok: false, fieldErrors }
    const byNo = new Map<number, number>()
    for (const s of input.lines) byNo.set(s.lineNo, (byNo.get(s.lineNo) ?? 0) + s.qty)
    if (lines.some((l) => (byNo.get(l.lineNo) ?? 0) > (l.confirmedQty ?? 0) - l.shippedQty))
      return { ok: false, formErrors: ['desk.error.moreThanOpenTotal'] }
    const sent = lines.map((l) => ({ lineNo: l.lineNo, qty: byNo.get(l.lineNo) ?? 0 })).filter((l) => l.qty > 0)
    if (!sent.length) return { ok: false, formErrors: ['desk.error.nothingToShip'] }
    for (const s of sent)
      await tx
        .update(orderLines)
        .set({ shippedQty: sql`${orderLines.shippedQty} + ${s.qty}` })
        .where(and(eq(orderLines.orderId, order.id), eq(orderLines.lineNo, s.lineNo)))
    await tx
      .insert(shipments)
      .values({ orderId: order.id, carrier: input.carrier, trackingNumber: input.trackingNumber, lines: sent, actorId: actor.userId })
    const status = statusOfConfirmed(lines.map((l) => ({ ...l, shippedQty: l.shippedQty + (byNo.get(l.lineNo) ?? 0) })))
    await recordEvent(tx, actor, order, status, 'shipped', `${input.carrier} ${input.trackingNumber}`, {
      carrier: input.carrier,
      trackingNumber: input.trackingNumber,
      lines: sent,
    })
    return { ok: true }
  })
}

export async function markDelivered({ scope, actor, orderId }: { scope: Scope; actor: Actor; orderId: string }): Promise<DeskResult> {
  return runDesk(scope, orderId, 'deliver', async (tx, order) => {
    await recordEvent(tx, actor, order, 'delivered', 'delivered', '', {})
    // The day rebates and tier revenue count it by (the database clock, as every business time).
    await tx
      .update(orders)
      .set({ deliveredAt: sql`now()` })
      .where(eq(orders.id, order.id))
    return { ok: true }
  })
}

/** Cancels an order nothing of which has shipped, giving back the stock still reserved for it (the confirmed units). */
export async function cancelOrder({
  scope,
  actor,
  orderId,
  reason,
}: {
  scope: Scope
  actor: Actor
  orderId: string
  reason: string
}): Promise<DeskResult> {
  return runDesk(scope, orderId, 'cancel', async (tx, order) => {
    for (const line of await linesOf(tx, order.id)) await release(tx, { ...line, orderId: order.id }, committedOf(line) - line.shippedQty)
    await tx.update(orders).set({ cancelReason: reason }).where(eq(orders.id, order.id))
    await recordEvent(tx, actor, order, 'cancelled', 'cancelled', reason, { reason })
    return { ok: true }
  })
}

export interface ReturnInput {
  lines: { lineNo: number; qty: number }[]
  reason: string
}

/**
 * Records units coming back on a delivered order: per line at most what was shipped and not yet returned. The order
 * stays delivered; its lines' returned units no longer count for rebates (the caller re-accrues the periods that
 * counted them: prm's reaccrueForOrder). One transaction, with the order's event, audit entry and notice.
 */
export async function recordReturn({
  scope,
  actor,
  orderId,
  lines: input,
  reason,
}: {
  scope: Scope
  actor: Actor
  orderId: string
  lines: ReturnInput['lines']
  reason: string
}): Promise<DeskResult> {
  return runDesk(scope, orderId, 'return', async (tx, order) => {
    const lines = await linesOf(tx, order.id)
    const byNo = new Map(lines.map((l) => [l.lineNo, l]))
    const fieldErrors: Record<string, string[]> = {}
    const totals = new Map<number, number>()
    input.forEach((r, i) => {
      const line = byNo.get(r.lineNo)
      const left = line ? line.shippedQty - line.returnedQty - (totals.get(r.lineNo) ?? 0) : 0
      if (!line) fieldErrors[`lines[${i}].qty`] = ['desk.error.lineMissing']
      else if (r.qty > left) fieldErrors[`lines[${i}].qty`] = [`desk.error.moreThanReturnable|${left}`]
      totals.set(r.lineNo, (totals.get(r.lineNo) ?? 0) + r.qty)
    })
    if (Object.keys(fieldErrors).length) return { ok: false, fieldErrors }
    const back = [...totals].filter(([, qty]) => qty > 0).map(([lineNo, qty]) => ({ lineNo, qty }))
    if (!back.length) return { ok: false, formErrors: ['desk.error.nothingToReturn'] }
    for (const r of back)
      await tx
        .update(orderLines)
        .set({ returnedQty: sql`${orderLines.returnedQty} + ${r.qty}` })
        .where(and(eq(orderLines.orderId, order.id), eq(orderLines.lineNo, r.lineNo)))
    await recordEvent(tx, actor, order, 'delivered', 'returned', reason, { reason, lines: back })
    return { ok: true }
  })
}
