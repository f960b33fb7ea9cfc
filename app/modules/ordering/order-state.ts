import { freightFor, type FreightRule } from '../delivery-terms/freight'
import { vatOf } from '../pricing/price-resolution'
import type { OrderStatus } from './schemas'

// What an order's lines say about the order: its status once confirmed, the unconfirmed rest of each line
// (backordered or cancelled, as the desk decided) and its totals. Pure, so a table of cases tests it; the desk's
// confirm and ship, the order page, the list and the PDF all read it from here.

export interface LineQuantities {
  /** Ordered. */
  qty: number
  /** Confirmed by the desk; null until the order is confirmed. */
  confirmedQty: number | null
  /** Of the unconfirmed rest, cancelled (the rest of it is backordered). */
  cancelledQty: number
  shippedQty: number
}

/** Units not confirmed and still open: to be confirmed (and shipped) later. */
export const backorderedOf = (l: LineQuantities) => (l.confirmedQty === null ? 0 : Math.max(0, l.qty - l.confirmedQty - l.cancelledQty))

/** Units the order counts for totals and reservation: what is confirmed, or, before confirmation, what was ordered. */
export const committedOf = (l: LineQuantities) => l.confirmedQty ?? l.qty

/** Confirmed and not yet shipped. */
export const openToShipOf = (l: LineQuantities) => (l.confirmedQty ?? 0) - l.shippedQty

/**
 * The status of a confirmed order from its lines: nothing shipped yet → confirmed, or partly confirmed when any
 * unit was not confirmed; something shipped → shipped when every confirmed unit left and nothing is backordered,
 * else partly shipped (a backordered rest is still to come).
 */
export function statusOfConfirmed(lines: LineQuantities[]): OrderStatus {
  if (!lines.some((l) => l.shippedQty > 0)) return lines.some((l) => (l.confirmedQty ?? 0) < l.qty) ? 'partly_confirmed' : 'confirmed'
  return lines.every((l) => openToShipOf(l) <= 0 && backorderedOf(l) === 0) ? 'shipped' : 'partly_shipped'
}

export interface PricedLine extends LineQuantities {
  unitPriceMinor: number
  vatBp: number
}

/** Net, VAT, freight and gross for the committed quantities, with freight by the rule the order was placed under. */
export function orderTotals(lines: PricedLine[], freight: FreightRule) {
  const priced = lines.map((l) => {
    const netMinor = l.unitPriceMinor * committedOf(l)
    return { netMinor, vatMinor: vatOf(netMinor, l.vatBp) }
  })
  const netMinor = priced.reduce((s, l) => s + l.netMinor, 0)
  const vatMinor = priced.reduce((s, l) => s + l.vatMinor, 0)
  const { freightMinor } = freightFor(freight, netMinor)
  return { lines: priced, netMinor, vatMinor, freightMinor, grossMinor: netMinor + vatMinor + freightMinor }
}
