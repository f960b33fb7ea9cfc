import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { BarChart } from '../components/charts'
import { SortableTh } from '../components/sortable-th'
import { formatMoney, formatMonth, formatNumber } from '../i18n/format'
import { useT } from '../i18n/react'
import { requirePermission } from '../modules/auth/guards.server'
import { CrmTabs } from '../modules/crm/components/crm-tabs'
import { marginAnalysis, type MarginRow } from '../modules/crm/margins.server'
import { regionLabel } from '../modules/prm/application-schemas'

// Margin analysis by customer, product group and region over the latest segmentation run's window.

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'read:crm:any')
  return json({ analysis: await marginAnalysis({ scope: auth.scope }) })
}

const sorters: Record<string, (a: MarginRow, b: MarginRow) => number> = {
  name: (a, b) => a.name.localeCompare(b.name),
  revenue: (a, b) => a.revenueMinor - b.revenueMinor,
  margin: (a, b) => a.marginMinor - b.marginMinor,
  pct: (a, b) => (a.marginShare ?? -1) - (b.marginShare ?? -1),
}

function MarginTable({ id, title, rows, nameOf }: { id: string; title: string; rows: MarginRow[]; nameOf: (r: MarginRow) => string }) {
  const { t, locale } = useT()
  const [params] = useSearchParams()
  const sorter = sorters[params.get('sort') ?? '']
  const sorted = sorter ? [...rows].sort((a, b) => (params.get('dir') === 'desc' ? -sorter(a, b) : sorter(a, b))) : rows
  return (
    <>
      <h2 id={id}>{title}</h2>
      <div className="table-scroll">
        <table aria-labelledby={id}>
          <thead>
            <tr>
              <SortableTh column="name" label={t('crm.segments.margins.col.name')} />
              <SortableTh column="revenue" label={t('crm.segments.margins.col.revenue')} />
              <th scope="col">{t('crm.segments.margins.col.cost')}</th>
              <SortableTh column="margin" label={t('crm.segments.margins.col.margin')} />
              <SortableTh column="pct" label={t('crm.segments.margins.col.pct')} />
            </tr>
          </thead>
          <tbody>
            {sorted.map((r) => (
              <tr key={r.key}>
                <td>{nameOf(r)}</td>
                <td className="num">{formatMoney(locale, r.revenueMinor)}</td>
                <td className="num">{formatMoney(locale, r.costMinor)}</td>
                <td className="num">{formatMoney(locale, r.marginMinor)}</td>
                <td className="num">
                  {r.marginShare === null ? '—' : `${formatNumber(locale, r.marginShare * 100, { maximumFractionDigits: 1 })} %`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  )
}

export default function Margins() {
  const { analysis } = useLoaderData<typeof loader>()
  const { t, locale } = useT()
  const categoryName = (r: MarginRow) => (locale === 'ru' ? r.name.split('|')[0] : (r.name.split('|')[1] ?? r.name))
  return (
    <section aria-labelledby="margins-title">
      <h1 id="margins-title">{t('crm.segments.margins.title')}</h1>
      <CrmTabs />
      <p>
        <Link to="/crm/segments">{t('crm.tab.segments')}</Link>
      </p>
      {!analysis ? (
        <p>{t('crm.segments.margins.none')}</p>
      ) : (
        <>
          <p>
            {t('crm.segments.margins.intro', {
              from: formatMonth(locale, analysis.fromMonth.slice(0, 7)),
              to: formatMonth(locale, analysis.toMonth.slice(0, 7)),
              noCost: analysis.noCostLines,
            })}
          </p>
          <BarChart
            title={t('crm.segments.margins.chart')}
            description={t('crm.segments.margins.chartDescription')}
            valueKind="money"
            series={[
              { key: 'revenue', label: t('crm.segments.margins.col.revenue') },
              { key: 'margin', label: t('crm.segments.margins.col.margin') },
            ]}
            data={analysis.byCategory.map((r) => ({ label: categoryName(r), values: { revenue: r.revenueMinor, margin: r.marginMinor } }))}
          />
          <MarginTable id="by-category" title={t('crm.segments.margins.by.category')} rows={analysis.byCategory} nameOf={categoryName} />
          <MarginTable
            id="by-region"
            title={t('crm.segments.margins.by.region')}
            // Named before sorting, so "by name" follows the names the reader sees, not the codes.
            rows={analysis.byRegion.map((r) => ({ ...r, name: regionLabel(locale, r.name) || t('crm.segments.margins.noRegion') }))}
            nameOf={(r) => r.name}
          />
          <MarginTable id="by-customer" title={t('crm.segments.margins.by.customer')} rows={analysis.byCustomer} nameOf={(r) => r.name} />
        </>
      )}
    </section>
  )
}
