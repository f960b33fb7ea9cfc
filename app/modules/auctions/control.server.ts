import { and, eq, inArray, isNull, sql } from 'drizzle-orm'
import { db, type DbOrTx } from '../../../db/client.server'
import { rowsOf } from '../../../db/drivers.server'
import { bids, lots, tenders } from '../../../db/schema/auctions'
import { writeAudit, type Actor } from '../audit/mutations.server'
import { notifyLotChanged } from './lot-events.server'
import type { Buyer } from './tenders.server'

// Everything that moves a lot other than a bid: opening and closing on time, and the buyer's controls (pause,
// resume, extend, disqualify a bid, cancel, award). Each is one conditional UPDATE of the lot row that takes the
// lot's next seq, plus its lot_events row, in one transaction: the same compare-and-set bids use, so a bid and a
// close (or a pause) racing on one row are decided by the row, and exactly one wins. Timers on every node may call
// `tick`; whichever node's UPDATE matches first does the work, the others match nothing.

export type ControlError =
  | 'not_found'
  | 'not_live'
  | 'not_paused'
  | 'ended'
  | 'already_disqualified'
  | 'not_closed'
  | 'already_awarded'
  | 'no_bid'
  | 'reason_required'
  | 'already_final'
  | 'reserve_not_met'
export type ControlResult = { ok: true; seq: number } | { ok: false; error: ControlError }

type Changed = { lot_id: string; seq: number }

/** Appends the event row for every lot an UPDATE … RETURNING changed; all inside the caller's statement. */
const eventInsert = (kind: string, actorUserId: string | null, reason: string | null, bidSeq: number | null = null) => sql`
  insert into lot_events (lot_id, seq, kind, at, ends_at, actor_user_id, reason, bid_seq)
  select id, seq, ${kind}::lot_event_kind, clock_timestamp(), ends_at, ${actorUserId}::uuid, ${reason}, ${bidSeq}::int from u
  returning lot_id, seq`

/** Opens lots whose start has come and closes lots whose end has passed. Safe to run on every node at once. */
export async function tick(): Promise<{ opened: number; closed: number }> {
  const { opened, closed } = await db.transaction(async (tx) => {
    const opened = rowsOf<Changed>(
      await tx.execute(sql`
        with u as (
          update lots set status = 'live', seq = seq + 1
           where status = 'scheduled' and starts_at <= clock_timestamp()
             and tender_id in (select id from tenders where status in ('scheduled', 'live'))
          returning id, seq, ends_at)
        ${eventInsert('opened', null, null)}`),
    )
    // The close races a last-second bid on the same row: the bid's UPDATE needs ends_at > now, this one <= now.
    const closed = rowsOf<Changed>(
      await tx.execute(sql`
        with u as (
          update lots set status = 'closed', seq = seq + 1
           where status = 'live' and ends_at <= clock_timestamp()
          returning id, seq, ends_at)
        ${eventInsert('closed', null, null)}`),
    )
    if (opened.length)
      await tx.execute(
        sql`update tenders set status = 'live' where status = 'scheduled' and exists (select 1 from lots where lots.tender_id = tenders.id and lots.status <> 'scheduled')`,
      )
    if (closed.length) await settleTenders(tx)
    return { opened, closed }
  })
  notifyLotChanged([...opened, ...closed].map((r) => r.lot_id))
  return { opened: opened.length, closed: closed.length }
}

/** A live tender whose lots have all finished is closed; a closed one whose lots are all awarded is awarded. */
async function settleTenders(tx: DbOrTx) {
  await tx.execute(
    sql`update tenders set status = 'closed' where status = 'live' and not exists (select 1 from lots where lots.tender_id = tenders.id and lots.status in ('scheduled', 'live', 'paused'))`,
  )
  await tx.execute(
    sql`update tenders set status = 'awarded' where status = 'closed' and not exists (select 1 from lots where lots.tender_id = tenders.id and lots.status = 'closed' and lots.awarded_supplier_id is null)`,
  )
}

/** The lot of this tender, run by this buyer organisation, or nothing: the tenant filter of every control. A lot of
 * another tender is not found, so a page can only act on its own tender's lots. */
async function ownLot(tx: DbOrTx, buyerOrgId: string, tenderId: string, lotId: string) {
  const [row] = await tx
    .select({
      id: lots.id,
      tenderId: lots.tenderId,
      status: lots.status,
      awarded: lots.awardedSupplierId,
      ended: sql<boolean>`${lots.endsAt} <= clock_timestamp()`,
    })
    .from(lots)
    .innerJoin(tenders, eq(tenders.id, lots.tenderId))
    .where(and(eq(lots.id, lotId), eq(lots.tenderId, tenderId), eq(tenders.buyerOrgId, buyerOrgId)))
  return row
}

/** Refusal reasons come from re-reading the lot after the compare-and-set matched nothing. */
function whyNot(lot: { status: string; ended: boolean }, wanted: 'live' | 'paused' | 'closed'): ControlError {
  if (wanted === 'paused') return 'not_paused'
  if (wanted === 'closed') return lot.status === 'cancelled' ? 'already_final' : 'not_closed'
  if (lot.status === 'live' && lot.ended) return 'ended'
  return 'not_live'
}

async function control(
  actor: Actor,
  buyerOrgId: string,
  tenderId: string,
  lotId: string,
  audit: {
    action: 'tender.lot_paused' | 'tender.lot_resumed' | 'tender.lot_extended' | 'tender.bid_disqualified'
    details?: Record<string, unknown>
  },
  run: (tx: DbOrTx) => Promise<Changed[]>,
  wanted: 'live' | 'paused' | 'closed',
): Promise<ControlResult> {
  const result = await db.transaction(async (tx): Promise<ControlResult> => {
    const lot = await ownLot(tx, buyerOrgId, tenderId, lotId)
    if (!lot) return { ok: false, error: 'not_found' }
    const [changed] = await run(tx)
    if (!changed) return { ok: false, error: whyNot(lot, wanted) }
    await writeAudit(tx, actor, {
      action: audit.action,
      entity: 'lot',
      entityId: lotId,
      orgId: buyerOrgId,
      details: { seq: changed.seq, ...audit.details },
    })
    return { ok: true, seq: changed.seq }
  })
  if (result.ok) notifyLotChanged([lotId])
  return result
}

/** Pause freezes the lot: no bid is accepted until resume, which moves the end by the pause's length. */
/** One lot of the buyer's tender, acted on by one of its officers. */
type LotAction = Buyer & { actor: Actor; tenderId: string; lotId: string }

export function pauseLot({ actor, buyerOrgId, tenderId, lotId, reason }: LotAction & { reason: string | null }) {
  return control(
    actor,
    buyerOrgId,
    tenderId,
    lotId,
    { action: 'tender.lot_paused', details: { reason } },
    async (tx) =>
      rowsOf<Changed>(
        await tx.execute(sql`
          with u as (
            update lots set status = 'paused', paused_at = clock_timestamp(), seq = seq + 1
             where id = ${lotId} and status = 'live' and ends_at > clock_timestamp()
            returning id, seq, ends_at)
          ${eventInsert('paused', actor.userId, reason)}`),
      ),
    'live',
  )
}

export function resumeLot({ actor, buyerOrgId, tenderId, lotId }: LotAction) {
  return control(
    actor,
    buyerOrgId,
    tenderId,
    lotId,
    { action: 'tender.lot_resumed' },
    async (tx) =>
      rowsOf<Changed>(
        await tx.execute(sql`
          with u as (
            update lots set status = 'live', ends_at = ends_at + (clock_timestamp() - paused_at), paused_at = null, seq = seq + 1
             where id = ${lotId} and status = 'paused'
            returning id, seq, ends_at)
          ${eventInsert('resumed', actor.userId, null)}`),
      ),
    'paused',
  )
}

/** A manual extension by the buyer, with its reason; it does not count against the soft-close cap. */
export function extendLot({ actor, buyerOrgId, tenderId, lotId, minutes, reason }: LotAction & { minutes: number; reason: string }) {
  return control(
    actor,
    buyerOrgId,
    tenderId,
    lotId,
    { action: 'tender.lot_extended', details: { minutes, reason } },
    async (tx) =>
      rowsOf<Changed>(
        await tx.execute(sql`
          with u as (
            update lots set ends_at = ends_at + make_interval(mins => ${minutes}::int), seq = seq + 1
             where id = ${lotId} and (status = 'paused' or (status = 'live' and ends_at > clock_timestamp()))
            returning id, seq, ends_at)
          ${eventInsert('extended', actor.userId, reason)}`),
      ),
    'live',
  )
}

/**
 * Strikes one bid out with a reason (a bid placed in error, a breach of the terms): the lot's best is recomputed
 * from the bids that stand, in the same statement. Allowed while the lot runs, is paused, or is closed but not yet
 * awarded.
 */
export async function disqualifyBid({
  actor,
  buyerOrgId,
  tenderId,
  lotId,
  bidSeq,
  reason,
}: LotAction & { bidSeq: number; reason: string }): Promise<ControlResult> {
  const result = await db.transaction(async (tx): Promise<ControlResult> => {
    const lot = await ownLot(tx, buyerOrgId, tenderId, lotId)
    if (!lot) return { ok: false, error: 'not_found' }
    if (lot.status === 'cancelled' || lot.awarded) return { ok: false, error: 'already_final' }
    // Take the lot row first, as a bid does: the best recomputed below then sees every bid committed before.
    await tx.execute(sql`select 1 from lots where id = ${lotId} for update`)
    const struck = await tx
      .update(bids)
      .set({ disqualifiedReason: reason })
      .where(and(eq(bids.lotId, lotId), eq(bids.seq, bidSeq), isNull(bids.disqualifiedReason)))
      .returning({ supplierOrgId: bids.supplierOrgId })
    if (!struck.length) return { ok: false, error: 'already_disqualified' }
    const [changed] = rowsOf<Changed>(
      await tx.execute(sql`
        with best as (
          select price_minor, supplier_org_id from bids where lot_id = ${lotId} and disqualified_reason is null order by price_minor, seq limit 1),
        u as (
          update lots set seq = seq + 1,
                 best_price_minor = (select price_minor from best),
                 best_supplier_id = (select supplier_org_id from best)
           where id = ${lotId} and status in ('live', 'paused', 'closed') and awarded_supplier_id is null
          returning id, seq, ends_at)
        ${eventInsert('disqualified', actor.userId, reason, bidSeq)}`),
    )
    if (!changed) throw new Error('lot changed under a locked bid') // unreachable: checked above in this transaction
    await writeAudit(tx, actor, {
      action: 'tender.bid_disqualified',
      entity: 'lot',
      entityId: lotId,
      orgId: buyerOrgId,
      details: { seq: changed.seq, bidSeq, reason },
    })
    return { ok: true, seq: changed.seq }
  })
  if (result.ok) notifyLotChanged([lotId])
  return result
}

/** Cancels a tender that is not yet awarded; every unfinished lot is cancelled with the same reason. */
export async function cancelTender({
  actor,
  buyerOrgId,
  tenderId,
  reason,
}: Buyer & { actor: Actor; tenderId: string; reason: string }): Promise<ControlResult> {
  const changed = await db.transaction(async (tx) => {
    const [tender] = await tx
      .update(tenders)
      .set({ status: 'cancelled', cancelReason: reason })
      .where(and(eq(tenders.id, tenderId), eq(tenders.buyerOrgId, buyerOrgId), inArray(tenders.status, ['draft', 'scheduled', 'live', 'closed'])))
      .returning({ id: tenders.id })
    if (!tender) return null
    const rows = rowsOf<Changed>(
      await tx.execute(sql`
        with u as (
          update lots set status = 'cancelled', paused_at = null, seq = seq + 1
           where tender_id = ${tenderId} and (status in ('scheduled', 'live', 'paused') or (status = 'closed' and awarded_supplier_id is null))
          returning id, seq, ends_at)
        ${eventInsert('cancelled', actor.userId, reason)}`),
    )
    await writeAudit(tx, actor, { action: 'tender.cancelled', entity: 'tender', entityId: tenderId, orgId: buyerOrgId, details: { reason } })
    return rows
  })
  if (!changed) {
    const [exists] = await db
      .select({ status: tenders.status })
      .from(tenders)
      .where(and(eq(tenders.id, tenderId), eq(tenders.buyerOrgId, buyerOrgId)))
    return { ok: false, error: exists ? 'already_final' : 'not_found' }
  }
  notifyLotChanged(changed.map((r) => r.lot_id))
  return { ok: true, seq: 0 }
}

/**
 * Awards a closed lot to one supplier that holds a standing bid on it. Rank 1 needs no reason; anyone else needs a
 * written one, kept in the protocol. When every lot of the tender is awarded, the tender is.
 *
 * The hidden reserve is the buyer's own target, not a limit on suppliers (the start price is the ceiling), so an
 * award above it is allowed: the goods may still be needed. But it must be a decision, not a slip: the officer
 * acknowledges it explicitly (`reserveAcknowledged`), without which the award is refused and nothing changes; the
 * audit entry keeps the reserve, the price and the acknowledgement.
 */
export async function awardLot({
  actor,
  buyerOrgId,
  tenderId,
  lotId,
  supplierOrgId,
  reason,
  reserveAcknowledged,
}: LotAction & { supplierOrgId: string; reason: string | null; reserveAcknowledged?: boolean }): Promise<ControlResult> {
  const o = { reserveAcknowledged }
  const result = await db.transaction(async (tx): Promise<ControlResult> => {
    const lot = await ownLot(tx, buyerOrgId, tenderId, lotId)
    if (!lot) return { ok: false, error: 'not_found' }
    const [standing] = await tx
      .select({ n: sql<number>`count(*)::int`, priceMinor: sql<number | null>`min(${bids.priceMinor})` })
      .from(bids)
      .where(and(eq(bids.lotId, lotId), eq(bids.supplierOrgId, supplierOrgId), isNull(bids.disqualifiedReason)))
    if (!standing?.n) return { ok: false, error: 'no_bid' }
    const [best] = await tx.select({ supplier: lots.bestSupplierId, reserveMinor: lots.reserveMinor }).from(lots).where(eq(lots.id, lotId))
    if (best?.supplier !== supplierOrgId && !reason) return { ok: false, error: 'reason_required' }
    const priceMinor = Number(standing.priceMinor)
    const reserveMinor = best?.reserveMinor === null || best?.reserveMinor === undefined ? null : Number(best.reserveMinor)
    const aboveReserve = reserveMinor !== null && priceMinor > reserveMinor
    if (aboveReserve && !o.reserveAcknowledged && lot.status === 'closed' && !lot.awarded) return { ok: false, error: 'reserve_not_met' }
    const [changed] = rowsOf<Changed>(
      await tx.execute(sql`
        with u as (
          update lots set awarded_supplier_id = ${supplierOrgId}::uuid, award_reason = ${reason}, awarded_at = clock_timestamp(), seq = seq + 1
           where id = ${lotId} and status = 'closed' and awarded_supplier_id is null
          returning id, seq, ends_at)
        ${eventInsert('awarded', actor.userId, reason)}`),
    )
    if (!changed) return { ok: false, error: lot.awarded ? 'already_awarded' : whyNot(lot, 'closed') }
    await settleTenders(tx)
    await writeAudit(tx, actor, {
      action: 'tender.awarded',
      entity: 'lot',
      entityId: lotId,
      orgId: buyerOrgId,
      details: {
        seq: changed.seq,
        supplierOrgId,
        reason,
        priceMinor,
        ...(reserveMinor !== null ? { reserveMinor, reserveMet: !aboveReserve } : {}),
        ...(aboveReserve ? { reserveAcknowledged: true } : {}),
      },
    })
    return { ok: true, seq: changed.seq }
  })
  if (result.ok) notifyLotChanged([lotId])
  return result
}
