// What every database benchmark shares: a fresh database of its own (PGlite in a temporary folder by default, a new
// PostgreSQL database when DATABASE_URL is set, dropped afterwards), a way to send a statement straight through the
// driver as the tables' owner (the physical limit a ratio is taken against), and the statistics it prints.
import { execSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { PGlite } from '@electric-sql/pglite'
import type { Logger } from 'drizzle-orm'
import postgres from 'postgres'
import { newPglite, openPglite, openPostgres, type Database } from '../../db/drivers.server'

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN
}
export const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length ? s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] : NaN
}
export const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d

/** The commit measured, for the printed header and the JSON line. */
export function gitSha() {
  try {
    return execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim()
  } catch {
    return 'unknown'
  }
}

export interface BenchDatabase {
  /** The app's own driver (the app role, under RLS). */
  database: Database
  kind: 'pglite' | 'postgres'
  /** A statement straight through the driver, as the tables' owner, without drizzle. */
  raw(text: string, params?: unknown[]): Promise<unknown>
  dispose(): Promise<void>
}

export async function openFreshDatabase(name: string, { logger, rawConnections = 4 }: { logger?: Logger; rawConnections?: number } = {}) {
  if (!process.env.DATABASE_URL) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `portal-bench-${name}-`))
    const client: PGlite = newPglite(dir)
    const database = openPglite(client, undefined, logger ? { logger } : undefined)
    return {
      database,
      kind: 'pglite',
      raw: (text, params = []) => client.query(text, params),
      dispose: async () => {
        await database.close()
        fs.rmSync(dir, { recursive: true, force: true })
      },
    } satisfies BenchDatabase as BenchDatabase
  }
  const db = `portal_bench_${name}_${process.pid}`
  const admin = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} })
  await admin.unsafe(`DROP DATABASE IF EXISTS ${db}`)
  await admin.unsafe(`CREATE DATABASE ${db}`)
  const url = new URL(process.env.DATABASE_URL)
  url.pathname = `/${db}`
  const database = openPostgres(url.toString(), { max: 10, applicationName: 'portal-bench', ...(logger ? { logger } : {}) })
  const client = postgres(url.toString(), { max: rawConnections, onnotice: () => {}, connection: { application_name: 'portal-bench-raw' } })
  return {
    database,
    kind: 'postgres',
    raw: (text, params = []) => client.unsafe(text, params as never[]),
    dispose: async () => {
      await database.close()
      await client.end({ timeout: 5 })
      await admin.unsafe(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`)
      await admin.end()
    },
  } satisfies BenchDatabase as BenchDatabase
}
