import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { formatDateTime } from '../i18n/format'
import { useT } from '../i18n/react'
import { TenderStatusBadge } from '../modules/auctions/components/room'
import { requirePermission } from '../modules/auth/guards.server'
import { listInvitations } from '../modules/auctions/queries.server'

// A supplier's invitations: tenders it may enter once it accepts their terms.

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requirePermission(request, 'bid:tender:org')
  return json({ tenders: await listInvitations({ scope }) })
}

export default function InvitationsPage() {
  const { tenders } = useLoaderData<typeof loader>()
  const { t, locale, timeZone } = useT()
  return (
    <section aria-labelledby="invitations-title">
      <h1 id="invitations-title">{t('tenders.invitations')}</h1>
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
              <th scope="col">{t('tenders.terms')}</th>
            </tr>
          </thead>
          <tbody>
            {tenders.map((x) => (
              <tr key={x.id}>
                <td data-label={t('tenders.name')}>
                  <Link to={`/tenders/${x.id}`}>{x.title}</Link>
                </td>
                <td data-label={t('tenders.status')}>
                  <TenderStatusBadge status={x.status} />
                </td>
                <td data-label={t('tenders.startsAt')}>{x.startsAt ? formatDateTime(locale, x.startsAt, timeZone) : '—'}</td>
                <td data-label={t('tenders.lots')} className="num">
                  {x.lots}
                </td>
                <td data-label={t('tenders.terms')}>{x.acceptedTermsAt ? t('tenders.termsAccepted') : t('tenders.termsPending')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">{t('tenders.noInvitations')}</p>
      )}
    </section>
  )
}
