import { and, eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { dealEvents, dealRegistrations, mailOutbox, notifications } from '../../db/schema'
import { grantScope } from '../../app/modules/auth/scope.server'
import { priceProducts } from '../../app/modules/pricing/queries.server'
import { addDays } from '../../app/modules/prm/deal-rules'
import { businessClock } from '../../app/utils/clock.server'
import {
  createCategory,
  createMember,
  createOrganisation,
  createPriceList,
  createProduct,
  createTaxClass,
  defaultTestPassword,
  makeInn,
} from '../factories'
import { startApp, type App } from '../http-harness'

// Deal registration through HTTP, as the dealers and the partner manager use it: registration, the conflict check
// in the database, the desk's approval with a special price that resolvePrice then gives this dealer only, expiry
// that ends it; and the rule that the second dealer of a conflict never learns who the first one is.

let app: App
let today: string
const w = {} as {
  a: { id: string; shortName: string; legalName: string; inn: string }
  b: { id: string; shortName: string; legalName: string; inn: string }
  aBuyer: string
  bBuyer: string
  bUserIds: string[]
  bEmails: string[]
  desk: string
  lamp: { id: string; sku: string }
  cable: { id: string; sku: string }
  cableCategory: string
}
const customerInn = makeInn()

const dealForm = (o: Record<string, string> = {}) => ({
  endCustomerInn: customerInn,
  endCustomerName: 'ООО «Заказчик»',
  endCustomerRegion: 'Новосибирская область',
  products: w.lamp.sku,
  expectedQty: '40',
  expectedValue: '250 000',
  expectedCloseOn: addDays(today, 30),
  note: 'Тендер на освещение склада',
  ...o,
})
const register = (cookie: string, form: Record<string, string> | URLSearchParams) => app.request('/programme/deals/new', { cookie, form })
const idFrom = (location: string | null) => location!.match(/\/programme\/deals\/([0-9a-f-]{36})/)![1]
const dealOf = async (id: string) => (await db.select().from(dealRegistrations).where(eq(dealRegistrations.id, id)))[0]
const countDeals = async () => (await db.select({ n: sql<number>`count(*)::int` }).from(dealRegistrations))[0].n
const priceFor = async (orgId: string, productId: string) => {
  const r = (await priceProducts({ scope: grantScope('read:catalog:org', orgId), items: [{ productId, qty: 1 }], date: today })).get(productId)!
  return r.ok ? r.unitPriceMinor : null
}

beforeAll(async () => {
  app = await startApp()
  today = (await businessClock()).today
  const a = await createOrganisation(db, { kind: 'dealer', shortName: 'Вектор-Тест', legalName: 'ООО «Вектор-Тест Сибирь»' })
  const b = await createOrganisation(db, { kind: 'dealer', shortName: 'Альфа-Тест', legalName: 'ООО «Альфа-Тест»' })
  const operator = await createOrganisation(db, { kind: 'operator' })
  const aBuyer = await createMember(db, a, 'dealer_buyer', { locale: 'en' })
  await createMember(db, a, 'dealer_admin', { locale: 'ru' })
  const bBuyer = await createMember(db, b, 'dealer_buyer', { locale: 'en' })
  const bAdmin = await createMember(db, b, 'dealer_admin', { locale: 'ru' })
  const manager = await createMember(db, operator, 'partner_manager', { locale: 'en' })
  const lighting = await createCategory(db)
  const cables = await createCategory(db)
  const vat = await createTaxClass(db)
  const lamp = await createProduct(db, { categoryId: lighting.id, taxClassId: vat.id, sku: 'DL-LAMP' })
  const cable = await createProduct(db, { categoryId: cables.id, taxClassId: vat.id, sku: 'DL-CABLE' })
  await createPriceList(db, { assign: { scope: 'global' }, prices: { [lamp.id]: [[1, 100_00]], [cable.id]: [[1, 50_00]] } })
  // A contract of dealer A at a high priority: the deal's price must still win over it.
  await createPriceList(db, { assign: { scope: 'org', orgId: a.id }, priority: 50, prices: { [lamp.id]: [[1, 95_00]] } })
  Object.assign(w, {
    a: { id: a.id, shortName: a.shortName, legalName: a.legalName, inn: a.inn! },
    b: { id: b.id, shortName: b.shortName, legalName: b.legalName, inn: b.inn! },
    aBuyer: await app.login(aBuyer.email, defaultTestPassword),
    bBuyer: await app.login(bBuyer.email, defaultTestPassword),
    bUserIds: [bBuyer.id, bAdmin.id],
    bEmails: [bBuyer.email, bAdmin.email],
    desk: await app.login(manager.email, defaultTestPassword),
    lamp: { id: lamp.id, sku: lamp.sku },
    cable: { id: cable.id, sku: cable.sku },
    cableCategory: cables.id,
  })
})
afterAll(() => app.close())

describe('deal registration', () => {
  let aDeal: string
  let bDeal: string

  it('refuses bad input with field errors and stores nothing', async () => {
    const before = await countDeals()
    const cases: [Record<string, string>, string][] = [
      [{ endCustomerInn: '7707083890' }, 'The INN fails its check digits'],
      [{ expectedCloseOn: addDays(today, -1) }, 'That close date has passed.'],
      [{ note: 'x'.repeat(100_000) }, 'At most 2000 characters.'],
      [{ products: 'NO-SUCH-SKU' }, 'Not in the catalog: NO-SUCH-SKU.'],
      [{ products: '' }, 'Name products or categories.'],
    ]
    for (const [change, message] of cases) {
      const res = await register(w.aBuyer, dealForm(change))
      expect(res.status, JSON.stringify(change).slice(0, 80)).toBe(400)
      expect(res.body).toContain(message)
    }
    expect(await countDeals()).toBe(before)
  })

  it('registers a deal with a D-year number, an event, and a notice to the dealer', async () => {
    const res = await register(w.aBuyer, dealForm())
    expect(res.status).toBe(302)
    aDeal = idFrom(res.location)
    const deal = await dealOf(aDeal)
    expect(deal).toMatchObject({ status: 'submitted', orgId: w.a.id, productIds: [w.lamp.id], expectedValueMinor: 250_000_00, conflictWithId: null })
    expect(deal.number).toMatch(new RegExp(`^D-${today.slice(0, 4)}-\\d{6}$`))
    const page = await app.request(`/programme/deals/${aDeal}?registered=1`, { cookie: w.aBuyer })
    expect(page.body).toContain(`Deal ${deal.number} is registered`)
    expect(page.body).toContain('DL-LAMP')
  })

  it('another dealer registering the same customer and product gets a conflict, told only that', async () => {
    const res = await register(w.bBuyer, dealForm({ endCustomerName: 'Заказчик', products: `${w.lamp.sku}, ${w.cable.sku}` }))
    expect(res.status).toBe(302)
    bDeal = idFrom(res.location)
    const deal = await dealOf(bDeal)
    expect(deal.status).toBe('conflict')
    expect(deal.conflictWithId).toBe(aDeal)
    const page = await app.request(`/programme/deals/${bDeal}`, { cookie: w.bBuyer })
    expect(page.body).toContain('This deal is already registered by another partner; a partner manager will decide.')
  })

  it('a product inside a category another dealer registered is a conflict too', async () => {
    const other = makeInn()
    const first = await register(w.aBuyer, dealForm({ endCustomerInn: other, products: '', categoryIds: w.cableCategory }))
    expect(first.status).toBe(302)
    const second = await register(w.bBuyer, dealForm({ endCustomerInn: other, products: w.cable.sku }))
    expect((await dealOf(idFrom(second.location))).status).toBe('conflict')
    // Another customer is no conflict.
    const third = await register(w.bBuyer, dealForm({ endCustomerInn: makeInn(), products: w.cable.sku }))
    expect((await dealOf(idFrom(third.location))).status).toBe('submitted')
  })

  it('the conflicting deal never reveals the first dealer: not on any page, notice or mail the second dealer gets', async () => {
    const first = await dealOf(aDeal)
    const secrets = [w.a.shortName, w.a.legalName, w.a.inn, first.number, first.id]
    const pages = ['/programme/deals', `/programme/deals/${bDeal}`, '/programme/deals/new', '/inbox', `/programme/deals?q=${customerInn}`]
    for (const path of pages) {
      const res = await app.request(path, { cookie: w.bBuyer })
      expect(res.status, path).toBe(200)
      for (const s of secrets) expect(res.body, `${path} shows ${s}`).not.toContain(s)
    }
    const notices = await db
      .select()
      .from(notifications)
      .where(
        sql`${notifications.userId} in (${sql.join(
          w.bUserIds.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})`,
      )
    expect(notices.length).toBeGreaterThan(0)
    const mails = await db
      .select()
      .from(mailOutbox)
      .where(
        sql`${mailOutbox.toAddress} in (${sql.join(
          w.bEmails.map((e) => sql`${e}`),
          sql`, `,
        )})`,
      )
    expect(mails.length).toBeGreaterThan(0)
    const events = await db.select().from(dealEvents).where(eq(dealEvents.dealId, bDeal))
    const text = JSON.stringify([notices, mails, events])
    for (const s of secrets) expect(text).not.toContain(s)
    // Dealer B cannot open A's deal at all.
    expect((await app.request(`/programme/deals/${aDeal}`, { cookie: w.bBuyer })).status).toBe(404)
  })

  it('the desk sees the conflict first, with both dealers', async () => {
    const list = await app.request('/desk/partners/deals', { cookie: w.desk })
    expect(list.body.indexOf((await dealOf(bDeal)).number)).toBeLessThan(list.body.indexOf((await dealOf(aDeal)).number))
    const page = await app.request(`/desk/partners/deals/${bDeal}`, { cookie: w.desk })
    expect(page.body).toContain(w.a.shortName)
    expect(page.body).toContain(w.b.shortName)
    const csv = await app.request('/desk/partners/deals.csv', { cookie: w.desk })
    expect(csv.body).toContain((await dealOf(aDeal)).number)
  })

  it('approval with a special price gives that price to this dealer only; expiry ends it', async () => {
    expect(await priceFor(w.a.id, w.lamp.id)).toBe(95_00)
    const bad = await app.request(`/desk/partners/deals/${aDeal}`, {
      cookie: w.desk,
      form: { intent: 'approve', protectionDays: '0', 'prices[0].productId': w.lamp.id, 'prices[0].price': 'abc' },
    })
    expect(bad.status).toBe(400)
    expect((await dealOf(aDeal)).status).toBe('submitted')
    const ok = await app.request(`/desk/partners/deals/${aDeal}`, {
      cookie: w.desk,
      form: { intent: 'approve', protectionDays: '30', 'prices[0].productId': w.lamp.id, 'prices[0].price': '77,00' },
    })
    expect(ok.status).toBe(200)
    const approved = await dealOf(aDeal)
    expect(approved).toMatchObject({ status: 'approved', protectedUntil: addDays(today, 29) })
    expect(await priceFor(w.a.id, w.lamp.id)).toBe(77_00)
    expect(await priceFor(w.b.id, w.lamp.id)).toBe(100_00)
    const page = await app.request(`/programme/deals/${aDeal}`, { cookie: w.aBuyer })
    expect(page.body).toContain('₽77.00')
    // Approving twice is refused: the state moved on.
    const again = await app.request(`/desk/partners/deals/${aDeal}`, { cookie: w.desk, form: { intent: 'approve', protectionDays: '30' } })
    expect(again.status).toBe(409)

    // Protection ended yesterday: the next read expires it, and the special price goes with it.
    await db
      .update(dealRegistrations)
      .set({ protectedUntil: addDays(today, -1) })
      .where(eq(dealRegistrations.id, aDeal))
    const list = await app.request('/programme/deals', { cookie: w.aBuyer })
    expect(list.body).toContain('Expired')
    expect((await dealOf(aDeal)).status).toBe('expired')
    // The list ran until the last protected day; today the contract applies again.
    expect(await priceFor(w.a.id, w.lamp.id)).toBe(95_00)
    const kinds = (await db.select({ kind: dealEvents.kind }).from(dealEvents).where(eq(dealEvents.dealId, aDeal))).map((e) => e.kind)
    expect(kinds).toEqual(['submitted', 'approved', 'expired'])
  })

  it('an expired registration no longer blocks another dealer', async () => {
    const res = await register(w.bBuyer, dealForm({ products: w.lamp.sku }))
    expect((await dealOf(idFrom(res.location))).status).toBe('submitted')
  })

  it('resolving a conflict approves one registration and rejects the other with a neutral reason', async () => {
    const inn = makeInn()
    const first = idFrom((await register(w.aBuyer, dealForm({ endCustomerInn: inn }))).location)
    const second = idFrom((await register(w.bBuyer, dealForm({ endCustomerInn: inn }))).location)
    expect((await dealOf(second)).status).toBe('conflict')
    const res = await app.request(`/desk/partners/deals/${second}`, {
      cookie: w.desk,
      form: { intent: 'resolve', keep: 'other', protectionDays: '60' },
    })
    expect(res.status).toBe(200)
    expect((await dealOf(first)).status).toBe('approved')
    expect((await dealOf(second)).status).toBe('rejected')
    const page = await app.request(`/programme/deals/${second}`, { cookie: w.bBuyer })
    expect(page.body).toContain('This opportunity is assigned to another registration.')
    expect(page.body).not.toContain((await dealOf(first)).number)
    // Won with one of the dealer's orders is refused for an order that is not the dealer's.
    const won = await app.request(`/desk/partners/deals/${first}`, {
      cookie: w.desk,
      form: { intent: 'won', orderIds: '00000000-0000-4000-8000-000000000000' },
    })
    expect(won.status).toBe(400)
    const lost = await app.request(`/desk/partners/deals/${first}`, { cookie: w.desk, form: { intent: 'lost', reason: 'Budget cut' } })
    expect(lost.status).toBe(200)
    expect(await dealOf(first)).toMatchObject({ status: 'lost', lostReason: 'Budget cut' })
    const rows = await db
      .select()
      .from(dealEvents)
      .where(and(eq(dealEvents.dealId, first), eq(dealEvents.kind, 'lost')))
    expect(rows).toHaveLength(1)
  })
})
