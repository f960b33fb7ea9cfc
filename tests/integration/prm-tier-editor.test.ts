import { and, desc, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { auditLog, dealerGroupChanges, programmeMembers, programmeTiers } from '../../db/schema'
import { grantScope } from '../../app/modules/auth/scope.server'
import { getTierEditor, saveProgrammeTiers, type TierFormDefaults } from '../../app/modules/prm/tier-editor.server'
import { evaluateTiers, loadProgramme } from '../../app/modules/prm/tiers.server'
import { parseForm } from '../../app/utils/http.server'
import { tierEditorSchema, toTierEdits, type TierEdit } from '../../app/modules/prm/tier-schemas'
import {
  addProgrammeMember,
  createCategory,
  createMember,
  createOrder,
  createOrganisation,
  createProduct,
  createProgramme,
  createTaxClass,
  createWarehouse,
  defaultTestPassword,
  deliverOrder,
} from '../factories'
import { startApp, type App } from '../http-harness'

// The desk's tier editor (issue 13 "Tiers": criteria and benefits as data): a valid edit is stored and the next
// evaluation uses it (not before); every bad input is refused with its message and nothing changes; the top tier
// goes only while no one holds it; the edit is audited; a dealer cannot reach it.

const staff = grantScope('manage:partner_programme:any', null)
let app: App
const w = {} as {
  programmeId: string
  tiers: { id: string; code: string }[]
  dealer: { id: string; adminEmail: string }
  manager: { id: string; email: string }
  categoryId: string
}
const actor = () => ({ userId: w.manager.id, email: w.manager.email, ip: null })

/** The editor's form as the page fills it from the stored ladder: field name → value, lists by index. */
function formOf(revision: string, tiers: TierFormDefaults[]): URLSearchParams {
  const form = new URLSearchParams({ intent: 'tiers', revision })
  tiers.forEach((t, i) => {
    const p = `tiers[${i}]`
    form.append(`${p}.id`, t.id)
    form.append(`${p}.rank`, t.rank)
    for (const key of ['nameRu', 'nameEn', 'dealerGroup', 'dealProtectionDays', 'rebateBonus', 'dealBonus', 'perksRu', 'perksEn'] as const)
      form.append(`${p}.${key}`, t[key])
    t.criteria.forEach((c, j) => {
      form.append(`${p}.criteria[${j}].kind`, c.kind)
      form.append(`${p}.criteria[${j}].op`, c.op)
      form.append(`${p}.criteria[${j}].threshold`, c.threshold)
      for (const id of c.categoryIds) form.append(`${p}.criteria[${j}].categoryIds`, id)
    })
  })
  return form
}

const editor = () => getTierEditor({ scope: staff, programmeId: w.programmeId, locale: 'en' })
const storedTiers = async () => db.select().from(programmeTiers).where(eq(programmeTiers.programmeId, w.programmeId)).orderBy(programmeTiers.rank)
const memberTier = async (orgId: string) =>
  (
    await db
      .select()
      .from(programmeMembers)
      .where(and(eq(programmeMembers.programmeId, w.programmeId), eq(programmeMembers.orgId, orgId)))
  )[0].tierId
const parse = (form: URLSearchParams, locale: 'ru' | 'en' = 'en') => {
  const data = new FormData()
  for (const [k, v] of form) data.append(k, v)
  return parseForm(data, { schema: tierEditorSchema(locale) })
}
/** Errors of a refused parse, by field. */
const errorsOf = (form: URLSearchParams, locale: 'ru' | 'en' = 'en') => {
  const s = parse(form, locale)
  expect(s.status).toBe('error')
  return (s.status === 'error' ? s.error : null) ?? {}
}
const save = async (tiers: TierEdit[], revision?: string) =>
  saveProgrammeTiers({
    scope: staff,
    actor: actor(),
    programmeId: w.programmeId,
    revision: revision ?? (await editor()).revision,
    tiers,
    locale: 'en',
  })
/** The stored ladder parsed through the schema, changed by `edit`, as the module takes it. */
async function edited(edit: (tiers: TierFormDefaults[]) => void) {
  const e = await editor()
  const tiers = structuredClone(e.tiers)
  edit(tiers)
  const s = parse(formOf(e.revision, tiers))
  if (s.status !== 'success') throw new Error(`form refused: ${JSON.stringify(s.error)}`)
  return { revision: e.revision, tiers: toTierEdits(s.value.tiers) }
}

beforeAll(async () => {
  app = await startApp()
  const category = await createCategory(db)
  const vat = await createTaxClass(db, { rates: [['2000-01-01', 2200]] })
  const wh = await createWarehouse(db)
  const product = await createProduct(db, { categoryId: category.id, taxClassId: vat.id, sku: 'EDITOR-LAMP' })
  const { programme, tiers } = await createProgramme(db, {
    graceMonths: 3,
    tiers: [
      { code: 'partner', nameRu: 'Партнёр', nameEn: 'Partner', benefits: { dealerGroup: null } },
      {
        code: 'silver',
        nameRu: 'Серебро',
        nameEn: 'Silver',
        criteria: [{ kind: 'revenue_12m', op: 'gte', threshold: 1_000_000_00 }],
        benefits: { dealerGroup: 'silver', dealProtectionDays: 120 },
      },
      {
        code: 'gold',
        nameRu: 'Золото',
        nameEn: 'Gold',
        criteria: [
          { kind: 'revenue_12m', op: 'gte', threshold: 3_000_000_00 },
          { kind: 'overdue_days', op: 'lte', threshold: 10 },
        ],
        benefits: { dealerGroup: 'gold', rebateBonusBp: 50, perks: [{ ru: 'Личный менеджер', en: 'A personal manager' }] },
      },
    ],
  })
  const operator = await createOrganisation(db, { kind: 'operator' })
  const manager = await createMember(db, operator, 'partner_manager', { locale: 'en' })
  const org = await createOrganisation(db, { kind: 'dealer' })
  const admin = await createMember(db, org, 'dealer_admin')
  await addProgrammeMember(db, { programmeId: programme.id, orgId: org.id, tierId: tiers[0].id })
  // 800 000 ₽ delivered: below Silver's 1 M ₽.
  const order = await createOrder(db, {
    orgId: org.id,
    placedBy: admin.id,
    warehouseId: wh.id,
    items: [{ productId: product.id, sku: product.sku, qty: 10, unitPriceMinor: 80_000_00 }],
  })
  await deliverOrder(db, { orderId: order.id, daysAgo: 10 })
  Object.assign(w, {
    programmeId: programme.id,
    tiers,
    dealer: { id: org.id, adminEmail: admin.email },
    manager: { id: manager.id, email: manager.email },
    categoryId: category.id,
  })
}, 60_000)
afterAll(() => app.close())

describe('the editor reads the ladder', () => {
  it('shows each tier in its units: roubles, percent, whole numbers, perks one a line', async () => {
    const e = await editor()
    expect(e.tiers.map((t) => t.nameEn)).toEqual(['Partner', 'Silver', 'Gold'])
    expect(e.tiers[1]).toMatchObject({ dealerGroup: 'silver', dealProtectionDays: '120', criteria: [{ kind: 'revenue_12m', threshold: '1000000' }] })
    expect(e.tiers[2]).toMatchObject({ rebateBonus: '0.5', perksRu: 'Личный менеджер', perksEn: 'A personal manager' })
    expect(e.groups.map((g) => g.value)).toEqual(expect.arrayContaining(['silver', 'gold']))
    expect(e.removable).toContain(w.tiers[2].id)
    expect(e.held[w.tiers[0].id]).toBe(1)
  })
})

describe('a valid edit', () => {
  it('is stored and audited, moves no one by itself, and the next evaluation uses the new threshold', async () => {
    const { revision, tiers } = await edited((t) => {
      t[1].criteria[0].threshold = '700 000'
      t[1].nameEn = 'Silver plus'
      t[1].perksRu = 'Скидка на обучение\nДемо-стенд'
      t[1].perksEn = 'Training discount\nA demo stand'
    })
    expect(await save(tiers, revision)).toEqual({ ok: true, changed: true })

    const programme = await loadProgramme(db, w.programmeId)
    const silver = programme!.tiers[1]
    expect(silver).toMatchObject({ nameEn: 'Silver plus', criteria: [{ kind: 'revenue_12m', op: 'gte', threshold: 700_000_00 }] })
    expect(silver.benefits).toEqual({
      dealerGroup: 'silver',
      dealProtectionDays: 120,
      perks: [
        { ru: 'Скидка на обучение', en: 'Training discount' },
        { ru: 'Демо-стенд', en: 'A demo stand' },
      ],
    })
    const [entry] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'programme.tiers_changed'), eq(auditLog.entityId, w.programmeId)))
      .orderBy(desc(auditLog.id))
    expect(entry.actorUserId).toBe(w.manager.id)
    expect(entry.details).toMatchObject({ renamed: ['silver'], criteria: ['silver'], benefits: ['silver'], added: [], removed: [] })

    // Nobody moved yet; the evaluation promotes the 800 000 ₽ dealer to the cheaper Silver.
    expect(await memberTier(w.dealer.id)).toBe(w.tiers[0].id)
    await evaluateTiers({ scope: staff, actor: actor(), programmeId: w.programmeId, trigger: 'on_demand' })
    expect(await memberTier(w.dealer.id)).toBe(w.tiers[1].id)
  })

  it('saving the same ladder again changes nothing and writes no audit entry', async () => {
    const before = (await db.select().from(auditLog).where(eq(auditLog.action, 'programme.tiers_changed'))).length
    const { revision, tiers } = await edited(() => {})
    expect(await save(tiers, revision)).toEqual({ ok: true, changed: false })
    expect((await db.select().from(auditLog).where(eq(auditLog.action, 'programme.tiers_changed'))).length).toBe(before)
  })

  it('gives the tier’s holders its new price group from today', async () => {
    const { revision, tiers } = await edited((t) => {
      t[1].dealerGroup = 'platinum'
    })
    expect((await save(tiers, revision)).ok).toBe(true)
    const changes = await db.select().from(dealerGroupChanges).where(eq(dealerGroupChanges.orgId, w.dealer.id))
    expect(changes.find((c) => c.source === `tier-benefits:${w.tiers[1].id}`)?.dealerGroup).toBe('platinum')
    const back = await edited((t) => {
      t[1].dealerGroup = 'silver'
    })
    expect((await save(back.tiers, back.revision)).ok).toBe(true)
  })

  it('adds a tier on top with a code from its name, and removes it again while no one holds it', async () => {
    const { revision, tiers } = await edited((t) => {
      t.push({
        id: '',
        rank: '4',
        nameRu: 'Платина',
        nameEn: 'Platinum',
        dealerGroup: 'platinum',
        dealProtectionDays: '',
        rebateBonus: '1,5',
        dealBonus: '2,25',
        perksRu: '',
        perksEn: '',
        criteria: [{ kind: 'revenue_12m', op: 'gte', threshold: '10 000 000', categoryIds: [w.categoryId] }],
      })
    })
    expect((await save(tiers, revision)).ok).toBe(true)
    const stored = await storedTiers()
    expect(stored.map((t) => [t.rank, t.code])).toEqual([
      [1, 'partner'],
      [2, 'silver'],
      [3, 'gold'],
      [4, 'platinum'],
    ])
    expect(stored[3].criteria).toEqual([{ kind: 'revenue_12m', op: 'gte', threshold: 10_000_000_00, categoryIds: [w.categoryId] }])
    expect(stored[3].benefits).toEqual({ dealerGroup: 'platinum', rebateBonusBp: 150, dealBonusBp: 225 })
    expect((await editor()).tiers[3]).toMatchObject({ rebateBonus: '1.5', dealBonus: '2.25' })

    const removed = await edited((t) => {
      t.pop()
    })
    expect(await save(removed.tiers, removed.revision)).toEqual({ ok: true, changed: true })
    expect((await storedTiers()).map((t) => t.code)).toEqual(['partner', 'silver', 'gold'])
  })
})

describe('bad input is refused with its message', () => {
  it('by the form’s rules, on the field it concerns', async () => {
    const e = await editor()
    const bad = (edit: (t: TierFormDefaults[]) => void, locale: 'ru' | 'en' = 'en') => {
      const tiers = structuredClone(e.tiers)
      edit(tiers)
      return errorsOf(formOf(e.revision, tiers), locale)
    }
    // A higher tier easier than a lower one, named in the reader's language.
    expect(
      bad((t) => {
        t[2].criteria[0].threshold = '500 000'
      })['tiers[2].criteria[0].threshold'],
    ).toEqual(['tierEditor.error.easier.revenue_12m.gte|text:Silver plus'])
    expect(
      bad((t) => {
        t[2].criteria[0].threshold = '500 000'
      }, 'ru')['tiers[2].criteria[0].threshold'],
    ).toEqual(['tierEditor.error.easier.revenue_12m.gte|text:Серебро'])
    // "At most" criteria: a higher tier may not allow more.
    expect(
      bad((t) => {
        t[1].criteria.push({ kind: 'overdue_days', op: 'lte', threshold: '5', categoryIds: [] })
      })['tiers[2].criteria[1].threshold'],
    ).toEqual(['tierEditor.error.easier.overdue_days.lte|text:Silver plus'])
    expect(
      bad((t) => {
        t[0].criteria.push({ kind: 'revenue_12m', op: 'gte', threshold: '1', categoryIds: [] })
      })['tiers[0].criteria'],
    ).toEqual(['tierEditor.error.entryNoCriteria'])
    expect(
      bad((t) => {
        t[1].criteria = []
      })['tiers[1].criteria'],
    ).toEqual(['tierEditor.error.criteriaRequired'])
    expect(
      bad((t) => {
        t[2].criteria.push({ kind: 'revenue_12m', op: 'gte', threshold: '4 000 000', categoryIds: [] })
      })['tiers[2].criteria[2].kind'],
    ).toEqual(['tierEditor.error.duplicateCriterion'])
    expect(
      bad((t) => {
        t[2].criteria[1].categoryIds = [w.categoryId]
      })['tiers[2].criteria[1].categoryIds'],
    ).toEqual(['tierEditor.error.categoriesNotApplicable'])
    expect(
      bad((t) => {
        t[1].criteria[0].threshold = '12,345'
      })['tiers[1].criteria[0].threshold'],
    ).toEqual(['tierEditor.error.roubles'])
    expect(
      bad((t) => {
        t[2].criteria[1].threshold = '4000'
      })['tiers[2].criteria[1].threshold'],
    ).toEqual(['tierEditor.error.between|text:0…3650'])
    expect(
      bad((t) => {
        t[2].criteria.push({ kind: 'growth_12m', op: 'gte', threshold: '-150', categoryIds: [] })
      })['tiers[2].criteria[2].threshold'],
    ).toEqual(['tierEditor.error.between|text:−100…10 000'])
    expect(
      bad((t) => {
        t[1].nameEn = ''
        t[2].nameRu = 'x'.repeat(61)
      }),
    ).toMatchObject({ 'tiers[1].nameEn': ['errors.required'], 'tiers[2].nameRu': ['tierEditor.error.nameTooLong'] })
    expect(
      bad((t) => {
        t[2].nameEn = 'silver PLUS'
      })['tiers[2].nameEn'],
    ).toEqual(['tierEditor.error.nameTaken'])
    expect(
      bad((t) => {
        t[2].perksEn = ''
      })['tiers[2].perksEn'],
    ).toEqual(['tierEditor.error.perksMismatch'])
    expect(
      bad((t) => {
        t[2].rebateBonus = '150'
      })['tiers[2].rebateBonus'],
    ).toEqual(['tierEditor.error.rebateBonus'])
    for (const dealBonus of ['150', '-1', '1,255', 'два'])
      expect(
        bad((t) => {
          t[2].dealBonus = dealBonus
        })['tiers[2].dealBonus'],
        dealBonus,
      ).toEqual(['tierEditor.error.rebateBonus'])
    expect(
      bad((t) => {
        t[2].rank = '5'
      })[''],
    ).toEqual(['tierEditor.error.ranks'])
  })

  it('by the database’s facts, with nothing changed', async () => {
    const before = await storedTiers()
    const auditsBefore = (await db.select().from(auditLog).where(eq(auditLog.action, 'programme.tiers_changed'))).length
    const e = await editor()
    const base = (await edited(() => {})).tiers
    const variant = (edit: (t: TierEdit[]) => void) => {
      const t = structuredClone(base)
      edit(t)
      return t
    }
    // Someone saved in between: the old revision is refused.
    expect(await save(base, 'f'.repeat(32))).toEqual({ ok: false, status: 409, formErrors: ['tierEditor.error.stale'] })
    // The top tier held by a member (the dealer holds Silver now: remove Gold, then Silver).
    const withoutTop = variant((t) => t.splice(1, 2))
    expect(await save(withoutTop, e.revision)).toMatchObject({ ok: false, formErrors: ['tierEditor.error.tierHeld|text:Silver plus'] })
    // Only the top tier can go (here Silver's place is taken by a new tier).
    expect(
      await save(
        variant((t) => (t[1].id = null)),
        e.revision,
      ),
    ).toMatchObject({ ok: false, formErrors: ['tierEditor.error.removeTopOnly'] })
    expect(
      await save(
        variant((t) => (t[1].rank = 3)),
        e.revision,
      ),
    ).toMatchObject({ ok: false, formErrors: ['tierEditor.error.ranks'] })
    const swapped = variant((t) => ([t[1].id, t[2].id] = [t[2].id, t[1].id]))
    expect(await save(swapped, e.revision)).toMatchObject({ ok: false, formErrors: ['tierEditor.error.noReorder'] })
    expect(
      await save(
        variant((t) => (t[1].id = crypto.randomUUID())),
        e.revision,
      ),
    ).toMatchObject({
      ok: false,
      formErrors: ['tierEditor.error.unknownTier'],
    })
    expect(
      await save(
        variant((t) => (t[1].benefits.dealerGroup = 'no-such-group')),
        e.revision,
      ),
    ).toMatchObject({
      ok: false,
      fieldErrors: { 'tiers[1].dealerGroup': ['errors.chooseOne'] },
    })
    expect(
      await save(
        variant((t) => (t[1].criteria[0].categoryIds = [crypto.randomUUID()])),
        e.revision,
      ),
    ).toMatchObject({
      ok: false,
      fieldErrors: { 'tiers[1].criteria[0].categoryIds': ['errors.chooseOne'] },
    })
    expect(await storedTiers()).toEqual(before)
    expect((await db.select().from(auditLog).where(eq(auditLog.action, 'programme.tiers_changed'))).length).toBe(auditsBefore)
  })

  it('keeps a tier the history names, even when no one holds it now', async () => {
    // The dealer was promoted to Silver: move it back by hand, Silver stays in its history.
    await db.update(programmeMembers).set({ tierId: w.tiers[0].id }).where(eq(programmeMembers.orgId, w.dealer.id))
    const { revision, tiers } = await edited((t) => t.splice(1, 2))
    expect(await save(tiers, revision)).toMatchObject({ ok: false, formErrors: ['tierEditor.error.tierInHistory|text:Silver plus'] })
    await db.update(programmeMembers).set({ tierId: w.tiers[1].id }).where(eq(programmeMembers.orgId, w.dealer.id))
  })
})

describe('the page', () => {
  it('saves through the form, answers a list intent without JavaScript, and refuses bad input with 400', async () => {
    const cookie = await app.login(w.manager.email, defaultTestPassword)
    const page = await app.request('/desk/partners/programme', { cookie })
    expect(page.status).toBe(200)
    expect(page.body).toContain('Edit the tiers')
    const e = await editor()

    const insert = formOf(e.revision, e.tiers)
    insert.append('__intent__', JSON.stringify({ type: 'insert', payload: { name: 'tiers[1].criteria' } }))
    const inserted = await app.request('/desk/partners/programme', { form: insert, cookie })
    expect(page.body).not.toContain('name="tiers[1].criteria[1].kind"')
    expect(inserted.status).toBe(200)
    expect(inserted.body).toContain('name="tiers[1].criteria[1].kind"')
    expect(await storedTiers()).toHaveLength(3)

    const tiers = structuredClone(e.tiers)
    tiers[2].criteria[0].threshold = '100'
    const refused = await app.request('/desk/partners/programme', { form: formOf(e.revision, tiers), cookie })
    expect(refused.status).toBe(400)
    expect(refused.body).toContain('Asks less revenue than Silver plus')

    tiers[2].criteria[0].threshold = '3 500 000'
    const saved = await app.request('/desk/partners/programme', { form: formOf(e.revision, tiers), cookie })
    expect(saved.status).toBe(200)
    expect(saved.body).toContain('Tiers saved')
    expect((await storedTiers())[2].criteria[0].threshold).toBe(3_500_000_00)
  })

  it('answers hostile forms with a refusal, never a 500, and changes nothing', async () => {
    const before = await storedTiers()
    const cookie = await app.login(w.manager.email, defaultTestPassword)
    const e = await editor()
    const valid = () => formOf(e.revision, e.tiers)
    const hostile: [string, URLSearchParams][] = [
      ['no tiers', new URLSearchParams({ intent: 'tiers', revision: e.revision })],
      ['a 10 kB threshold', new URLSearchParams([...valid(), ['tiers[1].criteria[0].threshold', '9'.repeat(10_000)]])],
      ['an id that is not one', new URLSearchParams([...valid()].map(([k, v]) => [k, k === 'tiers[1].id' ? "1' or 1=1" : v]))],
      ['an unknown kind', new URLSearchParams([...valid()].map(([k, v]) => [k, k.endsWith('.kind') ? 'drop_table' : v]))],
      ['a huge list index', new URLSearchParams([...valid(), ['tiers[9999].nameRu', 'x']])],
      ['a broken list intent', new URLSearchParams([...valid(), ['__intent__', '{"type":"remove","payload":{"name":"tiers","index":-5}}']])],
      [
        'eleven tiers',
        new URLSearchParams([...valid(), ...Array.from({ length: 8 }, (_, i) => [`tiers[${i + 3}].rank`, String(i + 4)] as [string, string])]),
      ],
      ['a wrong revision', new URLSearchParams([...valid()].map(([k, v]) => [k, k === 'revision' ? 'x'.repeat(100) : v]))],
      [
        'categories on every row',
        new URLSearchParams([
          ...valid(),
          ...Array.from({ length: 30 }, () => ['tiers[1].criteria[0].categoryIds', w.categoryId] as [string, string]),
        ]),
      ],
    ]
    for (const [what, form] of hostile) {
      const res = await app.request('/desk/partners/programme', { form, cookie })
      expect([200, 400, 409], what).toContain(res.status)
    }
    expect(await storedTiers()).toEqual(before)
  })

  it('refuses a dealer’s save with 403 and changes nothing', async () => {
    const before = await storedTiers()
    const cookie = await app.login(w.dealer.adminEmail, defaultTestPassword)
    const e = await editor()
    const tiers = structuredClone(e.tiers)
    tiers[1].criteria[0].threshold = '1'
    for (const form of [formOf(e.revision, tiers), new URLSearchParams({ intent: 'tiers' })]) {
      const res = await app.request('/desk/partners/programme', { form, cookie })
      expect(res.status).toBe(403)
      expect(res.body).not.toContain('Silver plus')
    }
    expect((await app.request('/desk/partners/programme', { cookie })).status).toBe(403)
    expect(await storedTiers()).toEqual(before)
  })
})
