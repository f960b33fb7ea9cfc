import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { PGlite, type PGliteOptions } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { sql, type ExtractTablesWithRelations, type SQLWrapper } from 'drizzle-orm'
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js'
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator'
import postgres from 'postgres'
import * as schema from './schema'

// The two drivers behind one Database interface. No side effects here: tests build their own instances and
// register them before db/client.server.ts picks the process-wide one.

type Schema = typeof schema
/** Both drivers share this type, so module code never knows which one it runs on. */
export type Db = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>
/** A function that works inside a caller's transaction or on its own. */
export type DbOrTx = Db | Tx

export interface Database {
  db: Db
  kind: 'pglite' | 'postgres'
  migrate(): Promise<void>
  ping(): Promise<void>
  close(): Promise<void>
}

export function migrationsFolder() {
  // From db/ in the source tree; the Remix build lives in build/, one level down as well.
  const here = path.dirname(fileURLToPath(import.meta.url))
  for (const candidate of [path.join(here, 'migrations'), path.join(here, '..', 'db', 'migrations')]) {
    if (fs.existsSync(path.join(candidate, 'meta', '_journal.json'))) return candidate
  }
  return path.join(process.cwd(), 'db', 'migrations')
}

/**
 * A PGlite instance with the extensions our migrations use (pg_trgm for typo-tolerant catalog search): PGlite
 * bundles contrib extensions but loads only those passed here. Every PGlite in the app and tests comes from here.
 */
export function newPglite(dataDir?: string, options: Omit<PGliteOptions, 'extensions' | 'dataDir'> = {}) {
  return new PGlite({ ...options, dataDir, extensions: { pg_trgm } })
}

export function openPglite(client: PGlite, release: () => void = () => {}): Database {
  const db = drizzlePglite({ client, schema, casing: 'snake_case' }) as unknown as Db
  return {
    db,
    kind: 'pglite',
    migrate: () => migratePglite(db as never, { migrationsFolder: migrationsFolder() }),
    ping: async () => {
      await client.query('select 1')
    },
    close: async () => {
      if (!client.closed) await client.close()
      release()
    },
  }
}

export function openPostgres(url: string, options: { max?: number; applicationName?: string } = {}): Database {
  const sql = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    connection: { application_name: options.applicationName ?? 'portal' },
  })
  const db = drizzlePostgres({ client: sql, schema, casing: 'snake_case' }) as unknown as Db
  return {
    db,
    kind: 'postgres',
    migrate: () => migratePostgres(db as never, { migrationsFolder: migrationsFolder() }),
    ping: async () => {
      await sql`select 1`
    },
    close: () => sql.end({ timeout: 5 }),
  }
}


/** Rows of a raw `db.execute(sql…)`: postgres.js returns an array, PGlite an object with `rows`. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[]
}

/** A unique-constraint violation (optionally of one named constraint), as either driver reports it. */
export function isUniqueViolation(error: unknown, constraint?: string) {
  const e = error as { code?: string; constraint_name?: string; constraint?: string; cause?: unknown }
  const inner = (e?.cause ?? e) as { code?: string; constraint_name?: string; constraint?: string }
  if (inner?.code !== '23505') return false
  return !constraint || inner.constraint_name === constraint || inner.constraint === constraint
}

/**
 * A timestamp as ISO 8601 text in UTC, to the millisecond or the microsecond: JavaScript dates keep milliseconds
 * only, and a bid's receipt time goes into its hash to the microsecond.
 */
export function isoText(value: SQLWrapper, precision: 'ms' | 'us' = 'ms') {
  return sql<string>`to_char((${value}) at time zone 'UTC', ${sql.raw(precision === 'us' ? `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'` : `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`)})`
}
