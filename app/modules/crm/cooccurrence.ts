// "Similar customers in your group bought" (anchors/partners-and-crm.md §2.4): co-occurrence of products among the
// buyers of one group. The database computes it for every customer at once (recommendations.server.ts); this pure
// reference states the same rule for one group so a table of hand-computed cases (and the integration test) can
// check the SQL against it.

/** Keep j only when buying it goes with buying i clearly more than usual in the group (anchor §2.4). */
export const MIN_LIFT = 1.2
/** …and when at least this many buyers in the group bought both: fewer is anecdote, not a pattern (anchor §2.4). */
export const MIN_PAIR_BUYERS = 5
/** At most this many recommendations per customer, the best by lift × confidence. */
export const MAX_PER_CUSTOMER = 10

export interface Recommendation {
  orgId: string
  productId: string
  antecedentId: string
  groupSize: number
  antecedentBuyers: number
  productBuyers: number
  pairBuyers: number
  confidence: number
  lift: number
}

/** confidence c(i→j) = n_ij / n_i and lift = c / (n_j / N). */
export function pairFigures(n: { groupSize: number; antecedentBuyers: number; productBuyers: number; pairBuyers: number }) {
  const confidence = n.pairBuyers / n.antecedentBuyers
  const lift = confidence / (n.productBuyers / n.groupSize)
  return { confidence, lift }
}

/**
 * Recommendations for every buyer of one group: for each product j the buyer has not bought, the best antecedent
 * i it has bought (highest lift × confidence, then the higher n_ij, then the smaller product id), kept when
 * lift > MIN_LIFT and n_ij ≥ MIN_PAIR_BUYERS; the top MAX_PER_CUSTOMER per buyer.
 */
export function recommendForGroup(baskets: Map<string, Set<string>>): Recommendation[] {
  const groupSize = baskets.size
  const buyers = new Map<string, number>()
  const pairs = new Map<string, number>()
  for (const items of baskets.values()) {
    for (const i of items) {
      buyers.set(i, (buyers.get(i) ?? 0) + 1)
      for (const j of items) if (i !== j) pairs.set(`${i}|${j}`, (pairs.get(`${i}|${j}`) ?? 0) + 1)
    }
  }
  const out: Recommendation[] = []
  for (const [orgId, items] of baskets) {
    const best = new Map<string, Recommendation>()
    for (const i of items)
      for (const j of buyers.keys()) {
        if (items.has(j)) continue
        const pairBuyers = pairs.get(`${i}|${j}`) ?? 0
        if (pairBuyers < MIN_PAIR_BUYERS) continue
        const n = { groupSize, antecedentBuyers: buyers.get(i)!, productBuyers: buyers.get(j)!, pairBuyers }
        const { confidence, lift } = pairFigures(n)
        if (!(lift > MIN_LIFT)) continue
        const rec = { orgId, productId: j, antecedentId: i, ...n, confidence, lift }
        const prev = best.get(j)
        if (!prev || better(rec, prev)) best.set(j, rec)
      }
    out.push(...[...best.values()].sort((a, b) => (better(a, b) ? -1 : 1)).slice(0, MAX_PER_CUSTOMER))
  }
  return out
}

const score = (r: Recommendation) => r.lift * r.confidence

function better(a: Recommendation, b: Recommendation) {
  if (score(a) !== score(b)) return score(a) > score(b)
  if (a.pairBuyers !== b.pairBuyers) return a.pairBuyers > b.pairBuyers
  return a.antecedentId + a.productId < b.antecedentId + b.productId
}
