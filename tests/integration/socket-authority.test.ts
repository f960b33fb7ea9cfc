import { and, eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { memberships, organisations, sessions, users } from '../../db/schema'
import type { LotPush } from '../../app/modules/auctions/views'
import type { BidReply, LotView, SyncReply, WatchReply } from '../../realtime/events'
import { createMember, createOrganisation, createTender, defaultTestPassword } from '../factories'
import { startApp, type App } from '../http-harness'

// Issue 9, item 1: an open socket acts with the authority its user has now, not the one it had at the handshake.
// For each kind of change (a member removed, a role changed, the organisation switched, the user deactivated, the
// organisation deactivated, the supplier's verification revoked), made the way people make it (through the pages),
// the old socket is closed within a second, so it can neither bid, watch nor sync, and hears no further push of a
// lot. And should that notice ever not arrive, every socket event re-reads the authority (at most a second old) and
// is refused.

type Sock = ReturnType<App['socket']>
let app: App
let operator: { id: string }
let adminCookie: string
let officer: { id: string; cookie: string }
let rival: { id: string; cookie: string }

const connect = async (cookie: string): Promise<Sock> => {
  const s = app.socket({ cookie })
  await new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve())
    s.once('connect_error', reject)
  })
  return s
}
const watch = (s: Sock, tenderId: string) => s.timeout(3000).emitWithAck('auction:watch', { tenderId }) as Promise<WatchReply>
const sync = (s: Sock, lotId: string) => s.timeout(3000).emitWithAck('auction:sync', { lotId, afterSeq: 0 }) as Promise<SyncReply>
const bid = (s: Sock, lotId: string, priceMinor: number) =>
  s.timeout(3000).emitWithAck('auction:bid', { lotId, priceMinor, clientBidId: crypto.randomUUID() }) as Promise<BidReply>
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Resolves when the server closes the socket; fails if that takes longer than `ms`. */
function closedWithin(s: Sock, ms: number) {
  if (s.disconnected) return Promise.resolve()
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`socket still open after ${ms} ms`)), ms)
    s.once('disconnect', () => {
      clearTimeout(timer)
      resolve()
    })
  })
}

/** Every push a socket receives from now on. */
function pushesOf(s: Sock) {
  const seen: LotPush<LotView>[] = []
  s.on('auction:lot', (p: LotPush<LotView>) => seen.push(p))
  return seen
}

/** A verified supplier with an admin and a bidder, invited to a live tender of the operator with a rival; the
 * bidder is signed in (working for this supplier), watching and has bid once over its socket. */
async function scene(o: { sockets?: number } = {}) {
  const org = await createOrganisation(db, { kind: 'supplier', verificationStatus: 'verified' })
  const other = await createOrganisation(db, { kind: 'supplier', verificationStatus: 'verified' })
  const admin = await createMember(db, org, 'supplier_admin')
  const bidder = await createMember(db, org, 'supplier_bidder', { locale: 'en' })
  // A second membership, so the bidder can switch organisation.
  await db.insert(memberships).values({ userId: bidder.id, orgId: other.id, role: 'supplier_bidder' })
  const { tender, lots } = await createTender(db, { buyerOrgId: operator.id, suppliers: [org.id, rival.id] })
  const lotId = lots[0].id
  const cookie = await app.login(bidder.email, defaultTestPassword)
  expect((await app.request('/org/switch', { cookie, form: { orgId: org.id } })).status).toBe(302)
  const adminOf = await app.login(admin.email, defaultTestPassword)
  const socks: Sock[] = []
  for (let i = 0; i < (o.sockets ?? 1); i++) {
    const s = await connect(cookie)
    expect((await watch(s, tender.id)).ok).toBe(true)
    socks.push(s)
  }
  const first = await bid(socks[0], lotId, 99_000_00)
  expect(first.ok).toBe(true)
  return { org, other, admin: adminOf, bidder: { ...bidder, cookie }, tender, lotId, socks }
}

/** The old socket is closed within a second and hears nothing more of the lot, while a rival's bid is pushed. */
async function cutOff(s: Sock, lotId: string, tenderId: string) {
  const after = pushesOf(s)
  await closedWithin(s, 1000)
  const r = await connect(rival.cookie)
  await watch(r, tenderId)
  const own = new Promise<void>((resolve) => r.on('auction:lot', (p: LotPush<LotView>) => p.view.lotId === lotId && resolve()))
  expect((await bid(r, lotId, 98_000_00)).ok).toBe(true)
  await own
  await sleep(200)
  expect(after).toEqual([])
  r.disconnect()
}

beforeAll(async () => {
  app = await startApp()
  operator = await createOrganisation(db, { kind: 'operator' })
  const admin = await createMember(db, operator, 'operator_admin')
  adminCookie = await app.login(admin.email, defaultTestPassword)
  const o = await createMember(db, operator, 'procurement_officer')
  officer = { id: o.id, cookie: await app.login(o.email, defaultTestPassword) }
  const rivalOrg = await createOrganisation(db, { kind: 'supplier', verificationStatus: 'verified' })
  const rivalUser = await createMember(db, rivalOrg, 'supplier_bidder')
  rival = { id: rivalOrg.id, cookie: await app.login(rivalUser.email, defaultTestPassword) }
})
afterAll(() => app.close())

describe('a change of authority closes the open sockets it concerns', () => {
  it("a member removed by their organisation's admin: the socket closes, and their web session there ends", async () => {
    const w = await scene()
    expect((await app.request('/org/users', { cookie: w.admin, form: { intent: 'remove-member', userId: w.bidder.id } })).status).toBe(200)
    await cutOff(w.socks[0], w.lotId, w.tender.id)
    // The web session that worked for the organisation is gone: the next page asks to sign in.
    const page = await app.request(`/tenders/${w.tender.id}`, { cookie: w.bidder.cookie })
    expect(page.status).toBe(302)
    expect(page.location).toMatch(/^\/login/)
    // Signed in again, the bidder works for the organisation it still belongs to, not invited here.
    const again = await connect(await app.login(w.bidder.email, defaultTestPassword))
    expect(await watch(again, w.tender.id)).toEqual({ ok: false, rule: 'not_invited' })
  })

  it('an officer demoted to partner manager: the buyer view stops, and a new socket no longer gets it', async () => {
    const { tender, lots } = await createTender(db, { buyerOrgId: operator.id, suppliers: [rival.id] })
    const s = await connect(officer.cookie)
    expect(await watch(s, tender.id)).toMatchObject({ ok: true, audience: 'buyer' })
    const res = await app.request(`/admin/organisations/${operator.id}`, {
      cookie: adminCookie,
      form: { intent: 'change-role', userId: officer.id, role: 'partner_manager' },
    })
    expect(res.status).toBe(200)
    await cutOff(s, lots[0].id, tender.id)
    const again = await connect(officer.cookie)
    expect(await watch(again, tender.id)).toEqual({ ok: false, rule: 'not_invited' })
    expect(await sync(again, lots[0].id)).toEqual({ ok: false, rule: 'not_invited' })
    await db
      .update(memberships)
      .set({ role: 'procurement_officer' })
      .where(and(eq(memberships.userId, officer.id), eq(memberships.orgId, operator.id)))
  })

  it('the organisation switched: the sockets of that session close, and reconnect for the new organisation', async () => {
    const w = await scene()
    expect((await app.request('/org/switch', { cookie: w.bidder.cookie, form: { orgId: w.other.id } })).status).toBe(302)
    await cutOff(w.socks[0], w.lotId, w.tender.id)
    const again = await connect(w.bidder.cookie)
    expect(await watch(again, w.tender.id)).toEqual({ ok: false, rule: 'not_invited' })
    expect(await bid(again, w.lotId, 97_000_00)).toEqual({ ok: false, rule: 'not_invited' })
  })

  it('the user deactivated by an operator admin', async () => {
    const w = await scene()
    const res = await app.request(`/admin/users/${w.bidder.id}`, {
      cookie: adminCookie,
      form: { intent: 'save', displayName: 'Bidder', locale: 'en', disabled: 'on' },
    })
    expect(res.status).toBe(200)
    await cutOff(w.socks[0], w.lotId, w.tender.id)
    // Its sessions ended with it: a new socket is refused at the handshake.
    await expect(connect(w.bidder.cookie)).rejects.toThrow(/unauthorized/)
  })

  it('the organisation deactivated: every socket acting for it closes, and its people lose it on the web too', async () => {
    const w = await scene()
    const adminSocket = await connect(w.admin)
    expect((await watch(adminSocket, w.tender.id)).ok).toBe(true)
    const res = await app.request(`/admin/organisations/${w.org.id}`, { cookie: adminCookie, form: { intent: 'set-disabled', disabled: 'true' } })
    expect(res.status).toBe(200)
    expect((await db.select({ at: organisations.disabledAt }).from(organisations).where(eq(organisations.id, w.org.id)))[0].at).not.toBeNull()
    await Promise.all([cutOff(w.socks[0], w.lotId, w.tender.id), closedWithin(adminSocket, 1000)])
    // On the web the bidder now works for its other organisation, which is not invited.
    expect((await app.request(`/tenders/${w.tender.id}`, { cookie: w.bidder.cookie })).status).toBe(404)
    const again = await connect(w.bidder.cookie)
    expect(await watch(again, w.tender.id)).toEqual({ ok: false, rule: 'not_invited' })
    // The page says so and offers to reactivate; reactivated, the organisation counts again.
    const page = await app.request(`/admin/organisations/${w.org.id}`, { cookie: adminCookie })
    expect(page.body).toContain('отключена')
    expect(page.body).toContain('Включить организацию')
    expect(
      (await app.request(`/admin/organisations/${w.org.id}`, { cookie: adminCookie, form: { intent: 'set-disabled', disabled: 'false' } })).status,
    ).toBe(200)
    expect((await app.request('/org/switch', { cookie: w.bidder.cookie, form: { orgId: w.org.id } })).status).toBe(302)
    expect((await app.request(`/tenders/${w.tender.id}`, { cookie: w.bidder.cookie })).status).toBe(200)
    // The operator itself cannot be deactivated.
    const self = await app.request(`/admin/organisations/${operator.id}`, { cookie: adminCookie, form: { intent: 'set-disabled', disabled: 'true' } })
    expect(self.status).toBe(400)
    expect(self.body).toMatch(/cannot be deactivated|нельзя/)
    expect((await db.select({ at: organisations.disabledAt }).from(organisations).where(eq(organisations.id, operator.id)))[0].at).toBeNull()
  })

  it("the supplier's verification revoked: the socket closes and a bid over HTTPS is refused at once", async () => {
    const w = await scene()
    const [org] = await db.select().from(organisations).where(eq(organisations.id, w.org.id))
    const form = {
      intent: 'save',
      kind: org.kind,
      legalName: org.legalName,
      shortName: org.shortName,
      country: org.country,
      inn: org.inn ?? '',
      kpp: org.kpp ?? '',
      vatId: '',
      verificationStatus: 'pending',
    }
    expect((await app.request(`/admin/organisations/${w.org.id}`, { cookie: adminCookie, form })).status).toBe(200)
    await cutOff(w.socks[0], w.lotId, w.tender.id)
    // The socket's bid a moment ago was admitted, and that admission is remembered for a while: not past this change.
    const res = await app.request(`/tenders/${w.tender.id}`, {
      cookie: w.bidder.cookie,
      form: { intent: 'bid', lotId: w.lotId, priceMinor: String(96_000_00), clientBidId: crypto.randomUUID() },
    })
    expect(res.status).toBe(404)
  })
})

describe('every socket event re-reads the authority, even if no notice of the change arrived', () => {
  // Each change written straight to the database: nothing publishes it, so only the events' own check can see it.
  const changes: [string, (w: Awaited<ReturnType<typeof scene>>) => Promise<unknown>, string][] = [
    [
      'membership removed',
      (w) => db.delete(memberships).where(and(eq(memberships.userId, w.bidder.id), eq(memberships.orgId, w.org.id))),
      'not_authorised',
    ],
    [
      'role changed',
      (w) =>
        db
          .update(memberships)
          .set({ role: 'supplier_admin' })
          .where(and(eq(memberships.userId, w.bidder.id), eq(memberships.orgId, w.org.id))),
      'not_authorised',
    ],
    ['organisation switched', (w) => db.update(sessions).set({ activeOrgId: w.other.id }).where(eq(sessions.userId, w.bidder.id)), 'not_authorised'],
    ['user deactivated', (w) => db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, w.bidder.id)), 'not_authorised'],
    [
      'organisation deactivated',
      (w) => db.update(organisations).set({ disabledAt: new Date() }).where(eq(organisations.id, w.org.id)),
      'not_authorised',
    ],
    // Verification is the auction's own rule, read on every watch and sync, and for bids remembered at most a second.
    ['verification revoked', (w) => db.execute(sql`update organisations set verification_status = 'pending' where id = ${w.org.id}`), 'not_invited'],
  ]
  for (const [name, change, rule] of changes) {
    it(`${name}: bid, watch and sync are refused`, async () => {
      const w = await scene({ sockets: 3 })
      await change(w)
      await sleep(1100)
      const [a, b, c] = w.socks
      expect(await bid(a, w.lotId, 97_000_00)).toEqual({ ok: false, rule })
      expect(await watch(b, w.tender.id)).toEqual({ ok: false, rule })
      expect(await sync(c, w.lotId)).toEqual({ ok: false, rule })
      // A socket refused for its authority is closed too: its client re-handshakes with what it may do now.
      if (rule === 'not_authorised') await Promise.all(w.socks.map((s) => closedWithin(s, 1000)))
    })
  }
})
