import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { DataDirLockedError, lockDataDir } from '../../db/pglite-lock.server'

// PGlite has no cross-process lock (stack-notes P12): the folder lock is the only thing standing between two
// processes and silently lost writes. A real second process holds it here, not a fake pid.

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-lock-'))
const children: ChildProcess[] = []
afterAll(() => {
  for (const c of children) c.kill('SIGKILL')
  fs.rmSync(root, { recursive: true, force: true })
})

/** Starts a process that takes the lock on `dataDir` and holds it until killed, or (`hold: false`) just ends. */
function holdLock(dataDir: string, o: { hold?: boolean } = {}) {
  const keepAlive = o.hold === false ? '' : 'setInterval(() => {}, 1000)'
  const script = `import { lockDataDir } from './db/pglite-lock.server.ts'; lockDataDir(${JSON.stringify(dataDir)}); console.log('locked'); ${keepAlive}`
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] })
  children.push(child)
  let err = ''
  child.stderr!.on('data', (d) => (err += d))
  const locked = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d) => String(d).includes('locked') && resolve())
    child.on('exit', (code) => reject(new Error(`lock holder exited with ${code} before locking: ${err}`)))
  })
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()))
  return { child, locked, exited }
}

describe('the embedded database folder lock', () => {
  it('refuses a folder another live process holds, naming it and the ways out', async () => {
    const dataDir = path.join(root, 'held')
    const holder = holdLock(dataDir)
    await holder.locked
    expect(() => lockDataDir(dataDir)).toThrow(DataDirLockedError)
    expect(() => lockDataDir(dataDir)).toThrow(
      `The embedded database folder ${dataDir} is in use by another process (pid ${holder.child.pid}). ` +
        'PGlite allows one process per folder: stop that process, or set PGLITE_DATA_DIR to another folder, or set DATABASE_URL to use PostgreSQL.',
    )
  })

  it('takes over the lock of a process that died without releasing it, and releases its own', async () => {
    const dataDir = path.join(root, 'stale')
    const holder = holdLock(dataDir)
    await holder.locked
    // SIGKILL: no exit handler runs, the lock file stays behind with a dead pid.
    holder.child.kill('SIGKILL')
    await holder.exited
    expect(fs.existsSync(`${dataDir}.lock`)).toBe(true)
    const release = lockDataDir(dataDir)
    expect(JSON.parse(fs.readFileSync(`${dataDir}.lock`, 'utf8')).pid).toBe(process.pid)
    release()
    expect(fs.existsSync(`${dataDir}.lock`)).toBe(false)
  })

  it('frees the folder when the holder ends normally', async () => {
    const dataDir = path.join(root, 'handover')
    const first = holdLock(dataDir, { hold: false })
    await first.locked
    await first.exited
    expect(fs.existsSync(`${dataDir}.lock`)).toBe(false)
    const second = holdLock(dataDir)
    await second.locked
    expect(() => lockDataDir(dataDir)).toThrow(`(pid ${second.child.pid})`)
  })
})
