// The one pricing engine (DESIGN.md §4): every page, the cart, checkout, quick order and EDI call resolvePrice,
// and it returns the price together with the trace of why — which list won and why each other one lost.
// Pure: the caller loads the candidate lists (queries.server.ts); a table of cases tests the rules.

export type AssignmentScope = 'global' | 'group' | 'org'

/** A price list that could apply to the buyer, with its tiers for one product (empty: no price for it). */
export interface PriceListCandidate {
  listId: string
  code: string
  name: string
  scope: AssignmentScope
  /** Higher wins among lists of the same scope. */
  priority: number
  currency: string
  /** Inclusive calendar days, YYYY-MM-DD; null = open-ended. */
  validFrom: string | null
  validTo: string | null
  /** Quantity tiers for this product: the tier with the largest minQty not above the quantity applies. */
  tiers: { minQty: number; unitPriceMinor: number }[]
}

export type LossReason =
  | 'other_currency'
  | 'not_yet_valid'
  | 'expired'
  | 'no_price_for_product'
  | 'quantity_below_first_tier'
  | 'less_specific'
  | 'lower_priority'
  | 'starts_earlier'
  | 'tie_broken_by_code'

export interface TraceEntry {
  listId: string
  code: string
  name: string
  scope: AssignmentScope
  priority: number
  outcome: 'won' | 'lost'
  reason: LossReason | 'most_specific_valid_list'
}

export interface ResolvedPrice {
  unitPriceMinor: number
  currency: string
  list: { listId: string; code: string; name: string; scope: AssignmentScope }
  tier: { minQty: number; unitPriceMinor: number }
  /** The winning list's whole ladder, ascending. */
  ladder: { minQty: number; unitPriceMinor: number }[]
  /** The next cheaper tier of the winning list and how many more units reach it. */
  nextTier: { minQty: number; unitPriceMinor: number; moreQty: number } | null
  trace: TraceEntry[]
}

export type PriceResult = ({ ok: true } & ResolvedPrice) | { ok: false; reason: 'no_applicable_price'; trace: TraceEntry[] }

const specificity: Record<AssignmentScope, number> = { org: 3, group: 2, global: 1 }

/**
 * Resolves the unit price of `qty` units on `date` in `currency`.
 * Rules, in order: a list must be in the currency, valid on the date (both ends inclusive), carry a price for
 * the product, and have a tier the quantity reaches. Of those, the most specific assignment wins (organisation
 * contract > group or tier list > global base list), then the higher priority, then the later start, then the
 * code (so the answer never depends on row order).
 */
export function resolvePrice(input: { qty: number; date: string; currency: string; candidates: PriceListCandidate[] }): PriceResult {
  const eligible: PriceListCandidate[] = []
  const lost: TraceEntry[] = []
  const entry = (c: PriceListCandidate, outcome: TraceEntry['outcome'], reason: TraceEntry['reason']): TraceEntry => ({
    listId: c.listId,
    code: c.code,
    name: c.name,
    scope: c.scope,
    priority: c.priority,
    outcome,
    reason,
  })
  for (const c of input.candidates) {
    if (c.currency !== input.currency) lost.push(entry(c, 'lost', 'other_currency'))
    else if (c.validFrom && input.date < c.validFrom) lost.push(entry(c, 'lost', 'not_yet_valid'))
    else if (c.validTo && input.date > c.validTo) lost.push(entry(c, 'lost', 'expired'))
    else if (c.tiers.length === 0) lost.push(entry(c, 'lost', 'no_price_for_product'))
    else if (Math.min(...c.tiers.map((t) => t.minQty)) > input.qty) lost.push(entry(c, 'lost', 'quantity_below_first_tier'))
    else eligible.push(c)
  }
  if (eligible.length === 0) return { ok: false, reason: 'no_applicable_price', trace: lost }

  const ranked = [...eligible].sort(
    (a, b) =>
      specificity[b.scope] - specificity[a.scope] ||
      b.priority - a.priority ||
      (b.validFrom ?? '').localeCompare(a.validFrom ?? '') ||
      a.code.localeCompare(b.code),
  )
  const winner = ranked[0]
  const beaten = ranked
    .slice(1)
    .map((c) =>
      entry(
        c,
        'lost',
        specificity[c.scope] < specificity[winner.scope]
          ? 'less_specific'
          : c.priority < winner.priority
            ? 'lower_priority'
            : (c.validFrom ?? '') < (winner.validFrom ?? '')
              ? 'starts_earlier'
              : 'tie_broken_by_code',
      ),
    )
  const ladder = [...winner.tiers].sort((a, b) => a.minQty - b.minQty)
  const tier = ladder.filter((t) => t.minQty <= input.qty).at(-1)!
  const next = ladder.find((t) => t.minQty > input.qty && t.unitPriceMinor < tier.unitPriceMinor)
  return {
    ok: true,
    unitPriceMinor: tier.unitPriceMinor,
    currency: winner.currency,
    list: { listId: winner.listId, code: winner.code, name: winner.name, scope: winner.scope },
    tier,
    ladder,
    nextTier: next ? { ...next, moreQty: next.minQty - input.qty } : null,
    trace: [entry(winner, 'won', 'most_specific_valid_list'), ...beaten, ...lost],
  }
}

/** VAT from a net amount, both in minor units; rates in basis points (2000 = 20 %). Half-up to the kopeck. */
export function vatOf(netMinor: number, rateBp: number) {
  return Math.floor((netMinor * rateBp + 5000) / 10000)
}
