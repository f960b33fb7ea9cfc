import { and, eq, sql } from 'drizzle-orm'
import { db, type DbOrTx } from '../../../db/client.server'
import { cartLines, carts } from '../../../db/schema'
import { getProductsForLines } from '../catalog/queries.server'
import { checkQuantity } from '../catalog/quantity-rules'
import { vatOf } from '../pricing/price-resolution'
import { priceProducts } from '../pricing/queries.server'

// The cart lives on the server, one per user and organisation; every read re-prices it, so what the buyer sees
// is what checkout will charge. The organisation and user always come from the session.

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

/** The cart with today's prices, VAT at today's rate, each line's quantity rule, and the totals. */
export async function getCart(input: { orgId: string; userId: string; date: string }) {
  const cartRows = await db
    .select({ productId: cartLines.productId, qty: cartLines.qty, addedAt: cartLines.addedAt })
    .from(cartLines)
    .innerJoin(carts, eq(carts.id, cartLines.cartId))
    .where(and(eq(carts.orgId, input.orgId), eq(carts.userId, input.userId)))
  const catalog = await getProductsForLines({ ids: cartRows.map((r) => r.productId), date: input.date })
  // Oldest additions first; lines added together, by SKU.
  const rows = cartRows
    .flatMap((r) => {
      const p = catalog.get(r.productId)
      return p ? [{ ...p, productId: r.productId, qty: r.qty, addedAt: r.addedAt }] : []
    })
    .sort((a, b) => a.addedAt.getTime() - b.addedAt.getTime() || a.sku.localeCompare(b.sku))
  const prices = await priceProducts({ orgId: input.orgId, date: input.date, items: rows.map((r) => ({ productId: r.productId, qty: r.qty })) })
  const lines = rows.map((r) => {
    const price = prices.get(r.productId)
    const rule = checkQuantity(r.qty, { min: r.minQty, increment: r.packSize, max: r.maxQty })
    const net = price?.ok ? price.unitPriceMinor * r.qty : 0
    return {
      ...r,
      unitPriceMinor: price?.ok ? price.unitPriceMinor : null,
      priceList: price?.ok ? price.list.name : null,
      nextTier: price?.ok ? price.nextTier : null,
      netMinor: net,
      vatMinor: vatOf(net, r.vatBp),
      problem: !price?.ok ? ('no_price' as const) : !rule.ok ? rule.rule : null,
      suggestion: rule.ok ? null : rule.suggestion,
    }
  })
  const netMinor = lines.reduce((s, l) => s + l.netMinor, 0)
  const vatMinor = lines.reduce((s, l) => s + l.vatMinor, 0)
  return { lines, netMinor, vatMinor, grossMinor: netMinor + vatMinor, currency: 'RUB' }
}
