import type { SupplierLotView } from './views'

// What a supplier can know before confirming a bid, from its own view only: nothing here asks the server, so a
// preview can never be used to probe prices the preset hides.

export interface BidPreview {
  /** Below one's own last bid by this much (null before one's first bid). */
  belowOwnMinor: number | null
  /** Below the best by this much (negative: above it); null when the preset hides the best. */
  belowBestMinor: number | null
  /** The rank the bid would get: exact when the history is visible, 1 or "not 1" with the best only, else unknown. */
  rank: { exact: number } | { atLeast: number } | null
  /** Refusals the bidder can see coming, by rule name. */
  problems: ('not_below_ceiling' | 'not_below_own' | 'tie_with_leader' | 'step_too_small' | 'step_too_large')[]
  /** A fat-finger warning: past the maximum step, or more than 10 % below one's own last bid. */
  bigDrop: boolean
}

export function previewBid(view: SupplierLotView, priceMinor: number): BidPreview {
  const own = view.own.lastBidMinor
  const best = view.bestMinor ?? null
  const problems: BidPreview['problems'] = []
  if (priceMinor >= view.startPriceMinor) problems.push('not_below_ceiling')
  if (own !== null && priceMinor >= own) problems.push('not_below_own')
  let rank: BidPreview['rank'] = null
  if (best !== null && view.bestMinor !== undefined) {
    if (priceMinor === best && view.own.rank !== 1) problems.push('tie_with_leader')
    else if (priceMinor < best) {
      const step = best - priceMinor
      if (step < view.minStepMinor) problems.push('step_too_small')
      if (step > view.maxStepMinor) problems.push('step_too_large')
    }
    if (view.history) {
      // Each other bidder's best standing price; equal prices rank by earlier receipt, so a new bid goes after them.
      const others = new Map<number, number>()
      for (const h of view.history) if (h.alias !== view.own.alias) others.set(h.alias, Math.min(others.get(h.alias) ?? Infinity, h.priceMinor))
      rank = { exact: 1 + [...others.values()].filter((p) => p <= priceMinor).length }
    } else rank = priceMinor < best ? { exact: 1 } : { atLeast: 2 }
  }
  // A bid the server will refuse gets no rank: the refusal is what the bidder needs to read.
  if (problems.length) rank = null
  const belowOwnMinor = own === null ? null : own - priceMinor
  const bigDrop = (best !== null && best - priceMinor > view.maxStepMinor) || (own !== null && own - priceMinor > own / 10) || (own === null && best === null && view.startPriceMinor - priceMinor > view.maxStepMinor)
  return { belowOwnMinor, belowBestMinor: best === null ? null : best - priceMinor, rank, problems, bigDrop }
}
