import { useCallback, useEffect, useRef, useState } from 'react'
import { io, type Socket } from 'socket.io-client'
import type { BidReply, ClientToServerEvents, LotView, ServerToClientEvents, SyncReply, WatchReply } from '../../../../realtime/events'
import type { LotEventView, LotPush } from '../views'

// The room's live state in the browser. The server's view is the truth: each push replaces a lot's view when it is
// newer (by seq). A push that skips seq numbers, and every reconnect, asks the server for what was missed (rebuilt
// from the bid log) and says how long the page was offline and how many events it caught up. The clock offset is
// measured against the database clock (the minimum-RTT sample of a few pings), again on reconnect and when the tab
// becomes visible.

type RoomSocket = Socket<ServerToClientEvents, ClientToServerEvents>

export type Connection = 'connecting' | 'online' | 'offline'
export interface CaughtUp {
  offlineMs: number
  events: number
  at: number
}

/** A buyer push carries only the latest bids: merge them into the log the page has, by seq (newer wins). */
function mergeBids<V extends LotView>(before: V, view: V): V {
  if (!('partialBids' in view) || !view.partialBids || !('bids' in before)) return view
  const bySeq = new Map(before.bids.map((b) => [b.seq, b]))
  for (const b of view.bids) bySeq.set(b.seq, b)
  return { ...view, bids: [...bySeq.values()].sort((a, b) => a.seq - b.seq) }
}

async function measureOffset(socket: RoomSocket): Promise<{ offsetMs: number; rttMs: number } | null> {
  let best: { offsetMs: number; rttMs: number } | null = null
  for (let i = 0; i < 3; i++) {
    const t0 = Date.now()
    const reply = await socket
      .timeout(3000)
      .emitWithAck('auction:ping')
      .catch(() => null)
    const t1 = Date.now()
    if (!reply) continue
    const rtt = t1 - t0
    const offset = Date.parse(reply.serverNow) - (t0 + rtt / 2)
    if (!best || rtt < best.rttMs) best = { offsetMs: offset, rttMs: rtt }
  }
  return best
}

export function useAuctionRoom<V extends LotView>(
  tenderId: string,
  initial: V[],
  onEvents?: (lotId: string, events: LotEventView[], before: V | undefined, after: V) => void,
) {
  const [views, setViews] = useState<Record<string, V>>(() => Object.fromEntries(initial.map((v) => [v.lotId, v])))
  const [connection, setConnection] = useState<Connection>('connecting')
  const [clock, setClock] = useState<{ offsetMs: number; rttMs: number } | null>(null)
  const [caughtUp, setCaughtUp] = useState<CaughtUp | null>(null)
  const socketRef = useRef<RoomSocket | null>(null)
  const viewsRef = useRef(views)
  viewsRef.current = views
  const onEventsRef = useRef(onEvents)
  onEventsRef.current = onEvents

  // Loader data (after an HTTPS bid or a revalidation) is newer when its seq is.
  useEffect(() => {
    setViews((current) => {
      const next = { ...current }
      for (const v of initial) if (!next[v.lotId] || v.seq > next[v.lotId].seq || v.serverNow > next[v.lotId].serverNow) next[v.lotId] = v
      return next
    })
  }, [initial])

  const apply = useCallback((pushed: V, events: LotEventView[]) => {
    const before = viewsRef.current[pushed.lotId]
    if (before && pushed.seq < before.seq) return
    const view = before ? mergeBids(before, pushed) : pushed
    viewsRef.current = { ...viewsRef.current, [view.lotId]: view }
    setViews(viewsRef.current)
    if (events.length) onEventsRef.current?.(view.lotId, events, before, view)
  }, [])

  const sync = useCallback(
    async (lotId: string, afterSeq: number) => {
      const socket = socketRef.current
      if (!socket) return 0
      const reply = (await socket
        .timeout(5000)
        .emitWithAck('auction:sync', { lotId, afterSeq })
        .catch(() => null)) as SyncReply | null
      if (!reply?.ok) return 0
      apply(reply.view as V, reply.events)
      return reply.events.length
    },
    [apply],
  )

  useEffect(() => {
    // A connection attempt that stalls (a proxy that swallows the upgrade) is given up after 5 s, not the default
    // 20 s, so reconnecting resumes quickly.
    const socket: RoomSocket = io({ transports: ['websocket'], timeout: 5000 })
    socketRef.current = socket
    let offlineSince: number | null = null
    let everConnected = false

    socket.on('connect', async () => {
      setConnection('online')
      const offset = await measureOffset(socket)
      if (offset) setClock(offset)
      const before = { ...viewsRef.current }
      const reply = (await socket
        .timeout(5000)
        .emitWithAck('auction:watch', { tenderId })
        .catch(() => null)) as WatchReply | null
      if (!reply?.ok) return
      if (everConnected && offlineSince !== null) {
        // Count what happened while away from the log, then take the views the server has now.
        let missed = 0
        for (const lotId of Object.keys(before)) missed += await sync(lotId, before[lotId].seq)
        setCaughtUp({ offlineMs: Date.now() - offlineSince, events: missed, at: Date.now() })
      }
      for (const v of reply.lots) apply(v as V, [])
      everConnected = true
      offlineSince = null
    })
    let closed = false
    socket.on('disconnect', (reason) => {
      setConnection('offline')
      offlineSince ??= Date.now()
      // The server closed this socket (the user's authority changed, or the node is going down): a new handshake
      // carries what the user may do now, or is refused.
      if (reason === 'io server disconnect') setTimeout(() => !closed && socket.connect(), 500 + Math.random() * 1000)
    })
    socket.on('connect_error', () => {
      setConnection('offline')
      offlineSince ??= Date.now()
    })
    socket.on('auction:lot', (push: LotPush<LotView>) => {
      const current = viewsRef.current[push.view.lotId]
      const first = push.events[0]?.seq
      if (current && first !== undefined && first > current.seq + 1) void sync(push.view.lotId, current.seq)
      else apply(push.view as V, current ? push.events.filter((e) => e.seq > current.seq) : [])
    })
    const onVisible = () => {
      if (document.visibilityState === 'visible' && socket.connected) void measureOffset(socket).then((o) => o && setClock(o))
    }
    document.addEventListener('visibilitychange', onVisible)
    return () => {
      document.removeEventListener('visibilitychange', onVisible)
      closed = true
      socket.disconnect()
      socketRef.current = null
    }
  }, [tenderId, apply, sync])

  /** Sends a bid over the socket, retrying with the same client bid id; null when the socket is not there. */
  const bidOverSocket = useCallback(async (lotId: string, priceMinor: number, clientBidId: string): Promise<BidReply | null> => {
    const socket = socketRef.current
    if (!socket?.connected) return null
    for (let attempt = 0; attempt < 3; attempt++) {
      const reply = (await socket
        .timeout(4000)
        .emitWithAck('auction:bid', { lotId, priceMinor, clientBidId })
        .catch(() => null)) as BidReply | null
      if (reply) return reply
      if (!socket.connected) return null
    }
    return null
  }, [])

  return { views, connection, clock, caughtUp, bidOverSocket }
}

/** Milliseconds left on the server clock, re-rendered four times a second; null until mounted (no SSR clock). */
export function useRemaining(endsAt: string, offsetMs: number, frozenAt: string | null): number | null {
  const [now, setNow] = useState<number | null>(null)
  useEffect(() => {
    setNow(Date.now())
    const timer = setInterval(() => setNow(Date.now()), 250)
    return () => clearInterval(timer)
  }, [])
  if (now === null) return null
  const reference = frozenAt ? Date.parse(frozenAt) : now + offsetMs
  return Math.max(0, Date.parse(endsAt) - reference)
}
