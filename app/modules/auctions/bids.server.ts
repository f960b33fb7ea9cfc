import { createHash } from 'node:crypto'
import { and, eq, sql } from 'drizzle-orm'
import { db } from '../../../db/client.server'
import { isoText, isUniqueViolation, rowsOf } from '../../../db/drivers.server'
import { bids, lots, tenders } from '../../../db/schema/auctions'
import { checkBid, type BidRule } from './rules'
import type { LotStatus } from './views'

// The one bid acceptor (DESIGN.md §5): one conditional UPDATE of the lot row (the compare-and-set, with the soft
// close inside it, on the database clock) and the bid insert, in one transaction. Concurrent bids on a lot queue
// on its row; when the UPDATE matches nothing, the lot is read again and the rules name the reason.

export interface BidReceipt {
  lotId: string
  seq: number
  priceMinor: number
  receivedAt: string
  endsAt: string
  extended: boolean
  takesLead: boolean
  hash: string
}

export type BidResult = { ok: true; receipt: BidReceipt; repeated: boolean } | { ok: false; rule: BidRule | 'unknown_lot' | 'idempotency_conflict' }

/** The chain: each accepted bid's hash covers the previous one's, so the published log can be checked offline. */
export function bidHash(prevHash: string, bid: { lotId: string; seq: number; supplierOrgId: string; priceMinor: number; receivedAt: string }) {
  return createHash('sha256').update([prevHash, bid.lotId, bid.seq, bid.supplierOrgId, bid.priceMinor, bid.receivedAt].join('|')).digest('hex')
}

/** The previous hash of a lot's first bid. */
export const GENESIS_HASH = '0'.repeat(64)

/** The receipt's time is the database's, to the microsecond, exactly as it went into the hash. */
const receivedAtText = (column: typeof bids.receivedAt) => isoText(column, 'us')

function receiptOf(
  row: { lotId: string; seq: number; priceMinor: number; receivedAt: string; hash: string },
  endsAt: Date | string,
  extended: boolean,
  takesLead: boolean,
): BidReceipt {
  return {
    lotId: row.lotId,
    seq: row.seq,
    priceMinor: Number(row.priceMinor),
    receivedAt: row.receivedAt,
    endsAt: new Date(endsAt).toISOString(),
    extended,
    takesLead,
    hash: row.hash,
  }
}

export async function acceptBid(input: {
  lotId: string
  supplierOrgId: string
  userId: string | null
  priceMinor: number
  clientBidId: string
}): Promise<BidResult> {
  if (!Number.isSafeInteger(input.priceMinor) || input.priceMinor <= 0) return { ok: false, rule: 'invalid_amount' }
  const outcome = await db
    .transaction(async (tx): Promise<BidResult | 'refused'> => {
      const p = input.priceMinor
      const s = input.supplierOrgId
      // One reading of the database clock for the whole statement: the end is checked, the soft close computed and
      // the receipt stamped at the same instant, so a receipt can never say a moment after the end it was checked by.
      const now = sql`bid_clock.at`
      const takesLead = sql`(${lots.bestPriceMinor} is null or ${p} < ${lots.bestPriceMinor})`
      const extension = sql`make_interval(secs => ${tenders.softExtensionMs} / 1000.0)`
      // Soft close: a new lead inside the last W, within the cap, and only when receipt + E is later than the end.
      const extends_ = sql`(${takesLead} and ${lots.endsAt} - ${now} < make_interval(secs => ${tenders.softWindowMs} / 1000.0) and (${tenders.maxExtensions} is null or ${lots.extensions} < ${tenders.maxExtensions}) and ${now} + ${extension} > ${lots.endsAt})`
      const updated = rowsOf<{ seq: number; ends_at: Date | string; extended: boolean; took_lead: boolean; received_at: string }>(
        await tx.execute(sql`
          update ${lots} set
            seq = ${lots.seq} + 1,
            best_price_minor = case when ${takesLead} then ${p} else ${lots.bestPriceMinor} end,
            best_supplier_id = case when ${takesLead} then ${s}::uuid else ${lots.bestSupplierId} end,
            ends_at = case when ${extends_} then ${now} + ${extension} else ${lots.endsAt} end,
            extensions = ${lots.extensions} + case when ${extends_} then 1 else 0 end,
            last_extended_seq = case when ${extends_} then ${lots.seq} + 1 else ${lots.lastExtendedSeq} end
          from ${tenders}, (select clock_timestamp() as at) as bid_clock
          where ${lots.id} = ${input.lotId} and ${tenders.id} = ${lots.tenderId}
            and ${lots.status} = 'live' and ${lots.endsAt} > ${now}
            and ${p} < ${lots.startPriceMinor}
            and (
              (${lots.bestPriceMinor} is null and ${lots.startPriceMinor} - ${p} <= ${lots.maxStepMinor})
              or ${p} > ${lots.bestPriceMinor}
              or (${lots.bestPriceMinor} - ${p} >= ${lots.minStepMinor} and ${lots.bestPriceMinor} - ${p} <= ${lots.maxStepMinor})
            )
          returning ${lots.seq} as seq, ${lots.endsAt} as ends_at,
            coalesce(${lots.lastExtendedSeq} = ${lots.seq}, false) as extended,
            ${lots.bestSupplierId} = ${s}::uuid and ${lots.bestPriceMinor} = ${p} as took_lead,
            ${isoText(now, 'us')} as received_at`),
      )
      if (!updated.length) return 'refused'
      const u = updated[0]
      // The lot row is locked by this transaction now: no other bid on it can commit before this one ends, and
      // every bid committed before is visible to this statement. A bid not below one's own previous rolls back. The
      // chain links bids only (buyer actions share the seq numbers), so the previous entry is the latest bid.
      const [check] = rowsOf<{ own: number; prev: string | null }>(
        await tx.execute(sql`select
          (select count(*)::int from ${bids} where ${bids.lotId} = ${input.lotId} and ${bids.supplierOrgId} = ${s} and ${bids.priceMinor} <= ${p} and ${bids.disqualifiedReason} is null) as own,
          (select ${bids.hash} from ${bids} where ${bids.lotId} = ${input.lotId} order by ${bids.seq} desc limit 1) as prev`),
      )
      if (check.own > 0) throw new NotBelowOwn()
      const prevHash = check.prev ?? GENESIS_HASH
      const hash = bidHash(prevHash, { lotId: input.lotId, seq: u.seq, supplierOrgId: s, priceMinor: p, receivedAt: u.received_at })
      await tx.insert(bids).values({
        lotId: input.lotId,
        supplierOrgId: s,
        userId: input.userId,
        priceMinor: p,
        seq: u.seq,
        receivedAt: sql`${u.received_at}::timestamptz`,
        clientBidId: input.clientBidId,
        prevHash,
        hash,
        extendedTo: u.extended ? new Date(u.ends_at) : null,
      })
      return {
        ok: true,
        repeated: false,
        receipt: receiptOf(
          { lotId: input.lotId, seq: u.seq, priceMinor: p, receivedAt: u.received_at, hash },
          u.ends_at,
          !!u.extended,
          !!u.took_lead,
        ),
      }
    })
    .catch((error: unknown): 'not_below_own' | 'duplicate' => {
      if (error instanceof NotBelowOwn) return 'not_below_own'
      if (isUniqueViolation(error, 'bids_client_key')) return 'duplicate'
      throw error
    })
  if (typeof outcome === 'object') return outcome
  // Every refusal first asks whether this is a retry of a bid already accepted: the same client bid id returns
  // the first receipt, and with another lot or price is refused. Kept off the accepted path, which needs no read.
  const [previous] = await db
    .select({ lotId: bids.lotId, seq: bids.seq, priceMinor: bids.priceMinor, receivedAt: receivedAtText(bids.receivedAt), hash: bids.hash })
    .from(bids)
    .where(and(eq(bids.supplierOrgId, input.supplierOrgId), eq(bids.clientBidId, input.clientBidId)))
  if (previous) {
    if (previous.lotId !== input.lotId || Number(previous.priceMinor) !== input.priceMinor) return { ok: false, rule: 'idempotency_conflict' }
    const [lot] = await db.select({ endsAt: lots.endsAt }).from(lots).where(eq(lots.id, input.lotId))
    return { ok: true, repeated: true, receipt: receiptOf(previous, lot.endsAt, false, false) }
  }
  if (outcome === 'not_below_own') return { ok: false, rule: 'not_below_own' }
  // A duplicate client bid id whose first bid is gone (its lot deleted): nothing to return but the conflict.
  if (outcome === 'duplicate') return { ok: false, rule: 'idempotency_conflict' }
  // Why, read after the transaction: the refusal changed nothing, and the lot may have moved on meanwhile.
  return { ok: false, rule: await whyRefused(input) }
}

/** Thrown inside the transaction so the lot's compare-and-set rolls back with it. */
class NotBelowOwn extends Error {
  constructor() {
    super('not below own previous bid')
  }
}

/** Reads the lot as it is now and lets the rules say why the compare-and-set refused the bid. */
async function whyRefused(input: { lotId: string; supplierOrgId: string; priceMinor: number }): Promise<BidRule | 'unknown_lot'> {
  const [lot] = rowsOf<{ status: string; start: string; min: string; max: string; ends_at: string; best: string | null; now: string }>(
    await db.execute(
      sql`select ${lots.status} as status, ${lots.startPriceMinor} as start, ${lots.minStepMinor} as min, ${lots.maxStepMinor} as max, extract(epoch from ${lots.endsAt}) * 1000 as ends_at, ${lots.bestPriceMinor} as best, extract(epoch from clock_timestamp()) * 1000 as now from ${lots} where ${lots.id} = ${input.lotId}`,
    ),
  )
  if (!lot) return 'unknown_lot'
  const [own] = rowsOf<{ min: string | null }>(
    await db.execute(
      sql`select min(${bids.priceMinor}) as min from ${bids} where ${bids.lotId} = ${input.lotId} and ${bids.supplierOrgId} = ${input.supplierOrgId} and ${bids.disqualifiedReason} is null`,
    ),
  )
  // The refusal is named by the same rules table the preview uses (rules.ts), judged on the lot as it is now.
  const check = checkBid({
    status: lot.status as LotStatus,
    startPriceMinor: Number(lot.start),
    minStepMinor: Number(lot.min),
    maxStepMinor: Number(lot.max),
    endsAt: Number(lot.ends_at),
    bestMinor: lot.best === null ? null : Number(lot.best),
    priceMinor: input.priceMinor,
    ownPreviousMinor: own?.min === null || own?.min === undefined ? null : Number(own.min),
    receivedAt: Number(lot.now),
  })
  // The lot moved between the refusal and this read (another bid, the close): the closest reason is the lead.
  return check.ok ? 'tie_with_leader' : check.rule
}
