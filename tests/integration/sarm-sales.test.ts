import { and, eq, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { orderLines } from '../../db/schema/orders'
import { notifications } from '../../db/schema/notifications'
import { saleReportPhotos, saleReports } from '../../db/schema/sarm'
import { grantScope, type OrgScope } from '../../app/modules/auth/scope.server'
import { readPhoto } from '../../app/modules/sarm/photo-upload.server'
import { countedUnits, decideReports, listOwnSales, recordReturn, reportSale } from '../../app/modules/sarm/sale-reports.server'
import type { SaleReportInput } from '../../app/modules/sarm/sale-schemas'
import { businessClock } from '../../app/utils/clock.server'
import { createCategory, createMember, createOrder, createOrganisation, createProduct, createTaxClass, createWarehouse } from '../factories'
import { createAssistant, createShop, deliverSerials } from '../factories/sarm'

// Sale reports end to end through the module (issue 14): an assistant reports, the shop's manager confirms or
// rejects, a return takes units back; and every bad input of the issue is refused by field with nothing stored.

const actor = (userId: string) => ({ userId, email: `${userId}@test`, ip: null })
let today: string
let yesterday: string
const w = {} as {
  a: { id: string; scope: OrgScope; admin: string; manager: string; otherManager: string; shop: string; otherShop: string; assistant: string }
  b: { id: string; shop: string; assistant: string }
  lamp: string
  phone: string
  never: string
}

async function deliver(orgId: string, placedBy: string, warehouseId: string, items: { productId: string; sku: string }[]) {
  const order = await createOrder(db, { orgId, placedBy, warehouseId, items: items.map((i) => ({ ...i, qty: 10, unitPriceMinor: 1000_00 })) })
  await db
    .update(orderLines)
    .set({ shippedQty: sql`${orderLines.qty}` })
    .where(eq(orderLines.orderId, order.id))
}

beforeAll(async () => {
  ;({ today } = await businessClock())
  yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10)
  const [orgA, orgB] = [
    await createOrganisation(db, { kind: 'dealer', shortName: 'Sales A' }),
    await createOrganisation(db, { kind: 'dealer', shortName: 'Sales B' }),
  ]
  const [admin, manager, otherManager, bAdmin] = [
    await createMember(db, orgA, 'dealer_admin'),
    await createMember(db, orgA, 'shop_manager'),
    await createMember(db, orgA, 'shop_manager'),
    await createMember(db, orgB, 'dealer_admin'),
  ]
  const [category, vat, warehouse] = [await createCategory(db), await createTaxClass(db), await createWarehouse(db)]
  const lamp = await createProduct(db, { categoryId: category.id, taxClassId: vat.id, sku: 'SALES-LAMP', gtin: '4600000000017' })
  const phone = await createProduct(db, { categoryId: category.id, taxClassId: vat.id, sku: 'SALES-PHONE' })
  const never = await createProduct(db, { categoryId: category.id, taxClassId: vat.id, sku: 'SALES-NEVER' })
  await deliver(orgA.id, admin.id, warehouse.id, [{ productId: lamp.id, sku: lamp.sku }])
  await deliver(orgB.id, bAdmin.id, warehouse.id, [{ productId: never.id, sku: never.sku }])
  await deliverSerials(db, { orgId: orgA.id, productId: phone.id, serials: ['SN-1', 'SN-2', 'SN-3'] })
  await deliverSerials(db, { orgId: orgB.id, productId: phone.id, serials: ['SN-B'] })
  const shop = await createShop(db, { orgId: orgA.id, managerUserId: manager.id })
  const otherShop = await createShop(db, { orgId: orgA.id, managerUserId: otherManager.id })
  const shopB = await createShop(db, { orgId: orgB.id })
  const { user: assistant } = await createAssistant(db, { orgId: orgA.id, shopId: shop.id, startsOn: '2026-01-01' })
  const { user: assistantB } = await createAssistant(db, { orgId: orgB.id, shopId: shopB.id })
  w.a = {
    id: orgA.id,
    scope: grantScope('read:sarm:org', orgA.id),
    admin: admin.id,
    manager: manager.id,
    otherManager: otherManager.id,
    shop: shop.id,
    otherShop: otherShop.id,
    assistant: assistant.id,
  }
  w.b = { id: orgB.id, shop: shopB.id, assistant: assistantB.id }
  Object.assign(w, { lamp: lamp.id, phone: phone.id, never: never.id })
})

let receipt = 0
const sale = (o: Partial<SaleReportInput> = {}): SaleReportInput => ({
  shopId: w.a.shop,
  productId: w.lamp,
  qty: 2,
  serial: null,
  soldOn: yesterday,
  receiptNo: `R-${++receipt}`,
  ...o,
})
const report = (o: Partial<SaleReportInput> = {}, userId = w.a.assistant, photo: { mime: 'image/jpeg'; bytes: Buffer } | null = null) =>
  reportSale({ scope: w.a.scope, actor: actor(userId), userId, input: sale(o), photo })
const decide = (userId: string, reportIds: string[], intent: 'confirm' | 'reject', reason: string | null = null, isAdmin = false) =>
  decideReports({ scope: w.a.scope, actor: actor(userId), decider: { userId, isAdmin }, input: { intent, reportIds, reason } })
const counted = () => countedUnits({ scope: w.a.scope, userId: w.a.assistant, until: today })
const reportCount = async () =>
  (
    await db
      .select({ n: sql<number>`count(*)::int` })
      .from(saleReports)
      .where(eq(saleReports.orgId, w.a.id))
  )[0].n

describe('report → confirm → counted', () => {
  it('a pending report does not count; confirmed by the shop manager it does, and the assistant is told', async () => {
    const before = await counted()
    const r = await report({ qty: 3 })
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(await counted()).toBe(before)
    const waiting = await db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, w.a.manager), eq(notifications.kind, 'sarm.saleWaiting')))
    expect(waiting.length).toBeGreaterThan(0)
    expect((await decide(w.a.manager, [r.id], 'confirm')).ok).toBe(true)
    expect(await counted()).toBe(before + 3)
    const mine = await listOwnSales({ scope: w.a.scope, userId: w.a.assistant })
    expect(mine.find((s) => s.id === r.id)?.status).toBe('confirmed')
    const told = await db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, w.a.assistant), eq(notifications.kind, 'sarm.saleConfirmed')))
    expect(told.length).toBe(1)
  })

  it('a rejection carries its reason to the assistant and counts nothing', async () => {
    const before = await counted()
    const r = await report()
    if (!r.ok) throw new Error('report failed')
    expect((await decide(w.a.manager, [r.id], 'reject', 'Чек не найден в кассе')).ok).toBe(true)
    const mine = await listOwnSales({ scope: w.a.scope, userId: w.a.assistant })
    expect(mine.find((s) => s.id === r.id)).toMatchObject({ status: 'rejected', rejectReason: 'Чек не найден в кассе' })
    expect(await counted()).toBe(before)
  })

  it('several reports are confirmed at once, all or none', async () => {
    const [r1, r2] = [await report(), await report()]
    if (!r1.ok || !r2.ok) throw new Error('report failed')
    expect((await decide(w.a.manager, [r1.id], 'confirm')).ok).toBe(true)
    // One of the two is decided already: the batch is refused whole, the other stays pending.
    const again = await decide(w.a.manager, [r1.id, r2.id], 'confirm')
    expect(again).toMatchObject({ ok: false, status: 400 })
    const [row] = await db.select({ status: saleReports.status }).from(saleReports).where(eq(saleReports.id, r2.id))
    expect(row.status).toBe('pending')
    expect((await decide(w.a.admin, [r2.id], 'confirm', null, true)).ok).toBe(true)
  })
})

describe('a return', () => {
  it('reduces counted units, never below zero, and not before the sale', async () => {
    const r = await report({ qty: 4 })
    if (!r.ok) throw new Error('report failed')
    await decide(w.a.manager, [r.id], 'confirm')
    const before = await counted()
    const ret = (returnQty: number, returnedOn = today) =>
      recordReturn({
        scope: w.a.scope,
        actor: actor(w.a.manager),
        decider: { userId: w.a.manager, isAdmin: false },
        input: { intent: 'return', reportId: r.id, returnQty, returnedOn },
      })
    expect(await ret(1)).toMatchObject({ ok: true })
    expect(await counted()).toBe(before - 1)
    expect(await ret(4)).toMatchObject({ ok: false, fieldErrors: { returnQty: ['sarm.error.returnTooMany|3'] } })
    expect(await ret(1, '2026-01-01')).toMatchObject({ ok: false, fieldErrors: { returnedOn: [`sarm.error.returnBeforeSale|day:${yesterday}`] } })
    expect(await counted()).toBe(before - 1)
  })

  it('is refused on a report still pending', async () => {
    const r = await report()
    if (!r.ok) throw new Error('report failed')
    const res = await recordReturn({
      scope: w.a.scope,
      actor: actor(w.a.admin),
      decider: { userId: w.a.admin, isAdmin: true },
      input: { intent: 'return', reportId: r.id, returnQty: 1, returnedOn: today },
    })
    expect(res).toMatchObject({ ok: false, formErrors: ['sarm.error.returnNotConfirmed'] })
  })
})

describe('bad input: refused by field, nothing stored', () => {
  const refused = async (o: Partial<SaleReportInput>, field: string, message: string, userId = w.a.assistant) => {
    const before = await reportCount()
    const r = await report(o, userId)
    expect(r).toMatchObject({ ok: false, status: 400 })
    expect(!r.ok && r.fieldErrors?.[field]).toEqual([message])
    expect(await reportCount()).toBe(before)
  }

  it('a product the dealer never received (delivered to another dealer only)', () =>
    refused({ productId: w.never }, 'productId', 'sarm.error.notDelivered'))
  it('by GTIN too', () => refused({ productId: undefined, gtin: '4600000000024' }, 'gtin', 'sarm.error.unknownProduct'))
  it('a future date', () => refused({ soldOn: '2099-01-01' }, 'soldOn', 'sarm.error.futureDate'))
  it('a date before the assistant started at the shop', () => refused({ soldOn: '2025-12-31' }, 'soldOn', 'sarm.error.beforeStart|day:2026-01-01'))
  it('a serial product without its serial, or more than one unit', async () => {
    await refused({ productId: w.phone, qty: 1 }, 'serial', 'sarm.error.serialRequired')
    await refused({ productId: w.phone, qty: 2, serial: 'SN-3' }, 'qty', 'sarm.error.serialQtyOne')
  })
  it('a serial delivered to another dealer', () => refused({ productId: w.phone, qty: 1, serial: 'SN-B' }, 'serial', 'sarm.error.serialNotDelivered'))
  it('a duplicate serial', async () => {
    expect(await report({ productId: w.phone, qty: 1, serial: 'SN-1' })).toMatchObject({ ok: true })
    await refused({ productId: w.phone, qty: 1, serial: 'SN-1' }, 'serial', 'sarm.error.serialReported')
  })
  it("a shop of another dealer, or another dealer's assistant, named in the hidden fields", async () => {
    await refused({ shopId: w.b.shop }, 'shopId', 'sarm.error.notYourShop')
    await refused({}, 'shopId', 'sarm.error.notYourShop', w.b.assistant)
    // A shop of the same dealer where the assistant is not on the roster.
    await refused({ shopId: w.a.otherShop }, 'shopId', 'sarm.error.notYourShop')
  })
  it('a receipt photo that is not an image (a PDF named .jpg) or is 50 MB', async () => {
    const pdf = new File([Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n')], 'receipt.jpg', { type: 'image/jpeg' })
    expect(await readPhoto(pdf)).toEqual({ ok: false, error: 'sarm.photo.notImage' })
    const huge = new File([new Uint8Array(50 * 1024 * 1024)], 'receipt.jpg', { type: 'image/jpeg' })
    expect(await readPhoto(huge)).toEqual({ ok: false, error: 'sarm.photo.tooLarge' })
    const jpeg = new File([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10])], 'r.jpg')
    const ok = await readPhoto(jpeg)
    expect(ok).toMatchObject({ ok: true, photo: { mime: 'image/jpeg' } })
    if (!ok.ok || !ok.photo) return
    const r = await report({}, w.a.assistant, { mime: 'image/jpeg', bytes: ok.photo.bytes })
    if (!r.ok) throw new Error('report failed')
    const [stored] = await db.select().from(saleReportPhotos).where(eq(saleReportPhotos.reportId, r.id))
    expect(stored.mime).toBe('image/jpeg')
  })
  it('a confirmation by the manager of another shop: refused clearly, nothing changed', async () => {
    const r = await report()
    if (!r.ok) throw new Error('report failed')
    expect(await decide(w.a.otherManager, [r.id], 'confirm')).toMatchObject({ ok: false, formErrors: ['sarm.error.notShopManager'] })
    const [row] = await db.select({ status: saleReports.status }).from(saleReports).where(eq(saleReports.id, r.id))
    expect(row.status).toBe('pending')
  })
  it("another dealer's report reads as not found", async () => {
    const r = await report()
    if (!r.ok) throw new Error('report failed')
    const scopeB = grantScope('update:sale_report:org', w.b.id)
    const res = await decideReports({
      scope: scopeB,
      actor: actor(w.b.assistant),
      decider: { userId: w.b.assistant, isAdmin: true },
      input: { intent: 'confirm', reportIds: [r.id], reason: null },
    })
    expect(res).toMatchObject({ ok: false, status: 404 })
  })
})
