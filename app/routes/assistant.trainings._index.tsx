import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { formatDateTime } from '../i18n/format'
import { useT } from '../i18n/react'
import { requireAssistant } from '../modules/sarm/assistant-guard.server'
import { trainingCatalogue } from '../modules/sarm/trainings.server'

// The assistant's training catalogue: online courses with a quiz and in-person sessions, each with where the
// person stands (completed, registered, on the waiting list).
export async function loader({ request }: LoaderFunctionArgs) {
  const { scope, user } = await requireAssistant(request)
  return json({ trainings: await trainingCatalogue({ scope, userId: user.id }) })
}

export default function AssistantTrainings() {
  const { trainings } = useLoaderData<typeof loader>()
  const { t, locale, timeZone } = useT()
  return (
    <section aria-labelledby="trainings-title" className="sarm-learning">
      <h1 id="trainings-title">{t('sarm.training.catalogue')}</h1>
      {trainings.length ? (
        <ul className="learning-list">
          {trainings.map((tr) => (
            <li key={tr.id} className="card">
              <Link to={`/assistant/trainings/${tr.id}`}>
                <strong>{locale === 'ru' ? tr.titleRu : tr.titleEn}</strong>
              </Link>
              <span className="muted">
                {t(`sarm.training.kind.${tr.kind}`)}
                {tr.startsAt ? ` · ${formatDateTime(locale, tr.startsAt, timeZone)}` : ''}
                {tr.place ? ` · ${tr.place}` : ''}
              </span>
              <span className={`badge status-${tr.status ?? 'none'}`}>{t(`sarm.training.my.${tr.status ?? 'none'}`)}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('sarm.training.none')}</p>
      )}
    </section>
  )
}
