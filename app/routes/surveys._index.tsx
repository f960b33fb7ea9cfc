import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { formatDay } from '../i18n/format'
import { useT } from '../i18n/react'
import { requirePermission } from '../modules/auth/guards.server'
import { listMyInvitations } from '../modules/crm/surveys.server'

// A customer's people see the service-quality surveys they were asked to answer (issue 15 "SERVQUAL"), and only theirs.

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'read:survey:own')
  return json({ invitations: await listMyInvitations({ scope: auth.scope, userId: auth.user.id }) })
}

export default function MySurveys() {
  const { invitations } = useLoaderData<typeof loader>()
  const { t, locale } = useT()
  return (
    <section aria-labelledby="surveys-title">
      <h1 id="surveys-title">{t('surveys.title')}</h1>
      <p>{t('surveys.intro')}</p>
      {invitations.length === 0 ? <p className="muted">{t('surveys.none')}</p> : null}
      <ul className="plain-list">
        {invitations.map((i) => (
          <li key={i.id} className="card">
            <h2>{locale === 'ru' ? i.titleRu : i.titleEn}</h2>
            <p>{t('surveys.window', { from: formatDay(locale, i.opensOn), to: formatDay(locale, i.closesOn) })}</p>
            {i.answered ? (
              <p>{t('surveys.answered')}</p>
            ) : i.status === 'open' ? (
              <Link to={`/surveys/${i.id}`} className="button">
                {t('surveys.answer')}
              </Link>
            ) : (
              <p className="muted">{t(i.status === 'closed' ? 'surveys.closed' : 'surveys.upcoming')}</p>
            )}
          </li>
        ))}
      </ul>
    </section>
  )
}
