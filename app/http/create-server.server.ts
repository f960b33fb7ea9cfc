import crypto from 'node:crypto'
import http from 'node:http'
import path from 'node:path'
import { createRequestHandler } from '@remix-run/express'
import type { ServerBuild } from '@remix-run/node'
import compression from 'compression'
import express from 'express'
import { createRealtime } from '../../realtime'
import { runInTenantScope } from '../../db/tenant-scope.server'
import { env } from '../env.server'
import { checkDatabase } from '../modules/auth/queries.server'
import { logger } from '../utils/logger.server'
import { loginShield } from './login-shield.server'
import { bodyLimit, nonceMiddleware, originCheck, requestTargetCheck, securityHeaders } from './security.server'

export interface PortalServer {
  httpServer: http.Server
  listen(port: number, host?: string): Promise<number>
  /** Graceful stop: refuse new work, finish requests in flight, close sockets and the database. */
  close(): Promise<void>
}

export async function createPortalServer(options: { build: ServerBuild | (() => Promise<ServerBuild>); root?: string }): Promise<PortalServer> {
  const root = options.root ?? process.cwd()
  const app = express()
  let draining = false

  app.disable('x-powered-by')
  // Only the configured number of proxy hops may set the client IP: a client-chosen X-Forwarded-For would
  // otherwise give every login guess a fresh rate-limit bucket (ASVS V15.3.4).
  app.set('trust proxy', env.TRUST_PROXY_HOPS > 0 ? env.TRUST_PROXY_HOPS : false)

  app.use((req, res, next) => {
    const started = process.hrtime.bigint()
    const requestId = crypto.randomUUID()
    res.setHeader('X-Request-Id', requestId)
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6
      const line = { requestId, method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms * 10) / 10, ip: req.ip }
      if (res.statusCode >= 500) logger.error(line, 'request failed')
      else logger.info(line, 'request')
    })
    next()
  })
  app.use(requestTargetCheck)

  app.get('/healthz', (_req, res) => {
    res.type('application/json').send({ status: 'ok' })
  })
  app.get('/readyz', async (_req, res) => {
    if (draining) return res.status(503).type('application/json').send({ status: 'draining' })
    const { ready, database } = await checkDatabase()
    if (ready) res.type('application/json').send({ status: 'ready', database })
    else res.status(503).type('application/json').send({ status: 'unavailable', database })
  })

  app.use(nonceMiddleware, securityHeaders)
  app.use(compression())
  app.use('/build', express.static(path.join(root, 'public/build'), { immutable: true, maxAge: '1y' }))
  app.use(express.static(path.join(root, 'public'), { maxAge: '1h', index: false }))
  app.use(originCheck, bodyLimit)
  app.post('/login', loginShield)
  // Every request gets its own tenant scope, which the guard binds to the caller's organisation (row-level
  // security, db/tenant-scope.server.ts).
  app.use((_req, _res, next) => runInTenantScope(next))
  app.use((req, res, next) => {
    // Pages behind sign-in must not be kept by shared caches (ASVS V14.3.2).
    res.setHeader('Cache-Control', 'no-store')
    next()
  })

  app.all(
    '*',
    createRequestHandler({
      build: options.build,
      mode: env.NODE_ENV,
      getLoadContext: (req, res) => ({ cspNonce: res.locals.cspNonce as string, clientIp: req.ip ?? 'unknown' }),
    }),
  )

  const httpServer = http.createServer(app)
  const realtime = await createRealtime(httpServer)

  return {
    httpServer,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        httpServer.once('error', reject)
        httpServer.listen(port, host, () => {
          const address = httpServer.address()
          resolve(typeof address === 'object' && address ? address.port : port)
        })
      }),
    close: async () => {
      draining = true
      const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()))
      httpServer.closeIdleConnections()
      await realtime.close()
      const deadline = new Promise<void>((resolve) => setTimeout(resolve, env.SHUTDOWN_TIMEOUT_MS).unref())
      await Promise.race([closed, deadline])
      httpServer.closeAllConnections()
    },
  }
}
