import { and, eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { auditLog } from '../../db/schema/audit'
import { crmPromptDecisions } from '../../db/schema/crm'
import { priceListAssignments, priceLists } from '../../db/schema/pricing'
import { grantScope } from '../../app/modules/auth/scope.server'
import { decidePrompt, getCustomerPrompts } from '../../app/modules/crm/prompts.server'
import { priceProducts } from '../../app/modules/pricing/queries.server'
import { recommendForGroup } from '../../app/modules/crm/cooccurrence'
import { computeRecommendations, dismissRecommendation, listOwnRecommendations, readCooccurrence } from '../../app/modules/crm/recommendations.server'
import { businessClock } from '../../app/utils/clock.server'
import { createCategory, createMember, createOrganisation, createPriceList, createProduct, createTaxClass, createWarehouse } from '../factories'
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

describe('the regular-customer prompt', () => {
  it('accepted makes one contract price list through the pricing module, audited; a double submit makes no second', async () => {
    const { today } = await businessClock()
    const [category, vat, wh] = [await createCategory(db), await createTaxClass(db), await createWarehouse(db)]
    const product = await createProduct(db, { categoryId: category.id, taxClassId: vat.id })
    await createPriceList(db, { assign: { scope: 'global' }, prices: { [product.id]: [[1, 100_00]] } })
    const org = await createOrganisation(db, { kind: 'dealer' })
    const buyer = await createMember(db, org, 'dealer_buyer')
    // An order in each of the 7 whole months before this one (at least 6 of 12 qualify), class AX: 3 %.
    const now = new Date()
    for (let k = 1; k <= 7; k++)
      await createDeliveredOrder(db, {
        orgId: org.id,
        placedBy: buyer.id,
        warehouseId: wh.id,
        items: [{ productId: product.id, sku: product.sku }],
        on: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - k, 15, 9)),
      })
    const run = await createSegmentRun(db, { members: [{ orgId: org.id, abc: 'A', xyz: 'X' }] })
    const operator = await createOrganisation(db, { kind: 'operator' })
    const manager = await createMember(db, operator, 'sales_manager')
    const actor = { userId: manager.id, email: manager.email, ip: null }

    const prompt = await getCustomerPrompts({ scope: staff, orgId: org.id })
    expect(prompt).toMatchObject({ runId: run.id, qualifies: true, segment: 'AX', discountBp: 300, decision: null })
    // 7, or 6 on the night a month turns in UTC before it does in the operator's zone.
    expect(prompt.orderMonths).toBeGreaterThanOrEqual(6)

    const count = async () => ({
      lists: (await db.select({ n: sql<number>`count(*)::int` }).from(priceLists))[0].n,
      forOrg: (
        await db.select({ id: priceListAssignments.priceListId }).from(priceListAssignments).where(eq(priceListAssignments.orgId, org.id))
      ).map((r) => r.id),
      decisions: await db
        .select({ id: crmPromptDecisions.id, priceListId: crmPromptDecisions.priceListId })
        .from(crmPromptDecisions)
        .where(eq(crmPromptDecisions.orgId, org.id)),
    })
    const before = await count()
    expect(before.forOrg).toEqual([])
    expect(before.decisions).toEqual([])

    // The double submit: two accepts at once; the customer's row lock lets one through, the other sees its decision.
    const accept = () => decidePrompt({ scope: staff, actor, orgId: org.id, decision: 'accepted' })
    const results = await Promise.all([accept(), accept()])
    const made = results.filter((r) => r.ok)
    expect(made).toHaveLength(1)
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, error: 'crm.recommendations.prompt.alreadyDecided' }])
    const listId = made[0].ok ? made[0].priceListId : null
    expect(listId).not.toBeNull()

    const after = await count()
    expect(after.lists).toBe(before.lists + 1)
    expect(after.forOrg).toEqual([listId])
    expect(after.decisions).toEqual([{ id: expect.any(String), priceListId: listId }])
    // The pricing module now prices the customer from its contract list: 100,00 less 3 %.
    const priced = (
      await priceProducts({ scope: grantScope('read:catalog:org', org.id), date: today, items: [{ productId: product.id, qty: 1 }] })
    ).get(product.id)
    expect(priced).toMatchObject({ ok: true, unitPriceMinor: 97_00, list: { listId } })
    const audited = async (action: string, entityId: string) =>
      db
        .select({ orgId: auditLog.orgId, actor: auditLog.actorUserId })
        .from(auditLog)
        .where(and(eq(auditLog.action, action), eq(auditLog.entityId, entityId)))
    expect(await audited('price_list.saved', listId!)).toEqual([{ orgId: org.id, actor: manager.id }])
    expect(await audited('crm_prompt.decided', after.decisions[0].id)).toEqual([{ orgId: org.id, actor: manager.id }])

    // Submitted again later (or declined now), the answer names the decision already taken; nothing more is made.
    expect(await accept()).toEqual({ ok: false, error: 'crm.recommendations.prompt.alreadyDecided' })
    expect(await decidePrompt({ scope: staff, actor, orgId: org.id, decision: 'declined' })).toEqual({
      ok: false,
      error: 'crm.recommendations.prompt.alreadyDecided',
    })
    expect(await count()).toEqual(after)
    expect((await getCustomerPrompts({ scope: staff, orgId: org.id })).decision).toMatchObject({ decision: 'accepted', priceListId: listId })
  })
})
