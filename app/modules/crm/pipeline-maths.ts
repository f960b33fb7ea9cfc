// The pipeline's arithmetic (issue 15 "Leads and pipeline"), kept apart from the database so a table of cases can
// test it: weighted amount, conversion between consecutive stages, win rate.

/** Expected amount weighted by the stage's probability (basis points), rounded to the kopeck. */
export function weightedMinor(expectedMinor: number | null, probabilityBp: number): number {
  if (!expectedMinor) return 0
  return Math.round((expectedMinor * probabilityBp) / 10_000)
}

/** A share in basis points (12 of 20 → 6000), null when there is nothing to divide by. */
export function shareBp(part: number, whole: number): number | null {
  if (whole <= 0) return null
  return Math.round((part * 10_000) / whole)
}

export interface StageReach {
  code: string
  /** Leads that reached this stage or a later one. */
  reached: number
}

export interface Conversion {
  from: string
  to: string
  reached: number
  converted: number
  shareBp: number | null
}

/** Conversion from each stage to the next in order: of the leads that reached `from`, how many reached `to`. */
export function conversions(stages: readonly StageReach[]): Conversion[] {
  const out: Conversion[] = []
  for (let i = 0; i + 1 < stages.length; i++) {
    const a = stages[i]
    const b = stages[i + 1]
    out.push({ from: a.code, to: b.code, reached: a.reached, converted: b.reached, shareBp: shareBp(b.reached, a.reached) })
  }
  return out
}

/** Win rate = won / (won + lost): open leads are not counted either way. */
export function winRateBp(won: number, lost: number): number | null {
  return shareBp(won, won + lost)
}
