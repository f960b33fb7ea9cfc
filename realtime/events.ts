// Typed Socket.IO events. The auction room's payload types live with the auction module (app/modules/auctions).
import type { AuthorityChange } from '../app/modules/auth/live.server'
import type { BidReceipt } from '../app/modules/auctions/queries.server'
import type { BuyerLotView, LotEventView, LotPush, SupplierLotView } from '../app/modules/auctions/views'
import type { LeaderboardRow } from '../app/modules/sarm/contests.server'

export interface WhoAmI {
  userId: string
  orgId: string | null
  role: string | null
}

/** Products whose price or stock changed; an empty list means "many: re-read everything". */
export interface CatalogChanged {
  kind: 'products' | 'stock' | 'prices'
  productIds: string[]
}

export type LotView = SupplierLotView | BuyerLotView

/** A refusal names its rule (the bid rules, or the room's own: payload, admission, rate; or the socket's authority). */
export type Refusal = { ok: false; rule: string; issues?: string[] }

export type WatchReply = { ok: true; audience: 'buyer' | 'supplier'; lots: LotView[] } | Refusal
export type SyncReply = { ok: true; view: LotView; events: LotEventView[] } | Refusal
/** A contest's published standings (issue 14): rank, first name and initial, dealer, region, score. */
export type ContestBoard = { contestId: string; rows: LeaderboardRow[] }
export type ContestWatchReply = ({ ok: true } & ContestBoard) | Refusal
export type BidReply = { ok: true; receipt: BidReceipt; repeated: boolean } | Refusal

export interface ServerToClientEvents {
  'server:restarting': () => void
  'catalog:changed': (change: CatalogChanged) => void
  /** A lot changed: the receiver's own view of it, and the events since the sending node's previous push. */
  'auction:lot': (push: LotPush<LotView>) => void
  /** A contest's board after confirmed sales changed it (the viewer's own row is not marked: ask `contest:watch`). */
  'contest:board': (board: ContestBoard) => void
}

/** Every event a client may send; the permission matrix test needs a row for each. */
export const clientEvents = ['session:whoami', 'auction:watch', 'auction:sync', 'auction:bid', 'auction:ping', 'contest:watch'] as const

export interface ClientToServerEvents {
  'session:whoami': (ack: (reply: WhoAmI) => void) => void
  /** Join a tender's lots as its buyer or as an invited supplier that accepted the terms: `{ tenderId }`. */
  'auction:watch': (payload: unknown, ack: (reply: WatchReply) => void) => void
  /** What happened on a lot after `afterSeq`, rebuilt from the bid log, and the view now: `{ lotId, afterSeq }`. */
  'auction:sync': (payload: unknown, ack: (reply: SyncReply) => void) => void
  /** `{ lotId, priceMinor (integer minor units), clientBidId }`; a retry with the same clientBidId is harmless. */
  'auction:bid': (payload: unknown, ack: (reply: BidReply) => void) => void
  /** The database clock, for the client's offset: `serverNow` as ISO 8601. */
  'auction:ping': (ack: (reply: { serverNow: string }) => void) => void
  /** Join a contest's live leaderboard: `{ contestId }`; the reply is the board with the viewer's own row marked. */
  'contest:watch': (payload: unknown, ack: (reply: ContestWatchReply) => void) => void
}

/** Between the nodes, through the adapter. */
export interface InterServerEvents {
  'authority:changed': (change: AuthorityChange) => void
}

export interface SocketData {
  sessionId: string
  userId: string
  orgId: string | null
  role: string | null
}
