import type { BenchDatabase } from './common'

/**
 * What `npm run bench:crm` (tests/bench/crm.ts) hands each part's measurement after it has made the data: a fresh
 * database with 1,000,000 order lines over 2,000 dealers and two years (made by set-based SQL, not measured).
 */
export interface CrmBenchContext {
  bench: BenchDatabase
  /** The dealers the data was made for. */
  dealers: number
  orderLines: number
  /** Repetitions of each measurement (the median is printed). */
  samples: number
  /** The one place a part prints its figures: a label, the whole path's median, the bare SQL's, and the budget if any. */
  report(row: { label: string; wholeMs: number; bareMs: number; budgetMs?: number; note?: string }): void
}
