import fs from 'node:fs'
import { env } from '../app/env.server'
import { singleton } from '../app/utils/singleton.server'
import { newPglite, openPglite, openPostgres, type Database, type Db } from './drivers.server'
import { lockDataDir } from './pglite-lock.server'

export type { Database, Db, DbOrTx, Tx } from './drivers.server'

function openFromEnv(): Database {
  if (env.DATABASE_URL) return openPostgres(env.DATABASE_URL, { appRole: env.DATABASE_APP_ROLE })
  const release = lockDataDir(env.PGLITE_DATA_DIR)
  fs.mkdirSync(env.PGLITE_DATA_DIR, { recursive: true })
  return openPglite(newPglite(env.PGLITE_DATA_DIR), release, { appRole: env.DATABASE_APP_ROLE })
}

/** The process's one database: PGlite when DATABASE_URL is unset, postgres.js when set. */
export const database: Database = singleton('database', openFromEnv)
export const db: Db = database.db
