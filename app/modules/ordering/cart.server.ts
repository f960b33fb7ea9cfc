import { and, count, eq, sql } from 'drizzle-orm'
import { db, type DbOrTx } from '../../../db/client.server'
import { cartLines, carts } from '../../../db/schema/ordering'
import type { OrgScope } from '../auth/scope.server'
import { checkQuantity } from '../catalog/quantity-rules'
import { freightFor } from '../delivery-terms/freight'
import { vatOf } from '../pricing/price-resolution'
import { readDecimal } from '../../utils/text'
import { evaluateLines } from './evaluate-lines.server'
import type { LineReason, QuantityReason } from './line-verdict'
import { MAX_LINE_QTY } from './schemas'

// The cart lives on the server, one per person and organisation (`scope` and `userId` from the session); every
// read re-prices it and recomputes each line's earliest delivery date through the one order-line evaluator, so
// what the buyer sees is what checkout will charge and promise. Checkout calls the same evaluation inside its
// transaction.

export interface CartOwner {
  scope: OrgScope
  userId: string
}

async function cartId(tx: DbOrTx, owner: CartOwner) {
  const [cart] = await tx
    .insert(carts)
    .values({ orgId: owner.scope.orgId, userId: owner.userId })
    .onConflictDoUpdate({ target: [carts.orgId, carts.userId], set: { updatedAt: sql`now()` } })
    .returning({ id: carts.id })
  return cart.id
}

/** The person's cart lines, by the scope's organisation in the query. */
const ownCart = (owner: CartOwner) => and(eq(carts.orgId, owner.scope.orgId), eq(carts.userId, owner.userId))

/** Adds quantities the evaluator accepted to the cart (summing with what is there), in one transaction. */
export async function addToCart(input: CartOwner & { lines: { productId: string; qty: number }[] }) {
  if (!input.lines.length) return
  await db.transaction(async (tx) => {
    const id = await cartId(tx, input)
    for (const line of input.lines)
      await tx
        .insert(cartLines)
        .values({ cartId: id, productId: line.productId, qty: line.qty })
        .onConflictDoUpdate({ target: [cartLines.cartId, cartLines.productId], set: { qty: sql`${cartLines.qty} + ${line.qty}` } })
  })
}

/** How many lines the person's cart holds: the count beside "Cart" in the shell, read on every page. */
export async function countCartLines(owner: CartOwner) {
  const [row] = await db.select({ n: count() }).from(cartLines).innerJoin(carts, eq(carts.id, cartLines.cartId)).where(ownCart(owner))
  return row?.n ?? 0
}

export { MAX_LINE_QTY }

/** Rules "add to cart" rounds to instead of refusing: the typed quantity changes to the nearest valid one. */
type RoundedRule = Extract<QuantityReason, 'not_whole' | 'min' | 'increment' | 'max'>
const roundable = (r: LineReason | null): r is RoundedRule => r === 'not_whole' || r === 'min' || r === 'increment' || r === 'max'

/** What "add to cart" refuses with: the evaluator's reasons it cannot round, and the line's own limits. */
export type AddToCartRefusal = Exclude<LineReason, RoundedRule | 'unknown' | 'unreadable' | 'formula'> | 'too_large' | 'full'

export type AddToCartResult =
  | {
      status: 'added'
      productId: string
      sku: string
      nameRu: string
      nameEn: string
      unit: string
      /** What was put into the cart now, and what the line holds after it. */
      added: number
      total: number
      /** Set when the typed quantity broke a rule and was changed to `added`: which rule, and its numbers. */
      rounded: { rule: RoundedRule; min: number; step: number; max: number | null } | null
    }
  | {
      status: 'refused'
      productId: string
      qtyRaw: string
      reason: AddToCartRefusal
      /** For `full`: the line already holds `total`, and the rules allow at most `max`. For `out_of_stock`: `available`. */
      total?: number
      max?: number | null
      available?: number
    }

/**
 * One product from the catalog into the cart (issue 10, item 7), judged by the one order-line evaluator: the
 * contract's or the product's minimum, pack and maximum apply to what the line will hold, since adding 10 to a
 * line of 50 orders 60, and so does the stock rule. A quantity that breaks a rule is changed to the nearest valid
 * one and the result says so; one that cannot be (not a number, nothing left below the maximum, more than any
 * warehouse can deliver) changes nothing, nor does a product outside the assortment or discontinued.
 */
export async function addProductToCart(input: CartOwner & { productId: string; qtyRaw: string; date: string }): Promise<AddToCartResult> {
  const qtyRaw = input.qtyRaw.trim().slice(0, 32)
  const refuse = (reason: AddToCartRefusal, more: { total?: number; max?: number | null; available?: number } = {}): AddToCartResult => ({
    status: 'refused',
    productId: input.productId,
    qtyRaw,
    reason,
    ...more,
  })
  return db.transaction(async (tx) => {
    // First the typed text on its own: a word or a quantity of zero or less is not something to round.
    const [typed] = (await evaluateLines({ scope: input.scope, date: input.date, lines: [{ productId: input.productId, qtyRaw }] }, tx)).lines
    const product = typed.product
    if (!product || typed.reason === 'unknown') return refuse('not_in_assortment')
    const reason = typed.reason
    if (reason === 'not_a_number' || reason === 'not_positive' || reason === 'not_in_assortment' || reason === 'discontinued') return refuse(reason)
    // A fraction counts as the next whole number before the rules round what the line will hold.
    const requested = typed.qty ?? Math.ceil(readDecimal(qtyRaw)?.value ?? 1)
    const id = await cartId(tx, input)
    const [line] = await tx
      .select({ qty: cartLines.qty })
      .from(cartLines)
      .where(and(eq(cartLines.cartId, id), eq(cartLines.productId, product.id)))
    const before = line?.qty ?? 0
    if (before + requested > MAX_LINE_QTY) return refuse('too_large', { max: MAX_LINE_QTY })
    const check = checkQuantity(before + requested, typed.rule)
    const total = check.ok ? check.qty : check.suggestion
    if (total === null || total <= before) return refuse('full', { total: before, max: typed.rule.max })
    // The stock rule judges what the line will hold, as the cart and checkout will.
    const [held] = (await evaluateLines({ scope: input.scope, date: input.date, lines: [{ productId: product.id, qtyRaw: String(total) }] }, tx))
      .lines
    if (held.reason === 'out_of_stock') return refuse('out_of_stock', { available: held.available })
    const added = total - before
    await tx
      .insert(cartLines)
      .values({ cartId: id, productId: product.id, qty: added })
      .onConflictDoUpdate({ target: [cartLines.cartId, cartLines.productId], set: { qty: sql`${cartLines.qty} + ${added}` } })
    const brokenRule = !check.ok ? check.rule : typed.reason
    return {
      status: 'added',
      productId: product.id,
      sku: product.sku,
      nameRu: product.nameRu,
      nameEn: product.nameEn,
      unit: product.unit,
      added,
      total,
      rounded: roundable(brokenRule) ? { rule: brokenRule, min: typed.rule.min, step: typed.rule.increment, max: typed.rule.max } : null,
    }
  })
}

/** Sets one line's quantity (0 removes it); false when the person's cart has no such line. */
export async function setCartLineQty(input: CartOwner & { productId: string; qty: number }) {
  return db.transaction(async (tx) => {
    const [cart] = await tx.select({ id: carts.id }).from(carts).where(ownCart(input))
    if (!cart) return false
    const where = and(eq(cartLines.cartId, cart.id), eq(cartLines.productId, input.productId))
    const changed =
      input.qty <= 0
        ? await tx.delete(cartLines).where(where).returning({ productId: cartLines.productId })
        : await tx.update(cartLines).set({ qty: input.qty }).where(where).returning({ productId: cartLines.productId })
    return changed.length > 0
  })
}

/**
 * The cart as checkout would take it now: each line judged by the one evaluator (priced with its trace, its
 * quantity rule, the warehouse that can deliver it soonest and that date, or its one reason); totals, freight under
 * the organisation's terms, and the order minimum. `fingerprint` names what the buyer was shown, so checkout can
 * tell when something changed since.
 */
export async function evaluateCart(input: CartOwner & { today: string; now: Date }, tx: DbOrTx = db) {
  const cartRows = await tx
    .select({ productId: cartLines.productId, qty: cartLines.qty, addedAt: cartLines.addedAt })
    .from(cartLines)
    .innerJoin(carts, eq(carts.id, cartLines.cartId))
    .where(ownCart(input))
  const addedAt = new Map(cartRows.map((r) => [r.productId, r.addedAt.getTime()]))
  return draftOrderLines(
    {
      scope: input.scope,
      today: input.today,
      now: input.now,
      lines: cartRows.map((r) => ({ productId: r.productId, qty: r.qty })),
      // Oldest additions first; lines added together, by SKU.
      order: (a, b) => addedAt.get(a.productId)! - addedAt.get(b.productId)! || a.sku.localeCompare(b.sku),
    },
    tx,
  )
}

/**
 * Lines by product id as an order would take them now, judged by the one evaluator: the cart's evaluation, and the
 * EDI pipeline's for a key account's mapped lines, so a web order and an EDI order of the same lines get the same
 * prices, dates, warehouses and totals (issue 12). `order` sorts the lines (default: as given).
 */
export async function draftOrderLines(
  input: {
    scope: OrgScope
    today: string
    now: Date
    lines: { productId: string; qty: number }[]
    order?: (a: { productId: string; sku: string }, b: { productId: string; sku: string }) => number
  },
  tx: DbOrTx = db,
) {
  const { lines: judged, terms } = await evaluateLines(
    { scope: input.scope, date: input.today, now: input.now, lines: input.lines.map((r) => ({ productId: r.productId, qtyRaw: String(r.qty) })) },
    tx,
  )
  const lines = judged
    .flatMap((l) => (l.product ? [{ ...l, product: l.product }] : []))
    .map((l) => {
      const { product: p, price } = l
      const qty = l.qty ?? 0
      // Lines by product id: their products come with the VAT rate in force.
      const vatBp = p.vatBp ?? 0
      const net = price?.ok ? price.unitPriceMinor * qty : 0
      return {
        productId: p.id,
        sku: p.sku,
        nameRu: p.nameRu,
        nameEn: p.nameEn,
        unit: p.unit,
        packSize: p.packSize,
        minQty: p.minQty,
        maxQty: p.maxQty,
        qty,
        vatBp,
        unitPriceMinor: price?.ok ? price.unitPriceMinor : null,
        priceList: price?.ok ? price.list.name : null,
        trace: price?.trace ?? [],
        nextTier: price?.ok ? price.nextTier : null,
        netMinor: net,
        vatMinor: vatOf(net, vatBp),
        available: l.available,
        earliestDate: l.delivery?.date ?? null,
        warehouseId: l.delivery?.warehouseId ?? null,
        warehouse: l.delivery?.warehouse ?? null,
        // People read the warehouse's name in their language, never its code (issue 10, item 11).
        warehouseRu: l.delivery?.warehouseRu ?? null,
        warehouseEn: l.delivery?.warehouseEn ?? null,
        fromReceiptQty: l.delivery?.fromReceiptQty ?? 0,
        problem: l.reason,
        suggestion: l.suggestion,
        substitute: l.substitute,
      }
    })
  if (input.order) lines.sort(input.order)
  const netMinor = lines.reduce((s, l) => s + l.netMinor, 0)
  const vatMinor = lines.reduce((s, l) => s + l.vatMinor, 0)
  const freight = freightFor(terms, netMinor)
  const shortOfMinimumMinor = terms.orderMinimumMinor !== null && netMinor < terms.orderMinimumMinor ? terms.orderMinimumMinor - netMinor : 0
  return {
    lines,
    netMinor,
    vatMinor,
    freightMinor: freight.freightMinor,
    missingForFreeFreightMinor: freight.missingForFreeMinor,
    grossMinor: netMinor + vatMinor + freight.freightMinor,
    shortOfMinimumMinor,
    currency: 'RUB',
    terms,
    fingerprint: fingerprintOf(lines),
  }
}
export type EvaluatedCart = Awaited<ReturnType<typeof evaluateCart>>

interface FingerprintLine {
  productId: string
  qty: number
  unitPriceMinor: number | null
  earliestDate: string | null
  problem: LineReason | null
}

/** What the buyer saw, line by line: quantity, price, earliest date, problem. Order-independent. */
export function fingerprintOf(lines: FingerprintLine[]) {
  return lines
    .map((l) => [l.productId, l.qty, l.unitPriceMinor ?? '', l.earliestDate ?? '', l.problem ?? ''].join(':'))
    .sort()
    .join(',')
}

export type CartChange =
  | { kind: 'price'; sku: string; before: number | null; after: number | null }
  | { kind: 'date'; sku: string; before: string | null; after: string | null }
  | { kind: 'qty'; sku: string; before: number; after: number }
  | { kind: 'problem'; sku: string; problem: LineReason }
  | { kind: 'added'; sku: string }
  | { kind: 'removed'; sku: string }

/** What differs between what the buyer saw (a fingerprint) and the cart now. */
export function diffCart(seen: string, now: (FingerprintLine & { sku: string })[], skuOf: (productId: string) => string | undefined): CartChange[] {
  const before = new Map<string, { qty: number; price: number | null; date: string | null; problem: string }>()
  for (const part of seen.split(',')) {
    const [productId, qty, price, date, problem] = part.split(':')
    if (!productId || qty === undefined) continue
    before.set(productId, { qty: Number(qty), price: price ? Number(price) : null, date: date || null, problem: problem ?? '' })
  }
  const changes: CartChange[] = []
  for (const l of now) {
    const b = before.get(l.productId)
    before.delete(l.productId)
    if (!b) {
      changes.push({ kind: 'added', sku: l.sku })
      continue
    }
    if (b.qty !== l.qty) changes.push({ kind: 'qty', sku: l.sku, before: b.qty, after: l.qty })
    if (b.price !== l.unitPriceMinor) changes.push({ kind: 'price', sku: l.sku, before: b.price, after: l.unitPriceMinor })
    if (b.date !== l.earliestDate) changes.push({ kind: 'date', sku: l.sku, before: b.date, after: l.earliestDate })
    if (l.problem && b.problem !== l.problem) changes.push({ kind: 'problem', sku: l.sku, problem: l.problem })
  }
  for (const productId of before.keys()) changes.push({ kind: 'removed', sku: skuOf(productId) ?? '?' })
  return changes
}
