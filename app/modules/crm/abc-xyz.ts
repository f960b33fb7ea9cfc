// ABC, XYZ and CLV as pure functions (anchors/partners-and-crm.md §2.1–2.3). The run itself is one SQL statement
// (segments.server.ts); these are the same rules in TypeScript for the tables of hand-computed cases that test the
// SQL, and for the sentences that explain a customer's classes.

export type Abc = 'A' | 'B' | 'C'
export type Xyz = 'X' | 'Y' | 'Z'

/** Cut-offs and thresholds as fractions (0.8 = 80 %). */
export interface Thresholds {
  cutA: number
  cutB: number
  xCv: number
  yCv: number
}

export const defaultThresholds: Thresholds = { cutA: 0.8, cutB: 0.95, xCv: 0.1, yCv: 0.25 }

export interface AbcRow {
  id: string
  value: number
  rank: number | null
  cumShare: number | null
  prevCumShare: number | null
  abc: Abc | null
}

/**
 * ABC by cumulative share: sorted by value descending (ties by id, as the SQL does), C_k = Σ_{j≤k} V_j / Σ V. A row is
 * A while C_{k−1} < cutA — the row that crosses the cut-off still belongs to A — B while C_{k−1} < cutB, else C.
 * Values ≤ 0 get no class and are reported apart.
 */
export function classifyAbc(rows: { id: string; value: number }[], t: Pick<Thresholds, 'cutA' | 'cutB'> = defaultThresholds): AbcRow[] {
  const positive = rows.filter((r) => r.value > 0).sort((a, b) => b.value - a.value || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  const total = positive.reduce((s, r) => s + r.value, 0)
  let running = 0
  const ranked: AbcRow[] = positive.map((r, i) => {
    const prev = running / total
    running += r.value
    return {
      id: r.id,
      value: r.value,
      rank: i + 1,
      cumShare: running / total,
      prevCumShare: prev,
      abc: prev < t.cutA ? 'A' : prev < t.cutB ? 'B' : 'C',
    }
  })
  const rest: AbcRow[] = rows
    .filter((r) => r.value <= 0)
    .map((r) => ({ id: r.id, value: r.value, rank: null, cumShare: null, prevCumShare: null, abc: null }))
  return [...ranked, ...rest]
}

export interface XyzResult {
  mean: number
  /** Population CV (σ/μ); null when μ = 0 (no demand). */
  cv: number | null
  xyz: Xyz | null
  nonZeroMonths: number
  flags: ('no_demand' | 'intermittent')[]
}

/**
 * XYZ by the coefficient of variation of the monthly series, zero months included: μ = mean, σ = population SD,
 * CV = σ/μ; X if CV ≤ x, Y if ≤ y, else Z. μ = 0 is "no demand"; fewer than 3 non-zero months is Z, intermittent.
 */
export function classifyXyz(series: number[], t: Pick<Thresholds, 'xCv' | 'yCv'> = defaultThresholds): XyzResult {
  const n = series.length
  const mean = n ? series.reduce((s, x) => s + x, 0) / n : 0
  const nonZeroMonths = series.filter((x) => x !== 0).length
  if (mean === 0) return { mean: 0, cv: null, xyz: null, nonZeroMonths, flags: ['no_demand'] }
  const sd = Math.sqrt(series.reduce((s, x) => s + (x - mean) ** 2, 0) / n)
  const cv = sd / mean
  if (nonZeroMonths < 3) return { mean, cv, xyz: 'Z', nonZeroMonths, flags: ['intermittent'] }
  return { mean, cv, xyz: cv <= t.xCv ? 'X' : cv <= t.yCv ? 'Y' : 'Z', nonZeroMonths, flags: [] }
}

/**
 * Seasonal indices for calendar months (1–12) over many series: the mean of a calendar month over all series and
 * years divided by the overall monthly mean. A seasonally adjusted value is x_t / index(month of t).
 */
export function seasonalIndices(months: { month: number; value: number }[]): Map<number, number> {
  const overall = months.reduce((s, m) => s + m.value, 0) / (months.length || 1)
  const byMonth = new Map<number, number[]>()
  for (const m of months) byMonth.set(m.month, [...(byMonth.get(m.month) ?? []), m.value])
  const out = new Map<number, number>()
  for (const [month, values] of byMonth) {
    const mean = values.reduce((s, v) => s + v, 0) / values.length
    out.set(month, overall > 0 && mean > 0 ? mean / overall : 1)
  }
  return out
}

/** Annual retention r = customers with an order in both years ÷ customers with an order in the earlier year. */
export function retention(previousYear: Set<string>, thisYear: Set<string>): number | null {
  if (previousYear.size === 0) return null
  let kept = 0
  for (const id of previousYear) if (thisYear.has(id)) kept++
  return kept / previousYear.size
}

/** CLV by the margin multiple (Gupta & Lehmann): m·r/(1+d−r); a margin ≤ 0 is worth 0. */
export function clv(margin: number, r: number, d: number): number {
  if (margin <= 0) return 0
  return (margin * r) / (1 + d - r)
}
