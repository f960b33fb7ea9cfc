import { eq, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { rowsOf } from '../../db/drivers.server'
import { crmSegmentMembers, crmSegmentRuns } from '../../db/schema/crm'
import { products } from '../../db/schema/catalog'
import { grantScope } from '../../app/modules/auth/scope.server'
import { classifyAbc, classifyXyz, clv } from '../../app/modules/crm/abc-xyz'
import { SegmentForm, segmentDefaults } from '../../app/modules/crm/segment-schemas'
import { getSegmentRun, listSegmentMembers, paramsFromForm, runSegmentation, segmentOf } from '../../app/modules/crm/segments.server'
import { marginAnalysis } from '../../app/modules/crm/margins.server'
import { createCategory, createDeliveredOrder, createMember, createOrganisation, createProduct, createTaxClass, createWarehouse } from '../factories'

// Segmentation (issue 15) on a real database: the SQL run gives the classes the TypeScript reference gives for the
// same monthly figures, is reproducible from its stored parameters, and refuses a window without data storing nothing.
// The fixture lives in 2018–2019, a window no other test writes orders into.

const scope = grantScope('manage:crm:any', null)
const actor = { userId: null, email: null, ip: null }
const params = {
  basis: 'revenue' as const,
  fromMonth: '2019-01-01',
  toMonth: '2019-12-01',
  cutABp: 8000,
  cutBBp: 9500,
  xCvBp: 1000,
  yCvBp: 2500,
  seasonal: false,
  discountBp: 1000,
}

// Monthly revenue (roubles) of each customer in 2019, and whether it bought in 2018.
const plan: Record<string, { months: number[]; boughtBefore: boolean }> = {
  steady: { months: Array(12).fill(500), boughtBefore: true },
  wavy: { months: [300, 340, 300, 340, 300, 340, 300, 340, 300, 340, 300, 340], boughtBefore: true },
  lumpy: { months: [0, 0, 900, 0, 0, 0, 900, 0, 0, 900, 0, 0], boughtBefore: true },
  rare: { months: [0, 0, 0, 0, 150, 0, 0, 0, 0, 0, 0, 150], boughtBefore: false },
  small: { months: Array(12).fill(20), boughtBefore: true },
}
const orgIds: Record<string, string> = {}
let lost: string

beforeAll(async () => {
  const [category, vat] = [await createCategory(db), await createTaxClass(db)]
  // Cost 60 % of the one-rouble unit price: margin is 40 % of revenue.
  const product = await createProduct(db, { categoryId: category.id, taxClassId: vat.id })
  await db.update(products).set({ unitCostMinor: 60 }).where(eq(products.id, product.id))
  const warehouse = await createWarehouse(db)
  const deliver = async (orgId: string, placedBy: string, day: string, rub: number) =>
    createDeliveredOrder(db, {
      orgId,
      placedBy,
      warehouseId: warehouse.id,
      deliveredOn: day,
      items: [{ productId: product.id, sku: product.sku, qty: rub, unitPriceMinor: 100 }],
    })
  for (const [name, p] of Object.entries(plan)) {
    const org = await createOrganisation(db, { kind: 'dealer', shortName: `Segment ${name}`, region: 'RU-SVE' })
    const buyer = await createMember(db, org, 'dealer_buyer')
    orgIds[name] = org.id
    for (const [k, rub] of p.months.entries()) if (rub > 0) await deliver(org.id, buyer.id, `2019-${String(k + 1).padStart(2, '0')}-15`, rub)
    if (p.boughtBefore) await deliver(org.id, buyer.id, '2018-06-15', 100)
  }
  // A customer of 2018 who did not come back: it lowers the retention of its class.
  const gone = await createOrganisation(db, { kind: 'dealer', shortName: 'Segment gone' })
  lost = gone.id
  await deliver(gone.id, (await createMember(db, gone, 'dealer_buyer')).id, '2018-03-15', 4000)
})

describe('runSegmentation', () => {
  it('gives the classes, shares and CVs the reference functions give', async () => {
    const outcome = await runSegmentation({ scope, actor, params })
    expect(outcome.ok).toBe(true)
    if (!outcome.ok) return
    const members = (await listSegmentMembers({ scope, runId: outcome.runId })).filter(
      (m) => Object.values(orgIds).includes(m.orgId) || m.orgId === lost,
    )
    const byId = new Map(members.map((m) => [m.orgId, m]))
    // Only this fixture delivers in 2019, so the reference sees the same population.
    const values = Object.entries(plan).map(([name, p]) => ({ id: orgIds[name], value: p.months.reduce((s, x) => s + x, 0) * 100 }))
    for (const ref of classifyAbc(values)) {
      const m = byId.get(ref.id)!
      expect([m.abc, m.rank]).toEqual([ref.abc, ref.rank])
      expect(m.cumShare).toBeCloseTo(ref.cumShare!, 10)
      expect(m.prevCumShare).toBeCloseTo(ref.prevCumShare!, 10)
      expect(m.revenueMinor).toBe(ref.value)
      expect(m.marginMinor).toBe(Math.round(ref.value * 0.4))
    }
    for (const [name, p] of Object.entries(plan)) {
      const ref = classifyXyz(p.months.map((x) => x * 100))
      const m = byId.get(orgIds[name])!
      expect(m.cv).toBeCloseTo(ref.cv!, 10)
      expect(m.xyz).toBe(ref.xyz)
      expect(m.nonZeroMonths).toBe(ref.nonZeroMonths)
    }
    expect(byId.get(orgIds.steady)).toMatchObject({ abc: 'A', xyz: 'X' })
    expect(byId.get(orgIds.wavy)).toMatchObject({ xyz: 'X' })
    expect(byId.get(orgIds.lumpy)).toMatchObject({ xyz: 'Z' })
    expect(byId.get(orgIds.rare)!.flags).toContain('intermittent')
    // The customer lost after 2018 has no class now, no demand, and counts against its 2018 class's retention.
    expect(byId.get(lost)).toMatchObject({ abc: null, xyz: null })
    expect(byId.get(lost)!.flags).toEqual(expect.arrayContaining(['non_positive', 'no_demand']))
    // 2018 by value: gone (4000 ₽) is A, with steady, wavy, lumpy and small (100 ₽ each) after it; of the A class
    // of 2018 (gone alone crosses 80 %: C_{k−1} = 0 < 0.8, then 4000/4400 = 0.909 ≥ 0.8 for the rest) one of one was
    // lost: r(A) = 0 — so the A customers of 2019 take the A class's rate 0 and a CLV of 0.
    const steady = byId.get(orgIds.steady)!
    expect(steady.retention).toBe(0)
    expect(steady.clvMinor).toBe(0)
    // The rest were B/C in 2018 and all came back: r = 1, CLV = m·1/(1 + 0.1 − 1) = 10·m.
    const small = byId.get(orgIds.small)!
    expect(small.retention).toBe(1)
    expect(small.clvMinor).toBe(Math.round(clv(small.margin12mMinor!, 1, 0.1)))
  })

  it('is reproducible from the parameters it stored', async () => {
    const first = await runSegmentation({ scope, actor, params })
    if (!first.ok) throw new Error('refused')
    const stored = await getSegmentRun({ scope, runId: first.runId })
    const again = await runSegmentation({ scope, actor, params: stored!.params })
    if (!again.ok) throw new Error('refused')
    const shape = async (runId: string) =>
      (await listSegmentMembers({ scope, runId })).map((m) => [m.orgId, m.abc, m.xyz, m.rank, m.cv, m.clvMinor, m.retention].join('|')).sort()
    expect(await shape(again.runId)).toEqual(await shape(first.runId))
  })

  it('refuses a window without delivered orders and stores nothing', async () => {
    const count = async () => rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from crm_segment_runs`))[0].n
    const before = await count()
    const outcome = await runSegmentation({ scope, actor, params: { ...params, fromMonth: '2001-01-01', toMonth: '2001-12-01' } })
    expect(outcome).toEqual({ ok: false, reason: 'no_data', from: '2001-01-01', to: '2001-12-01' })
    expect(await count()).toBe(before)
  })

  it('answers a customer’s latest classes and the margin analysis of the same window', async () => {
    const outcome = await runSegmentation({ scope, actor, params: { ...params, basis: 'margin' } })
    if (!outcome.ok) throw new Error('refused')
    const seg = await segmentOf({ orgId: orgIds.steady })
    expect(seg).toMatchObject({ runId: outcome.runId, member: { abc: 'A', xyz: 'X', valueMinor: 12 * 500 * 100 * 0.4 } })
    const margins = await marginAnalysis({ scope })
    const steady = margins!.byCustomer.find((r) => r.key === orgIds.steady)!
    expect(steady).toMatchObject({ revenueMinor: 600_000, costMinor: 360_000, marginMinor: 240_000 })
    expect(steady.marginShare).toBeCloseTo(0.4, 10)
    expect(await db.select().from(crmSegmentMembers).where(eq(crmSegmentMembers.runId, outcome.runId))).not.toHaveLength(0)
    expect((await db.select().from(crmSegmentRuns).where(eq(crmSegmentRuns.id, outcome.runId)))[0].params.basis).toBe('margin')
  })
})

describe('SegmentForm', () => {
  // As the form posts it: an unticked checkbox sends nothing.
  const { seasonal: _unticked, ...defaults } = segmentDefaults('2026-12-03')
  const good = { ...defaults, cutA: '80', cutB: '95', xCv: '10', yCv: '25', discount: '10' }
  it.each([
    [{ cutA: '95', cutB: '80' }, 'cutB', 'crm.segments.error.cutOrder'],
    [{ xCv: '30', yCv: '25' }, 'yCv', 'crm.segments.error.cvOrder'],
    [{ fromMonth: '2026-11', toMonth: '2026-01' }, 'toMonth', 'crm.segments.error.windowOrder'],
    [{ fromMonth: '2020-01', toMonth: '2026-01' }, 'fromMonth', 'crm.segments.error.windowLong'],
    [{ cutA: '120' }, 'cutA', 'crm.segments.error.percent'],
    [{ fromMonth: '2026-13' }, 'fromMonth', 'crm.segments.error.month'],
  ])('refuses %j on %s', (change, path, message) => {
    const r = SegmentForm.safeParse({ ...good, ...change })
    expect(r.success).toBe(false)
    expect(r.error!.issues.find((i) => i.path[0] === path)?.message).toBe(message)
  })
  it('turns percentages into the stored basis points', () => {
    const r = SegmentForm.parse(good)
    expect(paramsFromForm(r)).toEqual({
      basis: 'margin',
      fromMonth: '2025-12-01',
      toMonth: '2026-11-01',
      cutABp: 8000,
      cutBBp: 9500,
      xCvBp: 1000,
      yCvBp: 2500,
      seasonal: false,
      discountBp: 1000,
    })
  })
})
