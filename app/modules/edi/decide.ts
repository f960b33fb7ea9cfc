import type { LineAction, OrderLine, Reason, ResponseStatus } from './document'
import { checkRequestedDate, type WorkingCalendar } from '../delivery-terms/earliest-date'
import type { LineReason } from '../ordering/line-verdict'

// The decision on each line of an inbound order (ORDRSP 1229 / 855 ACK01), pure so a table of cases tests it. The
// verdict comes from the one order-line evaluator (ordering's draftOrderLines); this file only turns that verdict
// into what the partner is told: accepted (5 / IA), changed (3 / IC, IQ for a quantity) with our values and the
// reason, or not accepted (7 / IR) with the evaluator's reason. The booking takes exactly the lines decided here.

/** The reason codes beyond the evaluator's LineReason: an EDI line's own. */
export type EdiLineReason =
  | LineReason
  | 'unmapped_item'
  | 'duplicate_line'
  | 'price'
  | 'before_earliest'
  | 'not_working_day'
  | 'business_duplicate'
  | 'unknown_delivery_point'
  | 'blocked_delivery_point'
  | 'below_minimum'
  | 'document_held'

/** What the evaluator said about one line, as far as the decision needs it (a line of draftOrderLines). */
export interface LineVerdictView {
  problem: LineReason | null
  /** For a quantity reason: the nearest valid quantity. */
  suggestion: number | null
  /** The most one warehouse can deliver. */
  available: number
  qty: number
  unitPriceMinor: number | null
  earliestDate: string | null
  unit: string
}

/** The quantity as the evaluator reads it: the parsers write "13.000"; three decimals would read as "not a number". */
export function normaliseQty(qty: string): string {
  const t = qty.trim()
  if (!/^\d+(\.\d+)?$/.test(t)) return t
  const [whole, frac = ''] = t.split('.')
  const f = frac.replace(/0+$/, '')
  return f ? `${whole.replace(/^0+(?=\d)/, '')}.${f}` : whole.replace(/^0+(?=\d)/, '')
}

const roundable = new Set<LineReason>(['not_whole', 'min', 'increment', 'max'])

/**
 * The first pass: the quantity the order can take. A quantity broken by a rule is rounded to the evaluator's
 * suggestion (the pack, the minimum); a line short of stock gets what one warehouse can deliver; anything else the
 * evaluator refused is not accepted with its reason.
 */
export function adjustQuantity(
  v: LineVerdictView,
): { kind: 'keep'; qty: number } | { kind: 'change'; qty: number; reason: LineReason } | { kind: 'reject'; reason: LineReason } {
  if (!v.problem) return { kind: 'keep', qty: v.qty }
  if (roundable.has(v.problem) && v.suggestion !== null && v.suggestion > 0) return { kind: 'change', qty: v.suggestion, reason: v.problem }
  if (v.problem === 'out_of_stock' && v.available > 0) return { kind: 'change', qty: v.available, reason: 'out_of_stock' }
  return { kind: 'reject', reason: v.problem }
}

/** Minor units of a decimal string ("89.90" → 8990); null when it is not a plain decimal. */
export function toMinor(price: string): number | null {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(price.trim())
  if (!m) return null
  const frac = (m[2] ?? '').padEnd(2, '0')
  // A third decimal (kopecks and a fraction) is rounded half up, as the price lists store whole kopecks.
  const cents = Number(frac.slice(0, 2)) + (frac.length > 2 && Number(frac[2]) >= 5 ? 1 : 0)
  return Number(m[1]) * 100 + cents
}

export const fromMinor = (minor: number) => `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`

export interface LineDecision {
  lineNo: string
  action: LineAction
  orderedQty: string
  /** Confirmed quantity, 0 when not accepted. */
  qty: number
  unit?: string
  /** Our net unit price, when the line is priced. */
  price?: string
  /** The date we deliver: the requested one when it can be kept, else the earliest possible. */
  deliveryDate?: string
  /** The date the booking stores as the line's requested date (only when the buyer asked for one). */
  bookedDate?: string
  reason?: { code: EdiLineReason }
}

/**
 * The second pass, on the evaluator's verdict for the quantity the first pass kept: the line is rejected when the
 * evaluator now refuses it, else changed when the quantity (first pass), the date (requested before the earliest,
 * or a day nobody delivers) or the price (the buyer's expected PRI AAA differs from ours) differ; one reason, in that
 * order. Our price and the earliest date always win: the partner is told them, never silently.
 */
export function decideLine(input: {
  line: Pick<OrderLine, 'lineNo' | 'qty' | 'price' | 'requestedDate' | 'unit'>
  /** The order's date for lines without their own (DTM 2 at header level / BEG date). */
  orderDate?: string
  quantity: { kind: 'keep' } | { kind: 'change'; reason: LineReason }
  verdict: LineVerdictView
  calendar: WorkingCalendar
}): LineDecision {
  const { line, verdict: v } = input
  const base = { lineNo: line.lineNo, orderedQty: line.qty, unit: line.unit ?? v.unit }
  if (v.problem) return { ...base, action: 'rejected', qty: 0, reason: { code: v.problem } }
  const price = v.unitPriceMinor !== null ? fromMinor(v.unitPriceMinor) : undefined
  const requested = line.requestedDate ?? input.orderDate
  let deliveryDate = requested ?? v.earliestDate ?? undefined
  let bookedDate = requested
  let dateReason: EdiLineReason | null = null
  if (requested && v.earliestDate) {
    const check = checkRequestedDate(requested, v.earliestDate, input.calendar)
    if (!check.ok) {
      dateReason = check.reason
      deliveryDate = check.suggestion
      bookedDate = check.suggestion
    }
  }
  const buyerMinor = line.price !== undefined ? toMinor(line.price) : null
  const priceDiffers = buyerMinor !== null && v.unitPriceMinor !== null && buyerMinor !== v.unitPriceMinor
  const reason: EdiLineReason | null = input.quantity.kind === 'change' ? input.quantity.reason : (dateReason ?? (priceDiffers ? 'price' : null))
  return {
    ...base,
    action: reason ? 'changed' : 'accepted',
    qty: v.qty,
    price,
    deliveryDate,
    bookedDate,
    ...(reason ? { reason: { code: reason } } : {}),
  }
}

/** A line decided without the evaluator: its item maps to nothing of ours, or it repeats another line's item. */
export function rejectLine(line: Pick<OrderLine, 'lineNo' | 'qty' | 'unit'>, code: EdiLineReason): LineDecision {
  return { lineNo: line.lineNo, action: 'rejected', orderedQty: line.qty, qty: 0, unit: line.unit, reason: { code } }
}

/** BGM 1225 / BAK02 from the lines: all accepted 29 / AD, none accepted 27 / RD, anything else 4 / AC. */
export function responseStatus(lines: Pick<LineDecision, 'action'>[]): ResponseStatus {
  if (lines.length > 0 && lines.every((l) => l.action === 'accepted')) return 'accepted'
  if (lines.every((l) => l.action === 'rejected')) return 'rejected'
  return 'changed'
}

const reasonTexts: Record<EdiLineReason, string> = {
  unknown: 'The item is not known to us.',
  not_in_assortment: 'The item is not in your assortment.',
  discontinued: 'The item is discontinued.',
  not_a_number: 'The quantity cannot be read.',
  not_whole: 'The quantity was rounded up to a whole unit.',
  not_positive: 'The quantity must be positive.',
  min: 'The quantity was raised to the minimum order quantity.',
  increment: 'The quantity was rounded up to a whole pack.',
  max: 'The quantity was lowered to the maximum per order.',
  out_of_stock: 'Not enough stock: the available quantity is confirmed.',
  unreadable: 'The line cannot be read.',
  formula: 'The line cannot be read.',
  unmapped_item: 'The item identifier maps to no article of ours.',
  duplicate_line: 'The item is already ordered on another line of this order.',
  price: 'The price differs from your contract price: our price applies.',
  before_earliest: 'The requested date is earlier than we can deliver: the earliest date is confirmed.',
  not_working_day: 'Nobody delivers on the requested date: the next working day is confirmed.',
  business_duplicate: 'This order number was already received in another interchange.',
  unknown_delivery_point: 'The delivery point (NAD DP) is not one of your delivery addresses.',
  blocked_delivery_point: 'The delivery point (NAD DP) is blocked.',
  below_minimum: 'The order is below your order minimum: nothing is booked.',
  document_held: 'The order is held for review.',
}

/** The sentence FTX (EDIFACT) / the note (X12) / the JSON answer carries with a reason code. */
export function reasonOf(code: EdiLineReason): Reason {
  return { code, text: reasonTexts[code] }
}
