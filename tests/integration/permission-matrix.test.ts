import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { ServerBuild } from '@remix-run/node'
import type { Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clientEvents } from '../../realtime/events'
import { roles, type Role } from '../../app/modules/tenancy/roles'
import { createWorld } from '../fixtures'
import { manifestGaps, matrix, expressRoutes, socketEvents, urlOf as urlOfRoute, type Who, type World } from '../route-manifest'
import { startApp, type App } from '../http-harness'

// T-A1 (GitLab's permission tables): every route and socket event × every role → the expected status.
// The rows live in tests/route-manifest.ts, checked against the Remix build itself, so a new route without a row
// fails the suite (and the fuzz test, which reads the same rows).

// Each probe says whether the answer was granted.
const socketOutcome = (granted: Role[]) =>
  Object.fromEntries([['anon', 'refused'], ...roles.map((r) => [r, granted.includes(r) ? 'ok' : 'refused'])]) as Record<Who, 'ok' | 'refused'>
type Probe = (s: Socket, who: Who) => Promise<boolean>
const socketMatrix: Record<(typeof clientEvents)[number], { expect: Record<Who, 'ok' | 'refused'>; probe: Probe }> = {
  'session:whoami': {
    expect: socketOutcome(socketEvents['session:whoami']),
    probe: async (s, who) =>
      ((await s.timeout(2000).emitWithAck('session:whoami')) as { userId?: string }).userId === world.people[who as Role].userId,
  },
  'auction:watch': {
    expect: socketOutcome(socketEvents['auction:watch']),
    probe: async (s) => ((await s.timeout(2000).emitWithAck('auction:watch', { tenderId: world.tender.id })) as { ok: boolean }).ok,
  },
  'auction:sync': {
    expect: socketOutcome(socketEvents['auction:sync']),
    probe: async (s) => ((await s.timeout(2000).emitWithAck('auction:sync', { lotId: world.tender.lotId, afterSeq: 0 })) as { ok: boolean }).ok,
  },
  // A bid that the rules refuse (at the ceiling) still shows it reached the rules: admission was granted.
  'auction:bid': {
    expect: socketOutcome(socketEvents['auction:bid']),
    probe: async (s) =>
      (
        (await s
          .timeout(2000)
          .emitWithAck('auction:bid', { lotId: world.tender.lotId, priceMinor: 100_000_00, clientBidId: crypto.randomUUID() })) as { rule?: string }
      ).rule === 'not_below_ceiling',
  },
  'auction:ping': {
    expect: socketOutcome(socketEvents['auction:ping']),
    probe: async (s) => typeof ((await s.timeout(2000).emitWithAck('auction:ping')) as { serverNow?: string }).serverNow === 'string',
  },
  'contest:watch': {
    expect: socketOutcome(socketEvents['contest:watch']),
    probe: async (s) => ((await s.timeout(2000).emitWithAck('contest:watch', { contestId: world.sarm.contestId })) as { ok: boolean }).ok,
  },
}

let app: App
let build: ServerBuild
let world: World
const cookies = new Map<Who, string | null>()

beforeAll(async () => {
  app = await startApp()
  build = (await import(/* @vite-ignore */ pathToFileURL(path.resolve('build/index.js')).href)) as ServerBuild
  world = await createWorld()
  cookies.set('anon', null)
  for (const role of roles) cookies.set(role, await app.login(world.people[role].email, world.people[role].password))
})
afterAll(() => app.close())

const urlOf = (routeId: string, params: Record<string, string>) => urlOfRoute(build, routeId, params)

describe('permission matrix', () => {
  it('has a row for every route in the build, and a cell for each of its methods', () => {
    expect(manifestGaps(build)).toEqual([])
  })

  // About a thousand requests (routes × 13 callers × methods), some rendering PDFs and workbooks: its own timeout.
  it('answers every route and method with the expected status for every role', async () => {
    const failures: string[] = []
    for (const [routeId, row] of Object.entries(matrix)) {
      for (const method of ['GET', 'POST'] as const) {
        const expected = row[method]
        if (!expected) continue
        for (const who of ['anon', ...roles] as Who[]) {
          const identity = who === 'anon' ? null : world.people[who]
          const url = urlOf(routeId, row.params?.(identity, world) ?? {})
          const res = await app.request(url, { method, cookie: cookies.get(who), form: method === 'POST' ? {} : undefined })
          if (res.status !== expected[who]) failures.push(`${method} ${url} as ${who}: ${res.status}, expected ${expected[who]}`)
          if (method === 'POST' && row.signsOut && identity) cookies.set(who, await app.login(identity.email, identity.password))
          if (res.status === 403 && who !== 'anon' && res.body.includes('<html') && !/\w+:\w+:(own|org|any)/.test(res.body))
            failures.push(`${method} ${url} as ${who}: the 403 page does not name the permission`)
        }
      }
    }
    expect(failures).toEqual([])
  }, 180_000)

  it('answers the operations endpoints for everyone', async () => {
    for (const [url, expected] of Object.entries(expressRoutes))
      for (const who of ['anon', ...roles] as Who[])
        expect((await app.request(url, { cookie: cookies.get(who) })).status, `${url} as ${who}`).toBe(expected[who])
  })

  it('has a row for every socket event and answers each as expected', async () => {
    expect(Object.keys(socketMatrix).sort()).toEqual([...clientEvents].sort())
    for (const [event, { expect: expected, probe }] of Object.entries(socketMatrix))
      for (const who of ['anon', ...roles] as Who[]) {
        const s = app.socket({ cookie: cookies.get(who) })
        const outcome = await new Promise<'ok' | 'refused'>((resolve) => {
          s.once('connect_error', () => resolve('refused'))
          s.once('connect', async () => resolve((await probe(s, who)) ? 'ok' : 'refused'))
        })
        s.disconnect()
        expect(outcome, `${event} as ${who}`).toBe(expected[who])
      }
  })
})
