import path from 'node:path'
import { defineConfig } from 'vitest/config'

// Three tiers (STYLE.md): unit tests beside the code, integration tests on a real database (PGlite by default,
// PostgreSQL when DATABASE_URL is set), end-to-end in Playwright (playwright.config.ts).
const env = {
  NODE_ENV: 'test',
  LOG_LEVEL: 'silent',
  COOKIE_SECURE: 'false',
  DEMO_MODE: 'false',
  SEED_ON_EMPTY: 'false',
} as const

export default defineConfig({
  resolve: { alias: { '~': path.resolve(__dirname, 'app') } },
  test: {
    env,
    pool: 'forks',
    // Two cores: two forks; each integration test file gets its own fresh database.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['app/**/*.test.ts', 'app/**/*.test.tsx', 'db/**/*.test.ts'],
          exclude: ['**/*.integration.test.ts', 'node_modules/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts', 'app/**/*.integration.test.ts'],
          globalSetup: ['tests/setup/global-build.ts', 'tests/setup/global-database.ts'],
          setupFiles: ['tests/setup/database.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
})
