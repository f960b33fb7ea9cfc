import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { formatDay, formatMoney } from '../i18n/format'
import { useT } from '../i18n/react'
import { requireAssistant } from '../modules/sarm/assistant-guard.server'
import { listAssistantContests } from '../modules/sarm/contests.server'

// The assistant's contests, running first: each opens its rules, the live leaderboard and the assistant's standing.

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope, user } = await requireAssistant(request)
  return json({ contests: await listAssistantContests({ scope, userId: user.id }) })
}

export default function AssistantContestsPage() {
  const { contests } = useLoaderData<typeof loader>()
  const { t, tm, locale } = useT()
  return (
    <section aria-labelledby="my-contests-title" className="phone-first">
      <h1 id="my-contests-title">{t('sarm.contests.title')}</h1>
      {contests.length ? (
        <ul className="contest-list">
          {contests.map((c) => (
            <li key={c.id} className="card">
              <Link to={`/assistant/contests/${c.id}`}>
                <strong>{locale === 'ru' ? c.nameRu : c.nameEn}</strong>
              </Link>
              <p className="muted">
                {formatDay(locale, c.periodStart)} – {formatDay(locale, c.periodEnd)} · {tm(`sarm.contest.status.${c.status}`)}
              </p>
              {c.award ? <p>{t('sarm.contests.mine', { rank: c.award.rank, amount: formatMoney(locale, Number(c.award.amountMinor)) })}</p> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('sarm.contests.none')}</p>
      )}
    </section>
  )
}
