import { eq } from 'drizzle-orm'
import { operatorTimeZone } from '../../utils/clock.server'
import { db } from '../../../db/client.server'
import { tenders } from '../../../db/schema/auctions'
import type { Locale } from '../../i18n'
import { formatInstant, formatMoney, formatNumber, formatTimeZone, formatZoneName } from '../../i18n/format'
import { drawParties, drawTable as drawPdfTable, partyOf, startPdf, type Column } from '../../utils/pdf.server'
import { getLegalDetails } from '../tenancy/queries.server'
import { awardNote, lotState, translator, unitLabel } from './report-words'
import type { TenderProtocol } from './reports.server'

// The closing protocol as a PDF, for people: the parties, the tender, and per lot the ranking, award, savings,
// bids and events, on the operator's clock.

/** The protocol's tables: the shared PDF table (headers whole, times on one line), in the protocol's small size. */
function drawTable(doc: PDFKit.PDFDocument, columns: Column[], rows: string[][]) {
  drawPdfTable(doc, columns, rows, { fontSize: 7 })
}

/** The protocol as a PDF: the parties, the tender, and per lot the ranking, award, savings, bids and events. */
export async function protocolPdf(protocol: TenderProtocol, locale: Locale): Promise<Buffer> {
  // People read the PDF: times on the operator's clock, to the microsecond. The CSV keeps the UTC text the chain
  // hashes, for recomputing receipts.
  const local = (iso: string | null) => (iso ? formatInstant(locale, iso, operatorTimeZone) : '')
  const zone = formatZoneName(locale, operatorTimeZone)
  const t = translator(locale)
  const money = (m: number) => formatMoney(locale, m, protocol.tender.currency)
  // The parties' legal details: the organiser (the buying organisation) and every invited supplier.
  const [owner] = await db.select({ buyerOrgId: tenders.buyerOrgId }).from(tenders).where(eq(tenders.id, protocol.tender.id))
  const legal = await getLegalDetails({ orgIds: [...(owner ? [owner.buyerOrgId] : []), ...protocol.participants.map((p) => p.supplierOrgId)] })
  const organiser = owner ? legal.get(owner.buyerOrgId) : undefined
  const { doc, done, finish } = startPdf(t('tenderReport.protocol.title', { title: protocol.tender.title }))
  const left = doc.page.margins.left
  const fact = (label: string, value: string) =>
    doc.font('bold').fontSize(9).text(`${label}: `, left, doc.y, { continued: true }).font('body').text(value)
  const heading = (text: string, size = 10) => doc.moveDown(0.5).font('bold').fontSize(size).text(text, left, doc.y)

  doc
    .font('bold')
    .fontSize(15)
    .text(t('tenderReport.protocol.title', { title: protocol.tender.title }))
  doc.moveDown(0.4)
  if (organiser) drawParties(doc, [partyOf(t, t('pdf.organiser'), organiser)])
  else fact(t('tenderReport.buyer'), protocol.tender.buyerName)
  if (!protocol.finished) doc.font('bold').fontSize(9).fillColor('#b00000').text(t('tenderReport.provisional'), left, doc.y).fillColor('black')
  fact(
    t('tenderReport.status'),
    t(`tenderReport.tenderState.${protocol.tender.status}`) + (protocol.tender.cancelReason ? `: ${protocol.tender.cancelReason}` : ''),
  )
  fact(t('tenderReport.currency'), protocol.tender.currency)
  fact(t('tenderReport.generatedAt'), local(protocol.tender.generatedAt))
  doc
    .font('body')
    .fontSize(8)
    .text(t('tenderReport.timesLocal', { zone: formatTimeZone(locale, operatorTimeZone) }))

  heading(t('tenderReport.participants'))
  doc.font('body').fontSize(9)
  for (const p of protocol.participants) {
    const details = legal.get(p.supplierOrgId)
    const party = partyOf(t, '', details ?? { legalName: p.name, inn: p.inn, kpp: null, vatId: null, legalAddress: null })
    doc.text(
      `• ${[party.name, ...party.details].join('; ')} (${t(p.termsAccepted ? 'tenderReport.termsAccepted' : 'tenderReport.termsNotAccepted')})`,
      left,
      doc.y,
    )
  }

  for (const lot of protocol.lots) {
    doc.moveDown(0.8)
    heading(t('tenderReport.lot', { lineNo: lot.lineNo, item: lot.item }), 12)
    fact(t('tenderReport.quantity'), `${formatNumber(locale, lot.quantity)} ${unitLabel(t, lot.unit)}`)
    fact(t('tenderReport.status'), lotState(t, lot))
    fact(t('tenderReport.endsAt'), `${local(lot.endsAt)} UTC`)
    fact(t('tenderReport.startPrice'), money(lot.startPriceMinor))
    fact(t('tenderReport.reserve'), lot.reserveMinor === null ? t('tenderReport.noReserve') : money(lot.reserveMinor))
    doc
      .font('body')
      .fontSize(9)
      .text(t('tenderReport.extensions', { softClose: lot.extensions.softClose, buyer: lot.extensions.buyer }))

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

    doc
      .font('bold')
      .fontSize(9)
      .text(
        lot.award
          ? `${t('tenderReport.award', { supplier: lot.award.supplierName, price: money(lot.award.priceMinor) })} (${awardNote(t, lot.award)})`
          : t('tenderReport.notAwarded'),
        left,
        doc.y,
      )
    doc
      .font('body')
      .fontSize(9)
      .text(
        lot.savings
          ? `${t('tenderReport.savings', { amount: money(lot.savings.amountMinor), percent: lot.savings.percent })}, ${t(`tenderReport.savingsBasis.${lot.savings.basis}`)}`
          : t('tenderReport.noSavings'),
      )

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
          [
            b.extendedTo ? t('tenderReport.extendedTo', { time: local(b.extendedTo) }) : null,
            b.disqualifiedReason ? t('tenderReport.disqualified', { reason: b.disqualifiedReason }) : null,
          ]
            .filter(Boolean)
            .join('; '),
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
        lot.events.map((e) => [
          String(e.seq),
          local(e.at),
          t(`tenderReport.event.${e.kind}`),
          local(e.endsAt),
          [e.bidSeq !== null ? `#${e.bidSeq}` : null, e.reason].filter(Boolean).join(': '),
        ]),
      )
    }
    doc
      .font('body')
      .fontSize(8)
      .text(
        lot.lastHash
          ? `${t('tenderReport.lastHash', { hash: lot.lastHash })} (${t(lot.chainValid ? 'tenderReport.chainValid' : 'tenderReport.chainBroken')})`
          : t('tenderReport.noBids'),
        left,
        doc.y,
      )
  }
  finish((page, pages) => t('pdf.page', { page, pages }))
  return done
}
