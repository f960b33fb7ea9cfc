import { and, eq, like } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { ledgerLines } from '../../db/schema/incentives'
import { sarmBonusNorms, saleReports, trainingCompletions } from '../../db/schema/sarm'
import type { Actor } from '../../app/modules/audit/mutations.server'
import { grantScope } from '../../app/modules/auth/scope.server'
import { approvePayoutBatch, preparePayoutBatch } from '../../app/modules/incentives/batches.server'
import { renderExplanation } from '../../app/modules/incentives/explain'
import { assistantHome, bonusAccrualKey, dealerResults, recalculateBonusProgramme, saveBonusNorm } from '../../app/modules/sarm/bonuses.server'
import { afterSalesChanged } from '../../app/modules/sarm/sales-events.server'
import { businessClock } from '../../app/utils/clock.server'
import { runInTenantScope } from '../../db/tenant-scope.server'
import { createCategory, createMember, createOrganisation, createProduct, createTaxClass } from '../factories'
import { createAssistant, createBonusProgramme, createSaleReports, createShop, createTraining } from '../factories/sarm'

// The bonus above a norm (issue 14) on a real database: confirmed units only, the norm (a person's beats a shop's
// beats the programme's), the cap, the training to complete, the ledger's correction line for a return after the
// payout was approved, and each assistant reading only their own lines.

const desk = grantScope('manage:sarm:any', null)
const actorOf = (u: { id: string; email: string }): Actor => ({ userId: u.id, email: u.email, ip: null })
let managerA: Actor, managerB: Actor
let today = ''
let period = { start: '', end: '' }
let productId = ''
let otherProductId = ''
let categoryId = ''

beforeAll(async () => {
  const operator = await createOrganisation(db, { kind: 'operator' })
  managerA = actorOf(await createMember(db, operator, 'partner_manager'))
  managerB = actorOf(await createMember(db, operator, 'partner_manager'))
  today = (await businessClock()).today
  period = { start: `${today.slice(0, 7)}-01`, end: today }
  const [category, other, vat] = [await createCategory(db), await createCategory(db), await createTaxClass(db)]
  categoryId = category.id
  productId = (await createProduct(db, { categoryId: category.id, taxClassId: vat.id })).id
  otherProductId = (await createProduct(db, { categoryId: other.id, taxClassId: vat.id })).id
})

async function dealerWithAssistants(count: number) {
  const org = await createOrganisation(db, { kind: 'dealer' })
  const shop = await createShop(db, { orgId: org.id })
  const people = []
  for (let i = 0; i < count; i++) people.push((await createAssistant(db, { orgId: org.id, shopId: shop.id, startsOn: period.start })).user)
  return { org, shop, people }
}

const sell = (
  d: { org: { id: string }; shop: { id: string } },
  userId: string,
  qty: number,
  o: { productId?: string; status?: 'pending' | 'confirmed' | 'rejected' } = {},
) =>
  createSaleReports(db, [{ orgId: d.org.id, shopId: d.shop.id, userId, productId: o.productId ?? productId, soldOn: today, qty, status: o.status }])

const lineFor = async (programmeId: string, userId: string) =>
  (
    await db
      .select()
      .from(ledgerLines)
      .where(eq(ledgerLines.accrualKey, bonusAccrualKey(programmeId, userId)))
  )[0]

describe('recalculating a programme', () => {
  it('pays confirmed units above the norm and explains it ("47 units, norm 30: 17 × ₽50.00 = ₽850.00")', async () => {
    const d = await dealerWithAssistants(2)
    const [anna, boris] = d.people
    await sell(d, anna.id, 40)
    await sell(d, anna.id, 7)
    await sell(d, anna.id, 100, { status: 'pending' }) // not confirmed: does not count
    await sell(d, anna.id, 5, { status: 'rejected' })
    await sell(d, boris.id, 30) // exactly the norm: nothing above it
    const p = await createBonusProgramme(db, {
      periodStart: period.start,
      periodEnd: period.end,
      normUnits: 30,
      rateMinor: 50_00,
      productIds: [productId],
    })
    const result = await recalculateBonusProgramme({ scope: desk, actor: managerA, programmeId: p.id })
    expect(result).toMatchObject({ ok: true, summary: { created: 1, assistants: 2, totalMinor: 850_00 } })
    const line = await lineFor(p.id, anna.id)
    expect(line).toMatchObject({ orgId: d.org.id, userId: anna.id, source: 'sarm_bonus', amountMinor: 850_00, status: 'pending' })
    expect(renderExplanation('en', line.explanation)).toBe('47 units, norm 30: 17 × ₽50.00 = ₽850.00')
    expect(await lineFor(p.id, boris.id)).toBeUndefined()
    // Recalculating again changes nothing.
    expect(await recalculateBonusProgramme({ scope: desk, actor: managerA, programmeId: p.id })).toMatchObject({
      ok: true,
      summary: { created: 0, recalculated: 0, unchanged: 2 },
    })
  })

  it('stops at the cap and says so', async () => {
    const d = await dealerWithAssistants(1)
    await sell(d, d.people[0].id, 47)
    const p = await createBonusProgramme(db, { periodStart: period.start, periodEnd: period.end, normUnits: 30, rateMinor: 50_00, capMinor: 500_00 })
    await recalculateBonusProgramme({ scope: desk, actor: managerA, programmeId: p.id })
    const line = await lineFor(p.id, d.people[0].id)
    expect(line.amountMinor).toBe(500_00)
    expect(line.explanation.key).toBe('sarm.explain.normBonusCapped')
    expect(renderExplanation('en', line.explanation)).toContain('at most ₽500.00 a period: ₽500.00')
  })

  it('counts only the products and categories named, in the dealers taking part', async () => {
    const d = await dealerWithAssistants(1)
    const outsider = await dealerWithAssistants(1)
    await sell(d, d.people[0].id, 12)
    await sell(d, d.people[0].id, 50, { productId: otherProductId })
    await sell(outsider, outsider.people[0].id, 50)
    const p = await createBonusProgramme(db, {
      periodStart: period.start,
      periodEnd: period.end,
      normUnits: 10,
      rateMinor: 10_00,
      categoryIds: [categoryId],
      orgIds: [d.org.id],
    })
    await recalculateBonusProgramme({ scope: desk, actor: managerA, programmeId: p.id })
    expect((await lineFor(p.id, d.people[0].id)).amountMinor).toBe(20_00)
    expect(await lineFor(p.id, outsider.people[0].id)).toBeUndefined()
  })

  it('pays nothing to an assistant without the required training, and tells her which; completing it pays', async () => {
    const d = await dealerWithAssistants(1)
    const [vera] = d.people
    await sell(d, vera.id, 15)
    const training = await createTraining(db, { kind: 'online', titleEn: 'Product basics', titleRu: 'Основы продукта' })
    const p = await createBonusProgramme(db, {
      periodStart: period.start,
      periodEnd: period.end,
      normUnits: 10,
      rateMinor: 10_00,
      requiredTrainingId: training.id,
    })
    await recalculateBonusProgramme({ scope: desk, actor: managerA, programmeId: p.id })
    expect(await lineFor(p.id, vera.id)).toBeUndefined()
    const home = await assistantHome({ scope: grantScope('read:sarm:own', d.org.id), userId: vera.id })
    const mine = home.running.find((r) => r.id === p.id)
    expect(mine).toMatchObject({ units: 15, eligible: false, amountMinor: 0, nextUnitMinor: 0, training: { titleEn: 'Product basics' } })

    await db
      .insert(trainingCompletions)
      .values({ trainingId: training.id, orgId: d.org.id, userId: vera.id, certificateNo: `C-${crypto.randomUUID()}` })
    await recalculateBonusProgramme({ scope: desk, actor: managerA, programmeId: p.id })
    expect((await lineFor(p.id, vera.id)).amountMinor).toBe(50_00)
  })

  it("measures a person's own norm before the shop's, and the shop's before the programme's", async () => {
    const d = await dealerWithAssistants(2)
    const otherShop = await dealerWithAssistants(1)
    const [own, shopNorm] = d.people
    const [programmeNorm] = otherShop.people
    for (const [who, dealer] of [
      [own, d],
      [shopNorm, d],
      [programmeNorm, otherShop],
    ] as const)
      await sell(dealer, who.id, 40)
    const p = await createBonusProgramme(db, { periodStart: period.start, periodEnd: period.end, normUnits: 30, rateMinor: 1_00 })
    expect(await saveBonusNorm({ scope: desk, actor: managerA, programmeId: p.id, target: { shopId: d.shop.id }, normUnits: 20 })).toMatchObject({
      ok: true,
    })
    expect(await saveBonusNorm({ scope: desk, actor: managerA, programmeId: p.id, target: { email: own.email }, normUnits: 5 })).toMatchObject({
      ok: true,
    })
    await recalculateBonusProgramme({ scope: desk, actor: managerA, programmeId: p.id })
    expect((await lineFor(p.id, own.id)).amountMinor).toBe(35_00)
    expect((await lineFor(p.id, shopNorm.id)).amountMinor).toBe(20_00)
    expect((await lineFor(p.id, programmeNorm.id)).amountMinor).toBe(10_00)
    // Setting the shop's norm again replaces it; a person who is nobody's assistant is refused by field.
    await saveBonusNorm({ scope: desk, actor: managerA, programmeId: p.id, target: { shopId: d.shop.id }, normUnits: 25 })
    expect(await db.select().from(sarmBonusNorms).where(eq(sarmBonusNorms.programmeId, p.id))).toHaveLength(2)
    expect(await saveBonusNorm({ scope: desk, actor: managerA, programmeId: p.id, target: { email: managerA.email! }, normUnits: 1 })).toEqual({
      ok: false,
      fieldErrors: { email: ['bonus.error.notAnAssistant'] },
    })
  })

  it('refuses a draft and an unknown programme', async () => {
    const draft = await createBonusProgramme(db, { periodStart: period.start, periodEnd: period.end, normUnits: 1, rateMinor: 1, status: 'draft' })
    expect(await recalculateBonusProgramme({ scope: desk, actor: managerA, programmeId: draft.id })).toEqual({
      ok: false,
      status: 409,
      formErrors: ['bonus.error.draft'],
    })
    expect(await recalculateBonusProgramme({ scope: desk, actor: managerA, programmeId: crypto.randomUUID() })).toEqual({ ok: false, status: 404 })
  })
})

describe('afterSalesChanged', () => {
  it('recomputes the changed assistants of the programmes whose period holds the day, and nobody else', async () => {
    const d = await dealerWithAssistants(2)
    const [anna, boris] = d.people
    const p = await createBonusProgramme(db, { periodStart: period.start, periodEnd: period.end, normUnits: 2, rateMinor: 10_00 })
    const past = await createBonusProgramme(db, { periodStart: '2025-01-01', periodEnd: '2025-01-31', normUnits: 0, rateMinor: 10_00 })
    await sell(d, anna.id, 5)
    await sell(d, boris.id, 5)
    await db.transaction((tx) => afterSalesChanged(tx, managerA, [{ orgId: d.org.id, shopId: d.shop.id, userId: anna.id, soldOn: today }]))
    expect((await lineFor(p.id, anna.id)).amountMinor).toBe(30_00)
    expect(await lineFor(p.id, boris.id)).toBeUndefined()
    expect(await lineFor(past.id, anna.id)).toBeUndefined()
  })

  it('a return after payout approval makes a reversal line (negative correction), the approved line untouched', async () => {
    const d = await dealerWithAssistants(1)
    const [anna] = d.people
    const [sale] = await sell(d, anna.id, 47)
    const p = await createBonusProgramme(db, { periodStart: period.start, periodEnd: period.end, normUnits: 30, rateMinor: 50_00 })
    await db.transaction((tx) => afterSalesChanged(tx, managerA, [{ orgId: d.org.id, shopId: d.shop.id, userId: anna.id, soldOn: today }]))
    const original = await lineFor(p.id, anna.id)
    expect(original.amountMinor).toBe(850_00)
    const prepared = await preparePayoutBatch({ scope: grantScope('manage:partner_programme:any', null), actor: managerA, lineIds: [original.id] })
    if (!prepared.ok) throw new Error(`not prepared: ${prepared.message}`)
    expect(await approvePayoutBatch({ scope: grantScope('manage:partner_programme:any', null), actor: managerB, batchId: prepared.batchId })).toEqual(
      {
        ok: true,
      },
    )

    // The customer brings 10 back: 37 units, 7 above the norm, ₽350; ₽850 was approved, so −₽500 corrects it.
    await db.transaction(async (tx) => {
      await tx.update(saleReports).set({ returnedQty: 10, returnedOn: today }).where(eq(saleReports.id, sale.id))
      await afterSalesChanged(tx, managerA, [{ orgId: d.org.id, shopId: d.shop.id, userId: anna.id, soldOn: today }])
    })
    expect(await lineFor(p.id, anna.id)).toMatchObject({ id: original.id, amountMinor: 850_00, status: 'approved' })
    const corrections = await db
      .select()
      .from(ledgerLines)
      .where(and(eq(ledgerLines.correctsLineId, original.id), like(ledgerLines.accrualKey, `${bonusAccrualKey(p.id, anna.id)}:c%`)))
    expect(corrections).toHaveLength(1)
    expect(corrections[0]).toMatchObject({ amountMinor: -500_00, status: 'pending', userId: anna.id, orgId: d.org.id, source: 'sarm_bonus' })
    expect(corrections[0].explanation.key).toBe('ledger.explain.correction')

    // The assistant sees both lines with their status and explanations.
    const home = await assistantHome({ scope: grantScope('read:sarm:own', d.org.id), userId: anna.id })
    expect(
      home.lines
        .filter((l) => l.programmeId === p.id)
        .map((l) => [l.amountMinor, l.status])
        .sort(),
    ).toEqual([
      [-500_00, 'pending'],
      [850_00, 'approved'],
    ])
    expect(home.running.find((r) => r.id === p.id)).toMatchObject({ units: 37, norm: 30, amountMinor: 350_00, toNorm: 0, nextUnitMinor: 50_00 })
  })
})

describe("afterSalesChanged in a shop manager's request", () => {
  it("recomputes under the dealer's row-level security, a correction after approval included", async () => {
    const d = await dealerWithAssistants(1)
    const manager = await createMember(db, d.org, 'shop_manager')
    const [anna] = d.people
    const [sale] = await sell(d, anna.id, 12)
    const p = await createBonusProgramme(db, {
      periodStart: period.start,
      periodEnd: period.end,
      normUnits: 10,
      rateMinor: 10_00,
      orgIds: [d.org.id],
    })
    const change = [{ orgId: d.org.id, shopId: d.shop.id, userId: anna.id, soldOn: today }]
    // Bound to the dealer as the guard binds a shop manager's request: the database shows only the dealer's rows.
    const asManager = <T>(fn: () => PromiseLike<T>) => runInTenantScope(async () => await fn(), { orgId: d.org.id, userId: manager.id })
    await asManager(() => db.transaction((tx) => afterSalesChanged(tx, actorOf(manager), change)))
    const line = await lineFor(p.id, anna.id)
    expect(line.amountMinor).toBe(20_00)
    const prepared = await preparePayoutBatch({ scope: grantScope('manage:partner_programme:any', null), actor: managerA, lineIds: [line.id] })
    if (!prepared.ok) throw new Error('not prepared')
    await approvePayoutBatch({ scope: grantScope('manage:partner_programme:any', null), actor: managerB, batchId: prepared.batchId })
    await asManager(() =>
      db.transaction(async (tx) => {
        await tx.update(saleReports).set({ returnedQty: 2, returnedOn: today }).where(eq(saleReports.id, sale.id))
        await afterSalesChanged(tx, actorOf(manager), change)
      }),
    )
    // The binding held: the dealer's transaction saw its own lines only, though other dealers' exist.
    const seen = await asManager(() => db.select({ orgId: ledgerLines.orgId }).from(ledgerLines))
    expect(new Set(seen.map((r) => r.orgId))).toEqual(new Set([d.org.id]))
    expect((await db.select({ orgId: ledgerLines.orgId }).from(ledgerLines)).some((r) => r.orgId !== d.org.id)).toBe(true)
    const [correction] = await db.select().from(ledgerLines).where(eq(ledgerLines.correctsLineId, line.id))
    expect(correction).toMatchObject({ amountMinor: -20_00, orgId: d.org.id, userId: anna.id })
  })
})

describe('who sees what', () => {
  it("an assistant's home holds only her own lines; the dealer's results only its own assistants", async () => {
    const d = await dealerWithAssistants(2)
    const other = await dealerWithAssistants(1)
    const [anna, boris] = d.people
    const p = await createBonusProgramme(db, { periodStart: period.start, periodEnd: period.end, normUnits: 0, rateMinor: 1_00 })
    await sell(d, anna.id, 3)
    await sell(d, boris.id, 4)
    await sell(other, other.people[0].id, 5)
    await recalculateBonusProgramme({ scope: desk, actor: managerA, programmeId: p.id })
    const home = await assistantHome({ scope: grantScope('read:sarm:own', d.org.id), userId: anna.id })
    expect(home.lines.filter((l) => l.programmeId === p.id).map((l) => l.amountMinor)).toEqual([3_00])
    expect(home.lines.map((l) => l.id)).not.toContain((await lineFor(p.id, boris.id)).id)
    // Asked with another dealer's scope, her lines are not there at all.
    expect((await assistantHome({ scope: grantScope('read:sarm:own', other.org.id), userId: anna.id })).lines).toEqual([])

    const results = await dealerResults({ scope: grantScope('read:sarm:org', d.org.id) })
    const mine = results.rows.filter((r) => r.programmeId === p.id)
    expect(mine.map((r) => [r.userId, r.units, r.amountMinor]).sort()).toEqual(
      [
        [anna.id, 3, 3_00],
        [boris.id, 4, 4_00],
      ].sort(),
    )
  })
})
