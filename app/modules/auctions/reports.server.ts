import { and, eq, inArray, sql, type AnyColumn } from 'drizzle-orm'
import { db } from '../../../db/client.server'
import { env } from '../../env.server'
import { isoText } from '../../../db/drivers.server'
import { bids, invitations, lotEvents, lots, organisations, tenders } from '../../../db/schema'
import { isMessageKey, translate, type Locale, type MessageKey, type Params } from '../../i18n'
import { formatInstant, formatMoney, formatNumber, formatTimeZone, formatZoneName } from '../../i18n/format'
import { csvCell, csvDialect, decimal, toCsv } from '../../utils/csv'
import { drawParties, drawTable as drawPdfTable, partyOf, startPdf, type Column } from '../../utils/pdf.server'
import { getLegalDetails } from '../tenancy/queries.server'
import { bidHash, GENESIS_HASH } from './bids.server'
import { audienceOf, loadLots, lotIdsOf, ranking as rankSuppliers, standing, type LotState } from './views.server'
import { disclosureOf, type LotEventView, type LotStatus, type ReportDisclosure } from './views'

// After the close (DESIGN.md §5, issue 4; auctions anchors R12): the buyer's protocol, generated from the append-only
// bid log and the lot events, and each supplier's report of its own part. The protocol names everyone; a supplier's
// report is built field by field from an allow-list, as supplier views are: its own bids and receipts, the outcome,
// and of the market only what the tender's disclosure allows (views.ts ReportDisclosure, issue 10 item 13): its
// rank, the bidder count, and the price curve as bare (time, price, own) points, coarsened so that two bidders'
// reports do not hand each other the rival's strategy to the millisecond. No other supplier's id, name, alias,
// price beyond the disclosure, no award reason (it may name the winner), no reserve and no savings ever go into it
// (EU 2014/24 Art. 35(5)). The hash chain's links (numbers and hashes only) are always published: a supplier needs
// them to check its own receipts, and they say no more than the room's "a new bid" events did.

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
  bids: { seq: number; supplierOrgId: string; supplierName: string; priceMinor: number; receivedAt: string; hash: string; extendedTo: string | null; disqualifiedReason: string | null }[]
  events: { seq: number; kind: EventKind; at: string; endsAt: string; reason: string | null; bidSeq: number | null }[]
  extensions: { softClose: number; buyer: number }
  award: { supplierOrgId: string; supplierName: string; priceMinor: number; rank: number | null; rankOne: boolean; reason: string | null; at: string | null } | null
  /** Start price − awarded price (or the best price while not awarded); null without a standing bid. */
  savings: { basis: 'awarded' | 'best'; priceMinor: number; amountMinor: number; percent: number } | null
  lastHash: string | null
  /** Whether every bid's hash recomputes from its entry and the previous hash. */
  chainValid: boolean
}

export interface TenderProtocol {
  tender: { id: string; title: string; status: string; currency: string; buyerName: string; startsAt: string | null; cancelReason: string | null; generatedAt: string }
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
  if (!lotIds.length) return { bidsAt: new Map<string, BidTimes>(), eventsAt: new Map<string, { at: string; endsAt: string }>(), lotEnds: new Map<string, string>() }
  const [bidRows, eventRows, lotRows] = await Promise.all([
    db
      .select({ lotId: bids.lotId, seq: bids.seq, at: microsecondText(bids.receivedAt), extendedTo: microsecondText(bids.extendedTo), prevHash: bids.prevHash })
      .from(bids)
      .where(inArray(bids.lotId, lotIds)),
    db.select({ lotId: lotEvents.lotId, seq: lotEvents.seq, at: microsecondText(lotEvents.at), endsAt: microsecondText(lotEvents.endsAt) }).from(lotEvents).where(inArray(lotEvents.lotId, lotIds)),
    db.select({ id: lots.id, endsAt: microsecondText(lots.endsAt) }).from(lots).where(inArray(lots.id, lotIds)),
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
    return { seq: b.seq, supplierOrgId: b.supplierOrgId, supplierName: b.supplierName, priceMinor: b.priceMinor, receivedAt: exact?.at ?? b.receivedAt, hash: b.hash, extendedTo: exact ? exact.extendedTo : b.extendedTo, disqualifiedReason: b.disqualifiedReason }
  })
  const events = state.events.map((e) => {
    const exact = times.eventsAt.get(key(e.seq))
    return { seq: e.seq, kind: e.kind as EventKind, at: exact?.at ?? e.at, endsAt: exact?.endsAt ?? e.endsAt, reason: e.reason, bidSeq: e.bidSeq }
  })
  const bySeq = new Map(bidList.map((b) => [b.seq, b]))
  const ranking = ranked.map((r) => ({ rank: r.rank, supplierOrgId: r.supplierId, supplierName: names.get(r.supplierId) ?? '', priceMinor: r.priceMinor, receivedAt: bySeq.get(r.receivedAt)?.receivedAt ?? '' }))

  // The chain covers bids only (buyer actions share the seq numbers): each hash from the previous one and the entry.
  let prev = GENESIS_HASH
  let chainValid = true
  for (const b of bidList) {
    const stored = times.bidsAt.get(key(b.seq))
    if (stored?.prevHash !== prev || b.hash !== bidHash(prev, { lotId: l.id, seq: b.seq, supplierOrgId: b.supplierOrgId, priceMinor: b.priceMinor, receivedAt: b.receivedAt })) chainValid = false
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
  const basis = award ? { basis: 'awarded' as const, priceMinor: award.priceMinor } : ranked[0] ? { basis: 'best' as const, priceMinor: ranked[0].priceMinor } : null
  const savings = basis && { ...basis, amountMinor: l.startPriceMinor - basis.priceMinor, percent: percentOf(l.startPriceMinor - basis.priceMinor, l.startPriceMinor) }

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
export async function tenderProtocol(buyerOrgId: string, tenderId: string): Promise<TenderProtocol | null> {
  const [tender] = await db
    .select({
      id: tenders.id,
      title: tenders.title,
      status: tenders.status,
      currency: tenders.currency,
      buyerName: organisations.legalName,
      startsAt: tenders.startsAt,
      cancelReason: tenders.cancelReason,
      generatedAt: isoText(sql`clock_timestamp()`, 'us'),
    })
    .from(tenders)
    .innerJoin(organisations, eq(organisations.id, tenders.buyerOrgId))
    .where(and(eq(tenders.id, tenderId), eq(tenders.buyerOrgId, buyerOrgId)))
  if (!tender) return null
  const lotIds = await lotIdsOf(tenderId)
  // The exact times are read after the lots: a bid accepted in between is only extra there, never missing.
  const states = await loadLots(lotIds)
  const [times, participants] = await Promise.all([
    exactTimes(lotIds),
    db
      .select({ supplierOrgId: invitations.supplierOrgId, name: organisations.legalName, inn: organisations.inn, acceptedTermsAt: invitations.acceptedTermsAt })
      .from(invitations)
      .innerJoin(organisations, eq(organisations.id, invitations.supplierOrgId))
      .where(eq(invitations.tenderId, tenderId))
      .orderBy(organisations.legalName),
  ])
  return {
    tender: { ...tender, startsAt: tender.startsAt ? tender.startsAt.toISOString() : null },
    participants: participants.map((p) => ({ supplierOrgId: p.supplierOrgId, name: p.name, inn: p.inn, termsAccepted: p.acceptedTermsAt !== null })),
    finished: states.every((s) => FINISHED.includes(s.lot.status)),
    lots: states.map((s) => protocolLot(s, times)),
  }
}

// ---- rendering ----

type T = (key: MessageKey, params?: Params) => string
const translator =
  (locale: Locale): T =>
  (key, params) =>
    translate(locale, key, params)

const unitLabel = (t: T, unit: string) => (isMessageKey(`unit.${unit}`) ? t(`unit.${unit}` as MessageKey) : unit)

/** Money in a spreadsheet cell: decimal roubles, with the reader's decimal mark. */
const money = (minor: number | null) => (minor === null ? '' : decimal(minor / 100))
/** "2026-03-01T12:00:01.123456Z" → "2026-03-01 12:00:01.123456" (the column headers say UTC). */
const utc = (iso: string | null) => (iso ? iso.replace('T', ' ').replace('Z', '') : '')

/** One row per lot fact, bid, event, rank, award and savings, each with its lot, in seq order within the lot. */
export function protocolCsv(protocol: TenderProtocol, locale: Locale): string {
  const t = translator(locale)
  const header = ['lot', 'item', 'seq', 'time', 'entry', 'supplier', 'price', 'rank', 'endsAt', 'bidSeq', 'hash', 'note'].map((c) => t(`tenderReport.column.${c}` as MessageKey))
  const rows: unknown[][] = []
  for (const lot of protocol.lots) {
    const row = (o: { seq?: number; time?: string | null; entry: string; supplier?: string; price?: number | null; rank?: number | null; endsAt?: string | null; bidSeq?: number | null; hash?: string | null; note?: string | null }) =>
      rows.push([lot.lineNo, lot.item, o.seq ?? '', utc(o.time ?? null), o.entry, o.supplier ?? '', money(o.price ?? null), o.rank ?? '', utc(o.endsAt ?? null), o.bidSeq ?? '', o.hash ?? '', o.note ?? ''])
    const names = new Map(lot.bids.map((b) => [b.seq, b.supplierName]))
    row({ entry: t('tenderReport.entry.startPrice'), price: lot.startPriceMinor, note: t(`tenderReport.lotStatus.${lot.status}`) })
    if (lot.reserveMinor !== null) row({ entry: t('tenderReport.entry.reserve'), price: lot.reserveMinor })
    const entries = [...lot.bids.map((b) => ({ seq: b.seq, bid: b })), ...lot.events.map((e) => ({ seq: e.seq, event: e }))].sort((a, b) => a.seq - b.seq)
    for (const e of entries) {
      if ('bid' in e && e.bid) row({ seq: e.bid.seq, time: e.bid.receivedAt, entry: t('tenderReport.entry.bid'), supplier: e.bid.supplierName, price: e.bid.priceMinor, endsAt: e.bid.extendedTo, hash: e.bid.hash, note: e.bid.disqualifiedReason })
      else if ('event' in e && e.event) {
        const ev = e.event
        const supplier = ev.kind === 'awarded' ? lot.award?.supplierName : ev.kind === 'disqualified' && ev.bidSeq !== null ? names.get(ev.bidSeq) : undefined
        row({ seq: ev.seq, time: ev.at, entry: t(`tenderReport.event.${ev.kind}`), supplier, endsAt: ev.endsAt, bidSeq: ev.bidSeq, note: ev.reason })
      }
    }
    row({ entry: t('tenderReport.entry.extensions'), note: t('tenderReport.extensions', { softClose: lot.extensions.softClose, buyer: lot.extensions.buyer }) })
    for (const r of lot.ranking) row({ time: r.receivedAt, entry: t('tenderReport.entry.ranking'), supplier: r.supplierName, price: r.priceMinor, rank: r.rank })
    if (lot.award) row({ time: lot.award.at, entry: t('tenderReport.entry.award'), supplier: lot.award.supplierName, price: lot.award.priceMinor, rank: lot.award.rank, note: awardNote(t, lot.award) })
    if (lot.savings)
      row({ entry: t('tenderReport.entry.savings'), price: lot.savings.amountMinor, note: `${csvCell(decimal(lot.savings.percent), csvDialect(locale))} %; ${t(`tenderReport.savingsBasis.${lot.savings.basis}`)} ${csvCell(money(lot.savings.priceMinor), csvDialect(locale))}` })
    row({ entry: t('tenderReport.entry.lastHash'), hash: lot.lastHash, note: lot.lastHash ? t(lot.chainValid ? 'tenderReport.chainValid' : 'tenderReport.chainBroken') : t('tenderReport.noBids') })
  }
  return toCsv(header, rows, locale)
}

function awardNote(t: T, award: NonNullable<ProtocolLot['award']>) {
  return award.rankOne ? t('tenderReport.awardRankOne') : t('tenderReport.awardOtherRank', { rank: award.rank ?? '—', reason: award.reason ?? '—' })
}

/** The protocol's tables: the shared PDF table (headers whole, times on one line), in the protocol's small size. */
function drawTable(doc: PDFKit.PDFDocument, columns: Column[], rows: string[][]) {
  drawPdfTable(doc, columns, rows, { fontSize: 7 })
}

/** A lot's state in words, award included: "bidding ended, the lot is awarded" rather than "Status: awarded". */
function lotState(t: T, lot: ProtocolLot) {
  if (lot.status === 'closed') return t(lot.award ? 'tenderReport.lotState.awarded' : 'tenderReport.lotState.closed')
  return t(`tenderReport.lotState.${lot.status}`)
}

/** The protocol as a PDF: the parties, the tender, and per lot the ranking, award, savings, bids and events. */
export async function protocolPdf(protocol: TenderProtocol, locale: Locale): Promise<Buffer> {
  // People read the PDF: times on the operator's clock, to the microsecond. The CSV keeps the UTC text the chain
  // hashes, for recomputing receipts.
  const local = (iso: string | null) => (iso ? formatInstant(locale, iso, env.OPERATOR_TIME_ZONE) : '')
  const zone = formatZoneName(locale, env.OPERATOR_TIME_ZONE)
  const t = translator(locale)
  const money = (m: number) => formatMoney(locale, m, protocol.tender.currency)
  // The parties' legal details: the organiser (the buying organisation) and every invited supplier.
  const [owner] = await db.select({ buyerOrgId: tenders.buyerOrgId }).from(tenders).where(eq(tenders.id, protocol.tender.id))
  const legal = await getLegalDetails({ orgIds: [...(owner ? [owner.buyerOrgId] : []), ...protocol.participants.map((p) => p.supplierOrgId)] })
  const organiser = owner ? legal.get(owner.buyerOrgId) : undefined
  const { doc, done, finish } = startPdf(t('tenderReport.protocol.title', { title: protocol.tender.title }))
  const left = doc.page.margins.left
  const fact = (label: string, value: string) => doc.font('bold').fontSize(9).text(`${label}: `, left, doc.y, { continued: true }).font('body').text(value)
  const heading = (text: string, size = 10) => doc.moveDown(0.5).font('bold').fontSize(size).text(text, left, doc.y)

  doc.font('bold').fontSize(15).text(t('tenderReport.protocol.title', { title: protocol.tender.title }))
  doc.moveDown(0.4)
  if (organiser) drawParties(doc, [partyOf(t, t('pdf.organiser'), organiser)])
  else fact(t('tenderReport.buyer'), protocol.tender.buyerName)
  if (!protocol.finished) doc.font('bold').fontSize(9).fillColor('#b00000').text(t('tenderReport.provisional'), left, doc.y).fillColor('black')
  fact(t('tenderReport.status'), t(`tenderReport.tenderState.${protocol.tender.status}` as MessageKey) + (protocol.tender.cancelReason ? `: ${protocol.tender.cancelReason}` : ''))
  fact(t('tenderReport.currency'), protocol.tender.currency)
  fact(t('tenderReport.generatedAt'), local(protocol.tender.generatedAt))
  doc.font('body').fontSize(8).text(t('tenderReport.timesLocal', { zone: formatTimeZone(locale, env.OPERATOR_TIME_ZONE) }))

  heading(t('tenderReport.participants'))
  doc.font('body').fontSize(9)
  for (const p of protocol.participants) {
    const details = legal.get(p.supplierOrgId)
    const party = partyOf(t, '', details ?? { legalName: p.name, inn: p.inn, kpp: null, vatId: null, legalAddress: null })
    doc.text(`• ${[party.name, ...party.details].join('; ')} (${t(p.termsAccepted ? 'tenderReport.termsAccepted' : 'tenderReport.termsNotAccepted')})`, left, doc.y)
  }

  for (const lot of protocol.lots) {
    doc.moveDown(0.8)
    heading(t('tenderReport.lot', { lineNo: lot.lineNo, item: lot.item }), 12)
    fact(t('tenderReport.quantity'), `${formatNumber(locale, lot.quantity)} ${unitLabel(t, lot.unit)}`)
    fact(t('tenderReport.status'), lotState(t, lot))
    fact(t('tenderReport.endsAt'), `${local(lot.endsAt)} UTC`)
    fact(t('tenderReport.startPrice'), money(lot.startPriceMinor))
    fact(t('tenderReport.reserve'), lot.reserveMinor === null ? t('tenderReport.noReserve') : money(lot.reserveMinor))
    doc.font('body').fontSize(9).text(t('tenderReport.extensions', { softClose: lot.extensions.softClose, buyer: lot.extensions.buyer }))

    heading(t('tenderReport.ranking'))
    if (lot.ranking.length)
      drawTable(
        doc,
        [
          { title: t('tenderReport.column.rank'), width: 45 },
          { title: t('tenderReport.column.supplier'), width: 220 },
          { title: t('tenderReport.column.price'), width: 110, align: 'right', nowrap: true },
          { title: t('tenderReport.column.timeLocal', { zone }), width: 140, nowrap: true },
        ],
        lot.ranking.map((r) => [String(r.rank), r.supplierName, money(r.priceMinor), local(r.receivedAt)]),
      )
    else doc.font('body').fontSize(9).text(t('tenderReport.noBids'))

    doc.font('bold').fontSize(9).text(lot.award ? `${t('tenderReport.award', { supplier: lot.award.supplierName, price: money(lot.award.priceMinor) })} (${awardNote(t, lot.award)})` : t('tenderReport.notAwarded'), left, doc.y)
    doc
      .font('body')
      .fontSize(9)
      .text(lot.savings ? `${t('tenderReport.savings', { amount: money(lot.savings.amountMinor), percent: lot.savings.percent })}, ${t(`tenderReport.savingsBasis.${lot.savings.basis}`)}` : t('tenderReport.noSavings'))

    // 515 points between the margins; a time to the microsecond needs about 95 of them at 7 pt.
    if (lot.bids.length) {
      heading(t('tenderReport.bids'))
      drawTable(
        doc,
        [
          { title: t('tenderReport.column.seq'), width: 22 },
          { title: t('tenderReport.column.timeLocal', { zone }), width: 98, nowrap: true },
          { title: t('tenderReport.column.supplier'), width: 85 },
          { title: t('tenderReport.column.price'), width: 70, align: 'right', nowrap: true },
          { title: t('tenderReport.column.hash'), width: 140, breakAnywhere: true },
          { title: t('tenderReport.column.note'), width: 100 },
        ],
        lot.bids.map((b) => [
          String(b.seq),
          local(b.receivedAt),
          b.supplierName,
          money(b.priceMinor),
          b.hash,
          [b.extendedTo ? t('tenderReport.extendedTo', { time: local(b.extendedTo) }) : null, b.disqualifiedReason ? t('tenderReport.disqualified', { reason: b.disqualifiedReason }) : null].filter(Boolean).join('; '),
        ]),
      )
    }
    if (lot.events.length) {
      heading(t('tenderReport.events'))
      drawTable(
        doc,
        [
          { title: t('tenderReport.column.seq'), width: 22 },
          { title: t('tenderReport.column.timeLocal', { zone }), width: 98, nowrap: true },
          { title: t('tenderReport.column.entry'), width: 90 },
          { title: t('tenderReport.column.endsAtLocal', { zone }), width: 98, nowrap: true },
          { title: t('tenderReport.column.note'), width: 207 },
        ],
        lot.events.map((e) => [String(e.seq), local(e.at), t(`tenderReport.event.${e.kind}`), local(e.endsAt), [e.bidSeq !== null ? `#${e.bidSeq}` : null, e.reason].filter(Boolean).join(': ')]),
      )
    }
    doc
      .font('body')
      .fontSize(8)
      .text(lot.lastHash ? `${t('tenderReport.lastHash', { hash: lot.lastHash })} (${t(lot.chainValid ? 'tenderReport.chainValid' : 'tenderReport.chainBroken')})` : t('tenderReport.noBids'), left, doc.y)
  }
  finish((page, pages) => t('pdf.page', { page, pages }))
  return done
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
export async function supplierReport(supplierOrgId: string, tenderId: string): Promise<SupplierReport | 'not_finished' | null> {
  if ((await audienceOf(tenderId, { orgId: supplierOrgId, canManage: false, canBid: true })) !== 'supplier') return null
  const [row] = await db.select({ id: tenders.id, title: tenders.title, currency: tenders.currency, visibility: tenders.visibility, disclosure: tenders.disclosure }).from(tenders).where(eq(tenders.id, tenderId))
  if (!row) return null
  const tender = { id: row.id, title: row.title, currency: row.currency, disclosure: disclosureOf(row.visibility, row.disclosure) }
  const lotIds = await lotIdsOf(tenderId)
  const [states, times] = await Promise.all([loadLots(lotIds), exactTimes(lotIds)])
  if (states.some((s) => !FINISHED.includes(s.lot.status))) return 'not_finished'
  return { tender, lots: states.map((s) => supplierLot(s, supplierOrgId, times, tender.disclosure)) }
}

/** "2026-03-01T12:34:56.789Z" cut to the minute ("2026-03-01T12:34Z") or the second ("2026-03-01T12:34:56Z"). */
const coarse = (iso: string, to: 'minute' | 'second') => `${iso.slice(0, to === 'minute' ? 16 : 19)}Z`

/** The market as the disclosure allows it: the best price each time it fell, or every standing bid. */
function curveOf(state: LotState, orgId: string, disclosure: ReportDisclosure): SupplierReportLot['curve'] {
  if (disclosure === 'full_curve') return standing(state).map((b) => ({ at: coarse(b.receivedAt, 'second'), priceMinor: b.priceMinor, own: b.supplierOrgId === orgId }))
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
      .map((b) => ({ seq: b.seq, priceMinor: b.priceMinor, receivedAt: times.bidsAt.get(`${l.id}:${b.seq}`)?.at ?? b.receivedAt, hash: b.hash, disqualifiedReason: b.disqualifiedReason })),
    placedBid: state.bids.some((b) => b.supplierOrgId === orgId),
    rank: disclosure === 'none' ? null : (ranked.find((r) => r.supplierId === orgId)?.rank ?? null),
    bidderCount: seesMarket ? ranked.length : null,
    curve: curveOf(state, orgId, disclosure),
    lotId: l.id,
    chain: state.bids.map((b) => ({ seq: b.seq, prevHash: times.bidsAt.get(`${l.id}:${b.seq}`)?.prevHash ?? '', hash: b.hash, own: b.supplierOrgId === orgId })),
    outcome: l.status === 'cancelled' ? 'cancelled' : awarded === null ? 'not_awarded' : awarded === orgId ? 'awarded_to_you' : 'awarded_to_another',
  }
}

/** The supplier's report as CSV: per lot its result, its own bids, then the anonymised price curve. */
export function supplierReportCsv(report: SupplierReport, locale: Locale): string {
  const t = translator(locale)
  const header = ['lot', 'item', 'entry', 'seq', 'time', 'price', 'own', 'rank', 'bidders', 'hash', 'note'].map((c) => t(`tenderReport.column.${c}` as MessageKey))
  const rows: unknown[][] = []
  const yes = t('tenderReport.yes')
  const no = t('tenderReport.no')
  const disclosure = report.tender.disclosure
  const curveEntry = t(disclosure === 'best_curve' ? 'tenderReport.entry.bestCurve' : 'tenderReport.entry.curve')
  for (const lot of report.lots) {
    const standingText = !lot.placedBid
      ? t('tenderReport.noOwnBid')
      : lot.rank === null
        ? t('tenderReport.rankNotDisclosed')
        : lot.bidderCount === null
          ? t('tenderReport.rankOnly', { rank: lot.rank })
          : t('tenderReport.rankOf', { rank: lot.rank, count: lot.bidderCount })
    const result = [t(`tenderReport.outcome.${lot.outcome}`), standingText, lot.cancelReason].filter(Boolean).join('; ')
    rows.push([lot.lineNo, lot.item, t('tenderReport.entry.startPrice'), '', '', money(lot.startPriceMinor), '', '', '', '', t(`tenderReport.lotStatus.${lot.status}`)])
    rows.push([lot.lineNo, lot.item, t('tenderReport.entry.disclosure'), '', '', '', '', '', '', '', t(`tenders.disclosure.${disclosure}`)])
    rows.push([lot.lineNo, lot.item, t('tenderReport.entry.result'), '', '', '', '', lot.rank ?? '', lot.bidderCount ?? '', '', result])
    for (const b of lot.ownBids) rows.push([lot.lineNo, lot.item, t('tenderReport.entry.ownBid'), b.seq, utc(b.receivedAt), money(b.priceMinor), yes, '', '', b.hash, b.disqualifiedReason ?? ''])
    for (const p of lot.curve) rows.push([lot.lineNo, lot.item, curveEntry, '', utc(p.at), money(p.priceMinor), p.own ? yes : no, '', '', '', ''])
    for (const c of lot.chain) rows.push([lot.lineNo, lot.item, t('tenderReport.entry.chain'), c.seq, '', '', c.own ? yes : no, '', '', c.hash, t('tenderReport.chainNote', { prev: c.prevHash, lot: lot.lotId })])
  }
  return toCsv(header, rows, locale)
}
