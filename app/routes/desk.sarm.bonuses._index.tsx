import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { formatDay, formatMoney } from '../i18n/format'
import { useT } from '../i18n/react'
import { requirePermission } from '../modules/auth/guards.server'
import { listBonusProgrammes } from '../modules/sarm/bonuses.server'
import { DeskSarmTabs } from '../modules/sarm/components/desk-sarm-tabs'

// The partner managers' bonus-above-a-norm programmes: period, norm, rate, cap, what each has accrued.

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'manage:sarm:any')
  return json({ rows: await listBonusProgrammes({ scope: auth.scope }) })
}

export default function BonusProgrammesPage() {
  const { rows } = useLoaderData<typeof loader>()
  const { t, locale } = useT()
  return (
    <section aria-labelledby="bonuses-title">
      <h1 id="bonuses-title">{t('bonus.title')}</h1>
      <DeskSarmTabs />
      <p className="actions">
        <Link to="/desk/sarm/bonuses/new" className="button primary">
          {t('bonus.new')}
        </Link>
      </p>
      {rows.length === 0 ? (
        <p className="muted">{t('bonus.none')}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table cards">
            <thead>
              <tr>
                <th scope="col">{t('bonus.name')}</th>
                <th scope="col">{t('bonus.period')}</th>
                <th scope="col">{t('bonus.status')}</th>
                <th scope="col">{t('bonus.rule')}</th>
                <th scope="col" className="num">
                  {t('bonus.assistants')}
                </th>
                <th scope="col" className="num">
                  {t('bonus.accrued')}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td data-label={t('bonus.name')}>
                    <Link to={`/desk/sarm/bonuses/${r.id}`}>{locale === 'ru' ? r.nameRu : r.nameEn}</Link>
                  </td>
                  <td data-label={t('bonus.period')}>
                    {t('assistant.period', { from: formatDay(locale, r.periodStart), to: formatDay(locale, r.periodEnd) })}
                  </td>
                  <td data-label={t('bonus.status')}>{t(`bonus.status.${r.status}`)}</td>
                  <td data-label={t('bonus.rule')}>
                    {t(r.capMinor === null ? 'bonus.ruleText' : 'bonus.ruleTextCapped', {
                      norm: r.normUnits,
                      rate: formatMoney(locale, r.rateMinor),
                      cap: formatMoney(locale, r.capMinor ?? 0),
                    })}
                  </td>
                  <td data-label={t('bonus.assistants')} className="num">
                    {r.assistants}
                  </td>
                  <td data-label={t('bonus.accrued')} className="num">
                    {formatMoney(locale, r.accruedMinor)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
