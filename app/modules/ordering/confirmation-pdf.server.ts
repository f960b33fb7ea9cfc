import { operatorTimeZone } from '../../utils/clock.server'
import { translate, type Locale, type MessageKey } from '../../i18n'
import { formatDateTime, formatDay, formatMoney, formatNumber } from '../../i18n/format'
import { drawParties, drawTable, partyOf, startPdf, type Column } from '../../utils/pdf.server'
import { freightPolicy } from '../delivery-terms/freight'
import { getLegalDetails, getOperatorLegalDetails } from '../tenancy/queries.server'
import { backorderedOf } from './order-state'
import { unitText } from './unit-text'
import type { OrderDetail } from './queries.server'

// The order confirmation as a PDF the dealer can file or forward, in the buyer's language: the seller's and the
// buyer's legal details, the order and its terms, every line with the requested and the confirmed date and
// quantity and what was not confirmed, the totals (of the confirmed quantities), and page numbers.

export async function orderConfirmationPdf(order: OrderDetail, locale: Locale): Promise<Buffer> {
  const t = (key: MessageKey, params?: Record<string, string | number>) => translate(locale, key, params)
  const money = (m: number) => formatMoney(locale, m, order.currency)
  const day = (d: string | null) => (d ? formatDay(locale, d) : '—')
  const qty = (n: number, unit: string) => `${formatNumber(locale, n)} ${unitText(t, unit)}`
  const [seller, buyers] = [await getOperatorLegalDetails(), await getLegalDetails({ orgIds: [order.orgId] })]
  const buyer = buyers.get(order.orgId)
  const { doc, done, finish } = startPdf(t('orders.order', { number: order.number }))
  const left = doc.page.margins.left

  doc
    .font('bold')
    .fontSize(16)
    .text(t('pdf.title', { number: order.number }))
  doc.moveDown(0.5)
  drawParties(doc, [...(seller ? [partyOf(t, t('pdf.seller'), seller)] : []), ...(buyer ? [partyOf(t, t('pdf.buyer'), buyer)] : [])])
  doc.moveDown(0.3).font('body').fontSize(9)
  const rule = {
    incoterm: order.incoterm,
    freightTerms: order.freightTerms,
    freeFreightMinor: order.freeFreightMinor,
    freightMinor: order.freightRateMinor,
  }
  const policy = freightPolicy(rule)
  const facts: [MessageKey, string][] = [
    ['orders.status', t(`orderStatus.${order.status}`)],
    ['orders.placedAt', `${formatDateTime(locale, order.placedAt, operatorTimeZone)}, ${order.placedBy}`],
    ['checkout.poNumber', order.poNumber ?? '—'],
    ['checkout.shipTo', order.shipToName ? `${order.shipToName}: ${order.shipToAddress}` : '—'],
    ['terms.incoterm', `${order.incoterm} 2020${order.namedPlace ? `, ${order.namedPlace}` : ''}`],
    [
      'terms.freight',
      policy.kind !== 'charged'
        ? t(`freightPolicy.${policy.kind}`)
        : policy.freeFromMinor === null
          ? t('freightPolicy.charged', { rate: money(policy.rateMinor) })
          : t('freightPolicy.chargedFree', { rate: money(policy.rateMinor), threshold: money(policy.freeFromMinor) }),
    ],
    ['checkout.requestedDate', day(order.requestedDate)],
  ]
  for (const [key, value] of facts)
    doc
      .font('bold')
      .text(`${t(key)}: `, left, doc.y, { continued: true })
      .font('body')
      .text(value)
  if (order.comment)
    doc
      .font('bold')
      .text(`${t('checkout.comment')}: `, { continued: true })
      .font('body')
      .text(order.comment)
  if (order.cancelReason) doc.font('bold').text(t('orders.cancelReason', { reason: order.cancelReason }))

  // 515 points across A4 between the margins. Dates and amounts stay on one line.
  const columns: Column[] = [
    { title: t('catalog.sku'), width: 56 },
    { title: t('catalog.name'), width: 105 },
    { title: t('orders.ordered'), width: 50, align: 'right', nowrap: true },
    { title: t('catalog.yourPrice'), width: 58, align: 'right', nowrap: true },
    { title: t('cart.lineNet'), width: 64, align: 'right', nowrap: true },
    { title: t('orders.requested'), width: 52, nowrap: true },
    { title: t('orders.confirmed'), width: 62, nowrap: true },
    { title: t('pdf.unconfirmed'), width: 68 },
  ]
  doc.moveDown(1)
  drawTable(
    doc,
    columns,
    order.lines.map((l) => {
      const rest = [
        backorderedOf(l) > 0 ? t('orders.rest.backordered', { qty: qty(backorderedOf(l), l.unit) }) : null,
        l.cancelledQty > 0 ? t('orders.rest.cancelled', { qty: qty(l.cancelledQty, l.unit) }) : null,
      ].filter(Boolean)
      return [
        l.sku,
        locale === 'ru' ? l.nameRu : l.nameEn,
        qty(l.qty, l.unit),
        money(l.unitPriceMinor),
        money(l.netMinor),
        day(l.requestedDate ?? l.earliestDate),
        l.confirmedQty === null ? t('orders.notYetConfirmed') : `${day(l.confirmedDate)}\n${qty(l.confirmedQty, l.unit)}`,
        rest.join('\n') || '—',
      ]
    }),
  )

  doc.moveDown(0.5).fontSize(9)
  const freightText = order.freightMinor
    ? money(order.freightMinor)
    : policy.kind === 'charged'
      ? t('checkout.freightFree')
      : t(`checkout.freight.${policy.kind}`)
  const totals: [MessageKey, string][] = [
    ['product.net', money(order.netMinor)],
    ['cart.vat', money(order.vatMinor)],
    ['checkout.freight', freightText],
    ['product.gross', money(order.grossMinor)],
  ]
  for (const [key, value] of totals) doc.font(key === 'product.gross' ? 'bold' : 'body').text(`${t(key)}: ${value}`, left, doc.y, { align: 'right' })
  finish((page, pages) => t('pdf.page', { page, pages }))
  return done
}
