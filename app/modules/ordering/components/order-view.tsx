import { formatDateTime, formatMoney, formatNumber } from '../../../i18n/format'
import { useT } from '../../../i18n/react'
import type { OrderStatus } from '../schemas'
import { backorderedOf } from '../order-state'
import { storedCodeText, unitText } from '../unit-text'
import { Day, RestNote, StatusBadge, TermsSummary, Totals } from './order-bits'

interface TraceEntry {
  name: string
  outcome: 'won' | 'lost'
  reason: string
}

export interface OrderViewData {
  number: string
  orgName: string
  status: OrderStatus
  poNumber: string | null
  comment: string
  shipToName: string | null
  shipToAddress: string | null
  requestedDate: string | null
  incoterm: string
  namedPlace: string
  freightTerms: string
  currency: string
  netMinor: number
  vatMinor: number
  freightMinor: number
  freeFreightMinor: number | null
  freightRateMinor: number
  grossMinor: number
  cancelReason: string | null
  placedAt: string
  placedBy: string
  lines: {
    lineNo: number
    sku: string
    nameRu: string
    nameEn: string
    unit: string
    qty: number
    unitPriceMinor: number
    netMinor: number
    priceListName: string
    priceTrace?: unknown
    warehouse: string
    earliestDate: string
    requestedDate: string | null
    confirmedQty: number | null
    confirmedDate: string | null
    cancelledQty: number
    shippedQty: number
  }[]
  events: { status: OrderStatus; kind: string; note: string; at: string; actor: string | null }[]
  shipments: { id: string; carrier: string; trackingNumber: string; lines: { lineNo: number; qty: number }[]; shippedAt: string }[]
}

/** One order as both sides see it: terms, lines with requested beside confirmed, shipments, history. */
export function OrderView({ order }: { order: OrderViewData }) {
  const { t, locale, timeZone } = useT()
  const money = (m: number) => formatMoney(locale, m, order.currency)
  const skuOf = new Map(order.lines.map((l) => [l.lineNo, l.sku]))
  const rule = {
    incoterm: order.incoterm,
    namedPlace: order.namedPlace,
    freightTerms: order.freightTerms,
    freeFreightMinor: order.freeFreightMinor,
    freightMinor: order.freightRateMinor,
  }
  const restOf = (l: OrderViewData['lines'][number]) => ({ unit: l.unit, backordered: backorderedOf(l), cancelled: l.cancelledQty })
  const short = order.lines.filter((l) => l.confirmedQty !== null && l.confirmedQty < l.qty)
  return (
    <>
      <dl className="details">
        <dt>{t('orders.status')}</dt>
        <dd>
          <StatusBadge status={order.status} />
          {order.cancelReason ? <span> {t('orders.cancelReason', { reason: order.cancelReason })}</span> : null}
        </dd>
        <dt>{t('admin.user.organisation')}</dt>
        <dd>{order.orgName}</dd>
        <dt>{t('orders.placedAt')}</dt>
        <dd>
          {formatDateTime(locale, order.placedAt, timeZone)}, {order.placedBy}
        </dd>
        <dt>{t('checkout.poNumber')}</dt>
        <dd>{order.poNumber ?? '—'}</dd>
        <dt>{t('checkout.shipTo')}</dt>
        <dd>{order.shipToName ? `${order.shipToName}: ${order.shipToAddress}` : '—'}</dd>
        <dt>{t('checkout.requestedDate')}</dt>
        <dd>
          <Day day={order.requestedDate} />
        </dd>
        {order.comment ? (
          <>
            <dt>{t('checkout.comment')}</dt>
            <dd>{order.comment}</dd>
          </>
        ) : null}
      </dl>
      <h2>{t('terms.title')}</h2>
      <TermsSummary terms={rule} currency={order.currency} />
      <h2>{t('checkout.lines')}</h2>
      {short.length ? (
        <div className="notice notice-warning rest-summary">
          <p>{t('orders.restNotice')}</p>
          <ul>
            {short.map((l) => (
              <li key={l.lineNo}>
                <code>{l.sku}</code>: <RestNote rests={[restOf(l)]} />
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <table className="data-table cards">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{t('catalog.sku')}</th>
            <th scope="col">{t('catalog.name')}</th>
            <th scope="col" className="num">
              {t('orders.ordered')}
            </th>
            <th scope="col" className="num">
              {t('catalog.yourPrice')}
            </th>
            <th scope="col" className="num">
              {t('cart.lineNet')}
            </th>
            <th scope="col">{t('orders.requested')}</th>
            <th scope="col">{t('orders.confirmed')}</th>
            <th scope="col" className="num">
              {t('orders.shipped')}
            </th>
          </tr>
        </thead>
        <tbody>
          {order.lines.map((l) => {
            const changed = l.confirmedQty !== null && (l.confirmedQty !== l.qty || (l.requestedDate !== null && l.confirmedDate !== l.requestedDate))
            return (
              <tr key={l.lineNo} className={changed ? 'changed' : undefined}>
                <td data-label="#">{l.lineNo}</td>
                <td data-label={t('catalog.sku')}>
                  <code>{l.sku}</code>
                </td>
                <td data-label={t('catalog.name')}>
                  {locale === 'ru' ? l.nameRu : l.nameEn}
                  <details>
                    <summary className="small">{t('orders.whyPrice', { list: l.priceListName })}</summary>
                    <ul className="trace small">
                      {((l.priceTrace as TraceEntry[] | null) ?? []).map((e, i) => (
                        <li key={i}>
                          {e.name}: {e.outcome === 'won' ? t('trace.won') : storedCodeText(t, 'trace', e.reason)}
                        </li>
                      ))}
                    </ul>
                  </details>
                </td>
                <td data-label={t('orders.ordered')} className="num">
                  {formatNumber(locale, l.qty)} {unitText(t, l.unit)}
                </td>
                <td data-label={t('catalog.yourPrice')} className="num">
                  {money(l.unitPriceMinor)}
                </td>
                <td data-label={t('cart.lineNet')} className="num">
                  {money(l.netMinor)}
                </td>
                <td data-label={t('orders.requested')}>
                  <Day day={l.requestedDate ?? l.earliestDate} />
                  {l.requestedDate ? null : <div className="muted small">{t('orders.earliestPossible')}</div>}
                </td>
                <td data-label={t('orders.confirmed')}>
                  {l.confirmedQty === null ? (
                    <span className="muted">{t('orders.notYetConfirmed')}</span>
                  ) : (
                    <>
                      <Day day={l.confirmedDate} />
                      <div className="small">
                        {formatNumber(locale, l.confirmedQty)} {unitText(t, l.unit)}
                      </div>
                      <RestNote rests={[restOf(l)]} />
                    </>
                  )}
                </td>
                <td data-label={t('orders.shipped')} className="num">
                  {formatNumber(locale, l.shippedQty)}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
      <Totals
        netMinor={order.netMinor}
        vatMinor={order.vatMinor}
        freightMinor={order.freightMinor}
        grossMinor={order.grossMinor}
        currency={order.currency}
        rule={rule}
      />
      {order.shipments.length ? (
        <>
          <h2>{t('orders.shipments')}</h2>
          <table className="data-table cards">
            <thead>
              <tr>
                <th scope="col">{t('orders.shippedAt')}</th>
                <th scope="col">{t('desk.carrier')}</th>
                <th scope="col">{t('desk.tracking')}</th>
                <th scope="col">{t('checkout.lines')}</th>
              </tr>
            </thead>
            <tbody>
              {order.shipments.map((s) => (
                <tr key={s.id}>
                  <td data-label={t('orders.shippedAt')}>{formatDateTime(locale, s.shippedAt, timeZone)}</td>
                  <td data-label={t('desk.carrier')}>{s.carrier}</td>
                  <td data-label={t('desk.tracking')}>
                    <code>{s.trackingNumber}</code>
                  </td>
                  <td data-label={t('checkout.lines')}>
                    {s.lines.map((l) => `${skuOf.get(l.lineNo) ?? l.lineNo} × ${formatNumber(locale, l.qty)}`).join(', ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      <h2>{t('orders.history')}</h2>
      <ol className="timeline">
        {order.events.map((e, i) => (
          <li key={i}>
            <strong>{storedCodeText(t, 'orderEvent', e.kind)}</strong> · <StatusBadge status={e.status} /> · {formatDateTime(locale, e.at, timeZone)}
            {e.actor ? <span className="muted"> · {e.actor}</span> : null}
            {e.note ? <div>{e.note}</div> : null}
          </li>
        ))}
      </ol>
    </>
  )
}
