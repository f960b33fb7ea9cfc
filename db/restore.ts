// `npm run db:restore <file>`: restores a backup into DATABASE_URL (an empty database) or PGLITE_DATA_DIR (an
// empty folder). Made by `npm run db:backup`; migrations newer than the backup apply at the next start/db:migrate.
import { env } from '../app/env.server'
import { BackupError, restoreDatabase, type Target } from './backup.server'
import { DataDirLockedError } from './pglite-lock.server'

const file = process.argv[2]
if (!file) {
  console.error('Usage: npm run db:restore <file>')
  process.exit(64)
}
const target: Target = env.DATABASE_URL ? { url: env.DATABASE_URL } : { dataDir: env.PGLITE_DATA_DIR }
try {
  await restoreDatabase(target, file)
  console.log(`Restored ${file} into ${'url' in target ? 'the database' : target.dataDir}.`)
} catch (error) {
  if (!(error instanceof BackupError || error instanceof DataDirLockedError)) throw error
  console.error(error.message)
  process.exit(1)
}
