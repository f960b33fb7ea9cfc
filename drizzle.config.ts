import { defineConfig } from 'drizzle-kit'

// `npm run db:generate` writes SQL migrations from db/schema; they are committed and applied by
// db/migrate.ts (PostgreSQL) or at start (PGlite). `push` is never used: it prompts without a TTY.
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema/index.ts',
  out: './db/migrations',
  casing: 'snake_case',
})
