import type { Locale } from '../../i18n'
import { csvCell, csvDialect, decimal, toCsv } from '../../utils/csv'
import { awardNote, translator } from './report-words'
import type { SupplierReport, TenderProtocol } from './reports.server'

// The protocol and the supplier's report as spreadsheets (STYLE.md "Spreadsheets follow the reader": the reader's
// separator and decimal mark). Pure: the data comes from reports.server.ts.

/** Money in a spreadsheet cell: decimal roubles, with the reader's decimal mark. */
const money = (minor: number | null) => (minor === null ? '' : decimal(minor / 100))
/** "2026-03-01T12:00:01.123456Z" → "2026-03-01 12:00:01.123456" (the column headers say UTC). */
const utc = (iso: string | null) => (iso ? iso.replace('T', ' ').replace('Z', '') : '')

const protocolColumns = ['lot', 'item', 'seq', 'time', 'entry', 'supplier', 'price', 'rank', 'endsAt', 'bidSeq', 'hash', 'note'] as const
const reportColumns = ['lot', 'item', 'entry', 'seq', 'time', 'price', 'own', 'rank', 'bidders', 'hash', 'note'] as const

/** One row per lot fact, bid, event, rank, award and savings, each with its lot, in seq order within the lot. */
export function protocolCsv(protocol: TenderProtocol, locale: Locale): string {
  const t = translator(locale)
  const header = protocolColumns.map((c) => t(`tenderReport.column.${c}`))
  const rows: unknown[][] = []
  for (const lot of protocol.lots) {
    const row = (o: {
      seq?: number
      time?: string | null
      entry: string
      supplier?: string
      price?: number | null
      rank?: number | null
      endsAt?: string | null
      bidSeq?: number | null
      hash?: string | null
      note?: string | null
    }) =>
      rows.push([
        lot.lineNo,
        lot.item,
        o.seq ?? '',
        utc(o.time ?? null),
        o.entry,
        o.supplier ?? '',
        money(o.price ?? null),
        o.rank ?? '',
        utc(o.endsAt ?? null),
        o.bidSeq ?? '',
        o.hash ?? '',
        o.note ?? '',
      ])
    const names = new Map(lot.bids.map((b) => [b.seq, b.supplierName]))
    row({ entry: t('tenderReport.entry.startPrice'), price: lot.startPriceMinor, note: t(`tenderReport.lotStatus.${lot.status}`) })
    if (lot.reserveMinor !== null) row({ entry: t('tenderReport.entry.reserve'), price: lot.reserveMinor })
    const entries = [...lot.bids.map((b) => ({ seq: b.seq, bid: b })), ...lot.events.map((e) => ({ seq: e.seq, event: e }))].sort(
      (a, b) => a.seq - b.seq,
    )
    for (const e of entries) {
      if ('bid' in e && e.bid)
        row({
          seq: e.bid.seq,
          time: e.bid.receivedAt,
          entry: t('tenderReport.entry.bid'),
          supplier: e.bid.supplierName,
          price: e.bid.priceMinor,
          endsAt: e.bid.extendedTo,
          hash: e.bid.hash,
          note: e.bid.disqualifiedReason,
        })
      else if ('event' in e && e.event) {
        const ev = e.event
        const supplier =
          ev.kind === 'awarded' ? lot.award?.supplierName : ev.kind === 'disqualified' && ev.bidSeq !== null ? names.get(ev.bidSeq) : undefined
        row({ seq: ev.seq, time: ev.at, entry: t(`tenderReport.event.${ev.kind}`), supplier, endsAt: ev.endsAt, bidSeq: ev.bidSeq, note: ev.reason })
      }
    }
    row({
      entry: t('tenderReport.entry.extensions'),
      note: t('tenderReport.extensions', { softClose: lot.extensions.softClose, buyer: lot.extensions.buyer }),
    })
    for (const r of lot.ranking)
      row({ time: r.receivedAt, entry: t('tenderReport.entry.ranking'), supplier: r.supplierName, price: r.priceMinor, rank: r.rank })
    if (lot.award)
      row({
        time: lot.award.at,
        entry: t('tenderReport.entry.award'),
        supplier: lot.award.supplierName,
        price: lot.award.priceMinor,
        rank: lot.award.rank,
        note: awardNote(t, lot.award),
      })
    if (lot.savings)
      row({
        entry: t('tenderReport.entry.savings'),
        price: lot.savings.amountMinor,
        note: `${csvCell(decimal(lot.savings.percent), csvDialect(locale))} %; ${t(`tenderReport.savingsBasis.${lot.savings.basis}`)} ${csvCell(money(lot.savings.priceMinor), csvDialect(locale))}`,
      })
    row({
      entry: t('tenderReport.entry.lastHash'),
      hash: lot.lastHash,
      note: lot.lastHash ? t(lot.chainValid ? 'tenderReport.chainValid' : 'tenderReport.chainBroken') : t('tenderReport.noBids'),
    })
  }
  return toCsv(header, rows, locale)
}

/** The supplier's report as CSV: per lot its result, its own bids, then the anonymised price curve. */
export function supplierReportCsv(report: SupplierReport, locale: Locale): string {
  const t = translator(locale)
  const header = reportColumns.map((c) => t(`tenderReport.column.${c}`))
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
    rows.push([
      lot.lineNo,
      lot.item,
      t('tenderReport.entry.startPrice'),
      '',
      '',
      money(lot.startPriceMinor),
      '',
      '',
      '',
      '',
      t(`tenderReport.lotStatus.${lot.status}`),
    ])
    rows.push([lot.lineNo, lot.item, t('tenderReport.entry.disclosure'), '', '', '', '', '', '', '', t(`tenders.disclosure.${disclosure}`)])
    rows.push([lot.lineNo, lot.item, t('tenderReport.entry.result'), '', '', '', '', lot.rank ?? '', lot.bidderCount ?? '', '', result])
    for (const b of lot.ownBids)
      rows.push([
        lot.lineNo,
        lot.item,
        t('tenderReport.entry.ownBid'),
        b.seq,
        utc(b.receivedAt),
        money(b.priceMinor),
        yes,
        '',
        '',
        b.hash,
        b.disqualifiedReason ?? '',
      ])
    for (const p of lot.curve) rows.push([lot.lineNo, lot.item, curveEntry, '', utc(p.at), money(p.priceMinor), p.own ? yes : no, '', '', '', ''])
    for (const c of lot.chain)
      rows.push([
        lot.lineNo,
        lot.item,
        t('tenderReport.entry.chain'),
        c.seq,
        '',
        '',
        c.own ? yes : no,
        '',
        '',
        c.hash,
        t('tenderReport.chainNote', { prev: c.prevHash, lot: lot.lotId }),
      ])
  }
  return toCsv(header, rows, locale)
}
