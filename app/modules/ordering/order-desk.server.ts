import { and, eq, sql } from 'drizzle-orm'
import { db, type Tx } from '../../../db/client.server'
import { orderEvents, orderLines, orders, shipments, stockLevels } from '../../../db/schema'
import type { Actor } from '../audit/mutations.server'
import { writeAudit } from '../audit/mutations.server'
import { addDays } from '../delivery-terms/earliest-date'
import { notifyCatalogChanged } from '../catalog/live.server'
import { businessClock } from '../pricing/queries.server'
import { allowedActions, type OrderStatus } from './schemas'

// The operator's order desk: confirm (and change) lines with dates and quantities, ship with carrier and
// tracking number, mark delivered, cancel with a reason. Each is one transaction on the locked order row, checks
// that the order's status allows it, writes the status history and the audit entry, and returns stock that is
// no longer needed to where it was reserved from.

export type DeskResult = { ok: true } | { ok: false; status?: 404 | 409; fieldErrors?: Record<string, string[]>; formErrors?: string[] }

type DeskAction = 'confirm' | 'ship' | 'deliver' | 'cancel'

async function lockOrder(tx: Tx, orderId: string) {
  const [order] = await tx.select({ id: orders.id, orgId: orders.orgId, number: orders.number, status: orders.status }).from(orders).where(eq(orders.id, orderId)).for('update')
  return order ?? null
}

const refused = (): DeskResult => ({ ok: false, status: 409, formErrors: ['desk.error.notAllowed'] })

/** Thrown inside the transaction to roll back whatever was written before a problem was found. */
class Refused extends Error {
  constructor(readonly result: DeskResult) {
    super('refused')
  }
}

async function runDesk(orderId: string, action: DeskAction, work: (tx: Tx, order: { id: string; orgId: string; number: string; status: OrderStatus }) => Promise<DeskResult>) {
  try {
    const result = await db.transaction(async (tx) => {
      const order = await lockOrder(tx, orderId)
      if (!order) return { ok: false, status: 404 } satisfies DeskResult
      if (!allowedActions[order.status].includes(action)) return refused()
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
async function release(tx: Tx, line: { orderId: string; lineNo: number; productId: string; warehouseId: string; fromReceiptQty: number }, qty: number) {
  if (qty <= 0) return
  const toReceipt = Math.min(line.fromReceiptQty, qty)
  await tx
    .update(stockLevels)
    .set({ atp: sql`${stockLevels.atp} + ${qty - toReceipt}`, nextReceiptQty: sql`${stockLevels.nextReceiptQty} + ${toReceipt}` })
    .where(and(eq(stockLevels.productId, line.productId), eq(stockLevels.warehouseId, line.warehouseId)))
  if (toReceipt) await tx.update(orderLines).set({ fromReceiptQty: line.fromReceiptQty - toReceipt }).where(and(eq(orderLines.orderId, line.orderId), eq(orderLines.lineNo, line.lineNo)))
}

async function productIdsOf(orderId: string) {
  return (await db.select({ productId: orderLines.productId }).from(orderLines).where(eq(orderLines.orderId, orderId))).map((l) => l.productId)
}

async function linesOf(tx: Tx, orderId: string) {
  return tx.select().from(orderLines).where(eq(orderLines.orderId, orderId)).orderBy(orderLines.lineNo)
}

async function recordEvent(tx: Tx, actor: Actor, order: { id: string; orgId: string; number: string }, status: OrderStatus, kind: string, note: string, details: Record<string, unknown>) {
  await tx.update(orders).set({ status, updatedAt: new Date() }).where(eq(orders.id, order.id))
  await tx.insert(orderEvents).values({ orderId: order.id, status, kind, note, actorId: actor.userId })
  const action = ({ confirmed: 'order.confirmed', changed: 'order.confirmed', shipped: 'order.shipped', delivered: 'order.delivered', cancelled: 'order.cancelled' } as const)[kind]!
  await writeAudit(tx, actor, { action, entity: 'order', entityId: order.id, orgId: order.orgId, details: { number: order.number, ...details } })
}

export interface ConfirmInput {
  lines: { lineNo: number; qty: number; date: string }[]
  note: string
}

/** Confirms every line with a quantity (0 drops the line) and a date; again while not shipped, as a change. */
export async function confirmOrder(actor: Actor, orderId: string, input: ConfirmInput): Promise<DeskResult> {
  const { today } = await businessClock()
  const result = await runDesk(orderId, 'confirm', async (tx, order) => {
    const lines = await linesOf(tx, order.id)
    const ordered = new Map(lines.map((l) => [l.lineNo, l]))
    // Errors are keyed by the position in the submitted list, as the form names its fields.
    const fieldErrors: Record<string, string[]> = {}
    input.lines.forEach((c, i) => {
      const line = ordered.get(c.lineNo)
      if (!line) fieldErrors[`lines[${i}].qty`] = ['desk.error.lineMissing']
      else if (c.qty > line.qty) fieldErrors[`lines[${i}].qty`] = [`desk.error.moreThanOrdered|${line.qty}`]
      if (c.date < today) fieldErrors[`lines[${i}].date`] = ['desk.error.pastDate']
      else if (c.date > addDays(today, 366)) fieldErrors[`lines[${i}].date`] = ['checkout.error.tooFar']
    })
    if (Object.keys(fieldErrors).length) return { ok: false, fieldErrors }
    const byNo = new Map(input.lines.map((l) => [l.lineNo, l]))
    if (lines.some((l) => !byNo.has(l.lineNo))) return { ok: false, formErrors: ['desk.error.lineMissing'] }
    if (input.lines.every((l) => l.qty === 0)) return { ok: false, formErrors: ['desk.error.allZero'] }
    for (const line of lines) {
      const c = byNo.get(line.lineNo)!
      await release(tx, { ...line, orderId: order.id }, (line.confirmedQty ?? line.qty) - c.qty)
      await tx.update(orderLines).set({ confirmedQty: c.qty, confirmedDate: c.date }).where(and(eq(orderLines.orderId, order.id), eq(orderLines.lineNo, line.lineNo)))
    }
    const kind = order.status === 'confirmed' ? 'changed' : 'confirmed'
    await recordEvent(tx, actor, order, 'confirmed', kind, input.note, { lines: input.lines })
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
export async function shipOrder(actor: Actor, orderId: string, input: ShipInput): Promise<DeskResult> {
  return runDesk(orderId, 'ship', async (tx, order) => {
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
    if (lines.some((l) => (byNo.get(l.lineNo) ?? 0) > (l.confirmedQty ?? 0) - l.shippedQty)) return { ok: false, formErrors: ['desk.error.moreThanOpenTotal'] }
    const sent = lines.map((l) => ({ lineNo: l.lineNo, qty: byNo.get(l.lineNo) ?? 0 })).filter((l) => l.qty > 0)
    if (!sent.length) return { ok: false, formErrors: ['desk.error.nothingToShip'] }
    for (const s of sent)
      await tx
        .update(orderLines)
        .set({ shippedQty: sql`${orderLines.shippedQty} + ${s.qty}` })
        .where(and(eq(orderLines.orderId, order.id), eq(orderLines.lineNo, s.lineNo)))
    await tx.insert(shipments).values({ orderId: order.id, carrier: input.carrier, trackingNumber: input.trackingNumber, lines: sent, actorId: actor.userId })
    const done = lines.every((l) => l.shippedQty + (byNo.get(l.lineNo) ?? 0) >= (l.confirmedQty ?? 0))
    await recordEvent(tx, actor, order, done ? 'shipped' : 'partly_shipped', 'shipped', `${input.carrier} ${input.trackingNumber}`, { carrier: input.carrier, trackingNumber: input.trackingNumber, lines: sent })
    return { ok: true }
  })
}

export async function markDelivered(actor: Actor, orderId: string): Promise<DeskResult> {
  return runDesk(orderId, 'deliver', async (tx, order) => {
    await recordEvent(tx, actor, order, 'delivered', 'delivered', '', {})
    return { ok: true }
  })
}

/** Cancels an order nothing of which has shipped, giving its stock back. */
export async function cancelOrder(actor: Actor, orderId: string, reason: string): Promise<DeskResult> {
  return runDesk(orderId, 'cancel', async (tx, order) => {
    for (const line of await linesOf(tx, order.id)) await release(tx, { ...line, orderId: order.id }, line.confirmedQty ?? line.qty)
    await tx.update(orders).set({ cancelReason: reason }).where(eq(orders.id, order.id))
    await recordEvent(tx, actor, order, 'cancelled', 'cancelled', reason, { reason })
    return { ok: true }
  })
}
