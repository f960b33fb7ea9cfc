import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { rowsOf } from '../../db/drivers.server'
import { dealRegistrations, ledgerDisputes, ledgerLines, notifications, partnerApplications, payoutBatches, rebatePeriods } from '../../db/schema'
import { grantScope } from '../../app/modules/auth/scope.server'
import { preparePayoutBatch } from '../../app/modules/incentives/batches.server'
import { openDispute } from '../../app/modules/incentives/disputes.server'
import { latestMailTo } from '../../app/modules/notifications/queries.server'
import { advanceApplication, submitApplication } from '../../app/modules/prm/applications.server'
import { addDays } from '../../app/modules/prm/deal-rules'
import { businessClock } from '../../app/utils/clock.server'
import {
  accrueTestLine,
  addProgrammeMember,
  applicationForm,
  applicationInput,
  createCategory,
  createMember,
  createOrder,
  createOrganisation,
  createPriceList,
  createProduct,
  createProgramme,
  createRebateProgramme,
  createTaxClass,
  createWarehouse,
  defaultTestPassword,
  makeInn,
  registerTestDeal,
} from '../factories'
import { startApp, type App, type RequestOptions } from '../http-harness'

// Issue 13 "Bad input": every PRM and incentives route as an outside attacker and a careless user would use it —
// empty, 100 kB, wrong types, negative, NaN, impossible dates, ids that are not UUIDs, another tenant's ids, intents
// that do not exist, a double submit, a replay after the state moved on, other HTTP methods. Each is refused with a
// 4xx (never a 500), a specific message (its catalog key, which the page's data carries), and the database as it
// was: every PRM, incentives, notification and audit table is fingerprinted before and after.

let app: App
let today: string
const unknownUuid = '00000000-0000-4000-8000-000000000000'
const big = 'x'.repeat(100_000)
const w = {} as {
  operatorId: string
  managerA: { id: string; email: string; cookie: string }
  managerB: { cookie: string }
  dealerA: { id: string; admin: { id: string; email: string }; adminCookie: string; buyerCookie: string; buyerId: string }
  dealerB: { id: string; adminCookie: string; buyerCookie: string; buyerId: string }
  lamp: { id: string; sku: string }
  category: string
  tiers: { id: string }[]
  orderB: string
}

/** Tables whose every row is fingerprinted: a refused request must leave each exactly as it was. */
const watched = [
  'partner_applications',
  'partner_application_events',
  'organisations',
  'memberships',
  'users',
  'password_setup_tokens',
  'programme_members',
  'tier_changes',
  'tier_evaluations',
  'partner_certifications',
  'partner_targets',
  'deal_registrations',
  'deal_events',
  'deal_orders',
  'price_lists',
  'prices',
  'rebate_programmes',
  'rebate_periods',
  'ledger_lines',
  'ledger_events',
  'payout_batches',
  'ledger_disputes',
  'ledger_dispute_messages',
  'notifications',
  'mail_outbox',
  'audit_log',
] as const

async function fingerprint() {
  const out: Record<string, string> = {}
  for (const table of watched) {
    const [row] = rowsOf<{ n: number; h: string }>(
      await db.execute(
        sql`select count(*)::int as n, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as h from ${sql.identifier(table)} t`,
      ),
    )
    out[table] = `${row.n}:${row.h}`
  }
  return out
}

const text = (body: string) => body.replaceAll('\0', '')

interface Refusal {
  /** The exact status, or '4xx' for any client error. */
  status: number | '4xx'
  /** A catalog key (or text) the answer must carry. */
  message?: string
}

/** Sends one hostile request and asserts a 4xx with its message and a database exactly as before. */
async function refused(label: string, path: string, o: RequestOptions, expected: Refusal) {
  const before = await fingerprint()
  const res = await app.request(path, o)
  if (expected.status === '4xx') {
    expect(res.status, `${label}: ${res.status}`).toBeGreaterThanOrEqual(400)
    expect(res.status, `${label}: ${res.status}`).toBeLessThan(500)
  } else expect(res.status, label).toBe(expected.status)
  if (expected.message) expect(text(res.body), `${label} says ${expected.message}`).toContain(expected.message)
  expect(await fingerprint(), `${label} changed the database`).toEqual(before)
  return res
}

type Case = [label: string, form: Record<string, string>, expected: Refusal]
async function refuseAll(path: string, cookie: string | null, cases: Case[]) {
  for (const [label, form, expected] of cases) await refused(label, path, { cookie, form }, expected)
}

beforeAll(async () => {
  app = await startApp()
  today = (await businessClock()).today
  const operator = await createOrganisation(db, { kind: 'operator' })
  const a = await createOrganisation(db, { kind: 'dealer', shortName: 'Hostile A' })
  const b = await createOrganisation(db, { kind: 'dealer', shortName: 'Hostile B' })
  const managerA = await createMember(db, operator, 'partner_manager', { locale: 'en' })
  const managerB = await createMember(db, operator, 'partner_manager', { locale: 'en' })
  const aAdmin = await createMember(db, a, 'dealer_admin', { locale: 'en' })
  const aBuyer = await createMember(db, a, 'dealer_buyer', { locale: 'en' })
  const bAdmin = await createMember(db, b, 'dealer_admin', { locale: 'en' })
  const bBuyer = await createMember(db, b, 'dealer_buyer', { locale: 'en' })
  const category = await createCategory(db)
  const vat = await createTaxClass(db)
  const lamp = await createProduct(db, { categoryId: category.id, taxClassId: vat.id, sku: 'HX-LAMP' })
  await createPriceList(db, { assign: { scope: 'global' }, prices: { [lamp.id]: [[1, 100_00]] } })
  const warehouse = await createWarehouse(db)
  const orderB = await createOrder(db, {
    orgId: b.id,
    placedBy: bBuyer.id,
    warehouseId: warehouse.id,
    items: [{ productId: lamp.id, sku: lamp.sku, qty: 1, unitPriceMinor: 100_00 }],
  })
  const { programme, tiers } = await createProgramme(db, {
    tiers: [
      { code: 'hx-partner', nameRu: 'Партнёр', nameEn: 'Partner' },
      { code: 'hx-gold', nameRu: 'Золото', nameEn: 'Gold' },
    ],
  })
  await addProgrammeMember(db, { programmeId: programme.id, orgId: a.id, tierId: tiers[0].id })
  Object.assign(w, {
    operatorId: operator.id,
    managerA: { id: managerA.id, email: managerA.email, cookie: await app.login(managerA.email, defaultTestPassword) },
    managerB: { cookie: await app.login(managerB.email, defaultTestPassword) },
    dealerA: {
      id: a.id,
      admin: { id: aAdmin.id, email: aAdmin.email },
      adminCookie: await app.login(aAdmin.email, defaultTestPassword),
      buyerCookie: await app.login(aBuyer.email, defaultTestPassword),
      buyerId: aBuyer.id,
    },
    dealerB: {
      id: b.id,
      adminCookie: await app.login(bAdmin.email, defaultTestPassword),
      buyerCookie: await app.login(bBuyer.email, defaultTestPassword),
      buyerId: bBuyer.id,
    },
    lamp: { id: lamp.id, sku: lamp.sku },
    category: category.id,
    tiers: tiers.map((t) => ({ id: t.id })),
    orderB: orderB.id,
  })
}, 120_000)
afterAll(() => app.close())

// ---------------------------------------------------------------------------------------------------------------

describe('the public application form', () => {
  it('refuses a bad INN, 100 kB fields, wrong types and unknown interests', async () => {
    const inn = makeInn()
    await refuseAll('/partners/apply', null, [
      ['bad INN', applicationForm({ inn: '7701234567' }), { status: 400, message: 'errors.innInvalid' }],
      ['letters for an INN', applicationForm({ inn: 'ИНН-НЕТ' }), { status: 400, message: 'errors.innInvalid' }],
      ['100 kB INN', applicationForm({ inn: big }), { status: 400, message: 'errors.tooLong40' }],
      ['100 kB legal name', { ...applicationForm({ inn }), legalName: big }, { status: 400, message: 'errors.tooLong200' }],
      ['100 kB note', { ...applicationForm({ inn }), interestsNote: big }, { status: 400, message: 'application.error.tooLong2000' }],
      ['100 kB e-mail', { ...applicationForm({ inn }), contactEmail: big }, { status: 400, message: 'errors.tooLong254' }],
      ['phone of letters', { ...applicationForm({ inn }), contactPhone: 'call me' }, { status: 400, message: 'application.error.phone' }],
      ['unknown region', { ...applicationForm({ inn }), region: 'RU-XXX' }, { status: 400, message: 'errors.chooseOne' }],
      ['interest not a uuid', { ...applicationForm({ inn }), interests: 'lamps' }, { status: 400, message: 'errors.invalidId' }],
      ['unknown interest', { ...applicationForm({ inn }), interests: unknownUuid }, { status: 400, message: 'application.error.unknownInterest' }],
      ['no consent', { ...applicationForm({ inn }), consent: '' }, { status: 400, message: 'application.error.consent' }],
      ['empty form', {}, { status: 400, message: 'errors.required' }],
    ])
  })

  it('an application whose INN is already a dealer is held at the check: the offer is refused, nothing changes', async () => {
    const inn = makeInn()
    await createOrganisation(db, { kind: 'dealer', inn })
    const res = await app.request('/partners/apply', { form: applicationForm({ inn }) })
    expect(res.status).toBe(200)
    const [row] = await db.select().from(partnerApplications).where(eq(partnerApplications.inn, inn))
    expect(row.verificationStatus).toBe('failed')
    await refused(
      'offer to a duplicate INN',
      `/desk/partners/applications/${row.id}`,
      { cookie: w.managerA.cookie, form: { intent: 'offer' } },
      { status: 409, message: 'application.error.checkFailed' },
    )
  })

  it('answers GET, PUT and DELETE without a form with a 4xx or the page, never a 500', async () => {
    expect((await app.request('/partners/apply')).status).toBe(200)
    await refused('PUT without a body', '/partners/apply', { method: 'PUT' }, { status: 400, message: 'errors.notAForm' })
    await refused('DELETE without a body', '/partners/apply', { method: 'DELETE' }, { status: 400, message: 'errors.notAForm' })
    await refused('JSON body', '/partners/apply', { body: '{"inn":1}', headers: { 'content-type': 'application/json' } }, { status: 400 })
  })
})

describe("the applicant's status page and the desk's steps", () => {
  it('refuse a made-up token, a missing acceptance, an unknown intent and a second acceptance', async () => {
    const data = applicationInput()
    const a = await submitApplication({ data, locale: 'en', ip: null })
    const actor = { userId: null, email: 'pm@example.com', ip: null }
    // The status link comes once, in the first mail (later stage mails point back to it).
    const mailed = await latestMailTo({ scope: grantScope('read:mail:any', null), address: data.contactEmail })
    const link = /https?:\/\/[^\s]+(\/partners\/apply\/[^\s]+)/.exec(mailed!.textBody)![1]
    expect(await advanceApplication({ scope: grantScope('manage:partner_programme:any', null), applicationId: a.id, step: 'offer', actor })).toEqual({
      ok: true,
    })
    await refused('made-up token', `/partners/apply/${a.id}.nope`, { form: { intent: 'accept', accept: 'on' } }, { status: 404 })
    await refused('NUL in the token', '/partners/apply/%00', { form: { intent: 'accept', accept: 'on' } }, { status: '4xx' })
    await refused('10 kB token', `/partners/apply/${'x'.repeat(10_000)}`, { form: { intent: 'accept', accept: 'on' } }, { status: 404 })
    await refuseAll(link, null, [
      ['no acceptance', { intent: 'accept' }, { status: 400, message: 'application.error.acceptRequired' }],
      ['unknown intent', { intent: 'withdraw', accept: 'on' }, { status: 400 }],
      ['100 kB acceptance', { intent: 'accept', accept: big }, { status: 400 }],
    ])
    await refused('DELETE', link, { method: 'DELETE' }, { status: 400, message: 'errors.notAForm' })
    expect((await app.request(link, { form: { intent: 'accept', accept: 'on' } })).status).toBe(200)
    await refused('a second acceptance', link, { form: { intent: 'accept', accept: 'on' } }, { status: 409 })
  })

  it('refuse impossible steps on the desk: unknown intents, ids, empty and 100 kB reasons, a rejected one activated', async () => {
    const staff = grantScope('manage:partner_programme:any', null)
    const actor = { userId: null, email: 'pm@example.com', ip: null }
    const { id } = await submitApplication({ data: applicationInput(), locale: 'en', ip: null })
    const path = `/desk/partners/applications/${id}`
    await refuseAll(path, w.managerA.cookie, [
      ['unknown intent', { intent: 'approve-all' }, { status: 400 }],
      ['no intent', {}, { status: 400 }],
      ['empty reason', { intent: 'reject', reason: '' }, { status: 400, message: 'application.error.reasonRequired' }],
      ['100 kB reason', { intent: 'reject', reason: big }, { status: 400, message: 'application.error.tooLong2000' }],
      ['activate before the agreement', { intent: 'activate' }, { status: 409, message: 'application.error.stage' }],
    ])
    await refused('id not a uuid', '/desk/partners/applications/123', { cookie: w.managerA.cookie, form: { intent: 'offer' } }, { status: 404 })
    await refused(
      'unknown id',
      `/desk/partners/applications/${unknownUuid}`,
      { cookie: w.managerA.cookie, form: { intent: 'offer' } },
      { status: '4xx' },
    )
    await refused('a dealer on the desk', path, { cookie: w.dealerA.adminCookie, form: { intent: 'offer' } }, { status: 403 })
    expect(await advanceApplication({ scope: staff, applicationId: id, step: 'reject', reason: 'Closed region', actor })).toEqual({ ok: true })
    await refuseAll(path, w.managerA.cookie, [
      ['activate a rejected application', { intent: 'activate' }, { status: 409, message: 'application.error.closed' }],
      ['offer to a rejected application', { intent: 'offer' }, { status: 409, message: 'application.error.closed' }],
      ['reject twice', { intent: 'reject', reason: 'again' }, { status: 409, message: 'application.error.closed' }],
    ])
  })
})

describe('the one-time password link', () => {
  it('refuses a made-up or 10 kB token, a 100 kB password and a mismatch', async () => {
    const form = { newPassword: 'a fine new password', confirmPassword: 'a fine new password' }
    await refused('made-up token', '/account/set-password/nope', { form }, { status: 404 })
    await refused('10 kB token', `/account/set-password/${'x'.repeat(10_000)}`, { form }, { status: 404 })
    await refused('PUT with a made-up token', '/account/set-password/nope', { method: 'PUT' }, { status: '4xx' })
  })
})

describe('deal registration by a dealer', () => {
  const dealForm = (o: Record<string, string> = {}) => ({
    endCustomerInn: makeInn(),
    endCustomerName: 'ООО «Заказчик»',
    endCustomerRegion: 'Москва',
    products: w.lamp.sku,
    expectedQty: '10',
    expectedValue: '100 000',
    expectedCloseOn: addDays(today, 30),
    note: '',
    ...o,
  })

  it('refuses impossible dates, numbers, ids and 100 kB fields with field errors, storing nothing', async () => {
    await refuseAll('/programme/deals/new', w.dealerA.buyerCookie, [
      ['31 February', dealForm({ expectedCloseOn: '2026-02-31' }), { status: 400, message: 'errors.dateInvalid' }],
      ['far future', dealForm({ expectedCloseOn: '275760-09-14' }), { status: 400, message: 'errors.dateInvalid' }],
      ['year 9999', dealForm({ expectedCloseOn: '9999-12-31' }), { status: 400, message: 'errors.dateOutOfRange' }],
      ['past close', dealForm({ expectedCloseOn: addDays(today, -1) }), { status: 400, message: 'deals.error.closeInPast' }],
      ['negative qty', dealForm({ expectedQty: '-5' }), { status: 400, message: 'deals.error.between' }],
      ['NaN qty', dealForm({ expectedQty: 'NaN' }), { status: 400, message: 'deals.error.wholeNumber' }],
      ['1e309 qty', dealForm({ expectedQty: '1e309' }), { status: 400, message: 'deals.error.wholeNumber' }],
      ['400-digit qty', dealForm({ expectedQty: '9'.repeat(400) }), { status: 400, message: 'deals.error.wholeNumber' }],
      ['negative value', dealForm({ expectedValue: '-100' }), { status: 400, message: 'deals.error.money' }],
      ['NaN value', dealForm({ expectedValue: 'NaN' }), { status: 400, message: 'deals.error.money' }],
      ['bad INN', dealForm({ endCustomerInn: '7707083890' }), { status: 400, message: 'errors.innInvalid' }],
      ['100 kB INN', dealForm({ endCustomerInn: big }), { status: 400, message: 'errors.innInvalid' }],
      ['100 kB name', dealForm({ endCustomerName: big }), { status: 400, message: 'errors.tooLong200' }],
      ['100 kB region', dealForm({ endCustomerRegion: big }), { status: 400, message: 'errors.tooLong100' }],
      ['100 kB products', dealForm({ products: big }), { status: 400, message: 'deals.error.tooManyProducts' }],
      ['100 kB note', dealForm({ note: big }), { status: 400, message: 'errors.tooLong2000' }],
      ['category not a uuid', dealForm({ products: '', categoryIds: 'lamps' }), { status: 400, message: 'errors.invalidId' }],
      ['unknown category', dealForm({ products: '', categoryIds: unknownUuid }), { status: 400, message: 'errors.chooseOne' }],
      ['empty form', {}, { status: 400, message: 'errors.required' }],
    ])
    await refused('no session', '/programme/deals/new', { form: dealForm() }, { status: 302 })
    await refused('the partner manager', '/programme/deals/new', { cookie: w.managerA.cookie, form: dealForm() }, { status: 403 })
  })

  it('a double submit of the same deal registers it once; the second is refused and names the first', async () => {
    const form = dealForm()
    const first = await app.request('/programme/deals/new', { cookie: w.dealerA.buyerCookie, form })
    expect(first.status).toBe(302)
    const [deal] = await db.select().from(dealRegistrations).where(eq(dealRegistrations.endCustomerInn, form.endCustomerInn))
    await refused(
      'the same form again',
      '/programme/deals/new',
      { cookie: w.dealerA.buyerCookie, form },
      { status: 409, message: 'deals.error.duplicate' },
    )
    const again = await app.request('/programme/deals/new', { cookie: w.dealerA.buyerCookie, form })
    expect(text(again.body)).toContain(deal.number)
    // Two at once (a double click before the first answer): still one.
    const other = dealForm()
    const both = await Promise.all([1, 2].map(() => app.request('/programme/deals/new', { cookie: w.dealerA.buyerCookie, form: other })))
    expect(both.map((r) => r.status).sort()).toEqual([302, 409])
    expect(await db.select().from(dealRegistrations).where(eq(dealRegistrations.endCustomerInn, other.endCustomerInn))).toHaveLength(1)
  })

  it('an end customer another dealer protects: registered as a conflict, told only that, the protected deal unchanged', async () => {
    const inn = makeInn()
    const protectedDeal = await registerTestDeal({
      orgId: w.dealerA.id,
      userId: w.dealerA.buyerId,
      input: { endCustomerInn: inn, products: [w.lamp.sku] },
    })
    const approve = await app.request(`/desk/partners/deals/${protectedDeal.id}`, {
      cookie: w.managerA.cookie,
      form: { intent: 'approve', protectionDays: '90' },
    })
    expect(approve.status).toBe(200)
    const [before] = await db.select().from(dealRegistrations).where(eq(dealRegistrations.id, protectedDeal.id))
    const res = await app.request('/programme/deals/new', { cookie: w.dealerB.buyerCookie, form: dealForm({ endCustomerInn: inn }) })
    expect(res.status).toBe(302)
    const id = /\/programme\/deals\/([0-9a-f-]{36})/.exec(res.location!)![1]
    const page = text((await app.request(`/programme/deals/${id}`, { cookie: w.dealerB.buyerCookie })).body)
    expect(page).toContain('This deal is already registered by another partner; a partner manager will decide.')
    expect(page).not.toContain(before.number)
    expect(page).not.toContain('Hostile A')
    const [after] = await db.select().from(dealRegistrations).where(eq(dealRegistrations.id, protectedDeal.id))
    expect(after).toEqual(before)
  })

  it("another dealer's deal is a 404 to read and to act on; other methods on a page without an action are refused", async () => {
    const mine = await registerTestDeal({
      orgId: w.dealerA.id,
      userId: w.dealerA.buyerId,
      input: { endCustomerInn: makeInn(), products: [w.lamp.sku] },
    })
    await refused("B reads A's deal", `/programme/deals/${mine.id}`, { cookie: w.dealerB.buyerCookie }, { status: 404 })
    await refused('not a uuid', '/programme/deals/..%2F..%2Fetc', { cookie: w.dealerA.buyerCookie }, { status: 404 })
    await refused(
      'POST to a page without an action',
      `/programme/deals/${mine.id}`,
      { cookie: w.dealerA.buyerCookie, form: { intent: 'approve' } },
      { status: 405 },
    )
    await refused('DELETE', `/programme/deals/${mine.id}`, { cookie: w.dealerA.buyerCookie, method: 'DELETE' }, { status: 405 })
    await refused(
      'the desk as a dealer',
      `/desk/partners/deals/${mine.id}`,
      { cookie: w.dealerA.adminCookie, form: { intent: 'approve', protectionDays: '30' } },
      { status: 403 },
    )
  })
})

describe("the partner manager's decisions on a deal", () => {
  it('refuses bad intents, numbers, dates, prices and ids, and replays after the state moved on', async () => {
    const deal = await registerTestDeal({
      orgId: w.dealerA.id,
      userId: w.dealerA.buyerId,
      input: { endCustomerInn: makeInn(), products: [w.lamp.sku] },
    })
    const path = `/desk/partners/deals/${deal.id}`
    await refuseAll(path, w.managerA.cookie, [
      ['unknown intent', { intent: 'delete' }, { status: 400 }],
      ['no intent', {}, { status: 400 }],
      ['negative days', { intent: 'approve', protectionDays: '-1' }, { status: 400, message: 'deals.error.between' }],
      ['NaN days', { intent: 'approve', protectionDays: 'NaN' }, { status: 400, message: 'deals.error.wholeNumber' }],
      ['too many days', { intent: 'approve', protectionDays: '99999' }, { status: 400, message: 'deals.error.between' }],
      [
        '31 February price end',
        { intent: 'approve', protectionDays: '30', priceUntil: '2026-02-31' },
        { status: 400, message: 'errors.dateInvalid' },
      ],
      [
        'past price end',
        { intent: 'approve', protectionDays: '30', priceUntil: addDays(today, -1) },
        { status: 400, message: 'deals.error.dayPassed' },
      ],
      [
        'negative price',
        { intent: 'approve', protectionDays: '30', 'prices[0].productId': w.lamp.id, 'prices[0].price': '-5' },
        { status: 400, message: 'deals.error.money' },
      ],
      [
        'price product not a uuid',
        { intent: 'approve', protectionDays: '30', 'prices[0].productId': 'lamp', 'prices[0].price': '5' },
        { status: 400, message: 'errors.invalidId' },
      ],
      [
        'price for a product not on the deal',
        { intent: 'approve', protectionDays: '30', 'prices[0].productId': unknownUuid, 'prices[0].price': '5' },
        { status: 400, message: 'deals.error.notOnDeal' },
      ],
      [
        'two prices for one product',
        {
          intent: 'approve',
          protectionDays: '30',
          'prices[0].productId': w.lamp.id,
          'prices[0].price': '50',
          'prices[1].productId': w.lamp.id,
          'prices[1].price': '60',
        },
        { status: 400, message: 'deals.error.duplicatePrice' },
      ],
      ['100 kB note', { intent: 'approve', protectionDays: '30', note: big }, { status: 400, message: 'errors.tooLong500' }],
      ['100 kB reason', { intent: 'reject', reason: big }, { status: 400, message: 'errors.tooLong500' }],
      ['empty reason', { intent: 'reject', reason: '' }, { status: 400, message: 'deals.error.reasonRequired' }],
      ['resolve without a conflict', { intent: 'resolve', keep: 'this', protectionDays: '30' }, { status: 409 }],
      ['resolve keep nobody', { intent: 'resolve', keep: 'both', protectionDays: '30' }, { status: 400, message: 'errors.chooseOne' }],
      ['extend a submitted deal', { intent: 'extend', days: '30' }, { status: 409, message: 'deals.error.notAllowed' }],
      ['won with an order not a uuid', { intent: 'won', orderIds: '1' }, { status: 400, message: 'errors.invalidId' }],
    ])
    await refused(
      'id not a uuid',
      '/desk/partners/deals/1',
      { cookie: w.managerA.cookie, form: { intent: 'reject', reason: 'because' } },
      { status: 404 },
    )
    await refused(
      'unknown id',
      `/desk/partners/deals/${unknownUuid}`,
      { cookie: w.managerA.cookie, form: { intent: 'reject', reason: 'because' } },
      { status: 404 },
    )
    await refused('PUT without a body', path, { cookie: w.managerA.cookie, method: 'PUT' }, { status: 400, message: 'errors.notAForm' })

    expect((await app.request(path, { cookie: w.managerA.cookie, form: { intent: 'approve', protectionDays: '30' } })).status).toBe(200)
    await refuseAll(path, w.managerA.cookie, [
      ['approve twice', { intent: 'approve', protectionDays: '30' }, { status: 409, message: 'deals.error.notAllowed' }],
      ["won with another dealer's order", { intent: 'won', orderIds: w.orderB }, { status: 400, message: 'deals.error.notDealersOrder' }],
      ['extend by 0 days', { intent: 'extend', days: '0' }, { status: 400, message: 'deals.error.between' }],
    ])
    // Protection over: the deal expires, and approving, extending or winning it is refused.
    await db
      .update(dealRegistrations)
      .set({ protectedUntil: addDays(today, -1) })
      .where(eq(dealRegistrations.id, deal.id))
    await app.request(path, { cookie: w.managerA.cookie })
    expect((await db.select().from(dealRegistrations).where(eq(dealRegistrations.id, deal.id)))[0].status).toBe('expired')
    await refuseAll(path, w.managerA.cookie, [
      ['approve an expired deal', { intent: 'approve', protectionDays: '30' }, { status: 409, message: 'deals.error.notAllowed' }],
      ['extend an expired deal', { intent: 'extend', days: '30' }, { status: 409, message: 'deals.error.notAllowed' }],
      ['win an expired deal', { intent: 'won' }, { status: 409, message: 'deals.error.notAllowed' }],
      ['lose an expired deal', { intent: 'lost', reason: 'too late' }, { status: 409, message: 'deals.error.notAllowed' }],
    ])
  })
})

describe("one partner on the partner manager's desk", () => {
  it('refuses bad overrides, certifications and targets, and ids that are not a dealer', async () => {
    const path = `/desk/partners/${w.dealerA.id}`
    const target = (o: Record<string, string>) => ({
      intent: 'target',
      periodKind: 'quarter',
      year: '2026',
      quarter: '3',
      metric: 'revenue',
      target: '1 000 000',
      ...o,
    })
    await refuseAll(path, w.managerA.cookie, [
      ['unknown intent', { intent: 'promote' }, { status: 400 }],
      ['override tier not a uuid', { intent: 'override', tierId: 'gold', reason: 'A good year' }, { status: 400, message: 'errors.invalidId' }],
      [
        'override to an unknown tier',
        { intent: 'override', tierId: unknownUuid, reason: 'A good year' },
        { status: 400, message: 'errors.chooseOne' },
      ],
      ['override without a reason', { intent: 'override', tierId: w.tiers[1].id, reason: '' }, { status: 400, message: 'tier.error.reasonRequired' }],
      [
        'override with a 100 kB reason',
        { intent: 'override', tierId: w.tiers[1].id, reason: big },
        { status: 400, message: 'tier.error.tooLong500' },
      ],
      [
        'override until 31 February',
        { intent: 'override', tierId: w.tiers[1].id, reason: 'A good year', until: '2026-02-31' },
        { status: 400, message: 'errors.dateInvalid' },
      ],
      [
        'override until yesterday',
        { intent: 'override', tierId: w.tiers[1].id, reason: 'A good year', until: addDays(today, -1) },
        { status: 400, message: 'tier.error.untilPast' },
      ],
      ['lift an override there is not', { intent: 'lift-override', reason: 'Back to normal' }, { status: 400, message: 'tier.error.noOverride' }],
      [
        'certification on 31 February',
        { intent: 'certification', personName: 'Иван', course: 'Свет', completedOn: '2026-02-31' },
        { status: 400, message: 'errors.dateInvalid' },
      ],
      [
        'certification expiring before it was completed',
        { intent: 'certification', personName: 'Иван', course: 'Свет', completedOn: '2026-05-01', expiresOn: '2026-04-01' },
        { status: 400, message: 'tier.error.expiresBeforeCompleted' },
      ],
      [
        'certification, 100 kB name',
        { intent: 'certification', personName: big, course: 'Свет', completedOn: '2026-05-01' },
        { status: 400, message: 'errors.tooLong200' },
      ],
      ['target in 1999', target({ year: '1999' }), { status: 400, message: 'tier.error.range' }],
      ['target in quarter 5', target({ quarter: '5' }), { status: 400, message: 'tier.error.range' }],
      ['negative target', target({ target: '-5' }), { status: 400, message: 'tier.error.wholeNumber' }],
      ['NaN target', target({ target: 'NaN' }), { status: 400, message: 'tier.error.wholeNumber' }],
      ['1e309 target', target({ target: '1e309' }), { status: 400 }],
      ['target of 0.4 units', target({ metric: 'units', target: '0,4' }), { status: 400, message: 'tier.error.wholeNumber' }],
      ['target of 1.5 units', target({ metric: 'units', target: '1,5' }), { status: 400, message: 'tier.error.wholeNumber' }],
      ['target for an unknown category', target({ categoryId: unknownUuid }), { status: 400, message: 'errors.chooseOne' }],
      ['target category not a uuid', target({ categoryId: 'lamps' }), { status: 400, message: 'errors.invalidId' }],
    ])
    await refused(
      'an operator organisation',
      `/desk/partners/${w.operatorId}`,
      { cookie: w.managerA.cookie, form: { intent: 'evaluate' } },
      { status: 404 },
    )
    await refused(
      'an unknown organisation',
      `/desk/partners/${unknownUuid}`,
      { cookie: w.managerA.cookie, form: { intent: 'evaluate' } },
      { status: 404 },
    )
    await refused('not a uuid', '/desk/partners/1e309', { cookie: w.managerA.cookie, form: { intent: 'evaluate' } }, { status: 404 })
    await refused('a dealer admin', path, { cookie: w.dealerA.adminCookie, form: { intent: 'evaluate' } }, { status: 403 })
  })
})

describe("the dealer's own programme page", () => {
  it("refuses bad certifications, a buyer's and another tenant's writes", async () => {
    await refuseAll('/programme', w.dealerA.adminCookie, [
      [
        '100 kB course',
        { intent: 'certification', personName: 'Иван', course: big, completedOn: '2026-05-01' },
        { status: 400, message: 'errors.tooLong200' },
      ],
      [
        'year 0',
        { intent: 'certification', personName: 'Иван', course: 'Свет', completedOn: '0000-01-01' },
        { status: 400, message: 'errors.dateOutOfRange' },
      ],
      ['wrong intent', { intent: 'target', personName: 'Иван', course: 'Свет', completedOn: '2026-05-01' }, { status: 400 }],
      ['empty form', {}, { status: 400 }],
    ])
    await refused(
      'a buyer',
      '/programme',
      { cookie: w.dealerA.buyerCookie, form: { intent: 'certification', personName: 'И', course: 'С', completedOn: '2026-05-01' } },
      { status: 403 },
    )
    // An orgId in the form is not read: the certification goes to the admin's own organisation only.
    const res = await app.request('/programme', {
      cookie: w.dealerB.adminCookie,
      form: { intent: 'certification', personName: 'Чужой', course: 'Свет', completedOn: '2026-05-01', orgId: w.dealerA.id },
    })
    expect(res.status).toBe(200)
    const rows = rowsOf<{ org_id: string }>(await db.execute(sql`select org_id from partner_certifications where person_name = 'Чужой'`))
    expect(rows.map((r) => r.org_id)).toEqual([w.dealerB.id])
  })
})

describe('rebate programmes', () => {
  const programmeForm = (o: Record<string, string> = {}) => ({
    code: `HX-${crypto.randomUUID().slice(0, 8)}`,
    nameRu: 'Бонус',
    nameEn: 'Rebate',
    periodKind: 'quarter',
    kind: 'percent',
    validFrom: '2026-01-01',
    'steps[0].from': '500 000',
    'steps[0].rate': '2',
    'steps[1].from': '1 500 000',
    'steps[1].rate': '3',
    ...o,
  })

  it('refuses overlapping and duplicate steps, impossible dates, numbers and codes', async () => {
    await refuseAll('/desk/partners/rebates', w.managerA.cookie, [
      ['overlapping steps', programmeForm({ 'steps[1].from': '100 000' }), { status: 400, message: 'rebate.error.overlappingStep' }],
      ['duplicate steps', programmeForm({ 'steps[1].from': '500 000' }), { status: 400, message: 'rebate.error.duplicateStep' }],
      [
        'no steps',
        programmeForm({ 'steps[0].from': '', 'steps[0].rate': '', 'steps[1].from': '', 'steps[1].rate': '' }),
        { status: 400, message: 'rebate.error.noSteps' },
      ],
      ['negative threshold', programmeForm({ 'steps[0].from': '-5' }), { status: 400, message: 'rebate.error.badFrom' }],
      ['NaN rate', programmeForm({ 'steps[0].rate': 'NaN' }), { status: 400, message: 'rebate.error.badRate' }],
      ['rate of 500 %', programmeForm({ 'steps[0].rate': '500' }), { status: 400, message: 'rebate.error.badRate' }],
      ['1e309 threshold', programmeForm({ 'steps[0].from': '1e309' }), { status: 400, message: 'rebate.error.badFrom' }],
      ['30-digit threshold', programmeForm({ 'steps[1].from': '9'.repeat(29) }), { status: 400, message: 'rebate.error.badFrom' }],
      ['negative budget', programmeForm({ budget: '-1' }), { status: 400, message: 'rebate.error.badBudget' }],
      ['valid from 31 February', programmeForm({ validFrom: '2026-02-31' }), { status: 400, message: 'errors.dateInvalid' }],
      ['valid to 31 February', programmeForm({ validTo: '2026-02-31' }), { status: 400, message: 'errors.dateInvalid' }],
      ['valid from year 0', programmeForm({ validFrom: '0000-01-01' }), { status: 400, message: 'errors.dateOutOfRange' }],
      ['valid to year 9999', programmeForm({ validTo: '9999-12-31' }), { status: 400, message: 'errors.dateOutOfRange' }],
      ['ends before it starts', programmeForm({ validTo: '2025-12-31' }), { status: 400, message: 'rebate.error.validTo' }],
      ['code with spaces', programmeForm({ code: 'a b' }), { status: 400, message: 'rebate.error.badCode' }],
      ['100 kB name', programmeForm({ nameEn: big }), { status: 400, message: 'errors.tooLong200' }],
      ['rank 0', programmeForm({ minTierRank: '0' }), { status: 400, message: 'rebate.error.badRank' }],
      ['category not a uuid', programmeForm({ categoryIds: 'lamps' }), { status: 400, message: 'errors.chooseOne' }],
      ['unknown category', programmeForm({ categoryIds: unknownUuid }), { status: 400, message: 'errors.chooseOne' }],
      ['unknown kind', programmeForm({ kind: 'bonus' }), { status: 400, message: 'errors.chooseOne' }],
      ['11 steps', programmeForm(Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`steps[${i}].from`, String(i + 1)]))), { status: 400 }],
    ])
    await refused('a dealer', '/desk/partners/rebates', { cookie: w.dealerA.adminCookie, form: programmeForm() }, { status: 403 })
  })

  it('a double submit creates one programme; the second is refused with the code taken', async () => {
    const form = programmeForm()
    expect((await app.request('/desk/partners/rebates', { cookie: w.managerA.cookie, form })).status).toBe(302)
    await refused(
      'the same form again',
      '/desk/partners/rebates',
      { cookie: w.managerA.cookie, form },
      { status: 400, message: 'rebate.error.codeTaken' },
    )
    const other = programmeForm()
    const both = await Promise.all([1, 2].map(() => app.request('/desk/partners/rebates', { cookie: w.managerA.cookie, form: other })))
    expect(both.map((r) => r.status).sort()).toEqual([302, 400])
    expect(text(both.find((r) => r.status === 400)!.body)).toContain('rebate.error.codeTaken')
  })

  it("refuses another programme's period, a second close, unknown intents and ids", async () => {
    const mine = await createRebateProgramme(db)
    const theirs = await createRebateProgramme(db)
    await app.request(`/desk/partners/rebates/${mine.id}`, { cookie: w.managerA.cookie })
    const [period] = await db.select().from(rebatePeriods).where(eq(rebatePeriods.rebateProgrammeId, mine.id))
    const [other] = await db.select().from(rebatePeriods).where(eq(rebatePeriods.rebateProgrammeId, theirs.id))
    const path = `/desk/partners/rebates/${mine.id}`
    await refuseAll(path, w.managerA.cookie, [
      ["another programme's period", { intent: 'accrue', periodId: other.id }, { status: 404 }],
      ['period not a uuid', { intent: 'close', periodId: '1' }, { status: 400, message: 'errors.chooseOne' }],
      ['unknown period', { intent: 'close', periodId: unknownUuid }, { status: 404 }],
      ['unknown intent (read as a save)', { intent: 'destroy' }, { status: 400, message: 'errors.required' }],
    ])
    await refused('unknown programme', `/desk/partners/rebates/${unknownUuid}`, { cookie: w.managerA.cookie, form: programmeForm() }, { status: 404 })
    await refused('not a uuid', '/desk/partners/rebates/new', { cookie: w.managerA.cookie, form: programmeForm() }, { status: 404 })
    expect((await app.request(path, { cookie: w.managerA.cookie, form: { intent: 'close', periodId: period.id } })).status).toBe(200)
    await refused(
      'close twice',
      path,
      { cookie: w.managerA.cookie, form: { intent: 'close', periodId: period.id } },
      { status: 409, message: 'rebate.error.alreadyClosed' },
    )
  })
})

describe("the partner managers' ledger and payout batches", () => {
  const desk = grantScope('manage:partner_programme:any', null)

  it('refuses a paid line edited, lines that are not pending, unknown reasons and ids', async () => {
    const { lineId: paid } = await accrueTestLine(db, { orgId: w.dealerB.id, amountMinor: 40_00 })
    const { lineId: pending } = await accrueTestLine(db, { orgId: w.dealerB.id, amountMinor: 10_00 })
    const prepared = await preparePayoutBatch({ scope: desk, actor: { userId: w.managerA.id, email: w.managerA.email, ip: null }, lineIds: [paid] })
    if (!prepared.ok) throw new Error('not prepared')
    await db.update(payoutBatches).set({ status: 'paid' }).where(eq(payoutBatches.id, prepared.batchId))
    await db.update(ledgerLines).set({ status: 'paid' }).where(eq(ledgerLines.id, paid))
    await refuseAll('/desk/partners/ledger', w.managerA.cookie, [
      ['hold a paid line', { intent: 'hold', lineId: paid, reasons: 'documents' }, { status: 409, message: 'ledger.error.inBatch' }],
      ['reverse a paid line', { intent: 'reverse', lineId: paid, reason: 'wrong' }, { status: 409, message: 'ledger.error.inBatch' }],
      ['release a paid line', { intent: 'release', lineId: paid }, { status: 409, message: 'ledger.error.notHeld' }],
      ['pay a paid line again', { intent: 'prepare', lineIds: paid }, { status: 409, message: 'payout.error.noLines' }],
      ['release a pending line', { intent: 'release', lineId: pending }, { status: 409, message: 'ledger.error.notHeld' }],
      ['unknown hold reason', { intent: 'hold', lineId: pending, reasons: 'whim' }, { status: 400 }],
      ['no hold reason', { intent: 'hold', lineId: pending }, { status: 400, message: 'errors.required' }],
      ['100 kB note', { intent: 'hold', lineId: pending, reasons: 'documents', note: big }, { status: 400 }],
      ['100 kB reversal reason', { intent: 'reverse', lineId: pending, reason: big }, { status: 400 }],
      ['line not a uuid', { intent: 'hold', lineId: '1; drop table ledger_lines', reasons: 'documents' }, { status: 400 }],
      ['unknown line', { intent: 'reverse', lineId: unknownUuid, reason: 'wrong' }, { status: 404, message: 'ledger.error.notFound' }],
      ['prepare with no lines', { intent: 'prepare' }, { status: 400, message: 'errors.required' }],
      ['prepare unknown lines', { intent: 'prepare', lineIds: unknownUuid }, { status: 409, message: 'payout.error.noLines' }],
      ['unknown intent', { intent: 'pay-everything' }, { status: 400 }],
    ])
    await refused(
      'a dealer',
      '/desk/partners/ledger',
      { cookie: w.dealerB.adminCookie, form: { intent: 'reverse', lineId: pending, reason: 'wrong' } },
      { status: 403 },
    )
  })

  it('refuses a batch approved by its preparer, approved twice, paid twice or paid unapproved', async () => {
    const { lineId } = await accrueTestLine(db, { orgId: w.dealerA.id, amountMinor: 70_00 })
    const res = await app.request('/desk/partners/ledger', { cookie: w.managerA.cookie, form: { intent: 'prepare', lineIds: lineId } })
    expect(res.status).toBe(200)
    const [line] = await db.select().from(ledgerLines).where(eq(ledgerLines.id, lineId))
    const path = `/desk/partners/payouts/${line.batchId}`
    await refuseAll(path, w.managerA.cookie, [
      ['approved by its own preparer', { intent: 'approve' }, { status: 409, message: 'payout.error.fourEyes' }],
      ['paid before it is approved', { intent: 'paid' }, { status: 409, message: 'payout.error.notApproved' }],
      ['unknown intent', { intent: 'reopen' }, { status: 400 }],
    ])
    expect((await app.request(path, { cookie: w.managerB.cookie, form: { intent: 'approve' } })).status).toBe(200)
    await refused(
      'approved twice',
      path,
      { cookie: w.managerB.cookie, form: { intent: 'approve' } },
      { status: 409, message: 'payout.error.alreadyApproved' },
    )
    expect((await app.request(path, { cookie: w.managerA.cookie, form: { intent: 'paid' } })).status).toBe(200)
    await refuseAll(path, w.managerB.cookie, [
      ['paid twice', { intent: 'paid' }, { status: 409, message: 'payout.error.paid' }],
      ['approved once paid', { intent: 'approve' }, { status: 409, message: 'payout.error.paid' }],
    ])
    await refuseAll('/desk/partners/ledger', w.managerA.cookie, [
      ['the paid line held', { intent: 'hold', lineId, reasons: 'review' }, { status: 409, message: 'ledger.error.inBatch' }],
      ['the paid line reversed', { intent: 'reverse', lineId, reason: 'too much' }, { status: 409, message: 'ledger.error.inBatch' }],
    ])
    await refused(
      'unknown batch',
      `/desk/partners/payouts/${unknownUuid}`,
      { cookie: w.managerB.cookie, form: { intent: 'approve' } },
      { status: 404 },
    )
    await refused(
      'batch not a uuid',
      '/desk/partners/payouts/B-2026-0001',
      { cookie: w.managerB.cookie, form: { intent: 'approve' } },
      { status: 404 },
    )
    await refused('PUT without a body', path, { cookie: w.managerB.cookie, method: 'PUT' }, { status: 400, message: 'errors.notAForm' })
    await refused('DELETE without a body', path, { cookie: w.managerB.cookie, method: 'DELETE' }, { status: 400, message: 'errors.notAForm' })
    for (const ext of ['csv', 'xlsx']) {
      await refused(`unknown batch .${ext}`, `/desk/partners/payouts/${unknownUuid}.${ext}`, { cookie: w.managerB.cookie }, { status: 404 })
      await refused(`.${ext} by a dealer`, `${path}.${ext}`, { cookie: w.dealerA.adminCookie }, { status: 403 })
      await refused(`POST to .${ext}`, `${path}.${ext}`, { cookie: w.managerB.cookie, form: { intent: 'approve' } }, { status: 405 })
    }
  })
})

describe('queries on ledger lines', () => {
  it('refuse an answer to a closed query, a second close, 100 kB and empty bodies, unknown ids', async () => {
    const { lineId } = await accrueTestLine(db, { orgId: w.dealerA.id, amountMinor: 12_00 })
    const opened = await openDispute({
      scope: grantScope('manage:partner_programme:org', w.dealerA.id),
      actor: { userId: w.dealerA.admin.id, email: w.dealerA.admin.email, ip: null },
      lineId,
      body: 'Why 3 %?',
    })
    if (!opened.ok) throw new Error('not opened')
    const disputeId = opened.disputeId
    await refuseAll('/desk/partners/disputes', w.managerA.cookie, [
      ['empty answer', { intent: 'answer', disputeId, body: '' }, { status: 400 }],
      ['100 kB answer', { intent: 'answer', disputeId, body: big }, { status: 400 }],
      ['dispute not a uuid', { intent: 'answer', disputeId: '1', body: 'Hello' }, { status: 400 }],
      ['unknown dispute', { intent: 'answer', disputeId: unknownUuid, body: 'Hello' }, { status: 404, message: 'dispute.error.notFound' }],
      ['unknown intent', { intent: 'reopen', disputeId }, { status: 400 }],
    ])
    expect((await app.request('/desk/partners/disputes', { cookie: w.managerA.cookie, form: { intent: 'close', disputeId } })).status).toBe(200)
    expect((await db.select().from(ledgerDisputes).where(eq(ledgerDisputes.id, disputeId)))[0].status).toBe('closed')
    await refuseAll('/desk/partners/disputes', w.managerA.cookie, [
      ['answer a closed query', { intent: 'answer', disputeId, body: 'Late answer' }, { status: 409, message: 'dispute.error.closed' }],
      ['close it twice', { intent: 'close', disputeId }, { status: 409, message: 'dispute.error.closed' }],
    ])
    await refused(
      'a dealer answering on the desk',
      '/desk/partners/disputes',
      { cookie: w.dealerA.adminCookie, form: { intent: 'close', disputeId } },
      { status: 403 },
    )
  })

  it("the dealer's line: another dealer, a buyer, 100 kB and empty bodies are refused", async () => {
    const { lineId } = await accrueTestLine(db, { orgId: w.dealerA.id, amountMinor: 13_00 })
    const path = `/programme/ledger/${lineId}`
    await refused("B reads A's line", path, { cookie: w.dealerB.adminCookie }, { status: 404 })
    await refused("B queries A's line", path, { cookie: w.dealerB.adminCookie, form: { body: 'Mine now' } }, { status: 404 })
    await refused('a buyer queries', path, { cookie: w.dealerA.buyerCookie, form: { body: 'Why?' } }, { status: 403 })
    await refused('the desk queries as a dealer', path, { cookie: w.managerA.cookie, form: { body: 'Why?' } }, { status: 403 })
    await refuseAll(path, w.dealerA.adminCookie, [
      ['empty body', { body: '' }, { status: 400 }],
      ['100 kB body', { body: big }, { status: 400 }],
    ])
    await refused('line not a uuid', '/programme/ledger/%E2%80%AE123', { cookie: w.dealerA.adminCookie, form: { body: 'Why?' } }, { status: 404 })
  })
})

describe('the inbox and the outbox', () => {
  it("refuses ids that are not uuids, never marks another person's notice, and follows only paths inside the portal", async () => {
    const [notice] = await db
      .insert(notifications)
      .values({ userId: w.dealerA.buyerId, kind: 'dealSubmitted', params: { number: 'D-1' }, link: '/programme/deals' })
      .returning()
    await refuseAll('/inbox', w.dealerB.buyerCookie, [
      ['id not a uuid', { intent: 'read', id: 'all' }, { status: 400, message: 'errors.invalidId' }],
      ['unknown intent', { intent: 'delete-all' }, { status: 400 }],
    ])
    // Another person's notice: the answer is the same as for an unknown one, and nothing is marked.
    const before = await fingerprint()
    const res = await app.request('/inbox', { cookie: w.dealerB.buyerCookie, form: { intent: 'read', id: notice.id } })
    expect(res.status).toBeLessThan(500)
    expect(await fingerprint()).toEqual(before)
    // "Open" follows the notice's link only inside the portal.
    for (const to of ['//evil.example', '/\\evil.example', '/%5Cevil.example', 'https://evil.example', '/\t/evil.example']) {
      const [mine] = await db
        .insert(notifications)
        .values({ userId: w.dealerB.buyerId, kind: 'dealSubmitted', params: { number: 'D-2' }, link: '/' })
        .returning()
      const r = await app.request(`/inbox?to=${encodeURIComponent(to)}`, { cookie: w.dealerB.buyerCookie, form: { intent: 'read', id: mine.id } })
      expect(r.status, to).toBeLessThan(500)
      if (r.location) expect(new URL(r.location, app.origin).origin, `${to} → ${r.location}`).toBe(app.origin)
    }
    const ok = await app.request(`/inbox?to=${encodeURIComponent('/programme/deals')}`, {
      cookie: w.dealerA.buyerCookie,
      form: { intent: 'read', id: notice.id },
    })
    expect(ok.status).toBe(302)
    expect(ok.location).toBe('/programme/deals')
    await refused('no session', '/inbox', { form: { intent: 'read-all' } }, { status: 302 })
  })

  it('the outbox is staff-only and survives hostile queries', async () => {
    for (const q of [big.slice(0, 5000), '%_\\', "'; select pg_sleep(5); --", '\u202e', 'NaN'])
      expect(
        (await app.request(`/desk/mail?q=${encodeURIComponent(q)}&page=${encodeURIComponent(q)}`, { cookie: w.managerA.cookie })).status,
        q,
      ).toBe(200)
    await refused('a dealer', '/desk/mail', { cookie: w.dealerA.adminCookie }, { status: 403 })
    await refused('POST to a page without an action', '/desk/mail', { cookie: w.managerA.cookie, form: { intent: 'send' } }, { status: 405 })
  })
})

describe('hostile queries on the lists', () => {
  it('drop what they do not understand instead of failing', async () => {
    const q = encodeURIComponent
    const pages: [string, string][] = [
      ['/desk/partners/deals', w.managerA.cookie],
      ['/desk/partners/deals.csv', w.managerA.cookie],
      ['/desk/partners/applications', w.managerA.cookie],
      ['/desk/partners/rebates', w.managerA.cookie],
      ['/desk/partners/payouts', w.managerA.cookie],
      ['/desk/partners/disputes', w.managerA.cookie],
      ['/desk/partners', w.managerA.cookie],
      ['/programme/deals', w.dealerA.buyerCookie],
      ['/programme/deals/new', w.dealerA.buyerCookie],
      ['/programme/ledger', w.dealerA.adminCookie],
      ['/inbox', w.dealerA.buyerCookie],
    ]
    const params = `status=${q('nope')}&q=${q("%_'\\")}&from=2026-02-31&to=${q('275760-09-14')}&sort=${q('1;drop')}&dir=sideways&page=${q('1e309')}&show=${q('x')}`
    for (const [path, cookie] of pages) {
      const res = await app.request(`${path}?${params}`, { cookie })
      expect(res.status, path).toBe(200)
    }
  })
})

describe('double clicks: the same form twice at once', () => {
  it('a target saved twice at once is one target', async () => {
    const form = { intent: 'target', periodKind: 'year', year: '2027', metric: 'units', target: '500' }
    const both = await Promise.all([1, 2].map(() => app.request(`/desk/partners/${w.dealerA.id}`, { cookie: w.managerA.cookie, form })))
    expect(both.map((r) => r.status)).toEqual([200, 200])
    const rows = rowsOf<{ target: number }>(
      await db.execute(sql`select target from partner_targets where org_id = ${w.dealerA.id} and period_start = '2027-01-01' and metric = 'units'`),
    )
    expect(rows.map((r) => Number(r.target))).toEqual([500])
  })

  it('lines prepared twice at once go into one batch', async () => {
    const { lineId } = await accrueTestLine(db, { orgId: w.dealerB.id, amountMinor: 33_00 })
    const both = await Promise.all(
      [w.managerA.cookie, w.managerB.cookie].map((cookie) =>
        app.request('/desk/partners/ledger', { cookie, form: { intent: 'prepare', lineIds: lineId } }),
      ),
    )
    expect(both.map((r) => r.status).sort()).toEqual([200, 409])
    expect(text(both.find((r) => r.status === 409)!.body)).toContain('payout.error.noLines')
    const batches = rowsOf<{ n: number }>(
      await db.execute(
        sql`select count(*)::int as n from payout_batches b where exists (select 1 from ledger_lines l where l.batch_id = b.id and l.id = ${lineId})`,
      ),
    )
    expect(batches[0].n).toBe(1)
  })

  it('a query sent twice at once is one query with two messages, the line held once', async () => {
    const { lineId } = await accrueTestLine(db, { orgId: w.dealerA.id, amountMinor: 44_00 })
    const both = await Promise.all(
      [1, 2].map(() => app.request(`/programme/ledger/${lineId}`, { cookie: w.dealerA.adminCookie, form: { body: 'Why so little?' } })),
    )
    expect(both.map((r) => r.status)).toEqual([200, 200])
    expect(await db.select().from(ledgerDisputes).where(eq(ledgerDisputes.lineId, lineId))).toHaveLength(1)
    const [line] = await db.select().from(ledgerLines).where(eq(ledgerLines.id, lineId))
    expect(line).toMatchObject({ status: 'held', holdReasons: ['dispute'] })
  })

  it('a deal approved by two managers at once is approved once', async () => {
    const deal = await registerTestDeal({
      orgId: w.dealerA.id,
      userId: w.dealerA.buyerId,
      input: { endCustomerInn: makeInn(), products: [w.lamp.sku] },
    })
    const both = await Promise.all(
      [w.managerA.cookie, w.managerB.cookie].map((cookie) =>
        app.request(`/desk/partners/deals/${deal.id}`, { cookie, form: { intent: 'approve', protectionDays: '30' } }),
      ),
    )
    expect(both.map((r) => r.status).sort()).toEqual([200, 409])
    const kinds = rowsOf<{ kind: string }>(await db.execute(sql`select kind from deal_events where deal_id = ${deal.id} order by at`)).map(
      (e) => e.kind,
    )
    expect(kinds).toEqual(['submitted', 'approved'])
  })
})

describe('activation and the password link, twice at once', () => {
  it('one organisation for two activations; one password for two submits of the link', async () => {
    const staff = grantScope('manage:partner_programme:any', null)
    const actor = { userId: null, email: 'pm@example.com', ip: null }
    const data = applicationInput()
    const { id } = await submitApplication({ data, locale: 'en', ip: null })
    expect(await advanceApplication({ scope: staff, applicationId: id, step: 'offer', actor })).toEqual({ ok: true })
    await db.update(partnerApplications).set({ status: 'agreement_accepted' }).where(eq(partnerApplications.id, id))
    const both = await Promise.all(
      [w.managerA.cookie, w.managerB.cookie].map((cookie) =>
        app.request(`/desk/partners/applications/${id}`, { cookie, form: { intent: 'activate' } }),
      ),
    )
    expect(both.map((r) => r.status).sort()).toEqual([200, 409])
    const orgs = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from organisations where inn = ${data.inn}`))
    expect(orgs[0].n).toBe(1)
    const mails = rowsOf<{ text_body: string }>(
      await db.execute(sql`select text_body from mail_outbox where to_address = ${data.contactEmail} and kind = 'password.setup'`),
    )
    expect(mails).toHaveLength(1)
    const link = /https?:\/\/[^\s]+(\/account\/set-password\/[^\s]+)/.exec(mails[0].text_body)![1]
    await refuseAll(link, null, [
      ['100 kB password', { newPassword: big, confirmPassword: big }, { status: 400, message: 'errors.tooLong256' }],
      ['too short', { newPassword: 'short', confirmPassword: 'short' }, { status: 400, message: 'errors.passwordTooShort' }],
      ['mismatch', { newPassword: 'a fine new password', confirmPassword: 'another password!' }, { status: 400 }],
    ])
    const form = { newPassword: 'a fine new password', confirmPassword: 'a fine new password' }
    const sets = await Promise.all([1, 2].map(() => app.request(link, { form })))
    expect(sets.map((r) => r.status).sort()).toEqual([302, 404])
    await refused(
      'the used link again',
      link,
      { form: { newPassword: 'yet another password', confirmPassword: 'yet another password' } },
      { status: 404 },
    )
  })
})

describe('wrong types get a message from the catalog, never a validator default', () => {
  it('checkboxes, numbers and choices given text', async () => {
    const rebate = {
      code: `HX-${crypto.randomUUID().slice(0, 8)}`,
      nameRu: 'Бонус',
      nameEn: 'Rebate',
      periodKind: 'quarter',
      kind: 'percent',
      validFrom: '2026-01-01',
      'steps[0].from': '500 000',
      'steps[0].rate': '2',
    }
    const cases: [string, string, string | null, Record<string, string>][] = [
      ['rank as text', '/desk/partners/rebates', w.managerA.cookie, { ...rebate, minTierRank: 'gold' }],
      ['rank 1e309', '/desk/partners/rebates', w.managerA.cookie, { ...rebate, minTierRank: '1e309' }],
      ['consent as text', '/partners/apply', null, { ...applicationForm(), consent: 'yes please' }],
      [
        'year as text',
        `/desk/partners/${w.dealerA.id}`,
        w.managerA.cookie,
        { intent: 'target', periodKind: 'year', year: 'next', metric: 'units', target: '5' },
      ],
      [
        'grace as text',
        `/desk/partners/${w.dealerA.id}`,
        w.managerA.cookie,
        { intent: 'override', tierId: w.tiers[1].id, reason: 'A good year', until: 'tomorrow' },
      ],
      ['keep as a list', `/desk/partners/deals/${unknownUuid}`, w.managerA.cookie, { intent: 'resolve', keep: 'this,other', protectionDays: '5' }],
      ['read-all with an id list', '/inbox', w.dealerA.buyerCookie, { intent: 'read', 'id[0]': unknownUuid }],
    ]
    for (const [label, path, cookie, form] of cases) {
      const res = await refused(label, path, { cookie, form }, { status: 400 })
      expect(/Expected [a-z]+, received [a-z]+|Invalid input|"Required"/.exec(text(res.body))?.[0] ?? null, label).toBeNull()
    }
  })
})
