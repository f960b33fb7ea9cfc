import { and, eq, inArray, sql, type AnyColumn } from 'drizzle-orm'
import { db } from '../../../db/client.server'
import { isoText } from '../../../db/drivers.server'
import { bids, invitations, lotEvents, lots, tenders } from '../../../db/schema/auctions'
import type { OrgScope } from '../auth/scope.server'
import { getLegalDetails, organisationRef } from '../tenancy/queries.server'
import { bidHash, GENESIS_HASH } from './bids.server'
import type { TenderStatus } from './tender-status'
import type { Buyer } from './tenders.server'
import { loadLots, lotIdsOf, ranking as rankSuppliers, readable, standing, type LotState } from './views.server'
import { disclosureOf, type LotEventView, type LotStatus, type ReportDisclosure } from './views'

// After the close (DESIGN.md §5, issue 4; auctions anchors R12): the buyer's protocol, generated from the append-only
// bid log and the lot events, and each supplier's report of its own part. The protocol names everyone; a supplier's
// report is built field by field from an allow-list, as supplier views are: its own bids and receipts, the outcome,
// and of the market only what the tender's disclosure allows (views.ts ReportDisclosure, issue 10 item 13): its
// rank, the bidder count, and the price curve as bare (time, price, own) points, coarsened so that two bidders'
// reports do not hand each other the rival's strategy to the millisecond. No other supplier's id, name, alias,
// price beyond the disclosure, no award reason (it may name the winner), no reserve and no savings ever go into it
// (EU 2014/24 Art. 35(5)). The hash chain's links (numbers and hashes only) are always published: a supplier needs
// them to check its own receipts, and they say no more than the room's "a new bid" events did. The data is here;
// the CSV is reports-csv.ts and the PDF protocol-pdf.server.ts.

type EventKind = Exclude<LotEventView['kind'], 'bid'>

export interface ProtocolLot {
  lotId: string
  lineNo: number
  item: string
  quantity: number
  unit: string
  status: LotStatus
  startsAt: string
  endsAt: string
  startPriceMinor: number
  reserveMinor: number | null
  ranking: { rank: number; supplierOrgId: string; supplierName: string; priceMinor: number; receivedAt: string }[]
  /** Every bid, disqualified ones too; times as the hash chain has them, to the microsecond. */
  bids: {
    seq: number
    supplierOrgId: string
    supplierName: string
    priceMinor: number
    receivedAt: string
    hash: string
    extendedTo: string | null
    disqualifiedReason: string | null
  }[]
  events: { seq: number; kind: EventKind; at: string; endsAt: string; reason: string | null; bidSeq: number | null }[]
  extensions: { softClose: number; buyer: number }
  award: {
    supplierOrgId: string
    supplierName: string
    priceMinor: number
    rank: number | null
    rankOne: boolean
    reason: string | null
    at: string | null
  } | null
  /** Start price − awarded price (or the best price while not awarded); null without a standing bid. */
  savings: { basis: 'awarded' | 'best'; priceMinor: number; amountMinor: number; percent: number } | null
  lastHash: string | null
  /** Whether every bid's hash recomputes from its entry and the previous hash. */
  chainValid: boolean
}

export interface TenderProtocol {
  tender: {
    id: string
    title: string
    status: TenderStatus
    currency: string
    buyerName: string
    startsAt: string | null
    cancelReason: string | null
    generatedAt: string
  }
  participants: { supplierOrgId: string; name: string; inn: string | null; termsAccepted: boolean }[]
  /** False while a lot is scheduled, live or paused: the protocol is then provisional. */
  finished: boolean
  lots: ProtocolLot[]
}

const FINISHED: readonly LotStatus[] = ['closed', 'cancelled']

/** A timestamp as the bid chain hashes it: UTC to the microsecond (bids.server.ts `receivedAtText`). */
const microsecondText = (column: AnyColumn) => isoText(column, 'us')

/** loadLots keeps milliseconds; the protocol and the chain check need the stored microseconds. Keyed `lotId:seq`. */
async function exactTimes(lotIds: string[]) {
  type BidTimes = { at: string; extendedTo: string | null; prevHash: string }
  if (!lotIds.length)
    return { bidsAt: new Map<string, BidTimes>(), eventsAt: new Map<string, { at: string; endsAt: string }>(), lotEnds: new Map<string, string>() }
  const [bidRows, eventRows, lotRows] = await Promise.all([
    db
      .select({
        lotId: bids.lotId,
        seq: bids.seq,
        at: microsecondText(bids.receivedAt),
        extendedTo: microsecondText(bids.extendedTo),
        prevHash: bids.prevHash,
      })
      .from(bids)
      .where(inArray(bids.lotId, lotIds)),
    db
      .select({ lotId: lotEvents.lotId, seq: lotEvents.seq, at: microsecondText(lotEvents.at), endsAt: microsecondText(lotEvents.endsAt) })
      .from(lotEvents)
      .where(inArray(lotEvents.lotId, lotIds)),
    db
      .select({ id: lots.id, endsAt: microsecondText(lots.endsAt) })
      .from(lots)
      .where(inArray(lots.id, lotIds)),
  ])
  return {
    bidsAt: new Map(bidRows.map((b): [string, BidTimes] => [`${b.lotId}:${b.seq}`, { at: b.at, extendedTo: b.extendedTo, prevHash: b.prevHash }])),
    eventsAt: new Map(eventRows.map((e) => [`${e.lotId}:${e.seq}`, { at: e.at, endsAt: e.endsAt }])),
    lotEnds: new Map(lotRows.map((l) => [l.id, l.endsAt])),
  }
}

const percentOf = (part: number, whole: number) => Math.round((part / whole) * 10_000) / 100

function protocolLot(state: LotState, times: Awaited<ReturnType<typeof exactTimes>>): ProtocolLot {
  const l = state.lot
  const key = (seq: number) => `${l.id}:${seq}`
  const names = new Map(state.bids.map((b) => [b.supplierOrgId, b.supplierName]))
  const ranked = rankSuppliers(state)
  const bidList = state.bids.map((b) => {
    const exact = times.bidsAt.get(key(b.seq))
    return {
      seq: b.seq,
      supplierOrgId: b.supplierOrgId,
      supplierName: b.supplierName,
      priceMinor: b.priceMinor,
      receivedAt: exact?.at ?? b.receivedAt,
      hash: b.hash,
      extendedTo: exact ? exact.extendedTo : b.extendedTo,
      disqualifiedReason: b.disqualifiedReason,
    }
  })
  const events = state.events.map((e) => {
    const exact = times.eventsAt.get(key(e.seq))
    return { seq: e.seq, kind: e.kind as EventKind, at: exact?.at ?? e.at, endsAt: exact?.endsAt ?? e.endsAt, reason: e.reason, bidSeq: e.bidSeq }
  })
  const bySeq = new Map(bidList.map((b) => [b.seq, b]))
  const ranking = ranked.map((r) => ({
    rank: r.rank,
    supplierOrgId: r.supplierId,
    supplierName: names.get(r.supplierId) ?? '',
    priceMinor: r.priceMinor,
    receivedAt: bySeq.get(r.receivedAt)?.receivedAt ?? '',
  }))

  // The chain covers bids only (buyer actions share the seq numbers): each hash from the previous one and the entry.
  let prev = GENESIS_HASH
  let chainValid = true
  for (const b of bidList) {
    const stored = times.bidsAt.get(key(b.seq))
    if (
      stored?.prevHash !== prev ||
      b.hash !== bidHash(prev, { lotId: l.id, seq: b.seq, supplierOrgId: b.supplierOrgId, priceMinor: b.priceMinor, receivedAt: b.receivedAt })
    )
      chainValid = false
    prev = b.hash
  }

  let award: ProtocolLot['award'] = null
  if (l.awardedSupplierId) {
    const placed = ranked.find((r) => r.supplierId === l.awardedSupplierId)
    const ownBest = Math.min(...state.bids.filter((b) => b.supplierOrgId === l.awardedSupplierId).map((b) => b.priceMinor))
    award = {
      supplierOrgId: l.awardedSupplierId,
      supplierName: names.get(l.awardedSupplierId) ?? '',
      priceMinor: placed?.priceMinor ?? ownBest,
      rank: placed?.rank ?? null,
      rankOne: placed?.rank === 1,
      reason: l.awardReason,
      at: events.findLast((e) => e.kind === 'awarded')?.at ?? null,
    }
  }
  const basis = award
    ? { basis: 'awarded' as const, priceMinor: award.priceMinor }
    : ranked[0]
      ? { basis: 'best' as const, priceMinor: ranked[0].priceMinor }
      : null
  const savings = basis && {
    ...basis,
    amountMinor: l.startPriceMinor - basis.priceMinor,
    percent: percentOf(l.startPriceMinor - basis.priceMinor, l.startPriceMinor),
  }

  return {
    lotId: l.id,
    lineNo: l.lineNo,
    item: l.item,
    quantity: l.quantity,
    unit: l.unit,
    status: l.status,
    startsAt: l.startsAt,
    endsAt: times.lotEnds.get(l.id) ?? l.endsAt,
    startPriceMinor: l.startPriceMinor,
    reserveMinor: l.reserveMinor,
    ranking,
    bids: bidList,
    events,
    extensions: { softClose: bidList.filter((b) => b.extendedTo).length, buyer: events.filter((e) => e.kind === 'extended').length },
    award,
    savings,
    lastHash: bidList.length ? bidList[bidList.length - 1].hash : null,
    chainValid,
  }
}

/** The buyer's protocol of a tender, or null when the tender is not this buyer organisation's (the tenant filter). */
export async function tenderProtocol({ scope, buyerOrgId, tenderId }: Buyer & { tenderId: string }): Promise<TenderProtocol | null> {
  const reader = { scope, buyerOrgId }
  const org = organisationRef()
  const [tender] = await db
    .select({
      id: tenders.id,
      title: tenders.title,
      status: tenders.status,
      currency: tenders.currency,
      buyerName: org.legalName,
      startsAt: tenders.startsAt,
      cancelReason: tenders.cancelReason,
      generatedAt: isoText(sql`clock_timestamp()`, 'us'),
    })
    .from(tenders)
    .innerJoin(org, eq(org.id, tenders.buyerOrgId))
    .where(and(eq(tenders.id, tenderId), readable(reader)))
  if (!tender) return null
  const lotIds = await lotIdsOf(tenderId, reader)
  // The exact times are read after the lots: a bid accepted in between is only extra there, never missing.
  const states = await loadLots(lotIds, reader)
  const supplier = organisationRef('supplier_ref')
  const [times, participants] = await Promise.all([
    exactTimes(lotIds),
    db
      .select({ supplierOrgId: invitations.supplierOrgId, name: supplier.legalName, acceptedTermsAt: invitations.acceptedTermsAt })
      .from(invitations)
      .innerJoin(supplier, eq(supplier.id, invitations.supplierOrgId))
      .where(eq(invitations.tenderId, tenderId))
      .orderBy(supplier.legalName),
  ])
  const legal = await getLegalDetails({ orgIds: participants.map((p) => p.supplierOrgId) })
  return {
    tender: { ...tender, startsAt: tender.startsAt ? tender.startsAt.toISOString() : null },
    participants: participants.map((p) => ({
      supplierOrgId: p.supplierOrgId,
      name: p.name,
      inn: legal.get(p.supplierOrgId)?.inn ?? null,
      termsAccepted: p.acceptedTermsAt !== null,
    })),
    finished: states.every((s) => FINISHED.includes(s.lot.status)),
    lots: states.map((s) => protocolLot(s, times)),
  }
}

// ---- the supplier's report ----

export interface SupplierReportLot {
  lineNo: number
  item: string
  quantity: number
  unit: string
  status: LotStatus
  startPriceMinor: number
  cancelReason: string | null
  ownBids: { seq: number; priceMinor: number; receivedAt: string; hash: string; disqualifiedReason: string | null }[]
  /** Whether it bid at all: said even when its rank is not. */
  placedBid: boolean
  /** Its final rank, when the disclosure shows it (not 'none'). */
  rank: number | null
  /** How many bid, when the disclosure shows the market (a curve). */
  bidderCount: number | null
  /**
   * Bare points, no supplier, alias, seq or hash; only whether it was one's own. 'best_curve': each new best price,
   * its time to the minute; 'full_curve': every standing bid, to the second; otherwise empty.
   */
  curve: { at: string; priceMinor: number; own: boolean }[]
  /**
   * The lot's published hash chain: every entry's number and hashes, nothing else. A supplier recomputes its own
   * entries' hashes from its receipts and checks that each entry links to the one before.
   */
  lotId: string
  chain: { seq: number; prevHash: string; hash: string; own: boolean }[]
  outcome: 'awarded_to_you' | 'awarded_to_another' | 'not_awarded' | 'cancelled'
}

export interface SupplierReport {
  tender: { id: string; title: string; currency: string; disclosure: ReportDisclosure }
  lots: SupplierReportLot[]
}

/**
 * An invited supplier's report of a finished tender, or null when it is not invited (with the terms accepted), the
 * same answer as a tender that does not exist. 'not_finished' while any lot is still to run: a finished lot's curve
 * could steer the bidding on a lot still open.
 */
export async function supplierReport({ scope, tenderId }: { scope: OrgScope; tenderId: string }): Promise<SupplierReport | 'not_finished' | null> {
  const reader = { scope }
  const supplierOrgId = scope.orgId
  // The tender, its lots, bids and events only through the supplier's invitation (views.server.ts readable).
  const [row] = await db
    .select({ id: tenders.id, title: tenders.title, currency: tenders.currency, visibility: tenders.visibility, disclosure: tenders.disclosure })
    .from(tenders)
    .where(and(eq(tenders.id, tenderId), readable(reader)))
  if (!row) return null
  const tender = { id: row.id, title: row.title, currency: row.currency, disclosure: disclosureOf(row.visibility, row.disclosure) }
  const lotIds = await lotIdsOf(tenderId, reader)
  const [states, times] = await Promise.all([loadLots(lotIds, reader), exactTimes(lotIds)])
  if (states.some((s) => !FINISHED.includes(s.lot.status))) return 'not_finished'
  return { tender, lots: states.map((s) => supplierLot(s, supplierOrgId, times, tender.disclosure)) }
}

/** "2026-03-01T12:34:56.789Z" cut to the minute ("2026-03-01T12:34Z") or the second ("2026-03-01T12:34:56Z"). */
const coarse = (iso: string, to: 'minute' | 'second') => `${iso.slice(0, to === 'minute' ? 16 : 19)}Z`

/** The market as the disclosure allows it: the best price each time it fell, or every standing bid. */
function curveOf(state: LotState, orgId: string, disclosure: ReportDisclosure): SupplierReportLot['curve'] {
  if (disclosure === 'full_curve')
    return standing(state).map((b) => ({ at: coarse(b.receivedAt, 'second'), priceMinor: b.priceMinor, own: b.supplierOrgId === orgId }))
  if (disclosure !== 'best_curve') return []
  const leads: SupplierReportLot['curve'] = []
  let best: number | null = null
  for (const b of standing(state)) {
    if (best !== null && b.priceMinor >= best) continue
    best = b.priceMinor
    leads.push({ at: coarse(b.receivedAt, 'minute'), priceMinor: b.priceMinor, own: b.supplierOrgId === orgId })
  }
  return leads
}

function supplierLot(state: LotState, orgId: string, times: Awaited<ReturnType<typeof exactTimes>>, disclosure: ReportDisclosure): SupplierReportLot {
  const l = state.lot
  const ranked = rankSuppliers(state)
  const awarded = l.awardedSupplierId
  const seesMarket = disclosure === 'best_curve' || disclosure === 'full_curve'
  return {
    lineNo: l.lineNo,
    item: l.item,
    quantity: l.quantity,
    unit: l.unit,
    status: l.status,
    startPriceMinor: l.startPriceMinor,
    cancelReason: l.status === 'cancelled' ? l.cancelReason : null,
    ownBids: state.bids
      .filter((b) => b.supplierOrgId === orgId)
      .map((b) => ({
        seq: b.seq,
        priceMinor: b.priceMinor,
        receivedAt: times.bidsAt.get(`${l.id}:${b.seq}`)?.at ?? b.receivedAt,
        hash: b.hash,
        disqualifiedReason: b.disqualifiedReason,
      })),
    placedBid: state.bids.some((b) => b.supplierOrgId === orgId),
    rank: disclosure === 'none' ? null : (ranked.find((r) => r.supplierId === orgId)?.rank ?? null),
    bidderCount: seesMarket ? ranked.length : null,
    curve: curveOf(state, orgId, disclosure),
    lotId: l.id,
    chain: state.bids.map((b) => ({
      seq: b.seq,
      prevHash: times.bidsAt.get(`${l.id}:${b.seq}`)?.prevHash ?? '',
      hash: b.hash,
      own: b.supplierOrgId === orgId,
    })),
    outcome: l.status === 'cancelled' ? 'cancelled' : awarded === null ? 'not_awarded' : awarded === orgId ? 'awarded_to_you' : 'awarded_to_another',
  }
}
