import { and, eq } from 'drizzle-orm'
import { db } from '../../../db/client.server'
import { cartLines, carts } from '../../../db/schema/ordering'
import { orders } from '../../../db/schema/orders'
import type { Actor } from '../audit/mutations.server'
import type { OrgScope } from '../auth/scope.server'
import { notifyCatalogChanged } from '../catalog/live.server'
import { getProductsForLines } from '../catalog/queries.server'
import { addDays, checkRequestedDate } from '../delivery-terms/earliest-date'
import { findShipTo, listShipTo } from '../delivery-terms/queries.server'
import { ruCalendar } from '../delivery-terms/ru-calendar'
import { businessClock } from '../../utils/clock.server'
import { bookOrder, StockTaken } from './book-order.server'
import { diffCart, evaluateCart, type CartChange, type CartOwner, type EvaluatedCart } from './cart.server'

// Placing an order (DESIGN.md §4) is one transaction: it locks the buyer's cart, re-prices every line and
// recomputes its date inside the transaction, refuses when anything differs from what the buyer was shown,
// reserves stock with conditional updates (two buyers of the last unit: the second update finds nothing and
// the whole order rolls back), and stores each line's price trace. A repeated submit of the same form finds
// the first order by its one-time token instead of placing a second one.

export interface CheckoutInput {
  checkoutToken: string
  seen: string
  poNumber?: string
  shipToId?: string
  requestedDate?: string
  comment?: string
  /** Requested dates per line, by product id. */
  lineDates: Record<string, string>
}

/** Requested dates further out than this are almost always typos (2062 for 2026). */
const MAX_DAYS_AHEAD = 366

export type CheckoutResult =
  | { status: 'placed'; orderId: string; number: string; repeated: boolean }
  | { status: 'empty' }
  | { status: 'changed'; changes: CartChange[] }
  | { status: 'invalid'; fieldErrors: Record<string, string[]>; formErrors: string[] }

/** Everything the checkout page shows: the evaluated cart, the terms, the ship-to choices. */
export async function prepareCheckout(owner: CartOwner) {
  const { today, now } = await businessClock()
  const cart = await evaluateCart({ ...owner, today, now })
  const shipTo = await listShipTo({ scope: owner.scope })
  return { cart, shipTo, today }
}

/** Field errors for the buyer's own inputs, against the cart as it is now. Keys are the form's field names. */
function validateInput(input: CheckoutInput, cart: EvaluatedCart, today: string, shipToCount: number, shipToFound: boolean) {
  const fieldErrors: Record<string, string[]> = {}
  const formErrors: string[] = []
  if (cart.terms.poRequired && !input.poNumber?.trim()) fieldErrors.poNumber = ['checkout.error.poRequired']
  if (shipToCount > 0 && !shipToFound) fieldErrors.shipToId = ['checkout.error.shipTo']
  const latest = addDays(today, MAX_DAYS_AHEAD)
  const dateError = (requested: string, earliest: string) => {
    if (requested > latest) return 'checkout.error.tooFar'
    const check = checkRequestedDate(requested, earliest, ruCalendar)
    return check.ok ? null : `checkout.error.${check.reason}|day:${check.suggestion}`
  }
  // The order's date is the default for every line without its own; it must suit each of them.
  if (input.requestedDate) {
    const bound = cart.lines
      .filter((l) => !input.lineDates[l.productId])
      .reduce((m, l) => (l.earliestDate && l.earliestDate > m ? l.earliestDate : m), today)
    const error = dateError(input.requestedDate, bound)
    if (error) fieldErrors.requestedDate = [error]
  }
  for (const l of cart.lines) {
    const requested = input.lineDates[l.productId]
    if (!requested || !l.earliestDate) continue
    const error = dateError(requested, l.earliestDate)
    if (error) fieldErrors[`lineDate.${l.productId}`] = [error]
  }
  if (cart.lines.some((l) => l.problem)) formErrors.push('checkout.error.problems')
  if (cart.shortOfMinimumMinor > 0) formErrors.push(`checkout.error.minimum|money:${cart.shortOfMinimumMinor}`)
  return { fieldErrors, formErrors }
}

/** Places the person's cart as an order of the scope's organisation (their own cart only: `actor.userId`). */
export async function placeOrder({
  scope,
  actor,
  input,
}: {
  scope: OrgScope
  actor: Actor & { userId: string }
  input: CheckoutInput
}): Promise<CheckoutResult> {
  const orgId = scope.orgId
  const { today, now } = await businessClock()
  try {
    const result = await db.transaction(async (tx): Promise<CheckoutResult & { productIds?: string[] }> => {
      // One checkout at a time per cart: a double submit waits here, then finds the first order by its token.
      const [cart] = await tx
        .select({ id: carts.id })
        .from(carts)
        .where(and(eq(carts.orgId, orgId), eq(carts.userId, actor.userId)))
        .for('update')
      const [previous] = await tx
        .select({ id: orders.id, number: orders.number })
        .from(orders)
        .where(and(eq(orders.orgId, orgId), eq(orders.checkoutToken, input.checkoutToken)))
      if (previous) return { status: 'placed', orderId: previous.id, number: previous.number, repeated: true }
      if (!cart) return { status: 'empty' }

      const evaluated = await evaluateCart({ scope, userId: actor.userId, today, now }, tx)
      if (!evaluated.lines.length) return { status: 'empty' }
      const removedIds = input.seen
        .split(',')
        .map((p) => p.split(':')[0])
        .filter((id) => /^[0-9a-f-]{36}$/i.test(id) && !evaluated.lines.some((l) => l.productId === id))
      const removed = await getProductsForLines({ scope, ids: removedIds, date: today }, tx)
      const changes = diffCart(input.seen, evaluated.lines, (id) => removed.get(id)?.sku)
      if (changes.length) return { status: 'changed', changes }

      const shipTo = await listShipTo({ scope }, tx)
      const chosen = input.shipToId ? await findShipTo({ scope, id: input.shipToId }, tx) : null
      const { fieldErrors, formErrors } = validateInput(input, evaluated, today, shipTo.length, !!chosen)
      if (Object.keys(fieldErrors).length || formErrors.length) return { status: 'invalid', fieldErrors, formErrors }

      const booked = await bookOrder(tx, {
        scope,
        actor,
        draft: evaluated,
        header: {
          checkoutToken: input.checkoutToken,
          channel: 'web',
          placedBy: actor.userId,
          poNumber: input.poNumber?.trim() || null,
          comment: input.comment?.trim() ?? '',
          shipTo: chosen ? { name: chosen.name, address: chosen.address } : null,
          requestedDate: input.requestedDate || null,
          lineDates: input.lineDates,
        },
      })
      await tx.delete(cartLines).where(eq(cartLines.cartId, cart.id))
      return { status: 'placed', orderId: booked.orderId, number: booked.number, repeated: false, productIds: booked.productIds }
    })
    // Other buyers' carts show stock and dates: tell them, now that the reservation is committed.
    if (result.productIds) notifyCatalogChanged('stock', result.productIds)
    const { productIds: _, ...answer } = result
    return answer
  } catch (error) {
    if (error instanceof StockTaken) return { status: 'changed', changes: [{ kind: 'problem', sku: error.sku, problem: 'out_of_stock' }] }
    throw error
  }
}
