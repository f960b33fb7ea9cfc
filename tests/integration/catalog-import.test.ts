import { eq, inArray, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { catalogImportChanges, catalogImports, dealerPartNumbers, prices, products, stockLevels } from '../../db/schema'
import {
  createCategory,
  createMember,
  createOrder,
  createOrganisation,
  createPriceList,
  createProduct,
  createTaxClass,
  createWarehouse,
  defaultTestPassword,
} from '../factories'
import { writeXlsx } from '../../app/utils/xlsx.server'
import { startApp, type App } from '../http-harness'

// Issue 10, items 1 and 8: an import changes only what its file says, shows every change per product before
// anything is written and keeps that list once applied; files in the Russian spreadsheet dialect (";", decimal
// comma, BOM) import the same as English ones; exports follow the reader's dialect and the operator's time zone.

let app: App
const w = {} as {
  desk: string
  deskRu: string
  buyerRu: string
  buyerEn: string
  admin: string
  dealerId: string
  buyerId: string
  warehouseId: string
  offId: string
  sameId: string
  partId: string
  plainId: string
}

/** The words a person reads on a page: tags and React's text separators gone, spaces collapsed. */
const textOf = (html: string) =>
  html
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<!-- -->/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')

async function upload(kind: string, name: string, body: string | Uint8Array, cookie = w.desk) {
  const form = new FormData()
  form.set('kind', kind)
  form.set('file', new Blob([typeof body === 'string' ? body : Buffer.from(body)]), name)
  const res = await fetch(`${app.origin}/desk/catalog/import`, {
    method: 'POST',
    body: form,
    headers: { cookie, origin: app.origin },
    redirect: 'manual',
  })
  expect(res.status).toBe(302)
  return res.headers.get('location')!
}

async function apply(location: string) {
  expect((await app.request(location, { cookie: w.desk, form: { intent: 'apply' } })).status).toBe(200)
  for (let i = 0; i < 100; i++) {
    const [row] = await db
      .select({ status: catalogImports.status })
      .from(catalogImports)
      .where(eq(catalogImports.id, location.split('/').pop()!))
    if (row.status !== 'applying') return row.status
    await new Promise((r) => setTimeout(r, 50))
  }
  return 'timeout'
}

const product = async (id: string) => (await db.select().from(products).where(eq(products.id, id)))[0]

beforeAll(async () => {
  app = await startApp()
  const operator = await createOrganisation(db, { kind: 'operator' })
  const dealer = await createOrganisation(db, { kind: 'dealer' })
  const sales = await createMember(db, operator, 'sales_manager', { locale: 'en' })
  const salesRu = await createMember(db, operator, 'sales_manager', { locale: 'ru' })
  const admin = await createMember(db, operator, 'operator_admin', { locale: 'ru' })
  const buyerRu = await createMember(db, dealer, 'dealer_buyer', { locale: 'ru' })
  const buyerEn = await createMember(db, dealer, 'dealer_buyer', { locale: 'en' })
  const category = await createCategory(db, { code: 'LAMPS' })
  const vat = await createTaxClass(db, { code: 'VAT22' })
  const warehouse = await createWarehouse(db, { code: 'MSK' })
  const base = { categoryId: category.id, taxClassId: vat.id }
  const off = await createProduct(db, {
    ...base,
    sku: 'OFF-1',
    nameRu: 'Лампа старая',
    nameEn: 'Old lamp',
    descriptionRu: 'Описание лампы',
    descriptionEn: 'Lamp description',
    unit: 'pcs',
    packSize: 10,
    minQty: 10,
    active: false,
  })
  const same = await createProduct(db, { ...base, sku: 'SAME-1', nameRu: 'Лампа та же', nameEn: 'Same lamp' })
  const part = await createProduct(db, { ...base, sku: 'PN-1', nameRu: 'Лампа с номером', nameEn: 'Numbered lamp', gtin: '4006381333931' })
  const plain = await createProduct(db, { ...base, sku: 'PN-2', nameRu: 'Лампа без номера', nameEn: 'Plain lamp' })
  await createPriceList(db, {
    code: 'BASE',
    assign: { scope: 'global' },
    prices: {
      [part.id]: [
        [1, 1234_56],
        [10, 1100_50],
      ],
      [plain.id]: [[1, 99_90]],
    },
  })
  await db.insert(dealerPartNumbers).values({ orgId: dealer.id, partNumber: 'VK-77', productId: part.id })
  Object.assign(w, {
    desk: await app.login(sales.email, defaultTestPassword),
    deskRu: await app.login(salesRu.email, defaultTestPassword),
    admin: await app.login(admin.email, defaultTestPassword),
    buyerRu: await app.login(buyerRu.email, defaultTestPassword),
    buyerEn: await app.login(buyerEn.email, defaultTestPassword),
    dealerId: dealer.id,
    buyerId: buyerRu.id,
    warehouseId: warehouse.id,
    offId: off.id,
    sameId: same.id,
    partId: part.id,
    plainId: plain.id,
  })
})
afterAll(() => app.close())

describe('an import changes only what its file says', () => {
  it('keeps "active" and the descriptions when the file has no such columns; the preview lists each field old → new; nothing is written before apply', async () => {
    const location = await upload('products', 'names.csv', 'sku;name_ru;name_en\noff-1;Лампа новая;New lamp\nSAME-1;Лампа та же;Same lamp')
    const preview = textOf((await app.request(location, { cookie: w.desk })).body)
    expect(preview).toContain('1 product will be changed, 1 line unchanged.')
    expect(preview).toContain('Name (Russian): Лампа старая → Лампа новая')
    expect(preview).toContain('Name (English): Old lamp → New lamp')
    // Only what the file says: no other field of OFF-1 is in the list, and SAME-1 is not listed at all.
    for (const absent of ['Active:', 'Description (Russian):', 'Pack:', 'SAME-1']) expect(preview).not.toContain(absent)
    expect((await product(w.offId)).nameRu).toBe('Лампа старая')

    expect(await apply(location)).toBe('applied')
    expect(await product(w.offId)).toMatchObject({
      nameRu: 'Лампа новая',
      nameEn: 'New lamp',
      active: false,
      descriptionRu: 'Описание лампы',
      descriptionEn: 'Lamp description',
      packSize: 10,
      minQty: 10,
    })
    // The applied import says what was done, and keeps the list.
    const done = textOf((await app.request(location, { cookie: w.desk })).body)
    expect(done).toContain('Changed 1 product, 1 line unchanged.')
    expect(done).toContain('Name (Russian): Лампа старая → Лампа новая')
    expect(done).not.toContain('will be changed')
    const kept = await db
      .select({ sku: catalogImportChanges.sku, changes: catalogImportChanges.changes })
      .from(catalogImportChanges)
      .where(eq(catalogImportChanges.importId, location.split('/').pop()!))
    expect(kept).toEqual([
      {
        sku: 'OFF-1',
        changes: [
          { field: 'nameRu', from: 'Лампа старая', to: 'Лампа новая' },
          { field: 'nameEn', from: 'Old lamp', to: 'New lamp' },
        ],
      },
    ])
  })

  it('reads an empty cell per field: a description is cleared, a unit kept, an empty name refused; a new product needs its names, category and VAT class', async () => {
    const cleared = await upload('products', 'empty.csv', 'sku;description_ru;unit;active\nOFF-1;;;')
    expect(textOf((await app.request(cleared, { cookie: w.desk })).body)).toContain('Description (Russian): Описание лампы → —')
    expect(await apply(cleared)).toBe('applied')
    expect(await product(w.offId)).toMatchObject({ descriptionRu: '', descriptionEn: 'Lamp description', unit: 'pcs', active: false })

    const refused = textOf((await app.request(await upload('products', 'bad.csv', 'sku;name_ru\nOFF-1;\nBRAND-NEW;Новая'), { cookie: w.desk })).body)
    expect(refused).toContain('2 name_ru This field is required.')
    for (const column of ['name_en', 'category', 'tax_class'])
      expect(refused).toContain(`3 ${column} No such product yet, and a new product needs this column.`)
    expect(await product(w.offId)).toMatchObject({ nameRu: 'Лампа новая' })
  })

  it('lists a new product with its values, and stock and price files change only their own columns', async () => {
    const created = await upload('products', 'new.csv', 'sku,name_ru,name_en,category,tax_class,pack_size\nNEW-1,Лампа,Lamp,lamps,vat22,4')
    expect(textOf((await app.request(created, { cookie: w.desk })).body)).toContain(
      'NEW-1 New Name (Russian): Лампа Name (English): Lamp Unit: pcs Pack: 4 Minimum order: 4 Category: LAMPS VAT class: VAT22 Active: Yes',
    )
    expect(await apply(created)).toBe('applied')

    await db
      .insert(stockLevels)
      .values({ productId: w.sameId, warehouseId: w.warehouseId, atp: 5, nextReceiptDate: '2027-03-01', nextReceiptQty: 40, leadDays: 4 })
    const stock = await upload('stock', 'stock.csv', 'sku;warehouse;atp\nSAME-1;msk;7')
    expect(textOf((await app.request(stock, { cookie: w.desk })).body)).toContain('Available to promise: 5 → 7')
    expect(await apply(stock)).toBe('applied')
    const [level] = await db.select().from(stockLevels).where(eq(stockLevels.productId, w.sameId))
    expect(level).toMatchObject({ atp: 7, nextReceiptDate: '2027-03-01', nextReceiptQty: 40, leadDays: 4 })
  })
})

describe('spreadsheets in either dialect', () => {
  it('imports a Russian-dialect file (";", decimal comma, BOM, Russian dates) exactly as the English one', async () => {
    const ru = await upload(
      'products',
      'ru.csv',
      '\uFEFFартикул;наименование;name_en;категория;ндс;упаковка;максимум;активен\r\nRU-1;Кабель ВВГ 3×2,5;Cable VVG 3x2.5;LAMPS;VAT22;"1 000";12 000;да\r\n',
    )
    const en = await upload(
      'products',
      'en.csv',
      'sku,name_ru,name_en,category,tax_class,pack_size,max_qty,active\nEN-1,"Кабель ВВГ 3×2,5",Cable VVG 3x2.5,LAMPS,VAT22,1000,12000,yes\n',
    )
    expect(await apply(ru)).toBe('applied')
    expect(await apply(en)).toBe('applied')
    const rows = await db
      .select()
      .from(products)
      .where(inArray(products.sku, ['RU-1', 'EN-1']))
      .orderBy(products.sku)
    const strip = ({ id: _i, sku: _s, ...rest }: typeof products.$inferSelect) => rest
    expect(rows.map(strip)[0]).toEqual(rows.map(strip)[1])
    expect(rows[0]).toMatchObject({ nameRu: 'Кабель ВВГ 3×2,5', packSize: 1000, minQty: 1000, maxQty: 12000 })

    const [ruStock, enStock] = [
      await upload(
        'stock',
        'ru-stock.csv',
        '\uFEFFsku;warehouse;atp;next_receipt_date;next_receipt_qty;lead_days\nRU-1;MSK;1 500;15.01.2027;2\u00a0000;3',
      ),
      await upload('stock', 'en-stock.csv', 'sku,warehouse,atp,next_receipt_date,next_receipt_qty,lead_days\nEN-1,MSK,1500,2027-01-15,2000,3'),
    ]
    // A workbook keeps a date cell as Excel's day number: 46402 is 15 January 2027.
    const xlsx = writeXlsx(
      'Остатки',
      ['sku', 'warehouse', 'atp', 'next_receipt_date', 'next_receipt_qty', 'lead_days'],
      [['XL-1', 'MSK', 1500, 46402, 2000, 3]],
    )
    await db
      .insert(products)
      .values({ ...(await db.select().from(products).where(eq(products.sku, 'RU-1')))[0], id: undefined, sku: 'XL-1', gtin: null })
    const xlStock = await upload('stock', 'stock.xlsx', xlsx)
    expect(await apply(xlStock)).toBe('applied')
    const [ruPrices, enPrices] = [
      await upload(
        'prices',
        'ru-prices.csv',
        '\uFEFFprice_list;sku;min_qty;price\nBASE;RU-1;1;1 234,56\nBASE;RU-1;10;"1 100,5"\nBASE;RU-1;100;1.000,25',
      ),
      await upload('prices', 'en-prices.csv', 'price_list,sku,min_qty,price\nBASE,EN-1,1,1234.56\nBASE,EN-1,10,1100.50\nBASE,EN-1,100,"1,000.25"'),
    ]
    for (const l of [ruStock, enStock, ruPrices, enPrices]) expect(await apply(l)).toBe('applied')
    const levels = await db
      .select({
        sku: products.sku,
        atp: stockLevels.atp,
        day: stockLevels.nextReceiptDate,
        qty: stockLevels.nextReceiptQty,
        lead: stockLevels.leadDays,
      })
      .from(stockLevels)
      .innerJoin(products, eq(products.id, stockLevels.productId))
      .where(inArray(products.sku, ['RU-1', 'EN-1', 'XL-1']))
      .orderBy(products.sku)
    expect(levels).toEqual([
      { sku: 'EN-1', atp: 1500, day: '2027-01-15', qty: 2000, lead: 3 },
      { sku: 'RU-1', atp: 1500, day: '2027-01-15', qty: 2000, lead: 3 },
      { sku: 'XL-1', atp: 1500, day: '2027-01-15', qty: 2000, lead: 3 },
    ])
    const tiers = await db
      .select({ sku: products.sku, minQty: prices.minQty, minor: prices.unitPriceMinor })
      .from(prices)
      .innerJoin(products, eq(products.id, prices.productId))
      .where(inArray(products.sku, ['RU-1', 'EN-1']))
      .orderBy(products.sku, prices.minQty)
    expect(tiers.map(({ minQty, minor }) => [minQty, minor])).toEqual([
      [1, 1234_56],
      [10, 1100_50],
      [100, 1000_25],
      [1, 1234_56],
      [10, 1100_50],
      [100, 1000_25],
    ])
  })

  it('refuses a number it cannot read as a line error naming line and column, "1,000" for a whole number included', async () => {
    const location = await upload('products', 'numbers.csv', 'sku;pack_size;min_qty\nOFF-1;1,000;10\nSAME-1;2;12,34,5', w.deskRu)
    const page = textOf((await app.request(location, { cookie: w.deskRu })).body)
    expect(page).toContain('2 pack_size Целое число больше нуля.')
    expect(page).toContain('3 min_qty Целое число больше нуля.')
    const prices = textOf((await app.request(await upload('prices', 'p.csv', 'price_list;sku;price\nBASE;OFF-1;12,345'), { cookie: w.desk })).body)
    expect(prices).toContain('2 price A price in roubles with at most two decimals.')
  })
})

describe('exports for the reader', () => {
  it('gives a Russian buyer ";" and decimal commas with the own part-number column, an English one "," and points', async () => {
    const ru = await app.request('/catalog/prices.csv', { cookie: w.buyerRu })
    expect(ru.status).toBe(200)
    const ruLines = ru.body.split('\r\n')
    expect(ruLines[0]).toMatch(/^Артикул;Ваш артикул;GTIN;Наименование;/)
    // The byte-order mark, which a text decoder hides, is what makes Excel read the file as UTF-8.
    const bytes = new Uint8Array(await (await fetch(`${app.origin}/catalog/prices.csv`, { headers: { cookie: w.buyerRu } })).arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(ruLines.some((l) => l.startsWith('PN-1;VK-77;4006381333931;Лампа с номером;шт.;1;1;1234,56;RUB;'))).toBe(true)
    expect(ruLines.some((l) => l.startsWith('PN-1;VK-77;4006381333931;Лампа с номером;шт.;1;10;1100,50;RUB;'))).toBe(true)
    expect(ruLines.some((l) => l.startsWith('PN-2;;;Лампа без номера;шт.;1;1;99,90;RUB;'))).toBe(true)

    const en = await app.request('/catalog/prices.csv', { cookie: w.buyerEn })
    const enLines = en.body.split('\r\n')
    expect(enLines[0]).toMatch(/^SKU,Your part number,GTIN,Name,/)
    expect(enLines.some((l) => l.startsWith('PN-1,VK-77,4006381333931,Numbered lamp,pcs,1,10,1100.50,RUB,'))).toBe(true)
    expect(enLines.some((l) => l.startsWith('PN-2,,,Plain lamp,pcs,1,1,99.90,RUB,'))).toBe(true)
  })

  it('writes times in the operator’s zone, named in the header, never raw ISO text', async () => {
    await createOrder(db, {
      orgId: w.dealerId,
      placedBy: w.buyerId,
      warehouseId: w.warehouseId,
      items: [{ productId: w.partId, sku: 'PN-1', qty: 2, unitPriceMinor: 1234_56 }],
    })
    await db.execute(sql`update orders set placed_at = '2026-12-01T20:09:01.253Z', requested_date = '2026-12-15' where org_id = ${w.dealerId}`)
    const orders = await app.request('/orders.csv', { cookie: w.buyerRu })
    const [header, row] = orders.body.split('\r\n')
    expect(header).toContain(';Размещён (МСК);')
    // 20:09 UTC is 23:09 in Moscow.
    expect(row).toContain(';01.12.2026 23:09:01;')
    expect(row).toContain(';15.12.2026;')
    expect(row).toContain(';2469,12;')
    const audit = await app.request('/admin/audit.csv', { cookie: w.admin })
    expect(audit.status).toBe(200)
    const organisations = await app.request('/admin/organisations.csv', { cookie: w.admin })
    expect(audit.body.split('\r\n')[0]).toMatch(/^Время \(МСК\);/)
    expect(organisations.body.split('\r\n')[0]).toMatch(/;Создана \(МСК\)$/)
    for (const body of [orders.body, audit.body, organisations.body]) expect(body).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/)
    expect(organisations.body).toMatch(/;\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}:\d{2}\r\n/)
  })
})
