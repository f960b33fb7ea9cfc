import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { lots, organisations, users } from '../../db/schema'
import type { LotPush, SupplierLotView } from '../../app/modules/auctions/views'
import type { BidReply, WatchReply } from '../../realtime/events'
import { createMember, createOrganisation, createTender, defaultTestPassword } from '../factories'
import { startApp, type App } from '../http-harness'

// Nothing a supplier receives reveals another supplier: every decoded frame of its sockets (pushes and the replies
// to its own requests) through a whole auction (join, bids, a soft-close extension, the buyer's pause, resume,
// extension and strike-out, the close, a reconnect with resync, the award) and every page and export it can open
// are searched for the other suppliers' ids, names, people and client bid ids.

type Sock = ReturnType<App['socket']>
let app: App
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

interface Party {
  orgId: string
  cookie: string
  secrets: string[]
}

async function party(name: string): Promise<Party> {
  const org = await createOrganisation(db, { kind: 'supplier', verificationStatus: 'verified', shortName: name, legalName: `ООО «${name}»` })
  const user = await createMember(db, org, 'supplier_admin', { displayName: `Менеджер ${name}` })
  const [o] = await db.select().from(organisations).where(eq(organisations.id, org.id))
  const [u] = await db.select().from(users).where(eq(users.id, user.id))
  return {
    orgId: org.id,
    cookie: await app.login(user.email, defaultTestPassword),
    secrets: [o.id, o.shortName, o.legalName, o.inn ?? o.id, u.id, u.email, u.displayName],
  }
}

beforeAll(async () => {
  app = await startApp()
})
afterAll(() => app.close())

describe('anonymity in the auction room', () => {
  it('sends a supplier nothing that identifies another supplier, in any frame, page or export', async () => {
    const operator = await createOrganisation(db, { kind: 'operator' })
    const officer = await createMember(db, operator, 'procurement_officer')
    const officerCookie = await app.login(officer.email, defaultTestPassword)
    const [x, y, z] = [await party('Наблюдатель'), await party('Соперник Игрек'), await party('Zeta Rival')]
    const {
      tender,
      lots: [lot],
    } = await createTender(db, {
      buyerOrgId: operator.id,
      suppliers: [x.orgId, y.orgId, z.orgId],
      visibility: 'full',
      durationMs: 4000,
      startsInMs: -100,
      // The first lead falls inside the window and moves the end; the cap stops further moves.
      softWindowMs: 5000,
      softExtensionMs: 8000,
      maxExtensions: 1,
      lots: [{ minStepMinor: 100, maxStepMinor: 5_000_00 }],
    })
    const frames: string[] = []
    const connect = async (p: Party, record: boolean): Promise<Sock> => {
      const s = app.socket({ cookie: p.cookie })
      // Every decoded packet, acknowledgements included, as the client library received it.
      if (record) s.io.on('packet', (packet) => frames.push(JSON.stringify(packet)))
      await new Promise<void>((resolve, reject) => {
        s.once('connect', () => resolve())
        s.once('connect_error', reject)
      })
      return s
    }
    const bid = (s: Sock, priceMinor: number, clientBidId: string) =>
      s.timeout(3000).emitWithAck('auction:bid', { lotId: lot.id, priceMinor, clientBidId }) as Promise<BidReply>
    const clientIds: string[] = []
    const theirBid = async (s: Sock, priceMinor: number) => {
      const id = `secret-client-id-${crypto.randomUUID()}`
      clientIds.push(id)
      const r = await bid(s, priceMinor, id)
      expect(r.ok, JSON.stringify(r)).toBe(true)
      return r
    }

    let xs = await connect(x, true)
    const ys = await connect(y, false)
    const zs = await connect(z, false)
    for (const s of [xs, ys, zs]) expect(((await s.timeout(3000).emitWithAck('auction:watch', { tenderId: tender.id })) as WatchReply).ok).toBe(true)
    let lastSeq = 0
    xs.on('auction:lot', (p: LotPush<SupplierLotView>) => (lastSeq = Math.max(lastSeq, p.view.seq)))

    const yFirst = await theirBid(ys, 99_000_00)
    expect(yFirst.ok && yFirst.receipt.extended).toBe(true)
    expect((await bid(xs, 98_500_00, 'x-1')).ok).toBe(true)
    const yLead = await theirBid(ys, 98_000_00)
    await theirBid(zs, 98_800_00)

    const desk = (form: Record<string, string>) => app.request(`/desk/tenders/${tender.id}`, { cookie: officerCookie, form })
    expect((await desk({ intent: 'pause', lotId: lot.id, reason: 'Технический перерыв' })).status).toBe(200)
    await sleep(200)
    expect((await desk({ intent: 'resume', lotId: lot.id })).status).toBe(200)
    expect((await desk({ intent: 'extend', lotId: lot.id, minutes: '1', reason: 'Просьба участника' })).status).toBe(200)
    // The buyer's reason names the struck supplier: it must reach that supplier only.
    const ySeq = yLead.ok ? yLead.receipt.seq : 0
    expect((await desk({ intent: 'disqualify', lotId: lot.id, bidSeq: String(ySeq), reason: 'Соперник Игрек ошибся в цене' })).status).toBe(200)
    await sleep(300)

    // X drops off; the others bid meanwhile; X comes back and catches up from the log.
    xs.disconnect()
    await theirBid(zs, 97_500_00)
    await theirBid(ys, 97_000_00)
    xs = await connect(x, true)
    expect(((await xs.timeout(3000).emitWithAck('auction:watch', { tenderId: tender.id })) as WatchReply).ok).toBe(true)
    const sync = await xs.timeout(3000).emitWithAck('auction:sync', { lotId: lot.id, afterSeq: lastSeq })
    expect((sync as { ok: boolean; events: unknown[] }).events.length).toBeGreaterThanOrEqual(2)

    // Close early (the buyer's minute is long): move the end to now, let the clock close it, award to Y with a
    // reason naming both rivals.
    const closed = new Promise<void>((resolve) => xs.on('auction:lot', (p: LotPush<SupplierLotView>) => p.view.status === 'closed' && resolve()))
    await db.update(lots).set({ endsAt: new Date() }).where(eq(lots.id, lot.id))
    await closed
    const awarded = new Promise<void>((resolve) => xs.on('auction:lot', (p: LotPush<SupplierLotView>) => p.view.awarded !== null && resolve()))
    expect(
      (await desk({ intent: 'award', lotId: lot.id, supplierOrgId: z.orgId, reason: 'Zeta Rival и Соперник Игрек: срок поставки' })).status,
    ).toBe(200)
    await awarded
    await sleep(200)
    xs.disconnect()

    // What X can open over HTTP.
    const pages = await Promise.all(
      [`/tenders`, `/tenders/${tender.id}`, `/tenders/${tender.id}/report.csv`].map((p) => app.request(p, { cookie: x.cookie })),
    )
    for (const p of pages) expect(p.status).toBe(200)

    // The recording saw the whole auction: bids of others, the buyer's actions, the close and the award.
    const all = frames.join('\n')
    for (const kind of ['"bid"', '"paused"', '"resumed"', '"extended"', '"disqualified"', '"closed"', '"awarded"', 'lead_in_window'])
      expect(all).toContain(kind)
    expect(all).toContain('Технический перерыв') // broadcast reasons do arrive
    const everything = [all, ...pages.map((p) => p.body)].join('\n')
    const leaks = [...y.secrets, ...z.secrets, ...clientIds].filter((secret) => secret && everything.includes(secret))
    expect(leaks).toEqual([])
    // X itself is recognisable only as "you": its own bids are marked own.
    expect(all).toContain('"own":true')
  })
})
