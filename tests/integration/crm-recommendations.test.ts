import { describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { grantScope } from '../../app/modules/auth/scope.server'
import { recommendForGroup } from '../../app/modules/crm/cooccurrence'
import { computeRecommendations, dismissRecommendation, listOwnRecommendations, readCooccurrence } from '../../app/modules/crm/recommendations.server'
import { businessClock } from '../../app/utils/clock.server'
import { createCategory, createMember, createOrganisation, createProduct, createTaxClass, createWarehouse } from '../factories'
import { createDeliveredOrder } from '../factories/crm-recommendations'
import { createSegmentRun } from '../factories/crm-segments'

const staff = grantScope('manage:crm:any', null)

describe('co-occurrence in SQL', () => {
  it('equals the TypeScript reference, and a dismissal hides only that organisation’s row', async () => {
    const { today } = await businessClock()
    const [category, vat, wh] = [await createCategory(db), await createTaxClass(db), await createWarehouse(db)]
    const ps = []
    for (let k = 0; k < 3; k++) ps.push(await createProduct(db, { categoryId: category.id, taxClassId: vat.id }))
    const [a, b, c] = ps
    // 6 buy {a, b}, 4 buy {a}, 2 buy {b}: the hand case of cooccurrence.test.ts and 8 buy {c}: N = 20.
    const baskets: (typeof a)[][] = [...Array(6).fill([a, b]), ...Array(4).fill([a]), ...Array(2).fill([b]), ...Array(8).fill([c])]
    const orgs: { id: string; basket: string[] }[] = []
    const on = new Date(Date.now() - 30 * 86_400_000)
    for (const basket of baskets) {
      const org = await createOrganisation(db, { kind: 'dealer' })
      const user = await createMember(db, org, 'dealer_buyer')
      await createDeliveredOrder(db, {
        orgId: org.id,
        placedBy: user.id,
        warehouseId: wh.id,
        items: basket.map((p) => ({ productId: p.id, sku: p.sku })),
        on,
      })
      orgs.push({ id: org.id, basket: basket.map((p) => p.id) })
    }
    await createSegmentRun(db, { members: orgs.map((o) => ({ orgId: o.id, abc: 'A' as const, xyz: 'X' as const })) })
    const reference = recommendForGroup(new Map(orgs.map((o) => [o.id, new Set(o.basket)])))
    const fromSql = await readCooccurrence({ scope: staff, today })
    const key = (r: { orgId: string; productId: string; antecedentId: string; pairBuyers: number }) =>
      `${r.orgId}|${r.productId}|${r.antecedentId}|${r.pairBuyers}`
    expect(
      fromSql.map((r) => key({ orgId: r.org_id, productId: r.product_id, antecedentId: r.antecedent_id, pairBuyers: Number(r.pair_buyers) })).sort(),
    ).toEqual(reference.map(key).sort())
    expect(reference.length).toBe(6)
    const { count } = await computeRecommendations({ scope: staff, today })
    expect(count).toBe(6)
    const aOnly = orgs[6]
    const own = await listOwnRecommendations({ scope: grantScope('read:recommendation:org', aOnly.id) })
    expect(own.map((r) => r.productId)).toEqual([b.id])
    expect(own[0]).toMatchObject({ groupSize: 20, antecedentBuyers: 10, productBuyers: 8, pairBuyers: 6 })
    // Another dealer cannot dismiss (or see) A's row through its own scope.
    const bothBuyer = orgs[0]
    expect(
      await dismissRecommendation({
        scope: grantScope('update:recommendation:org', bothBuyer.id),
        userId: (await createMember(db, { id: bothBuyer.id }, 'dealer_admin')).id,
        productId: b.id,
      }),
    ).toBe(false)
    expect(
      await dismissRecommendation({
        scope: grantScope('update:recommendation:org', aOnly.id),
        userId: (await createMember(db, { id: aOnly.id }, 'dealer_admin')).id,
        productId: b.id,
      }),
    ).toBe(true)
    expect(await listOwnRecommendations({ scope: grantScope('read:recommendation:org', aOnly.id) })).toEqual([])
    expect(await listOwnRecommendations({ scope: grantScope('read:recommendation:org', orgs[7].id) })).toHaveLength(1)
  })
})
