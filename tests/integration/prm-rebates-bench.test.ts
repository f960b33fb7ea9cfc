import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { ledgerLines } from '../../db/schema/incentives'
import { rebateProgrammes } from '../../db/schema/prm'
import { periodOf } from '../../app/modules/prm/rebate-rules'
import { businessClock } from '../../app/utils/clock.server'
import { benchRebateAccrual } from '../bench/prm-rebates'
import { createCategory, createDeliveredOrder, createMember, createOrganisation, createProduct, createTaxClass, createWarehouse } from '../factories'

// bench:prm's rebate part against a small database: it times a full accrual of the last full quarter and the bare
// aggregate, and the programme it creates really accrues the dealers' delivered orders (figures are printed by the
// benchmark, never asserted here).

const addDays = (day: string, n: number) => {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}

describe('benchRebateAccrual', () => {
  it('accrues the last full quarter for every dealer and reports both timings', async () => {
    const { today } = await businessClock()
    const lastQuarter = periodOf('quarter', addDays(periodOf('quarter', today).start, -1))
    const warehouseId = (await createWarehouse(db)).id
    const product = await createProduct(db, { categoryId: (await createCategory(db)).id, taxClassId: (await createTaxClass(db)).id })
    const dealers = []
    for (const amountMinor of [600_000_00, 2_000_000_00, 100_000_00]) {
      const org = await createOrganisation(db, { kind: 'dealer' })
      const buyer = await createMember(db, org, 'dealer_buyer')
      await createDeliveredOrder(db, {
        orgId: org.id,
        placedBy: buyer.id,
        warehouseId,
        deliveredOn: addDays(lastQuarter.start, 10),
        items: [{ productId: product.id, sku: product.sku, qty: 1, unitPriceMinor: amountMinor }],
      })
      dealers.push(org.id)
    }

    const result = await benchRebateAccrual({ db, samples: 2 })
    expect(Number.isFinite(result.medianMs) && result.medianMs >= 0).toBe(true)
    expect(Number.isFinite(result.bareMs) && result.bareMs >= 0).toBe(true)

    const [programme] = await db.select().from(rebateProgrammes).where(eq(rebateProgrammes.nameEn, 'Quarterly rebate (benchmark)'))
    const lines = await db.select().from(ledgerLines).where(eq(ledgerLines.programmeId, programme.id))
    const amountOf = (orgId: string) => lines.find((l) => l.orgId === orgId && l.periodStart === lastQuarter.start)?.amountMinor
    // 2 % from 500 000 ₽, 3 % from 1 500 000 ₽: 12 000 ₽ and 60 000 ₽; below the first step no line.
    expect(amountOf(dealers[0])).toBe(12_000_00)
    expect(amountOf(dealers[1])).toBe(60_000_00)
    expect(amountOf(dealers[2])).toBeUndefined()
  })
})
