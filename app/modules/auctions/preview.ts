import { bidRefusals, type BidRule } from './rules'
import type { SupplierLotView } from './views'

// What a supplier can know before confirming a bid, from its own view only: nothing here asks the server, so a
// preview can never be used to probe prices the preset hides. The refusals come from the same rules table the
// acceptor names its refusals from (rules.ts bidRules): a rule the view cannot judge (the best price under the
// "rank" preset, the clock) is left out, never guessed.

export interface BidPreview {
  /** Below one's own last bid by this much (null before one's first bid). */
  belowOwnMinor: number | null
  /** Below the best by this much (negative: above it); null when the preset hides the best. */
  belowBestMinor: number | null
  /** The rank the bid would get: exact when the history is visible, 1 or "not 1" with the best only, else unknown. */
  rank: { exact: number } | { atLeast: number } | null
  /** Refusals the bidder can see coming, by rule name, in the order the server would name the first. */
  problems: BidRule[]
  /** A fat-finger warning: past the maximum step, or more than 10 % below one's own last bid. */
  bigDrop: boolean
}

export function previewBid(view: SupplierLotView, priceMinor: number): BidPreview {
  const own = view.own.lastBidMinor
  // Undefined: the preset hides the best; null: it shows there is none yet.
  const best = view.bestMinor
  const problems = bidRefusals({
    status: view.status,
    startPriceMinor: view.startPriceMinor,
    minStepMinor: view.minStepMinor,
    maxStepMinor: view.maxStepMinor,
    endsAt: Date.parse(view.endsAt),
    priceMinor,
    ownPreviousMinor: own,
    bestMinor: best,
    receivedAt: undefined,
  })
  let rank: BidPreview['rank'] = null
  if (best !== undefined && best !== null) {
    if (view.history) {
      // Each other bidder's best standing price; equal prices rank by earlier receipt, so a new bid goes after them.
      const others = new Map<number, number>()
      for (const h of view.history) if (h.alias !== view.own.alias) others.set(h.alias, Math.min(others.get(h.alias) ?? Infinity, h.priceMinor))
      rank = { exact: 1 + [...others.values()].filter((p) => p <= priceMinor).length }
    } else rank = priceMinor < best ? { exact: 1 } : { atLeast: 2 }
  }
  // A bid the server will refuse gets no rank: the refusal is what the bidder needs to read.
  if (problems.length) rank = null
  const known = best ?? null
  const belowOwnMinor = own === null ? null : own - priceMinor
  const bigDrop =
    (known !== null && known - priceMinor > view.maxStepMinor) ||
    (own !== null && own - priceMinor > own / 10) ||
    (own === null && known === null && view.startPriceMinor - priceMinor > view.maxStepMinor)
  return { belowOwnMinor, belowBestMinor: known === null ? null : known - priceMinor, rank, problems, bigDrop }
}
