import type { OrgScope } from '../auth/scope.server'
import { addToCart } from './cart.server'
import { getOrder, type OrderDetail } from './queries.server'
import { validateOrderLines, type RejectedLine } from './order-lines.server'

// Reorder shows what changed since the original order — price, stock, rules, discontinued products — before
// anything enters the cart. Each line goes through the one order-line validator, as a pasted line would.

export type ReorderLine = {
  lineNo: number
  sku: string
  nameRu: string
  nameEn: string
  unit: string
  qty: number
  priceThenMinor: number
  priceNowMinor: number | null
  productId: string | null
  rejected: Omit<RejectedLine, 'lineNos' | 'ref' | 'qtyRaw'> | null
}

/** `order` was read with the same scope (getOrder): the lines are judged for the scope's organisation. */
export async function reorderPreview({ scope, order, today }: { scope: OrgScope; order: OrderDetail; today: string }): Promise<ReorderLine[]> {
  const { accepted, rejected } = await validateOrderLines({
    scope,
    date: today,
    lines: order.lines.map((l) => ({ lineNos: [l.lineNo], productId: l.productId, qtyRaw: String(l.qty) })),
  })
  return order.lines.map((l) => {
    const ok = accepted.find((a) => a.lineNos.includes(l.lineNo))
    const no = rejected.find((r) => r.lineNos.includes(l.lineNo))
    const { lineNos: _n, ref: _r, qtyRaw: _q, ...reason } = no ?? { lineNos: [], ref: '', qtyRaw: '' }
    return {
      lineNo: l.lineNo,
      sku: l.sku,
      nameRu: l.nameRu,
      nameEn: l.nameEn,
      unit: l.unit,
      qty: l.qty,
      priceThenMinor: l.unitPriceMinor,
      priceNowMinor: ok?.unitPriceMinor ?? null,
      productId: ok?.productId ?? null,
      rejected: no ? (reason as ReorderLine['rejected']) : null,
    }
  })
}

/** Puts the lines of an order of the scope's organisation that can be ordered again, as they are today, into the
 * buyer's cart; returns how many, or null when the order is not in scope. */
export async function reorderIntoCart({ scope, userId, orderId, today }: { scope: OrgScope; userId: string; orderId: string; today: string }) {
  const order = await getOrder({ scope, orderId })
  if (!order) return null
  const lines = (await reorderPreview({ scope, order, today })).filter((l) => l.productId && !l.rejected)
  await addToCart({ scope, userId, lines: lines.map((l) => ({ productId: l.productId!, qty: l.qty })) })
  return lines.length
}
