import { and, asc, eq, inArray, isNotNull, isNull, ne, sql, type SQL } from 'drizzle-orm'
import { db, type DbOrTx } from '../../../db/client.server'
import { isoText } from '../../../db/drivers.server'
import { bids, invitations, lotEvents, lots, tenders } from '../../../db/schema/auctions'
import type { AnyScope, OrgScope } from '../auth/scope.server'
import { organisationRef } from '../tenancy/queries.server'
import { rankBids } from './rules'
import type { BuyerLotView, LotEventView, LotPush, ReportDisclosure, SupplierLotView, VisibilityPreset } from './views'

// What each audience may see of a lot, built from one read of the lot, its bids and its events. Supplier views
// are built field by field from an allow-list: no other supplier's id, name, user or receipt is ever put in one,
// so nothing can leak by adding a column somewhere else. The buyer sees everything.

interface BidRow {
  seq: number
  supplierOrgId: string
  supplierName: string
  userId: string | null
  priceMinor: number
  receivedAt: string
  extendedTo: string | null
  disqualifiedReason: string | null
  hash: string
}

interface EventRow {
  seq: number
  kind: LotEventView['kind']
  at: string
  endsAt: string
  reason: string | null
  bidSeq: number | null
}

export interface LotState {
  lot: {
    id: string
    tenderId: string
    tenderTitle: string
    tenderStatus: string
    buyerOrgId: string
    visibility: VisibilityPreset
    /** The officer's choice for the post-auction report; null: as the preset (views.ts disclosureOf). */
    disclosure: ReportDisclosure | null
    currency: string
    lineNo: number
    item: string
    quantity: number
    unit: string
    status: SupplierLotView['status']
    startsAt: string
    endsAt: string
    seq: number
    startPriceMinor: number
    reserveMinor: number | null
    minStepMinor: number
    maxStepMinor: number
    softWindowMs: number
    softExtensionMs: number
    maxExtensions: number | null
    pausedAt: string | null
    cancelReason: string | null
    awardedSupplierId: string | null
    awardReason: string | null
  }
  serverNow: string
  bids: BidRow[]
  events: EventRow[]
  invited: string[]
}

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString())

/**
 * Who reads a tender's lots: the buyer organisation's procurement staff (an `any` scope from `manage:tender:any`,
 * acting for the buyer organisation that runs the tender) or a supplier (its own organisation's scope).
 */
export type Reader = { scope: AnyScope; buyerOrgId: string } | { scope: OrgScope; buyerOrgId?: never }

/**
 * The tenant filter of every read of a tender, its lots, bids and events, in SQL (on `tenders`, joined): the buyer
 * organisation's own tenders; for a supplier, tenders out of draft it is invited to and accepted the terms of, while
 * it is verified and active. A supplier never sees a row of a tender this does not let through, whatever was
 * checked before.
 */
export function readable(reader: Reader, o: { acceptedTerms?: boolean } = {}): SQL {
  if (reader.scope.kind === 'any') return eq(tenders.buyerOrgId, reader.buyerOrgId!)
  const org = organisationRef('reader_org')
  const invited = db
    .select({ one: sql`1` })
    .from(invitations)
    .innerJoin(org, eq(org.id, invitations.supplierOrgId))
    .where(
      and(
        eq(invitations.tenderId, tenders.id),
        eq(invitations.supplierOrgId, reader.scope.orgId),
        o.acceptedTerms === false ? undefined : isNotNull(invitations.acceptedTermsAt),
        eq(org.verificationStatus, 'verified'),
        isNull(org.disabledAt),
      ),
    )
  return and(ne(tenders.status, 'draft'), sql`exists (${invited})`)!
}

/** The ids of the lots a reader may see, among `lotIds`, as a subquery for the bid and event reads. */
const readableLots = (lotIds: string[], reader: Reader) =>
  db
    .select({ id: lots.id })
    .from(lots)
    .innerJoin(tenders, eq(tenders.id, lots.tenderId))
    .where(and(inArray(lots.id, lotIds), readable(reader)))

/**
 * Reads lots with everything their views need: one query each for lots, bids, events and invitations. With a
 * reader, only the lots (and their bids and events) it may see; without, every lot asked for: that is the
 * background's read (the push after a change, which sends each audience its own view).
 */
export async function loadLots(lotIds: string[], reader: Reader | null, tx: DbOrTx = db): Promise<LotState[]> {
  if (!lotIds.length) return []
  const lotRows = await tx
    .select({
      id: lots.id,
      tenderId: lots.tenderId,
      tenderTitle: tenders.title,
      tenderStatus: tenders.status,
      buyerOrgId: tenders.buyerOrgId,
      visibility: tenders.visibility,
      disclosure: tenders.disclosure,
      currency: tenders.currency,
      lineNo: lots.lineNo,
      item: lots.item,
      quantity: lots.quantity,
      unit: lots.unit,
      status: lots.status,
      startsAt: lots.startsAt,
      endsAt: lots.endsAt,
      seq: lots.seq,
      startPriceMinor: lots.startPriceMinor,
      reserveMinor: lots.reserveMinor,
      minStepMinor: lots.minStepMinor,
      maxStepMinor: lots.maxStepMinor,
      softWindowMs: tenders.softWindowMs,
      softExtensionMs: tenders.softExtensionMs,
      maxExtensions: tenders.maxExtensions,
      pausedAt: lots.pausedAt,
      cancelReason: tenders.cancelReason,
      awardedSupplierId: lots.awardedSupplierId,
      awardReason: lots.awardReason,
      serverNow: isoText(sql`clock_timestamp()`),
    })
    .from(lots)
    .innerJoin(tenders, eq(tenders.id, lots.tenderId))
    .where(reader ? and(inArray(lots.id, lotIds), readable(reader)) : inArray(lots.id, lotIds))
    .orderBy(asc(lots.lineNo))
  if (!lotRows.length) return []
  const org = organisationRef('bidder_org')
  const inSeen = (column: typeof bids.lotId | typeof lotEvents.lotId) =>
    reader ? inArray(column, readableLots(lotIds, reader)) : inArray(column, lotIds)
  const bidRows = await tx
    .select({
      lotId: bids.lotId,
      seq: bids.seq,
      supplierOrgId: bids.supplierOrgId,
      supplierName: org.shortName,
      userId: bids.userId,
      priceMinor: bids.priceMinor,
      receivedAt: bids.receivedAt,
      extendedTo: bids.extendedTo,
      disqualifiedReason: bids.disqualifiedReason,
      hash: bids.hash,
    })
    .from(bids)
    .innerJoin(org, eq(org.id, bids.supplierOrgId))
    .where(inSeen(bids.lotId))
    .orderBy(asc(bids.seq))
  const eventRows = await tx.select().from(lotEvents).where(inSeen(lotEvents.lotId)).orderBy(asc(lotEvents.seq))
  const tenderIds = [...new Set(lotRows.map((l) => l.tenderId))]
  const invitedRows = tenderIds.length
    ? await tx
        .select({ tenderId: invitations.tenderId, orgId: invitations.supplierOrgId })
        .from(invitations)
        .where(inArray(invitations.tenderId, tenderIds))
    : []
  return lotRows.map(({ serverNow, ...l }) => ({
    lot: {
      ...l,
      startsAt: iso(l.startsAt)!,
      endsAt: iso(l.endsAt)!,
      pausedAt: iso(l.pausedAt),
      startPriceMinor: Number(l.startPriceMinor),
      reserveMinor: l.reserveMinor === null ? null : Number(l.reserveMinor),
      minStepMinor: Number(l.minStepMinor),
      maxStepMinor: Number(l.maxStepMinor),
    },
    serverNow,
    bids: bidRows
      .filter((b) => b.lotId === l.id)
      .map((b) => ({ ...b, priceMinor: Number(b.priceMinor), receivedAt: iso(b.receivedAt)!, extendedTo: iso(b.extendedTo) })),
    events: eventRows
      .filter((e) => e.lotId === l.id)
      .map((e) => ({ seq: e.seq, kind: e.kind, at: iso(e.at)!, endsAt: iso(e.endsAt)!, reason: e.reason, bidSeq: e.bidSeq })),
    invited: invitedRows.filter((i) => i.tenderId === l.tenderId).map((i) => i.orgId),
  }))
}

/** Lot ids of a tender the reader may see, in line order. */
export async function lotIdsOf(tenderId: string, reader: Reader) {
  return (
    await db
      .select({ id: lots.id })
      .from(lots)
      .innerJoin(tenders, eq(tenders.id, lots.tenderId))
      .where(and(eq(lots.tenderId, tenderId), readable(reader)))
      .orderBy(asc(lots.lineNo))
  ).map((r) => r.id)
}

/** The bids that stand (not struck out). */
export const standing = (state: LotState) => state.bids.filter((b) => b.disqualifiedReason === null)

const rankings = new WeakMap<LotState, ReturnType<typeof rankBids>>()
/** Suppliers ranked by their best standing bid; equal prices by receipt order. Computed once per read of a lot. */
export function ranking(state: LotState) {
  let ranked = rankings.get(state)
  // Receipt order is seq order (bids are numbered under the lot's row lock); milliseconds could tie.
  if (!ranked)
    rankings.set(
      state,
      (ranked = rankBids(standing(state).map((b) => ({ supplierId: b.supplierOrgId, priceMinor: b.priceMinor, receivedAt: b.seq })))),
    )
  return ranked
}

/** Why and when the clock moved: leads inside the soft-close window and the buyer's extensions and pauses. */
function extensionsOf(state: LotState): SupplierLotView['extensions'] {
  const fromBids = state.bids
    .filter((b) => b.extendedTo)
    .map((b) => ({ seq: b.seq, at: b.receivedAt, endsAt: b.extendedTo!, cause: 'lead_in_window' as const, reason: null }))
  const fromBuyer = state.events
    .filter((e) => e.kind === 'extended' || e.kind === 'resumed')
    .map((e) => ({
      seq: e.seq,
      at: e.at,
      endsAt: e.endsAt,
      cause: e.kind === 'extended' ? ('buyer' as const) : ('pause' as const),
      reason: e.kind === 'extended' ? e.reason : null,
    }))
  return [...fromBids, ...fromBuyer].sort((a, b) => a.seq - b.seq)
}

function common(state: LotState) {
  const l = state.lot
  const best = standing(state).reduce<number | null>((m, b) => (m === null || b.priceMinor < m ? b.priceMinor : m), null)
  return {
    lotId: l.id,
    tenderId: l.tenderId,
    tenderTitle: l.tenderTitle,
    lineNo: l.lineNo,
    item: l.item,
    quantity: l.quantity,
    unit: l.unit,
    currency: l.currency,
    visibility: l.visibility,
    status: l.status,
    startsAt: l.startsAt,
    endsAt: l.endsAt,
    serverNow: state.serverNow,
    seq: l.seq,
    startPriceMinor: l.startPriceMinor,
    minStepMinor: l.minStepMinor,
    maxStepMinor: l.maxStepMinor,
    softWindowMs: l.softWindowMs,
    softExtensionMs: l.softExtensionMs,
    maxExtensions: l.maxExtensions,
    pausedAt: l.pausedAt,
    cancelReason: l.status === 'cancelled' ? l.cancelReason : null,
    reserveMet: l.reserveMinor === null ? null : best !== null && best <= l.reserveMinor,
    extensions: extensionsOf(state),
  }
}

/** The events after `afterSeq` as a supplier may see them: bids are "a bid" or "your bid", never whose. */
export function supplierEvents(state: LotState, orgId: string, afterSeq: number): LotEventView[] {
  const own = new Set(state.bids.filter((b) => b.supplierOrgId === orgId).map((b) => b.seq))
  const fromBids: LotEventView[] = state.bids
    .filter((b) => b.seq > afterSeq)
    .map((b) => ({ seq: b.seq, kind: 'bid', at: b.receivedAt, own: own.has(b.seq), reason: null }))
  const fromEvents: LotEventView[] = state.events
    .filter((e) => e.seq > afterSeq)
    .map((e) => {
      // A disqualification's reason is the struck supplier's business only: it may well name them.
      const ownBid = e.bidSeq !== null && own.has(e.bidSeq)
      return {
        seq: e.seq,
        kind: e.kind,
        at: e.at,
        own: ownBid,
        reason: e.kind === 'disqualified' && !ownBid ? null : e.kind === 'awarded' ? null : e.reason,
      }
    })
  return [...fromBids, ...fromEvents].sort((a, b) => a.seq - b.seq)
}

export function supplierView(state: LotState, orgId: string): SupplierLotView {
  const ranked = ranking(state)
  const mine = ranked.find((r) => r.supplierId === orgId)
  const ownBids = state.bids.filter((b) => b.supplierOrgId === orgId)
  const ownStanding = ownBids.filter((b) => b.disqualifiedReason === null)
  const preset = state.lot.visibility
  const seesMarket = preset === 'full' || (preset === 'rank_best' && ownStanding.length > 0)
  // Aliases follow the order of each bidder's first bid: "Bidder 2" says nothing of who it is.
  const aliases = new Map<string, number>()
  for (const b of standing(state)) if (!aliases.has(b.supplierOrgId)) aliases.set(b.supplierOrgId, aliases.size + 1)
  const view: SupplierLotView = {
    ...common(state),
    own: {
      rank: mine?.rank ?? null,
      lastBidMinor: ownStanding.length ? ownStanding[ownStanding.length - 1].priceMinor : null,
      bids: ownBids.map((b) => ({
        seq: b.seq,
        priceMinor: b.priceMinor,
        receivedAt: b.receivedAt,
        hash: b.hash,
        disqualifiedReason: b.disqualifiedReason,
      })),
      alias: aliases.get(orgId) ?? null,
    },
    awarded: state.lot.awardedSupplierId === null ? null : { own: state.lot.awardedSupplierId === orgId },
  }
  if (seesMarket) view.bestMinor = ranked[0]?.priceMinor ?? null
  if (preset === 'full') {
    view.bidderCount = ranked.length
    view.history = standing(state).map((b) => ({ alias: aliases.get(b.supplierOrgId)!, priceMinor: b.priceMinor, at: b.receivedAt }))
  }
  return view
}

/**
 * The buyer's view. A push carries only the latest `recentBids` bids (and every struck one), not the whole log: with
 * a hundred of the buyer's people watching, the log would be sent a hundred times per bid. The page merges pushed
 * bids into the log it has by seq; a page load, a watch and a sync send the whole log.
 */
export function buyerView(state: LotState, o: { recentBids?: number } = {}): BuyerLotView {
  const ranked = ranking(state)
  const names = new Map(state.bids.map((b) => [b.supplierOrgId, b.supplierName]))
  return {
    ...common(state),
    reserveMinor: state.lot.reserveMinor,
    bestMinor: ranked[0]?.priceMinor ?? null,
    bidderCount: ranked.length,
    invitedCount: state.invited.length,
    partialBids: o.recentBids !== undefined && state.bids.length > o.recentBids,
    bids: (o.recentBids === undefined
      ? state.bids
      : state.bids.filter((b, i) => i >= state.bids.length - o.recentBids! || b.disqualifiedReason !== null)
    ).map((b) => ({
      seq: b.seq,
      supplierOrgId: b.supplierOrgId,
      supplierName: b.supplierName,
      priceMinor: b.priceMinor,
      receivedAt: b.receivedAt,
      extendedTo: b.extendedTo,
      disqualifiedReason: b.disqualifiedReason,
      hash: b.hash,
    })),
    ranking: ranked.map((r) => ({
      rank: r.rank,
      supplierOrgId: r.supplierId,
      supplierName: names.get(r.supplierId) ?? '',
      priceMinor: r.priceMinor,
      receivedAt: state.bids.find((b) => b.seq === r.receivedAt)!.receivedAt,
    })),
    events: state.events.map((e) => ({ seq: e.seq, kind: e.kind, at: e.at, endsAt: e.endsAt, reason: e.reason, bidSeq: e.bidSeq })),
    award:
      state.lot.awardedSupplierId === null
        ? null
        : { supplierOrgId: state.lot.awardedSupplierId, supplierName: names.get(state.lot.awardedSupplierId) ?? '', reason: state.lot.awardReason },
  }
}

/** Missed events for the buyer: everything, with whose bid it was. */
export function buyerEvents(state: LotState, afterSeq: number): LotEventView[] {
  const fromBids: LotEventView[] = state.bids
    .filter((b) => b.seq > afterSeq)
    .map((b) => ({ seq: b.seq, kind: 'bid', at: b.receivedAt, own: false, reason: null }))
  const fromEvents: LotEventView[] = state.events
    .filter((e) => e.seq > afterSeq)
    .map((e) => ({ seq: e.seq, kind: e.kind, at: e.at, own: false, reason: e.reason }))
  return [...fromBids, ...fromEvents].sort((a, b) => a.seq - b.seq)
}

/** A tender's lots as this reader sees them: the buyer's views or the supplier's own; empty when it may not see it. */
export async function readTenderLots(
  reader: Reader,
  tenderId: string,
): Promise<{ audience: 'buyer' | 'supplier'; lots: (BuyerLotView | SupplierLotView)[] } | null> {
  const lotIds = await lotIdsOf(tenderId, reader)
  if (!lotIds.length) return null
  const states = await loadLots(lotIds, reader)
  if (!states.length) return null
  return reader.scope.kind === 'any'
    ? { audience: 'buyer', lots: states.map((s) => buyerView(s)) }
    : { audience: 'supplier', lots: states.map((s) => supplierView(s, (reader.scope as OrgScope).orgId)) }
}

/** A tender's lots as its invited supplier sees them (empty when it may not see them). */
export async function readSupplierLots({ scope, tenderId }: { scope: OrgScope; tenderId: string }): Promise<SupplierLotView[]> {
  const states = await loadLots(await lotIdsOf(tenderId, { scope }), { scope })
  return states.map((s) => supplierView(s, scope.orgId))
}

/** One lot as this reader sees it and what happened on it after `afterSeq`; null when it may not see it. */
export async function readLotSince(reader: Reader, lotId: string, afterSeq: number): Promise<LotPush<BuyerLotView | SupplierLotView> | null> {
  const [state] = await loadLots([lotId], reader)
  if (!state) return null
  if (reader.scope.kind === 'any') return { view: buyerView(state), events: buyerEvents(state, afterSeq) }
  const orgId = reader.scope.orgId
  return { view: supplierView(state, orgId), events: supplierEvents(state, orgId, afterSeq) }
}
