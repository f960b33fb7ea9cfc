import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { eq } from 'drizzle-orm'
import { afterAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { organisations, products, users } from '../../db/schema'
import { fixturePath, type Created, type Person, type Product } from '../e2e/fixtures/api'
import { createFixtureEndpoint } from '../e2e/fixtures/endpoint'

// The e2e fixtures' endpoint creates people for whoever holds its token: it must not exist in a portal started
// without E2E_FIXTURE_TOKEN, and with it, must refuse a request without the token.

const token = 'a'.repeat(16) + 'b'.repeat(16) + 'c'.repeat(8)
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-fixture-'))
const children: ChildProcess[] = []
afterAll(() => {
  for (const c of children) c.kill('SIGKILL')
  fs.rmSync(dataDir, { recursive: true, force: true })
})

describe('the fixture endpoint', () => {
  it('is a 404 in the process started without E2E_FIXTURE_TOKEN, token or not', async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'production',
      PORT: '0',
      HOST: '127.0.0.1',
      PGLITE_DATA_DIR: path.join(dataDir, 'db'),
      LOG_LEVEL: 'info',
      SEED_ON_EMPTY: 'false',
    }
    delete env.DATABASE_URL
    delete env.E2E_FIXTURE_TOKEN
    const child = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    children.push(child)
    let out = ''
    child.stdout!.on('data', (d) => (out += d))
    child.stderr!.on('data', (d) => (out += d))
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setInterval(() => {
        const m = /"port":(\d+)/.exec(out)
        if (m) {
          clearInterval(timer)
          resolve(Number(m[1]))
        }
      }, 50)
      child.on('exit', () => {
        clearInterval(timer)
        reject(new Error(`exited before listening: ${out}`))
      })
    })
    for (const authorization of [`Bearer ${token}`, '']) {
      const res = await fetch(`http://127.0.0.1:${port}${fixturePath}/member`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: `http://127.0.0.1:${port}`, ...(authorization ? { authorization } : {}) },
        body: JSON.stringify({ role: 'operator_admin' }),
      })
      expect(res.status).toBe(404)
    }
    expect(out).not.toContain('fixture endpoint mounted')
    child.kill('SIGTERM')
  }, 90_000)

  it('with the token, creates a person and a product and removes them; without it, refuses', async () => {
    const endpoint = createFixtureEndpoint(token)
    const server = http.createServer((req, res) => {
      if (!endpoint(req, res)) res.writeHead(418).end()
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as { port: number }
    const post = (operation: string, body: unknown, authorization: string | null = `Bearer ${token}`) =>
      fetch(`http://127.0.0.1:${port}${fixturePath}/${operation}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body: JSON.stringify(body),
      })
    try {
      for (const authorization of [null, `Bearer ${token.slice(0, -1)}`, `Bearer ${token}x`, token])
        expect((await post('member', { role: 'dealer_buyer' }, authorization)).status).toBe(401)
      expect((await post('no-such-thing', {})).status).toBe(404)
      // Not its own path: passed on to the portal.
      expect((await fetch(`http://127.0.0.1:${port}/__e2e/fixturesX`)).status).toBe(418)

      const made = (await (await post('member', { role: 'dealer_buyer', locale: 'en' })).json()) as { body: Person; created: Created }
      expect(made.body.org.kind).toBe('dealer')
      const product = (await (await post('product', { prices: [[1, 100_00]], forOrgIds: [made.body.org.id], stock: [{ atp: 10 }] })).json()) as {
        body: Product
        created: Created
      }
      const tender = (await (await post('tender', { buyerOrgId: made.body.org.id, suppliers: [] })).json()) as {
        body: { id: string }
        created: Created
      }
      expect(tender.created.tenderIds).toEqual([tender.body.id])
      expect(await db.select().from(users).where(eq(users.id, made.body.user.id))).toHaveLength(1)

      const all = Object.fromEntries(Object.keys(made.created).map((k) => [k, [made, product, tender].flatMap((x) => x.created[k as keyof Created])]))
      expect((await post('remove', all)).status).toBe(200)
      expect(await db.select().from(users).where(eq(users.id, made.body.user.id))).toHaveLength(0)
      expect(await db.select().from(organisations).where(eq(organisations.id, made.body.org.id))).toHaveLength(0)
      expect(await db.select().from(products).where(eq(products.id, product.body.id))).toHaveLength(0)
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })
})
