import { EventEmitter } from 'node:events'
import { sql } from 'drizzle-orm'
import { db } from '../../../db/client.server'
import { rowsOf } from '../../../db/drivers.server'
import { permissionsOf } from '../auth/permissions'
import type { Role } from '../tenancy/roles'
import { singleton } from '../../utils/singleton.server'
import { contestLeaderboard, contestsCovering, type LeaderboardRow } from './contests.server'

// The live leaderboard (issue 14): after a confirmation commits, the contests whose period holds the changed days are
// announced here; the realtime layer (realtime/contests.ts) reads each board once and sends it to the contest's
// room. Who may watch: the assistants, shop managers and dealer admins of a dealer taking part, and the partner desk.

const bus = singleton('contest-events', () => {
  const emitter = new EventEmitter()
  emitter.setMaxListeners(50)
  return emitter
})

/** How many places a pushed board shows. */
export const BOARD_SIZE = 20

export async function notifyContestsForDays(days: string[]) {
  for (const id of await contestsCovering(days)) bus.emit('changed', id)
}

export function onContestChanged(listener: (contestId: string) => void) {
  bus.on('changed', listener)
  return () => bus.off('changed', listener)
}

/** Whether a socket's person may watch a contest's board: by permission, and for a dealer only a contest it is in. */
export async function mayWatchContest({ role, orgId, contestId }: { role: string | null; orgId: string | null; contestId: string }) {
  const permissions = permissionsOf(role as Role | null)
  const desk = permissions.includes('manage:sarm:any')
  const dealer = permissions.includes('read:sarm:own') || permissions.includes('read:sarm:org')
  if (!desk && !(dealer && orgId)) return false
  const [row] = rowsOf<{ ok: boolean }>(
    await db.execute(sql`
      select true as ok from contests c where c.id = ${contestId} and c.status <> 'draft'
        and (${desk} or cardinality(c.org_ids) = 0 or ${orgId}::uuid = any(c.org_ids))`),
  )
  return !!row
}

/** The published board as everyone sees it (no row marked as the viewer's: a room push is the same for all). */
export function publicBoard(contestId: string): Promise<LeaderboardRow[]> {
  return contestLeaderboard({ contestId, viewerId: null, limit: BOARD_SIZE })
}
