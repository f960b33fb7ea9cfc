import { and, eq, like } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { ledgerEvents, ledgerLines } from '../../db/schema/incentives'
import { orderLines, orders } from '../../db/schema/orders'
import { partnerProgrammes, programmeMembers, programmeTiers, rebatePeriods, rebateProgrammes } from '../../db/schema/prm'
import { grantScope } from '../../app/modules/auth/scope.server'
import { cancelOrder, recordReturn } from '../../app/modules/ordering/mutations.server'
import { renderExplanation } from '../../app/modules/incentives/explain'
import {
  accrualKeyOf,
  accrueRebatePeriod,
  closeRebatePeriod,
  getRebateProgramme,
  listRebateProgrammes,
  ownRebateProgress,
  periodFor,
  reaccrueForOrder,
  saveRebateProgramme,
} from '../../app/modules/prm/rebates.server'
import { RebateProgrammeSchema, toRebateProgramme } from '../../app/modules/prm/rebate-schemas'
import { formatMoney } from '../../app/i18n/format'
import { describeRebateProgress } from '../../app/modules/prm/rebate-progress'
import { businessClock } from '../../app/utils/clock.server'
import { startApp } from '../http-harness'
import {
  createCategory,
  createDeliveredOrder,
  createMember,
  createOrder,
  createOrganisation,
  createProduct,
  createRebateProgramme,
  createTaxClass,
  createUser,
  createWarehouse,
  defaultTestPassword,
} from '../factories'

// Rebates (issue 13): accrual from real delivered orders for every dealer at once, the step reached and its
// explanation in both languages, returns lowering an open period in place and correcting a closed one, orders
// cancelled before delivery never counting, bad steps refused with field errors, eligibility by tier.

const w = {} as {
  manager: { id: string; email: string }
  warehouseId: string
  product: { id: string; sku: string }
  other: { id: string; sku: string }
}
const actor = () => ({ userId: w.manager.id, email: w.manager.email, ip: null })
const deskScope = grantScope('manage:order:any', null)

async function dealer() {
  const org = await createOrganisation(db, { kind: 'dealer' })
  const buyer = await createMember(db, org, 'dealer_buyer')
  return { id: org.id, buyer: buyer.id }
}
const deliver = (d: { id: string; buyer: string }, deliveredOn: string, amountMinor: number, qty = 1) =>
  createDeliveredOrder(db, {
    orgId: d.id,
    placedBy: d.buyer,
    warehouseId: w.warehouseId,
    deliveredOn,
    items: [{ productId: w.product.id, sku: w.product.sku, qty, unitPriceMinor: amountMinor / qty }],
  })
const lineOf = async (programmeId: string, periodStart: string, orgId: string) =>
  db
    .select()
    .from(ledgerLines)
    .where(like(ledgerLines.accrualKey, `${accrualKeyOf(programmeId, periodStart, orgId)}%`))
    .orderBy(ledgerLines.accrualKey)

beforeAll(async () => {
  w.manager = await createUser(db, {})
  w.warehouseId = (await createWarehouse(db)).id
  const category = await createCategory(db)
  const vat = await createTaxClass(db, { rates: [['2019-01-01', 2200]] })
  w.product = await createProduct(db, { categoryId: category.id, taxClassId: vat.id })
  w.other = await createProduct(db, { categoryId: (await createCategory(db)).id, taxClassId: vat.id })
})

describe('accruing a stepped quarterly rebate', () => {
  it('pays each dealer the rate of the highest step reached on its whole delivered basis, explained in ru and en', async () => {
    const programme = await createRebateProgramme(db)
    const [a, b, c] = [await dealer(), await dealer(), await dealer()]
    await deliver(a, '2025-01-20', 400_000_00)
    await deliver(a, '2025-03-31', 200_000_00) // the last day of the quarter, in Moscow
    await deliver(b, '2025-02-10', 1_600_000_00)
    await deliver(c, '2025-02-10', 100_000_00) // below the first step
    await deliver(c, '2025-04-01', 900_000_00) // the next quarter
    const period = await periodFor(db, programme.id, '2025-02-01')
    const result = await accrueRebatePeriod({ actor: actor(), periodId: period.id })
    expect(result.ok).toBe(true)

    const [lineA] = await lineOf(programme.id, '2025-01-01', a.id)
    expect(lineA.amountMinor).toBe(12_000_00) // 2 % of 600 000 ₽
    expect(lineA.periodEnd).toBe('2025-03-31')
    expect((await lineOf(programme.id, '2025-01-01', b.id))[0].amountMinor).toBe(48_000_00) // 3 % of 1 600 000 ₽
    expect(await lineOf(programme.id, '2025-01-01', c.id)).toEqual([])

    const en = renderExplanation('en', lineA.explanation)
    expect(en).toContain('Rebate of 2%')
    expect(en).toContain(formatMoney('en', 600_000_00))
    expect(en).toContain(formatMoney('en', 12_000_00))
    const ru = renderExplanation('ru', lineA.explanation)
    expect(ru).toContain('Ретро-бонус 2')
    expect(ru).toContain(formatMoney('ru', 600_000_00))
    expect(ru).toContain(formatMoney('ru', 500_000_00)) // the step's threshold

    // The desk's pages show the same total: the period's and the programme's accrued against its budget.
    const total = (await db.select().from(ledgerLines).where(eq(ledgerLines.programmeId, programme.id))).reduce((sum, l) => sum + l.amountMinor, 0)
    expect(total).toBeGreaterThanOrEqual(60_000_00)
    const shown = await getRebateProgramme({ id: programme.id })
    expect(shown?.periods.find((p) => p.id === period.id)?.accruedMinor).toBe(total)
    const listed = await listRebateProgrammes({ page: 1, sort: 'accrued', dir: 'desc' })
    expect(listed.rows.find((r) => r.id === programme.id)?.accruedMinor ?? total).toBe(total)

    // Accruing again with nothing changed writes nothing new.
    const again = await accrueRebatePeriod({ actor: actor(), periodId: period.id })
    expect(again.ok && again.summary.created).toBe(0)
    expect(await lineOf(programme.id, '2025-01-01', a.id)).toHaveLength(1)
  })

  it('counts only the programme categories and units for a per-unit rebate', async () => {
    const programme = await createRebateProgramme(db, {
      kind: 'per_unit',
      steps: [{ from: 10, amountPerUnitMinor: 50_00 }],
      categoryIds: [(await createCategory(db)).id],
    })
    // Nothing of the programme's (new, empty) category was delivered: no line.
    const d = await dealer()
    await deliver(d, '2025-05-05', 10_000_00, 20)
    const period = await periodFor(db, programme.id, '2025-05-05')
    await accrueRebatePeriod({ actor: actor(), periodId: period.id })
    expect(await lineOf(programme.id, period.periodStart, d.id)).toEqual([])
    const all = await createRebateProgramme(db, { kind: 'per_unit', steps: [{ from: 10, amountPerUnitMinor: 50_00 }] })
    const p2 = await periodFor(db, all.id, '2025-05-05')
    await accrueRebatePeriod({ actor: actor(), periodId: p2.id })
    expect((await lineOf(all.id, p2.periodStart, d.id))[0].amountMinor).toBe(20 * 50_00)
  })

  it('pays a growth rebate on the growth over the same quarter a year before, and nothing without growth', async () => {
    const programme = await createRebateProgramme(db, { growth: true, steps: [{ from: 1_00, rateBp: 500 }] })
    const [up, flat] = [await dealer(), await dealer()]
    await deliver(up, '2023-08-01', 100_000_00)
    await deliver(up, '2024-08-01', 160_000_00)
    await deliver(flat, '2023-08-01', 100_000_00)
    await deliver(flat, '2024-08-01', 90_000_00)
    const period = await periodFor(db, programme.id, '2024-08-01')
    await accrueRebatePeriod({ actor: actor(), periodId: period.id })
    const [line] = await lineOf(programme.id, '2024-07-01', up.id)
    expect(line.amountMinor).toBe(3_000_00) // 5 % of 60 000 ₽ growth
    expect(renderExplanation('en', line.explanation)).toContain(formatMoney('en', 60_000_00))
    expect(await lineOf(programme.id, '2024-07-01', flat.id)).toEqual([])
  })
})

describe('returns and cancellations', () => {
  it('a return lowers the open period in place (recalculated) and makes a negative correction in a closed one', async () => {
    const programme = await createRebateProgramme(db)
    const d = await dealer()
    const order = await deliver(d, '2025-07-15', 700_000_00, 7) // 7 × 100 000 ₽
    const period = await periodFor(db, programme.id, '2025-07-15')
    await accrueRebatePeriod({ actor: actor(), periodId: period.id })
    const [before] = await lineOf(programme.id, '2025-07-01', d.id)
    expect(before.amountMinor).toBe(14_000_00)

    const returned = await recordReturn({ scope: deskScope, actor: actor(), orderId: order.id, lines: [{ lineNo: 1, qty: 1 }], reason: 'damaged' })
    expect(returned).toEqual({ ok: true })
    await reaccrueForOrder({ orderId: order.id, actor: actor() })
    const open = await lineOf(programme.id, '2025-07-01', d.id)
    expect(open.map((l) => [l.id, l.amountMinor])).toEqual([[before.id, 12_000_00]]) // 2 % of 600 000 ₽, same line
    const events = await db.select().from(ledgerEvents).where(eq(ledgerEvents.lineId, before.id))
    expect(events.map((e) => e.kind)).toContain('recalculated')
    const [orderLine] = await db.select().from(orderLines).where(eq(orderLines.orderId, order.id))
    expect(orderLine.returnedQty).toBe(1)
    expect((await db.select().from(orders).where(eq(orders.id, order.id)))[0].status).toBe('delivered')

    const closed = await closeRebatePeriod({ actor: actor(), periodId: period.id })
    expect(closed.ok).toBe(true)
    // Two more back: 400 000 ₽ is below the first step, so the closed period takes the whole 12 000 ₽ back.
    await recordReturn({ scope: deskScope, actor: actor(), orderId: order.id, lines: [{ lineNo: 1, qty: 2 }], reason: 'damaged' })
    await reaccrueForOrder({ orderId: order.id, actor: actor() })
    const after = await lineOf(programme.id, '2025-07-01', d.id)
    expect(after.map((l) => l.amountMinor)).toEqual([12_000_00, -12_000_00])
    expect(after[1].correctsLineId).toBe(before.id)
    expect(after[1].accrualKey.endsWith(':c1')).toBe(true)
  })

  it('refuses a return of more than was shipped and not yet returned, or on an order not delivered, changing nothing', async () => {
    const d = await dealer()
    const order = await deliver(d, '2025-07-16', 300_00, 3)
    const tooMany = await recordReturn({ scope: deskScope, actor: actor(), orderId: order.id, lines: [{ lineNo: 1, qty: 4 }], reason: 'x' })
    expect(tooMany).toMatchObject({ ok: false, fieldErrors: { 'lines[0].qty': ['desk.error.moreThanReturnable|3'] } })
    const pending = await createOrder(db, {
      orgId: d.id,
      placedBy: d.buyer,
      warehouseId: w.warehouseId,
      items: [{ productId: w.product.id, sku: w.product.sku, qty: 1, unitPriceMinor: 100_00 }],
    })
    expect(await recordReturn({ scope: deskScope, actor: actor(), orderId: pending.id, lines: [{ lineNo: 1, qty: 1 }], reason: 'x' })).toMatchObject({
      ok: false,
      status: 409,
    })
    const lines = await db.select().from(orderLines).where(eq(orderLines.orderId, order.id))
    expect(lines[0].returnedQty).toBe(0)
  })

  it('an order cancelled before delivery never accrues', async () => {
    const programme = await createRebateProgramme(db, { steps: [{ from: 1_00, rateBp: 100 }] })
    const d = await dealer()
    const order = await createOrder(db, {
      orgId: d.id,
      placedBy: d.buyer,
      warehouseId: w.warehouseId,
      items: [{ productId: w.product.id, sku: w.product.sku, qty: 1, unitPriceMinor: 900_000_00 }],
    })
    expect((await cancelOrder({ scope: deskScope, actor: actor(), orderId: order.id, reason: 'no longer needed' })).ok).toBe(true)
    const { today } = await import('../../app/utils/clock.server').then((m) => m.businessClock())
    const period = await periodFor(db, programme.id, today)
    await accrueRebatePeriod({ actor: actor(), periodId: period.id })
    expect(await lineOf(programme.id, period.periodStart, d.id)).toEqual([])
  })
})

describe('programmes', () => {
  const form = (steps: { from: string; rate: string }[]) =>
    RebateProgrammeSchema.parse({
      code: `BAD-${crypto.randomUUID().slice(0, 8)}`,
      nameRu: 'Бонус',
      nameEn: 'Rebate',
      periodKind: 'quarter',
      kind: 'percent',
      validFrom: '2026-01-01',
      active: 'on',
      steps,
    })

  it('refuses overlapping or duplicate steps with a field error on the row, and stores nothing', async () => {
    const count = async () => (await db.select({ id: rebateProgrammes.id }).from(rebateProgrammes)).length
    const before = await count()
    const overlapping = toRebateProgramme(
      form([
        { from: '1 000 000', rate: '2' },
        { from: '500 000', rate: '3' },
      ]),
    )
    expect(overlapping).toEqual({ ok: false, fieldErrors: { 'steps[1].from': ['rebate.error.overlappingStep'] } })
    const duplicate = toRebateProgramme(
      form([
        { from: '500000', rate: '2' },
        { from: '500000', rate: '3' },
      ]),
    )
    expect(duplicate).toEqual({ ok: false, fieldErrors: { 'steps[1].from': ['rebate.error.duplicateStep'] } })
    const badRate = toRebateProgramme(form([{ from: '0', rate: '60' }]))
    expect(badRate).toEqual({ ok: false, fieldErrors: { 'steps[0].rate': ['rebate.error.badRate'] } })
    expect(await count()).toBe(before)
  })

  it('saves a programme in kopecks and basis points and opens its current period', async () => {
    const parsed = toRebateProgramme(
      form([
        { from: '500 000', rate: '2' },
        { from: '1500000', rate: '2,5' },
      ]),
    )
    expect(parsed.ok).toBe(true)
    if (!parsed.ok) return
    const saved = await saveRebateProgramme({ actor: actor(), id: null, input: parsed.value })
    expect(saved.ok).toBe(true)
    if (!saved.ok) return
    const [row] = await db.select().from(rebateProgrammes).where(eq(rebateProgrammes.id, saved.id))
    expect(row.steps).toEqual([
      { from: 500_000_00, rateBp: 200 },
      { from: 1_500_000_00, rateBp: 250 },
    ])
    expect(
      await db
        .select()
        .from(rebatePeriods)
        .where(and(eq(rebatePeriods.rebateProgrammeId, saved.id), eq(rebatePeriods.status, 'open'))),
    ).toHaveLength(1)
    const again = await saveRebateProgramme({ actor: actor(), id: null, input: parsed.value })
    expect(again).toEqual({ ok: false, fieldErrors: { code: ['rebate.error.codeTaken'] } })
  })

  it('pays only dealers of the minimum tier and above, with their tier extra rate', async () => {
    const [partner] = await db
      .insert(partnerProgrammes)
      .values({ code: `PP-${crypto.randomUUID().slice(0, 8)}`, nameRu: 'Партнёры', nameEn: 'Partners' })
      .returning()
    const [silver, gold] = await db
      .insert(programmeTiers)
      .values([
        { programmeId: partner.id, rank: 1, code: 'silver', nameRu: 'Серебро', nameEn: 'Silver' },
        { programmeId: partner.id, rank: 2, code: 'gold', nameRu: 'Золото', nameEn: 'Gold', benefits: { dealerGroup: null, rebateBonusBp: 50 } },
      ])
      .returning()
    const [low, high, none] = [await dealer(), await dealer(), await dealer()]
    await db.insert(programmeMembers).values([
      { programmeId: partner.id, orgId: low.id, tierId: silver.id, since: '2024-01-01' },
      { programmeId: partner.id, orgId: high.id, tierId: gold.id, since: '2024-01-01' },
    ])
    for (const d of [low, high, none]) await deliver(d, '2025-10-10', 600_000_00)
    const programme = await createRebateProgramme(db, { programmeId: partner.id, minTierRank: 2 })
    const period = await periodFor(db, programme.id, '2025-10-10')
    await accrueRebatePeriod({ actor: actor(), periodId: period.id })
    expect(await lineOf(programme.id, '2025-10-01', low.id)).toEqual([])
    expect(await lineOf(programme.id, '2025-10-01', none.id)).toEqual([])
    const [line] = await lineOf(programme.id, '2025-10-01', high.id)
    expect(line.amountMinor).toBe(15_000_00) // (2 % + 0,5 %) of 600 000 ₽
    expect(renderExplanation('en', line.explanation)).toContain('0.5%')
  })
})

describe("the dealer's progress to the next step", () => {
  const steps = [
    { from: 1_000_000_00, rateBp: 100 },
    { from: 5_000_000_00, rateBp: 200 },
  ]
  const orgScope = (orgId: string) => grantScope('read:partner_programme:org', orgId)

  it('shows the open period: basis so far, step and rate, what the next step needs and earns, and the accrual', async () => {
    const { today } = await businessClock()
    const programme = await createRebateProgramme(db, { steps, nameRu: 'Бонус 1–2 %', nameEn: 'Rebate 1–2 %' })
    const [d, other] = [await dealer(), await dealer()]
    await deliver(d, today, 3_000_000_00)
    await deliver(d, today, 1_200_000_00)
    await deliver(other, today, 9_000_000_00) // another dealer's order never counts
    const period = await periodFor(db, programme.id, today)

    const before = (await ownRebateProgress({ scope: orgScope(d.id) })).find((p) => p.programmeId === programme.id)!
    expect(before).toMatchObject({
      periodId: period.id,
      basis: 4_200_000_00,
      measured: 4_200_000_00,
      eligible: true,
      step: steps[0],
      rateBp: 100,
      amountMinor: 42_000_00,
      accruedMinor: 0,
      lastAccruedOn: null,
      next: { from: 5_000_000_00, left: 800_000_00, rateBp: 200 },
    })
    expect(before.months.reduce((s, m) => s + m.basis, 0)).toBe(4_200_000_00)
    const { headline, lines } = describeRebateProgress(before)
    expect(renderExplanation('en', headline)).toBe(
      `Delivered: ${formatMoney('en', 4_200_000_00)} of ${formatMoney('en', 5_000_000_00)} this quarter: ${formatMoney('en', 800_000_00)} more earns 2% instead of 1%`,
    )
    expect(renderExplanation('ru', headline)).toContain(`ещё ${formatMoney('ru', 800_000_00)} — и ставка 2`)
    expect(lines.map((l) => renderExplanation('en', l)).join(' ')).toContain(
      `1% × ${formatMoney('en', 4_200_000_00)} = ${formatMoney('en', 42_000_00)}`,
    )

    // After an accrual the ledger's figure is shown beside it, with the day of the calculation.
    await accrueRebatePeriod({ actor: actor(), periodId: period.id })
    const after = (await ownRebateProgress({ scope: orgScope(d.id) })).find((p) => p.programmeId === programme.id)!
    expect(after).toMatchObject({ accruedMinor: 42_000_00, lastAccruedOn: today })
    const [line] = await lineOf(programme.id, period.periodStart, d.id)
    expect(line.amountMinor).toBe(after.amountMinor) // the same kopeck as the accrual's SQL

    // The other dealer sees its own figures only: at the top step, none of the first dealer's.
    const theirs = (await ownRebateProgress({ scope: orgScope(other.id) })).find((p) => p.programmeId === programme.id)!
    expect(theirs).toMatchObject({ basis: 9_000_000_00, next: null, rateBp: 200 })
  })

  it('lists only programmes the dealer takes part in, and names the tier an ineligible dealer lacks in its language', async () => {
    const { today } = await businessClock()
    const [partner, elsewhere] = await db
      .insert(partnerProgrammes)
      .values([
        { code: `PG-${crypto.randomUUID().slice(0, 8)}`, nameRu: 'Партнёры', nameEn: 'Partners' },
        { code: `PX-${crypto.randomUUID().slice(0, 8)}`, nameRu: 'Другая', nameEn: 'Another' },
      ])
      .returning()
    const [silver] = await db
      .insert(programmeTiers)
      .values([
        { programmeId: partner.id, rank: 1, code: 'silver', nameRu: 'Серебро', nameEn: 'Silver' },
        { programmeId: partner.id, rank: 2, code: 'gold', nameRu: 'Золото', nameEn: 'Gold' },
      ])
      .returning()
    const d = await dealer()
    await db.insert(programmeMembers).values({ programmeId: partner.id, orgId: d.id, tierId: silver.id, since: '2024-01-01' })
    await deliver(d, today, 2_000_000_00)
    const goldOnly = await createRebateProgramme(db, { steps, programmeId: partner.id, minTierRank: 2 })
    const notMine = await createRebateProgramme(db, { steps, programmeId: elsewhere.id })
    await periodFor(db, goldOnly.id, today)
    await periodFor(db, notMine.id, today)
    const mine = await ownRebateProgress({ scope: orgScope(d.id) })
    expect(mine.find((p) => p.programmeId === notMine.id)).toBeUndefined()
    const gold = mine.find((p) => p.programmeId === goldOnly.id)!
    expect(gold).toMatchObject({ eligible: false, amountMinor: 0, basis: 2_000_000_00 })
    const { headline } = describeRebateProgress(gold)
    expect(renderExplanation('en', headline)).toBe('The programme pays partners of the “Gold” tier and above; your tier is “Silver”')
    expect(renderExplanation('ru', headline)).toBe('Программа платит партнёрам уровня «Золото» и выше; ваш уровень — «Серебро»')
  })

  it("renders on the dealer's /programme and /programme/ledger pages in the reader's language", async () => {
    const { today } = await businessClock()
    const programme = await createRebateProgramme(db, { steps, nameRu: 'Квартальный бонус стр.', nameEn: 'Page quarterly rebate' })
    const org = await createOrganisation(db, { kind: 'dealer' })
    const en = await createMember(db, org, 'dealer_admin', { locale: 'en' })
    const ru = await createMember(db, org, 'dealer_viewer', { locale: 'ru' })
    await deliver({ id: org.id, buyer: en.id }, today, 4_200_000_00)
    await periodFor(db, programme.id, today)
    const app = await startApp()
    try {
      const page = (await app.request('/programme', { cookie: await app.login(en.email, defaultTestPassword) })).body.replaceAll('<!-- -->', '')
      expect(page).toContain('Page quarterly rebate')
      expect(page).toContain(`${formatMoney('en', 800_000_00)} more earns 2% instead of 1%`)
      const ledger = await app.request('/programme/ledger', { cookie: await app.login(ru.email, defaultTestPassword) })
      expect(ledger.status).toBe(200)
      expect(ledger.body.replaceAll('<!-- -->', '')).toContain(`ещё ${formatMoney('ru', 800_000_00)} — и ставка 2`)
    } finally {
      await app.close()
    }
  })
})
