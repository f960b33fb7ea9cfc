import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq, inArray } from 'drizzle-orm'
import { db } from '../../db/client.server'
import { businessClock } from '../../app/utils/clock.server'
import { cartLines, carts } from '../../db/schema'
import { grantScope, type OrgScope } from '../../app/modules/auth/scope.server'
import { addDays } from '../../app/modules/delivery-terms/earliest-date'
import type { LineReason } from '../../app/modules/ordering/line-verdict'
import { addProductToCart, placeOrder, quickOrder } from '../../app/modules/ordering/mutations.server'
import { evaluateCart, getOrder, prepareCheckout, reorderPreview } from '../../app/modules/ordering/queries.server'
import {
  createCategory,
  createMember,
  createOrder,
  createOrganisation,
  createPriceList,
  createProduct,
  createTaxClass,
  createWarehouse,
  setStock,
} from '../factories'

// One order-line evaluator (issue 11): the same input line gets the same verdict through every path a line can
// take — the quick-order grid, a paste, a file, a reorder, "add to cart", the cart and checkout. Each row is a
// line as a buyer writes it and the one reason it gets (null: it can be ordered). A path that cannot carry a
// row says so: an order or a cart holds known products and whole quantities only, so an unknown reference, "2,5"
// or "десять" cannot reach a reorder or the cart, and "add to cart" starts from a product, not a reference.

type Path = 'grid' | 'paste' | 'file' | 'reorder' | 'addToCart' | 'cart' | 'checkout'
interface Row {
  label: string
  sku: string
  qtyRaw: string
  reason: LineReason | null
  /** Paths this row cannot take, and why (above). */
  skip?: Path[]
}

const byReference: Path[] = ['reorder', 'addToCart', 'cart', 'checkout']
const notWhole: Path[] = ['reorder', 'cart', 'checkout']

const rows: Row[] = [
  { label: 'a valid line', sku: 'VD-OK', qtyRaw: '2', reason: null },
  { label: 'an unknown reference', sku: 'VD-NOPE', qtyRaw: '1', reason: 'unknown', skip: byReference },
  { label: 'discontinued', sku: 'VD-OLD', qtyRaw: '1', reason: 'discontinued' },
  { label: 'not in the assortment', sku: 'VD-FOREIGN', qtyRaw: '1', reason: 'not_in_assortment' },
  { label: 'below the minimum', sku: 'VD-MIN', qtyRaw: '5', reason: 'min' },
  { label: 'not a whole number of packs', sku: 'VD-PACK', qtyRaw: '13', reason: 'increment' },
  { label: 'over the maximum', sku: 'VD-MAX', qtyRaw: '30', reason: 'max' },
  // 15 is more than any warehouse holds now (5 + 3 over two) but one warehouse's next receipt covers it.
  { label: 'over stock, covered by a receipt', sku: 'VD-RECEIPT', qtyRaw: '15', reason: null },
  // 12: no single warehouse can deliver it (4 + 2 from a receipt, 5), though 11 are in stock over both.
  { label: 'over all stock', sku: 'VD-SCARCE', qtyRaw: '12', reason: 'out_of_stock' },
  { label: 'a decimal comma', sku: 'VD-COMMA', qtyRaw: '2,5', reason: 'not_whole', skip: notWhole },
  { label: 'a word', sku: 'VD-WORD', qtyRaw: 'десять', reason: 'not_a_number', skip: notWhole },
  // Two lines of one product: one line of 7. (A cart or an order holds a product once.)
  { label: 'a duplicate', sku: 'VD-DUP', qtyRaw: '3', reason: null, skip: ['cart', 'checkout', 'reorder'] },
  { label: 'a duplicate', sku: 'VD-DUP', qtyRaw: '4', reason: null, skip: ['cart', 'checkout', 'reorder'] },
]

let scope: OrgScope
let orgId: string
let userId: string
let warehouseId: string
const ids = new Map<string, string>()

beforeAll(async () => {
  const org = await createOrganisation(db, { kind: 'dealer' })
  const other = await createOrganisation(db, { kind: 'dealer' })
  orgId = org.id
  scope = grantScope('create:order:org', org.id)
  userId = (await createMember(db, org, 'dealer_buyer')).id
  const [category, vat, w1, w2] = [await createCategory(db), await createTaxClass(db), await createWarehouse(db), await createWarehouse(db)]
  warehouseId = w1.id
  const { today } = await businessClock()
  const make = async (sku: string, o: Record<string, unknown> = {}, stock: [number, number][] = [[100, 0]]) => {
    const p = await createProduct(db, { categoryId: category.id, taxClassId: vat.id, sku, ...o })
    for (const [i, [atp, receipt]] of stock.entries())
      await setStock(db, {
        productId: p.id,
        warehouseId: [w1, w2][i].id,
        atp,
        nextReceiptQty: receipt,
        nextReceiptDate: receipt ? addDays(today, 10) : null,
        leadDays: 1,
      })
    ids.set(sku, p.id)
    return p
  }
  const ok = await make('VD-OK')
  await make('VD-OLD', { active: false, substituteId: ok.id })
  await make('VD-FOREIGN')
  await make('VD-MIN', { minQty: 10 })
  await make('VD-PACK', { packSize: 12, minQty: 12 })
  await make('VD-MAX', { maxQty: 20 })
  await make('VD-RECEIPT', {}, [
    [5, 20],
    [3, 0],
  ])
  await make('VD-SCARCE', {}, [
    [4, 2],
    [5, 0],
  ])
  await make('VD-COMMA')
  await make('VD-WORD')
  await make('VD-DUP')
  const ours = [...ids].filter(([sku]) => sku !== 'VD-FOREIGN').map(([, id]) => id)
  await createPriceList(db, { assign: { scope: 'global' }, prices: Object.fromEntries(ours.map((id) => [id, [[1, 10_00]]])) })
  await createPriceList(db, { assign: { scope: 'org', orgId: other.id }, prices: { [ids.get('VD-FOREIGN')!]: [[1, 5_00]] } })
})

async function emptyCart() {
  const own = db.select({ id: carts.id }).from(carts).where(eq(carts.userId, userId))
  await db.delete(cartLines).where(inArray(cartLines.cartId, own))
}

/** The rows a path can take, with their positions in the table (1-based, as line numbers). */
const rowsFor = (path: Path) => rows.map((r, i) => ({ ...r, lineNo: i + 1 })).filter((r) => !r.skip?.includes(path))

/** What a path says about each row, by label: its reason, or null when accepted. */
type Verdicts = Record<string, LineReason | null>

const expected = (path: Path): Verdicts => Object.fromEntries(rowsFor(path).map((r) => [r.label, r.reason]))

async function throughQuickOrder(input: { grid: { ref: string; qty: string }[]; pasted: string; file: Uint8Array | null }): Promise<Verdicts> {
  await emptyCart()
  const result = await quickOrder({ scope, userId, input })
  if (!result.ok) throw new Error(result.error)
  const verdicts: Verdicts = {}
  for (const r of rowsFor('paste')) {
    const rejected = result.rejected.find((x) => x.lineNos.includes(r.lineNo))
    const accepted = result.accepted.find((x) => x.lineNos.includes(r.lineNo))
    verdicts[r.label] = rejected ? rejected.reason : accepted ? null : ('missing' as LineReason)
  }
  return verdicts
}

describe('one verdict per order line, whichever way it arrives', () => {
  it('the quick-order grid', async () => {
    expect(await throughQuickOrder({ grid: rows.map((r) => ({ ref: r.sku, qty: r.qtyRaw })), pasted: '', file: null })).toEqual(expected('grid'))
  })

  it('a paste', async () => {
    expect(await throughQuickOrder({ grid: [], pasted: rows.map((r) => `${r.sku}\t${r.qtyRaw}`).join('\n'), file: null })).toEqual(expected('paste'))
  })

  it('a file (CSV as Russian Excel saves it)', async () => {
    const csv = rows.map((r) => `${r.sku};${r.qtyRaw}`).join('\r\n')
    expect(await throughQuickOrder({ grid: [], pasted: '', file: new TextEncoder().encode(csv) })).toEqual(expected('file'))
  })

  it('a reorder', async () => {
    const lines = rowsFor('reorder')
    const placed = await createOrder(db, {
      orgId,
      placedBy: userId,
      warehouseId,
      items: lines.map((r) => ({ productId: ids.get(r.sku)!, sku: r.sku, qty: Number(r.qtyRaw), unitPriceMinor: 10_00 })),
    })
    const order = (await getOrder({ scope, orderId: placed.id }))!
    const preview = await reorderPreview({ scope, order, today: (await businessClock()).today })
    expect(Object.fromEntries(lines.map((r, i) => [r.label, preview.find((l) => l.lineNo === i + 1)!.rejected?.reason ?? null]))).toEqual(
      expected('reorder'),
    )
  })

  it('"add to cart", which rounds what a rule can round and says by which rule', async () => {
    const { today } = await businessClock()
    await emptyCart()
    const verdicts: Verdicts = {}
    for (const r of rowsFor('addToCart')) {
      if (r.sku !== 'VD-DUP') await emptyCart()
      const added = await addProductToCart({ scope, userId, productId: ids.get(r.sku)!, qtyRaw: r.qtyRaw, date: today })
      verdicts[r.label] = added.status === 'refused' ? (added.reason as LineReason) : (added.rounded?.rule ?? null)
    }
    expect(verdicts).toEqual(expected('addToCart'))
  })

  it('the cart, and checkout, which places exactly the lines without a reason', async () => {
    const lines = rowsFor('cart')
    await emptyCart()
    const { today, now } = await businessClock()
    const [cart] = await db.insert(carts).values({ orgId, userId }).onConflictDoNothing().returning({ id: carts.id })
    const cartId = cart?.id ?? (await db.select({ id: carts.id }).from(carts).where(eq(carts.userId, userId)))[0].id
    const fill = (only: typeof lines) => db.insert(cartLines).values(only.map((r) => ({ cartId, productId: ids.get(r.sku)!, qty: Number(r.qtyRaw) })))
    await fill(lines)
    const evaluated = await evaluateCart({ scope, userId, today, now })
    expect(Object.fromEntries(lines.map((r) => [r.label, evaluated.lines.find((l) => l.productId === ids.get(r.sku))!.problem]))).toEqual(
      expected('cart'),
    )
    // The receipt line promises the receipt's date, from the warehouse whose receipt covers it.
    expect(evaluated.lines.find((l) => l.sku === 'VD-RECEIPT')).toMatchObject({ warehouseId, fromReceiptQty: 10 })
    expect(evaluated.lines.find((l) => l.sku === 'VD-SCARCE')).toMatchObject({ available: 6, earliestDate: null })

    const verdicts: Verdicts = {}
    for (const r of rowsFor('checkout')) {
      await emptyCart()
      await fill([r])
      const shown = await prepareCheckout({ scope, userId })
      const problem = shown.cart.lines[0].problem
      const placed = await placeOrder({
        scope,
        actor: { userId, email: null, ip: null },
        input: { checkoutToken: crypto.randomUUID(), seen: shown.cart.fingerprint, lineDates: {} },
      })
      // Checkout refuses a line with a reason and places one without: the page's verdict is the one it acts on.
      expect(placed.status, r.label).toBe(problem === null ? 'placed' : 'invalid')
      verdicts[r.label] = problem
    }
    expect(verdicts).toEqual(expected('checkout'))
  })
})

afterAll(emptyCart)
