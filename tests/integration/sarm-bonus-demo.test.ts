import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { seedDemoSarmBonusIfEmpty } from '../../db/demo-sarm-bonus'
import { ledgerLines } from '../../db/schema/incentives'
import { businessClock } from '../../app/utils/clock.server'
import { createCategory, createOrganisation, createProduct, createTaxClass } from '../factories'
import { createAssistant, createSaleReports, createShop } from '../factories/sarm'

// The bonus demo (db/demo-sarm-bonus.ts) on the shape the base demo hands it: a running programme, its norms, and
// lines accrued for the assistants above their norm — and nothing the second time.
describe('seedDemoSarmBonusIfEmpty', () => {
  it('seeds a running programme with accrued lines once', async () => {
    const { today } = await businessClock()
    const [category, vat] = [await createCategory(db), await createTaxClass(db)]
    const product = await createProduct(db, { categoryId: category.id, taxClassId: vat.id })
    const org = await createOrganisation(db, { kind: 'dealer' })
    const [shopA, shopB] = [await createShop(db, { orgId: org.id }), await createShop(db, { orgId: org.id })]
    const people = [
      (await createAssistant(db, { orgId: org.id, shopId: shopA.id })).user, // 30 units, norm 25: ₽250
      (await createAssistant(db, { orgId: org.id, shopId: shopB.id })).user, // 20 units, the shop's norm 15: ₽250
      (await createAssistant(db, { orgId: org.id, shopId: shopA.id })).user, // 12 units, own norm 10: ₽100
    ]
    const shopOf = [shopA, shopB, shopA]
    await createSaleReports(
      db,
      [30, 20, 12].map((qty, i) => ({ orgId: org.id, shopId: shopOf[i].id, userId: people[i].id, productId: product.id, soldOn: today, qty })),
    )
    const input = { orgIds: [org.id], shopIds: [shopA.id, shopB.id], assistantUserIds: people.map((p) => p.id), productIds: [product.id] }
    const id = await seedDemoSarmBonusIfEmpty(db, input)
    expect(id).not.toBeNull()
    const lines = await db.select().from(ledgerLines).where(eq(ledgerLines.programmeId, id!))
    expect(Object.fromEntries(lines.map((l) => [l.userId, l.amountMinor]))).toEqual({
      [people[0].id]: 250_00,
      [people[1].id]: 250_00,
      [people[2].id]: 100_00,
    })
    expect(await seedDemoSarmBonusIfEmpty(db, input)).toBeNull()
  })
})
