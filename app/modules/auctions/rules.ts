import type { LotStatus } from './views'

// The reverse-auction rules (DESIGN.md §5, issue 4), pure: the bid acceptor applies the same rules in one
// conditional SQL statement; this module names the rule that refused a bid, previews one, and ranks the bids. Money is integer
// minor units; times are milliseconds of the database clock.

export type StepSpec = { kind: 'amount'; minor: number } | { kind: 'percent'; basisPoints: number }

/** A step as an amount: a percentage is of the start price; the minimum rounds up, the maximum down. */
export function stepAmount(spec: StepSpec, startPriceMinor: number, round: 'up' | 'down'): number {
  if (spec.kind === 'amount') return spec.minor
  const exact = (startPriceMinor * spec.basisPoints) / 10_000
  return Math.max(1, round === 'up' ? Math.ceil(exact) : Math.floor(exact))
}

export type BidRule = (typeof bidRules)[number]['rule']

/**
 * What a rule is judged on. The acceptor's refusal path fills every field from the lot row and the database clock;
 * a supplier's preview fills what its own view holds, and leaves unknown (undefined) what the preset hides: the
 * best price (`bestMinor`, null when no bid stands yet) and the clock (`receivedAt`).
 */
export interface BidContext {
  status: LotStatus
  /** The ceiling: every bid must be below it. */
  startPriceMinor: number
  minStepMinor: number
  maxStepMinor: number
  endsAt: number
  priceMinor: number
  /** The bidder's own standing previous bid (its lowest), or null before its first. */
  ownPreviousMinor: number | null
  bestMinor: number | null | undefined
  receivedAt: number | undefined
}

/** A rule's verdict: holds, fails, or cannot be told from what this reader knows (undefined). */
type Verdict = boolean | undefined

/** The step below what the bid must beat to lead: the best, or the ceiling before the first bid; undefined when hidden, null when it does not lead. */
function leadStep(c: BidContext): number | null | undefined {
  if (c.bestMinor === undefined) return undefined
  if (c.bestMinor === null) return c.startPriceMinor - c.priceMinor
  return c.priceMinor < c.bestMinor ? c.bestMinor - c.priceMinor : null
}

/**
 * The bid rules, in the order a bidder can act on (DESIGN.md §5), the one source for the refusal's name and the
 * preview: the lot is live and not ended (by even a millisecond); the amount is a positive whole number of minor
 * units, below the ceiling and below the bidder's own previous bid; a tie with the leader is refused; taking the lead
 * needs at least the minimum and at most the maximum step below the best (the maximum is the fat-finger guard); a bid
 * that does not take the lead may improve ranks 2 and below. The first bid has no best to beat: it must stay within
 * the maximum step below the ceiling. bids.server.ts applies the same rules in one conditional UPDATE (the race-proof
 * guard) and names its refusal from this table.
 */
export const bidRules = [
  { rule: 'not_live', holds: (c: BidContext): Verdict => c.status === 'live' },
  { rule: 'ended', holds: (c: BidContext): Verdict => (c.receivedAt === undefined ? undefined : c.receivedAt < c.endsAt) },
  { rule: 'invalid_amount', holds: (c: BidContext): Verdict => Number.isSafeInteger(c.priceMinor) && c.priceMinor > 0 },
  { rule: 'not_below_ceiling', holds: (c: BidContext): Verdict => c.priceMinor < c.startPriceMinor },
  { rule: 'not_below_own', holds: (c: BidContext): Verdict => c.ownPreviousMinor === null || c.priceMinor < c.ownPreviousMinor },
  { rule: 'tie_with_leader', holds: (c: BidContext): Verdict => (c.bestMinor === undefined ? undefined : c.priceMinor !== c.bestMinor) },
  {
    rule: 'step_too_small',
    holds: (c: BidContext): Verdict => {
      const step = leadStep(c)
      // The first bid has no step to make: only the maximum below the ceiling applies.
      return step === undefined ? undefined : step === null || c.bestMinor === null || step >= c.minStepMinor
    },
  },
  {
    rule: 'step_too_large',
    holds: (c: BidContext): Verdict => {
      const step = leadStep(c)
      return step === undefined ? undefined : step === null || step <= c.maxStepMinor
    },
  },
] as const

/** Every rule the bid is known to break, in the table's order (a preview lists them all; the first is the refusal). */
export function bidRefusals(c: BidContext): BidRule[] {
  return bidRules.filter((r) => r.holds(c) === false).map((r) => r.rule)
}

export type BidCheck = { ok: true; takesLead: boolean } | { ok: false; rule: BidRule }

/** The verdict on one bid with everything known: the first rule it breaks, or accepted (and whether it leads). */
export function checkBid(c: BidContext & { bestMinor: number | null; receivedAt: number }): BidCheck {
  const [rule] = bidRefusals(c)
  if (rule) return { ok: false, rule }
  return { ok: true, takesLead: c.bestMinor === null || c.priceMinor < c.bestMinor }
}

export interface RankedBid {
  supplierId: string
  priceMinor: number
  receivedAt: number
}

/**
 * Ranks suppliers by their best bid: lower price first, and among equal prices (possible below rank 1 only) the
 * earlier receipt. Disqualified bids are left out by the caller.
 */
export function rankBids(bids: RankedBid[]): (RankedBid & { rank: number })[] {
  const best = new Map<string, RankedBid>()
  for (const b of bids) {
    const current = best.get(b.supplierId)
    if (!current || b.priceMinor < current.priceMinor || (b.priceMinor === current.priceMinor && b.receivedAt < current.receivedAt))
      best.set(b.supplierId, b)
  }
  return [...best.values()].sort((a, b) => a.priceMinor - b.priceMinor || a.receivedAt - b.receivedAt).map((b, i) => ({ ...b, rank: i + 1 }))
}
