import { eq, sql } from 'drizzle-orm'
import { expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { seedDemoSarmSalesIfEmpty } from '../../db/demo-sarm-sales'
import { orderLines } from '../../db/schema/orders'
import { posImports, saleReportPhotos, saleReports } from '../../db/schema/sarm'
import { createWorld } from '../fixtures'

// The part's demo (db/demo-sarm-sales.ts) on a dealer with a shop, an assistant and a delivered product: two sales
// wait for the manager (one with its receipt photo) and a POS import shows one refused line; a second run adds nothing.
it('seeds pending sales with a photo and a POS import with one bad line, once', async () => {
  const w = await createWorld('demo')
  await db
    .update(orderLines)
    .set({ shippedQty: sql`${orderLines.qty}` })
    .where(eq(orderLines.orderId, w.orders.dealer.id))
  expect(await seedDemoSarmSalesIfEmpty(db, w.orgs.dealer.shortName)).toBe(true)
  const pending = await db.select({ id: saleReports.id, receiptNo: saleReports.receiptNo }).from(saleReports).where(eq(saleReports.status, 'pending'))
  expect(pending.map((r) => r.receiptNo)).toEqual(expect.arrayContaining(['DEMO-1', 'DEMO-2']))
  expect((await db.select().from(saleReportPhotos)).length).toBe(1)
  const [imp] = await db.select().from(posImports).where(eq(posImports.orgId, w.orgs.dealer.id))
  expect(imp).toMatchObject({ lineCount: 3, acceptedCount: 2, rejectedCount: 1 })
  expect(imp.report.find((l) => !l.ok)).toMatchObject({ line: 4, error: 'sarm.error.unknownProduct' })
  expect(await seedDemoSarmSalesIfEmpty(db, w.orgs.dealer.shortName)).toBe(false)
})
