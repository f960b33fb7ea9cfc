import { db, type DbOrTx } from '../../../db/client.server'
import { businessClock } from '../../utils/clock.server'
import type { OrgScope } from '../auth/scope.server'
import { findProductsByReference, getProductsForLines, getSupply } from '../catalog/queries.server'
import { referenceKey } from '../catalog/reference-key'
import { getDeliveryTerms } from '../delivery-terms/queries.server'
import { ruCalendar } from '../delivery-terms/ru-calendar'
import type { PriceResult } from '../pricing/price-resolution'
import { priceProducts } from '../pricing/queries.server'
import { judgeLine, readLineQuantity, type LineVerdict } from './line-verdict'
import { mergeDuplicates } from './paste'

// The one order-line evaluator (DESIGN.md §2; the rules are in line-verdict.ts). Every path that turns lines into
// an order calls it: quick order (grid, paste, file), reorder, add to cart, the cart page, checkout inside its
// transaction, and the EDI pipeline with a key account's scope, its lines as `{ ref, qtyRaw }` and a date. It
// loads what a batch needs in a fixed number of queries (products, prices, stock, the buyer's terms) and asks
// `judgeLine` for each line. Two lines for one product (its SKU and its barcode, say) are one line with the
// quantities summed before the rules judge it.

/** A line as it arrives: by reference (as people and EDI write it) or by product id (cart, reorder). */
export type LineInput = ({ ref: string; productId?: never } | { productId: string; ref?: never }) & {
  qtyRaw: string
  /** The line numbers the buyer knows it by; default its position (1-based). */
  lineNos?: number[]
}

export interface LineProduct {
  id: string
  sku: string
  nameRu: string
  nameEn: string
  unit: string
  /** The VAT rate in force on the date, for lines by product id (the cart prices with it); null by reference. */
  vatBp: number | null
  minQty: number
  packSize: number
  maxQty: number | null
}

export type EvaluatedLine = LineVerdict & {
  lineNos: number[]
  /** What the buyer wrote (the SKU for a line by product id). */
  ref: string
  qtyRaw: string
  product: LineProduct | null
  /** The price for `qty` (or, when no quantity could be read, for the smallest order: to tell the assortment). */
  price: PriceResult | null
}

export async function evaluateLines(input: { scope: OrgScope; lines: LineInput[]; date: string; now?: Date }, tx: DbOrTx = db) {
  const numbered = input.lines.map((l, i) => ({
    ref: l.ref ?? '',
    productId: l.productId ?? null,
    qtyRaw: l.qtyRaw.trim().slice(0, 32),
    lineNos: l.lineNos ?? [i + 1],
  }))
  const refs = [...new Set(numbered.filter((l) => !l.productId).map((l) => l.ref))]
  const found = refs.length ? await findProductsByReference({ scope: input.scope, refs }) : []
  const byRef = new Map<string, (typeof found)[number]>()
  for (const p of found)
    for (const key of [referenceKey(p.sku), p.gtin, p.partNumber && referenceKey(p.partNumber)]) if (key && !byRef.has(key)) byRef.set(key, p)
  const substitutes = new Map(found.map((p) => [p.id, p.substituteSku]))
  const idOf = (l: (typeof numbered)[number]) => l.productId ?? byRef.get(referenceKey(l.ref))?.id ?? null
  const lines = mergeDuplicates(numbered, idOf)
  const ids = [...new Set(lines.map(idOf).filter((id): id is string => id !== null))]
  // Products found by reference come with their rules already; only lines by id (cart, reorder) read them here,
  // with the VAT rate the cart needs.
  const byId = await getProductsForLines({ scope: input.scope, ids: ids.filter((id) => !substitutes.has(id)), date: input.date }, tx)
  const products = new Map<string, LineProduct & { active: boolean }>([...found.map((p) => [p.id, { ...p, vatBp: null }] as const), ...byId])
  // One price per product: for the quantity read, else for the smallest order (a word still needs the assortment).
  const priceQty = new Map<string, number>()
  for (const l of lines) {
    const p = products.get(idOf(l) ?? '')
    const qty = readLineQuantity(l.qtyRaw)
    if (p && (qty !== null || !priceQty.has(p.id))) priceQty.set(p.id, qty ?? Math.max(1, p.minQty))
  }
  const [prices, supply, terms, now] = [
    await priceProducts({ scope: input.scope, date: input.date, items: [...priceQty].map(([productId, qty]) => ({ productId, qty })) }, tx),
    await getSupply({ productIds: ids }, tx),
    await getDeliveryTerms({ scope: input.scope }, tx),
    input.now ?? (await businessClock(tx)).now,
  ]
  const clock = { orderedAt: now, timeZone: terms.timeZone, cutoff: terms.cutoff, calendar: ruCalendar }
  const evaluated = lines.map((l): EvaluatedLine => {
    const id = idOf(l)
    const p = id ? products.get(id) : undefined
    const price = p ? (prices.get(p.id) ?? null) : null
    const verdict = judgeLine({
      product: p ? { ...p, substituteSku: substitutes.get(p.id) ?? null } : null,
      priced: !!price?.ok,
      qtyRaw: l.qtyRaw,
      supply: (p && supply.get(p.id)) || [],
      clock,
    })
    const product = p
      ? {
          id: p.id,
          sku: p.sku,
          nameRu: p.nameRu,
          nameEn: p.nameEn,
          unit: p.unit,
          vatBp: p.vatBp,
          minQty: p.minQty,
          packSize: p.packSize,
          maxQty: p.maxQty,
        }
      : null
    return { ...verdict, lineNos: l.lineNos, ref: l.ref || (p?.sku ?? ''), qtyRaw: l.qtyRaw, product, price }
  })
  return { lines: evaluated, terms }
}
