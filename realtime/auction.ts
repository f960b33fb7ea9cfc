import { forgetAdmissions, onLotChanged, readLotChange, type LotChange } from '../app/modules/auctions/live.server'
import { placeBid } from '../app/modules/auctions/mutations.server'
import { readLotSince, readTenderLots, type Reader } from '../app/modules/auctions/queries.server'
import { SyncPayload, WatchPayload } from '../app/modules/auctions/schemas'
import { permissionsOf } from '../app/modules/auth/permissions'
import { grantScope } from '../app/modules/auth/scope.server'
import { onAuthorityChanged } from '../app/modules/auth/live.server'
import type { Role } from '../app/modules/tenancy/roles'
import { logger } from '../app/utils/logger.server'
import { businessClock } from '../app/utils/clock.server'
import type { SocketData } from './events'
import type { PortalIo } from './index'

// The auction room over Socket.IO. No rules here: bids go to the auction module, views are built there. Rooms per
// audience: `lot:<id>:buyer` for the buyer's staff and `lot:<id>:org:<orgId>` for each invited supplier, so every
// supplier gets its own view (its rank) and nothing meant for another. Room names never reach clients.

const buyerRoom = (lotId: string) => `lot:${lotId}:buyer`
const supplierRoom = (lotId: string, orgId: string) => `lot:${lotId}:org:${orgId}`

/** Bids per buyer push; the rest of the log is on the page already (see buyerView). */
const PUSHED_BIDS = 20
/** The least time between two pushes for one lot. */
const PUSH_GAP_MS = 100

/**
 * Whose auction data this event may touch, granted per event from the socket's authority as checked just before
 * (index.ts re-reads it for every event): the procurement officer reads its buyer organisation's tenders with the
 * `any` scope of manage:tender:any, a supplier its own invitations with bid:tender:org. The module puts it in SQL.
 */
function readerOf(data: SocketData): Reader | null {
  if (!data.orgId) return null
  const permissions = permissionsOf(data.role as Role | null)
  if (permissions.includes('manage:tender:any')) return { scope: grantScope('manage:tender:any', data.orgId), buyerOrgId: data.orgId }
  if (permissions.includes('bid:tender:org')) return { scope: grantScope('bid:tender:org', data.orgId) }
  return null
}

type Ack<T> = (reply: T) => void
const isAck = (value: unknown): value is Ack<never> => typeof value === 'function'

/** Sends each audience its view of a lot after a change. Pushes for one lot never overlap: changes that arrive
 * during a push are folded into the next one, which carries every event since the previous push. */
function createFanOut(io: PortalIo) {
  const lanes = new Map<string, { running: boolean; again: boolean; lastSeq: number | null; lastAt: number }>()
  // One room at a time, yielding in between: bids' acknowledgements and database replies get their turn instead of
  // waiting behind a thousand socket writes.
  const yieldTurn = () => new Promise((resolve) => setImmediate(resolve))
  const push = async (change: LotChange, afterSeq: number) => {
    const lotId = change.lotId
    io.to(buyerRoom(lotId)).emit('auction:lot', change.buyer(afterSeq))
    for (const orgId of change.invited) {
      await yieldTurn()
      io.to(supplierRoom(lotId, orgId)).emit('auction:lot', change.supplier(orgId, afterSeq))
    }
  }
  return async (lotId: string) => {
    let lane = lanes.get(lotId)
    if (!lane) lanes.set(lotId, (lane = { running: false, again: false, lastSeq: null, lastAt: 0 }))
    if (lane.running) {
      lane.again = true
      return
    }
    lane.running = true
    try {
      do {
        lane.again = false
        // Under a flood of bids, pushes for a lot go out at most every PUSH_GAP_MS, each folding in what came
        // meanwhile: reading the lot and writing to every watcher costs more than a bid.
        const wait = lane.lastAt + PUSH_GAP_MS - Date.now()
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
        lane.lastAt = Date.now()
        const change = await readLotChange(lotId, { recentBids: PUSHED_BIDS })
        if (!change) break
        if (lane.lastSeq !== null && change.seq <= lane.lastSeq) continue
        await push(change, lane.lastSeq ?? change.seq - 1)
        lane.lastSeq = change.seq
      } while (lane.again)
    } catch (error) {
      logger.warn({ err: (error as Error).message, lotId }, 'auction push failed')
    } finally {
      lane.running = false
      // A bound, not a policy: a lane only remembers the last pushed seq, and a fresh one starts from the lot's.
      if (lanes.size > 10_000) lanes.clear()
    }
  }
}

export function attachAuctionRoom(io: PortalIo) {
  io.on('connection', (socket) => {
    socket.on('auction:watch', async (payload, ack) => {
      if (!isAck(ack)) return
      try {
        const parsed = WatchPayload.safeParse(payload)
        if (!parsed.success) return ack({ ok: false, rule: 'invalid_payload' })
        const reader = readerOf(socket.data)
        const room = reader && (await readTenderLots(reader, parsed.data.tenderId))
        // Not invited and not existing look the same from outside.
        if (!room) return ack({ ok: false, rule: 'not_invited' })
        const orgId = socket.data.orgId!
        await socket.join(room.lots.map((l) => (room.audience === 'buyer' ? buyerRoom(l.lotId) : supplierRoom(l.lotId, orgId))))
        ack({ ok: true, audience: room.audience, lots: room.lots })
      } catch (error) {
        logger.warn({ err: (error as Error).message }, 'auction watch failed')
        ack({ ok: false, rule: 'unavailable' })
      }
    })

    socket.on('auction:sync', async (payload, ack) => {
      if (!isAck(ack)) return
      try {
        const parsed = SyncPayload.safeParse(payload)
        if (!parsed.success) return ack({ ok: false, rule: 'invalid_payload' })
        const reader = readerOf(socket.data)
        const since = reader && (await readLotSince(reader, parsed.data.lotId, parsed.data.afterSeq))
        if (!since) return ack({ ok: false, rule: 'not_invited' })
        ack({ ok: true, ...since })
      } catch (error) {
        logger.warn({ err: (error as Error).message }, 'auction sync failed')
        ack({ ok: false, rule: 'unavailable' })
      }
    })

    socket.on('auction:bid', async (payload, ack) => {
      if (!isAck(ack)) return
      try {
        const reader = readerOf(socket.data)
        // Only a supplier bids, for its own organisation; anyone else is "not invited", as for a lot that does not exist.
        if (reader?.scope.kind !== 'org') return ack({ ok: false, rule: 'not_invited' })
        ack(await placeBid({ scope: reader.scope, userId: socket.data.userId, payload }))
      } catch (error) {
        logger.warn({ err: (error as Error).message }, 'auction bid failed')
        ack({ ok: false, rule: 'unavailable' })
      }
    })

    socket.on('auction:ping', async (ack) => {
      if (!isAck(ack)) return
      // The database clock is the auction's only clock; the node's own is a fallback the client may still use.
      ack({
        serverNow: (
          await businessClock()
            .then((c) => c.now)
            .catch(() => new Date())
        ).toISOString(),
      })
    })
  })

  const fanOut = createFanOut(io)
  const stopLots = onLotChanged((lotId) => void fanOut(lotId))
  // Bids over HTTPS use the same admissions, so they are dropped here on every node, whether a socket is open or not.
  const stopAuthority = onAuthorityChanged((change) => forgetAdmissions(change))
  return () => {
    stopLots()
    stopAuthority()
  }
}
