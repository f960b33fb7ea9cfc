import { DIMENSION_ITEMS, DIMENSIONS, ITEM_COUNT, type Dimension } from './servqual-items'

// SERVQUAL scoring as pure functions (anchors/partners-and-crm.md §2.5). Answers are stored raw; every score is
// computed per respondent first and then averaged, so a mean, its spread and its 95 % confidence interval describe
// the same population of people:
//   item gap g_i = P_i − E_i; dimension gap G_d = mean of g_i over d's items;
//   unweighted SQ = (1/5)·Σ_d G_d; weighted SQ = Σ_d w_d·G_d with the respondent's own 100-point split (w_d = points/100);
//   SERVPERF (Cronin & Taylor 1992) = the same mean over perceptions only.
// No group gets a score below the wave's minimum number of answers (30 by default): a mean of 12 people's difference
// scores is too unstable to act on, and the page says how many answers there are instead.

export interface Answer {
  expectations: readonly number[]
  perceptions: readonly number[]
  /** 100 points over DIMENSIONS, in that order. */
  importance: readonly number[]
}

export interface RespondentScores {
  itemGaps: number[]
  dimensionGaps: Record<Dimension, number>
  dimensionExpectations: Record<Dimension, number>
  dimensionPerceptions: Record<Dimension, number>
  sq: number
  sqWeighted: number
  servperf: number
}

const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length
const itemsOf = (values: readonly number[], d: Dimension) => DIMENSION_ITEMS[d].map((i) => values[i - 1]!)
const byDimension = (f: (d: Dimension) => number) => Object.fromEntries(DIMENSIONS.map((d) => [d, f(d)])) as Record<Dimension, number>

export function scoreRespondent(a: Answer): RespondentScores {
  if (a.expectations.length !== ITEM_COUNT || a.perceptions.length !== ITEM_COUNT || a.importance.length !== DIMENSIONS.length)
    throw new Error('a SERVQUAL answer has 22 expectations, 22 perceptions and 5 importance points')
  const itemGaps = a.perceptions.map((p, i) => p - a.expectations[i]!)
  const dimensionGaps = byDimension((d) => mean(itemsOf(itemGaps, d)))
  const dimensionPerceptions = byDimension((d) => mean(itemsOf(a.perceptions, d)))
  const points = a.importance.reduce((s, x) => s + x, 0)
  return {
    itemGaps,
    dimensionGaps,
    dimensionExpectations: byDimension((d) => mean(itemsOf(a.expectations, d))),
    dimensionPerceptions,
    sq: mean(DIMENSIONS.map((d) => dimensionGaps[d])),
    sqWeighted: DIMENSIONS.reduce((s, d, k) => s + (a.importance[k]! / points) * dimensionGaps[d], 0),
    servperf: mean(DIMENSIONS.map((d) => dimensionPerceptions[d])),
  }
}

// Student's t, 97.5th percentile, for 1–30 degrees of freedom (any statistics table).
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08,
  2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
]

/** t₀.₉₇₅ for ν degrees of freedom: the table to 30, then the Cornish–Fisher expansion (within 0.001 of the exact value). */
export function tCritical(df: number): number {
  if (df < 1) return Number.NaN
  if (df <= 30) return T975[Math.floor(df) - 1]!
  const z = 1.959964
  return z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df ** 2)
}

export interface Summary {
  n: number
  mean: number
  sd: number
  /** The 95 % interval of the mean (t-based); null with one answer. */
  lo: number | null
  hi: number | null
}

export function summarise(xs: readonly number[]): Summary {
  const n = xs.length
  if (n === 0) return { n, mean: Number.NaN, sd: Number.NaN, lo: null, hi: null }
  const m = mean(xs)
  if (n === 1) return { n, mean: m, sd: 0, lo: null, hi: null }
  const sd = Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (n - 1))
  const half = (tCritical(n - 1) * sd) / Math.sqrt(n)
  return { n, mean: m, sd, lo: m - half, hi: m + half }
}

/**
 * The change between two waves' means with Welch's 95 % interval: "better" or "worse" only when the interval leaves
 * zero out, otherwise "no clear change" (the page must not call noise a trend).
 */
export function change(before: Summary, after: Summary): { delta: number; lo: number; hi: number; verdict: 'better' | 'worse' | 'unclear' } | null {
  if (before.n < 2 || after.n < 2) return null
  const va = before.sd ** 2 / before.n
  const vb = after.sd ** 2 / after.n
  const se = Math.sqrt(va + vb)
  const delta = after.mean - before.mean
  if (se === 0) return { delta, lo: delta, hi: delta, verdict: delta > 0 ? 'better' : delta < 0 ? 'worse' : 'unclear' }
  const df = (va + vb) ** 2 / (va ** 2 / (before.n - 1) + vb ** 2 / (after.n - 1))
  const half = tCritical(df) * se
  const lo = delta - half
  const hi = delta + half
  return { delta, lo, hi, verdict: lo > 0 ? 'better' : hi < 0 ? 'worse' : 'unclear' }
}

export interface GroupScores {
  n: number
  minAnswers: number
  /** Scores are given only when n ≥ minAnswers; below it the page says "not enough answers yet: n of minAnswers". */
  scores: {
    sq: Summary
    sqWeighted: Summary
    servperf: Summary
    dimensions: { dimension: Dimension; gap: Summary; expectation: number; perception: number; importance: number }[]
    items: { item: number; gap: Summary; expectation: number; perception: number }[]
  } | null
}

/** A group's scores (one organisation, or everyone who answered a wave), withheld below the minimum. */
export function scoreGroup(answers: readonly Answer[], minAnswers: number): GroupScores {
  const n = answers.length
  if (n < minAnswers || n === 0) return { n, minAnswers, scores: null }
  const people = answers.map(scoreRespondent)
  return {
    n,
    minAnswers,
    scores: {
      sq: summarise(people.map((p) => p.sq)),
      sqWeighted: summarise(people.map((p) => p.sqWeighted)),
      servperf: summarise(people.map((p) => p.servperf)),
      dimensions: DIMENSIONS.map((dimension, k) => ({
        dimension,
        gap: summarise(people.map((p) => p.dimensionGaps[dimension])),
        expectation: mean(people.map((p) => p.dimensionExpectations[dimension])),
        perception: mean(people.map((p) => p.dimensionPerceptions[dimension])),
        importance: mean(answers.map((a) => a.importance[k]!)),
      })),
      items: Array.from({ length: ITEM_COUNT }, (_, i) => ({
        item: i + 1,
        gap: summarise(people.map((p) => p.itemGaps[i]!)),
        expectation: mean(answers.map((a) => a.expectations[i]!)),
        perception: mean(answers.map((a) => a.perceptions[i]!)),
      })),
    },
  }
}
