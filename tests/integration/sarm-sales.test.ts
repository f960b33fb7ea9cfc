import { and, eq, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { orderLines } from '../../db/schema/orders'
import { notifications } from '../../db/schema/notifications'
import { users } from '../../db/schema/auth'
import { mailOutbox } from '../../db/schema/notifications'
import { personalDataConsents, saleReportPhotos, saleReports, shopAssistants } from '../../db/schema/sarm'
import { grantScope, type OrgScope } from '../../app/modules/auth/scope.server'
import { readPhoto } from '../../app/modules/sarm/photo-upload.server'
import { getPosImport, importPosFile } from '../../app/modules/sarm/pos-import.server'
import { checkJoinCode, registerAssistant } from '../../app/modules/sarm/registration.server'
import { addAssistant, decideRegistration, endAssistant, endRosterOnWithdrawal } from '../../app/modules/sarm/roster.server'
import { issueRegistrationCode } from '../../app/modules/sarm/shops.server'
import { countedUnits, decideReports, listOwnSales, recordReturn, reportSale } from '../../app/modules/sarm/sale-reports.server'
import type { SaleReportInput } from '../../app/modules/sarm/sale-schemas'
import { businessClock } from '../../app/utils/clock.server'
import { writeXlsx } from '../../app/utils/xlsx.server'
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

describe('self-registration → pending → confirmed', () => {
  it('an unknown code says so; the right one opens the shops; the person waits until the dealer confirms', async () => {
    const scopeA = grantScope('manage:sarm:org', w.a.id)
    const code = await issueRegistrationCode({ scope: scopeA, actor: actor(w.a.admin) })
    expect(await checkJoinCode({ code: 'NOPE-NOPE-NOPE', ip: '10.0.0.9' })).toMatchObject({
      ok: false,
      fieldErrors: { code: ['sarm.join.error.unknownCode'] },
    })
    const opened = await checkJoinCode({ code: code.toLowerCase().replace(/-/g, ' '), ip: '10.0.0.8' })
    expect(opened.ok && opened.shops?.map((s) => s.id)).toContain(w.a.shop)
    const email = `joiner-${Date.now()}@test.example`
    const input = {
      intent: 'register' as const,
      code,
      shopId: w.a.shop,
      displayName: 'Joiner',
      email,
      phone: '+79001234567',
      password: 'a-long-password-1',
      consent: 'on' as const,
    }
    expect(await registerAssistant({ input, ip: '10.0.0.8', locale: 'ru' })).toMatchObject({ ok: true })
    const [person] = await db.select().from(users).where(eq(users.email, email))
    const [row] = await db.select().from(shopAssistants).where(eq(shopAssistants.userId, person.id))
    expect(row.status).toBe('pending')
    expect((await db.select().from(personalDataConsents).where(eq(personalDataConsents.userId, person.id))).map((c) => c.purpose)).toEqual([
      'processing',
    ])
    // Pending: no sale yet.
    const early = await reportSale({ scope: w.a.scope, actor: actor(person.id), userId: person.id, input: sale(), photo: null })
    expect(early).toMatchObject({ ok: false, fieldErrors: { shopId: ['sarm.error.notYourShop'] } })
    // The same e-mail again is refused, nothing made.
    expect(await registerAssistant({ input, ip: '10.0.0.8', locale: 'ru' })).toMatchObject({
      ok: false,
      fieldErrors: { email: ['sarm.join.error.emailTaken'] },
    })
    expect(await decideRegistration({ scope: scopeA, actor: actor(w.a.admin), rosterId: row.id, confirm: true })).toMatchObject({ ok: true })
    const later = await reportSale({ scope: w.a.scope, actor: actor(person.id), userId: person.id, input: sale({ soldOn: today }), photo: null })
    expect(later).toMatchObject({ ok: true })
  })

  it('the dealer adds an assistant (a set-up link by mail) and ends their time at the shop', async () => {
    const scopeA = grantScope('manage:sarm:org', w.a.id)
    const email = `added-${Date.now()}@test.example`
    const added = await addAssistant({
      scope: scopeA,
      actor: actor(w.a.admin),
      shopId: w.a.shop,
      input: { intent: 'addAssistant', displayName: 'Added', email, phone: null, posCode: 'POS-ADDED', startsOn: '2026-02-01' },
    })
    expect(added).toMatchObject({ ok: true })
    expect((await db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, email))).map((m) => m.kind)).toEqual(['password.setup'])
    // A manager of the dealer cannot be made an assistant too.
    const [mgr] = await db.select().from(users).where(eq(users.id, w.a.manager))
    const refused = await addAssistant({
      scope: scopeA,
      actor: actor(w.a.admin),
      shopId: w.a.shop,
      input: { intent: 'addAssistant', displayName: 'X', email: mgr.email, phone: null, posCode: null, startsOn: '2026-02-01' },
    })
    expect(refused).toMatchObject({ ok: false, fieldErrors: { email: ['sarm.roster.error.otherRole'] } })
    if (!added.ok) return
    expect(await endAssistant({ scope: scopeA, actor: actor(w.a.admin), rosterId: added.id, endsOn: '2026-01-15' })).toMatchObject({
      ok: false,
      fieldErrors: { endsOn: ['sarm.roster.error.endBeforeStart|day:2026-02-01'] },
    })
    expect(await endAssistant({ scope: scopeA, actor: actor(w.a.admin), rosterId: added.id, endsOn: '2026-03-01' })).toMatchObject({ ok: true })
    const [person] = await db.select().from(users).where(eq(users.email, email))
    const after = await reportSale({ scope: w.a.scope, actor: actor(person.id), userId: person.id, input: sale({ soldOn: yesterday }), photo: null })
    expect(after).toMatchObject({ ok: false, fieldErrors: { soldOn: ['sarm.error.afterEnd|day:2026-03-01'] } })
  })
})

describe('POS import', () => {
  it('good lines become confirmed sales, bad lines nothing but a line of the report; a negative line is a return', async () => {
    const scopeA = grantScope('manage:sarm:org', w.a.id)
    await db.update(shopAssistants).set({ posCode: 'K-7' }).where(eq(shopAssistants.userId, w.a.assistant))
    const [bEmail] = await db.select({ email: users.email }).from(users).where(eq(users.id, w.b.assistant))
    const csv = [
      'дата;чек;продавец;gtin;артикул;количество;серийный_номер;цена;телефон',
      `${yesterday};POS-1;K-7;4600000000017;;3;;1 299,00;+7 900 111-22-33`,
      `${yesterday};POS-2;k-7;;SALES-PHONE;1;SN-2;19 990;`,
      `${yesterday};POS-3;${bEmail.email};4600000000017;;1;;;`,
      `${yesterday};POS-4;K-7;;SALES-NEVER;1;;;`,
      `2099-01-01;POS-5;K-7;4600000000017;;1;;;`,
      `${yesterday};POS-6;K-7;;SALES-PHONE;1;SN-1;;`,
      `${yesterday};POS-1;K-7;4600000000017;;-1;;;`,
      `${yesterday};POS-9;K-7;4600000000017;;-1;;;`,
      `вчера;POS-7;K-7;4600000000017;;1;;;`,
    ].join('\n')
    const before = await counted()
    const r = await importPosFile({ scope: scopeA, actor: actor(w.a.admin), fileName: 'pos.csv', bytes: new TextEncoder().encode(csv) })
    expect(r.ok).toBe(true)
    if (!r.ok) return
    const imp = await getPosImport({ scope: scopeA, id: r.id })
    expect(imp).toMatchObject({ lineCount: 9, acceptedCount: 3, rejectedCount: 6 })
    expect(imp!.report.filter((l) => !l.ok).map((l) => [l.line, l.error])).toEqual([
      [4, 'sarm.pos.error.assistant'],
      [5, 'sarm.error.notDelivered'],
      [6, 'sarm.error.futureDate'],
      [7, 'sarm.error.serialReported'],
      [9, 'sarm.pos.error.returnNoSale'],
      [10, 'sarm.pos.error.date'],
    ])
    // 3 lamps + 1 phone confirmed, 1 lamp returned.
    expect(await counted()).toBe(before + 3)
    const rows = await db.select().from(saleReports).where(eq(saleReports.posImportId, r.id))
    expect(rows.map((x) => [x.receiptNo, x.status, x.qty, x.returnedQty]).sort()).toEqual([
      ['POS-1', 'confirmed', 3, 1],
      ['POS-2', 'confirmed', 1, 0],
    ])
    expect(rows.find((x) => x.receiptNo === 'POS-1')).toMatchObject({ unitPriceMinor: 1299_00, customerPhone: '+79001112233' })
    // Uploaded again: nothing counts twice.
    const again = await importPosFile({
      scope: scopeA,
      actor: actor(w.a.admin),
      fileName: 'pos.csv',
      bytes: new TextEncoder().encode(csv.split('\n').slice(0, 2).join('\n')),
    })
    if (!again.ok) throw new Error('import failed')
    expect(await getPosImport({ scope: scopeA, id: again.id })).toMatchObject({ acceptedCount: 0, rejectedCount: 1 })
    expect(await counted()).toBe(before + 3)
  })

  it('reads an XLSX export the same way', async () => {
    const scopeA = grantScope('manage:sarm:org', w.a.id)
    const xlsx = writeXlsx(
      'POS',
      ['date', 'receipt', 'assistant', 'sku', 'qty'],
      [
        [yesterday, 'XLSX-1', 'K-7', 'SALES-LAMP', 2],
        [yesterday, 'XLSX-2', 'nobody@nowhere.example', 'SALES-LAMP', 1],
        // A date cell as a spreadsheet stores it (days since 1899-12-30), and a Russian date with the time.
        [(Date.parse(`${yesterday}T00:00:00Z`) - Date.UTC(1899, 11, 30)) / 86_400_000, 'XLSX-3', 'K-7', 'SALES-LAMP', 1],
        [`${yesterday.slice(8, 10)}.${yesterday.slice(5, 7)}.${yesterday.slice(0, 4)} 14:05`, 'XLSX-4', 'K-7', 'SALES-LAMP', 1],
      ],
    )
    const before = await counted()
    const r = await importPosFile({ scope: scopeA, actor: actor(w.a.admin), fileName: 'pos.xlsx', bytes: xlsx })
    if (!r.ok) throw new Error(r.error)
    const imp = await getPosImport({ scope: scopeA, id: r.id })
    expect(imp!.report.filter((l) => !l.ok)).toEqual([{ line: 3, ok: false, error: 'sarm.pos.error.assistant' }])
    expect(imp).toMatchObject({ lineCount: 4, acceptedCount: 3, rejectedCount: 1 })
    expect(imp!.report.find((l) => !l.ok)).toMatchObject({ line: 3, error: 'sarm.pos.error.assistant' })
    expect(await counted()).toBe(before + 4)
  })

  it('a file it cannot read, or without the columns, is refused whole', async () => {
    const scopeA = grantScope('manage:sarm:org', w.a.id)
    const pdf = await importPosFile({
      scope: scopeA,
      actor: actor(w.a.admin),
      fileName: 'x.csv',
      bytes: new Uint8Array([0x25, 0x50, 0x44, 0x46, 0, 1, 2, 0, 0]),
    })
    expect(pdf).toMatchObject({ ok: false })
    const cols = await importPosFile({
      scope: scopeA,
      actor: actor(w.a.admin),
      fileName: 'x.csv',
      bytes: new TextEncoder().encode('date,receipt\n2026-01-01,1'),
    })
    expect(cols).toEqual({ ok: false, error: 'sarm.pos.error.missingColumns|assistant, qty' })
  })
})

describe('consent withdrawn', () => {
  it("ends the person's open roster rows today (sales already made stay), and only theirs", async () => {
    const { user } = await createAssistant(db, { orgId: w.a.id, shopId: w.a.shop, startsOn: '2026-01-01' })
    const sold = await report({}, user.id)
    expect(sold).toMatchObject({ ok: true })
    expect(await db.transaction((tx) => endRosterOnWithdrawal(tx, actor(user.id), { orgId: w.a.id, userId: user.id }))).toBe(1)
    const [row] = await db.select({ endsOn: shopAssistants.endsOn }).from(shopAssistants).where(eq(shopAssistants.userId, user.id))
    expect(row.endsOn).toBe(today)
    const [other] = await db.select({ endsOn: shopAssistants.endsOn }).from(shopAssistants).where(eq(shopAssistants.userId, w.a.assistant))
    expect(other.endsOn).toBeNull()
    // A second withdrawal finds nothing open.
    expect(await db.transaction((tx) => endRosterOnWithdrawal(tx, actor(user.id), { orgId: w.a.id, userId: user.id }))).toBe(0)
  })
})
