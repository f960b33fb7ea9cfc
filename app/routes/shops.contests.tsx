import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { formatDay, formatMoney } from '../i18n/format'
import { useT } from '../i18n/react'
import { requirePermission } from '../modules/auth/guards.server'
import { listDealerContests } from '../modules/sarm/contests.server'

// A dealer's contests: those its shops take part in, and its assistants' prizes with their payout state. A held
// prize says only why in plain words ("held for review: sales concentrated unusually in one seller"): the checks'
// figures are the partner manager's, and a flag is a question, never an accusation.

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requirePermission(request, 'read:sarm:org')
  return json({ contests: await listDealerContests({ scope }) })
}

export default function DealerContestsPage() {
  const { contests } = useLoaderData<typeof loader>()
  const { t, tm, locale } = useT()
  return (
    <section aria-labelledby="dealer-contests-title">
      <h1 id="dealer-contests-title">{t('sarm.contests.title')}</h1>
      {contests.length ? null : <p>{t('sarm.contests.none')}</p>}
      {contests.map((c) => (
        <article key={c.id} className="card" aria-labelledby={`c-${c.id}`}>
          <h2 id={`c-${c.id}`}>{locale === 'ru' ? c.nameRu : c.nameEn}</h2>
          <p className="muted">
            {formatDay(locale, c.periodStart)} – {formatDay(locale, c.periodEnd)} · {tm(`sarm.contest.status.${c.status}`)}
          </p>
          {c.awards.length ? (
            <div className="table-scroll">
              <table className="data-table cards">
                <caption>{t('sarm.contests.awardsOf')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('sarm.contest.rank')}</th>
                    <th scope="col">{t('sarm.contest.seller')}</th>
                    <th scope="col">{t('sarm.contest.score')}</th>
                    <th scope="col">{t('sarm.contest.prize')}</th>
                    <th scope="col">{t('sarm.contest.prizeStatus')}</th>
                  </tr>
                </thead>
                <tbody>
                  {c.awards.map((a) => (
                    <tr key={a.rank}>
                      <td data-label={t('sarm.contest.rank')} className="num">
                        {a.rank}
                      </td>
                      <td data-label={t('sarm.contest.seller')}>
                        {a.seller} <span className="muted">· {a.shop}</span>
                      </td>
                      <td data-label={t('sarm.contest.score')} className="num">
                        {a.score}
                      </td>
                      <td data-label={t('sarm.contest.prize')} className="num">
                        {formatMoney(locale, a.amountMinor)}
                      </td>
                      <td data-label={t('sarm.contest.prizeStatus')}>
                        {a.status ? tm(`ledger.status.${a.status}`) : '—'}
                        {a.holdReasons.length ? (
                          <span className="muted"> · {a.holdReasons.map((r) => tm(`ledger.hold.${r}`)).join(', ')}</span>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p className="muted">{t('sarm.contests.noAwards')}</p>
          )}
        </article>
      ))}
    </section>
  )
}
