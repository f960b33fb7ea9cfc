import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { and, eq } from 'drizzle-orm'
import { db } from '../../db/client.server'
import { cartLines, carts, contractQuantityRules } from '../../db/schema'
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

// Issue 10, item 7: buying from the catalog list and the product page, by the cart's quantity rules, with and
// without JavaScript (a fetch gets data; a plain form post is sent back to the page it came from).

let app: App
let cookie: string
let viewer: string
let userId: string
let orgId: string
const p = {} as Record<'cable' | 'lamp' | 'contract' | 'foreign' | 'old', { id: string; sku: string }>

beforeAll(async () => {
  app = await startApp()
  const org = await createOrganisation(db, { kind: 'dealer' })
  const other = await createOrganisation(db, { kind: 'dealer' })
  orgId = org.id
  const buyer = await createMember(db, org, 'dealer_buyer', { locale: 'en' })
  userId = buyer.id
  const watcher = await createMember(db, org, 'dealer_viewer', { locale: 'en' })
  const category = await createCategory(db)
  const vat = await createTaxClass(db)
  const wh = await createWarehouse(db, { nameRu: 'Склад Подольск', nameEn: 'Podolsk warehouse' })
  const make = async (sku: string, o: Record<string, unknown> = {}) => {
    const product = await createProduct(db, { categoryId: category.id, taxClassId: vat.id, sku, nameEn: `Product ${sku}`, ...o })
    await setStock(db, { productId: product.id, warehouseId: wh.id, atp: 5000, leadDays: 1 })
    return product
  }
  p.cable = await make('ATC-CABLE', { unit: 'm', packSize: 50, minQty: 50, maxQty: 1000, nameEn: 'Power cable VVG 3x2.5' })
  p.lamp = await make('ATC-LAMP')
  p.contract = await make('ATC-CONTRACT', { packSize: 1, minQty: 1 })
  p.foreign = await make('ATC-FOREIGN')
  p.old = await make('ATC-OLD', { active: false })
  await createPriceList(db, {
    assign: { scope: 'global' },
    prices: Object.fromEntries([p.cable, p.lamp, p.contract, p.old].map((x) => [x.id, [[1, 10_00]]])),
  })
  await createPriceList(db, { assign: { scope: 'org', orgId: other.id }, prices: { [p.foreign.id]: [[1, 5_00]] } })
  // The contract says packs of 10 from 20 for this organisation, where the product itself sells by one.
  await db.insert(contractQuantityRules).values({ orgId: org.id, productId: p.contract.id, increment: 10, minQty: 20 })
  cookie = await app.login(buyer.email, defaultTestPassword)
  viewer = await app.login(watcher.email, defaultTestPassword)
})
afterAll(() => app.close())

async function lineQty(productId: string) {
  const [row] = await db
    .select({ qty: cartLines.qty })
    .from(cartLines)
    .innerJoin(carts, eq(carts.id, cartLines.cartId))
    .where(and(eq(carts.orgId, orgId), eq(carts.userId, userId), eq(cartLines.productId, productId)))
  return row?.qty ?? 0
}

/** As the hydrated page posts: a fetch for data, which the browser marks as not a document load. */
async function addByFetch(productId: string, qty: string) {
  const res = await app.request('/catalog?index&_data=routes%2Fcatalog._index', {
    form: { intent: 'add-to-cart', productId, qty },
    cookie,
    headers: { 'sec-fetch-dest': 'empty' },
  })
  expect(res.status).toBe(200)
  return JSON.parse(res.body).added
}

describe('adding to the cart from the catalog', () => {
  it('without JavaScript, sends the buyer back to the same list page and row, and says what was added and why it was rounded', async () => {
    const from = `/catalog?q=ATC&page=1`
    const res = await app.request(`${from}&index`, {
      form: { intent: 'add-to-cart', productId: p.cable.id, qty: '70' },
      cookie,
      headers: { 'sec-fetch-dest': 'document' },
    })
    expect(res.status).toBe(303)
    expect(res.location).toBe(`${from}#product-${p.cable.id}`)
    const notice = /(portal_cart_notice=[^;]+)/.exec(res.headers.get('set-cookie') ?? '')![1]
    const page = await app.request(from, { cookie: `${cookie}; ${notice}` })
    expect(page.body).toContain('100 m of Power cable VVG 3x2.5 added to the cart; 100 m in the cart.')
    expect(page.body).toContain('Rounded to 100 m: sold in multiples of 50.')
    // The notice is read once: the page clears it.
    expect(page.headers.get('set-cookie')).toMatch(/portal_cart_notice=; .*Max-Age=0/)
    expect(await lineQty(p.cable.id)).toBe(100)
    // The shell counts the cart's lines.
    expect(page.body).toMatch(/Cart<span class="nav-count"><span class="visually-hidden">\((<!-- -->)?1 line(<!-- -->)?\)<\/span>/)
  })

  it('with JavaScript, answers with data; adding the same product again adds to its line', async () => {
    expect(await addByFetch(p.cable.id, '50')).toMatchObject({ status: 'added', added: 50, total: 150, rounded: null })
    expect(await lineQty(p.cable.id)).toBe(150)
  })

  it('applies the contract’s rules, to what the line will hold', async () => {
    expect(await addByFetch(p.contract.id, '5')).toMatchObject({ status: 'added', added: 20, rounded: { rule: 'min', min: 20, step: 10 } })
    // 20 in the line: 5 more makes 25, not a whole pack of 10, so 10 are added.
    expect(await addByFetch(p.contract.id, '5')).toMatchObject({ status: 'added', added: 10, total: 30, rounded: { rule: 'increment' } })
    expect(await addByFetch(p.contract.id, '2,5')).toMatchObject({ status: 'added', added: 10, total: 40 })
  })

  it('reduces to the maximum, and refuses once the line is full', async () => {
    expect(await addByFetch(p.cable.id, '5000')).toMatchObject({ status: 'added', added: 850, total: 1000, rounded: { rule: 'max', max: 1000 } })
    expect(await addByFetch(p.cable.id, '50')).toMatchObject({ status: 'refused', reason: 'full', total: 1000, max: 1000 })
    expect(await lineQty(p.cable.id)).toBe(1000)
  })

  it('refuses what cannot be rounded, and products outside the assortment, changing nothing', async () => {
    for (const [qty, reason] of [
      ['десять', 'not_a_number'],
      ['0', 'not_positive'],
      ['-3', 'not_positive'],
      ['1e9', 'not_a_number'],
      ['999999999999', 'too_large'],
    ])
      expect(await addByFetch(p.lamp.id, qty)).toMatchObject({ status: 'refused', reason, qtyRaw: qty })
    expect(await addByFetch(p.foreign.id, '1')).toMatchObject({ status: 'refused', reason: 'not_in_assortment' })
    expect(await addByFetch(p.old.id, '1')).toMatchObject({ status: 'refused', reason: 'discontinued' })
    expect(await lineQty(p.lamp.id)).toBe(0)
    expect(await lineQty(p.foreign.id)).toBe(0)
  })

  it('from the product page without JavaScript: back to the same page and quantity, the refusal beside the field', async () => {
    const res = await app.request(`/catalog/${p.lamp.sku}?qty=3`, { form: { intent: 'add-to-cart', qty: 'десять' }, cookie })
    expect(res.status).toBe(303)
    expect(res.location).toBe(`/catalog/${p.lamp.sku}?qty=3#buy`)
    const notice = /(portal_cart_notice=[^;]+)/.exec(res.headers.get('set-cookie') ?? '')![1]
    const page = await app.request(res.location!, { cookie: `${cookie}; ${notice}` })
    expect(page.body).toMatch(/<input[^>]*id="qty"[^>]*value="десять"/)
    expect(page.body).toContain('Enter a number.')
    const ok = await app.request(`/catalog/${p.lamp.sku}`, { form: { intent: 'add-to-cart', qty: '3' }, cookie })
    expect(ok.status).toBe(303)
    expect(await lineQty(p.lamp.id)).toBe(3)
  })

  it('ignores a notice cookie that is not one', async () => {
    const page = await app.request('/catalog?q=ATC', {
      cookie: `${cookie}; portal_cart_notice=${Buffer.from('{"status":"added"}').toString('base64url')}`,
    })
    expect(page.status).toBe(200)
    expect(page.body).not.toContain('added to the cart;')
  })

  it('shows the form to those who may order only, and refuses the others on the server', async () => {
    expect((await app.request('/catalog?q=ATC', { cookie })).body).toContain('Add to cart')
    const looking = await app.request('/catalog?q=ATC', { cookie: viewer })
    expect(looking.status).toBe(200)
    expect(looking.body).not.toContain('Add to cart')
    expect((await app.request('/catalog?index', { form: { intent: 'add-to-cart', productId: p.lamp.id, qty: '1' }, cookie: viewer })).status).toBe(
      403,
    )
    expect((await app.request(`/catalog/${p.lamp.sku}`, { form: { intent: 'add-to-cart', qty: '1' }, cookie: viewer })).status).toBe(403)
  })

  it('names the warehouse in the cart in the reader’s language, not by its code', async () => {
    const cart = await app.request('/cart', { cookie })
    expect(cart.body).toContain('from Podolsk warehouse')
    const product = await app.request(`/catalog/${p.lamp.sku}`, { cookie })
    expect(product.body).toMatch(/Earliest delivery of 1 pcs: [^<]+ \(from Podolsk warehouse\)/)
  })
})
