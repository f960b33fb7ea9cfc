import type { Server as HttpServer, IncomingMessage } from 'node:http'
import { createAdapter } from '@socket.io/redis-streams-adapter'
import { createClient } from 'redis'
import { Server, type Socket } from 'socket.io'
import { getAuth, handshakeStillHolds } from '../app/modules/auth/guards.server'
import { onAuthorityChanged, publishAuthorityChanged, type AuthorityChange } from '../app/modules/auth/live.server'
import { onCatalogChanged } from '../app/modules/catalog/live.server'
import { startAuctionClock } from '../app/modules/auctions/live.server'
import { attachAuctionRoom } from './auction'
import { attachContestRooms } from './contests'
import { env } from '../app/env.server'
import { isRoleOfKind } from '../app/modules/tenancy/roles'
import { runInTenantScope } from '../db/tenant-scope.server'
import { logger } from '../app/utils/logger.server'
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from './events'

export type PortalIo = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>
type PortalSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>

// Rooms by authority, so a change reaches exactly the sockets it concerns: a session, a user, one user's membership
// of one organisation, and everyone acting for an organisation.
const memberRoom = (orgId: string, userId: string) => `member:${orgId}:${userId}`
const orgRoom = (orgId: string) => `org:${orgId}`
function roomsOf(change: AuthorityChange) {
  return [
    ...(change.sessionIds ?? []).map((id) => `session:${id}`),
    ...(change.userIds ?? []).map((id) => `user:${id}`),
    ...(change.members ?? []).map((m) => memberRoom(m.orgId, m.userId)),
    ...(change.orgIds ?? []).map(orgRoom),
  ]
}

/** How long a socket's re-read authority is trusted: bids come in bursts, and a change closes the socket anyway. */
const AUTHORITY_TTL_MS = 1000
const checks = new WeakMap<PortalSocket, { until: number; holds: Promise<boolean> }>()
/** One read per socket at a time: packets arriving meanwhile wait on the same read, so they keep their order. */
function authorityHolds(socket: PortalSocket) {
  const cached = checks.get(socket)
  if (cached && cached.until > Date.now()) return cached.holds
  const holds = handshakeStillHolds(socket.data)
  checks.set(socket, { until: Date.now() + AUTHORITY_TTL_MS, holds })
  holds.catch(() => checks.delete(socket))
  return holds
}

function requestOrigin(req: IncomingMessage) {
  const host = req.headers.host
  // Behind TLS-terminating proxies the configured ALLOWED_ORIGINS is the source of truth; this is the fallback.
  return host ? [`http://${host}`, `https://${host}`] : []
}

/** Socket.IO on the same HTTP server as Express and Remix. No business rules here: handlers call app modules. */
export async function createRealtime(httpServer: HttpServer): Promise<{ io: PortalIo; close: () => Promise<void> }> {
  const io: PortalIo = new Server(httpServer, {
    serveClient: false,
    // Every message here is small; a larger one is refused by closing the connection.
    maxHttpBufferSize: 64 * 1024,
    // The handshake is a state-changing request too (ASVS V4.4.2): a foreign Origin is refused before auth.
    allowRequest: (req, callback) => {
      const origin = req.headers.origin
      const allowed = env.ALLOWED_ORIGINS.length ? env.ALLOWED_ORIGINS : requestOrigin(req)
      callback(origin && allowed.includes(origin) ? null : 'origin not allowed', !!origin && allowed.includes(origin))
    },
  })

  let redis: ReturnType<typeof createClient> | undefined
  if (env.REDIS_URL) {
    redis = createClient({ url: env.REDIS_URL })
    // An unhandled 'error' event would end the process when Redis goes away; the adapter resumes the stream.
    redis.on('error', (error) => logger.warn({ err: error.message }, 'redis error'))
    await redis.connect()
    io.adapter(createAdapter(redis))
  }

  // The same session cookie as the web pages authenticates the handshake (ASVS V4.4.4).
  io.use(async (socket, next) => {
    try {
      const req = socket.request
      const url = `http://localhost${req.url ?? '/'}`
      const request = new Request(url, { headers: { cookie: req.headers.cookie ?? '' } })
      const auth = await getAuth(request)
      if (!auth) return next(new Error('unauthorized'))
      socket.data = { sessionId: auth.session.id, userId: auth.user.id, orgId: auth.org?.id ?? null, role: auth.role }
      // People who buy hear about price and stock changes; the room name carries no organisation.
      const buyer = auth.permissions.includes('create:order:org')
      const org = auth.org ? [orgRoom(auth.org.id), memberRoom(auth.org.id, auth.user.id)] : []
      await socket.join([`session:${auth.session.id}`, `user:${auth.user.id}`, ...org, ...(buyer ? ['buyers'] : [])])
      next()
    } catch (error) {
      logger.error({ err: (error as Error).message }, 'socket auth failed')
      next(new Error('unavailable'))
    }
  })

  io.on('connection', (socket) => {
    // Every event is checked against the authority as it is now, not as it was at the handshake. A socket whose
    // authority no longer holds is refused and closed: its client re-handshakes with what it may do now.
    socket.use(([, ...args], next) => {
      const ack = args.at(-1)
      const refuse = (rule: 'not_authorised' | 'unavailable') => typeof ack === 'function' && ack({ ok: false, rule })
      authorityHolds(socket).then(
        (holds) => {
          if (!holds) {
            refuse('not_authorised')
            socket.disconnect(true)
            return
          }
          // As for a web request (guards.server.ts): the event's queries see only its organisation's rows, unless
          // it is the operator's staff, who read every tenant (row-level security, db/tenant-scope.server.ts).
          const { orgId, userId, role } = socket.data
          const bound = orgId && role && !isRoleOfKind(role, 'operator')
          runInTenantScope(() => next(), bound ? { orgId, userId } : null)
        },
        (error: Error) => {
          logger.warn({ err: error.message }, 'socket authority check failed')
          refuse('unavailable')
        },
      )
    })
    socket.on('session:whoami', (ack) => {
      if (typeof ack !== 'function') return
      ack({ userId: socket.data.userId, orgId: socket.data.orgId, role: socket.data.role })
    })
  })

  // Each node closes its own affected sockets; a change published here is carried to the other nodes through the
  // adapter, where it is published again (so their caches of authority are dropped too) but not carried further.
  const stopAuthority = onAuthorityChanged((change, { remote }) => {
    io.local.in(roomsOf(change)).disconnectSockets(true)
    if (!remote && redis) io.serverSideEmit('authority:changed', change)
  })
  io.on('authority:changed', (change) => publishAuthorityChanged(change, { remote: true }))
  // Every node publishes its own changes; through the adapter they reach the buyers on every node.
  const stopCatalog = onCatalogChanged((change) => io.to('buyers').emit('catalog:changed', change))
  const stopAuctions = attachAuctionRoom(io)
  const stopContests = attachContestRooms(io)
  const stopClock = startAuctionClock()
  const stop = async () => {
    stopAuthority()
    stopCatalog()
    stopAuctions()
    stopContests()
    await stopClock()
  }

  return {
    io,
    close: async () => {
      await stop()
      // Only this node's sockets: with the Redis adapter a plain io.emit would reach every node's clients.
      io.local.emit('server:restarting')
      io.local.disconnectSockets(true)
      await new Promise<void>((resolve) => io.close(() => resolve()))
      if (redis?.isOpen) await redis.quit().catch(() => {})
    },
  }
}
