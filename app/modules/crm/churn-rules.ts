// Churn risk (anchors/partners-and-crm.md §2.4): days since the last order against the customer's usual gap.

/** At risk when the days since the last order exceed this multiple of the median gap between orders (anchor §2.4). */
export const CHURN_FACTOR = 1.5
/** A median gap needs at least this many orders (two gaps); fewer: "not enough orders to judge". */
export const MIN_ORDERS = 3

export type ChurnVerdict =
  { judged: false; orders: number } | { judged: true; atRisk: boolean; daysSince: number; medianGap: number; gaps: number; orders: number }

/** `orderDays` are the days (day numbers, any origin) of the customer's orders; `today` on the same scale. */
export function judgeChurn(orderDays: number[], today: number): ChurnVerdict {
  const days = [...new Set(orderDays)].sort((a, b) => a - b)
  if (days.length < MIN_ORDERS) return { judged: false, orders: days.length }
  const gaps = days
    .slice(1)
    .map((d, k) => d - days[k])
    .sort((a, b) => a - b)
  const mid = gaps.length >> 1
  const medianGap = gaps.length % 2 ? gaps[mid] : (gaps[mid - 1] + gaps[mid]) / 2
  const daysSince = today - days[days.length - 1]
  return { judged: true, atRisk: daysSince > CHURN_FACTOR * medianGap, daysSince, medianGap, gaps: gaps.length, orders: days.length }
}
