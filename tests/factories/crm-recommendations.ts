import { eq } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.server'
import { crmRecommendations, crmSegmentMembers, crmSegmentRuns } from '../../db/schema/crm'
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

/**
 * A segmentation run with the given members, written directly (the segments part computes real ones): enough
 * for the recommendations' groups and the regular-customer prompt.
 */
export async function createSegmentRun(
  db: DbOrTx,
  members: { orgId: string; abc: 'A' | 'B' | 'C' | null; xyz?: 'X' | 'Y' | 'Z' | null; prevCumShare?: number; cv?: number }[],
  createdAt = new Date(),
) {
  const [run] = await db
    .insert(crmSegmentRuns)
    .values({
      params: {
        basis: 'revenue',
        fromMonth: '2025-12-01',
        toMonth: '2026-11-01',
        cutABp: 8000,
        cutBBp: 9500,
        xCvBp: 1000,
        yCvBp: 2500,
        seasonal: false,
        discountBp: 1000,
      },
      createdAt,
    })
    .returning()
  if (members.length)
    await db.insert(crmSegmentMembers).values(
      members.map((m, k) => ({
        runId: run.id,
        orgId: m.orgId,
        revenueMinor: 1_000_000 - k,
        marginMinor: 100_000,
        valueMinor: 1_000_000 - k,
        rank: k + 1,
        cumShare: m.prevCumShare ?? 0,
        prevCumShare: m.prevCumShare ?? 0,
        abc: m.abc,
        monthlyMean: 1000,
        cv: m.cv ?? 0.07,
        xyz: m.xyz ?? 'X',
        nonZeroMonths: 12,
        months: 12,
      })),
    )
  return run
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
