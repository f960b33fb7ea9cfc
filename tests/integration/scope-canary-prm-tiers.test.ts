import { randomUUID } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { partnerCertifications, partnerProgrammes, partnerTargets, programmeMembers, tierChanges, tierEvaluations } from '../../db/schema'
import { grantScope, type OrgScope } from '../../app/modules/auth/scope.server'
import { partnerTierView } from '../../app/modules/prm/tier-view.server'
import {
  evaluateTiers,
  getPartnerTier,
  listCertifications,
  listMembers,
  listTargets,
  overrideTier,
  recordCertification,
  saveProgrammeSettings,
  saveTarget,
} from '../../app/modules/prm/tiers.server'
import { businessClock } from '../../app/utils/clock.server'
import {
  addProgrammeMember,
  createCategory,
  createCertification,
  createMember,
  createOrganisation,
  createProgramme,
  defaultTestPassword,
} from '../factories'
import { startApp, type App } from '../http-harness'

// The scope canary for tiers (issue 13): dealers A and B are both members of the programme, each with its
// evaluation, tier history, certified staff and target; every text of B carries a marker. As A's people we ask
// every tier route with B's ids (and the desk's routes, which a dealer may not use at all): 404 or 403, no byte of
// B, and B's rows unchanged. Then the module functions themselves, with A's scope and B's organisation.

const MARKER = `CANARY_B_${randomUUID().replace(/-/g, '')}`
const staff = grantScope('manage:partner_programme:any', null)
const actor = { userId: null, email: 'partners@test', ip: null }
/** A call the type checker must refuse (`@ts-expect-error` inside): compiled, never run. */
const refusedByType = (call: () => unknown) => expect(typeof call).toBe('function')

let app: App
let scopeA: OrgScope
const a = {} as { orgId: string; admin: string; buyer: string }
const b = {} as { orgId: string; programmeId: string; tierIds: string[]; categoryId: string }

/** Every row of B's tier data (and the programme's settings), to compare before and after. */
async function bRows() {
  const where = <T extends { orgId: unknown }>(t: T) => eq(t.orgId as never, b.orgId)
  return JSON.stringify([
    await db.select().from(programmeMembers).where(where(programmeMembers)),
    await db.select().from(tierEvaluations).where(where(tierEvaluations)).orderBy(tierEvaluations.id),
    await db.select().from(tierChanges).where(where(tierChanges)).orderBy(tierChanges.id),
    await db.select().from(partnerCertifications).where(where(partnerCertifications)).orderBy(partnerCertifications.id),
    await db.select().from(partnerTargets).where(where(partnerTargets)).orderBy(partnerTargets.id),
    await db.select().from(partnerProgrammes).where(eq(partnerProgrammes.id, b.programmeId)),
  ])
}

beforeAll(async () => {
  app = await startApp()
  const { today } = await businessClock()
  const { programme, tiers } = await createProgramme(db, {
    tiers: [
      { code: 'partner', nameRu: 'Партнёр', nameEn: 'Partner' },
      { code: 'silver', nameRu: 'Серебро', nameEn: 'Silver', criteria: [{ kind: 'revenue_12m', op: 'gte', threshold: 500_000_00 }] },
    ],
  })
  const orgA = await createOrganisation(db, { kind: 'dealer', shortName: 'Tier canary A' })
  const orgB = await createOrganisation(db, { kind: 'dealer', shortName: `Dealer ${MARKER}`, legalName: `ООО «${MARKER}»` })
  for (const org of [orgA, orgB]) await addProgrammeMember(db, { programmeId: programme.id, orgId: org.id, tierId: tiers[0].id })
  const [adminA, buyerA] = [await createMember(db, orgA, 'dealer_admin'), await createMember(db, orgA, 'dealer_buyer')]
  Object.assign(a, {
    orgId: orgA.id,
    admin: await app.login(adminA.email, defaultTestPassword),
    buyer: await app.login(buyerA.email, defaultTestPassword),
  })
  const category = await createCategory(db)
  Object.assign(b, { orgId: orgB.id, programmeId: programme.id, tierIds: tiers.map((t) => t.id), categoryId: category.id })
  scopeA = grantScope('read:partner_programme:org', orgA.id)

  // B's evaluation, an override with its reason in the history, certified staff and a target; A's own staff too.
  await evaluateTiers({ scope: staff, actor, trigger: 'on_demand' })
  const override = await overrideTier({
    scope: staff,
    actor,
    orgId: orgB.id,
    override: { tierId: tiers[1].id, reason: `Reason ${MARKER}`, until: null },
  })
  expect(override.ok).toBe(true)
  await createCertification(db, { orgId: orgB.id, personName: `Person ${MARKER}`, course: `Course ${MARKER}` })
  await createCertification(db, { orgId: orgA.id, personName: 'Сотрудник А' })
  const year = Number(today.slice(0, 4))
  await saveTarget({
    scope: staff,
    actor,
    orgId: orgB.id,
    target: { periodKind: 'year', year, quarter: null, metric: 'revenue', categoryId: category.id, target: 987_654_32 },
  })
})

afterAll(async () => {
  await app.close()
})

describe("A's people with B's ids on the tier pages", () => {
  it("the dealer's programme page shows A's own tier and staff, never B's, whatever the query says", async () => {
    const before = await bRows()
    for (const cookie of [a.admin, a.buyer])
      for (const path of ['/programme', `/programme?orgId=${b.orgId}`, `/programme?org=${b.orgId}`]) {
        const res = await app.request(path, { cookie })
        expect(res.status, path).toBe(200)
        expect(res.body).toContain('Сотрудник А')
        expect(res.body).not.toContain(MARKER)
        // (A query's own text comes back in the page's links; B's id must not come from anywhere else.)
        if (!path.includes(b.orgId)) expect(res.body).not.toContain(b.orgId)
      }
    expect(await bRows()).toBe(before)
  })

  it("adding certified staff with B's id in the form records it for A only (the buyer may not at all)", async () => {
    const before = await bRows()
    const form = { intent: 'certification', orgId: b.orgId, personName: 'Новый сотрудник А', course: 'Курс', completedOn: '2026-01-10' }
    expect((await app.request('/programme', { cookie: a.buyer, form })).status).toBe(403)
    const res = await app.request('/programme', { cookie: a.admin, form })
    expect(res.status).toBe(200)
    expect(res.body).not.toContain(MARKER)
    const mine = await db.select().from(partnerCertifications).where(eq(partnerCertifications.orgId, a.orgId))
    expect(mine.map((c) => c.personName)).toContain('Новый сотрудник А')
    expect(await bRows()).toBe(before)
  })

  it("every desk tier route and action with B's organisation is refused to a dealer, and nothing of B changes", async () => {
    const before = await bRows()
    const desk = `/desk/partners/${b.orgId}`
    const posts: [string, Record<string, string>][] = [
      [desk, { intent: 'override', tierId: b.tierIds[0], reason: 'lowered by A', until: '' }],
      [desk, { intent: 'lift-override', reason: 'lifted by A' }],
      [desk, { intent: 'certification', personName: 'Чужой', course: 'Курс', completedOn: '2026-01-10', expiresOn: '' }],
      [desk, { intent: 'target', periodKind: 'year', year: '2026', quarter: '', metric: 'units', categoryId: b.categoryId, target: '1' }],
      [desk, { intent: 'evaluate' }],
      ['/desk/partners/programme', { intent: 'evaluate' }],
      ['/desk/partners/programme', { intent: 'settings', graceMonths: '0', effectiveLagDays: '' }],
    ]
    for (const cookie of [a.admin, a.buyer]) {
      for (const path of [desk, '/desk/partners/programme', '/desk/partners']) {
        const res = await app.request(path, { cookie })
        expect(res.status, path).toBe(403)
        expect(res.body).not.toContain(MARKER)
      }
      for (const [path, form] of posts) {
        const res = await app.request(path, { cookie, form })
        expect(res.status, `${path} ${form.intent}`).toBe(403)
        expect(res.body).not.toContain(MARKER)
      }
    }
    expect(await bRows()).toBe(before)
  })
})

describe("the tier functions with A's scope and B's organisation", () => {
  it('read nothing of B: no membership, evaluation, history, staff or target', async () => {
    const tier = await getPartnerTier({ scope: scopeA, orgId: b.orgId })
    expect(tier?.member).toBeNull()
    expect(tier?.evaluation).toBeNull()
    expect(tier?.history).toEqual([])
    expect(await listCertifications({ scope: scopeA, orgId: b.orgId })).toEqual([])
    expect((await listTargets({ scope: scopeA, orgId: b.orgId })).targets).toEqual([])
    const view = await partnerTierView({ scope: scopeA, orgId: b.orgId, locale: 'ru' })
    expect(view.member).toBeNull()
    expect(JSON.stringify(view)).not.toContain(MARKER)
    // B's own scope does see them: the rows are there to leak.
    const own = await getPartnerTier({ scope: grantScope('read:partner_programme:org', b.orgId), orgId: b.orgId })
    expect(own?.history.map((h) => h.note)).toContain(`Reason ${MARKER}`)
  })

  it('refuse to record staff for B, and change nothing', async () => {
    const before = await bRows()
    await expect(
      recordCertification({
        scope: scopeA,
        actor,
        orgId: b.orgId,
        certification: { personName: 'Чужой', course: 'Курс', completedOn: '2026-01-10', expiresOn: null },
      }),
    ).rejects.toThrow(/scope/)
    expect(await bRows()).toBe(before)
  })

  it('the desk-only functions refuse an organisation scope by type', () => {
    const target = { periodKind: 'year', year: 2026, quarter: null, metric: 'units', categoryId: null, target: 1 } as const
    // @ts-expect-error an OrgScope is not an AnyScope
    refusedByType(() => evaluateTiers({ scope: scopeA, actor, orgId: b.orgId, trigger: 'on_demand' }))
    // @ts-expect-error an OrgScope is not an AnyScope
    refusedByType(() => overrideTier({ scope: scopeA, actor, orgId: b.orgId, override: { tierId: null, reason: 'x', until: null } }))
    // @ts-expect-error an OrgScope is not an AnyScope
    refusedByType(() => saveTarget({ scope: scopeA, actor, orgId: b.orgId, target }))
    // @ts-expect-error an OrgScope is not an AnyScope
    refusedByType(() => listMembers({ scope: scopeA, programmeId: b.programmeId }))
    // @ts-expect-error an OrgScope is not an AnyScope
    refusedByType(() => saveProgrammeSettings({ scope: scopeA, actor, programmeId: b.programmeId, graceMonths: 0, effectiveLagDays: null }))
  })
})
