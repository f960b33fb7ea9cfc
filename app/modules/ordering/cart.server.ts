import { and, count, eq, sql } from 'drizzle-orm'
import { db, type DbOrTx } from '../../../db/client.server'
import { cartLines, carts } from '../../../db/schema'
import { getProductsForLines, getSupply } from '../catalog/queries.server'
import { checkQuantity, type QuantityCheck } from '../catalog/quantity-rules'
import { earliestDelivery } from '../delivery-terms/earliest-date'
import { ruCalendar } from '../delivery-terms/ru-calendar'
import { freightFor, getDeliveryTerms } from '../delivery-terms/terms.server'
import { vatOf } from '../pricing/price-resolution'
import { priceProducts } from '../pricing/queries.server'

// The cart lives on the server, one per user and organisation; every read re-prices it and recomputes each
// line's earliest delivery date, so what the buyer sees is what checkout will charge and promise. Checkout
// calls the same evaluation inside its transaction. The organisation and user always come from the session.

async function cartId(tx: DbOrTx, owner: { orgId: string; userId: string }) {
  const [cart] = await tx
    .insert(carts)
    .values(owner)
    .onConflictDoUpdate({ target: [carts.orgId, carts.userId], set: { updatedAt: sql`now()` } })
    .returning({ id: carts.id })
  return cart.id
}

/** Adds quantities to the cart (summing with what is there), in one transaction. */
export async function addToCart(input: { orgId: string; userId: string; lines: { productId: string; qty: number }[] }) {
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
export async function countCartLines(owner: { orgId: string; userId: string }) {
  const [row] = await db
    .select({ n: count() })
    .from(cartLines)
    .innerJoin(carts, eq(carts.id, cartLines.cartId))
    .where(and(eq(carts.orgId, owner.orgId), eq(carts.userId, owner.userId)))
  return row?.n ?? 0
}

/** The most one cart line may hold, as the cart's own quantity field allows. */
export const MAX_LINE_QTY = 1_000_000

type BrokenRule = Exclude<QuantityCheck, { ok: true }>['rule']

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
      rounded: { rule: Extract<BrokenRule, 'not_whole' | 'min' | 'increment' | 'max'>; min: number; step: number; max: number | null } | null
    }
  | {
      status: 'refused'
      productId: string
      qtyRaw: string
      reason: Extract<BrokenRule, 'not_a_number' | 'not_positive'> | 'too_large' | 'full' | 'not_in_assortment' | 'discontinued'
      /** For `full`: the line already holds `total`, and the rules allow at most `max`. */
      total?: number
      max?: number | null
    }

/**
 * One product from the catalog into the cart (issue 10, item 7), by the rules the cart checks: the contract's or
 * the product's minimum, pack and maximum, applied to what the line will hold, since adding 10 to a line of 50
 * orders 60. A quantity that breaks a rule is changed to the nearest valid one and the result says so; one that
 * cannot be (not a number, nothing left below the maximum) changes nothing. Products outside the organisation's
 * assortment are refused as the order-line validator refuses them: no price for it, no line.
 */
export async function addProductToCart(input: { orgId: string; userId: string; productId: string; qtyRaw: string; date: string }): Promise<AddToCartResult> {
  const qtyRaw = input.qtyRaw.trim().slice(0, 32)
  const refuse = (reason: Extract<AddToCartResult, { status: 'refused' }>['reason'], more: { total?: number; max?: number | null } = {}): AddToCartResult => ({ status: 'refused', productId: input.productId, qtyRaw, reason, ...more })
  return db.transaction(async (tx) => {
    const product = (await getProductsForLines({ orgId: input.orgId, ids: [input.productId], date: input.date }, tx)).get(input.productId)
    if (!product) return refuse('not_in_assortment')
    const price = (await priceProducts({ orgId: input.orgId, date: input.date, items: [{ productId: product.id, qty: Math.max(1, product.minQty) }] }, tx)).get(product.id)
    if (!price?.ok) return refuse('not_in_assortment')
    if (!product.active) return refuse('discontinued')
    const rule = { min: product.minQty, increment: product.packSize, max: product.maxQty }
    // First the typed text on its own: a word or a quantity of zero or less is not something to round.
    const typed = checkQuantity(qtyRaw, { min: 1, increment: 1, max: null })
    if (!typed.ok && (typed.rule === 'not_a_number' || typed.rule === 'not_positive')) return refuse(typed.rule)
    const requested = typed.ok ? typed.qty : Math.ceil(Number(qtyRaw.replace(/\s+/g, '').replace(',', '.')))
    const id = await cartId(tx, input)
    const [line] = await tx
      .select({ qty: cartLines.qty })
      .from(cartLines)
      .where(and(eq(cartLines.cartId, id), eq(cartLines.productId, product.id)))
    const before = line?.qty ?? 0
    if (before + requested > MAX_LINE_QTY) return refuse('too_large', { max: MAX_LINE_QTY })
    const check = checkQuantity(before + requested, rule)
    const total = check.ok ? check.qty : check.suggestion
    if (total === null || total <= before) return refuse('full', { total: before, max: rule.max })
    const added = total - before
    await tx
      .insert(cartLines)
      .values({ cartId: id, productId: product.id, qty: added })
      .onConflictDoUpdate({ target: [cartLines.cartId, cartLines.productId], set: { qty: sql`${cartLines.qty} + ${added}` } })
    const brokenRule = !check.ok ? check.rule : !typed.ok ? typed.rule : null
    return {
      status: 'added',
      productId: product.id,
      sku: product.sku,
      nameRu: product.nameRu,
      nameEn: product.nameEn,
      unit: product.unit,
      added,
      total,
      rounded: brokenRule === 'not_whole' || brokenRule === 'min' || brokenRule === 'increment' || brokenRule === 'max' ? { rule: brokenRule, min: rule.min, step: rule.increment, max: rule.max } : null,
    }
  })
}

export async function setCartLineQty(input: { orgId: string; userId: string; productId: string; qty: number }) {
  return db.transaction(async (tx) => {
    const id = await cartId(tx, input)
    const where = and(eq(cartLines.cartId, id), eq(cartLines.productId, input.productId))
    const changed =
      input.qty <= 0
        ? await tx.delete(cartLines).where(where).returning({ productId: cartLines.productId })
        : await tx.update(cartLines).set({ qty: input.qty }).where(where).returning({ productId: cartLines.productId })
    return changed.length > 0
  })
}

export type CartProblem = 'no_price' | 'discontinued' | 'out_of_stock' | 'not_a_number' | 'not_whole' | 'not_positive' | 'min' | 'increment' | 'max'

/**
 * The cart as checkout would take it now: each line priced with its trace, its quantity rule, the warehouse
 * that can deliver it soonest and that date; totals, freight under the organisation's terms, and the order
 * minimum. `fingerprint` names what the buyer was shown, so checkout can tell when something changed since.
 */
export async function evaluateCart(input: { orgId: string; userId: string; today: string; now: Date }, tx: DbOrTx = db) {
  const terms = await getDeliveryTerms(input.orgId, tx)
  const cartRows = await tx
    .select({ productId: cartLines.productId, qty: cartLines.qty, addedAt: cartLines.addedAt })
    .from(cartLines)
    .innerJoin(carts, eq(carts.id, cartLines.cartId))
    .where(and(eq(carts.orgId, input.orgId), eq(carts.userId, input.userId)))
  const ids = cartRows.map((r) => r.productId)
  const [catalog, prices, supply] = [
    await getProductsForLines({ orgId: input.orgId, ids, date: input.today }, tx),
    await priceProducts({ orgId: input.orgId, date: input.today, items: cartRows.map((r) => ({ productId: r.productId, qty: r.qty })) }, tx),
    await getSupply({ productIds: ids }, tx),
  ]
  // Oldest additions first; lines added together, by SKU.
  const rows = cartRows
    .flatMap((r) => {
      const p = catalog.get(r.productId)
      return p ? [{ ...p, productId: r.productId, qty: r.qty, addedAt: r.addedAt }] : []
    })
    .sort((a, b) => a.addedAt.getTime() - b.addedAt.getTime() || a.sku.localeCompare(b.sku))
  const lines = rows.map((r) => {
    const price = prices.get(r.productId)
    const rule = checkQuantity(r.qty, { min: r.minQty, increment: r.packSize, max: r.maxQty })
    const stock = supply.get(r.productId) ?? []
    const delivery = earliestDelivery({ qty: r.qty, orderedAt: input.now, timeZone: terms.timeZone, cutoff: terms.cutoff, calendar: ruCalendar, supply: stock })
    const source = delivery.ok ? stock.find((s) => s.warehouse === delivery.warehouse)! : null
    const net = price?.ok ? price.unitPriceMinor * r.qty : 0
    const problem: CartProblem | null = !r.active ? 'discontinued' : !price?.ok ? 'no_price' : !rule.ok ? rule.rule : !delivery.ok ? 'out_of_stock' : null
    return {
      productId: r.productId,
      sku: r.sku,
      nameRu: r.nameRu,
      nameEn: r.nameEn,
      unit: r.unit,
      packSize: r.packSize,
      minQty: r.minQty,
      maxQty: r.maxQty,
      qty: r.qty,
      vatBp: r.vatBp,
      unitPriceMinor: price?.ok ? price.unitPriceMinor : null,
      priceList: price?.ok ? price.list.name : null,
      trace: price?.trace ?? [],
      nextTier: price?.ok ? price.nextTier : null,
      netMinor: net,
      vatMinor: vatOf(net, r.vatBp),
      available: stock.reduce((m, s) => Math.max(m, s.atp + s.nextReceiptQty), 0),
      earliestDate: delivery.ok ? delivery.date : null,
      warehouseId: source?.warehouseId ?? null,
      warehouse: source?.warehouse ?? null,
      // People read the warehouse's name in their language, never its code (issue 10, item 11).
      warehouseRu: source?.warehouseRu ?? null,
      warehouseEn: source?.warehouseEn ?? null,
      fromReceiptQty: source ? Math.max(0, r.qty - source.atp) : 0,
      problem,
      suggestion: rule.ok ? null : rule.suggestion,
    }
  })
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
  problem: CartProblem | null
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
  | { kind: 'problem'; sku: string; problem: CartProblem }
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
