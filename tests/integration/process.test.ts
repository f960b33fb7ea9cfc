import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

// The real process, as `npm start` runs it: the embedded database, its folder lock, readiness and SIGTERM.

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-process-'))
const children: ChildProcess[] = []
afterAll(() => {
  for (const c of children) c.kill('SIGKILL')
  fs.rmSync(dataDir, { recursive: true, force: true })
})

function start(extraEnv: Record<string, string> = {}) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: '0',
    HOST: '127.0.0.1',
    PGLITE_DATA_DIR: path.join(dataDir, 'db'),
    LOG_LEVEL: 'info',
    DEMO_MODE: 'true',
    SEED_ON_EMPTY: 'true',
    ...extraEnv,
  }
  // What `npm start` gets: none of the test runner's own settings.
  delete env.COOKIE_SECURE
  if (!extraEnv.DATABASE_URL) delete env.DATABASE_URL
  const child = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  children.push(child)
  let out = ''
  let err = ''
  child.stdout!.on('data', (d) => (out += d))
  child.stderr!.on('data', (d) => (err += d))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const listening = new Promise<number>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /"port":(\d+)/.exec(out)
      if (m) {
        clearInterval(timer)
        resolve(Number(m[1]))
      }
    }, 50)
    void exited.then(() => {
      clearInterval(timer)
      reject(new Error(`exited before listening: ${err || out}`))
    })
  })
  // A process that is meant to fail never listens: the rejection is expected, not unhandled.
  listening.catch(() => {})
  return { child, listening, exited, output: () => out + err }
}

describe('the process on the embedded database', () => {
  it('migrates and seeds an empty folder, refuses a second process on it, and stops cleanly on SIGTERM', async () => {
    const first = start()
    const port = await first.listening
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`)
    expect(await ready.json()).toEqual({ status: 'ready', database: 'pglite' })
    const login = await fetch(`http://127.0.0.1:${port}/login`)
    expect(await login.text()).toContain('admin@technosnab.demo')

    const second = start()
    expect(await second.exited).toBe(1)
    expect(second.output()).toContain('is in use by another process')

    first.child.kill('SIGTERM')
    expect(await first.exited).toBe(0)
    expect(first.output()).toContain('shutting down')
    expect(fs.existsSync(path.join(dataDir, 'db.lock'))).toBe(false)

    // The folder is free again, and the data survived: no second seed.
    const third = start()
    await third.listening
    expect(third.output()).not.toContain('demo data seeded')
    third.child.kill('SIGTERM')
    expect(await third.exited).toBe(0)
  }, 120_000)

  it('stops with a readable list when the environment is wrong', async () => {
    const bad = start({ PORT: 'eighty', DATABASE_URL: 'mysql://nope' })
    await expect(bad.listening).rejects.toThrow()
    expect(await bad.exited).toBe(78)
    expect(bad.output()).toContain('Invalid environment configuration')
    expect(bad.output()).toContain('PORT')
  })
})
