import { onLotChanged } from '../app/modules/auctions/live.server'
import { businessClock } from '../app/utils/clock.server'
import { onAuthorityChanged } from '../app/modules/auth/live.server'
import { forgetAdmissions, placeBid, who } from '../app/modules/auctions/room.server'
import { SyncPayload, WatchPayload } from '../app/modules/auctions/schemas'
import { audienceOf, buyerEvents, buyerView, loadLots, lotIdsOf, supplierEvents, supplierView, tenderOfLot, type LotState } from '../app/modules/auctions/views.server'
import { logger } from '../app/utils/logger.server'
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

type Ack<T> = (reply: T) => void
const isAck = (value: unknown): value is Ack<never> => typeof value === 'function'

/** Sends each audience its view of a lot after a change. Pushes for one lot never overlap: changes that arrive
 * during a push are folded into the next one, which carries every event since the previous push. */
function createFanOut(io: PortalIo) {
  const lanes = new Map<string, { running: boolean; again: boolean; lastSeq: number | null; lastAt: number }>()
  // One room at a time, yielding in between: bids' acknowledgements and database replies get their turn instead of
  // waiting behind a thousand socket writes.
  const yieldTurn = () => new Promise((resolve) => setImmediate(resolve))
  const push = async (state: LotState, afterSeq: number) => {
    const lotId = state.lot.id
    io.to(buyerRoom(lotId)).emit('auction:lot', { view: buyerView(state, { recentBids: PUSHED_BIDS }), events: buyerEvents(state, afterSeq) })
    for (const orgId of state.invited) {
      await yieldTurn()
      io.to(supplierRoom(lotId, orgId)).emit('auction:lot', { view: supplierView(state, orgId), events: supplierEvents(state, orgId, afterSeq) })
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
        const [state] = await loadLots([lotId])
        if (!state) break
        if (lane.lastSeq !== null && state.lot.seq <= lane.lastSeq) continue
        await push(state, lane.lastSeq ?? state.lot.seq - 1)
        lane.lastSeq = state.lot.seq
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
    const bidder = () => ({ userId: socket.data.userId, orgId: socket.data.orgId, role: socket.data.role })

    socket.on('auction:watch', async (payload, ack) => {
      if (!isAck(ack)) return
      try {
        const parsed = WatchPayload.safeParse(payload)
        if (!parsed.success) return ack({ ok: false, rule: 'invalid_payload' })
        const audience = await audienceOf(parsed.data.tenderId, who(bidder()))
        // Not invited and not existing look the same from outside.
        if (!audience) return ack({ ok: false, rule: 'not_invited' })
        const lotIds = await lotIdsOf(parsed.data.tenderId)
        const orgId = socket.data.orgId!
        await socket.join(lotIds.map((id) => (audience === 'buyer' ? buyerRoom(id) : supplierRoom(id, orgId))))
        const states = await loadLots(lotIds)
        ack({ ok: true, audience, lots: states.map((s) => (audience === 'buyer' ? buyerView(s) : supplierView(s, orgId))) })
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
        const tenderId = await tenderOfLot(parsed.data.lotId)
        const audience = tenderId ? await audienceOf(tenderId, who(bidder())) : null
        if (!audience) return ack({ ok: false, rule: 'not_invited' })
        const [state] = await loadLots([parsed.data.lotId])
        const orgId = socket.data.orgId!
        if (audience === 'buyer') ack({ ok: true, view: buyerView(state), events: buyerEvents(state, parsed.data.afterSeq) })
        else ack({ ok: true, view: supplierView(state, orgId), events: supplierEvents(state, orgId, parsed.data.afterSeq) })
      } catch (error) {
        logger.warn({ err: (error as Error).message }, 'auction sync failed')
        ack({ ok: false, rule: 'unavailable' })
      }
    })

    socket.on('auction:bid', async (payload, ack) => {
      if (!isAck(ack)) return
      try {
        ack(await placeBid(bidder(), payload))
      } catch (error) {
        logger.warn({ err: (error as Error).message }, 'auction bid failed')
        ack({ ok: false, rule: 'unavailable' })
      }
    })

    socket.on('auction:ping', async (ack) => {
      if (!isAck(ack)) return
      // The database clock is the auction's only clock; the node's own is a fallback the client may still use.
      ack({ serverNow: (await businessClock().then((c) => c.now).catch(() => new Date())).toISOString() })
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
