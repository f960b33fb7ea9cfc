// The regular-customer prompt (anchors/partners-and-crm.md §2.4): who qualifies, and the discount suggested.

/** Ordered in at least this many of the last 12 months (anchor §2.4). */
export const MIN_ORDER_MONTHS = 6
export const WINDOW_MONTHS = 12
/** Classes that qualify (anchor §2.4: A/B with X/Y). */
export const PROMPT_ABC = ['A', 'B'] as const
export const PROMPT_XYZ = ['X', 'Y'] as const

/**
 * The suggested discount, in basis points, by segment: the more valuable and the more predictable, the more
 * (AX 3 %, AY and BX 2 %, BY 1 %). A plain rule a manager can repeat to the customer.
 */
export const DISCOUNT_BP: Record<string, number> = { AX: 300, AY: 200, BX: 200, BY: 100 }

export interface PromptInput {
  orderMonths: number
  abc: string | null
  xyz: string | null
}

export type PromptVerdict =
  { qualifies: true; segment: string; discountBp: number } | { qualifies: false; why: 'too_few_months' | 'class' | 'no_segment' }

export function judgePrompt(input: PromptInput): PromptVerdict {
  if (!input.abc || !input.xyz) return { qualifies: false, why: 'no_segment' }
  if (input.orderMonths < MIN_ORDER_MONTHS) return { qualifies: false, why: 'too_few_months' }
  const segment = `${input.abc}${input.xyz}`
  const discountBp = DISCOUNT_BP[segment]
  if (discountBp === undefined) return { qualifies: false, why: 'class' }
  return { qualifies: true, segment, discountBp }
}

/** The contract price after the discount, rounded half up to the kopeck. */
export function discounted(unitPriceMinor: number, discountBp: number) {
  return Math.floor((unitPriceMinor * (10000 - discountBp) + 5000) / 10000)
}
