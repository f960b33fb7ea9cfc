import { z } from 'zod'
import { BOARD_SIZE, mayWatchContest, onContestChanged, publicBoard } from '../app/modules/sarm/contest-live.server'
import { contestLeaderboard } from '../app/modules/sarm/contests.server'
import { logger } from '../app/utils/logger.server'
import type { PortalIo } from './index'

// The contests' live leaderboards over Socket.IO (issue 14). No rules here: who may watch and what a board shows
// are the sarm module's. One room per contest; a push carries the published board, the same for everyone in the
// room, and the client asks again (`contest:watch`) for its own row.

const contestRoom = (contestId: string) => `contest:${contestId}`
const WatchPayload = z.object({ contestId: z.string().uuid() })
/** The least time between two pushes of one board: a POS import confirms hundreds of sales at once. */
const PUSH_GAP_MS = 250

export function attachContestRooms(io: PortalIo) {
  io.on('connection', (socket) => {
    socket.on('contest:watch', async (payload, ack) => {
      if (typeof ack !== 'function') return
      try {
        const parsed = WatchPayload.safeParse(payload)
        if (!parsed.success) return ack({ ok: false, rule: 'invalid_payload' })
        const { contestId } = parsed.data
        const { role, orgId, userId } = socket.data
        // Not taking part and not existing look the same from outside.
        if (!(await mayWatchContest({ role, orgId, contestId }))) return ack({ ok: false, rule: 'not_invited' })
        await socket.join(contestRoom(contestId))
        ack({ ok: true, contestId, rows: await contestLeaderboard({ contestId, viewerId: userId, limit: BOARD_SIZE }) })
      } catch (error) {
        logger.warn({ err: (error as Error).message }, 'contest watch failed')
        ack({ ok: false, rule: 'unavailable' })
      }
    })
  })

  const pending = new Map<string, ReturnType<typeof setTimeout>>()
  const push = async (contestId: string) => {
    pending.delete(contestId)
    try {
      io.to(contestRoom(contestId)).emit('contest:board', { contestId, rows: await publicBoard(contestId) })
    } catch (error) {
      logger.warn({ err: (error as Error).message, contestId }, 'contest push failed')
    }
  }
  const stop = onContestChanged((contestId) => {
    if (!pending.has(contestId))
      pending.set(
        contestId,
        setTimeout(() => void push(contestId), PUSH_GAP_MS),
      )
  })
  return () => {
    stop()
    for (const timer of pending.values()) clearTimeout(timer)
    pending.clear()
  }
}
