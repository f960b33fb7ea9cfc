import type { OrgScope } from '../auth/scope.server'
import { evaluateLines, type LineInput } from './evaluate-lines.server'
import type { LineReason } from './line-verdict'

// Quick order, paste, upload and reorder show the evaluator's verdicts as two lists: the lines that go into the
// cart with their price, and the refused ones, each with its one reason (line-verdict.ts) and what to do about it.

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
  reason: LineReason
  /** For a quantity reason: the nearest valid quantity, and the rule's numbers. */
  suggestion?: number | null
  rule?: { min: number; step: number; max: number | null }
  substitute?: string | null
  /** For `out_of_stock`: the most one warehouse can deliver. */
  available?: number
}

/** The lines judged by the one evaluator, as accepted and rejected (by line number). */
export async function validateOrderLines(input: { scope: OrgScope; lines: LineInput[]; date: string; now?: Date }) {
  const { lines } = await evaluateLines(input)
  const accepted: AcceptedLine[] = []
  const rejected: RejectedLine[] = []
  for (const l of lines) {
    const p = l.product
    if (l.reason === null && p && l.qty !== null && l.price?.ok)
      accepted.push({
        lineNos: l.lineNos,
        productId: p.id,
        sku: p.sku,
        nameRu: p.nameRu,
        nameEn: p.nameEn,
        unit: p.unit,
        qty: l.qty,
        unitPriceMinor: l.price.unitPriceMinor,
        currency: l.price.currency,
        priceList: l.price.list.name,
      })
    else
      rejected.push({
        lineNos: l.lineNos,
        ref: l.ref,
        qtyRaw: l.qtyRaw,
        reason: l.reason ?? 'not_in_assortment',
        suggestion: l.suggestion,
        rule: { min: l.rule.min, step: l.rule.increment, max: l.rule.max },
        substitute: l.substitute,
        available: l.available,
      })
  }
  rejected.sort((a, b) => a.lineNos[0] - b.lineNos[0])
  return { accepted, rejected }
}
