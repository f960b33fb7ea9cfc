import { Form, Link, useSearchParams } from '@remix-run/react'
import { SortableTh } from '../../../components/sortable-th'
import { formatDateTime, formatDay, formatMoney } from '../../../i18n/format'
import { useT } from '../../../i18n/react'
import { dealStatuses, type DealStatus } from '../deal-rules'

// Deal registration's shared UI: the dealer's list and the desk's, the status badge, the timeline.

export function DealStatusBadge({ status }: { status: DealStatus }) {
  const { t } = useT()
  return <span className={`status status-deal-${status}`}>{t(`dealStatus.${status}`)}</span>
}

export function DealDay({ day }: { day: string | null }) {
  const { locale } = useT()
  return day ? <time dateTime={day}>{formatDay(locale, day)}</time> : <>—</>
}

export interface DealRow {
  id: string
  number: string
  orgName: string
  status: DealStatus
  endCustomerName: string
  endCustomerInn: string
  expectedValueMinor: number
  expectedCloseOn: string
  protectedUntil: string | null
  createdAt: string
}

export function DealsTable({ rows, base, showOrg }: { rows: DealRow[]; base: string; showOrg?: boolean }) {
  const { t, locale, timeZone } = useT()
  if (!rows.length) return <p>{t('deals.none')}</p>
  return (
    <table className="data-table cards">
      <thead>
        <tr>
          <SortableTh column="number" label={t('deals.number')} />
          {showOrg ? <SortableTh column="orgName" label={t('deals.dealer')} /> : null}
          <SortableTh column="endCustomerName" label={t('deals.endCustomer')} />
          <SortableTh column="status" label={t('deals.status')} />
          <SortableTh column="expectedValueMinor" label={t('deals.expectedValueShort')} />
          <SortableTh column="expectedCloseOn" label={t('deals.expectedCloseOn')} />
          <SortableTh column="protectedUntil" label={t('deals.protectedUntil')} />
          <SortableTh column="createdAt" label={t('deals.createdAt')} />
        </tr>
      </thead>
      <tbody>
        {rows.map((d) => (
          <tr key={d.id}>
            <td data-label={t('deals.number')}>
              <Link to={`${base}/${d.id}`}>{d.number}</Link>
            </td>
            {showOrg ? <td data-label={t('deals.dealer')}>{d.orgName}</td> : null}
            <td data-label={t('deals.endCustomer')}>
              {d.endCustomerName} <span className="muted small">{d.endCustomerInn}</span>
            </td>
            <td data-label={t('deals.status')}>
              <DealStatusBadge status={d.status} />
            </td>
            <td data-label={t('deals.expectedValueShort')} className="num">
              {formatMoney(locale, d.expectedValueMinor)}
            </td>
            <td data-label={t('deals.expectedCloseOn')}>
              <DealDay day={d.expectedCloseOn} />
            </td>
            <td data-label={t('deals.protectedUntil')}>
              <DealDay day={d.protectedUntil} />
            </td>
            <td data-label={t('deals.createdAt')}>{formatDateTime(locale, d.createdAt, timeZone)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export function DealFilters({ csvHref }: { csvHref?: string }) {
  const { t } = useT()
  const [params] = useSearchParams()
  return (
    <Form method="get" className="filters">
      <label>
        {t('deals.status')}{' '}
        <select name="status" defaultValue={params.get('status') ?? ''}>
          <option value="">{t('deals.filter.all')}</option>
          {dealStatuses.map((s) => (
            <option key={s} value={s}>
              {t(`dealStatus.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('deals.filter.q')} <input type="search" name="q" defaultValue={params.get('q') ?? ''} maxLength={100} />
      </label>
      <button type="submit">{t('deals.filter.apply')}</button>
      {csvHref ? <a href={`${csvHref}?${params.toString()}`}>{t('deals.csv')}</a> : null}
    </Form>
  )
}

/** A deal's history as the dealer reads it: each step with its note (catalog keys said in the reader's language). */
export function DealTimeline({ events }: { events: { kind: string; status: DealStatus; note: string; at: string }[] }) {
  const { t, tm, locale, timeZone } = useT()
  const label = (kind: string) => tm(`deals.event.${kind}`)
  return (
    <section aria-labelledby="deal-timeline">
      <h2 id="deal-timeline">{t('deals.timeline')}</h2>
      <ol className="timeline">
        {events.map((e, i) => (
          <li key={i}>
            <time dateTime={e.at}>{formatDateTime(locale, e.at, timeZone)}</time> — {label(e.kind)}
            {e.note ? <p>{tm(e.note)}</p> : null}
          </li>
        ))}
      </ol>
    </section>
  )
}

/** The deal's facts, the same on both sides. */
export function DealFacts({
  deal,
  products,
  categories,
}: {
  deal: {
    endCustomerName: string
    endCustomerInn: string
    endCustomerRegion: string
    expectedQty: number
    expectedValueMinor: number
    expectedCloseOn: string
    protectedUntil: string | null
    note: string
    status: DealStatus
    decisionNote: string | null
    lostReason: string | null
  }
  products: { id: string; sku: string; nameRu: string; nameEn: string }[]
  categories: { id: string; nameRu: string; nameEn: string }[]
}) {
  const { t, tm, locale } = useT()
  const name = (p: { nameRu: string; nameEn: string }) => (locale === 'ru' ? p.nameRu : p.nameEn)
  return (
    <dl className="details">
      <dt>{t('deals.status')}</dt>
      <dd>
        <DealStatusBadge status={deal.status} />
      </dd>
      <dt>{t('deals.endCustomer')}</dt>
      <dd>
        {deal.endCustomerName}, {t('deals.inn')} {deal.endCustomerInn}, {deal.endCustomerRegion}
      </dd>
      <dt>{t('deals.products')}</dt>
      <dd>{products.length ? products.map((p) => `${p.sku} ${name(p)}`).join('; ') : '—'}</dd>
      <dt>{t('deals.categories')}</dt>
      <dd>{categories.length ? categories.map(name).join('; ') : '—'}</dd>
      <dt>{t('deals.expectedQty')}</dt>
      <dd>{deal.expectedQty}</dd>
      <dt>{t('deals.expectedValueShort')}</dt>
      <dd>{formatMoney(locale, deal.expectedValueMinor)}</dd>
      <dt>{t('deals.expectedCloseOn')}</dt>
      <dd>
        <DealDay day={deal.expectedCloseOn} />
      </dd>
      <dt>{t('deals.protectedUntil')}</dt>
      <dd>
        <DealDay day={deal.protectedUntil} />
      </dd>
      {deal.note ? (
        <>
          <dt>{t('deals.note')}</dt>
          <dd>{deal.note}</dd>
        </>
      ) : null}
      {deal.decisionNote ? (
        <>
          <dt>{t('deals.decision')}</dt>
          <dd>{tm(deal.decisionNote)}</dd>
        </>
      ) : null}
      {deal.lostReason ? (
        <>
          <dt>{t('deals.lostReason')}</dt>
          <dd>{deal.lostReason}</dd>
        </>
      ) : null}
    </dl>
  )
}
