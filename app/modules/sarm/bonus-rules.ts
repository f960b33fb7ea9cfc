import type { LedgerExplanation } from '../../../db/schema/incentives'

// The money rules of issue 14 (shop assistants), as pure functions: the bonus above a norm ("47 units, norm 30:
// 17 × 50 ₽ = 850 ₽"), what the assistant sees during the period, and a contest's prizes (only winners are paid, and
// never more than the budget). The database sums each assistant's confirmed units for a whole programme at once;
// these decide from the sums, and the explanation is data the ledger renders in the reader's language.

export interface NormBonusRule {
  /** Units an assistant sells in the period before a bonus starts. */
  norm: number
  /** Kopecks per unit above the norm. */
  ratePerUnitMinor: number
  /** The most one assistant can earn in the period, or none. */
  capMinor: number | null
}

export interface NormBonus {
  units: number
  norm: number
  above: number
  /** Before the cap. */
  grossMinor: number
  amountMinor: number
  capped: boolean
}

/** Only confirmed units count; below the norm nothing is paid; the cap, when set, bounds the amount. */
export function normBonus(rule: NormBonusRule, confirmedUnits: number): NormBonus {
  const units = Math.max(0, Math.floor(confirmedUnits))
  const above = Math.max(0, units - rule.norm)
  const grossMinor = above * rule.ratePerUnitMinor
  const amountMinor = rule.capMinor === null ? grossMinor : Math.min(grossMinor, rule.capMinor)
  return { units, norm: rule.norm, above, grossMinor, amountMinor, capped: amountMinor < grossMinor }
}

/** The ledger line's explanation: the rule, its inputs and the computation, rendered by the ledger's catalog. */
export function normBonusExplanation(rule: NormBonusRule, bonus: NormBonus): LedgerExplanation {
  return {
    key: bonus.capped ? 'sarm.explain.normBonusCapped' : 'sarm.explain.normBonus',
    params: {
      units: bonus.units,
      norm: bonus.norm,
      above: bonus.above,
      rateMinor: rule.ratePerUnitMinor,
      grossMinor: bonus.grossMinor,
      capMinor: rule.capMinor ?? 0,
      amountMinor: bonus.amountMinor,
    },
    inputs: { rule },
  }
}

/** During the period: how far to the norm, and what the next unit earns (nothing once the cap is reached). */
export function normProgress(rule: NormBonusRule, confirmedUnits: number) {
  const bonus = normBonus(rule, confirmedUnits)
  const toNorm = Math.max(0, rule.norm - bonus.units)
  const next = normBonus(rule, bonus.units + 1).amountMinor - bonus.amountMinor
  return { ...bonus, toNorm, nextUnitMinor: next }
}

export interface Standing {
  assistantId: string
  score: number
  /** Qualified: eligible, and its shop had the minimum of active sellers. */
  qualified: boolean
}

/**
 * A contest's prizes: the qualified assistants by score (ties by id, so the order is reproducible), the i-th gets
 * the i-th prize; no prize for a score of zero; nothing beyond the prizes listed, so the total never exceeds them.
 */
export function awardPrizes(standings: readonly Standing[], prizesMinor: readonly number[]) {
  const ranked = standings
    .filter((s) => s.qualified && s.score > 0)
    .sort((a, b) => b.score - a.score || (a.assistantId < b.assistantId ? -1 : a.assistantId > b.assistantId ? 1 : 0))
  return ranked.slice(0, prizesMinor.length).map((s, i) => ({ assistantId: s.assistantId, rank: i + 1, score: s.score, amountMinor: prizesMinor[i] }))
}
