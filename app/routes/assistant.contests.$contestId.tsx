import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { formatDay, formatMoney } from '../i18n/format'
import { useT } from '../i18n/react'
import { requireAssistant } from '../modules/sarm/assistant-guard.server'
import { Leaderboard, useLiveBoard } from '../modules/sarm/components/live-board'
import { getAssistantContest } from '../modules/sarm/contests.server'
import { invariantResponse, uuidParam } from '../utils/http.server'

// One contest for an assistant, phone first: the published rules and prizes, my standing, and the leaderboard
// updating live as sales are confirmed. A prize of mine shows its payout state and, if held, the plain reason.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope, user } = await requireAssistant(request)
  const found = await getAssistantContest({ scope, userId: user.id, contestId: uuidParam(params.contestId) })
  invariantResponse(found, 'error.notFound.title', { status: 404 })
  return json(found)
}

export default function AssistantContestPage() {
  const { contest, board, award } = useLoaderData<typeof loader>()
  const { t, tm, locale } = useT()
  const { rows, live } = useLiveBoard(contest.id, board)
  const me = rows.find((r) => r.mine)
  return (
    <section aria-labelledby="contest-title" className="phone-first">
      <p>
        <Link to="/assistant/contests">← {t('sarm.contests.title')}</Link>
      </p>
      <h1 id="contest-title">{locale === 'ru' ? contest.nameRu : contest.nameEn}</h1>
      <p className="muted">
        {formatDay(locale, contest.periodStart)} – {formatDay(locale, contest.periodEnd)} · {tm(`sarm.contest.status.${contest.status}`)}
      </p>
      <p className="card" role="status">
        {me
          ? t('sarm.board.myStanding', { rank: me.rank, score: contest.metric === 'revenue' ? formatMoney(locale, me.score) : me.score })
          : t('sarm.board.notRanked')}
      </p>
      {award ? (
        <p className="card">
          {t('sarm.contests.mine', { rank: award.rank, amount: formatMoney(locale, award.amountMinor) })} ·{' '}
          {award.status ? tm(`ledger.status.${award.status}`) : ''}
          {award.holdReasons.length ? <span className="muted"> · {award.holdReasons.map((r) => tm(`ledger.hold.${r}`)).join(', ')}</span> : null}
        </p>
      ) : null}
      <Leaderboard rows={rows} metric={contest.metric} live={live} />
      <h2>{t('sarm.contests.prizesList')}</h2>
      <ul>
        {contest.prizes.map((p) => (
          <li key={p.rank}>{t('sarm.contests.placeAmount', { rank: p.rank, amount: formatMoney(locale, p.amountMinor) })}</li>
        ))}
      </ul>
      <p className="muted">{t('sarm.board.qualifyNote', { min: contest.minActiveSellers })}</p>
      <h2>{t('sarm.contest.rules')}</h2>
      <p className="prewrap">{locale === 'ru' ? contest.rulesRu : contest.rulesEn}</p>
    </section>
  )
}
