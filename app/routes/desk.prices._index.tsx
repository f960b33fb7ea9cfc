import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { formatDay } from '../i18n/format'
import { useT } from '../i18n/react'
import { requirePermission } from '../modules/auth/guards.server'
import { listPriceLists } from '../modules/pricing/queries.server'
import { dealerGroupName } from '../modules/tenancy/dealer-groups'

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requirePermission(request, 'manage:catalog:any')
  return json({ lists: await listPriceLists({ scope }) })
}

export default function PriceListsPage() {
  const { lists } = useLoaderData<typeof loader>()
  const { t, locale } = useT()
  const day = (d: string | null) => (d ? formatDay(locale, d) : '…')
  return (
    <section aria-labelledby="lists-title">
      <h1 id="lists-title">{t('prices.title')}</h1>
      <p className="actions">
        <Link to="/desk/prices/new">{t('prices.new')}</Link>
        <Link to="/desk/catalog/import">{t('prices.importPrices')}</Link>
      </p>
      <table className="data-table cards">
        <thead>
          <tr>
            <th scope="col">{t('prices.code')}</th>
            <th scope="col">{t('prices.name')}</th>
            <th scope="col">{t('prices.appliesTo')}</th>
            <th scope="col">{t('prices.validity')}</th>
            <th scope="col" className="num">
              {t('prices.priority')}
            </th>
            <th scope="col" className="num">
              {t('prices.count')}
            </th>
          </tr>
        </thead>
        <tbody>
          {lists.map((l) => (
            <tr key={l.id}>
              <td data-label={t('prices.code')}>
                <Link to={`/desk/prices/${l.id}`}>
                  <code>{l.code}</code>
                </Link>
              </td>
              <td data-label={t('prices.name')}>
                {l.name} <span className="muted small">{l.currency}</span>
              </td>
              <td data-label={t('prices.appliesTo')}>
                {l.scope ? t(`prices.scope.${l.scope}`) : '—'}
                {l.dealerGroup ? `: ${dealerGroupName(locale, l.dealerGroup)}` : l.orgName ? `: ${l.orgName}` : ''}
              </td>
              <td data-label={t('prices.validity')}>
                {day(l.validFrom)} — {day(l.validTo)}
              </td>
              <td className="num" data-label={t('prices.priority')}>
                {l.priority}
              </td>
              <td className="num" data-label={t('prices.count')}>
                {l.prices}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
