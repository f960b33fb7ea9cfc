import { parseWholeNumber, readDecimal } from '../../utils/text'

// Quantity rules per product or contract (DESIGN.md §4): minimum, increment (the pack size) and maximum.
// A refused quantity names the broken rule and offers the nearest valid quantity for one-click rounding.
// This is the one quantity check: the order-line evaluator (ordering/line-verdict.ts) and the product page use it.

export interface QuantityRule {
  min: number
  /** Orderable in multiples of this (the pack size); 1 = any whole number. */
  increment: number
  max: number | null
}

export type QuantityCheck =
  | { ok: true; qty: number }
  | { ok: false; rule: 'not_a_number' | 'not_whole' | 'not_positive' | 'min' | 'increment' | 'max'; suggestion: number | null }

/** The smallest valid quantity not below `qty` (or the largest valid one if that passes the maximum). */
export function roundToRule(qty: number, rule: QuantityRule): number | null {
  const start = Math.max(qty, rule.min, rule.increment)
  const up = Math.ceil(start / rule.increment) * rule.increment
  if (rule.max === null || up <= rule.max) return up
  const down = Math.floor(rule.max / rule.increment) * rule.increment
  return down >= rule.min && down > 0 ? down : null
}

/**
 * Checks a quantity as typed (a string from a form or a file cell, or a number), read by `parseWholeNumber` in
 * either dialect ("1 200", "1200,00"). A fraction ("2,5") is `not_whole` with the next valid quantity; "1,000"
 * (exactly three decimals: a thousand to some readers, one to others) is not read at all rather than guessed.
 */
export function checkQuantity(raw: string | number, rule: QuantityRule): QuantityCheck {
  const text = typeof raw === 'number' ? String(raw) : raw.trim()
  const qty = parseWholeNumber(text)
  if (qty === null) {
    const read = readDecimal(text)
    if (!read || read.decimals === 3) return { ok: false, rule: 'not_a_number', suggestion: null }
    if (read.value <= 0) return { ok: false, rule: 'not_positive', suggestion: roundToRule(1, rule) }
    return { ok: false, rule: 'not_whole', suggestion: roundToRule(Math.ceil(read.value), rule) }
  }
  if (qty <= 0) return { ok: false, rule: 'not_positive', suggestion: roundToRule(1, rule) }
  if (qty < rule.min) return { ok: false, rule: 'min', suggestion: roundToRule(qty, rule) }
  if (rule.max !== null && qty > rule.max) return { ok: false, rule: 'max', suggestion: roundToRule(rule.max, rule) }
  if (qty % rule.increment !== 0) return { ok: false, rule: 'increment', suggestion: roundToRule(qty, rule) }
  return { ok: true, qty }
}

/**
 * Contract rules override product rules field by field (the nearest agreement wins per field). An empty contract
 * field (null) means "no contract rule for this field": the product's rule applies. A contract cannot lift a
 * product's maximum by leaving it empty; the SQL of catalog/queries.server.ts (`coalesce`) reads it the same way.
 */
export function effectiveRule(product: QuantityRule, contract?: Partial<QuantityRule> | null): QuantityRule {
  return {
    min: contract?.min ?? product.min,
    increment: contract?.increment ?? product.increment,
    max: contract?.max ?? product.max,
  }
}
