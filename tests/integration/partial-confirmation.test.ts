import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { orderLines, orders, stockLevels } from '../../db/schema'
import { acceptBid } from '../../app/modules/auctions/bids.server'
import { awardLot, tick } from '../../app/modules/auctions/control.server'
import { protocolPdf, tenderProtocol } from '../../app/modules/auctions/queries.server'
import { grantScope } from '../../app/modules/auth/scope.server'
import { formatDay } from '../../app/i18n/format'
import { addDays, nextWorkingDayOnOrAfter } from '../../app/modules/delivery-terms/earliest-date'
import { ruCalendar } from '../../app/modules/delivery-terms/ru-calendar'
import { orderConfirmationPdf } from '../../app/modules/ordering/confirmation-pdf.server'
import { getOrder } from '../../app/modules/ordering/queries.server'
import { businessClock } from '../../app/utils/clock.server'
import {
  createCategory,
  createMember,
  createOrganisation,
  createPriceList,
  createProduct,
  createTaxClass,
  createTender,
  createWarehouse,
  defaultTestPassword,
  setDeliveryTerms,
  setStock,
  placeCartOrder,
} from '../factories'
import { startApp, type App } from '../http-harness'
import { pdfText } from '../pdf-text'

// Issue 10 item 2 (partial confirmations) and item 9 (documents a Russian buyer can file), through HTTP as the desk
// and the buyer use them, and the PDFs read back as text.

let app: App
let today: string
let workday: string
let weekend: string
const w = {} as { orgId: string; operatorId: string; buyerId: string; buyer: string; desk: string; cableId: string; fuseId: string; whId: string }

const atpOf = async (productId: string) =>
  (await db.select({ atp: stockLevels.atp }).from(stockLevels).where(eq(stockLevels.productId, productId)))[0].atp
const orderRow = async (orderId: string) => (await db.select().from(orders).where(eq(orders.id, orderId)))[0]

const order = (lines: { productId: string; qty: number }[]) => placeCartOrder({ orgId: w.orgId, userId: w.buyerId, lines })

const desk = (orderId: string, form: Record<string, string>) => app.request(`/desk/orders/${orderId}`, { cookie: w.desk, form })
const confirmOne = (qty: number, rest?: 'backorder' | 'cancel', date = workday) => ({
  intent: 'confirm',
  note: '',
  'lines[0].lineNo': '1',
  'lines[0].qty': String(qty),
  'lines[0].date': date,
  ...(rest ? { 'lines[0].rest': rest } : {}),
})
const ship = (qty: number) => ({ intent: 'ship', carrier: 'ПЭК', trackingNumber: `PEK-${qty}`, 'lines[0].lineNo': '1', 'lines[0].qty': String(qty) })

beforeAll(async () => {
  app = await startApp()
  today = (await businessClock()).today
  workday = nextWorkingDayOnOrAfter(addDays(today, 7), ruCalendar)
  weekend = addDays(today, 7)
  while (ruCalendar.isWorkingDay(weekend)) weekend = addDays(weekend, 1)
  const operator = await createOrganisation(db, {
    kind: 'operator',
    legalName: 'АО «Поставщик-Тест»',
    inn: '7701000019',
    kpp: '770101001',
    legalAddress: '115280, г. Москва, ул. Ленинская Слобода, д. 19',
  })
  const dealer = await createOrganisation(db, {
    kind: 'dealer',
    legalName: 'ООО «Покупатель-Тест»',
    kpp: '540301001',
    legalAddress: '630091, г. Новосибирск, Красный пр., д. 50',
  })
  const buyer = await createMember(db, dealer, 'dealer_buyer', { locale: 'en' })
  const sales = await createMember(db, operator, 'sales_manager', { locale: 'en' })
  const category = await createCategory(db)
  const vat = await createTaxClass(db)
  const wh = await createWarehouse(db)
  const cable = await createProduct(db, {
    categoryId: category.id,
    taxClassId: vat.id,
    sku: 'PC-CABLE',
    nameRu: 'Кабель ВВГнг-LS 3×2,5',
    nameEn: 'Cable VVGng-LS 3×2.5',
  })
  const fuse = await createProduct(db, { categoryId: category.id, taxClassId: vat.id, sku: 'PC-FUSE' })
  for (const p of [cable, fuse]) await setStock(db, { productId: p.id, warehouseId: wh.id, atp: 100, leadDays: 1 })
  await createPriceList(db, { assign: { scope: 'global' }, prices: { [cable.id]: [[1, 100_00]], [fuse.id]: [[1, 10_00]] } })
  // Freight 500 ₽ below 1 200 ₽ net: 15 cables (1 500 ₽) ship free, 10 confirmed (1 000 ₽) do not.
  await setDeliveryTerms(db, dealer.id, { incoterm: 'DAP', freightTerms: 'prepaid_add', freightMinor: 500_00, freeFreightMinor: 1_200_00 })
  Object.assign(w, {
    orgId: dealer.id,
    operatorId: operator.id,
    buyerId: buyer.id,
    cableId: cable.id,
    fuseId: fuse.id,
    whId: wh.id,
    buyer: await app.login(buyer.email, defaultTestPassword),
    desk: await app.login(sales.email, defaultTestPassword),
  })
})
afterAll(() => app.close())

describe('partial confirmations', () => {
  it('confirms 10 of 15 with the rest backordered: totals, freight and stock follow the 10; the buyer sees the rest; shipping stops at 10', async () => {
    const before = await atpOf(w.cableId)
    const placed = await order([{ productId: w.cableId, qty: 15 }])
    expect(await orderRow(placed.orderId)).toMatchObject({ netMinor: 1_500_00, freightMinor: 0 })

    const ok = await desk(placed.orderId, confirmOne(10, 'backorder'))
    expect(ok.status).toBe(200)
    // 10 × 100 ₽ = 1 000 ₽, under the free-freight threshold again: 500 ₽ freight; VAT 22 %.
    expect(await orderRow(placed.orderId)).toMatchObject({
      status: 'partly_confirmed',
      netMinor: 1_000_00,
      vatMinor: 220_00,
      freightMinor: 500_00,
      grossMinor: 1_720_00,
    })
    expect(await atpOf(w.cableId)).toBe(before - 10)

    const page = await app.request(`/orders/${placed.orderId}`, { cookie: w.buyer })
    for (const text of [
      'Partly confirmed',
      'Order partly confirmed',
      '5 pcs not confirmed — backordered',
      'Only part of the order is confirmed',
      '₽1,720.00',
    ])
      expect(page.body).toContain(text)
    const list = await app.request('/orders', { cookie: w.buyer })
    expect(list.body).toContain(placed.number)
    expect(list.body).toContain('5 pcs not confirmed — backordered')
    expect(list.body).toContain('₽1,720.00')

    // Not one unit more than confirmed leaves, and the backordered rest keeps the order open: not delivered yet.
    const over = await desk(placed.orderId, ship(11))
    expect(over.status).toBe(400)
    expect(over.body).toContain('No more than is still open (10).')
    expect((await desk(placed.orderId, ship(10))).status).toBe(200)
    expect((await orderRow(placed.orderId)).status).toBe('partly_shipped')
    expect((await desk(placed.orderId, { intent: 'deliver' })).status).toBe(409)

    // The backorder confirmed later takes its 5 units from stock again; then it ships and the order is done.
    const rest = await desk(placed.orderId, confirmOne(15))
    expect(rest.status).toBe(200)
    expect(await atpOf(w.cableId)).toBe(before - 15)
    expect(await orderRow(placed.orderId)).toMatchObject({ status: 'partly_shipped', netMinor: 1_500_00, freightMinor: 0 })
    expect((await desk(placed.orderId, ship(5))).status).toBe(200)
    expect((await orderRow(placed.orderId)).status).toBe('shipped')
    expect((await desk(placed.orderId, { intent: 'deliver' })).status).toBe(200)
    expect((await orderRow(placed.orderId)).status).toBe('delivered')
  })

  it('confirms 10 of 15 with the rest cancelled: its stock goes back, it cannot be confirmed again, and 10 shipped is the whole order', async () => {
    const before = await atpOf(w.cableId)
    const placed = await order([{ productId: w.cableId, qty: 15 }])
    expect((await desk(placed.orderId, confirmOne(10, 'cancel'))).status).toBe(200)
    expect(await atpOf(w.cableId)).toBe(before - 10)
    const [line] = await db.select().from(orderLines).where(eq(orderLines.orderId, placed.orderId))
    expect(line).toMatchObject({ qty: 15, confirmedQty: 10, cancelledQty: 5 })
    const page = await app.request(`/orders/${placed.orderId}`, { cookie: w.buyer })
    expect(page.body).toContain('5 pcs not confirmed — cancelled')

    const again = await desk(placed.orderId, confirmOne(15))
    expect(again.status).toBe(400)
    expect(again.body).toContain('No more than the part not cancelled (10).')
    expect((await desk(placed.orderId, ship(10))).status).toBe(200)
    expect((await orderRow(placed.orderId)).status).toBe('shipped')
  })

  it('refuses a short confirmation without a choice for the rest, and a date nobody delivers on, beside the field; nothing changes', async () => {
    const before = await atpOf(w.cableId)
    const placed = await order([{ productId: w.cableId, qty: 15 }])
    const noChoice = await desk(placed.orderId, confirmOne(10))
    expect(noChoice.status).toBe(400)
    expect(noChoice.body).toContain('Less than ordered: choose whether the rest is backordered or cancelled.')
    expect(noChoice.body).toContain('id="confirm-rest-0-error"')
    const saturday = await desk(placed.orderId, confirmOne(15, undefined, weekend))
    expect(saturday.status).toBe(400)
    expect(saturday.body).toContain('Not a working day: the next working day is')
    expect(saturday.body).toContain('id="confirm-date-0-error"')
    expect(await orderRow(placed.orderId)).toMatchObject({ status: 'submitted', netMinor: 1_500_00 })
    expect(await atpOf(w.cableId)).toBe(before - 15)
  })
})

describe('documents a Russian buyer can file', () => {
  it('the order confirmation names both parties with INN/KPP and address, numbers its pages, keeps headers whole and says what was not confirmed', async () => {
    // Enough lines for a second page.
    const placed = await order([
      { productId: w.cableId, qty: 15 },
      { productId: w.fuseId, qty: 4 },
    ])
    expect(
      (
        await desk(placed.orderId, {
          intent: 'confirm',
          note: '',
          'lines[0].lineNo': '1',
          'lines[0].qty': '10',
          'lines[0].rest': 'backorder',
          'lines[0].date': workday,
          'lines[1].lineNo': '2',
          'lines[1].qty': '4',
          'lines[1].date': workday,
        })
      ).status,
    ).toBe(200)
    const detail = (await getOrder({ scope: grantScope('read:order:org', w.orgId), orderId: placed.orderId }))!
    // Lines copied 40 times stand in for a long order: the table must carry on to the next page, header again.
    const long = { ...detail, lines: Array.from({ length: 40 }, (_, i) => ({ ...detail.lines[i % 2], lineNo: i + 1 })) }

    const ru = pdfText(await orderConfirmationPdf(long, 'ru'))
    for (const text of [
      'АО «Поставщик-Тест»',
      'ИНН 7701000019, КПП 770101001',
      'Адрес: 115280, г. Москва, ул. Ленинская Слобода, д. 19',
      'ООО «Покупатель-Тест»',
      'КПП 540301001',
      'Адрес: 630091, г. Новосибирск, Красный пр., д. 50',
    ])
      expect(ru.text).toContain(text)
    expect(ru.pages.length).toBeGreaterThanOrEqual(2)
    expect(ru.runs).toContain(`Стр. 1 из ${ru.pages.length}`)
    expect(ru.runs).toContain(`Стр. ${ru.pages.length} из ${ru.pages.length}`)
    // Every header word is drawn whole (a header broken inside a word would leave a fragment as its own run).
    for (const word of ['Артикул', 'Заказано', 'Желаемая', 'Подтверждено', 'подтверждено'])
      expect(
        ru.runs.some((r) => r.split(' ').includes(word)),
        word,
      ).toBe(true)
    expect(ru.text).toContain('Подтверждён частично')
    expect(ru.flat).toContain('5 шт. не подтверждено — в дозаказе')
    // A date is one run ("9 дек. 2026 г."), never "9 дек. 2026" with "г." on the next line.
    expect(ru.runs.filter((r) => r === formatDay('ru', workday)).length).toBe(40)
    expect(ru.runs).not.toContain('г.')
    // Nor is a word in a cell split ("подтв" + "ерждено").
    expect(ru.flat).not.toContain('подтв ерждено')

    const en = pdfText(await orderConfirmationPdf(detail, 'en'))
    for (const text of ['Seller', 'Buyer', 'INN 7701000019, KPP 770101001', 'Partly confirmed', '5 pcs not confirmed — backordered', 'Page 1 of 1'])
      expect(en.flat).toContain(text)
  })

  it('order status words say what they mean in both languages', async () => {
    const placed = await order([{ productId: w.fuseId, qty: 1 }])
    const detail = (await getOrder({ scope: grantScope('read:order:org', w.orgId), orderId: placed.orderId }))!
    expect(pdfText(await orderConfirmationPdf(detail, 'ru')).text).toContain('Ждёт подтверждения')
    expect(pdfText(await orderConfirmationPdf(detail, 'en')).text).toContain('Awaiting confirmation')
    const page = await app.request(`/orders/${placed.orderId}`, { cookie: w.buyer })
    expect(page.body).toContain('Awaiting confirmation')
    expect(page.body).not.toContain('Submitted')
  })

  it('the tender protocol names the organiser with its legal details, says the lot status in words and numbers its pages', async () => {
    const supplier = await createOrganisation(db, {
      kind: 'supplier',
      legalName: 'ООО «Кабельный завод»',
      kpp: '632101001',
      legalAddress: '443080, г. Самара, Московское ш., д. 15',
    })
    const officer = await createMember(db, { id: w.operatorId }, 'procurement_officer', { locale: 'en' })
    const { tender, lots } = await createTender(db, { buyerOrgId: w.operatorId, title: 'Кабель 2026', suppliers: [supplier.id] })
    const bid = await acceptBid({
      lotId: lots[0].id,
      supplierOrgId: supplier.id,
      userId: null,
      priceMinor: 95_000_00,
      clientBidId: crypto.randomUUID(),
    })
    expect(bid.ok).toBe(true)
    await db.execute(sql`update lots set ends_at = clock_timestamp() - interval '1 millisecond' where tender_id = ${tender.id}`)
    await tick()
    expect(
      await awardLot({
        scope: grantScope('manage:tender:any', w.operatorId),
        actor: { userId: officer.id, email: officer.email, ip: null },
        buyerOrgId: w.operatorId,
        tenderId: tender.id,
        lotId: lots[0].id,
        supplierOrgId: supplier.id,
        reason: null,
      }),
    ).toMatchObject({ ok: true })
    const protocol = (await tenderProtocol({ scope: grantScope('manage:tender:any', w.operatorId), buyerOrgId: w.operatorId, tenderId: tender.id }))!
    const ru = pdfText(await protocolPdf(protocol, 'ru'))
    for (const text of [
      'Организатор торгов (покупатель)',
      'АО «Поставщик-Тест»',
      'ИНН 7701000019, КПП 770101001',
      'Адрес: 115280, г. Москва, ул. Ленинская Слобода, д. 19',
      'КПП 632101001',
      '443080, г. Самара',
    ])
      expect(ru.text).toContain(text)
    expect(ru.text).toContain('торги по лоту завершены, лот присуждён')
    expect(ru.runs).toContain(`Стр. 1 из ${ru.pages.length}`)
    const en = pdfText(await protocolPdf(protocol, 'en'))
    expect(en.text).toContain('bidding on the lot has ended and the lot is awarded')
    expect(en.text).not.toMatch(/Status: awarded/)
    // Times stay on one line, on the operator's clock: a run is a whole "01/03/2026, 15:00:01.123456".
    expect(en.runs.some((r) => /^\d{2}\/\d{2}\/\d{4}, \d{2}:\d{2}:\d{2}\.\d{6}$/.test(r))).toBe(true)
    expect(en.text).not.toMatch(/\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/)
    for (const word of ['Rank', 'Supplier', 'Price', 'Time', '(MSK)'])
      expect(
        en.runs.some((r) => r.split(' ').includes(word)),
        word,
      ).toBe(true)
  })
})
