import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { BarChart, StackedBarChart, formatMonth } from '../components/charts'
import { isMessageKey } from '../i18n'
import { formatDate, formatDay, formatMoney, formatNumber } from '../i18n/format'
import { useT } from '../i18n/react'
import { requirePermission } from '../modules/auth/guards.server'
import { incentivesOverview } from '../modules/incentives/overview.server'
import { regionLabel } from '../modules/prm/application-schemas'
import { PartnersDeskTabs } from '../modules/prm/components/programme-tabs'
import { MOVERS_DAYS, prmOverview } from '../modules/prm/overview.server'
import { businessClock } from '../utils/clock.server'

// The partner manager's home: the programme at a glance (tiers by region, applications by stage, the deal pipeline,
// rebates against budget, who moved), each block linking to the desk page that acts on it.
export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requirePermission(request, 'manage:partner_programme:any')
  const { today } = await businessClock()
  const [prm, money] = await Promise.all([prmOverview({ scope, today }), incentivesOverview({ scope, today })])
  return json({ today, moversDays: MOVERS_DAYS, ...prm, ...money })
}

const IN_PROGRESS = new Set(['received', 'checking', 'agreement_offered', 'agreement_accepted'])

export default function PartnersHomePage() {
  const { programmes, applications, deals, tierMoves, growth, months, ledger, moversDays } = useLoaderData<typeof loader>()
  const { t, locale, timeZone } = useT()
  const name = (x: { nameRu: string; nameEn: string }) => (locale === 'ru' ? x.nameRu : x.nameEn)
  const money = (v: number) => formatMoney(locale, v)
  const inProgress = applications.filter((a) => IN_PROGRESS.has(a.status))
  const oldest = inProgress
    .map((a) => a.oldestAt)
    .filter((v): v is string => !!v)
    .sort()[0]

  return (
    <section aria-labelledby="partners-home-title" className="partners-home">
      <h1 id="partners-home-title">{t('partnersHome.title')}</h1>
      <PartnersDeskTabs />

      <section aria-labelledby="home-tiers">
        <h2 id="home-tiers">{t('partnersHome.tiers.title')}</h2>
        {programmes.length === 0 ? <p className="muted">{t('partnersHome.tiers.none')}</p> : null}
        {programmes.map((p) => {
          // Regions are codes: named (and ordered by name) in the reader's language.
          const regions = [...new Set(p.counts.map((c) => c.region ?? ''))].sort((a, b) =>
            regionLabel(locale, a).localeCompare(regionLabel(locale, b), locale),
          )
          const rows = regions.map((region) => ({
            label: regionLabel(locale, region) || t('partnersHome.tiers.noRegion'),
            values: Object.fromEntries(p.counts.filter((c) => (c.region ?? '') === region).map((c) => [c.tierId, c.members])),
          }))
          const byTier = p.tiers.map((tier) => ({ tier, members: p.counts.filter((c) => c.tierId === tier.id).reduce((s, c) => s + c.members, 0) }))
          const total = byTier.reduce((s, x) => s + x.members, 0)
          return (
            <div key={p.programmeId} className="chart-grid-2">
              <StackedBarChart
                title={t('partnersHome.tiers.chart', { programme: name(p) })}
                description={t('partnersHome.tiers.desc')}
                series={p.tiers.map((tier) => ({ key: tier.id, label: name(tier) }))}
                rows={rows}
              />
              <div>
                <table className="data-table">
                  <caption className="visually-hidden">{name(p)}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('partnersHome.tiers.tier')}</th>
                      <th scope="col" className="num">
                        {t('partnersHome.tiers.members')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {byTier.map(({ tier, members }) => (
                      <tr key={tier.id}>
                        <th scope="row">{name(tier)}</th>
                        <td className="num">{formatNumber(locale, members)}</td>
                      </tr>
                    ))}
                  </tbody>
                  <tfoot>
                    <tr>
                      <th scope="row">{t('partnersHome.tiers.total')}</th>
                      <td className="num">{formatNumber(locale, total)}</td>
                    </tr>
                  </tfoot>
                </table>
                <p>
                  <Link to="/desk/partners/programme">{t('partnersHome.tiers.manage')}</Link>
                </p>
              </div>
            </div>
          )
        })}
      </section>

      <div className="chart-grid-2">
        <section aria-labelledby="home-apps">
          <h2 id="home-apps">{t('partnersHome.apps.title')}</h2>
          <p>
            {t('partnersHome.apps.inProgress', {
              count: formatNumber(
                locale,
                inProgress.reduce((s, a) => s + a.count, 0),
              ),
            })}
            {oldest ? <span className="muted"> · {t('partnersHome.apps.oldest', { day: formatDate(locale, oldest, timeZone) })}</span> : null}
          </p>
          <BarChart
            title={t('partnersHome.apps.title')}
            description={t('partnersHome.apps.desc')}
            series={[{ key: 'count', label: t('partnersHome.apps.series') }]}
            data={applications.map((a) => ({ label: t(`partnersHome.stage.${a.status}`), values: { count: a.count } }))}
            height={240}
          />
          <ul className="link-list">
            {applications.map((a) => (
              <li key={a.status}>
                <Link to={`/desk/partners/applications?status=${a.status}`}>{t(`partnersHome.stage.${a.status}`)}</Link>:{' '}
                {formatNumber(locale, a.count)}
              </li>
            ))}
          </ul>
          <p>
            <Link to="/desk/partners/applications">{t('partnersHome.apps.open')}</Link>
          </p>
        </section>

        <section aria-labelledby="home-deals">
          <h2 id="home-deals">{t('partnersHome.deals.title')}</h2>
          <BarChart
            title={t('partnersHome.deals.chart')}
            description={t('partnersHome.deals.desc')}
            series={[{ key: 'value', label: t('partnersHome.deals.value') }]}
            data={deals.map((d) => ({ label: t(`partnersHome.deal.${d.status}`), values: { value: d.valueMinor } }))}
            valueKind="money"
            height={240}
          />
          <table className="data-table cards">
            <thead>
              <tr>
                <th scope="col">{t('partnersHome.deals.state')}</th>
                <th scope="col" className="num">
                  {t('partnersHome.deals.count')}
                </th>
                <th scope="col" className="num">
                  {t('partnersHome.deals.value')}
                </th>
              </tr>
            </thead>
            <tbody>
              {deals.map((d) => (
                <tr key={d.status}>
                  <th scope="row" data-label={t('partnersHome.deals.state')}>
                    <Link to={`/desk/partners/deals?status=${d.status}`}>{t(`partnersHome.deal.${d.status}`)}</Link>
                  </th>
                  <td className="num" data-label={t('partnersHome.deals.count')}>
                    {formatNumber(locale, d.count)}
                  </td>
                  <td className="num" data-label={t('partnersHome.deals.value')}>
                    {money(d.valueMinor)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>
            <Link to="/desk/partners/deals">{t('partnersHome.deals.open')}</Link>
          </p>
        </section>
      </div>

      <section aria-labelledby="home-rebates">
        <h2 id="home-rebates">{t('partnersHome.rebates.title')}</h2>
        <BarChart
          title={t('partnersHome.rebates.title')}
          description={t('partnersHome.rebates.desc')}
          series={[
            { key: 'accrued', label: t('partnersHome.rebates.accrued') },
            { key: 'paid', label: t('partnersHome.rebates.paid') },
          ]}
          mode="stacked"
          valueKind="money"
          data={months.map((m) => ({ label: formatMonth(locale, m.month), values: { accrued: m.accruedMinor, paid: m.paidMinor } }))}
          line={
            months.some((m) => m.budgetMinor > 0) ? { label: t('partnersHome.rebates.budget'), values: months.map((m) => m.budgetMinor) } : undefined
          }
        />
        <h3>{t('partnersHome.ledger.title')}</h3>
        <table className="data-table cards">
          <thead>
            <tr>
              <th scope="col">{t('partnersHome.ledger.status')}</th>
              <th scope="col" className="num">
                {t('partnersHome.ledger.lines')}
              </th>
              <th scope="col" className="num">
                {t('partnersHome.ledger.amount')}
              </th>
            </tr>
          </thead>
          <tbody>
            {ledger.map((l) => (
              <tr key={l.status}>
                <th scope="row" data-label={t('partnersHome.ledger.status')}>
                  <Link to={`/desk/partners/ledger?status=${l.status}`}>{t(`partnersHome.ledgerStatus.${l.status}`)}</Link>
                </th>
                <td className="num" data-label={t('partnersHome.ledger.lines')}>
                  {formatNumber(locale, l.count)}
                </td>
                <td className="num" data-label={t('partnersHome.ledger.amount')}>
                  {money(l.amountMinor)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="link-row">
          <Link to="/desk/partners/rebates">{t('partnersHome.rebates.programmes')}</Link>
          <Link to="/desk/partners/ledger">{t('partnersHome.ledger.open')}</Link>
          <Link to="/desk/partners/payouts">{t('partnersHome.ledger.payouts')}</Link>
        </p>
      </section>

      <section aria-labelledby="home-movers">
        <h2 id="home-movers">{t('partnersHome.movers.title')}</h2>
        <div className="chart-grid-2">
          <div>
            <h3>{t('partnersHome.movers.tiers', { days: moversDays })}</h3>
            {tierMoves.length === 0 ? (
              <p className="muted">{t('partnersHome.movers.tiersEmpty')}</p>
            ) : (
              <table className="data-table cards">
                <thead>
                  <tr>
                    <th scope="col">{t('partnersHome.movers.dealer')}</th>
                    <th scope="col">{t('partnersHome.movers.change')}</th>
                    <th scope="col">{t('partnersHome.movers.from')}</th>
                  </tr>
                </thead>
                <tbody>
                  {tierMoves.map((m, i) => {
                    const reasonKey = `partnersHome.reason.${m.reason}`
                    return (
                      <tr key={`${m.orgId}-${i}`}>
                        <th scope="row" data-label={t('partnersHome.movers.dealer')}>
                          {m.orgName}
                        </th>
                        <td data-label={t('partnersHome.movers.change')}>
                          {m.fromRu ? `${locale === 'ru' ? m.fromRu : m.fromEn} → ` : ''}
                          {locale === 'ru' ? m.toRu : m.toEn}
                          <span className="muted"> ({isMessageKey(reasonKey) ? t(reasonKey) : m.reason})</span>
                        </td>
                        <td data-label={t('partnersHome.movers.from')}>{formatDay(locale, m.effectiveFrom)}</td>
                      </tr>
                    )
                  })}
                </tbody>
              </table>
            )}
          </div>
          <div>
            <h3>{t('partnersHome.movers.growth')}</h3>
            {growth.length === 0 ? (
              <p className="muted">{t('partnersHome.movers.growthEmpty')}</p>
            ) : (
              <table className="data-table cards">
                <thead>
                  <tr>
                    <th scope="col">{t('partnersHome.movers.dealer')}</th>
                    <th scope="col" className="num">
                      {t('partnersHome.movers.previous')}
                    </th>
                    <th scope="col" className="num">
                      {t('partnersHome.movers.current')}
                    </th>
                    <th scope="col" className="num">
                      {t('partnersHome.movers.growthCol')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {growth.map((g) => (
                    <tr key={g.orgId}>
                      <th scope="row" data-label={t('partnersHome.movers.dealer')}>
                        {g.orgName}
                      </th>
                      <td className="num" data-label={t('partnersHome.movers.previous')}>
                        {money(g.previousMinor)}
                      </td>
                      <td className="num" data-label={t('partnersHome.movers.current')}>
                        {money(g.currentMinor)}
                      </td>
                      <td className="num" data-label={t('partnersHome.movers.growthCol')}>
                        +{money(g.growthMinor)}{' '}
                        <span className="muted">
                          (
                          {g.growthBp === null
                            ? t('partnersHome.movers.new')
                            : formatNumber(locale, g.growthBp / 10000, { style: 'percent', maximumFractionDigits: 0 })}
                          )
                        </span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        </div>
      </section>
    </section>
  )
}
