import type { OrgScope } from '../auth/scope.server'
import { findProductsByReference } from '../catalog/queries.server'
import { checkQuantity, type QuantityCheck } from '../catalog/quantity-rules'
import { referenceKey } from '../catalog/reference-key'
import { priceProducts } from '../pricing/queries.server'
import { mergeDuplicates, type PastedLine } from './paste'

// The one order-line validator (DESIGN.md §2): quick order, paste, upload, reorder and EDI all call it.
// A reference is a SKU, a GTIN or the dealer's own part number; each line is accepted with its price, or
// rejected with one reason a buyer can act on.

export type RejectReason = 'unknown' | 'not_in_assortment' | 'discontinued' | 'quantity' | 'out_of_stock' | 'unreadable' | 'formula'

export interface AcceptedLine {
  lineNos: number[]
  productId: string
  sku: string
  nameRu: string
  nameEn: string
  unit: string
  qty: number
  unitPriceMinor: number
  currency: string
  priceList: string
}

export interface RejectedLine {
  lineNos: number[]
  ref: string
  qtyRaw: string
  reason: RejectReason
  quantityRule?: Exclude<QuantityCheck, { ok: true }>['rule']
  suggestion?: number | null
  substitute?: string | null
  available?: number
}

export async function validateOrderLines(input: { scope: OrgScope; lines: PastedLine[]; date: string }) {
  const refs = [...new Set(input.lines.map((l) => l.ref))]
  if (refs.length === 0) return { accepted: [] as AcceptedLine[], rejected: [] as RejectedLine[] }
  const found = await findProductsByReference({ scope: input.scope, refs })
  const byRef = new Map<string, (typeof found)[number]>()
  for (const p of found) {
    for (const key of [referenceKey(p.sku), p.gtin, p.partNumber && referenceKey(p.partNumber)]) if (key && !byRef.has(key)) byRef.set(key, p)
  }
  const priced = await priceProducts({
    scope: input.scope,
    date: input.date,
    items: found.map((p) => ({ productId: p.id, qty: Math.max(1, p.minQty) })),
  })
  const accepted: AcceptedLine[] = []
  const rejected: RejectedLine[] = []
  const toPrice: { line: PastedLine; product: (typeof found)[number]; qty: number }[] = []
  // Two references to one product (its SKU and its barcode, say) are one line: merge before checking quantities.
  const lines = mergeDuplicates(input.lines, (l) => byRef.get(referenceKey(l.ref))?.id ?? null)
  for (const line of lines) if (!byRef.has(referenceKey(line.ref))) rejected.push({ lineNos: line.lineNos, ref: line.ref, qtyRaw: line.qtyRaw, reason: 'unknown' })
  for (const line of lines) {
    const p = byRef.get(referenceKey(line.ref))
    if (!p) continue
    const base = { lineNos: line.lineNos, ref: line.ref, qtyRaw: line.qtyRaw }
    if (!priced.get(p.id)?.ok) rejected.push({ ...base, reason: 'not_in_assortment' })
    else if (!p.active) rejected.push({ ...base, reason: 'discontinued', substitute: p.substituteSku })
    else {
      const check = checkQuantity(line.qtyRaw, { min: p.minQty, increment: p.packSize, max: p.maxQty })
      if (!check.ok) rejected.push({ ...base, reason: 'quantity', quantityRule: check.rule, suggestion: check.suggestion })
      else if (check.qty > p.atp) rejected.push({ ...base, reason: 'out_of_stock', available: p.atp })
      else toPrice.push({ line, product: p, qty: check.qty })
    }
  }
  const prices = await priceProducts({ scope: input.scope, date: input.date, items: toPrice.map((x) => ({ productId: x.product.id, qty: x.qty })) })
  for (const { line, product, qty } of toPrice) {
    const price = prices.get(product.id)
    if (!price?.ok) {
      rejected.push({ lineNos: line.lineNos, ref: line.ref, qtyRaw: line.qtyRaw, reason: 'not_in_assortment' })
      continue
    }
    accepted.push({
      lineNos: line.lineNos,
      productId: product.id,
      sku: product.sku,
      nameRu: product.nameRu,
      nameEn: product.nameEn,
      unit: product.unit,
      qty,
      unitPriceMinor: price.unitPriceMinor,
      currency: price.currency,
      priceList: price.list.name,
    })
  }
  rejected.sort((a, b) => a.lineNos[0] - b.lineNos[0])
  return { accepted, rejected }
}
