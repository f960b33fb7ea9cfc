import { env } from '../../env.server'
import { translate, type Locale, type MessageKey } from '../../i18n'
import { formatDateTime, formatDay, formatMoney, formatNumber } from '../../i18n/format'
import { startPdf } from '../../utils/pdf.server'
import type { OrderDetail } from './orders.server'

// The order confirmation as a PDF the dealer can file or forward: the order, its terms, every line with the
// requested and the confirmed date and quantity, and the totals. Cyrillic needs an embedded font: DejaVu Sans
// ships in app/assets/fonts (its licence beside it), so the document looks the same on every machine.

export async function orderConfirmationPdf(order: OrderDetail, locale: Locale): Promise<Buffer> {
  const t = (key: MessageKey, params?: Record<string, string | number>) => translate(locale, key, params)
  const money = (m: number) => formatMoney(locale, m, order.currency)
  const day = (d: string | null) => (d ? formatDay(locale, d) : '—')
  const { doc, done } = startPdf(t('orders.order', { number: order.number }))

  doc.font('bold').fontSize(16).text(t('pdf.title', { number: order.number }))
  doc.moveDown(0.5).font('body').fontSize(9)
  const facts: [MessageKey, string][] = [
    ['orders.status', t(`orderStatus.${order.status}` as MessageKey)],
    ['admin.user.organisation', order.orgName],
    ['orders.placedAt', `${formatDateTime(locale, order.placedAt, env.OPERATOR_TIME_ZONE)}, ${order.placedBy}`],
    ['checkout.poNumber', order.poNumber ?? '—'],
    ['checkout.shipTo', order.shipToName ? `${order.shipToName}: ${order.shipToAddress}` : '—'],
    ['terms.incoterm', `${order.incoterm} 2020${order.namedPlace ? `, ${order.namedPlace}` : ''}`],
    ['terms.freight', t(`freight.${order.freightTerms}` as MessageKey)],
    ['checkout.requestedDate', day(order.requestedDate)],
  ]
  for (const [key, value] of facts) doc.font('bold').text(`${t(key)}: `, { continued: true }).font('body').text(value)
  if (order.comment) doc.font('bold').text(`${t('checkout.comment')}: `, { continued: true }).font('body').text(order.comment)

  // The lines as a table: fixed columns, a new page (with the header again) when the page is full.
  const columns: { key: MessageKey; width: number; align?: 'right' }[] = [
    { key: 'catalog.sku', width: 55 },
    { key: 'catalog.name', width: 132 },
    { key: 'product.quantity', width: 58, align: 'right' },
    { key: 'catalog.yourPrice', width: 60, align: 'right' },
    { key: 'cart.lineNet', width: 70, align: 'right' },
    { key: 'orders.requested', width: 65 },
    { key: 'orders.confirmed', width: 75 },
  ]
  const left = doc.page.margins.left
  const row = (cells: string[], font: 'body' | 'bold') => {
    doc.font(font).fontSize(8)
    const height = Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: columns[i].width - 6 }))) + 4
    if (doc.y + height > doc.page.height - doc.page.margins.bottom) {
      doc.addPage()
      if (font === 'body') row(columns.map((c) => t(c.key)), 'bold')
      doc.font(font).fontSize(8)
    }
    const y = doc.y
    let x = left
    cells.forEach((c, i) => {
      doc.text(c, x, y, { width: columns[i].width - 6, align: columns[i].align ?? 'left' })
      x += columns[i].width
    })
    doc.x = left
    doc.y = y + height
    doc.moveTo(left, doc.y - 1).lineTo(x, doc.y - 1).lineWidth(0.3).strokeColor('#999999').stroke()
  }
  doc.moveDown(1)
  row(columns.map((c) => t(c.key)), 'bold')
  for (const l of order.lines)
    row(
      [
        l.sku,
        locale === 'ru' ? l.nameRu : l.nameEn,
        `${formatNumber(locale, l.qty)} ${t(`unit.${l.unit}` as MessageKey)}`,
        money(l.unitPriceMinor),
        money(l.netMinor),
        day(l.requestedDate ?? l.earliestDate),
        l.confirmedQty === null ? t('orders.notYetConfirmed') : `${day(l.confirmedDate)}, ${formatNumber(locale, l.confirmedQty)}`,
      ],
      'body',
    )

  doc.moveDown(1).fontSize(9)
  const totals: [MessageKey, number][] = [
    ['product.net', order.netMinor],
    ['cart.vat', order.vatMinor],
    ['checkout.freight', order.freightMinor],
    ['product.gross', order.grossMinor],
  ]
  for (const [key, value] of totals) doc.font(key === 'product.gross' ? 'bold' : 'body').text(`${t(key)}: ${money(value)}`, left, doc.y, { align: 'right' })
  doc.end()
  return done
}
