
// ---- Stock reservations for ordering (added by the ordering change: checkout, the order desk) ----
// Ordering never writes catalog's stock_levels itself: it reserves and gives back through these, inside its own
// transaction (`tx`), so "stock never goes below zero" is kept in one place.

import { and, eq, sql } from 'drizzle-orm'
import type { Tx } from '../../../db/client.server'
import { stockLevels } from '../../../db/schema/catalog'

/**
 * Reserves `qty` units of a product at one warehouse: from its stock first, the rest against its next receipt
 * (only when `receipt` allows it). The row is locked first, so of two buyers racing for the last units exactly one
 * gets them. Returns how many units were taken from the receipt, or null when the warehouse cannot cover `qty`.
 */
export async function reserveStock(tx: Tx, input: { productId: string; warehouseId: string; qty: number; receipt: boolean }): Promise<{ fromReceiptQty: number } | null> {
  if (input.qty <= 0) return { fromReceiptQty: 0 }
  const where = and(eq(stockLevels.productId, input.productId), eq(stockLevels.warehouseId, input.warehouseId))
  const [before] = await tx.select({ atp: stockLevels.atp, nextReceiptQty: stockLevels.nextReceiptQty }).from(stockLevels).where(where).for('update')
  if (!before) return null
  const fromReceiptQty = Math.max(0, input.qty - before.atp)
  if (fromReceiptQty > (input.receipt ? before.nextReceiptQty : 0)) return null
  await tx
    .update(stockLevels)
    .set({ atp: sql`${stockLevels.atp} - ${input.qty - fromReceiptQty}`, nextReceiptQty: sql`${stockLevels.nextReceiptQty} - ${fromReceiptQty}` })
    .where(where)
  return { fromReceiptQty }
}

/** Gives back `qty` reserved units at one warehouse, `toReceiptQty` of them to its next receipt, the rest to stock. */
export async function releaseStock(tx: Tx, input: { productId: string; warehouseId: string; qty: number; toReceiptQty: number }) {
  if (input.qty <= 0) return
  await tx
    .update(stockLevels)
    .set({ atp: sql`${stockLevels.atp} + ${input.qty - input.toReceiptQty}`, nextReceiptQty: sql`${stockLevels.nextReceiptQty} + ${input.toReceiptQty}` })
    .where(and(eq(stockLevels.productId, input.productId), eq(stockLevels.warehouseId, input.warehouseId)))
}
