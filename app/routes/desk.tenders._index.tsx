import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { formatDateTime } from '../i18n/format'
import { useT } from '../i18n/react'
import { TenderStatusBadge } from '../modules/auctions/components/room'
import { requirePermission } from '../modules/auth/guards.server'
import { listTendersForBuyer } from '../modules/auctions/queries.server'

// The procurement officer's tenders: drafts to finish, scheduled and live ones to run, closed ones to award.

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope, org } = await requirePermission(request, 'manage:tender:any')
  return json({ tenders: await listTendersForBuyer({ scope, buyerOrgId: org.id }) })
}

export default function TendersPage() {
  const { tenders } = useLoaderData<typeof loader>()
  const { t, locale, timeZone } = useT()
  return (
    <section aria-labelledby="tenders-title">
      <h1 id="tenders-title">{t('tenders.title')}</h1>
      <p className="actions">
        <Link to="/desk/tenders/new" className="button primary">
          {t('tenders.new')}
        </Link>
      </p>
      {tenders.length ? (
        <table className="data-table cards">
          <thead>
            <tr>
              <th scope="col">{t('tenders.name')}</th>
              <th scope="col">{t('tenders.status')}</th>
              <th scope="col">{t('tenders.startsAt')}</th>
              <th scope="col" className="num">
                {t('tenders.lots')}
              </th>
              <th scope="col" className="num">
                {t('tenders.invited')}
              </th>
            </tr>
          </thead>
          <tbody>
            {tenders.map((x) => (
              <tr key={x.id}>
                <td data-label={t('tenders.name')}>
                  <Link to={`/desk/tenders/${x.id}`}>{x.title}</Link>
                </td>
                <td data-label={t('tenders.status')}>
                  <TenderStatusBadge status={x.status} />
                </td>
                <td data-label={t('tenders.startsAt')}>{x.startsAt ? formatDateTime(locale, x.startsAt, timeZone) : '—'}</td>
                <td data-label={t('tenders.lots')} className="num">
                  {x.lots}
                </td>
                <td data-label={t('tenders.invited')} className="num">
                  {x.invited}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">{t('tenders.none')}</p>
      )}
    </section>
  )
}
