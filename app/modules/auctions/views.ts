// What the auction room sends, per audience (shared by the server, the socket layer and the pages). A supplier's
// view has no field that could hold another supplier's identity; the buyer's view has everything.

export type VisibilityPreset = 'rank' | 'rank_best' | 'full'
export const visibilityPresets: readonly VisibilityPreset[] = ['rank', 'rank_best', 'full']

/**
 * What a supplier's post-auction report shows of the others (issue 10 item 13): nothing but its own part; its own
 * rank; the anonymised best-price curve (each new best price, to the minute); or every standing bid anonymised
 * (to the second). Its own bids, receipts and the outcome are always there, and so is the hash chain it needs to
 * check them. The officer chooses when setting up the tender and suppliers read it in the terms before accepting.
 */
export type ReportDisclosure = 'none' | 'own_rank' | 'best_curve' | 'full_curve'
export const reportDisclosures: readonly ReportDisclosure[] = ['none', 'own_rank', 'best_curve', 'full_curve']

/** Not chosen: no more than the room itself showed during the bidding under the visibility preset. */
export function disclosureOf(preset: VisibilityPreset, chosen: ReportDisclosure | null): ReportDisclosure {
  return chosen ?? (preset === 'rank' ? 'own_rank' : preset === 'rank_best' ? 'best_curve' : 'full_curve')
}

export type LotStatus = 'scheduled' | 'live' | 'paused' | 'closed' | 'cancelled'

export interface LotEventView {
  seq: number
  kind: 'bid' | 'opened' | 'paused' | 'resumed' | 'extended' | 'disqualified' | 'closed' | 'cancelled' | 'awarded'
  at: string
  /** For a supplier: the bid (or the struck bid) was its own. */
  own: boolean
  reason: string | null
}

export interface Extension {
  seq: number
  at: string
  endsAt: string
  /** A new lead inside the soft-close window, the buyer's manual extension, or the end moved by a pause. */
  cause: 'lead_in_window' | 'buyer' | 'pause'
  reason: string | null
}

interface CommonLotView {
  lotId: string
  tenderId: string
  tenderTitle: string
  lineNo: number
  item: string
  quantity: number
  unit: string
  currency: string
  visibility: VisibilityPreset
  status: LotStatus
  startsAt: string
  endsAt: string
  /** The database clock when the view was read: the countdown is endsAt − (Date.now() + offset). */
  serverNow: string
  seq: number
  startPriceMinor: number
  minStepMinor: number
  maxStepMinor: number
  softWindowMs: number
  softExtensionMs: number
  maxExtensions: number | null
  pausedAt: string | null
  cancelReason: string | null
  /** Whether the hidden reserve is met; null when the lot has none. Never the reserve itself. */
  reserveMet: boolean | null
  extensions: Extension[]
}

export interface SupplierLotView extends CommonLotView {
  own: {
    rank: number | null
    lastBidMinor: number | null
    bids: { seq: number; priceMinor: number; receivedAt: string; hash: string; disqualifiedReason: string | null }[]
    /** The alias others see for this supplier in the anonymised history, when the preset shows one. */
    alias: number | null
  }
  /** Present when the preset shows it (rank + best after one's first bid, or full). */
  bestMinor?: number | null
  bidderCount?: number
  history?: { alias: number; priceMinor: number; at: string }[]
  awarded: { own: boolean } | null
}

export interface BuyerLotView extends CommonLotView {
  reserveMinor: number | null
  bestMinor: number | null
  bidderCount: number
  invitedCount: number
  /** True in a push that carries only the latest bids: merge them into the log already shown, by seq. */
  partialBids: boolean
  bids: {
    seq: number
    supplierOrgId: string
    supplierName: string
    priceMinor: number
    receivedAt: string
    extendedTo: string | null
    disqualifiedReason: string | null
    hash: string
  }[]
  ranking: { rank: number; supplierOrgId: string; supplierName: string; priceMinor: number; receivedAt: string }[]
  events: { seq: number; kind: LotEventView['kind']; at: string; endsAt: string; reason: string | null; bidSeq: number | null }[]
  award: { supplierOrgId: string; supplierName: string; reason: string | null } | null
}

/** A pushed view carries the events since the sender's previous push, so a client can tell a gap from a jump. */
export type LotPush<V> = { view: V; events: LotEventView[] }
