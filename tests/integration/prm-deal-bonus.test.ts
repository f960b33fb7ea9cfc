import { and, eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { auditLog, ledgerLines } from '../../db/schema'
import { dealRegistrations, partnerProgrammes, programmeMembers, programmeTiers } from '../../db/schema/prm'
import { grantScope } from '../../app/modules/auth/scope.server'
import { renderExplanation } from '../../app/modules/incentives/explain'
import { decideDeal } from '../../app/modules/prm/deals.server'
import { businessClock } from '../../app/utils/clock.server'
import {
  createCategory,
  createMember,
  createOrder,
  createOrganisation,
  createProduct,
  createTaxClass,
  createWarehouse,
  defaultTestPassword,
  makeInn,
  registerTestDeal,
} from '../factories'
import { startApp, type App } from '../http-harness'

// Deal bonuses (issue 13, "the incentive ledger"): a won registered deal earns its dealer the deal bonus of its tier
// in force on the net value of the orders the deal links — one pending ledger line, explained in both languages,
// made in the won step and never twice; no bonus at the tier or no orders linked, no line.

let app: App
let today: string
const w = {} as {
  desk: string
  manager: { userId: string; email: string }
  warehouseId: string
  product: { id: string; sku: string }
  programmeId: string
  entryTier: string
  goldTier: string
}

async function dealer(tierId: string) {
  const org = await createOrganisation(db, { kind: 'dealer' })
  const buyer = await createMember(db, org, 'dealer_buyer')
  const admin = await createMember(db, org, 'dealer_admin', { locale: 'en' })
  await db.insert(programmeMembers).values({ programmeId: w.programmeId, orgId: org.id, tierId, since: '2024-01-01' })
  return { id: org.id, buyer: buyer.id, adminEmail: admin.email }
}
const order = (d: { id: string; buyer: string }, netMinor: number) =>
  createOrder(db, {
    orgId: d.id,
    placedBy: d.buyer,
    warehouseId: w.warehouseId,
    items: [{ productId: w.product.id, sku: w.product.sku, qty: 10, unitPriceMinor: netMinor / 10 }],
  })
/** A deal of the dealer, approved by the desk: ready to be won. */
async function approvedDeal(d: { id: string; buyer: string }) {
  const deal = await registerTestDeal({ orgId: d.id, userId: d.buyer, input: { endCustomerInn: makeInn(), products: [w.product.sku] } })
  const r = await decideDeal({
    scope: grantScope('manage:partner_programme:any', null),
    actor: { ...w.manager, ip: null },
    dealId: deal.id,
    decision: { intent: 'approve', protectionDays: 30, prices: [], note: '' },
  })
  expect(r.ok).toBe(true)
  return deal
}
const win = (dealId: string, orderIds: string[]) => {
  const form = new URLSearchParams({ intent: 'won', note: '' })
  for (const id of orderIds) form.append('orderIds', id)
  return app.request(`/desk/partners/deals/${dealId}`, { cookie: w.desk, form })
}
const bonusLines = (dealId: string) =>
  db
    .select()
    .from(ledgerLines)
    .where(eq(ledgerLines.accrualKey, `deal:${dealId}`))

beforeAll(async () => {
  app = await startApp()
  today = (await businessClock()).today
  const operator = await createOrganisation(db, { kind: 'operator' })
  const manager = await createMember(db, operator, 'partner_manager', { locale: 'en' })
  const vat = await createTaxClass(db)
  const product = await createProduct(db, { categoryId: (await createCategory(db)).id, taxClassId: vat.id })
  const [programme] = await db
    .insert(partnerProgrammes)
    .values({ code: `PP-${crypto.randomUUID().slice(0, 8)}`, nameRu: 'Партнёрская программа', nameEn: 'Partner programme' })
    .returning()
  const [entry, gold] = await db
    .insert(programmeTiers)
    .values([
      {
        programmeId: programme.id,
        rank: 1,
        code: 'partner',
        nameRu: 'Партнёр',
        nameEn: 'Partner',
        benefits: { dealerGroup: null, rebateBonusBp: 25 },
      },
      { programmeId: programme.id, rank: 2, code: 'gold', nameRu: 'Золотой', nameEn: 'Gold', benefits: { dealerGroup: null, dealBonusBp: 200 } },
    ])
    .returning()
  Object.assign(w, {
    desk: await app.login(manager.email, defaultTestPassword),
    manager: { userId: manager.id, email: manager.email },
    warehouseId: (await createWarehouse(db)).id,
    product: { id: product.id, sku: product.sku },
    programmeId: programme.id,
    entryTier: entry.id,
    goldTier: gold.id,
  })
}, 60_000)
afterAll(() => app.close())

describe('a won deal at a tier with a deal bonus', () => {
  it('accrues one pending line of the bonus on the linked orders’ net value, explained in ru and en', async () => {
    const d = await dealer(w.goldTier)
    const deal = await approvedDeal(d)
    const orders = [await order(d, 300_000_00), await order(d, 150_000_00)]
    const res = await win(
      deal.id,
      orders.map((o) => o.id),
    )
    expect(res.status).toBe(200)

    const [line, ...more] = await bonusLines(deal.id)
    expect(more).toEqual([])
    expect(line).toMatchObject({
      orgId: d.id,
      source: 'deal_bonus',
      status: 'pending',
      amountMinor: 9_000_00, // 2 % of 450 000 ₽
      programmeId: w.programmeId,
      programmeNameEn: 'Partner programme',
      periodStart: today,
      periodEnd: today,
    })
    expect(renderExplanation('ru', line.explanation).replace(/\s/g, ' ')).toBe(
      `Бонус 2 % за выигранную сделку ${deal.number} (уровень «Золотой»): 2 % × 450 000,00 ₽ = 9 000,00 ₽`,
    )
    expect(renderExplanation('en', line.explanation)).toBe(`Bonus of 2% on won deal ${deal.number} (Gold tier): 2% × ₽450,000.00 = ₽9,000.00`)
    // The won step's audit entry names the bonus and its line.
    const [closed] = await db
      .select({ details: auditLog.details })
      .from(auditLog)
      .where(and(eq(auditLog.action, 'deal.closed'), eq(auditLog.entityId, deal.id)))
    expect(closed.details).toMatchObject({ outcome: 'won', orders: 2, bonusMinor: 9_000_00, ledgerLineId: line.id })

    // The dealer reads it on its ledger, with the explanation.
    const cookie = await app.login(d.adminEmail, defaultTestPassword)
    const page = await app.request('/programme/ledger', { cookie })
    expect(page.status).toBe(200)
    expect(page.body).toContain(`Bonus of 2% on won deal ${deal.number} (Gold tier)`)

    // Won again: refused, and no second line.
    const again = await win(
      deal.id,
      orders.map((o) => o.id),
    )
    expect(again.status).toBe(409)
    expect(await bonusLines(deal.id)).toHaveLength(1)
  })

  it('rounds half a kopeck up and leaves a cancelled order out of the base', async () => {
    const d = await dealer(w.goldTier)
    const deal = await approvedDeal(d)
    const kept = await order(d, 1_234_50) // 2 % = 24.69 ₽
    const cancelled = await order(d, 500_000_00)
    await db.execute(sql`update orders set status = 'cancelled' where id = ${cancelled.id}::uuid`)
    expect((await win(deal.id, [kept.id, cancelled.id])).status).toBe(200)
    const [line] = await bonusLines(deal.id)
    expect(line.amountMinor).toBe(24_69)
    expect(line.explanation.params).toMatchObject({ basisMinor: 1_234_50, amountMinor: 24_69, rateBp: 200 })
  })

  it('follows an override: the tier in force, not the evaluated one', async () => {
    const d = await dealer(w.entryTier)
    await db
      .update(programmeMembers)
      .set({ overrideTierId: w.goldTier, overrideReason: 'A strategic partner', overrideUntil: null })
      .where(eq(programmeMembers.orgId, d.id))
    const deal = await approvedDeal(d)
    expect((await win(deal.id, [(await order(d, 100_000_00)).id])).status).toBe(200)
    expect((await bonusLines(deal.id)).map((l) => l.amountMinor)).toEqual([2_000_00])
  })
})

describe('a won deal without a bonus', () => {
  it('at a tier without a deal bonus: won, and no line', async () => {
    const d = await dealer(w.entryTier)
    const deal = await approvedDeal(d)
    expect((await win(deal.id, [(await order(d, 450_000_00)).id])).status).toBe(200)
    expect(await bonusLines(deal.id)).toEqual([])
  })

  it('with no orders linked: won, and no line', async () => {
    const d = await dealer(w.goldTier)
    const deal = await approvedDeal(d)
    expect((await win(deal.id, [])).status).toBe(200)
    expect(await bonusLines(deal.id)).toEqual([])
    const [row] = await db.select({ status: dealRegistrations.status }).from(dealRegistrations).where(eq(dealRegistrations.id, deal.id))
    expect(row.status).toBe('won')
  })

  it('for a dealer outside any programme: won, and no line', async () => {
    const org = await createOrganisation(db, { kind: 'dealer' })
    const buyer = await createMember(db, org, 'dealer_buyer')
    const d = { id: org.id, buyer: buyer.id }
    const deal = await approvedDeal(d)
    expect((await win(deal.id, [(await order(d, 450_000_00)).id])).status).toBe(200)
    expect(await bonusLines(deal.id)).toEqual([])
  })
})
