import { and, eq, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { notifications, programmeMembers, tierChanges, tierEvaluations } from '../../db/schema'
import type { TierCriterion } from '../../db/schema/prm'
import { grantScope } from '../../app/modules/auth/scope.server'
import { listNotices } from '../../app/modules/notifications/queries.server'
import { mailOutbox } from '../../db/schema/notifications'
import { priceProducts } from '../../app/modules/pricing/queries.server'
import { computeMeasures, evaluateTiers, getPartnerTier, listTargets, overrideTier, saveTarget } from '../../app/modules/prm/tiers.server'
import { addDays, firstOfNextMonth, measureKey } from '../../app/modules/prm/tier-rules'
import { businessClock } from '../../app/utils/clock.server'
import {
  addProgrammeMember,
  createCategory,
  createCertification,
  createMember,
  createOrder,
  createOrganisation,
  createOverdueInvoice,
  createPriceList,
  createProduct,
  createProgramme,
  createTaxClass,
  createWarehouse,
  deliverOrder,
} from '../factories'

// Tier evaluation from real delivered orders, grace then demotion, overrides in the history, and the price group
// a promotion brings from its day on (not before); each dealer reads only its own tier data.

const staff = grantScope('manage:partner_programme:any', null)
const actor = { userId: null, email: 'partners@test', ip: null }
let today: string
const w = {} as {
  programmeId: string
  tiers: { id: string; code: string }[]
  dealers: { id: string; adminId: string }[]
  product: { id: string; sku: string }
  warehouseId: string
  categoryId: string
}

async function sell(orgId: string, placedBy: string, amountMinor: number, o: { daysAgo?: number; returned?: number; qty?: number } = {}) {
  const qty = o.qty ?? 10
  const order = await createOrder(db, {
    orgId,
    placedBy,
    warehouseId: w.warehouseId,
    items: [{ productId: w.product.id, sku: w.product.sku, qty, unitPriceMinor: Math.round(amountMinor / qty) }],
  })
  await deliverOrder(db, { orderId: order.id, daysAgo: o.daysAgo, returned: o.returned })
  return order
}

const member = async (orgId: string) =>
  (
    await db
      .select()
      .from(programmeMembers)
      .where(and(eq(programmeMembers.programmeId, w.programmeId), eq(programmeMembers.orgId, orgId)))
  )[0]
const history = async (orgId: string) => db.select().from(tierChanges).where(eq(tierChanges.orgId, orgId)).orderBy(tierChanges.at)
const tierCode = (id: string) => w.tiers.find((t) => t.id === id)?.code

beforeAll(async () => {
  today = (await businessClock()).today
  const category = await createCategory(db)
  const vat = await createTaxClass(db, { rates: [['2000-01-01', 2200]] })
  const wh = await createWarehouse(db)
  const product = await createProduct(db, { categoryId: category.id, taxClassId: vat.id, sku: 'TIER-LAMP' })
  const { programme, tiers } = await createProgramme(db, {
    graceMonths: 3,
    tiers: [
      { code: 'partner', nameRu: 'Партнёр', nameEn: 'Partner', benefits: { dealerGroup: null } },
      {
        code: 'silver',
        nameRu: 'Серебро',
        nameEn: 'Silver',
        criteria: [
          { kind: 'revenue_12m', op: 'gte', threshold: 500_000_00 },
          { kind: 'overdue_days', op: 'lte', threshold: 30 },
        ],
        benefits: { dealerGroup: 'silver' },
      },
      {
        code: 'gold',
        nameRu: 'Золото',
        nameEn: 'Gold',
        criteria: [
          { kind: 'revenue_12m', op: 'gte', threshold: 2_000_000_00 },
          { kind: 'certified_staff', op: 'gte', threshold: 2 },
          { kind: 'overdue_amount', op: 'lte', threshold: 0 },
        ],
        benefits: { dealerGroup: 'gold' },
      },
    ],
  })
  const dealers = []
  for (let i = 0; i < 4; i++) {
    const org = await createOrganisation(db, { kind: 'dealer' })
    const admin = await createMember(db, org, 'dealer_admin')
    await addProgrammeMember(db, { programmeId: programme.id, orgId: org.id, tierId: tiers[0].id })
    dealers.push({ id: org.id, adminId: admin.id })
  }
  await createPriceList(db, { assign: { scope: 'global' }, prices: { [product.id]: [[1, 100_00]] } })
  await createPriceList(db, { assign: { scope: 'group', dealerGroup: 'gold' }, prices: { [product.id]: [[1, 80_00]] } })
  Object.assign(w, { programmeId: programme.id, tiers, dealers, product, warehouseId: wh.id, categoryId: category.id })
})

describe('evaluation from real delivered orders', () => {
  it('measures revenue net of returns in the trailing 12 months, and ranks each dealer', async () => {
    const [a, b, c] = w.dealers
    // a: 2.5 M ₽ delivered, 2 certified → gold. The 9 M ₽ delivered 400 days ago count only for growth: −72.22 %.
    await sell(a.id, a.adminId, 2_500_000_00, { daysAgo: 20 })
    await sell(a.id, a.adminId, 9_000_000_00, { daysAgo: 400 })
    await createCertification(db, { orgId: a.id })
    await createCertification(db, { orgId: a.id })
    await createCertification(db, { orgId: a.id, expiresOn: '2020-01-01' })
    // b: 1 M ₽ less 2 of 10 units returned = 800 000 ₽ → silver, not gold.
    await sell(b.id, b.adminId, 1_000_000_00, { daysAgo: 10, returned: 2 })
    // c: 3 M ₽ but an invoice 45 days overdue → partner.
    await sell(c.id, c.adminId, 3_000_000_00, { daysAgo: 5 })
    await createOverdueInvoice(db, { orgId: c.id, amountMinor: 50_000_00, dueOn: addDays(today, -45) })

    const summary = await evaluateTiers({ scope: staff, actor, programmeId: w.programmeId, trigger: 'on_demand' })
    expect(summary).toMatchObject({ evaluated: 4, promoted: 2, asOf: today })
    expect(tierCode((await member(a.id)).tierId)).toBe('gold')
    expect(tierCode((await member(b.id)).tierId)).toBe('silver')
    expect(tierCode((await member(c.id)).tierId)).toBe('partner')

    const [evalB] = await db.select().from(tierEvaluations).where(eq(tierEvaluations.orgId, b.id))
    expect(evalB.metrics).toMatchObject({ revenue_12m: 800_000_00, order_count_12m: 1, active_months_12m: 1, certified_staff: 0 })
    const [evalA] = await db.select().from(tierEvaluations).where(eq(tierEvaluations.orgId, a.id))
    expect(evalA.metrics).toMatchObject({ revenue_12m: 2_500_000_00, certified_staff: 2, growth_12m: -7222 })
    const [evalC] = await db.select().from(tierEvaluations).where(eq(tierEvaluations.orgId, c.id))
    expect(evalC.metrics).toMatchObject({ overdue_amount: 50_000_00, overdue_days: 45 })

    const changes = await history(a.id)
    expect(changes.map((h) => [h.reason, tierCode(h.toTierId), h.effectiveFrom])).toEqual([['promoted', 'gold', today]])
    const told = await db.select().from(notifications).where(eq(notifications.userId, a.adminId))
    expect(told.map((n) => n.kind)).toContain('tierChanged')
  })

  it('starts a grace period when the dealer stops qualifying, then demotes when it ends', async () => {
    const [, b] = w.dealers
    // b's revenue goes (the order is now outside the window): it qualifies for partner only.
    await db.execute(sql`update orders set delivered_at = now() - interval '500 days' where org_id = ${b.id}::uuid`)
    await evaluateTiers({ scope: staff, actor, orgId: b.id, trigger: 'on_demand' })
    let m = await member(b.id)
    expect(tierCode(m.tierId)).toBe('silver')
    expect(m.graceUntil).not.toBeNull()
    expect(tierCode(m.graceTierId!)).toBe('partner')
    // The grace period ends (as if three months had passed) and it still does not qualify.
    await db.update(programmeMembers).set({ graceUntil: today }).where(eq(programmeMembers.orgId, b.id))
    await evaluateTiers({ scope: staff, actor, orgId: b.id, trigger: 'on_demand' })
    m = await member(b.id)
    expect(tierCode(m.tierId)).toBe('partner')
    expect(m.graceUntil).toBeNull()
    const reasons = (await history(b.id)).map((h) => [h.reason, h.effectiveFrom])
    expect(reasons).toEqual([
      ['promoted', today],
      ['grace_started', today],
      ['demoted', firstOfNextMonth(today)],
    ])
  })

  it('keeps an override with its written reason in the history, whatever the evaluation says', async () => {
    const [, , c] = w.dealers
    const refused = await overrideTier({ scope: staff, actor, orgId: c.id, override: { tierId: w.tiers[2].id, reason: 'x', until: '2000-01-01' } })
    expect(refused).toEqual({ ok: false, fieldErrors: { until: ['tier.error.untilPast'] } })
    expect(
      await overrideTier({
        scope: staff,
        actor,
        orgId: c.id,
        override: { tierId: w.tiers[2].id, reason: 'Стратегический партнёр в регионе', until: null },
      }),
    ).toEqual({ ok: true })
    await evaluateTiers({ scope: staff, actor, orgId: c.id, trigger: 'on_demand' })
    const m = await member(c.id)
    expect(tierCode(m.overrideTierId!)).toBe('gold')
    const [latest] = await db
      .select()
      .from(tierEvaluations)
      .where(eq(tierEvaluations.orgId, c.id))
      .orderBy(sql`${tierEvaluations.at} desc`)
      .limit(1)
    expect(tierCode(latest.qualifiedTierId)).toBe('partner')
    expect(tierCode(latest.resultTierId)).toBe('gold')
    const override = (await history(c.id)).find((h) => h.reason === 'override')
    expect(override?.note).toBe('Стратегический партнёр в регионе')
  })
})

describe("tier notices in each reader's language", () => {
  it('names the new tier in Russian to a Russian admin and in English to an English one, inbox and mail alike', async () => {
    const org = await createOrganisation(db, { kind: 'dealer' })
    const en = await createMember(db, org, 'dealer_admin', { locale: 'en' })
    const ru = await createMember(db, org, 'dealer_admin', { locale: 'ru' })
    await addProgrammeMember(db, { programmeId: w.programmeId, orgId: org.id, tierId: w.tiers[0].id })
    const gold = w.tiers.find((t) => t.code === 'gold')!
    const done = await overrideTier({
      scope: staff,
      actor,
      orgId: org.id,
      override: { tierId: gold.id, reason: 'Ключевой партнёр региона', until: null },
    })
    expect(done).toEqual({ ok: true })
    const [enNotice] = (await listNotices({ userId: en.id, locale: 'en', unreadOnly: false, page: 1 })).notices
    const [ruNotice] = (await listNotices({ userId: ru.id, locale: 'ru', unreadOnly: false, page: 1 })).notices
    expect(enNotice.title).toBe('Programme tier: Gold')
    expect(enNotice.body).toContain('The “Gold” tier applies from')
    expect(ruNotice.title).toBe('Уровень в программе: Золото')
    expect(ruNotice.body).toContain('Уровень «Золото» действует с')
    const mails = await db.select().from(mailOutbox).where(eq(mailOutbox.kind, 'tierChanged'))
    expect(mails.find((m) => m.toAddress === en.email)?.subject).toBe('Programme tier: Gold')
    expect(mails.find((m) => m.toAddress === ru.email)?.subject).toBe('Уровень в программе: Золото')
  })
})

describe('a promotion changes prices from its day and not before', () => {
  const price = async (orgId: string) =>
    (await priceProducts({ scope: grantScope('read:partner_programme:org', orgId), items: [{ productId: w.product.id, qty: 1 }], date: today })).get(
      w.product.id,
    )
  const unitPrice = (r: Awaited<ReturnType<typeof price>>) => (r && 'unitPriceMinor' in r ? r.unitPriceMinor : null)

  it('gold effective today: the gold price; effective tomorrow: still the global price', async () => {
    const [a, , , d] = w.dealers
    expect(unitPrice(await price(a.id))).toBe(80_00)
    // d becomes gold with a one-day lag: the group applies from tomorrow.
    await db.execute(sql`update partner_programmes set effective_lag_days = 1 where id = ${w.programmeId}::uuid`)
    await sell(d.id, d.adminId, 2_100_000_00, { daysAgo: 3 })
    await createCertification(db, { orgId: d.id })
    await createCertification(db, { orgId: d.id })
    await evaluateTiers({ scope: staff, actor, orgId: d.id, trigger: 'on_demand' })
    const [change] = await history(d.id)
    expect(change).toMatchObject({ reason: 'promoted', effectiveFrom: addDays(today, 1) })
    expect(unitPrice(await price(d.id))).toBe(100_00)
    // The day comes: the same change, now effective today.
    await db.execute(sql`update dealer_group_changes set effective_from = ${today}::date where org_id = ${d.id}::uuid`)
    expect(unitPrice(await price(d.id))).toBe(80_00)
    await db.execute(sql`update partner_programmes set effective_lag_days = null where id = ${w.programmeId}::uuid`)
  })
})

describe('targets and what each dealer may read', () => {
  it('counts delivered orders in the period towards a target', async () => {
    const [a] = w.dealers
    const year = Number(today.slice(0, 4))
    await saveTarget({
      scope: staff,
      actor,
      orgId: a.id,
      target: { periodKind: 'year', year, quarter: null, metric: 'units', categoryId: null, target: 100 },
    })
    const { targets } = await listTargets({ scope: grantScope('read:partner_programme:org', a.id), orgId: a.id })
    expect(targets).toHaveLength(1)
    // 10 units delivered 20 days ago count if they fall in this year.
    expect([0, 10]).toContain(targets[0].value)
  })

  it('a dealer reads its own tier, never another dealer’s', async () => {
    const [a, b] = w.dealers
    const own = await getPartnerTier({ scope: grantScope('read:partner_programme:org', a.id), orgId: a.id })
    expect(own?.member?.orgId).toBe(a.id)
    expect(own?.history.length).toBeGreaterThan(0)
    const other = await getPartnerTier({ scope: grantScope('read:partner_programme:org', a.id), orgId: b.id })
    expect(other?.member).toBeNull()
    expect(other?.history).toEqual([])
    expect((await listTargets({ scope: grantScope('read:partner_programme:org', b.id), orgId: a.id })).targets).toEqual([])
  })
})

describe('measures narrowed to categories', () => {
  it('counts revenue, orders and active months of the named categories apart from the total; a member without orders keeps its other measures', async () => {
    const cables = await createCategory(db)
    const vat = await createTaxClass(db, { rates: [['2000-01-01', 2200]] })
    const cable = await createProduct(db, { categoryId: cables.id, taxClassId: vat.id, sku: 'TIER-CABLE' })
    const e = await createOrganisation(db, { kind: 'dealer' })
    const eAdmin = await createMember(db, e, 'dealer_admin')
    const idle = await createOrganisation(db, { kind: 'dealer' })
    for (const org of [e, idle]) await addProgrammeMember(db, { programmeId: w.programmeId, orgId: org.id, tierId: w.tiers[0].id })
    await createCertification(db, { orgId: idle.id })
    // Three orders: lamps only (40 days ago), lamps and cable (10 days ago), cable only 400 days ago (the year before).
    await sell(e.id, eAdmin.id, 100_000_00, { daysAgo: 40 })
    const mixed = await createOrder(db, {
      orgId: e.id,
      placedBy: eAdmin.id,
      warehouseId: w.warehouseId,
      items: [
        { productId: w.product.id, sku: w.product.sku, qty: 1, unitPriceMinor: 50_000_00 },
        { productId: cable.id, sku: cable.sku, qty: 2, unitPriceMinor: 10_000_00 },
      ],
    })
    await deliverOrder(db, { orderId: mixed.id, daysAgo: 10 })
    const old = await createOrder(db, {
      orgId: e.id,
      placedBy: eAdmin.id,
      warehouseId: w.warehouseId,
      items: [{ productId: cable.id, sku: cable.sku, qty: 1, unitPriceMinor: 5_000_00 }],
    })
    await deliverOrder(db, { orderId: old.id, daysAgo: 400 })
    const criteria: TierCriterion[] = [
      { kind: 'revenue_12m', op: 'gte', threshold: 1, categoryIds: [cables.id] },
      { kind: 'order_count_12m', op: 'gte', threshold: 1, categoryIds: [cables.id] },
    ]
    const measures = await computeMeasures(db, { programmeId: w.programmeId, criteria, asOf: today })
    const m = measures.get(e.id)!
    const narrowed = (kind: TierCriterion['kind']) => m[measureKey({ kind, categoryIds: [cables.id] })]
    expect(narrowed('revenue_12m')).toBe(20_000_00)
    expect(narrowed('growth_12m')).toBe(30_000) // 20 000 ₽ against 5 000 ₽: +300 %
    expect(narrowed('order_count_12m')).toBe(1)
    expect(narrowed('active_months_12m')).toBe(1)
    expect(m[measureKey({ kind: 'revenue_12m' })]).toBe(170_000_00)
    expect(m[measureKey({ kind: 'order_count_12m' })]).toBe(2)
    const idleMeasures = measures.get(idle.id)!
    expect(idleMeasures.certified_staff).toBe(1)
    expect(idleMeasures[measureKey({ kind: 'revenue_12m' })]).toBe(0)
  })
})
