import { eq, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.server'
import { orderLines, orders } from '../../db/schema/orders'
import { rebateProgrammes, type RebateStep } from '../../db/schema/prm'
import { operatorTimeZone } from '../../app/utils/clock.server'
import { createOrder } from './index'

// Factories for the partner programme's rebates (issue 13): the seed and the tests make their rows the same way.

let n = 0

/** A rebate programme; by default a stepped quarterly percent rebate for every dealer and category. */
export async function createRebateProgramme(db: DbOrTx, o: Partial<typeof rebateProgrammes.$inferInsert> & { steps?: RebateStep[] } = {}) {
  n += 1
  const [row] = await db
    .insert(rebateProgrammes)
    .values({
      code: `RB-${Date.now().toString(36)}-${n}`,
      nameRu: 'Квартальный бонус',
      nameEn: 'Quarterly rebate',
      periodKind: 'quarter',
      kind: 'percent',
      steps: [
        { from: 500_000_00, rateBp: 200 },
        { from: 1_500_000_00, rateBp: 300 },
      ],
      validFrom: '2020-01-01',
      ...o,
    })
    .returning()
  return row
}

/**
 * An order delivered on an operator's day (noon there): every line confirmed and shipped in full, as the desk
 * would leave it after markDelivered.
 */
export async function createDeliveredOrder(db: DbOrTx, o: Parameters<typeof createOrder>[1] & { deliveredOn: string }) {
  const order = await createOrder(db, o)
  await db
    .update(orderLines)
    .set({ confirmedQty: sql`${orderLines.qty}`, shippedQty: sql`${orderLines.qty}` })
    .where(eq(orderLines.orderId, order.id))
  await db
    .update(orders)
    .set({ status: 'delivered', deliveredAt: sql`(${o.deliveredOn}::date + time '12:00')::timestamp at time zone ${operatorTimeZone}` })
    .where(eq(orders.id, order.id))
  return order
}
