import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { BarChart } from '../components/charts'
import { formatMoney, formatMonth } from '../i18n/format'
import { useT } from '../i18n/react'
import { requirePermission } from '../modules/auth/guards.server'
import { deskSarmOverview } from '../modules/sarm/bonuses.server'
import { DeskSarmTabs } from '../modules/sarm/components/desk-sarm-tabs'

// The partner manager's shop-assistant desk: confirmed sales (net of returns) by region and by shop, this month
// against the last, what waits for the dealers' shop managers, and the way to bonuses, contests, trainings, events.

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'manage:sarm:any')
  return json(await deskSarmOverview({ scope: auth.scope }))
}

export default function DeskSarmOverview() {
  const { byShop, byRegion, thisMonth, lastMonth, pendingReports, runningProgrammes, accruedMinor } = useLoaderData<typeof loader>()
  const { t, locale } = useT()
  const thisLabel = formatMonth(locale, thisMonth.slice(0, 7))
  const lastLabel = formatMonth(locale, lastMonth.slice(0, 7))
  return (
    <section aria-labelledby="desk-sarm-title">
      <h1 id="desk-sarm-title">{t('deskSarm.title')}</h1>
      <DeskSarmTabs />
      <ul className="tiles">
        <li className="card">
          <strong>{runningProgrammes}</strong> <Link to="/desk/sarm/bonuses">{t('deskSarm.runningProgrammes')}</Link>
        </li>
        <li className="card">
          <strong>{formatMoney(locale, accruedMinor)}</strong> {t('deskSarm.accrued')}
        </li>
        <li className="card">
          <strong>{pendingReports}</strong> {t('deskSarm.pendingReports')}
        </li>
      </ul>

      <BarChart
        title={t('deskSarm.chart.title')}
        description={t('deskSarm.chart.desc', { last: lastLabel, current: thisLabel })}
        series={[
          { key: 'last', label: lastLabel },
          { key: 'this', label: thisLabel },
        ]}
        data={byRegion.map((r) => ({ label: r.region, values: { last: r.unitsLast, this: r.unitsThis } }))}
      />

      <h2>{t('deskSarm.byRegion')}</h2>
      <SalesTable rows={byRegion.map((r) => ({ key: r.region, name: r.region, dealer: null, ...r }))} thisLabel={thisLabel} lastLabel={lastLabel} />
      <h2>{t('deskSarm.byShop')}</h2>
      <p className="actions">
        <a href="/desk/sarm/sales.csv" download>
          {t('deskSarm.csv')}
        </a>
      </p>
      <SalesTable
        rows={byShop.map((s) => ({ key: s.shopId, name: `${s.shop} · ${s.region}`, dealer: s.orgName, ...s }))}
        thisLabel={thisLabel}
        lastLabel={lastLabel}
      />
    </section>
  )
}

function SalesTable({
  rows,
  thisLabel,
  lastLabel,
}: {
  rows: {
    key: string
    name: string
    dealer: string | null
    unitsThis: number
    unitsLast: number
    revenueThisMinor: number
    revenueLastMinor: number
  }[]
  thisLabel: string
  lastLabel: string
}) {
  const { t, locale } = useT()
  if (!rows.length) return <p className="muted">{t('deskSarm.noSales')}</p>
  const dealers = rows.some((r) => r.dealer !== null)
  return (
    <div className="table-scroll">
      <table className="data-table cards">
        <thead>
          <tr>
            <th scope="col">{t('deskSarm.name')}</th>
            {dealers ? <th scope="col">{t('bonus.dealer')}</th> : null}
            <th scope="col" className="num">
              {t('deskSarm.units', { month: lastLabel })}
            </th>
            <th scope="col" className="num">
              {t('deskSarm.units', { month: thisLabel })}
            </th>
            <th scope="col" className="num">
              {t('deskSarm.revenue', { month: lastLabel })}
            </th>
            <th scope="col" className="num">
              {t('deskSarm.revenue', { month: thisLabel })}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <td data-label={t('deskSarm.name')}>{r.name}</td>
              {dealers ? <td data-label={t('bonus.dealer')}>{r.dealer}</td> : null}
              <td data-label={t('deskSarm.units', { month: lastLabel })} className="num">
                {r.unitsLast}
              </td>
              <td data-label={t('deskSarm.units', { month: thisLabel })} className="num">
                {r.unitsThis}
              </td>
              <td data-label={t('deskSarm.revenue', { month: lastLabel })} className="num">
                {formatMoney(locale, r.revenueLastMinor)}
              </td>
              <td data-label={t('deskSarm.revenue', { month: thisLabel })} className="num">
                {formatMoney(locale, r.revenueThisMinor)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
