import { and, eq } from 'drizzle-orm'
import { db } from '../../../db/client.server'
import { lots, tenders } from '../../../db/schema/auctions'
import { env } from '../../env.server'
import { singleton } from '../../utils/singleton.server'
import type { OrgScope } from '../auth/scope.server'
import { acceptBid, type BidResult } from './bids.server'
import { notifyLotChanged } from './lot-events.server'
import { BidPayload } from './schemas'
import { readable } from './views.server'

// Placing a bid, the same for the socket and the HTTPS fallback: the payload is checked, the bidder must be an
// invited, verified supplier that accepted the terms, each supplier is rate-limited per lot (a flood from one
// supplier waits on its own bucket, not on others), and at most a few bids per lot are in flight per node, because
// a hot row serves more bids with fewer writers queued on it (auctions anchor §3.2, §4.1).

export type PlaceBidResult = BidResult | { ok: false; rule: 'invalid_payload' | 'not_invited' | 'rate_limited'; issues?: string[] }

/** Token bucket per supplier and lot: a burst of a few, then the configured rate. */
const buckets = singleton('auction-bid-buckets', () => new Map<string, { tokens: number; at: number }>())
function allow(key: string): boolean {
  const rate = env.AUCTION_BIDS_PER_SECOND
  if (rate === 0) return true
  const now = Date.now()
  const burst = Math.max(3, rate)
  const b = buckets.get(key) ?? { tokens: burst, at: now }
  b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * rate)
  b.at = now
  if (buckets.size > 50_000) buckets.clear() // a bound, not a policy: buckets refill within seconds anyway
  if (b.tokens < 1) {
    buckets.set(key, b)
    return false
  }
  b.tokens -= 1
  buckets.set(key, b)
  return true
}

/** At most SLOTS bids per lot run at once on this node (a hot row serves most at about four writers); the rest wait in arrival order. */
const SLOTS = 4
const slots = singleton('auction-lot-slots', () => new Map<string, { busy: number; queue: (() => void)[] }>())
async function inSlot<T>(lotId: string, run: () => Promise<T>): Promise<T> {
  let s = slots.get(lotId)
  if (!s) slots.set(lotId, (s = { busy: 0, queue: [] }))
  const lane = s
  if (lane.busy >= SLOTS) await new Promise<void>((resolve) => lane.queue.push(resolve))
  else lane.busy++
  try {
    return await run()
  } finally {
    const next = lane.queue.shift()
    if (next) next()
    else if (--lane.busy === 0) slots.delete(lotId)
  }
}

/**
 * Whether this supplier may bid on this lot: invited, verified and active, terms accepted, the tender out of draft
 * (views.server.ts `readable`, in one query; the bidding role is the scope's permission). A yes is remembered for a
 * second per organisation and lot (bids come in bursts at the close); a no is never remembered. An invitation
 * withdrawn while the tender is scheduled takes effect within ADMISSION_TTL_MS; a change of an organisation's
 * authority (its verification, its deactivation, a member's role) drops its entries at once.
 */
const ADMISSION_TTL_MS = 1000
const admissions = singleton('auction-admissions', () => new Map<string, number>())
async function admitted(scope: OrgScope, lotId: string, tenderId?: string): Promise<boolean> {
  const key = `${scope.orgId}:${lotId}:${tenderId ?? ''}`
  const until = admissions.get(key)
  if (until !== undefined && until > Date.now()) return true
  const [row] = await db
    .select({ id: lots.id })
    .from(lots)
    .innerJoin(tenders, eq(tenders.id, lots.tenderId))
    .where(and(eq(lots.id, lotId), tenderId ? eq(lots.tenderId, tenderId) : undefined, readable({ scope })))
  if (admissions.size > 50_000) admissions.clear()
  if (row) admissions.set(key, Date.now() + ADMISSION_TTL_MS)
  else admissions.delete(key)
  return !!row
}

/** Drops what is remembered for the organisations whose authority changed (on every node, see realtime/). */
export function forgetAdmissions(change: { orgIds?: string[]; members?: { orgId: string }[] }) {
  const orgIds = new Set([...(change.orgIds ?? []), ...(change.members ?? []).map((m) => m.orgId)])
  if (!orgIds.size) return
  for (const key of admissions.keys()) if (orgIds.has(key.split(':')[0])) admissions.delete(key)
}

/** A supplier's bid, for its own organisation (the scope's): `payload` is the socket's or the page's, checked here. */
/** `tenderId`: the page's tender, when the bid comes from a tender page (the HTTPS fallback): its lots only. */
export async function placeBid({
  scope,
  userId,
  payload,
  tenderId,
}: {
  scope: OrgScope
  userId: string
  payload: unknown
  tenderId?: string
}): Promise<PlaceBidResult> {
  const parsed = BidPayload.safeParse(payload)
  if (!parsed.success)
    return { ok: false, rule: 'invalid_payload', issues: parsed.error.issues.map((i) => `${i.path.join('.') || 'payload'}: ${i.message}`) }
  const bid = parsed.data
  // A lot the bidder is not invited to answers exactly like a lot that does not exist.
  if (!(await admitted(scope, bid.lotId, tenderId))) return { ok: false, rule: 'not_invited' }
  if (!allow(`${scope.orgId}:${bid.lotId}`)) return { ok: false, rule: 'rate_limited' }
  const result = await inSlot(bid.lotId, () =>
    acceptBid({ lotId: bid.lotId, supplierOrgId: scope.orgId, userId, priceMinor: bid.priceMinor, clientBidId: bid.clientBidId }),
  )
  if (result.ok && !result.repeated) notifyLotChanged([bid.lotId])
  return result
}
