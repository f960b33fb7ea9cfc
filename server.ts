// The process: Express + the Remix handler + Socket.IO on one HTTP server (app/http/create-server.server.ts).
import type http from 'node:http'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { ServerBuild } from '@remix-run/node'
import { env } from './app/env.server'
import { logger } from './app/utils/logger.server'

async function main() {
  const { DataDirLockedError } = await import('./db/pglite-lock.server')
  let database: typeof import('./db/client.server').database
  try {
    ;({ database } = await import('./db/client.server'))
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      console.error(error.message)
      process.exit(1)
    }
    throw error
  }

  if (database.kind === 'pglite') {
    // The embedded database is ours alone: migrate and, when empty, seed the demo at start.
    await database.migrate()
    if (env.SEED_ON_EMPTY) {
      const { seedDemoIfEmpty } = await import('./db/seed')
      const { seedDemoCatalogIfEmpty } = await import('./db/demo-catalog')
      const seeded = await seedDemoIfEmpty(database.db)
      const catalog = await seedDemoCatalogIfEmpty(database.db)
      const { seedDemoTendersIfEmpty } = await import('./db/demo-tenders')
      const auctions = await seedDemoTendersIfEmpty(database.db)
      // Orders go through the ordering module's own functions, so they need the people and the catalog first.
      const { seedDemoOrdersIfEmpty } = await import('./db/demo-orders')
      const demoOrders = await seedDemoOrdersIfEmpty(database.db)
      const { seedDemoImportsIfEmpty } = await import('./db/demo-imports')
      const imports = await seedDemoImportsIfEmpty()
      // EDI last: its messages run through the pipeline and the desk on the catalog and people above.
      const { seedDemoEdiIfEmpty } = await import('./db/demo-edi')
      const edi = await seedDemoEdiIfEmpty(database.db)
      // Partner programmes (issue 13) on the dealers and delivered orders above.
      const { seedDemoPrmIfEmpty } = await import('./db/demo-prm')
      const prm = await seedDemoPrmIfEmpty(database.db)
      // Shop assistants (issue 14) on the dealers, their delivered products and the partner programme above.
      const { seedDemoSarmIfEmpty } = await import('./db/demo-sarm')
      const sarm = !!(await seedDemoSarmIfEmpty(database.db))
      // CRM (issue 15) last: two years of order history under everything above, then each CRM part's demo.
      const { seedDemoCrmIfEmpty } = await import('./db/demo-crm')
      const crm = await seedDemoCrmIfEmpty(database.db)
      if (seeded || catalog || auctions || demoOrders || imports || edi || prm || sarm || crm)
        logger.info(
          { people: seeded, catalog, auctions, orders: demoOrders, imports, edi, prm, sarm, crm },
          'demo data seeded into the empty embedded database',
        )
    }
  }

  const buildPath = pathToFileURL(path.resolve('build/index.js')).href
  const build = (await import(buildPath)) as ServerBuild
  const { createPortalServer } = await import('./app/http/create-server.server')
  const server = await createPortalServer({ build })
  if (env.E2E_FIXTURE_TOKEN) {
    // Test-only (playwright.config.ts sets the token): the e2e fixtures' endpoint, answered before the portal sees
    // the request. Without the variable it is not even loaded, and the path is the portal's 404.
    const { createFixtureEndpoint } = await import('./tests/e2e/fixtures/endpoint')
    mountBefore(server.httpServer, createFixtureEndpoint(env.E2E_FIXTURE_TOKEN))
    logger.warn('e2e fixture endpoint mounted (E2E_FIXTURE_TOKEN is set)')
  }
  // The EDI outbox (the desk's confirmations, shipments and deliveries of EDI orders become ORDRSP, DESADV, INVOIC)
  // and the webhook deliveries, every 2 s in this process.
  const { startEdiWorkers } = await import('./app/modules/edi/mutations.server')
  const stopEdiWorkers = startEdiWorkers()
  // The mail outbox (issue 13): sent by SMTP when SMTP_URL is set; otherwise it waits on /desk/mail.
  const { startMailSender } = await import('./app/modules/notifications/mutations.server')
  const stopMailSender = startMailSender()
  // Deal registrations whose protection ended expire (issue 13): checked hourly, and on every read of a deal.
  const { startDealSweep } = await import('./app/modules/prm/deals.server')
  const stopDealSweep = startDealSweep()
  // Partner tiers (issue 13): the monthly evaluation of every member, on the 1st (checked hourly).
  const { startTierWorker } = await import('./app/modules/prm/tiers.server')
  const stopTierWorker = startTierWorker()
  // CRM tasks (issue 15): each assignee is reminded in the inbox on the due day, once; checked every 5 minutes.
  const { startCrmTaskReminders } = await import('./app/modules/crm/tasks.server')
  const stopCrmTaskReminders = startCrmTaskReminders()
  const port = await server.listen(env.PORT, env.HOST)
  logger.info({ port, database: database.kind, redis: !!env.REDIS_URL, demo: env.DEMO_MODE }, `portal listening on http://localhost:${port}`)

  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info({ signal }, 'shutting down')
    try {
      await server.close()
      await stopEdiWorkers()
      await stopMailSender()
      stopDealSweep()
      await stopTierWorker()
      stopCrmTaskReminders()
      await database.close()
    } finally {
      process.exit(0)
    }
  }
  process.on('SIGTERM', () => void stop('SIGTERM'))
  process.on('SIGINT', () => void stop('SIGINT'))
}

/** Puts `filter` in front of the server's request listeners (Express, and Socket.IO's in front of it). */
function mountBefore(httpServer: http.Server, filter: (req: http.IncomingMessage, res: http.ServerResponse) => boolean) {
  const listeners = httpServer.listeners('request') as ((req: http.IncomingMessage, res: http.ServerResponse) => void)[]
  httpServer.removeAllListeners('request')
  httpServer.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (!filter(req, res)) for (const listener of listeners) listener.call(httpServer, req, res)
  })
}

main().catch((error) => {
  logger.fatal({ err: error }, 'portal failed to start')
  process.exit(1)
})
