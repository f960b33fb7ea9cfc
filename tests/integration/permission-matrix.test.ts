import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { ServerBuild } from '@remix-run/node'
import type { Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clientEvents } from '../../realtime/events'
import { roles, type Role } from '../../app/modules/tenancy/roles'
import { createWorld, type Identity } from '../fixtures'
import { startApp, type App } from '../http-harness'

// T-A1 (GitLab's permission tables): every route and socket event × every role → the expected status.
// The route list comes from the Remix build itself, so a new route without a row here fails the suite.

type Who = 'anon' | Role
type Expect = Record<Who, number>

const OPERATOR_STAFF: Role[] = ['operator_admin', 'sales_manager', 'partner_manager', 'procurement_officer']
const ORG_ADMINS: Role[] = ['operator_admin', 'dealer_admin', 'account_admin', 'supplier_admin']
const ADMIN: Role[] = ['operator_admin']
const ORDERERS: Role[] = ['dealer_admin', 'dealer_buyer', 'account_admin', 'account_buyer']
const DESK: Role[] = ['operator_admin', 'sales_manager']
const PROCUREMENT_ROLES: Role[] = ['procurement_officer']
const BIDDER_ROLES: Role[] = ['supplier_admin', 'supplier_bidder']
const BUYER_SIDE: Role[] = ['dealer_admin', 'dealer_buyer', 'dealer_approver', 'dealer_viewer', 'account_admin', 'account_buyer']

/** Everyone gets `status`. */
const all = (status: number): Expect => Object.fromEntries([['anon', status], ...roles.map((r) => [r, status])]) as Expect
/** Signed-in people get `status`; anonymous visitors are sent to sign in. */
const signedIn = (status: number): Expect => ({ ...all(status), anon: 302 })
/** Only `allowed` roles get `status`; other roles get 403 naming the permission; anonymous visitors sign in. */
const only = (allowed: Role[], status: number): Expect =>
  Object.fromEntries([['anon', 302], ...roles.map((r) => [r, allowed.includes(r) ? status : 403])]) as Expect

interface Row {
  GET?: Expect
  /** An empty form: a permitted caller gets 400 (validation), never a 500. */
  POST?: Expect
  params?: (who: Identity | null, world: World) => Record<string, string>
  /** The POST ends the caller's session: sign in again after it. */
  signsOut?: boolean
}
type World = Awaited<ReturnType<typeof createWorld>>

const matrix: Record<string, Row> = {
  'routes/_index': { GET: signedIn(200) },
  'routes/$': { GET: all(404), POST: all(404), params: () => ({ '*': 'no/such/page' }) },
  // A signed-in visitor is sent home from the sign-in page, also after a failed POST (its loader runs again).
  'routes/login': { GET: { ...all(302), anon: 200 }, POST: { ...all(302), anon: 400 } },
  'routes/logout': { GET: all(302), POST: all(302), signsOut: true },
  'routes/lang': { GET: all(302), POST: all(400) },
  'routes/org.switch': { GET: all(302), POST: signedIn(400) },
  'routes/account.sessions': { GET: signedIn(200), POST: signedIn(400) },
  'routes/account.password': { GET: signedIn(200), POST: signedIn(400) },
  // One's own invitations: a pending one grants no role, so any signed-in person may answer theirs.
  'routes/account.invitations': { GET: signedIn(200), POST: signedIn(400) },
  'routes/admin.organisations._index': { GET: only(OPERATOR_STAFF, 200), POST: all(405) },
  'routes/admin.organisations[.csv]': { GET: only(OPERATOR_STAFF, 200) },
  'routes/admin.organisations.new': { GET: only(ADMIN, 200), POST: only(ADMIN, 400) },
  'routes/admin.organisations.$orgId': { GET: only(OPERATOR_STAFF, 200), POST: only(ADMIN, 400), params: (_who, w) => ({ orgId: w.orgs.dealer.id }) },
  'routes/admin.users._index': { GET: only(ADMIN, 200), POST: all(405) },
  'routes/admin.users.new': { GET: only(ADMIN, 200), POST: only(ADMIN, 400) },
  'routes/admin.users.$userId': { GET: only(ADMIN, 200), POST: only(ADMIN, 400), params: (_who, w) => ({ userId: w.people.dealer_buyer.userId }) },
  'routes/admin.audit': { GET: only(ADMIN, 200), POST: all(405) },
  'routes/admin.audit[.csv]': { GET: only(ADMIN, 200) },
  'routes/org.users._index': { GET: only(ORG_ADMINS, 200), POST: only(ORG_ADMINS, 400) },
  'routes/org.users.new': { GET: only(ORG_ADMINS, 200), POST: only(ORG_ADMINS, 400) },
  // Each caller asks for their own user id: org admins see themselves; others lack read:user:org.
  'routes/catalog._index': { GET: only(BUYER_SIDE, 200) },
  'routes/quick-order': { GET: only(ORDERERS, 200), POST: only(ORDERERS, 400) },
  'routes/cart': { GET: only(ORDERERS, 200), POST: only(ORDERERS, 400) },
  'routes/catalog.prices[.csv]': { GET: only(BUYER_SIDE, 200) },
  'routes/catalog.prices[.xlsx]': { GET: only(BUYER_SIDE, 200) },
  'routes/catalog.suggest': { GET: only(BUYER_SIDE, 200) },
  'routes/catalog.$sku': { GET: only(BUYER_SIDE, 200), params: (_who, w) => ({ sku: w.product.sku }) },
  'routes/checkout': { GET: only(ORDERERS, 200), POST: only(ORDERERS, 400) },
  'routes/orders._index': { GET: only(BUYER_SIDE, 200), POST: all(405) },
  'routes/orders[.csv]': { GET: only(BUYER_SIDE, 200) },
  // Each caller asks for its own organisation's order (the dealer's for everyone else).
  'routes/orders.$orderId': { GET: only(BUYER_SIDE, 200), POST: only(ORDERERS, 400), params: (who, w) => ({ orderId: w.orders[who?.kind === 'key_account' ? 'key_account' : 'dealer'].id }) },
  'routes/orders.$orderId_.pdf': { GET: only(BUYER_SIDE, 200), params: (who, w) => ({ orderId: w.orders[who?.kind === 'key_account' ? 'key_account' : 'dealer'].id }) },
  'routes/desk.orders._index': { GET: only(DESK, 200), POST: all(405) },
  'routes/desk.orders[.csv]': { GET: only(DESK, 200) },
  'routes/desk.orders.$orderId': { GET: only(DESK, 200), POST: only(DESK, 400), params: (_who, w) => ({ orderId: w.orders.dealer.id }) },
  'routes/desk.catalog._index': { GET: only(DESK, 200), POST: all(405) },
  'routes/desk.catalog.$productId': { GET: only(DESK, 200), POST: only(DESK, 400), params: (_who, w) => ({ productId: w.product.id }) },
  'routes/desk.catalog.import._index': { GET: only(DESK, 200), POST: only(DESK, 400) },
  'routes/desk.catalog.import.$importId': { GET: only(DESK, 200), POST: only(DESK, 400), params: (_who, w) => ({ importId: w.catalogImport.id }) },
  'routes/desk.catalog.reference': { GET: only(DESK, 200), POST: only(DESK, 400) },
  'routes/desk.prices._index': { GET: only(DESK, 200) },
  'routes/desk.prices.$listId': { GET: only(DESK, 200), POST: only(DESK, 400), params: () => ({ listId: 'new' }) },
  'routes/desk.terms.$orgId': { GET: only(DESK, 200), POST: only(DESK, 400), params: (_who, w) => ({ orgId: w.orgs.dealer.id }) },
  'routes/desk.tenders._index': { GET: only(PROCUREMENT_ROLES, 200) },
  'routes/desk.tenders.$tenderId': { GET: only(PROCUREMENT_ROLES, 200), POST: only(PROCUREMENT_ROLES, 400), params: (_who, w) => ({ tenderId: w.tender.id }) },
  'routes/desk.tenders.$tenderId_.protocol[.csv]': { GET: only(PROCUREMENT_ROLES, 200), params: (_who, w) => ({ tenderId: w.tender.id }) },
  'routes/desk.tenders.$tenderId_.protocol[.pdf]': { GET: only(PROCUREMENT_ROLES, 200), params: (_who, w) => ({ tenderId: w.tender.id }) },
  'routes/tenders._index': { GET: only(BIDDER_ROLES, 200) },
  'routes/tenders.$tenderId': { GET: only(BIDDER_ROLES, 200), POST: only(BIDDER_ROLES, 400), params: (_who, w) => ({ tenderId: w.tender.id }) },
  // The world's tender is still live: its supplier report is refused until the lots finish.
  'routes/tenders.$tenderId_.report[.csv]': { GET: only(BIDDER_ROLES, 409), params: (_who, w) => ({ tenderId: w.tender.id }) },
  'routes/org.users.$userId': { GET: only(ORG_ADMINS, 200), params: (who, w) => ({ userId: who?.userId ?? w.people.dealer_admin.userId }) },
}

/** Express routes outside Remix. */
const expressRoutes: Record<string, Expect> = { '/healthz': all(200), '/readyz': all(200) }

/** Socket events: anonymous handshakes are refused; every role may ask who it is; the auction room answers the
 * buyer's procurement staff and the invited supplier's people only. Each probe says whether the answer was granted. */
const PROCUREMENT: Who[] = ['procurement_officer']
const BIDDERS: Who[] = ['supplier_admin', 'supplier_bidder']
const socketOutcome = (granted: Who[]) => Object.fromEntries([['anon', 'refused'], ...roles.map((r) => [r, granted.includes(r) ? 'ok' : 'refused'])]) as Record<Who, 'ok' | 'refused'>
type Probe = (s: Socket, who: Who) => Promise<boolean>
const socketMatrix: Record<(typeof clientEvents)[number], { expect: Record<Who, 'ok' | 'refused'>; probe: Probe }> = {
  'session:whoami': { expect: socketOutcome(roles), probe: async (s, who) => ((await s.timeout(2000).emitWithAck('session:whoami')) as { userId?: string }).userId === world.people[who as Role].userId },
  'auction:watch': { expect: socketOutcome([...PROCUREMENT, ...BIDDERS]), probe: async (s) => ((await s.timeout(2000).emitWithAck('auction:watch', { tenderId: world.tender.id })) as { ok: boolean }).ok },
  'auction:sync': { expect: socketOutcome([...PROCUREMENT, ...BIDDERS]), probe: async (s) => ((await s.timeout(2000).emitWithAck('auction:sync', { lotId: world.tender.lotId, afterSeq: 0 })) as { ok: boolean }).ok },
  // A bid that the rules refuse (at the ceiling) still shows it reached the rules: admission was granted.
  'auction:bid': { expect: socketOutcome(BIDDERS), probe: async (s) => ((await s.timeout(2000).emitWithAck('auction:bid', { lotId: world.tender.lotId, priceMinor: 100_000_00, clientBidId: crypto.randomUUID() })) as { rule?: string }).rule === 'not_below_ceiling' },
  'auction:ping': { expect: socketOutcome(roles), probe: async (s) => typeof ((await s.timeout(2000).emitWithAck('auction:ping')) as { serverNow?: string }).serverNow === 'string' },
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

function urlOf(routeId: string, params: Record<string, string>) {
  const segments: string[] = []
  for (let id: string | undefined = routeId; id; id = build.routes[id]?.parentId) {
    const p = build.routes[id]?.path
    if (p) segments.unshift(p)
  }
  const url = '/' + segments.join('/')
  return url.replace(/:(\w+)/g, (_m, name: string) => params[name]).replace(/\/\*$/, `/${params['*'] ?? ''}`)
}

describe('permission matrix', () => {
  it('has a row for every route in the build, and a cell for each of its methods', () => {
    const routeIds = Object.keys(build.routes).filter((id) => id !== 'root')
    expect(routeIds.filter((id) => !matrix[id])).toEqual([])
    expect(Object.keys(matrix).filter((id) => !routeIds.includes(id))).toEqual([])
    for (const id of routeIds) {
      const mod = build.routes[id].module
      if (mod.loader) expect(matrix[id].GET, `${id} GET`).toBeDefined()
      if (mod.action) expect(matrix[id].POST, `${id} POST`).toBeDefined()
    }
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
      for (const who of ['anon', ...roles] as Who[]) expect((await app.request(url, { cookie: cookies.get(who) })).status, `${url} as ${who}`).toBe(expected[who])
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
