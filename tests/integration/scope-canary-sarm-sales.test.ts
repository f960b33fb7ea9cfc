import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { ServerBuild } from '@remix-run/node'
import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { orderLines } from '../../db/schema/orders'
import { saleReportPhotos, saleReports } from '../../db/schema/sarm'
import { grantScope } from '../../app/modules/auth/scope.server'
import { listRoster } from '../../app/modules/sarm/roster.server'
import { getReceiptPhoto, listOwnSales, listReports } from '../../app/modules/sarm/sale-reports.server'
import { getShop, listShops } from '../../app/modules/sarm/shops.server'
import { roles } from '../../app/modules/tenancy/roles'
import { createWorld } from '../fixtures'
import { createAssistant, createSaleReports } from '../factories/sarm'
import { matrix, urlOf, type Who } from '../route-manifest'
import { startApp, type App } from '../http-harness'

// The tenant canary for part "sales" of shop assistants (issue 14): dealer A's pages and A's scope in the module
// functions never show dealer B's shops, assistants or reports; an assistant sees only its own sales. Then the
// permission-matrix rows of this part's routes, and the flow through the pages: report, confirm, counted.

const SECRET = 'BRAVOSECRET'
let app: App
let build: ServerBuild
let a: Awaited<ReturnType<typeof createWorld>>
let b: Awaited<ReturnType<typeof createWorld>>
const cookies = new Map<Who, string>()
let mateReceipt: string

beforeAll(async () => {
  build = (await import(/* @vite-ignore */ pathToFileURL(path.resolve('build/index.js')).href)) as ServerBuild
  a = await createWorld('alpha')
  b = await createWorld(SECRET)
  await db
    .insert(saleReportPhotos)
    .values({ reportId: b.sarm.reportId, orgId: b.orgs.dealer.id, mime: 'image/png', bytes: Buffer.from(`png ${SECRET}`) })
  // A colleague of A's assistant at the same shop, with a sale of their own.
  const mate = await createAssistant(db, { orgId: a.orgs.dealer.id, shopId: a.sarm.shopId, displayName: 'Mate OTHERMATE' })
  mateReceipt = 'Receipt OTHERMATE'
  await createSaleReports(db, [
    {
      orgId: a.orgs.dealer.id,
      shopId: a.sarm.shopId,
      userId: mate.user.id,
      productId: a.product.id,
      soldOn: '2026-11-21',
      receiptNo: mateReceipt,
      status: 'pending',
    },
  ])
  // The world's dealer order, shipped: its product becomes one the assistant may report.
  await db
    .update(orderLines)
    .set({ shippedQty: sql`${orderLines.qty}` })
    .where(eq(orderLines.orderId, a.orders.dealer.id))
  app = await startApp()
  for (const role of roles) cookies.set(role, await app.login(a.people[role].email, a.people[role].password))
})
afterAll(() => app?.close())

describe("dealer A's scope with dealer B's rows (module functions, unbound)", () => {
  it('reads none of them', async () => {
    const scopeA = grantScope('read:sarm:org', a.orgs.dealer.id)
    expect(await getShop({ scope: scopeA, shopId: b.sarm.shopId })).toBeNull()
    expect((await listShops({ scope: scopeA })).map((s) => s.id)).not.toContain(b.sarm.shopId)
    expect(await listRoster({ scope: scopeA, shopId: b.sarm.shopId })).toEqual([])
    expect(await listReports({ scope: scopeA, query: { shopId: b.sarm.shopId } })).toEqual([])
    expect((await listReports({ scope: scopeA, query: {} })).map((r) => r.id)).not.toContain(b.sarm.reportId)
    expect(await getReceiptPhoto({ scope: scopeA, reportId: b.sarm.reportId })).toBeNull()
    const own = await listOwnSales({ scope: grantScope('read:sarm:own', a.orgs.dealer.id), userId: b.people.shop_assistant.userId })
    expect(own).toEqual([])
  })
})

describe("dealer A's pages", () => {
  it("never show B's shops, assistants or reports", async () => {
    for (const who of ['dealer_admin', 'shop_manager'] as const)
      for (const url of ['/shops', '/shops/reports', '/shops/reports.csv', `/shops/${a.sarm.shopId}`]) {
        const res = await app.request(url, { cookie: cookies.get(who) })
        expect(res.status, `${url} as ${who}`).toBe(200)
        expect(res.body, `${url} as ${who}`).not.toContain(SECRET)
      }
    expect((await app.request(`/shops/${b.sarm.shopId}`, { cookie: cookies.get('dealer_admin') })).status).toBe(404)
    expect((await app.request(`/shops/reports/${b.sarm.reportId}/photo`, { cookie: cookies.get('dealer_admin') })).status).toBe(404)
  })

  it("refuse to decide B's report, and it stays pending", async () => {
    const res = await app.request('/shops/reports', { cookie: cookies.get('dealer_admin'), form: { intent: 'confirm', reportIds: b.sarm.reportId } })
    expect(res.status).toBe(404)
    const [row] = await db.select({ status: saleReports.status }).from(saleReports).where(eq(saleReports.id, b.sarm.reportId))
    expect(row.status).toBe('pending')
  })

  it("show an assistant its own sales only, not a colleague's", async () => {
    const res = await app.request('/assistant/sales', { cookie: cookies.get('shop_assistant') })
    expect(res.status).toBe(200)
    expect(res.body).toContain('Receipt alpha')
    expect(res.body).not.toContain(mateReceipt)
    expect(res.body).not.toContain(SECRET)
  })
})

describe('the permission matrix rows of this part', () => {
  it('answer as the manifest says', async () => {
    const failures: string[] = []
    const mine = Object.entries(matrix).filter(([id]) => /^routes\/(assistant\.sales|shops|join)/.test(id))
    expect(mine.length).toBeGreaterThanOrEqual(8)
    for (const [routeId, row] of mine)
      for (const method of ['GET', 'POST'] as const) {
        const expected = row[method]
        if (!expected) continue
        for (const who of ['anon', ...roles] as Who[]) {
          const url = urlOf(build, routeId, row.params?.(who === 'anon' ? null : a.people[who], a) ?? {})
          const res = await app.request(url, { method, cookie: cookies.get(who), form: method === 'POST' ? {} : undefined })
          if (res.status !== expected[who]) failures.push(`${method} ${url} as ${who}: ${res.status}, expected ${expected[who]}`)
        }
      }
    expect(failures).toEqual([])
  }, 120_000)
})

describe('through the pages', () => {
  it('an assistant reports a sale, the shop manager confirms it, and it counts', async () => {
    const assistant = cookies.get('shop_assistant')
    const soldOn = '2026-11-25'
    const sent = await app.request('/assistant/sales/new', {
      cookie: assistant,
      form: { shopId: a.sarm.shopId, productId: a.product.id, qty: '2', soldOn, receiptNo: 'PAGE-1' },
    })
    expect(sent.status, sent.body.slice(0, 300)).toBe(302)
    const [r] = await db.select().from(saleReports).where(eq(saleReports.receiptNo, 'PAGE-1'))
    expect(r.status).toBe('pending')
    // A future date is refused by field; nothing stored.
    const future = await app.request('/assistant/sales/new', {
      cookie: assistant,
      form: { shopId: a.sarm.shopId, productId: a.product.id, qty: '1', soldOn: '2099-01-01', receiptNo: 'PAGE-2' },
    })
    expect(future.status).toBe(400)
    expect((await db.select().from(saleReports).where(eq(saleReports.receiptNo, 'PAGE-2'))).length).toBe(0)
    const confirmed = await app.request('/shops/reports', { cookie: cookies.get('shop_manager'), form: { intent: 'confirm', reportIds: r.id } })
    expect(confirmed.status).toBe(200)
    const page = await app.request('/assistant/sales', { cookie: assistant })
    expect(page.body).toMatch(/Засчитано: 2|Counted: 2/)
  })

  it('a PDF named .jpg as the receipt photo is refused by field on the page, nothing stored; a 50 MB body never reaches it', async () => {
    const form = new FormData()
    for (const [k, v] of Object.entries({ shopId: a.sarm.shopId, productId: a.product.id, qty: '1', soldOn: '2026-11-26', receiptNo: 'PAGE-PDF' }))
      form.set(k, v)
    form.set('photo', new Blob([Buffer.from('%PDF-1.7\n%âãÏÓ\n')], { type: 'image/jpeg' }), 'receipt.jpg')
    const headers = { cookie: cookies.get('shop_assistant')!, origin: app.origin }
    const res = await fetch(`${app.origin}/assistant/sales/new`, { method: 'POST', body: form, headers, redirect: 'manual' })
    expect(res.status).toBe(400)
    expect(await res.text()).toMatch(/Это не фотография|This is not a photo/)
    expect((await db.select().from(saleReports).where(eq(saleReports.receiptNo, 'PAGE-PDF'))).length).toBe(0)
    const huge = new FormData()
    huge.set('receiptNo', 'PAGE-HUGE')
    huge.set('photo', new Blob([new Uint8Array(50 * 1024 * 1024)], { type: 'image/jpeg' }), 'receipt.jpg')
    const big = await fetch(`${app.origin}/assistant/sales/new`, { method: 'POST', body: huge, headers, redirect: 'manual' })
    expect(big.status).toBe(413)
    expect((await db.select().from(saleReports).where(eq(saleReports.receiptNo, 'PAGE-HUGE'))).length).toBe(0)
  })
})
