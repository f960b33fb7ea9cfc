import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { eq } from 'drizzle-orm'
import { dealerPartNumbers, products } from '../../db/schema'
import { grantScope } from '../../app/modules/auth/scope.server'
import { priceProducts } from '../../app/modules/pricing/queries.server'
import { readXlsx } from '../../app/utils/xlsx.server'
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
import { startApp, type App } from '../http-harness'

let app: App
const w = {} as {
  a: { id: string }
  b: { id: string }
  cookieA: string
  cable: { id: string; sku: string; gtin: string | null }
  lamp: { id: string; sku: string }
  hidden: { id: string; sku: string }
}

beforeAll(async () => {
  app = await startApp()
  const a = await createOrganisation(db, { kind: 'dealer', dealerGroup: 'gold' })
  const b = await createOrganisation(db, { kind: 'dealer', dealerGroup: 'silver' })
  const buyer = await createMember(db, a, 'dealer_buyer', { locale: 'en' })
  const category = await createCategory(db, { code: 'CABLES', nameRu: 'Кабель', nameEn: 'Cable' })
  const vat = await createTaxClass(db, {
    rates: [
      ['2019-01-01', 2000],
      ['2026-01-01', 2200],
    ],
  })
  const cable = await createProduct(db, {
    categoryId: category.id,
    taxClassId: vat.id,
    sku: 'CAB-TEST-1',
    gtin: '4006381333931',
    nameRu: 'Кабель ВВГ',
    nameEn: 'Power cable VVG',
    unit: 'm',
    packSize: 50,
    minQty: 50,
    maxQty: 1000,
  })
  const lamp = await createProduct(db, { categoryId: category.id, taxClassId: vat.id, sku: 'LMP-TEST-1', nameRu: 'Лампа', nameEn: 'Lamp' })
  const hidden = await createProduct(db, { categoryId: category.id, taxClassId: vat.id, sku: 'HID-TEST-1', nameRu: 'Только для B', nameEn: 'B only' })
  const wh = await createWarehouse(db, { code: 'TST' })
  await setStock(db, { productId: cable.id, warehouseId: wh.id, atp: 100, leadDays: 2 })
  await createPriceList(db, {
    code: 'T-BASE',
    name: 'Base',
    assign: { scope: 'global' },
    prices: {
      [cable.id]: [
        [1, 100_00],
        [500, 90_00],
      ],
      [lamp.id]: [[1, 50_00]],
    },
  })
  await createPriceList(db, {
    code: 'T-GOLD',
    name: 'Gold dealers',
    assign: { scope: 'group', dealerGroup: 'gold' },
    prices: { [cable.id]: [[1, 95_00]] },
  })
  await createPriceList(db, {
    code: 'T-SILVER',
    name: 'Silver dealers',
    assign: { scope: 'group', dealerGroup: 'silver' },
    prices: { [cable.id]: [[1, 97_00]] },
  })
  await createPriceList(db, { code: 'T-A', name: 'Contract A', assign: { scope: 'org', orgId: a.id }, prices: { [lamp.id]: [[1, 40_00]] } })
  await createPriceList(db, {
    code: 'T-B',
    name: 'Contract B',
    assign: { scope: 'org', orgId: b.id },
    prices: { [cable.id]: [[1, 1_00]], [hidden.id]: [[1, 10_00]] },
  })
  await db.insert(dealerPartNumbers).values([
    { orgId: a.id, productId: cable.id, partNumber: 'A-CABLE-77' },
    { orgId: b.id, productId: lamp.id, partNumber: 'B-SECRET-99' },
  ])
  Object.assign(w, { a, b, cable, lamp, hidden, cookieA: await app.login(buyer.email, defaultTestPassword) })
})
afterAll(() => app.close())

describe('contract pricing from the database', () => {
  it('prices for A from the lists that apply to A only, and explains it', async () => {
    const priced = await priceProducts({
      scope: grantScope('read:catalog:org', w.a.id),
      date: '2026-11-22',
      items: [
        { productId: w.cable.id, qty: 50 },
        { productId: w.lamp.id, qty: 1 },
      ],
    })
    const cable = priced.get(w.cable.id)!
    expect(cable.ok && cable.list.code).toBe('T-GOLD')
    expect(cable.ok && cable.unitPriceMinor).toBe(95_00)
    // B's contract and the silver list are not even candidates for A.
    expect(cable.trace.map((t) => t.code).sort()).toEqual(['T-A', 'T-BASE', 'T-GOLD'])
    const lamp = priced.get(w.lamp.id)!
    expect(lamp.ok && lamp.list.code).toBe('T-A')
  })
})

describe('the dealer catalog', () => {
  it.each([
    ['SKU', 'CAB-TEST'],
    ['GTIN', '4006381333931'],
    ['Russian name', 'кабель ввг'],
    ['English name', 'power cable'],
    ['own part number', 'A-CABLE'],
    // Issue 10, item 4: part numbers compare as SKUs do, without the dashes and case people drop.
    ['own part number typed without its dashes', 'acable77'],
    ['own part number typed with a space', 'a cable 77'],
  ])('finds a product by %s', async (_name, q) => {
    const res = await app.request(`/catalog?q=${encodeURIComponent(q)}`, { cookie: w.cookieA })
    expect(res.status).toBe(200)
    expect(res.body).toContain('CAB-TEST-1')
  })

  it.each([
    ['a letter missing', 'кабль'],
    ['a letter swapped in English', 'pwoer cable'],
    ['a wrong letter in the SKU', 'CAB-TEZT-1'],
  ])('finds a product despite a typo (%s), and says it was a close match', async (_name, q) => {
    const res = await app.request(`/catalog?q=${encodeURIComponent(q)}`, { cookie: w.cookieA })
    expect(res.body).toContain('CAB-TEST-1')
    expect(res.body).toContain('Nothing matches')
    // The typo search stays inside the assortment: B's product never appears.
    expect(res.body).not.toContain('HID-TEST-1')
  })

  it('narrows by the brand facet and counts each brand within the search', async () => {
    await db
      .update(products)
      .set({ attributes: { brand: 'IEK' } })
      .where(eq(products.id, w.cable.id))
    await db
      .update(products)
      .set({ attributes: { brand: 'EKF' } })
      .where(eq(products.id, w.lamp.id))
    const all = await app.request('/catalog', { cookie: w.cookieA })
    expect(all.body).toContain('<option value="EKF">EKF (1)</option>')
    expect(all.body).toContain('<option value="IEK">IEK (1)</option>')
    const iek = await app.request('/catalog?brand=IEK', { cookie: w.cookieA })
    expect(iek.body).toContain('CAB-TEST-1')
    expect(iek.body).not.toContain('LMP-TEST-1')
    // B's product has a brand too, but is not in A's assortment: no facet count for it.
    await db
      .update(products)
      .set({ attributes: { brand: 'SECRETBRAND' } })
      .where(eq(products.id, w.hidden.id))
    expect((await app.request('/catalog', { cookie: w.cookieA })).body).not.toContain('SECRETBRAND')
  })

  it('finds nothing, rather than anything, for a word that resembles no product', async () => {
    const res = await app.request('/catalog?q=zzzqqqxxx', { cookie: w.cookieA })
    expect(res.body).toContain('0 products found')
  })

  it('shows only A’s assortment and never another dealer’s part numbers', async () => {
    const all = await app.request('/catalog', { cookie: w.cookieA })
    expect(all.body).toContain('LMP-TEST-1')
    expect(all.body).not.toContain('HID-TEST-1')
    for (const q of ['B-SECRET', 'bsecret99', 'B-SECRET-98'])
      expect((await app.request(`/catalog?q=${q}`, { cookie: w.cookieA })).body).not.toContain('LMP-TEST-1')
    expect((await app.request('/catalog/HID-TEST-1', { cookie: w.cookieA })).status).toBe(404)
  })

  it('filters to the contract', async () => {
    const res = await app.request('/catalog?inContract=on', { cookie: w.cookieA })
    expect(res.body).toContain('LMP-TEST-1')
    expect(res.body).not.toContain('CAB-TEST-1')
  })

  it('shows the price, its explanation, the ladder, the next tier and the earliest date on the product page', async () => {
    const res = await app.request('/catalog/CAB-TEST-1?qty=100', { cookie: w.cookieA })
    expect(res.status).toBe(200)
    expect(res.body).toContain('Price list “Gold dealers” applied')
    expect(res.body).toContain('a more specific list wins')
    expect(res.body).toContain('VAT 22%')
    expect(res.body).toContain('Earliest delivery of 100')
    expect(res.body).not.toContain('Contract B')
  })

  it('names the broken quantity rule and offers the rounding', async () => {
    const res = await app.request('/catalog/CAB-TEST-1?qty=70', { cookie: w.cookieA })
    expect(res.body).toContain('Sold in packs of 50.')
    expect(res.body).toContain('Round to 100')
    for (const bad of ['-5', 'abc', '1e9', '99999999999999999999999', '2.5'])
      expect((await app.request(`/catalog/CAB-TEST-1?qty=${encodeURIComponent(bad)}`, { cookie: w.cookieA })).status).toBe(200)
  })

  it('exports the dealer’s own prices as CSV, every tier, and nothing of another contract', async () => {
    const res = await app.request('/catalog/prices.csv', { cookie: w.cookieA })
    expect(res.headers.get('content-type')).toContain('text/csv')
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="prices-\d{4}-\d{2}-\d{2}\.csv"/)
    const lines = res.body.replace('\uFEFF', '').trim().split('\r\n')
    expect(lines[0]).toBe('SKU,Your part number,GTIN,Name,Unit,Pack,From quantity,Your price excl. VAT,Currency,Price list')
    expect(lines).toContain('CAB-TEST-1,A-CABLE-77,4006381333931,Power cable VVG,m,50,1,95.00,RUB,Gold dealers')
    expect(lines).toContain('LMP-TEST-1,,,Lamp,pcs,1,1,40.00,RUB,Contract A')
    // Another dealer's part number for the same lamp stays theirs.
    expect(res.body).not.toContain('B-SECRET-99')
    expect(res.body).not.toContain('HID-TEST-1')
    expect(res.body).not.toContain('Contract B')
  })

  it('exports the same prices as an Excel workbook that reads back cell by cell', async () => {
    const res = await fetch(`${app.origin}/catalog/prices.xlsx`, { headers: { cookie: w.cookieA } })
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    const read = readXlsx(new Uint8Array(await res.arrayBuffer()), { maxBytes: 10_000_000, maxRows: 10_000, maxColumns: 26 })
    expect(read.ok).toBe(true)
    if (!read.ok) return
    const rows = read.rows.map((r) => r.map((c) => c.value))
    expect(rows[0]).toEqual([
      'SKU',
      'Your part number',
      'GTIN',
      'Name',
      'Unit',
      'Pack',
      'From quantity',
      'Your price excl. VAT',
      'Currency',
      'Price list',
    ])
    expect(rows).toContainEqual(['CAB-TEST-1', 'A-CABLE-77', '4006381333931', 'Power cable VVG', 'm', '50', '1', '95', 'RUB', 'Gold dealers'])
    expect(rows.flat()).not.toContain('HID-TEST-1')
  })
})
