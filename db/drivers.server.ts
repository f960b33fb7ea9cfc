import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { PGlite, type PGliteOptions } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { sql, type ExtractTablesWithRelations, type Logger, type SQLWrapper } from 'drizzle-orm'
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js'
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator'
import postgres from 'postgres'
import * as schema from './schema'
import { currentTenant, type TenantBinding } from './tenant-scope.server'

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
  /** Applies the migrations as the tables' owner. */
  migrate(): Promise<void>
  /** Refreshes the planner's statistics (only the owner may), e.g. after a bulk load. */
  analyze(): Promise<void>
  /** Runs SQL as the tables' owner, not the app role: maintenance, and tests that plant faults (triggers). */
  executeAsOwner(statements: string): Promise<void>
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
// bytea through Node's own hex codec: PGlite's (0.5) turns each byte into a string of its own and back, which
// costs 100 ms each way for a 350 KB EDI interchange archived in edi_transmissions (bench:edi).
const BYTEA = 17
const byteaCodec = {
  serializers: {
    [BYTEA]: (x: unknown) => {
      if (!(x instanceof Uint8Array)) throw new Error('Invalid input for bytea type')
      return `\\x${Buffer.from(x.buffer, x.byteOffset, x.byteLength).toString('hex')}`
    },
  },
  parsers: { [BYTEA]: (text: string) => Buffer.from(text.slice(2), 'hex') },
}

export function newPglite(dataDir?: string, options: Omit<PGliteOptions, 'extensions' | 'dataDir'> = {}) {
  return new PGlite({
    ...options,
    dataDir,
    extensions: { pg_trgm },
    serializers: { ...byteaCodec.serializers, ...options.serializers },
    parsers: { ...byteaCodec.parsers, ...options.parsers },
  })
}

/** The role the app acts as: not the tables' owner, no BYPASSRLS (created by migration 0014). */
export const DEFAULT_APP_ROLE = 'portal_app'

// Binds a statement or a transaction to one organisation for the RLS policies of migration 0014. Transaction-
// local (is_local = true), so a pooled connection never carries one request's organisation into the next.
const BIND_TENANT = `select set_config('app.scope', 'org', true), set_config('app.org_id', $1, true), set_config('app.user_id', $2, true)`
const bindParams = (t: TenantBinding) => [t.orgId, t.userId ?? '']

/**
 * PGlite's single session acts as the app role once migration 0014 has created it (PGlite's own user is a
 * superuser, which RLS would not apply to); migrations switch back to the owner for their run.
 */
function scopedPglite(client: PGlite, appRole: string) {
  let ready: Promise<void> | null = null
  const actAsApp = async () => {
    const found = await client.query<{ exists: boolean }>(
      'select exists (select from pg_roles where rolname = $1 and not rolsuper and not rolbypassrls) as exists',
      [appRole],
    )
    if (found.rows[0]?.exists) await client.exec(`set role ${quoteIdent(appRole)}`)
    await client.exec(`set app.scope = 'any'`)
  }
  const ensureReady = () => (ready ??= actAsApp())
  type Tx = Parameters<Parameters<PGlite['transaction']>[0]>[0]
  const wrapped = new Proxy(client, {
    get(target, prop) {
      if (prop === 'query')
        return async (query: string, params?: unknown[], options?: object) => {
          await ensureReady()
          const tenant = currentTenant()
          if (!tenant) return target.query(query, params, options)
          return target.transaction(async (tx) => {
            await tx.query(BIND_TENANT, bindParams(tenant))
            return tx.query(query, params, options)
          })
        }
      if (prop === 'transaction')
        return async <T>(fn: (tx: Tx) => Promise<T>) => {
          await ensureReady()
          const tenant = currentTenant()
          return target.transaction(async (tx) => {
            if (tenant) await tx.query(BIND_TENANT, bindParams(tenant))
            return fn(tx)
          })
        }
      const value = Reflect.get(target, prop, target)
      // PGlite keeps private fields: its methods must run on the instance itself, not on the proxy.
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
  return {
    wrapped,
    /** Runs `fn` as the owner (migrations, ANALYZE), then acts as the app role again. */
    asOwner: async <T>(fn: () => Promise<T>) => {
      await ensureReady()
      await client.exec('reset role')
      try {
        return await fn()
      } finally {
        ready = null
        await ensureReady()
      }
    },
  }
}

export function openPglite(client: PGlite, release: () => void = () => {}, options: { appRole?: string; logger?: Logger } = {}): Database {
  const scoped = scopedPglite(client, options.appRole ?? DEFAULT_APP_ROLE)
  const db = drizzlePglite({ client: scoped.wrapped, schema, casing: 'snake_case', logger: options.logger }) as unknown as Db
  return {
    db,
    kind: 'pglite',
    migrate: () => scoped.asOwner(() => migratePglite(drizzlePglite({ client, casing: 'snake_case' }), { migrationsFolder: migrationsFolder() })),
    analyze: () => scoped.asOwner(() => client.exec('analyze').then(() => {})),
    executeAsOwner: (statements) => scoped.asOwner(() => client.exec(statements).then(() => {})),
    ping: async () => {
      await client.query('select 1')
    },
    close: async () => {
      if (!client.closed) await client.close()
      release()
    },
  }
}

/**
 * postgres.js, wrapped so that a bound scope reaches the database: a transaction starts with the binding, and a
 * single statement runs as a two-statement transaction (binding and statement pipelined in one round trip).
 * Unbound work runs as is, under the connection's session default app.scope = 'any'.
 */
function scopedPostgres(sql: postgres.Sql) {
  type Unsafe = postgres.Sql['unsafe']
  const unsafe = (query: string, params?: unknown[], options?: Parameters<Unsafe>[2]) => {
    const tenant = currentTenant()
    if (!tenant) return sql.unsafe(query, params as never, options)
    const run = (values: boolean) =>
      sql.begin(async (tx) => {
        // postgres.js sends a query when it is first awaited: the binding goes first, the statement behind it.
        const bind = tx.unsafe(BIND_TENANT, bindParams(tenant))
        const statement = tx.unsafe(query, params as never, options)
        const [, rows] = await Promise.all([bind, values ? statement.values() : statement])
        return rows
      })
    // drizzle either awaits the query or asks for `.values()` (array rows) first.
    return {
      values: () => run(true),
      then: (resolve: (v: unknown) => unknown, reject: (e: unknown) => unknown) => run(false).then(resolve, reject),
    }
  }
  const begin = (...args: unknown[]) => {
    const fn = args.pop() as (tx: postgres.TransactionSql) => unknown
    const tenant = currentTenant()
    return (sql.begin as (...a: unknown[]) => Promise<unknown>)(...args, async (tx: postgres.TransactionSql) => {
      if (tenant) await tx.unsafe(BIND_TENANT, bindParams(tenant))
      return fn(tx)
    })
  }
  return new Proxy(sql, {
    get(target, prop) {
      if (prop === 'unsafe') return unsafe
      if (prop === 'begin') return begin
      return Reflect.get(target, prop, target)
    },
  })
}

export function openPostgres(url: string, options: { max?: number; applicationName?: string; appRole?: string; logger?: Logger } = {}): Database {
  const applicationName = options.applicationName ?? 'portal'
  // The app's sessions act as the app role from their first statement (a startup parameter, so RESET ALL keeps
  // it) with app.scope = 'any' as the session default that unbound work runs under.
  const sql = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    connection: { application_name: applicationName, role: options.appRole ?? DEFAULT_APP_ROLE, 'app.scope': 'any' } as never,
  })
  const db = drizzlePostgres({ client: scopedPostgres(sql), schema, casing: 'snake_case', logger: options.logger }) as unknown as Db
  // Migrations and ANALYZE run as the connecting user, the tables' owner, on a connection of their own.
  const asOwner = async (fn: (owner: postgres.Sql) => Promise<unknown>) => {
    const owner = postgres(url, {
      max: 1,
      onnotice: () => {},
      connection: { application_name: `${applicationName}-owner`, 'app.scope': 'any' } as never,
    })
    try {
      await fn(owner)
    } finally {
      await owner.end({ timeout: 5 })
    }
  }
  return {
    db,
    kind: 'postgres',
    migrate: () =>
      asOwner((owner) => migratePostgres(drizzlePostgres({ client: owner, casing: 'snake_case' }), { migrationsFolder: migrationsFolder() })),
    analyze: () => asOwner((owner) => owner`analyze`),
    executeAsOwner: (statements) => asOwner((owner) => owner.unsafe(statements)),
    ping: async () => {
      await sql`select 1`
    },
    close: () => sql.end({ timeout: 5 }),
  }
}

function quoteIdent(name: string) {
  return `"${name.replace(/"/g, '""')}"`
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
