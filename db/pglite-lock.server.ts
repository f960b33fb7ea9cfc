import fs from 'node:fs'
import path from 'node:path'

export class DataDirLockedError extends Error {}

function isAlive(pid: number) {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * PGlite has no cross-process lock: two processes on one folder both "succeed" and writes are lost silently
 * (stack-notes P12). We take an exclusive lock file beside the data folder; a lock left by a dead process is
 * taken over. Returns the release function.
 */
export function lockDataDir(dataDir: string): () => void {
  const lockPath = `${path.resolve(dataDir)}.lock`
  fs.mkdirSync(path.dirname(lockPath), { recursive: true })
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() }), {
        flag: 'wx',
      })
      let released = false
      const release = () => {
        if (released) return
        released = true
        try {
          const owner = JSON.parse(fs.readFileSync(lockPath, 'utf8')) as { pid: number }
          if (owner.pid === process.pid) fs.unlinkSync(lockPath)
        } catch {
          // already gone
        }
      }
      process.once('exit', release)
      return release
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      let owner: { pid?: number } = {}
      try {
        owner = JSON.parse(fs.readFileSync(lockPath, 'utf8'))
      } catch {
        // unreadable lock: treat as stale
      }
      if (owner.pid && owner.pid !== process.pid && isAlive(owner.pid)) {
        throw new DataDirLockedError(
          `The embedded database folder ${path.resolve(dataDir)} is in use by another process (pid ${owner.pid}). ` +
            `PGlite allows one process per folder: stop that process, or set PGLITE_DATA_DIR to another folder, ` +
            `or set DATABASE_URL to use PostgreSQL.`,
        )
      }
      fs.rmSync(lockPath, { force: true })
    }
  }
  throw new DataDirLockedError(`Could not lock ${lockPath}`)
}
