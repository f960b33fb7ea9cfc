import { useEffect, useState } from 'react'
import { io } from 'socket.io-client'
import type { ContestBoard, ContestWatchReply } from '../../../../realtime/events'
import { formatMoney } from '../../../i18n/format'
import { useT } from '../../../i18n/react'
import type { LeaderboardRow } from '../contests.server'

/**
 * A contest's leaderboard that updates itself: it joins the contest's room, and when a push says the board changed
 * it asks again for its own view (the push is the same for everyone; only the ask marks the viewer's row). Without a
 * socket the board the page was rendered with stays, correct as of then.
 */
export function useLiveBoard(contestId: string, initial: LeaderboardRow[]) {
  const [rows, setRows] = useState(initial)
  const [live, setLive] = useState(false)
  useEffect(() => {
    const socket = io({ transports: ['websocket'], timeout: 5000 })
    const watch = () =>
      socket.emit('contest:watch', { contestId }, (reply: ContestWatchReply) => {
        if (reply.ok) {
          setRows(reply.rows)
          setLive(true)
        }
      })
    const onBoard = (board: ContestBoard) => {
      if (board.contestId !== contestId) return
      setRows(board.rows)
      watch()
    }
    socket.on('connect', watch)
    socket.on('contest:board', onBoard)
    return () => {
      socket.off('contest:board', onBoard)
      socket.disconnect()
    }
  }, [contestId])
  return { rows, live }
}

export function Leaderboard({ rows, metric, live }: { rows: LeaderboardRow[]; metric: 'units' | 'revenue'; live: boolean }) {
  const { t, locale } = useT()
  if (!rows.length) return <p>{t('sarm.board.empty')}</p>
  return (
    <div className="table-scroll">
      <table className="data-table cards leaderboard" data-live={live ? 'yes' : undefined}>
        <caption>
          {t('sarm.board.title')} <span className="muted small">{t('sarm.board.live')}</span>
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('sarm.contest.rank')}</th>
            <th scope="col">{t('sarm.contest.seller')}</th>
            <th scope="col">{t('sarm.board.dealer')}</th>
            <th scope="col">{t('sarm.board.region')}</th>
            <th scope="col">{t('sarm.contest.score')}</th>
          </tr>
        </thead>
        <tbody aria-live="polite">
          {rows.map((r) => (
            <tr key={`${r.rank}-${r.seller}`} className={r.mine ? 'mine' : undefined}>
              <td data-label={t('sarm.contest.rank')} className="num">
                {r.rank}
              </td>
              <td data-label={t('sarm.contest.seller')}>
                {r.seller}
                {r.mine ? <strong> ({t('sarm.board.me')})</strong> : null}
              </td>
              <td data-label={t('sarm.board.dealer')}>{r.dealer}</td>
              <td data-label={t('sarm.board.region')}>{r.region}</td>
              <td data-label={t('sarm.contest.score')} className="num">
                {metric === 'revenue' ? formatMoney(locale, r.score) : r.score}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
