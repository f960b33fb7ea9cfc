import { checkQuantity, type QuantityCheck, type QuantityRule } from '../catalog/quantity-rules'
import { earliestDelivery, type WarehouseSupply, type WorkingCalendar } from '../delivery-terms/earliest-date'

// The verdict on one order line, the same for every way a line arrives (DESIGN.md §2): the quick-order grid, a
// paste, a file, a reorder, "add to cart", the cart, checkout and EDI. Pure: `evaluateLines`
// (evaluate-lines.server.ts) loads what it needs for a batch and asks here; a table of cases tests it.
//
// The checks, in this order, the first that fails names the line's one reason:
// 1. `unknown`: no product has this reference (SKU, GTIN or the buyer's own part number);
// 2. `not_in_assortment`: no price list of the buyer prices it (a product outside the assortment is not sold,
//    and whether it is discontinued is none of the buyer's business);
// 3. `discontinued`: with its substitute when there is one;
// 4. the quantity rule (catalog/quantity-rules.ts, the contract's field where set, else the product's):
//    `not_a_number`, `not_whole`, `not_positive`, `min`, `increment`, `max`, with the nearest valid quantity;
// 5. `out_of_stock`, by the stock rule below.
//
// The stock rule, as a dealer expects it: an order line ships from one warehouse, so a line is orderable when
// ONE warehouse can deliver all of it, from its stock now or together with its next receipt; the verdict carries
// the earliest such date and that warehouse. A line is `out_of_stock` only when no warehouse can, and then says
// `available`: the most one warehouse can cover (stock now plus its next receipt). Stock summed over warehouses
// is never promised: no single shipment could deliver it.

/** Every reason a line can be refused or flagged, for every path and the UI. `unreadable` and `formula` are the
 * paste's and the file's own (a line that never reached the evaluator). */
export const lineReasons = [
  'unknown',
  'not_in_assortment',
  'discontinued',
  'not_a_number',
  'not_whole',
  'not_positive',
  'min',
  'increment',
  'max',
  'out_of_stock',
  'unreadable',
  'formula',
] as const
export type LineReason = (typeof lineReasons)[number]
export type QuantityReason = Exclude<QuantityCheck, { ok: true }>['rule']

export interface VerdictProduct {
  minQty: number
  packSize: number
  maxQty: number | null
  active: boolean
  substituteSku: string | null
}

export interface VerdictSupply extends WarehouseSupply {
  warehouseId: string
  warehouseRu: string
  warehouseEn: string
}

export interface VerdictClock {
  orderedAt: Date
  timeZone: string
  cutoff: string
  calendar: WorkingCalendar
}

export interface LineDelivery {
  date: string
  warehouseId: string
  warehouse: string
  warehouseRu: string
  warehouseEn: string
  /** Units taken from the warehouse's next receipt, not from its stock now. */
  fromReceiptQty: number
}

export interface LineVerdict {
  /** Null: the line can be ordered as it is. */
  reason: LineReason | null
  /** The whole positive quantity read, also when it breaks a rule; null when none could be read. */
  qty: number | null
  rule: QuantityRule
  /** For a quantity reason: the nearest valid quantity (null when none is). */
  suggestion: number | null
  substitute: string | null
  /** The most one warehouse can deliver, now or with its next receipt. */
  available: number
  /** The earliest delivery of `qty`, when one warehouse can deliver it. */
  delivery: LineDelivery | null
}

/** The quantity as written, when it is a whole positive number (what the cart stores and prices). */
export function readLineQuantity(qtyRaw: string): number | null {
  const check = checkQuantity(qtyRaw, { min: 1, increment: 1, max: null })
  return check.ok ? check.qty : null
}

/** The rule as applied to this buyer: the catalog reads the contract's field where set, else the product's. */
export const ruleOf = (p: Pick<VerdictProduct, 'minQty' | 'packSize' | 'maxQty'>): QuantityRule => ({
  min: p.minQty,
  increment: p.packSize,
  max: p.maxQty,
})

/** Where and when one warehouse can deliver `qty` (the stock rule above), and the most one warehouse can. */
export function stockVerdict(qty: number, supply: VerdictSupply[], clock: VerdictClock) {
  const available = supply.reduce((m, s) => Math.max(m, s.atp + (s.nextReceiptDate ? s.nextReceiptQty : 0)), 0)
  const found = earliestDelivery({
    qty,
    orderedAt: clock.orderedAt,
    timeZone: clock.timeZone,
    cutoff: clock.cutoff,
    calendar: clock.calendar,
    supply,
  })
  const source = found.ok ? supply.find((s) => s.warehouse === found.warehouse)! : null
  const delivery: LineDelivery | null =
    found.ok && source
      ? {
          date: found.date,
          warehouseId: source.warehouseId,
          warehouse: source.warehouse,
          warehouseRu: source.warehouseRu,
          warehouseEn: source.warehouseEn,
          fromReceiptQty: Math.max(0, qty - source.atp),
        }
      : null
  return { available, delivery }
}

/** The verdict on one line: `product` null when the reference is unknown; `priced` whether the buyer's lists price it. */
export function judgeLine(input: {
  product: VerdictProduct | null
  priced: boolean
  qtyRaw: string
  supply: VerdictSupply[]
  clock: VerdictClock
}): LineVerdict {
  const { product } = input
  const rule = product ? ruleOf(product) : { min: 1, increment: 1, max: null }
  const qty = readLineQuantity(input.qtyRaw)
  const base = { qty, rule, suggestion: null, substitute: null }
  const stock = qty !== null && product ? stockVerdict(qty, input.supply, input.clock) : { available: 0, delivery: null }
  const verdict = (reason: LineReason | null, more: Partial<LineVerdict> = {}): LineVerdict => ({ ...base, ...stock, reason, ...more })
  if (!product) return verdict('unknown')
  if (!input.priced) return verdict('not_in_assortment')
  if (!product.active) return verdict('discontinued', { substitute: product.substituteSku })
  const check = checkQuantity(input.qtyRaw, rule)
  if (!check.ok) return verdict(check.rule, { suggestion: check.suggestion })
  if (!stock.delivery) return verdict('out_of_stock')
  return verdict(null)
}
