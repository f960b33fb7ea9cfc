import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { auditLog } from '../../db/schema/audit'
import { users } from '../../db/schema/auth'
import { ledgerLines } from '../../db/schema/incentives'
import { sarmBonusNorms, sarmBonusProgrammes } from '../../db/schema/sarm'
import { businessClock } from '../../app/utils/clock.server'
import { createCategory, createMember, createOrganisation, createProduct, createTaxClass, defaultTestPassword } from '../factories'
import { createAssistant, createSaleReports, createShop } from '../factories/sarm'
import { startApp, type App } from '../http-harness'

// The desk's bonus pages through the real app (issue 14): a bad programme is refused field by field and nothing is
// stored; a good one is saved (audited), given a person's norm, recalculated into the ledger, and the assistant's
// home then shows the progress and the explanation, in English for an English reader.

let app: App
let cookie = ''
let today = ''
let sku = ''
let dealerId = ''
let seller = { id: '', email: '' }
let shopName = ''

beforeAll(async () => {
  today = (await businessClock()).today
  const operator = await createOrganisation(db, { kind: 'operator' })
  const manager = await createMember(db, operator, 'partner_manager', { locale: 'en' })
  const [category, vat] = [await createCategory(db), await createTaxClass(db)]
  const product = await createProduct(db, { categoryId: category.id, taxClassId: vat.id })
  sku = product.sku
  const dealer = await createOrganisation(db, { kind: 'dealer' })
  dealerId = dealer.id
  const shop = await createShop(db, { orgId: dealer.id })
  shopName = shop.name
  const { user } = await createAssistant(db, { orgId: dealer.id, shopId: shop.id, startsOn: `${today.slice(0, 7)}-01` })
  seller = { id: user.id, email: user.email }
  await db.update(users).set({ locale: 'en' }).where(eq(users.id, user.id))
  await createSaleReports(db, [{ orgId: dealer.id, shopId: shop.id, userId: user.id, productId: product.id, soldOn: today, qty: 47 }])
  app = await startApp()
  cookie = await app.login(manager.email, defaultTestPassword)
})
afterAll(() => app?.close())

const programmeForm = (o: Record<string, string> = {}) =>
  new URLSearchParams({
    intent: 'save',
    nameRu: 'Сверх нормы',
    nameEn: 'Above the norm',
    periodStart: `${today.slice(0, 7)}-01`,
    periodEnd: today,
    skus: sku,
    normUnits: '40',
    rate: '50',
    cap: '',
    status: 'active',
    orgIds: dealerId,
    ...o,
  })

describe('the new-programme form', () => {
  it('refuses bad input field by field and stores nothing', async () => {
    const before = (await db.select({ id: sarmBonusProgrammes.id }).from(sarmBonusProgrammes)).length
    const cases: [Record<string, string>, string, string][] = [
      [{ periodEnd: '2000-01-01' }, 'periodEnd', 'The period ends before it starts'],
      [{ rate: '-5' }, 'rate', 'An amount in roubles above zero'],
      [{ rate: 'abc' }, 'rate', 'An amount in roubles above zero'],
      [{ cap: '0' }, 'cap', 'An amount in roubles above zero'],
      [{ normUnits: '1.5' }, 'normUnits', ''],
      [{ skus: 'NO-SUCH-SKU' }, 'skus', 'The catalog has no such SKU'],
      [{ orgIds: crypto.randomUUID() }, 'orgIds', ''],
      [{ requiredTrainingId: crypto.randomUUID() }, 'requiredTrainingId', ''],
      [{ periodStart: '2026-02-31' }, 'periodStart', ''],
    ]
    for (const [change, field, text] of cases) {
      const res = await app.request('/desk/sarm/bonuses/new', { form: programmeForm(change), cookie })
      expect(res.status, JSON.stringify(change)).toBe(400)
      // The reply names the field (conform shows its error beside it) and the page says why.
      expect(res.body, field).toMatch(new RegExp(`"error":\\{[^}]*"${field}":\\[`))
      if (text) expect(res.body).toContain(text)
    }
    expect((await app.request('/desk/sarm/bonuses/new', { form: new URLSearchParams(), cookie })).status).toBe(400)
    expect((await db.select({ id: sarmBonusProgrammes.id }).from(sarmBonusProgrammes)).length).toBe(before)
  })

  it('saves a good programme, takes a norm for a person, recalculates, and the assistant sees it explained', async () => {
    const res = await app.request('/desk/sarm/bonuses/new', { form: programmeForm(), cookie })
    expect(res.status).toBe(302)
    const id = res.location!.split('/').pop()!
    const [saved] = await db.select().from(sarmBonusProgrammes).where(eq(sarmBonusProgrammes.id, id))
    expect(saved).toMatchObject({ normUnits: 40, rateMinor: 50_00, capMinor: null, orgIds: [dealerId], status: 'active' })
    expect(await db.select().from(auditLog).where(eq(auditLog.entityId, id))).toHaveLength(1)

    // A person's norm: an unknown e-mail is refused by field; the seller's is taken.
    const badNorm = await app.request(`/desk/sarm/bonuses/${id}`, {
      form: { intent: 'norm', target: 'person', email: 'nobody@example.test', normUnits: '30' },
      cookie,
    })
    expect(badNorm.status).toBe(400)
    expect(badNorm.body).toContain('This person is not an assistant at any shop')
    const norm = await app.request(`/desk/sarm/bonuses/${id}`, {
      form: { intent: 'norm', target: 'person', email: seller.email, normUnits: '30' },
      cookie,
    })
    expect(norm.status).toBe(200)
    expect(await db.select().from(sarmBonusNorms).where(eq(sarmBonusNorms.programmeId, id))).toMatchObject([{ userId: seller.id, normUnits: 30 }])

    const recalc = await app.request(`/desk/sarm/bonuses/${id}`, { form: { intent: 'recalculate' }, cookie })
    expect(recalc.status).toBe(200)
    expect(recalc.body).toContain('New lines: 1, recalculated: 0, corrections: 0')
    const [line] = await db.select().from(ledgerLines).where(eq(ledgerLines.programmeId, id))
    expect(line).toMatchObject({ userId: seller.id, orgId: dealerId, amountMinor: 850_00 })
    const page = await app.request(`/desk/sarm/bonuses/${id}`, { cookie })
    expect(page.body).toContain('47 units, norm 30: 17 × ₽50.00 = ₽850.00')

    // The desk's overview counts the sale by shop, and its spreadsheet too (English dialect: commas, a point).
    const overview = await app.request('/desk/sarm', { cookie })
    expect(overview.status).toBe(200)
    const csv = await app.request('/desk/sarm/sales.csv', { cookie })
    expect(csv.status).toBe(200)
    expect(csv.headers.get('content-type')).toContain('text/csv')
    expect(csv.body.split('\r\n').some((row) => row.includes(shopName) && row.endsWith(',0,47,0.00,0.00'))).toBe(true)

    const sellerCookie = await app.login(seller.email, defaultTestPassword)
    const home = await app.request('/assistant', { cookie: sellerCookie })
    expect(home.status).toBe(200)
    expect(home.body).toContain('Above the norm')
    expect(home.body).toContain('47 units sold of a norm of 30')
    expect(home.body).toContain('Your next unit earns ₽50.00')
    expect(home.body).toContain('47 units, norm 30: 17 × ₽50.00 = ₽850.00')
  })
})
