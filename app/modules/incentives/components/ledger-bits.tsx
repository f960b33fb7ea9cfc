import { Form, Link, useSearchParams } from '@remix-run/react'
import type { LedgerExplanation } from '../../../../db/schema/incentives'
import { SortableTh } from '../../../components/sortable-th'
import { formatDay, formatMoney } from '../../../i18n/format'
import { isMessageKey } from '../../../i18n'
import { useT } from '../../../i18n/react'
import { renderExplanation } from '../explain'

// The ledger's list, shared by the desk and the dealer's page: period, programme, amount, status with hold reasons
// in words, and the explanation in the reader's language. Phone-friendly (cards).
export interface LedgerRow {
  id: string
  orgName: string
  programmeNameRu: string
  programmeNameEn: string
  periodStart: string
  periodEnd: string
  amountMinor: number
  currency: string
  status: 'pending' | 'held' | 'approved' | 'paid' | 'reversed'
  holdReasons: string[]
  explanation: LedgerExplanation
  batchNumber: string | null
}

export function StatusText({ status, holdReasons }: { status: LedgerRow['status']; holdReasons: string[] }) {
  const { t, tm } = useT()
  return (
    <>
      {t(`ledger.status.${status}`)}
      {holdReasons.length ? <span className="muted"> · {holdReasons.map((r) => tm(`ledger.hold.${r}`)).join(', ')}</span> : null}
    </>
  )
}

export function LedgerTable({ rows, base, showOrg, selectForm }: { rows: LedgerRow[]; base?: string; showOrg?: boolean; selectForm?: string }) {
  const { t, locale } = useT()
  if (rows.length === 0) return <p className="muted">{t('ledger.empty')}</p>
  return (
    <table className="data-table cards">
      <thead>
        <tr>
          {selectForm ? <th scope="col">{t('ledger.col.select')}</th> : null}
          {showOrg ? <SortableTh column="org" label={t('ledger.col.org')} /> : null}
          <th scope="col">{t('ledger.col.programme')}</th>
          <SortableTh column="period" label={t('ledger.col.period')} />
          <SortableTh column="amount" label={t('ledger.col.amount')} />
          <SortableTh column="status" label={t('ledger.col.status')} />
          <th scope="col">{t('ledger.col.explanation')}</th>
          <th scope="col">{t('ledger.col.batch')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((l) => (
          <tr key={l.id}>
            {selectForm ? (
              <td data-label={t('ledger.col.select')}>
                {l.status === 'pending' && !l.batchNumber ? (
                  <input type="checkbox" name="lineIds" value={l.id} form={selectForm} aria-label={`${t('ledger.col.select')} ${l.orgName}`} />
                ) : null}
              </td>
            ) : null}
            {showOrg ? <td data-label={t('ledger.col.org')}>{l.orgName}</td> : null}
            <td data-label={t('ledger.col.programme')}>
              {base ? (
                <Link to={`${base}/${l.id}`}>{locale === 'ru' ? l.programmeNameRu : l.programmeNameEn}</Link>
              ) : locale === 'ru' ? (
                l.programmeNameRu
              ) : (
                l.programmeNameEn
              )}
            </td>
            <td data-label={t('ledger.col.period')}>
              {formatDay(locale, l.periodStart)} – {formatDay(locale, l.periodEnd)}
            </td>
            <td data-label={t('ledger.col.amount')} className="num">
              {formatMoney(locale, l.amountMinor, l.currency)}
            </td>
            <td data-label={t('ledger.col.status')}>
              <StatusText status={l.status} holdReasons={l.holdReasons} />
            </td>
            <td data-label={t('ledger.col.explanation')}>{renderExplanation(locale, l.explanation)}</td>
            <td data-label={t('ledger.col.batch')}>{l.batchNumber ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export type LedgerFilterOptions = {
  dealers: { id: string; name: string }[]
  sources: string[]
  programmes: { id: string; source: string; nameRu: string; nameEn: string }[]
}

/**
 * The ledger's filters: status, period and, given the options, dealer (the desk), source and programme. The URL is
 * the state: each field starts from it, and the sort chosen in the table travels along with the filters.
 */
export function LedgerFilters({ options }: { options?: LedgerFilterOptions }) {
  const { t, locale } = useT()
  const [params] = useSearchParams()
  const value = (name: string) => params.get(name) ?? ''
  const statuses = ['pending', 'held', 'approved', 'paid', 'reversed'] as const
  const sourceLabel = (source: string) => {
    const key = `ledger.source.${source}`
    return isMessageKey(key) ? t(key) : t('ledger.source.other', { source })
  }
  // The form is keyed by the URL so that going back and forth shows each URL's own values.
  return (
    <Form method="get" className="toolbar" role="search" key={params.toString()}>
      <label htmlFor="lf-status">{t('ledger.filter.status')}</label>
      <select id="lf-status" name="status" defaultValue={value('status')}>
        <option value="">{t('ledger.filter.all')}</option>
        {statuses.map((s) => (
          <option key={s} value={s}>
            {t(`ledger.status.${s}`)}
          </option>
        ))}
      </select>
      {options?.dealers.length ? (
        <>
          <label htmlFor="lf-org">{t('ledger.filter.dealer')}</label>
          <select id="lf-org" name="orgId" defaultValue={value('orgId')}>
            <option value="">{t('ledger.filter.allDealers')}</option>
            {options.dealers.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </>
      ) : null}
      {options && options.sources.length > 1 ? (
        <>
          <label htmlFor="lf-source">{t('ledger.filter.source')}</label>
          <select id="lf-source" name="source" defaultValue={value('source')}>
            <option value="">{t('ledger.filter.allSources')}</option>
            {options.sources.map((s) => (
              <option key={s} value={s}>
                {sourceLabel(s)}
              </option>
            ))}
          </select>
        </>
      ) : null}
      {options?.programmes.length ? (
        <>
          <label htmlFor="lf-programme">{t('ledger.filter.programme')}</label>
          <select id="lf-programme" name="programmeId" defaultValue={value('programmeId')}>
            <option value="">{t('ledger.filter.allProgrammes')}</option>
            {options.sources.map((s) => (
              <optgroup key={s} label={sourceLabel(s)}>
                {options.programmes
                  .filter((p) => p.source === s)
                  .map((p) => (
                    <option key={p.id} value={p.id}>
                      {locale === 'ru' ? p.nameRu : p.nameEn}
                    </option>
                  ))}
              </optgroup>
            ))}
          </select>
        </>
      ) : null}
      <label htmlFor="lf-from">{t('ledger.filter.from')}</label>
      <input id="lf-from" name="periodFrom" type="date" defaultValue={value('periodFrom')} />
      <label htmlFor="lf-to">{t('ledger.filter.to')}</label>
      <input id="lf-to" name="periodTo" type="date" defaultValue={value('periodTo')} />
      {['sort', 'dir'].map((name) => (params.get(name) ? <input key={name} type="hidden" name={name} value={value(name)} /> : null))}
      <button type="submit">{t('ledger.filter.apply')}</button>
      <Link to="?">{t('ledger.filter.reset')}</Link>
    </Form>
  )
}

export function LedgerTotals({ totals }: { totals: { status: LedgerRow['status']; count: number; sumMinor: number }[] }) {
  const { t, locale } = useT()
  return (
    <section aria-label={t('ledger.totals')}>
      <ul className="inline-list">
        {totals.map((s) => (
          <li key={s.status}>
            {t('ledger.totalLine', { status: t(`ledger.status.${s.status}`), count: s.count, sumMinor: formatMoney(locale, s.sumMinor) })}
          </li>
        ))}
      </ul>
    </section>
  )
}
