// `npm run db:backup [file]`: a backup of DATABASE_URL (pg_dump) or of the embedded folder (stop the server first).
import { env } from '../app/env.server'
import { backupDatabase, BackupError, defaultBackupFile, type Target } from './backup.server'
import { DataDirLockedError } from './pglite-lock.server'

const target: Target = env.DATABASE_URL ? { url: env.DATABASE_URL } : { dataDir: env.PGLITE_DATA_DIR }
const file = process.argv[2] ?? defaultBackupFile(target)
try {
  await backupDatabase(target, file)
  console.log(`Backup written to ${file}.`)
} catch (error) {
  if (!(error instanceof BackupError || error instanceof DataDirLockedError)) throw error
  console.error(error.message)
  process.exit(1)
}
