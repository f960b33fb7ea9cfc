import { eq } from 'drizzle-orm'
import { expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { seedDemoContestsIfEmpty } from '../../db/demo-sarm-contests'
import { ledgerLines } from '../../db/schema/incentives'
import { contestFlags } from '../../db/schema/sarm'
import { createCategory, createOrganisation, createProduct, createTaxClass } from '../factories'

// The contests demo (issue 14 "Demo data"): a finished contest, its checks run, one shop's winner held with R1, R2
// and R4 (the anchors' worked example) and the other shop's winner waiting for payment; seeding twice adds nothing.
it('seeds a checked contest with one held prize and one clean one', async () => {
  const dealer = await createOrganisation(db, { kind: 'dealer' })
  const vat = await createTaxClass(db, { rates: [['2019-01-01', 2200]] })
  const product = await createProduct(db, { categoryId: (await createCategory(db)).id, taxClassId: vat.id })
  expect(await seedDemoContestsIfEmpty(db, { dealerOrgIds: [dealer.id], productIds: [product.id] })).toBe(true)
  const lines = await db.select().from(ledgerLines).where(eq(ledgerLines.source, 'contest_prize'))
  expect(lines.map((l) => [l.amountMinor, l.status]).sort()).toEqual([
    [15_000_00, 'held'],
    [7_500_00, 'pending'],
  ])
  const flags = await db.select({ rule: contestFlags.rule }).from(contestFlags)
  expect(flags.map((f) => f.rule).sort()).toEqual(['R1', 'R2', 'R4'])
  expect(await seedDemoContestsIfEmpty(db, { dealerOrgIds: [dealer.id], productIds: [product.id] })).toBe(false)
})
