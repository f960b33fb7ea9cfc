import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import postgres from 'postgres'
import { newPglite } from './drivers.server'
import { lockDataDir } from './pglite-lock.server'

// Backup and restore for both database modes (`npm run db:backup` / `db:restore`, README "Backup and restore").
// PostgreSQL: pg_dump's custom format, restored with pg_restore into an empty database. The embedded database:
// PGlite's own dump of the data folder (a gzipped tar), loaded into an empty folder. Both run as the tables'
// owner, never as the app role: the dump must hold every tenant's rows, and the policies and grants with them.

const run = promisify(execFile)

export type Target = { url: string } | { dataDir: string }

export class BackupError extends Error {}

/** libpq takes the password from the environment, so it never shows in the process list. */
function libpq(url: string) {
  const u = new URL(url)
  const password = decodeURIComponent(u.password)
  u.password = ''
  // The child inherits the environment as it is (PATH, PG* settings); nothing here is read from it.
  // eslint-disable-next-line no-restricted-properties
  return { dbname: u.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } }
}

function isEmptyDir(dir: string) {
  return !fs.existsSync(dir) || fs.readdirSync(dir).length === 0
}

export function defaultBackupFile(target: Target, now = new Date()) {
  const stamp = now.toISOString().replace(/[:.]/g, '-')
  return path.join('backups', `portal-${stamp}.${'url' in target ? 'dump' : 'tar.gz'}`)
}

export async function backupDatabase(target: Target, file: string) {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
  if ('url' in target) {
    const { dbname, env } = libpq(target.url)
    await run('pg_dump', ['--format=custom', '--no-owner', `--file=${file}`, `--dbname=${dbname}`], { env })
    return
  }
  if (isEmptyDir(target.dataDir)) throw new BackupError(`No embedded database in ${path.resolve(target.dataDir)}.`)
  // The running server holds the folder; a copy taken beside it could be torn (stack-notes P12).
  const release = lockDataDir(target.dataDir)
  try {
    const client = newPglite(target.dataDir)
    try {
      // Dump once the instance has started: asked for earlier, the dump did not finish here.
      await client.waitReady
      const dump = await client.dumpDataDir('gzip')
      fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()))
    } finally {
      await client.close()
    }
  } finally {
    release()
  }
}

/** Restores into an empty database (PostgreSQL) or an empty folder (embedded): never over live data. */
export async function restoreDatabase(target: Target, file: string) {
  if (!fs.existsSync(file)) throw new BackupError(`No backup file ${path.resolve(file)}.`)
  if ('url' in target) {
    const sql = postgres(target.url, { max: 1, onnotice: () => {} })
    try {
      const [{ tables }] = await sql<{ tables: number }[]>`select count(*)::int as tables from pg_tables where schemaname = 'public'`
      if (tables > 0) throw new BackupError('The target database is not empty: create a new one and point DATABASE_URL at it.')
      // The dump grants to the app role, which belongs to the cluster: a new cluster needs it first (migration 0012).
      await sql.unsafe(`DO $$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'portal_app') THEN CREATE ROLE portal_app NOLOGIN NOBYPASSRLS; END IF;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`)
    } finally {
      await sql.end({ timeout: 5 })
    }
    const { dbname, env } = libpq(target.url)
    await run('pg_restore', ['--no-owner', '--exit-on-error', '--single-transaction', `--dbname=${dbname}`, file], { env })
    return
  }
  if (!isEmptyDir(target.dataDir))
    throw new BackupError(`${path.resolve(target.dataDir)} is not empty: restore into a new folder and point PGLITE_DATA_DIR at it.`)
  fs.mkdirSync(target.dataDir, { recursive: true })
  const release = lockDataDir(target.dataDir)
  try {
    const client = newPglite(target.dataDir, { loadDataDir: new Blob([fs.readFileSync(file)]) })
    await client.query('select 1')
    await client.close()
  } finally {
    release()
  }
}
