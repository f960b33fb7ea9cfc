import { spawn, type ChildProcess } from 'node:child_process'
import { sql } from 'drizzle-orm'
import postgres from 'postgres'
import { createClient } from 'redis'
import { io as ioClient, type Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest'
import { openPostgres, rowsOf, type Database } from '../../db/drivers.server'
import type { BuyerLotView, LotPush, SupplierLotView } from '../../app/modules/auctions/views'
import type { BidReply, LotView, SyncReply, WatchReply } from '../../realtime/events'
import { createMember, createOrganisation, createTender, defaultTestPassword } from '../factories'

// Several nodes (issue 4): two real server processes on one PostgreSQL database, joined by Redis. A bid placed on
// one node reaches watchers on the other, both nodes' clocks close a lot exactly once, and a node killed with
// SIGKILL mid-auction loses no acknowledged bid; its clients move to the other node, catch up with
// `auction:sync` and keep bidding. This file needs a real PostgreSQL and Redis whatever the suite runs on: it makes
// its own database (auction_nodes_<random>) and drops it at the end.

const PG_ADMIN_URL = process.env.DATABASE_URL ? withDatabase(process.env.DATABASE_URL, 'postgres') : 'postgres://postgres@127.0.0.1:5432/postgres'
const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379'
const dbName = `auction_nodes_${process.pid}_${Math.random().toString(36).slice(2, 8)}`

function withDatabase(url: string, name: string) {
  const u = new URL(url)
  u.pathname = `/${name}`
  return u.toString()
}

// ---- the nodes ----

interface Node {
  name: string
  child: ChildProcess
  origin: string
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  output: () => string
}

const nodes: Node[] = []

function startNode(name: string, databaseUrl: string): Promise<Node> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    COOKIE_SECURE: 'false',
    LOG_LEVEL: 'info',
    DEMO_MODE: 'false',
    SEED_ON_EMPTY: 'false',
    // Bids here are paced by the test; the per-node rate limit is not what is under test.
    AUCTION_BIDS_PER_SECOND: '0',
    SHUTDOWN_TIMEOUT_MS: '2000',
  }
  const child = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  child.stdout!.on('data', (d) => (out += d))
  child.stderr!.on('data', (d) => (out += d))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  )
  const node: Omit<Node, 'origin'> = { name, child, exited, output: () => out }
  return new Promise<Node>((resolve, reject) => {
    let done = false
    const timer = setInterval(() => {
      const m = /"port":(\d+)/.exec(out)
      if (!m || done) return
      done = true
      clearInterval(timer)
      const full = { ...node, origin: `http://127.0.0.1:${m[1]}` }
      nodes.push(full)
      resolve(full)
    }, 50)
    void exited.then(({ code, signal }) => {
      clearInterval(timer)
      if (!done) reject(new Error(`node ${name} exited (${code ?? signal}) before listening:\n${out}`))
    })
    setTimeout(() => {
      if (done) return
      clearInterval(timer)
      child.kill('SIGKILL')
      reject(new Error(`node ${name} did not listen within 40 s:\n${out}`))
    }, 40_000).unref()
  })
}

async function stopNode(node: Node) {
  if (node.child.exitCode !== null || node.child.signalCode !== null) return
  node.child.kill('SIGTERM')
  const stopped = await Promise.race([node.exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 5000))])
  if (!stopped) {
    node.child.kill('SIGKILL')
    await node.exited
  }
}

/** On a failure, the last lines of every node's log help tell a lost push from a lost bid. */
function showNodeLogsOnFailure() {
  onTestFailed(() => {
    for (const n of nodes) process.stderr.write(`\n--- node ${n.name} (${n.origin}) log tail ---\n${n.output().split('\n').slice(-40).join('\n')}\n`)
  })
}

// ---- people and sockets ----

async function login(node: Node, email: string): Promise<string> {
  const res = await fetch(`${node.origin}/login`, {
    method: 'POST',
    headers: { origin: node.origin, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password: defaultTestPassword }).toString(),
    redirect: 'manual',
  })
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .find((pair) => pair.startsWith('portal_session=') && pair.length > 'portal_session='.length)
  if (res.status !== 302 || !cookie) throw new Error(`login failed for ${email} on node ${node.name}: ${res.status}`)
  return cookie
}

const sockets: Socket[] = []

type Push = LotPush<LotView> & { via: string }

/** One person's client: a socket on some node, the newest view of each lot it saw, and every push it got. */
class Client {
  socket!: Socket
  node!: Node
  views = new Map<string, LotView>()
  pushes: Push[] = []

  constructor(
    readonly name: string,
    readonly cookie: string,
    readonly orgId: string,
  ) {}

  async connect(node: Node) {
    const s = ioClient(node.origin, {
      transports: ['websocket'],
      extraHeaders: { cookie: this.cookie, origin: node.origin },
      reconnection: false,
      forceNew: true,
    })
    sockets.push(s)
    s.on('auction:lot', (push: LotPush<LotView>) => {
      this.pushes.push({ ...push, via: node.name })
      this.take(push.view)
    })
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name}: no connection to node ${node.name} within 5 s`)), 5000)
      s.once('connect', () => {
        clearTimeout(timer)
        resolve()
      })
      s.once('connect_error', (error) => {
        clearTimeout(timer)
        reject(new Error(`${this.name}: connection to node ${node.name} refused: ${error.message}`))
      })
    })
    this.socket = s
    this.node = node
  }

  /** Keeps the newest view of each lot: pushes and replies may arrive in any order. */
  take(view: LotView) {
    const current = this.views.get(view.lotId)
    if (!current || view.seq >= current.seq) this.views.set(view.lotId, view)
  }

  lastSeenSeq(lotId: string) {
    return this.views.get(lotId)?.seq ?? 0
  }

  view<V extends LotView = LotView>(lotId: string) {
    return this.views.get(lotId) as V
  }

  async watch(tenderId: string) {
    const reply = (await this.socket.timeout(5000).emitWithAck('auction:watch', { tenderId })) as WatchReply
    if (!reply.ok) throw new Error(`${this.name}: watch refused: ${reply.rule}`)
    for (const v of reply.lots) this.take(v)
    return reply
  }

  async sync(lotId: string, afterSeq: number) {
    const reply = (await this.socket.timeout(5000).emitWithAck('auction:sync', { lotId, afterSeq })) as SyncReply
    if (!reply.ok) throw new Error(`${this.name}: sync refused: ${reply.rule}`)
    this.take(reply.view)
    return reply
  }

  /** A bid, and its reply; 'lost' when the socket went away before the reply came (the node died). */
  bid(
    lotId: string,
    priceMinor: number,
    clientBidId: string = crypto.randomUUID(),
  ): Promise<{ clientBidId: string; priceMinor: number; reply: BidReply | 'lost' }> {
    const s = this.socket
    return new Promise((resolve) => {
      if (!s.connected) return resolve({ clientBidId, priceMinor, reply: 'lost' })
      const onDisconnect = () => resolve({ clientBidId, priceMinor, reply: 'lost' })
      s.once('disconnect', onDisconnect)
      s.emit('auction:bid', { lotId, priceMinor, clientBidId }, (reply: BidReply) => {
        s.off('disconnect', onDisconnect)
        resolve({ clientBidId, priceMinor, reply })
      })
    })
  }
}

async function waitFor(what: string, predicate: () => boolean | Promise<boolean>, timeoutMs = 8000) {
  const until = Date.now() + timeoutMs
  while (!(await predicate())) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

// ---- the database ----

let admin: postgres.Sql
let database: Database
let nodeA: Node
let nodeB: Node

const q = async <T>(query: ReturnType<typeof sql>) => rowsOf<T>(await database.db.execute(query))

async function supplier(label: string) {
  const org = await createOrganisation(database.db, {
    kind: 'supplier',
    verificationStatus: 'verified',
    shortName: `${label} ${Math.random().toString(36).slice(2, 6)}`,
  })
  const user = await createMember(database.db, org, 'supplier_bidder')
  return { org, user }
}

async function buyer() {
  const org = await createOrganisation(database.db, { kind: 'operator' })
  const user = await createMember(database.db, org, 'procurement_officer')
  return { org, user }
}

/** Lets the lots' end pass now: the nodes' clocks must notice and close them. */
async function endLotsSoon(lotIds: string[], inMs = 300) {
  await q(sql`update lots set ends_at = clock_timestamp() + ${`${inMs} milliseconds`}::interval where id in ${lotIds}`)
}

beforeAll(async () => {
  admin = postgres(PG_ADMIN_URL, { max: 1, onnotice: () => {}, connect_timeout: 5 })
  try {
    await admin`select 1`
  } catch (error) {
    throw new Error(`auction-nodes.test.ts needs a real PostgreSQL at ${PG_ADMIN_URL} (two nodes cannot share PGlite): ${(error as Error).message}`, {
      cause: error,
    })
  }
  const redis = createClient({ url: REDIS_URL, socket: { connectTimeout: 3000, reconnectStrategy: false } })
  redis.on('error', () => {})
  try {
    await redis.connect()
    await redis.ping()
  } catch (error) {
    throw new Error(`auction-nodes.test.ts needs Redis at ${REDIS_URL} to join the two nodes: ${(error as Error).message}`, { cause: error })
  } finally {
    if (redis.isOpen) await redis.quit().catch(() => {})
  }
  await admin.unsafe(`CREATE DATABASE ${dbName}`)
  const url = withDatabase(PG_ADMIN_URL, dbName)
  database = openPostgres(url, { max: 4, applicationName: 'auction-nodes-test' })
  // Once, before the nodes start: migrating from every node at once races.
  await database.migrate()
  ;[nodeA, nodeB] = await Promise.all([startNode('A', url), startNode('B', url)])
  for (const n of [nodeA, nodeB]) {
    const ready = await fetch(`${n.origin}/readyz`)
    expect(await ready.json()).toEqual({ status: 'ready', database: 'postgres' })
    expect(n.output()).toContain('"redis":true')
  }
}, 60_000)

afterAll(async () => {
  for (const s of sockets) s.disconnect()
  await Promise.all(nodes.map((n) => stopNode(n)))
  await database?.close().catch(() => {})
  if (admin) {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => {})
    await admin.end()
  }
}, 30_000)

describe('two nodes joined by Redis', () => {
  it('shows a bid placed on one node to watchers on the other, and closes each lot exactly once with a push on both nodes', async () => {
    showNodeLogsOnFailure()
    const b = await buyer()
    const s1 = await supplier('Cable Works')
    const s2 = await supplier('Wire Trade')
    const { tender, lots } = await createTender(database.db, {
      buyerOrgId: b.org.id,
      suppliers: [s1.org.id, s2.org.id],
      visibility: 'rank_best',
      startsInMs: -1000,
      durationMs: 120_000,
      softWindowMs: 0,
      lots: [{}, {}, {}, {}],
    })
    const lotIds = lots.map((l) => l.id)

    const buyerCookie = await login(nodeA, b.user.email)
    const buyerA = new Client('buyer@A', buyerCookie, b.org.id)
    const buyerB = new Client('buyer@B', buyerCookie, b.org.id)
    const s1B = new Client('supplier1@B', await login(nodeB, s1.user.email), s1.org.id)
    const s2A = new Client('supplier2@A', await login(nodeA, s2.user.email), s2.org.id)
    await Promise.all([buyerA.connect(nodeA), buyerB.connect(nodeB), s1B.connect(nodeB), s2A.connect(nodeA)])
    for (const c of [buyerA, buyerB, s1B, s2A]) expect((await c.watch(tender.id)).lots).toHaveLength(4)

    // B → A: the supplier bids on node B; the buyer and the other supplier, both on node A, hear of it.
    const onB = await s1B.bid(lotIds[0], 99_000_00)
    expect(onB.reply).toMatchObject({ ok: true, repeated: false, receipt: { seq: 1, takesLead: true } })
    const seqB = onB.reply !== 'lost' && onB.reply.ok ? onB.reply.receipt.seq : -1
    await waitFor('buyer@A gets the bid placed on node B', () => buyerA.pushes.some((p) => p.view.lotId === lotIds[0] && p.view.seq === seqB))
    const buyerPush = buyerA.pushes.find((p) => p.view.lotId === lotIds[0] && p.view.seq === seqB)!
    expect((buyerPush.view as BuyerLotView).bestMinor).toBe(99_000_00)
    expect((buyerPush.view as BuyerLotView).bids.map((x) => [x.seq, x.supplierOrgId, x.priceMinor])).toEqual([[1, s1.org.id, 99_000_00]])
    expect(buyerPush.events).toMatchObject([{ seq: 1, kind: 'bid' }])
    await waitFor('supplier2@A gets the bid placed on node B', () => s2A.pushes.some((p) => p.view.lotId === lotIds[0] && p.view.seq === seqB))
    const otherPush = s2A.pushes.find((p) => p.view.lotId === lotIds[0] && p.view.seq === seqB)!
    expect(otherPush.events).toEqual([expect.objectContaining({ seq: 1, kind: 'bid', own: false })])
    expect((otherPush.view as SupplierLotView).own.rank).toBeNull()

    // A → B, the other way round.
    const onA = await s2A.bid(lotIds[1], 98_500_00)
    expect(onA.reply).toMatchObject({ ok: true, receipt: { seq: 1 } })
    await waitFor('buyer@B gets the bid placed on node A', () => buyerB.pushes.some((p) => p.view.lotId === lotIds[1] && p.view.seq === 1))
    expect(buyerB.view<BuyerLotView>(lotIds[1]).bestMinor).toBe(98_500_00)
    await waitFor('supplier1@B gets the bid placed on node A', () => s1B.view(lotIds[1]).seq === 1)

    // Both nodes run the clock; the four lots end together and each must close once, seen on both nodes.
    await endLotsSoon(lotIds)
    const everyone = [buyerA, buyerB, s1B, s2A]
    await waitFor(
      'every watcher on both nodes sees all four lots closed',
      () => everyone.every((c) => lotIds.every((id) => c.view(id).status === 'closed')),
      10_000,
    )
    // A moment for any duplicate push to arrive before counting.
    await new Promise((r) => setTimeout(r, 750))

    const closes = await q<{ lot_id: string; n: number }>(
      sql`select lot_id, count(*)::int as n from lot_events where kind = 'closed' and lot_id in ${lotIds} group by lot_id`,
    )
    expect(Object.fromEntries(closes.map((r) => [r.lot_id, r.n]))).toEqual(Object.fromEntries(lotIds.map((id) => [id, 1])))
    const lotRows = await q<{ id: string; status: string; seq: number }>(sql`select id, status, seq from lots where id in ${lotIds}`)
    expect(lotRows.every((l) => l.status === 'closed')).toBe(true)
    const [tenderRow] = await q<{ status: string }>(sql`select status from tenders where id = ${tender.id}`)
    expect(tenderRow.status).toBe('closed')
    const closedSeq = new Map(lotRows.map((l) => [l.id, l.seq]))
    for (const c of everyone) {
      for (const id of lotIds) {
        const closedPushes = c.pushes.filter((p) => p.view.lotId === id && p.view.status === 'closed')
        expect(closedPushes.length, `${c.name}: pushes of the close of lot ${id}`).toBe(1)
        expect(closedPushes[0].view.seq).toBe(closedSeq.get(id))
        expect(closedPushes[0].events.filter((e) => e.kind === 'closed')).toEqual([expect.objectContaining({ seq: closedSeq.get(id) })])
      }
    }
  }, 40_000)

  it('closes the sockets on the other node within a second when a member is removed or a verification revoked, and drops its admissions', async () => {
    showNodeLogsOnFailure()
    const b = await buyer()
    const operatorAdmin = await createMember(database.db, b.org, 'operator_admin')
    const removed = await supplier('Removed Bidder Ltd')
    const supplierAdmin = await createMember(database.db, removed.org, 'supplier_admin')
    const revoked = await supplier('Revoked Wire')
    const { tender, lots } = await createTender(database.db, {
      buyerOrgId: b.org.id,
      suppliers: [removed.org.id, revoked.org.id],
      startsInMs: -1000,
      durationMs: 120_000,
      softWindowMs: 0,
    })
    const lotId = lots[0].id
    /** When the server closed the client's socket; fails after 3 s. */
    const closed = (c: Client) =>
      new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${c.name}: socket still open after 3 s`)), 3000)
        c.socket.once('disconnect', () => {
          clearTimeout(timer)
          resolve(Date.now())
        })
      })

    // The bidder works on node B; its organisation's admin removes it on node A.
    const bidder = new Client('removed@B', await login(nodeB, removed.user.email), removed.org.id)
    await bidder.connect(nodeB)
    await bidder.watch(tender.id)
    expect((await bidder.bid(lotId, 99_000_00)).reply).toMatchObject({ ok: true })
    const bidderClosed = closed(bidder)
    const adminCookie = await login(nodeA, supplierAdmin.email)
    const removal = await fetch(`${nodeA.origin}/org/users`, {
      method: 'POST',
      headers: { origin: nodeA.origin, cookie: adminCookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ intent: 'remove-member', userId: removed.user.id }).toString(),
    })
    expect(removal.status).toBe(200)
    const removedAt = Date.now()
    expect((await bidderClosed) - removedAt).toBeLessThan(1000)

    // The other supplier bids on node B (node B now remembers its admission); its verification is revoked on node A.
    const other = new Client('revoked@B', await login(nodeB, revoked.user.email), revoked.org.id)
    await other.connect(nodeB)
    await other.watch(tender.id)
    expect((await other.bid(lotId, 98_000_00)).reply).toMatchObject({ ok: true })
    const otherClosed = closed(other)
    const [org] = await q<{ kind: string; legal_name: string; short_name: string; country: string; inn: string; kpp: string }>(
      sql`select * from organisations where id = ${revoked.org.id}`,
    )
    const operatorCookie = await login(nodeA, operatorAdmin.email)
    const revocation = await fetch(`${nodeA.origin}/admin/organisations/${revoked.org.id}`, {
      method: 'POST',
      headers: { origin: nodeA.origin, cookie: operatorCookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        intent: 'save',
        kind: org.kind,
        legalName: org.legal_name,
        shortName: org.short_name,
        country: org.country,
        inn: org.inn,
        kpp: org.kpp,
        vatId: '',
        verificationStatus: 'rejected',
      }).toString(),
    })
    expect(revocation.status).toBe(200)
    const revokedAt = Date.now()
    expect((await otherClosed) - revokedAt).toBeLessThan(1000)
    // Node B has dropped the admission it remembered: a bid over HTTPS there is refused at once.
    const late = await fetch(`${nodeB.origin}/tenders/${tender.id}`, {
      method: 'POST',
      headers: { origin: nodeB.origin, cookie: other.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ intent: 'bid', lotId, priceMinor: String(97_000_00), clientBidId: crypto.randomUUID() }).toString(),
    })
    expect(late.status).toBe(404)
    const [count] = await q<{ n: number }>(sql`select count(*)::int as n from bids where lot_id = ${lotId}`)
    expect(count.n).toBe(2)
  }, 30_000)

  it('loses no acknowledged bid when a node is killed, and its clients catch up on the other node and keep bidding', async () => {
    showNodeLogsOnFailure()
    const b = await buyer()
    const onA = await Promise.all([0, 1, 2, 3].map((i) => supplier(`A-side ${i}`)))
    const onB = await Promise.all([0, 1].map((i) => supplier(`B-side ${i}`)))
    const all = [...onA, ...onB]
    const { tender, lots } = await createTender(database.db, {
      buyerOrgId: b.org.id,
      suppliers: all.map((s) => s.org.id),
      visibility: 'rank_best',
      startsInMs: -1000,
      durationMs: 120_000,
      softWindowMs: 0,
    })
    const lotId = lots[0].id
    const start = Number(lots[0].startPriceMinor)

    const buyerCookie = await login(nodeB, b.user.email)
    const buyerA = new Client('buyer@A', buyerCookie, b.org.id)
    const buyerB = new Client('buyer@B', buyerCookie, b.org.id)
    const suppliersA = await Promise.all(onA.map(async (s, i) => new Client(`supplier${i + 1}@A`, await login(nodeA, s.user.email), s.org.id)))
    const suppliersB = await Promise.all(onB.map(async (s, i) => new Client(`supplier${i + 5}@B`, await login(nodeB, s.user.email), s.org.id)))
    const wereOnA = [buyerA, ...suppliersA]
    const bidders = [...suppliersA, ...suppliersB]
    const everyone = [buyerA, buyerB, ...bidders]
    await Promise.all([...wereOnA.map((c) => c.connect(nodeA)), buyerB.connect(nodeB), ...suppliersB.map((c) => c.connect(nodeB))])
    for (const c of everyone) await c.watch(tender.id)

    type Sent = Awaited<ReturnType<Client['bid']>> & { client: Client }
    const sent: Sent[] = []
    const best = async () => (await q<{ best: string | null }>(sql`select best_price_minor as best from lots where id = ${lotId}`))[0].best
    /** One round: every bidder at once, each 600.00 further below the best, so any order of arrival is valid. */
    const round = (below: number, who: Client[] = bidders) =>
      who.map((c) => {
        const i = bidders.indexOf(c)
        return c.bid(lotId, below - (i + 1) * 600_00).then((r) => {
          const s = { ...r, client: c }
          sent.push(s)
          return s
        })
      })
    const accepted = (s: Sent) => s.reply !== 'lost' && s.reply.ok

    // Two full rounds, acknowledged.
    for (const _ of [1, 2]) {
      const base = Number((await best()) ?? start)
      const results = await Promise.all(round(base))
      expect(results.map((r) => r.reply !== 'lost' && (r.reply.ok ? 'ok' : r.reply.rule))).toEqual(bidders.map(() => 'ok'))
    }
    await waitFor('every client sees the first two rounds', () => everyone.every((c) => c.lastSeenSeq(lotId) === 12))

    // Round three on both nodes; node A dies with SIGKILL as soon as its first bid of the round is acknowledged.
    const base3 = Number(await best())
    const third = round(base3)
    await Promise.race(third.slice(0, suppliersA.length))
    nodeA.child.kill('SIGKILL')
    expect(await nodeA.exited).toMatchObject({ signal: 'SIGKILL' })
    const thirdResults = await Promise.all(third)
    expect(thirdResults.filter((r) => r.client.node === nodeA && accepted(r)).length).toBeGreaterThanOrEqual(1)
    // Node B's own bidders were never affected.
    expect(thirdResults.filter((r) => r.client.node === nodeB).every(accepted)).toBe(true)
    const lost = thirdResults.filter((r) => r.reply === 'lost')

    // Every acknowledged bid so far is in the log, with the seq and hash its receipt stated.
    const checkReceipts = async () => {
      const rows = await q<{ seq: number; hash: string; price_minor: string; supplier_org_id: string; client_bid_id: string }>(
        sql`select seq, hash, price_minor, supplier_org_id, client_bid_id from bids where lot_id = ${lotId}`,
      )
      const bySeq = new Map(rows.map((r) => [r.seq, r]))
      for (const s of sent.filter(accepted)) {
        const receipt = s.reply !== 'lost' && s.reply.ok ? s.reply.receipt : null
        expect(bySeq.get(receipt!.seq), `${s.client.name}: bid ${s.clientBidId} acknowledged with seq ${receipt!.seq}`).toMatchObject({
          hash: receipt!.hash,
          supplier_org_id: s.client.orgId,
          client_bid_id: s.clientBidId,
        })
        expect(Number(bySeq.get(receipt!.seq)!.price_minor)).toBe(s.priceMinor)
      }
      return rows
    }
    await checkReceipts()

    // The clients of node A reconnect to node B (same session), join the room again and ask for what they missed.
    for (const c of wereOnA) {
      await waitFor(`${c.name} notices node A is gone`, () => c.socket.disconnected, 5000)
      const lastSeen = c.lastSeenSeq(lotId)
      await c.connect(nodeB)
      await c.watch(tender.id)
      const synced = await c.sync(lotId, lastSeen)
      // The missed events, gap-free: every seq after the last one seen up to the view's.
      expect(
        synced.events.map((e) => e.seq),
        `${c.name}: events after ${lastSeen}`,
      ).toEqual(Array.from({ length: synced.view.seq - lastSeen }, (_, k) => lastSeen + 1 + k))
      // A supplier recognises its own acknowledged bids among them.
      for (const s of sent.filter((x) => x.client === c && accepted(x))) {
        const seq = s.reply !== 'lost' && s.reply.ok ? s.reply.receipt.seq : 0
        if (seq > lastSeen) expect(synced.events.find((e) => e.seq === seq)).toMatchObject({ kind: 'bid', own: true })
      }
    }

    // A bid whose reply was lost with the node is retried on node B with the same clientBidId: it either had
    // committed (the same receipt again, marked repeated) or is accepted now; never twice.
    const logBefore = new Map((await checkReceipts()).map((r) => [r.client_bid_id, r]))
    for (const l of lost) {
      const retry = await l.client.bid(lotId, l.priceMinor, l.clientBidId)
      expect(retry.reply, `${l.client.name}: retry of ${l.clientBidId}`).toMatchObject({ ok: true })
      const r = retry.reply !== 'lost' && retry.reply.ok ? retry.reply : null
      const before = logBefore.get(l.clientBidId)
      expect(r!.repeated).toBe(!!before)
      if (before) expect(r!.receipt).toMatchObject({ seq: before.seq, hash: before.hash })
      sent.push({ ...retry, client: l.client })
    }
    const afterRetries = await checkReceipts()
    expect(afterRetries).toHaveLength(3 * bidders.length)
    expect(new Set(afterRetries.map((r) => r.client_bid_id)).size).toBe(3 * bidders.length)

    // Everyone converges on one state: the lot's seq, the buyer's best, and each supplier's rank as a fresh watch
    // on the surviving node computes it.
    const converged = async () => {
      const [lot] = await q<{ seq: number; best: string }>(sql`select seq, best_price_minor as best from lots where id = ${lotId}`)
      await waitFor(`every client reaches seq ${lot.seq}`, () => everyone.every((c) => c.lastSeenSeq(lotId) === lot.seq))
      for (const c of [buyerA, buyerB]) expect(c.view<BuyerLotView>(lotId).bestMinor, c.name).toBe(Number(lot.best))
      expect(buyerA.view<BuyerLotView>(lotId).ranking).toEqual(buyerB.view<BuyerLotView>(lotId).ranking)
      const ranks: number[] = []
      for (const c of bidders) {
        const fresh = new Client(`${c.name} (fresh)`, c.cookie, c.orgId)
        await fresh.connect(nodeB)
        const [view] = (await fresh.watch(tender.id)).lots as SupplierLotView[]
        fresh.socket.disconnect()
        const mine = c.view<SupplierLotView>(lotId)
        expect(view.seq, c.name).toBe(lot.seq)
        expect(mine.seq, c.name).toBe(lot.seq)
        expect(mine.own.rank, c.name).toBe(view.own.rank)
        expect(mine.bestMinor, c.name).toBe(view.bestMinor)
        expect(mine.bestMinor, c.name).toBe(Number(lot.best))
        ranks.push(mine.own.rank!)
      }
      expect(ranks.sort((x, y) => x - y)).toEqual(bidders.map((_, i) => i + 1))
      return lot
    }
    await converged()

    // And they keep bidding, all on node B now.
    const base4 = Number(await best())
    const fourth = await Promise.all(round(base4))
    expect(fourth.map((r) => r.reply !== 'lost' && r.reply.ok && !r.reply.repeated)).toEqual(bidders.map(() => true))
    const lot = await converged()
    expect(lot.seq).toBe(4 * bidders.length)
    const log = await checkReceipts()
    expect(log).toHaveLength(4 * bidders.length)

    // The chain is unbroken across the kill: each bid's prev_hash is the previous bid's hash.
    const chain = await q<{ seq: number; prev_hash: string; hash: string }>(
      sql`select seq, prev_hash, hash from bids where lot_id = ${lotId} order by seq`,
    )
    expect(chain.map((c) => c.seq)).toEqual(chain.map((_, i) => i + 1))
    chain.forEach((c, i) => expect(c.prev_hash).toBe(i === 0 ? '0'.repeat(64) : chain[i - 1].hash))

    // Node B's clock alone closes the lot, once, and every client (all on node B now) hears it.
    await endLotsSoon([lotId])
    await waitFor('every client sees the lot closed', () => everyone.every((c) => c.view(lotId).status === 'closed'), 10_000)
    const [closes] = await q<{ n: number }>(sql`select count(*)::int as n from lot_events where lot_id = ${lotId} and kind = 'closed'`)
    expect(closes.n).toBe(1)
  }, 45_000)
})
