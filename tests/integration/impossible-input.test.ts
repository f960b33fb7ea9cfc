import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { auditLog, orders, products, stockLevels, taxRates, tenders, users } from '../../db/schema'
import { createWorld } from '../fixtures'
import { startApp, type App } from '../http-harness'

// Inputs an outside tester sent that answered 500: days that match YYYY-MM-DD but do not exist or lie outside
// what the database and a time zone shift can hold, well-formed ids of nothing, and cursors too large to be one.
// Each is a field error, a 400, or dropped from a filter, and changes nothing.

const impossibleDays = ['2026-02-30', '0000-01-01', '9999-12-31', '2026-99-99']
/** The field error each one gets: not a real day, or outside the business range. */
const dayMessage = (day: string) => (day.startsWith('0000') || day.startsWith('9999') ? 'A date from 2000 to 2100.' : 'A date as YYYY-MM-DD.')

let app: App
let world: Awaited<ReturnType<typeof createWorld>>
const cookies = {} as Record<'admin' | 'desk' | 'buyer' | 'procurement', string>

const count = async (table: typeof products | typeof taxRates | typeof tenders | typeof auditLog) =>
  (await db.select({ n: sql<number>`count(*)::int` }).from(table))[0].n

beforeAll(async () => {
  app = await startApp()
  world = await createWorld()
  await db.update(users).set({ locale: 'en' })
  const p = world.people
  cookies.admin = await app.login(p.operator_admin.email, p.operator_admin.password)
  cookies.desk = await app.login(p.sales_manager.email, p.sales_manager.password)
  cookies.buyer = await app.login(p.dealer_buyer.email, p.dealer_buyer.password)
  cookies.procurement = await app.login(p.procurement_officer.email, p.procurement_officer.password)
})
afterAll(() => app.close())

describe('impossible days in URL filters are dropped', () => {
  it.each(impossibleDays)('orders, the desk, the audit log and their CSV exports open with from/to=%s', async (day) => {
    for (const [path, cookie] of [
      ['/orders', cookies.buyer],
      ['/orders.csv', cookies.buyer],
      ['/desk/orders', cookies.desk],
      ['/desk/orders.csv', cookies.desk],
      ['/admin/audit', cookies.admin],
      ['/admin/audit.csv', cookies.admin],
    ] as const) {
      const res = await app.request(`${path}?from=${day}&to=${day}`, { cookie })
      expect(res.status, `${path} ${day}`).toBe(200)
    }
    // Dropped, not applied: the buyer's order is still listed.
    expect((await app.request(`/orders?from=${day}&to=${day}`, { cookie: cookies.buyer })).body).toContain(world.orders.dealer.number)
  })

  it.each(['1e21', '1e309', '-1', 'NaN', '9007199254740993', '0x10'])('the audit log opens with before=%s, from the newest entry', async (before) => {
    const newest = await app.request('/admin/audit', { cookie: cookies.admin })
    for (const path of ['/admin/audit', '/admin/audit.csv'])
      expect((await app.request(`${path}?before=${before}`, { cookie: cookies.admin })).status, path).toBe(200)
    const res = await app.request(`/admin/audit?before=${before}`, { cookie: cookies.admin })
    // The same rows as without a cursor (Number reads hex as 16, a real cursor: it need only not fail).
    const table = (html: string) => /<tbody>[\s\S]*?<\/tbody>/.exec(html)?.[0]
    expect(table(newest.body)).toContain('<tr')
    if (before !== '0x10') expect(table(res.body)).toBe(table(newest.body))
  })
})

describe('impossible days in forms are field errors, and nothing is written', () => {
  it.each(impossibleDays)('a stock receipt dated %s', async (day) => {
    const before = await db.select().from(stockLevels).where(eq(stockLevels.productId, world.product.id))
    const res = await app.request(`/desk/catalog/${world.product.id}`, {
      cookie: cookies.desk,
      form: { intent: 'stock', warehouseId: world.warehouse.id, atp: '5', nextReceiptDate: day, nextReceiptQty: '10', leadDays: '2' },
    })
    expect(res.status).toBe(400)
    expect(res.body).toContain(dayMessage(day))
    expect(await db.select().from(stockLevels).where(eq(stockLevels.productId, world.product.id))).toEqual(before)
  })

  it.each(impossibleDays)('a VAT rate valid from %s', async (day) => {
    const [rates, audits] = [await count(taxRates), await count(auditLog)]
    const taxClassId = (await db.select({ id: products.taxClassId }).from(products).where(eq(products.id, world.product.id)))[0].id
    const res = await app.request('/desk/catalog/reference', {
      cookie: cookies.desk,
      form: { intent: 'tax-rate', taxClassId, validFrom: day, ratePercent: '20' },
    })
    expect(res.status).toBe(400)
    expect(res.body).toContain(dayMessage(day))
    expect([await count(taxRates), await count(auditLog)]).toEqual([rates, audits])
  })

  it.each(impossibleDays)('a tender starting %sT10:00', async (day) => {
    const before = await count(tenders)
    const res = await app.request('/desk/tenders/new', {
      cookie: cookies.procurement,
      form: {
        intent: 'save',
        title: 'T',
        terms: 'Terms',
        visibility: 'rank',
        startsAt: `${day}T10:00`,
        durationMinutes: '30',
        staggerMinutes: '0',
        softWindowMinutes: '2',
        softExtensionMinutes: '2',
      },
    })
    expect(res.status).toBe(400)
    expect(res.body).toContain('Enter a date and time.')
    expect(await count(tenders)).toBe(before)
  })

  it.each(impossibleDays)('a confirmed delivery date %s on the order desk', async (day) => {
    const before = await db.select({ status: orders.status }).from(orders).where(eq(orders.id, world.orders.dealer.id))
    const res = await app.request(`/desk/orders/${world.orders.dealer.id}`, {
      cookie: cookies.desk,
      form: { intent: 'confirm', 'lines[0].lineNo': '1', 'lines[0].qty': '2', 'lines[0].date': day },
    })
    expect(res.status).toBe(400)
    expect(res.body).toContain(dayMessage(day))
    expect(await db.select({ status: orders.status }).from(orders).where(eq(orders.id, world.orders.dealer.id))).toEqual(before)
  })
})

describe('impossible days in a catalog import are line errors', () => {
  it('rejects a stock file with such receipt dates whole, naming each line', async () => {
    const csv = ['sku;warehouse;atp;next_receipt_date', ...impossibleDays.map((d) => `${world.product.sku};${world.warehouse.code};5;${d}`)].join(
      '\n',
    )
    const form = new FormData()
    form.set('kind', 'stock')
    form.set('file', new Blob([csv]), 'stock.csv')
    const res = await fetch(`${app.origin}/desk/catalog/import`, {
      method: 'POST',
      body: form,
      headers: { cookie: cookies.desk, origin: app.origin },
      redirect: 'manual',
    })
    expect(res.status).toBe(302)
    const report = (await app.request(res.headers.get('location')!, { cookie: cookies.desk })).body
    for (const d of impossibleDays) expect(report).toContain(dayMessage(d))
  })
})

describe('well-formed ids of nothing are field errors', () => {
  const nothing = '00000000-0000-4000-8000-000000000000'

  it('a product saved with an unknown category or VAT class', async () => {
    const [products0, audits] = [await count(products), await count(auditLog)]
    const [p] = await db.select().from(products).where(eq(products.id, world.product.id))
    const base = {
      intent: 'product',
      sku: 'NEW-ID-1',
      nameRu: 'Товар',
      nameEn: 'Item',
      unit: 'pcs',
      packSize: '1',
      categoryId: p.categoryId,
      taxClassId: p.taxClassId,
    }
    const noCategory = await app.request('/desk/catalog/new', { cookie: cookies.desk, form: { ...base, categoryId: nothing } })
    expect(noCategory.status).toBe(400)
    expect(noCategory.body).toContain('No such category.')
    const noTax = await app.request(`/desk/catalog/${p.id}`, { cookie: cookies.desk, form: { ...base, sku: p.sku, taxClassId: nothing } })
    expect(noTax.status).toBe(400)
    expect(noTax.body).toContain('No such VAT class.')
    expect([await count(products), await count(auditLog)]).toEqual([products0, audits])
    expect((await db.select({ taxClassId: products.taxClassId }).from(products).where(eq(products.id, p.id)))[0].taxClassId).toBe(p.taxClassId)
  })

  it('a VAT rate for an unknown VAT class', async () => {
    const rates = await count(taxRates)
    const res = await app.request('/desk/catalog/reference', {
      cookie: cookies.desk,
      form: { intent: 'tax-rate', taxClassId: nothing, validFrom: '2027-01-01', ratePercent: '20' },
    })
    expect(res.status).toBe(400)
    expect(res.body).toContain('No such VAT class.')
    expect(await count(taxRates)).toBe(rates)
  })
})
