import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { auditLog, catalogImports, prices, products, stockLevels } from '../../db/schema'
import { strToU8, zipSync } from 'fflate'
import { writeXlsx } from '../../app/utils/xlsx.server'
import { addToCart } from '../../app/modules/ordering/mutations.server'
import { grantScope } from '../../app/modules/auth/scope.server'
import {
  createCategory,
  createMember,
  createOrganisation,
  createPriceList,
  createProduct,
  createTaxClass,
  createWarehouse,
  defaultTestPassword,
  setStock,
} from '../factories'
import { startApp, waitForEvent, type App } from '../http-harness'

// Operator staff edit the catalog and import products, stock and prices from CSV and XLSX: a file with any bad
// line writes nothing and says which line and column; a clean one is previewed, then applied in one go, and open
// carts hear about it over Socket.IO.

let app: App
const w = {} as { desk: string; buyer: string; buyerId: string; dealerId: string; productId: string; categoryCode: string; taxCode: string }

const productCount = async () => (await db.select({ n: sql<number>`count(*)::int` }).from(products))[0].n

async function upload(kind: string, name: string, body: string | Uint8Array) {
  const form = new FormData()
  form.set('kind', kind)
  form.set('file', new Blob([typeof body === 'string' ? body : Buffer.from(body)]), name)
  const res = await fetch(`${app.origin}/desk/catalog/import`, {
    method: 'POST',
    body: form,
    headers: { cookie: w.desk, origin: app.origin },
    redirect: 'manual',
  })
  return { status: res.status, location: res.headers.get('location'), body: await res.text() }
}

/** Applies a previewed import and waits for the outcome the page would show. */
async function apply(location: string) {
  const res = await app.request(location, { cookie: w.desk, form: { intent: 'apply' } })
  expect(res.status).toBe(200)
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

beforeAll(async () => {
  app = await startApp()
  const operator = await createOrganisation(db, { kind: 'operator' })
  const dealer = await createOrganisation(db, { kind: 'dealer' })
  const sales = await createMember(db, operator, 'sales_manager', { locale: 'en' })
  const buyer = await createMember(db, dealer, 'dealer_buyer', { locale: 'en' })
  const category = await createCategory(db, { code: 'LAMPS' })
  const vat = await createTaxClass(db, { code: 'VAT22' })
  await createWarehouse(db, { code: 'MSK' })
  const wh = await createWarehouse(db, { code: 'EKB' })
  const existing = await createProduct(db, { categoryId: category.id, taxClassId: vat.id, sku: 'IMP-OLD', nameRu: 'Старое', nameEn: 'Old' })
  await setStock(db, { productId: existing.id, warehouseId: wh.id, atp: 5, leadDays: 2 })
  await createPriceList(db, { code: 'BASE', assign: { scope: 'global' }, prices: { [existing.id]: [[1, 100_00]] } })
  Object.assign(w, {
    desk: await app.login(sales.email, defaultTestPassword),
    buyer: await app.login(buyer.email, defaultTestPassword),
    buyerId: buyer.id,
    dealerId: dealer.id,
    productId: existing.id,
    categoryCode: category.code,
    taxCode: vat.code,
  })
})
afterAll(() => app.close())

describe('catalog import', () => {
  it('rejects a file with bad lines whole, naming each line and column, and writes nothing', async () => {
    const before = await productCount()
    const csv = [
      'sku;name_ru;name_en;category;tax_class;gtin;pack_size;active',
      'IMP-1;Лампа;Lamp;LAMPS;VAT22;4006381333931;10;да',
      'IMP-2;Лампа 2;Lamp 2;NOPE;VAT22;4006381333932;10;да', // unknown category, GTIN check digit
      'IMP-1;Дубль;Duplicate;LAMPS;VAT22;;0;может быть', // repeats line 2, pack 0, not yes/no
      ';Без артикула;No SKU;LAMPS;VAT22;;1;1',
    ].join('\n')
    const res = await upload('products', 'bad.csv', csv)
    expect(res.status).toBe(302)
    const page = await app.request(res.location!, { cookie: w.desk })
    for (const text of [
      'Rejected: line errors',
      'No such code: check the reference list.',
      'The GTIN fails its check digit.',
      'Repeats line 2.',
      'A whole number above zero.',
      'Yes or no',
      'This field is required.',
    ])
      expect(page.body).toContain(text)
    expect(page.body).not.toContain('Write to the catalog')
    expect(await productCount()).toBe(before)
    // Applying a rejected import is refused.
    expect((await app.request(res.location!, { cookie: w.desk, form: { intent: 'apply' } })).status).toBe(409)
    expect(await productCount()).toBe(before)
  })

  it('previews a clean products file, then writes it in one go: new products created, existing ones changed', async () => {
    const csv = [
      'Артикул;Наименование;name_en;Категория;НДС;pack_size',
      'IMP-NEW-1;Лампа новая;New lamp;lamps;vat22;4',
      'IMP-NEW-2;"Лампа ""особая""; 2 шт";Special lamp;LAMPS;VAT22;1',
      'imp-old;Старое, переименованное;Old renamed;LAMPS;VAT22;1',
    ].join('\r\n')
    const res = await upload('products', 'products.csv', csv)
    const preview = await app.request(res.location!, { cookie: w.desk })
    expect(preview.body).toContain('Checked, ready to write')
    expect(preview.body).toContain('1 product will be changed, 2 products will be created.')
    expect(await apply(res.location!)).toBe('applied')
    const rows = await db
      .select({ sku: products.sku, nameRu: products.nameRu, packSize: products.packSize, minQty: products.minQty })
      .from(products)
      .where(sql`${products.sku} like 'IMP-%'`)
      .orderBy(products.sku)
    expect(rows).toEqual([
      { sku: 'IMP-NEW-1', nameRu: 'Лампа новая', packSize: 4, minQty: 4 },
      { sku: 'IMP-NEW-2', nameRu: 'Лампа "особая"; 2 шт', packSize: 1, minQty: 1 },
      { sku: 'IMP-OLD', nameRu: 'Старое, переименованное', packSize: 1, minQty: 1 },
    ])
    const [entry] = await db.select({ details: auditLog.details }).from(auditLog).where(eq(auditLog.action, 'catalog.imported'))
    expect(entry.details).toMatchObject({ kind: 'products', create: 2, update: 1 })
    // A second apply of the same preview is refused: exactly one writer.
    expect((await app.request(res.location!, { cookie: w.desk, form: { intent: 'apply' } })).status).toBe(409)
  })

  it('imports stock from XLSX and prices from CSV; an open cart hears about it over the socket', async () => {
    await addToCart({ scope: grantScope('create:order:org', w.dealerId), userId: w.buyerId, lines: [{ productId: w.productId, qty: 1 }] })
    const socket = app.socket({ cookie: w.buyer })
    await waitForEvent(socket, 'connect')
    const heard = waitForEvent<{ kind: string; productIds: string[] }>(socket, 'catalog:changed', 10_000)
    const xlsx = writeXlsx(
      'Остатки',
      ['sku', 'warehouse', 'atp', 'next_receipt_date', 'next_receipt_qty', 'lead_days'],
      [['IMP-OLD', 'EKB', 42, '2027-01-15', 100, 3]],
    )
    const res = await upload('stock', 'stock.xlsx', xlsx)
    expect(await apply(res.location!)).toBe('applied')
    expect(await heard).toEqual({ kind: 'stock', productIds: [w.productId] })
    const [level] = await db.select().from(stockLevels).where(eq(stockLevels.productId, w.productId))
    expect(level).toMatchObject({ atp: 42, nextReceiptDate: '2027-01-15', nextReceiptQty: 100, leadDays: 3 })

    const bad = await upload('prices', 'prices.csv', 'price_list,sku,min_qty,price\nBASE,IMP-OLD,1,"99,999"\nNOPE,IMP-OLD,1,5\nBASE,GHOST,1,5')
    const report = await app.request(bad.location!, { cookie: w.desk })
    for (const text of ['A price in roubles with at most two decimals.', 'No such code', 'No such SKU in the catalog.'])
      expect(report.body).toContain(text)
    const good = await upload('prices', 'prices.csv', 'price_list;sku;min_qty;price\nBASE;IMP-OLD;1;"1 234,50"\nBASE;IMP-OLD;10;1100')
    expect(await apply(good.location!)).toBe('applied')
    const tiers = await db
      .select({ minQty: prices.minQty, unitPriceMinor: prices.unitPriceMinor })
      .from(prices)
      .where(eq(prices.productId, w.productId))
      .orderBy(prices.minQty)
    expect(tiers).toEqual([
      { minQty: 1, unitPriceMinor: 1234_50 },
      { minQty: 10, unitPriceMinor: 1100_00 },
    ])
    expect((await app.request('/cart', { cookie: w.buyer })).body).toMatch(/1[\s,\u00a0]?234\.50/)
  })

  it('counts a newly priced product in the dealer’s catalog at once, though counts are cached', async () => {
    const found = async () => Number(/(\d+) products? found/.exec((await app.request('/catalog', { cookie: w.buyer })).body)?.[1])
    const before = await found()
    expect(await found()).toBe(before) // the second view comes from the cache
    const res = await upload('prices', 'new.csv', 'price_list;sku;price\nBASE;IMP-NEW-1;10')
    expect(await apply(res.location!)).toBe('applied')
    expect(await found()).toBe(before + 1)
  })

  it('refuses files that are not spreadsheets, unknown columns, and a missing file, clearly', async () => {
    const png = await upload('stock', 'stock.csv', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]))
    expect(png.status).toBe(400)
    expect(png.body).toContain('This is neither text nor Excel')
    const columns = await upload('stock', 'stock.csv', 'sku;warehouse;atp;colour\nIMP-OLD;EKB;1;red')
    expect((await app.request(columns.location!, { cookie: w.desk })).body).toContain('Unknown column: check the header.')
    const form = new FormData()
    form.set('kind', 'stock')
    const none = await fetch(`${app.origin}/desk/catalog/import`, { method: 'POST', body: form, headers: { cookie: w.desk, origin: app.origin } })
    expect(none.status).toBe(400)
    expect(await none.text()).toContain('Choose a file.')
    expect((await app.request('/desk/catalog/import', { cookie: w.buyer })).status).toBe(403)
  })
})

describe('catalog import of crafted files', () => {
  it('answers at once naming the row, cell or line beyond the limits, keeps nothing, and reads bad references as U+FFFD', async () => {
    const book = (sheet: string) =>
      zipSync({
        'xl/workbook.xml': strToU8('<workbook xmlns:r="r"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        'xl/_rels/workbook.xml.rels': strToU8('<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>'),
        'xl/worksheets/sheet1.xml': strToU8(`<worksheet><sheetData>${sheet}</sheetData></worksheet>`),
      })
    const text = (ref: string, v: string) => `<c r="${ref}" t="inlineStr"><is><t>${v}</t></is></c>`
    const header = `<row r="1">${text('A1', 'sku')}${text('B1', 'warehouse')}${text('C1', 'atp')}</row>`
    const imports = async () => (await db.select({ n: sql<number>`count(*)::int` }).from(catalogImports))[0].n
    const [before, productsBefore] = [await imports(), await productCount()]
    const started = Date.now()
    const far = await upload('stock', 'far.xlsx', book(`${header}<row r="60000000">${text('A60000000', 'IMP-OLD')}</row>`))
    expect(far.status).toBe(400)
    expect(far.body).toContain('Row 60000000 is beyond the 100,000-line limit')
    const wide = await upload('stock', 'wide.xlsx', book(`${header}<row r="2">${text('ZZZZZ2', 'x')}</row>`))
    expect(wide.status).toBe(400)
    expect(wide.body).toContain('Cell ZZZZZ2 is beyond columns A–Z.')
    const csvWide = await upload('stock', 'wide.csv', `sku;warehouse;atp\nIMP-OLD;EKB;1${';'.repeat(30)}x`)
    expect(csvWide.status).toBe(400)
    expect(csvWide.body).toContain('Line 2 has more than 26 columns.')
    const nul = await upload('stock', 'nul.csv', `sku;warehouse;atp\n${'IMP-OLD;EKB;1\n'.repeat(1000)}IMP-\u0000OLD;EKB;1\n`)
    expect(nul.status).toBe(400)
    expect(nul.body).toContain('This is neither text nor Excel')
    expect(Date.now() - started).toBeLessThan(3000)
    expect(await imports()).toBe(before)
    // An invalid code point is read as U+FFFD: the line is refused as an unknown SKU, nothing written.
    const ref = await upload(
      'stock',
      'ref.xlsx',
      book(`${header}<row r="2">${text('A2', 'IMP-OLD&#x110000;')}${text('B2', 'EKB')}<c r="C2"><v>1</v></c></row>`),
    )
    expect(ref.status).toBe(302)
    expect((await app.request(ref.location!, { cookie: w.desk })).body).toContain('No such SKU in the catalog.')
    expect(await productCount()).toBe(productsBefore)
  })
})

describe('product editing', () => {
  it('creates a product, refuses a taken SKU or a bad GTIN beside the field, and changes stock', async () => {
    const page = await app.request('/desk/catalog/new', { cookie: w.desk })
    const categoryId =
      /name="categoryId"[^>]*>\s*<option value="([0-9a-f-]{36})"/.exec(page.body)?.[1] ??
      /<option value="([0-9a-f-]{36})"[^>]*>[^<]*<\/option>/.exec(page.body)![1]
    const options = [...page.body.matchAll(/<option value="([0-9a-f-]{36})"/g)].map((m) => m[1])
    const base = {
      sku: 'ED-1',
      nameRu: 'Товар',
      nameEn: 'Item',
      unit: 'pcs',
      packSize: '2',
      categoryId,
      taxClassId: options[options.length - 1],
      active: 'on',
    }
    const bad = await app.request('/desk/catalog/new', { cookie: w.desk, form: { ...base, gtin: '4006381333932' } })
    expect(bad.status).toBe(400)
    expect(bad.body).toContain('The GTIN fails its check digit.')
    const rule = await app.request('/desk/catalog/new', { cookie: w.desk, form: { ...base, maxQty: '1' } })
    expect(rule.status).toBe(400)
    expect(rule.body).toContain('The maximum is below the minimum.')
    const created = await app.request('/desk/catalog/new', { cookie: w.desk, form: { ...base, gtin: '4006381333931' } })
    expect(created.status).toBe(302)
    const taken = await app.request('/desk/catalog/new', { cookie: w.desk, form: { ...base, sku: 'ed-1' } })
    expect(taken.body).toContain('This SKU already exists.')
    const id = created.location!.split('/').pop()!.split('?')[0]
    const [p] = await db.select().from(products).where(eq(products.id, id))
    expect(p).toMatchObject({ sku: 'ED-1', packSize: 2, minQty: 2, gtin: '4006381333931', active: true })
    // Stock for a warehouse; a negative quantity is refused.
    const edit = await app.request(`/desk/catalog/${id}`, { cookie: w.desk })
    const warehouseId = /name="warehouseId" value="([0-9a-f-]{36})"/.exec(edit.body)![1]
    expect(
      (await app.request(`/desk/catalog/${id}`, { cookie: w.desk, form: { intent: 'stock', warehouseId, atp: '-3', leadDays: '1' } })).status,
    ).toBe(400)
    expect(
      (
        await app.request(`/desk/catalog/${id}`, {
          cookie: w.desk,
          form: { intent: 'stock', warehouseId, atp: '30', leadDays: '2', nextReceiptDate: '', nextReceiptQty: '0' },
        })
      ).status,
    ).toBe(200)
    const [s] = await db.select().from(stockLevels).where(eq(stockLevels.productId, id))
    expect(s).toMatchObject({ atp: 30, leadDays: 2 })
    // The SKU does not change on edit, whatever the form says.
    await app.request(`/desk/catalog/${id}`, { cookie: w.desk, form: { ...base, sku: 'HACKED', nameRu: 'Переименован', intent: 'product' } })
    const [after] = await db.select().from(products).where(eq(products.id, id))
    expect(after).toMatchObject({ sku: 'ED-1', nameRu: 'Переименован' })
  })
})

describe('price lists', () => {
  it('creates a contract list, and refuses one that overlaps a list for the same buyers, currency and priority', async () => {
    const base = {
      code: 'c-2027',
      name: 'Contract 2027',
      currency: 'RUB',
      validFrom: '2027-01-01',
      validTo: '2027-12-31',
      priority: '0',
      scope: 'org',
      orgId: w.dealerId,
      dealerGroup: '',
    }
    const created = await app.request('/desk/prices/new', { cookie: w.desk, form: base })
    expect(created.status).toBe(302)
    const overlap = await app.request('/desk/prices/new', {
      cookie: w.desk,
      form: { ...base, code: 'C-2027-B', validFrom: '2027-06-01', validTo: '' },
    })
    expect(overlap.status).toBe(400)
    expect(overlap.body).toContain('Overlaps C-2027 for the same buyers, currency and priority')
    // A higher priority, or days that do not overlap, are clear choices and are taken.
    expect((await app.request('/desk/prices/new', { cookie: w.desk, form: { ...base, code: 'C-2027-PROMO', priority: '5' } })).status).toBe(302)
    expect(
      (await app.request('/desk/prices/new', { cookie: w.desk, form: { ...base, code: 'C-2028', validFrom: '2028-01-01', validTo: '2028-12-31' } }))
        .status,
    ).toBe(302)
    const inverted = await app.request('/desk/prices/new', {
      cookie: w.desk,
      form: { ...base, code: 'C-X', validFrom: '2027-05-01', validTo: '2027-04-01' },
    })
    expect(inverted.body).toContain('The end is before the start.')
    const taken = await app.request('/desk/prices/new', { cookie: w.desk, form: { ...base, code: 'c-2028', validFrom: '2029-01-01', validTo: '' } })
    expect(taken.body).toContain('A price list with this code exists.')
    const noOrg = await app.request('/desk/prices/new', { cookie: w.desk, form: { ...base, code: 'C-Y', orgId: '' } })
    expect(noOrg.status).toBe(400)
    const page = await app.request('/desk/prices', { cookie: w.desk })
    for (const code of ['C-2027', 'C-2027-PROMO', 'C-2028']) expect(page.body).toContain(code)
    expect(page.body).not.toContain('C-2027-B')
  })
})

describe('reference data', () => {
  it('adds and changes categories, warehouses, VAT classes and dated VAT rates by code; refuses nonsense beside the field', async () => {
    const post = (form: Record<string, string>) => app.request('/desk/catalog/reference', { cookie: w.desk, form })
    expect((await post({ intent: 'category', code: 'tools', nameRu: 'Инструмент', nameEn: 'Tools', sort: '5' })).status).toBe(200)
    expect((await post({ intent: 'category', code: 'TOOLS', nameRu: 'Инструмент ручной', nameEn: 'Hand tools', sort: '5' })).status).toBe(200)
    expect((await post({ intent: 'warehouse', code: 'NSK', nameRu: 'Новосибирск', nameEn: 'Novosibirsk', city: 'Новосибирск' })).status).toBe(200)
    expect((await post({ intent: 'tax-class', code: 'VAT10', nameRu: 'НДС 10%', nameEn: 'VAT 10%' })).status).toBe(200)
    const page = await app.request('/desk/catalog/reference', { cookie: w.desk })
    expect(page.body).toContain('TOOLS · Hand tools')
    expect(page.body).toContain('NSK · Novosibirsk')
    const taxClassId = new RegExp('<option value="([0-9a-f-]{36})">VAT10').exec(page.body)![1]
    const bad = await post({ intent: 'tax-rate', taxClassId, validFrom: '2027-01-01', ratePercent: '150' })
    expect(bad.status).toBe(400)
    expect(bad.body).toContain('A percentage from 0 to 100')
    expect(bad.body).toContain('aria-invalid="true"')
    expect((await post({ intent: 'tax-rate', taxClassId, validFrom: '2027-01-01', ratePercent: '10' })).status).toBe(200)
    expect((await app.request('/desk/catalog/reference', { cookie: w.desk })).body).toContain('10% from 1 Jan 2027')
    expect((await post({ intent: 'category', code: '', nameRu: '', nameEn: '' })).status).toBe(400)
  })
})
