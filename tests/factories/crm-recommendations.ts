import { eq } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.server'
import { crmRecommendations } from '../../db/schema/crm'
import { orders } from '../../db/schema/orders'
import { createOrder } from './index'
import type { CrmWorldInput } from './crm-customers'

// Factories for the CRM's recommendations (issue 15): the seed, the fixtures and the tests make their rows the same way.

/** What the permission matrix and the canary need of this part in the shared world (ids by name). */
export async function createCrmRecommendationsWorld(db: DbOrTx, w: CrmWorldInput): Promise<Record<string, string>> {
  // One recommendation for the world's dealer, so the catalog's panel and the card's table render in the matrix.
  await createRecommendation(db, { orgId: w.dealerId, productId: w.productId, antecedentId: w.productId })
  return {}
}

/** A stored recommendation with plausible figures (8 of 11 bought both; 10 of 20 buy the product: lift 1.45). */
export async function createRecommendation(
  db: DbOrTx,
  o: { orgId: string; productId: string; antecedentId: string } & Partial<typeof crmRecommendations.$inferInsert>,
) {
  const [row] = await db
    .insert(crmRecommendations)
    .values({
      groupKind: 'abc',
      groupLabel: 'A',
      groupSize: 20,
      antecedentBuyers: 11,
      productBuyers: 10,
      pairBuyers: 8,
      confidence: 8 / 11,
      lift: 8 / 11 / (10 / 20),
      ...o,
    })
    .returning()
  return row
}

/** A delivered order placed (and delivered) on a given day, one unit of each product at the given price. */
export async function createDeliveredOrder(
  db: DbOrTx,
  o: { orgId: string; placedBy: string; warehouseId: string; items: { productId: string; sku: string; unitPriceMinor?: number }[]; on: Date },
) {
  const order = await createOrder(db, {
    orgId: o.orgId,
    placedBy: o.placedBy,
    warehouseId: o.warehouseId,
    items: o.items.map((i) => ({ productId: i.productId, sku: i.sku, qty: 1, unitPriceMinor: i.unitPriceMinor ?? 100_00 })),
  })
  await db.update(orders).set({ status: 'delivered', placedAt: o.on, deliveredAt: o.on }).where(eq(orders.id, order.id))
  return order
}
