import crypto from 'node:crypto'
import os from 'node:os'
import path from 'node:path'
import { defineConfig } from '@playwright/test'

// End-to-end in Debian's Chromium (stack-notes P17): no browser download. The server is the real process on a
// fresh embedded database (seeded with the demo, which only the demo-list test reads); DATABASE_URL is never
// passed to it.
const port = Number(process.env.E2E_PORT ?? 3100)
// Named once in the runner and inherited by its workers through the environment, so the teardown removes exactly
// this run's folder (other runs on the same machine keep theirs).
const dataDir = (process.env.PORTAL_E2E_DATA_DIR ??= path.join(os.tmpdir(), `portal-e2e-${process.pid}-${Date.now()}`))
// The bearer token of the test-only fixture endpoint (tests/e2e/fixtures/endpoint.ts): made per run in the runner,
// inherited by the workers (whose fixtures send it) and given to the server, which mounts the endpoint only then.
const fixtureToken = (process.env.E2E_FIXTURE_TOKEN ??= crypto.randomBytes(32).toString('hex'))
const serverEnv: Record<string, string> = {}
for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'DATABASE_URL' && k !== 'REDIS_URL') serverEnv[k] = v
Object.assign(serverEnv, {
  NODE_ENV: 'production',
  PORT: String(port),
  HOST: '127.0.0.1',
  PGLITE_DATA_DIR: dataDir,
  DEMO_MODE: 'true',
  SEED_ON_EMPTY: 'true',
  LOG_LEVEL: 'warn',
  E2E_FIXTURE_TOKEN: fixtureToken,
})

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: false,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  reporter: 'list',
  timeout: 30_000,
  expect: { timeout: 7_000 },
  globalTeardown: './tests/e2e/global-teardown.ts',
  use: {
    baseURL: `http://localhost:${port}`,
    // The market is Russian-speaking first: the browser asks for Russian, as most users' browsers do.
    locale: 'ru-RU',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--headless',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  // Every test makes its own people and data (the login/make fixtures, tests/playwright-utils.ts); journeys still
  // run after the page tests rather than beside them, so their timings are not squeezed by a full worker pool.
  projects: [
    {
      name: 'pages',
      testIgnore: /(order-journey|live-cart|auction-journey|catalog-import|partial-confirmation|buy-from-catalog|prm-[a-z-]+)\.spec\.ts/,
    },
    {
      name: 'journeys',
      testMatch: /(order-journey|live-cart|catalog-import|partial-confirmation|buy-from-catalog|prm-[a-z-]+)\.spec\.ts/,
      dependencies: ['pages'],
    },
    // The auction journey keeps three browser contexts and the room busy for a minute and a half: alone, so the
    // order journeys' timings are not squeezed beside it.
    { name: 'auctions', testMatch: /auction-journey\.spec\.ts/, dependencies: ['journeys'] },
  ],
  webServer: {
    command: `node --import tsx server.ts`,
    url: `http://localhost:${port}/readyz`,
    env: { ...serverEnv, E2E_DATA_DIR: dataDir },
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
})
