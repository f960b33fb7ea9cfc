import { Form, Link, useSearchParams } from '@remix-run/react'
import type { ReactNode } from 'react'
import { SortableTh } from '../../../components/sortable-th'
import type { MessageKey } from '../../../i18n'
import { formatDateTime, formatDay, formatMoney, formatNumber } from '../../../i18n/format'
import { freightPolicy, type FreightRule } from '../../delivery-terms/freight'
import { useT } from '../../../i18n/react'
import { orderStatuses, type OrderStatus } from '../schemas'
import { storedCodeText, unitText } from '../unit-text'

/** An order status as a labelled badge: the colour only repeats what the text says. */
export function StatusBadge({ status }: { status: OrderStatus }) {
  const { t } = useT()
  return <span className={`status status-${status}`}>{t(`orderStatus.${status}`)}</span>
}

/** Free-freight progress: how much more the order needs, as text and as a bar. */
export function FreightProgress({
  netMinor,
  thresholdMinor,
  missingMinor,
  currency,
}: {
  netMinor: number
  thresholdMinor: number | null
  missingMinor: number | null
  currency: string
}) {
  const { t, locale } = useT()
  if (thresholdMinor === null || missingMinor === null) return null
  const money = (m: number) => formatMoney(locale, m, currency)
  return (
    <div className="freight-progress">
      <label htmlFor="free-freight">
        {missingMinor <= 0
          ? t('cart.freeFreightReached')
          : t('cart.freeFreightMissing', { missing: money(missingMinor), threshold: money(thresholdMinor) })}
      </label>
      <progress id="free-freight" max={thresholdMinor} value={Math.min(netMinor, thresholdMinor)} />
    </div>
  )
}

/** Who delivers and who pays, in one sentence derived from the Incoterm and the freight terms (freight.ts). */
export function freightSentence(
  t: (key: MessageKey, params?: Record<string, string | number>) => string,
  money: (m: number) => string,
  rule: FreightRule,
) {
  const policy = freightPolicy(rule)
  if (policy.kind !== 'charged') return t(`freightPolicy.${policy.kind}`)
  return policy.freeFromMinor === null
    ? t('freightPolicy.charged', { rate: money(policy.rateMinor) })
    : t('freightPolicy.chargedFree', { rate: money(policy.rateMinor), threshold: money(policy.freeFromMinor) })
}

/** The organisation's delivery terms as data: Incoterm and place, who delivers and pays freight, cut-off. */
export function TermsSummary({
  terms,
  currency = 'RUB',
}: {
  terms: {
    incoterm: string
    namedPlace: string
    freightTerms: string
    freeFreightMinor: number | null
    freightMinor: number
    cutoff?: string
    poRequired?: boolean
  }
  currency?: string
}) {
  const { t, locale } = useT()
  return (
    <dl className="details">
      <dt>{t('terms.incoterm')}</dt>
      <dd>
        <abbr title={storedCodeText(t, 'incoterm', terms.incoterm)}>{terms.incoterm}</abbr> 2020{terms.namedPlace ? `, ${terms.namedPlace}` : ''}
      </dd>
      <dt>{t('terms.freight')}</dt>
      <dd>{freightSentence(t, (m) => formatMoney(locale, m, currency), terms)}</dd>
      {terms.cutoff ? (
        <>
          <dt>{t('terms.cutoff')}</dt>
          <dd>{t('terms.cutoffValue', { time: terms.cutoff })}</dd>
        </>
      ) : null}
      {terms.poRequired ? (
        <>
          <dt>{t('checkout.poNumber')}</dt>
          <dd>{t('terms.poRequired')}</dd>
        </>
      ) : null}
    </dl>
  )
}

/** The unconfirmed rest of a line or an order, per unit: "5 шт. не подтверждено — в дозаказе". */
export function RestNote({ rests }: { rests: { unit: string; backordered: number; cancelled: number }[] }) {
  const { t, locale } = useT()
  const parts = rests.flatMap((r) => {
    const qty = (n: number) => `${formatNumber(locale, n)} ${unitText(t, r.unit)}`
    return [
      r.backordered > 0 ? t('orders.rest.backordered', { qty: qty(r.backordered) }) : null,
      r.cancelled > 0 ? t('orders.rest.cancelled', { qty: qty(r.cancelled) }) : null,
    ].filter((p): p is string => !!p)
  })
  if (!parts.length) return null
  return <span className="small rest-note">{parts.join('; ')}</span>
}

export function Day({ day }: { day: string | null }) {
  const { locale } = useT()
  return day ? <time dateTime={day}>{formatDay(locale, day)}</time> : <>—</>
}

export interface OrderRow {
  id: string
  number: string
  orgName: string
  status: OrderStatus
  poNumber: string | null
  placedAt: string
  placedBy: string
  requestedDate: string | null
  grossMinor: number
  currency: string
  lines: number
  rests: { unit: string; backordered: number; cancelled: number }[]
}

/** The order list of both sides: the dealer's history and the operator's desk (with the organisation). */
export function OrdersTable({ rows, base, showOrg }: { rows: OrderRow[]; base: string; showOrg?: boolean }) {
  const { t, locale, timeZone } = useT()
  if (!rows.length) return <p>{t('orders.none')}</p>
  return (
    <table className="data-table cards">
      <thead>
        <tr>
          <SortableTh column="number" label={t('orders.number')} />
          {showOrg ? <th scope="col">{t('admin.user.organisation')}</th> : null}
          <SortableTh column="placedAt" label={t('orders.placedAt')} />
          <th scope="col">{t('orders.placedBy')}</th>
          <th scope="col">{t('checkout.poNumber')}</th>
          <SortableTh column="status" label={t('orders.status')} />
          <SortableTh column="requestedDate" label={t('checkout.requestedDate')} />
          <th scope="col" className="num">
            {t('orders.lines')}
          </th>
          <SortableTh column="grossMinor" label={t('product.gross')} />
        </tr>
      </thead>
      <tbody>
        {rows.map((o) => (
          <tr key={o.id}>
            <td data-label={t('orders.number')}>
              <Link to={`${base}/${o.id}`}>{o.number}</Link>
            </td>
            {showOrg ? <td data-label={t('admin.user.organisation')}>{o.orgName}</td> : null}
            <td data-label={t('orders.placedAt')}>{formatDateTime(locale, o.placedAt, timeZone)}</td>
            <td data-label={t('orders.placedBy')}>{o.placedBy}</td>
            <td data-label={t('checkout.poNumber')}>{o.poNumber ?? '—'}</td>
            <td data-label={t('orders.status')}>
              <StatusBadge status={o.status} />
              <RestNote rests={o.rests} />
            </td>
            <td data-label={t('checkout.requestedDate')}>
              <Day day={o.requestedDate} />
            </td>
            <td className="num" data-label={t('orders.lines')}>
              {o.lines}
            </td>
            <td className="num" data-label={t('product.gross')}>
              {formatMoney(locale, o.grossMinor, o.currency)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** Status, search and dates: the same filters on both sides. */
export function OrderFilters({ csvHref, children }: { csvHref: string; children?: ReactNode }) {
  const { t } = useT()
  const [params] = useSearchParams()
  return (
    <Form method="get" className="toolbar" role="search">
      <div className="field">
        <label htmlFor="q">{t('orders.search')}</label>
        <input id="q" name="q" type="search" defaultValue={params.get('q') ?? ''} />
      </div>
      <div className="field">
        <label htmlFor="status">{t('orders.status')}</label>
        <select id="status" name="status" defaultValue={params.get('status') ?? ''}>
          <option value="">{t('common.all')}</option>
          {orderStatuses.map((s) => (
            <option key={s} value={s}>
              {t(`orderStatus.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="from">{t('audit.from')}</label>
        <input id="from" name="from" type="date" defaultValue={params.get('from') ?? ''} />
      </div>
      <div className="field">
        <label htmlFor="to">{t('audit.to')}</label>
        <input id="to" name="to" type="date" defaultValue={params.get('to') ?? ''} />
      </div>
      {children}
      <button type="submit">{t('common.search')}</button>
      <a href={`${csvHref}?${params}`} download>
        {t('common.exportCsv')}
      </a>
    </Form>
  )
}

/**
 * An order's or a cart's totals: net, VAT, freight, gross. With the freight rule, a zero freight says why (the
 * buyer's own carrier, included, or free from the threshold) instead of a bare "free".
 */
export function Totals({
  netMinor,
  vatMinor,
  freightMinor,
  grossMinor,
  currency,
  rule,
}: {
  netMinor: number
  vatMinor: number
  freightMinor: number
  grossMinor: number
  currency: string
  rule?: FreightRule
}) {
  const { t, locale } = useT()
  const money = (m: number) => formatMoney(locale, m, currency)
  const kind = rule ? freightPolicy(rule).kind : 'charged'
  return (
    <table className="data-table totals">
      <tbody>
        <tr>
          <th scope="row">{t('product.net')}</th>
          <td className="num">{money(netMinor)}</td>
        </tr>
        <tr>
          <th scope="row">{t('cart.vat')}</th>
          <td className="num">{money(vatMinor)}</td>
        </tr>
        <tr>
          <th scope="row">{t('checkout.freight')}</th>
          <td className="num">
            {freightMinor ? money(freightMinor) : kind === 'charged' ? t('checkout.freightFree') : t(`checkout.freight.${kind}`)}
          </td>
        </tr>
        <tr>
          <th scope="row">{t('product.gross')}</th>
          <td className="num">
            <strong>{money(grossMinor)}</strong>
          </td>
        </tr>
      </tbody>
    </table>
  )
}
