import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { sql } from 'drizzle-orm'
import { cartLines, dealerPartNumbers } from '../../db/schema'
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
import { strToU8, zipSync } from 'fflate'
import { writeXlsx } from '../../app/utils/xlsx.server'
import { startApp, type App } from '../http-harness'

let app: App
let cookie: string
let viewer: string

beforeAll(async () => {
  app = await startApp()
  const org = await createOrganisation(db, { kind: 'dealer' })
  const other = await createOrganisation(db, { kind: 'dealer' })
  const buyer = await createMember(db, org, 'dealer_buyer', { locale: 'en' })
  const watcher = await createMember(db, org, 'dealer_viewer')
  const category = await createCategory(db)
  const vat = await createTaxClass(db)
  const wh = await createWarehouse(db)
  const make = async (sku: string, o: Record<string, unknown> = {}) => {
    const p = await createProduct(db, { categoryId: category.id, taxClassId: vat.id, sku, nameEn: `Product ${sku}`, ...o })
    await setStock(db, { productId: p.id, warehouseId: wh.id, atp: 1000, leadDays: 1 })
    return p
  }
  const cable = await make('QO-CABLE', { packSize: 50, minQty: 50, unit: 'm' })
  const lamp = await make('QO-LAMP', { gtin: '4006381333931' })
  const scarce = await make('QO-SCARCE')
  await setStock(db, { productId: scarce.id, warehouseId: wh.id, atp: 3, leadDays: 1 })
  const newer = await make('QO-NEW')
  const old = await make('QO-OLD', { active: false, substituteId: newer.id })
  const foreign = await make('QO-FOREIGN')
  const bulk = []
  for (let i = 1; i < 1000; i += 2) bulk.push(await make(`QO-BULK-${i}`))
  await createPriceList(db, {
    assign: { scope: 'global' },
    prices: Object.fromEntries([cable, lamp, scarce, newer, old, ...bulk].map((p) => [p.id, [[1, 10_00]]])),
  })
  await createPriceList(db, { assign: { scope: 'org', orgId: other.id }, prices: { [foreign.id]: [[1, 5_00]] } })
  await db.insert(dealerPartNumbers).values([
    { orgId: org.id, productId: lamp.id, partNumber: 'MY-LAMP' },
    { orgId: other.id, productId: lamp.id, partNumber: 'THEIR-LAMP' },
  ])
  cookie = await app.login(buyer.email, defaultTestPassword)
  viewer = await app.login(watcher.email, defaultTestPassword)
})
afterAll(() => app.close())

describe('quick order', () => {
  it('adds the valid lines to the cart and returns each rejected line with its reason', async () => {
    const paste = [
      'SKU;Qty', // a header row
      'QO-CABLE;100',
      '4006381333931;2', // a GTIN
      'my-lamp;3', // the dealer's own part number, any case: summed with the line above
      'QO-CABLE;70', // summed with line 2: 170 is not a whole number of packs of 50
      'NOPE-1;1',
      'QO-FOREIGN;1',
      'QO-OLD;1',
      'QO-SCARCE;10',
      'QO-NEW;abc',
      ';;;',
    ].join('\n')
    const res = await app.request('/quick-order', { form: { lines: paste }, cookie })
    expect(res.status).toBe(200)
    expect(res.body).toContain('1 line added to the cart.')
    for (const reason of [
      'Not a whole number of packs. 200 would do.',
      'No such product.',
      'Not in your assortment.',
      'Discontinued; the substitute is QO-NEW.',
      'Not in stock in this quantity: 3 available.',
      'The quantity is not a number.',
      'The line could not be read.',
    ])
      expect(res.body).toContain(reason)
    expect(res.body).toContain('7 lines not added')
    // The cart holds the lamp, 2 + 3 units.
    const cart = await app.request('/cart', { cookie })
    expect(cart.body).toContain('QO-LAMP')
    expect(cart.body).toMatch(/name="qty"[^>]*value="5"/)
    expect(cart.body).not.toContain('QO-CABLE')
  })

  it('lets the buyer fix a rejected line and resend it', async () => {
    const res = await app.request('/quick-order', { form: { lines: 'QO-CABLE\t200' }, cookie })
    expect(res.body).toContain('1 line added to the cart.')
    expect((await app.request('/cart', { cookie })).body).toContain('QO-CABLE')
  })

  it('changes and removes cart lines, and answers a product not in the cart with 404', async () => {
    const page = await app.request('/cart', { cookie })
    const lampId = /name="productId" value="([0-9a-f-]{36})"/.exec(page.body)![1]
    expect((await app.request('/cart', { form: { intent: 'set-qty', productId: lampId, qty: '9' }, cookie })).status).toBe(200)
    expect((await app.request('/cart', { cookie })).body).toMatch(/value="9"/)
    expect((await app.request('/cart', { form: { intent: 'remove', productId: lampId }, cookie })).status).toBe(200)
    expect((await app.request('/cart', { form: { intent: 'remove', productId: lampId }, cookie })).status).toBe(404)
    expect((await app.request('/cart', { form: { intent: 'set-qty', productId: lampId, qty: '-1' }, cookie })).status).toBe(400)
  })

  it('takes SKUs typed into the grid, with suggestions from the own assortment only', async () => {
    const suggest = await app.request('/catalog/suggest?q=QO-LA', { cookie })
    expect(JSON.parse(suggest.body).items.map((i: { sku: string }) => i.sku)).toEqual(['QO-LAMP'])
    expect(JSON.parse((await app.request('/catalog/suggest?q=QO-FOREIGN', { cookie })).body).items).toEqual([])
    const form = new URLSearchParams([
      ['gridRef', 'QO-NEW'],
      ['gridQty', '2'],
      ['gridRef', ''],
      ['gridQty', ''],
      ['gridRef', 'NOPE-9'],
      ['gridQty', '1'],
      ['lines', ''],
    ])
    const res = await app.request('/quick-order', { form, cookie })
    expect(res.body).toContain('1 line added to the cart.')
    expect(res.body).toContain('No such product.')
  })

  it('finds SKUs and own part numbers typed without their dashes, as buyers type them', async () => {
    const res = await app.request('/quick-order', { form: { lines: 'mylamp;1\nqo new;1' }, cookie })
    expect(res.body).toContain('2 lines added to the cart.')
    expect(res.body).not.toContain('No such product.')
  })

  it('does not know another dealer’s part numbers', async () => {
    const res = await app.request('/quick-order', { form: { lines: 'THEIR-LAMP;1\ntheirlamp;1' }, cookie })
    expect(res.body).toContain('No such product.')
    expect(res.body).not.toContain('line added')
  })

  it('takes a CSV or XLSX file of 1,000 lines: valid lines into the cart, each rejected line with its reason', async () => {
    const skus = Array.from({ length: 1000 }, (_, i) => (i % 2 ? `QO-BULK-${i}` : `NOPE-${i}`))
    const csv = ['Артикул;Количество', ...skus.map((s) => `${s};2`)].join('\r\n')
    const send = (name: string, type: string, bytes: Uint8Array | string) => {
      const form = new FormData()
      form.set('lines', '')
      form.set('file', new Blob([typeof bytes === 'string' ? bytes : Buffer.from(bytes)], { type }), name)
      return fetch(`${app.origin}/quick-order`, { method: 'POST', body: form, headers: { cookie, origin: app.origin } })
    }
    const res = await send('order.csv', 'text/csv', csv)
    expect(res.status).toBe(200)
    const body = await res.text()
    expect(body).toContain('500 lines added to the cart.')
    expect(body).toContain('500 lines not added')
    // Excel line numbers: the header is line 1, so NOPE-0 is line 2.
    expect(body).toMatch(/<td[^>]*>2<\/td><td[^>]*><code>NOPE-0<\/code>/)
    const xlsx = writeXlsx(
      'Заказ',
      ['SKU', 'Qty'],
      skus.map((s) => [s, 2]),
    )
    const fromExcel = await (await send('order.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', xlsx)).text()
    expect(fromExcel).toContain('500 lines added to the cart.')
    // Both uploads added 2 of each: 4 in the cart.
    expect((await app.request('/cart', { cookie })).body).toMatch(/id="qty-[^"]+" name="qty"[^>]*value="4"/)
  })

  it('refuses a binary posing as CSV, a broken workbook, a formula row, and a body over the limit, clearly', async () => {
    const send = (bytes: Uint8Array, name = 'order.csv') => {
      const form = new FormData()
      form.set('file', new Blob([Buffer.from(bytes)]), name)
      return fetch(`${app.origin}/quick-order`, { method: 'POST', body: form, headers: { cookie, origin: app.origin } })
    }
    const png = await send(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]))
    expect(png.status).toBe(400)
    expect(await png.text()).toContain('This is neither text nor Excel')
    const broken = await send(new Uint8Array([0x50, 0x4b, 3, 4, 9, 9, 9, 9]), 'order.xlsx')
    expect(await broken.text()).toContain('The Excel file is damaged or not XLSX.')
    const withFormula = zipSync({
      'xl/workbook.xml': strToU8('<workbook xmlns:r="r"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'),
      'xl/_rels/workbook.xml.rels': strToU8('<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>'),
      'xl/worksheets/sheet1.xml': strToU8(
        '<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>QO-LAMP</t></is></c><c r="B1"><f>1+1</f><v>2</v></c></row></sheetData></worksheet>',
      ),
    })
    const formula = await (await send(withFormula, 'order.xlsx')).text()
    expect(formula).toContain('The row holds a formula')
    const huge = await send(new Uint8Array(9 * 1024 * 1024).fill(65))
    expect(huge.status).toBe(413)
    expect(huge.headers.get('content-type')).toContain('application/problem+json')
  })

  it('answers a crafted file at once, naming what is wrong, and leaves the cart as it was', async () => {
    const send = (bytes: Uint8Array, name: string) => {
      const form = new FormData()
      form.set('file', new Blob([Buffer.from(bytes)]), name)
      return fetch(`${app.origin}/quick-order`, { method: 'POST', body: form, headers: { cookie, origin: app.origin } })
    }
    const book = (sheet: string) =>
      zipSync({
        'xl/workbook.xml': strToU8('<workbook xmlns:r="r"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        'xl/_rels/workbook.xml.rels': strToU8('<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>'),
        'xl/worksheets/sheet1.xml': strToU8(`<worksheet><sheetData>${sheet}</sheetData></worksheet>`),
      })
    const cartUnits = async () => (await db.select({ n: sql<number>`coalesce(sum(${cartLines.qty}), 0)::int` }).from(cartLines))[0].n
    const before = await cartUnits()
    const heapBefore = process.memoryUsage().heapUsed
    const started = Date.now()
    const far = await send(
      book('<row r="60000000"><c r="A60000000" t="inlineStr"><is><t>QO-LAMP</t></is></c><c r="B60000000"><v>1</v></c></row>'),
      'far.xlsx',
    )
    expect(far.status).toBe(400)
    expect(await far.text()).toContain('Row 60000000 is beyond the 5,000-line limit')
    const wide = await send(book('<row r="1"><c r="A1" t="inlineStr"><is><t>QO-LAMP</t></is></c><c r="ZZZZZ1"><v>1</v></c></row>'), 'wide.xlsx')
    expect(wide.status).toBe(400)
    expect(await wide.text()).toContain('Cell ZZZZZ1 is beyond columns A–Z')
    const unclosed = await send(book('<row>'.repeat(300_000)), 'unclosed.xlsx')
    expect(unclosed.status).toBe(400)
    expect(await unclosed.text()).toContain('The Excel file is damaged or not XLSX.')
    expect(Date.now() - started).toBeLessThan(3000)
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(256 * 1024 * 1024)
    // An invalid code point in a character reference is read as U+FFFD: just an unknown product.
    const badRef = await send(
      book('<row r="1"><c r="A1" t="inlineStr"><is><t>QO-LAMP&#x110000;&#0;</t></is></c><c r="B1"><v>1</v></c></row>'),
      'ref.xlsx',
    )
    expect(badRef.status).toBe(200)
    expect(await badRef.text()).toContain('No such product.')
    // A NUL after the first 8 kB of a CSV: a binary, not a database error.
    const nul = await send(strToU8(`${'QO-LAMP;1\n'.repeat(1000)}QO-\u0000LAMP;1\n`), 'nul.csv')
    expect(nul.status).toBe(400)
    expect(await nul.text()).toContain('This is neither text nor Excel')
    expect(await cartUnits()).toBe(before)
  })

  it('merges only the valid duplicates: "3", "десять", "2" of one product is 5 in the cart and "десять" refused alone', async () => {
    const cartQty = async (productRef: string) => {
      const page = (await app.request('/cart', { cookie })).body
      const row = page.split('<tr').find((r) => r.includes(`<code>${productRef}</code>`))
      return row ? Number(/name="qty"[^>]*value="(\d+)"/.exec(row)?.[1]) : 0
    }
    const before = await cartQty('QO-NEW')
    // The same product three times, once by another spelling of its SKU.
    const res = await app.request('/quick-order', { form: { lines: 'QO-NEW;3\nqo-new;десять\nQO-NEW;2' }, cookie })
    expect(res.body).toContain('1 line added to the cart.')
    expect(res.body).toContain('1 line not added')
    expect(res.body).toMatch(/<td[^>]*>2<\/td><td[^>]*><code>qo-new<\/code><\/td><td[^>]*>десять<\/td><td[^>]*>The quantity is not a number.<\/td>/)
    // The box to fix and resend holds the bad line alone, with its own quantity.
    expect(res.body).toMatch(/<textarea[^>]*>qo-new\tдесять<\/textarea>/)
    expect(res.body).not.toContain('+десять')
    expect(await cartQty('QO-NEW')).toBe(before + 5)
  })

  it('refuses a viewer, who may look but not order', async () => {
    expect((await app.request('/quick-order', { form: { lines: 'QO-LAMP;1' }, cookie: viewer })).status).toBe(403)
  })
})
