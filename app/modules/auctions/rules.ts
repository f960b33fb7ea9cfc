// The reverse-auction rules (DESIGN.md §5, issue 4), pure: the bid acceptor applies the same rules in one
// conditional SQL statement; this module names the rule that refused a bid and ranks the bids. Money is integer
// minor units; times are milliseconds of the database clock.

export type StepSpec = { kind: 'amount'; minor: number } | { kind: 'percent'; basisPoints: number }

/** A step as an amount: a percentage is of the start price; the minimum rounds up, the maximum down. */
export function stepAmount(spec: StepSpec, startPriceMinor: number, round: 'up' | 'down'): number {
  if (spec.kind === 'amount') return spec.minor
  const exact = (startPriceMinor * spec.basisPoints) / 10_000
  return Math.max(1, round === 'up' ? Math.ceil(exact) : Math.floor(exact))
}

export type LotStatus = 'scheduled' | 'live' | 'paused' | 'closed' | 'cancelled'

export interface LotState {
  status: LotStatus
  /** The ceiling: every bid must be below it. */
  startPriceMinor: number
  minStepMinor: number
  maxStepMinor: number
  endsAt: number
  best: { priceMinor: number; supplierId: string } | null
}

export type BidRule =
  | 'not_live'
  | 'ended'
  | 'invalid_amount'
  | 'not_below_ceiling'
  | 'not_below_own'
  | 'tie_with_leader'
  | 'step_too_small'
  | 'step_too_large'
  | 'leader_undercut'

export type BidCheck = { ok: true; takesLead: boolean } | { ok: false; rule: BidRule }

/**
 * Checks one bid, in the order a bidder can act on:
 * the lot is live and not ended (by even a millisecond); the amount is a positive whole number of minor units,
 * below the ceiling and below the bidder's own previous bid; a tie with the leader is refused; taking the lead
 * needs at least the minimum and at most the maximum step below the best (the maximum is the fat-finger guard);
 * a bid that does not take the lead may improve ranks 2 and below. The first bid of a lot has no best to beat:
 * it must stay within the maximum step below the ceiling. The public-sector preset forbids the leader undercutting
 * itself.
 */
export function checkBid(input: { lot: LotState; priceMinor: number; supplierId: string; ownPreviousMinor: number | null; receivedAt: number; forbidLeaderUndercut?: boolean }): BidCheck {
  const { lot, priceMinor: price } = input
  if (lot.status !== 'live') return { ok: false, rule: 'not_live' }
  if (input.receivedAt >= lot.endsAt) return { ok: false, rule: 'ended' }
  if (!Number.isSafeInteger(price) || price <= 0) return { ok: false, rule: 'invalid_amount' }
  if (price >= lot.startPriceMinor) return { ok: false, rule: 'not_below_ceiling' }
  if (input.ownPreviousMinor !== null && price >= input.ownPreviousMinor) return { ok: false, rule: 'not_below_own' }
  if (!lot.best) return lot.startPriceMinor - price > lot.maxStepMinor ? { ok: false, rule: 'step_too_large' } : { ok: true, takesLead: true }
  if (price > lot.best.priceMinor) return { ok: true, takesLead: false }
  if (price === lot.best.priceMinor) return { ok: false, rule: 'tie_with_leader' }
  if (input.forbidLeaderUndercut && lot.best.supplierId === input.supplierId) return { ok: false, rule: 'leader_undercut' }
  const step = lot.best.priceMinor - price
  if (step < lot.minStepMinor) return { ok: false, rule: 'step_too_small' }
  if (step > lot.maxStepMinor) return { ok: false, rule: 'step_too_large' }
  return { ok: true, takesLead: true }
}

export interface SoftClose {
  /** W: a lead change this close to the end extends it. */
  windowMs: number
  /** E: the new end is the bid's receipt plus this. */
  extensionMs: number
  /** Optional cap on the number of extensions. */
  maxExtensions: number | null
}

/** The lot's end after an accepted bid: a change of rank 1 inside the last W moves the end to receipt + E. */
export function endAfterBid(input: { endsAt: number; receivedAt: number; takesLead: boolean; extensionsSoFar: number; rule: SoftClose }) {
  const { endsAt, receivedAt, rule } = input
  const inWindow = endsAt - receivedAt < rule.windowMs
  const capped = rule.maxExtensions !== null && input.extensionsSoFar >= rule.maxExtensions
  if (!input.takesLead || !inWindow || capped) return { endsAt, extended: false }
  const next = Math.max(endsAt, receivedAt + rule.extensionMs)
  return { endsAt: next, extended: next > endsAt }
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
    if (!current || b.priceMinor < current.priceMinor || (b.priceMinor === current.priceMinor && b.receivedAt < current.receivedAt)) best.set(b.supplierId, b)
  }
  return [...best.values()].sort((a, b) => a.priceMinor - b.priceMinor || a.receivedAt - b.receivedAt).map((b, i) => ({ ...b, rank: i + 1 }))
}
