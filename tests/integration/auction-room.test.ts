import { and, eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { rowsOf } from '../../db/drivers.server'
import { bids, invitations, lotEvents, lots, tenders } from '../../db/schema'
import type { BuyerLotView, LotPush, SupplierLotView } from '../../app/modules/auctions/views'
import type { BidReply, SyncReply, WatchReply } from '../../realtime/events'
import { createMember, createOrganisation, createTender, defaultTestPassword } from '../factories'
import { startApp, waitForEvent, type App } from '../http-harness'

// The auction room through the real server: the officer's pages, the socket protocol with bad input and abuse,
// the buyer's controls reaching suppliers live, the close racing bids, the HTTPS fallback and the award.

type Sock = ReturnType<App['socket']>
let app: App
let operator: { id: string }
let officerCookie: string
const suppliers: { id: string; name: string; cookie: string }[] = []
let unverified: { id: string }

async function connect(cookie: string): Promise<Sock> {
  const s = app.socket({ cookie })
  await new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve())
    s.once('connect_error', reject)
  })
  return s
}

const watch = (s: Sock, tenderId: string) => s.timeout(3000).emitWithAck('auction:watch', { tenderId }) as Promise<WatchReply>
const bid = (s: Sock, lotId: string, priceMinor: unknown, clientBidId: unknown = crypto.randomUUID()) =>
  s.timeout(3000).emitWithAck('auction:bid', { lotId, priceMinor, clientBidId }) as Promise<BidReply>
const lotRow = async (id: string) => (await db.select().from(lots).where(eq(lots.id, id)))[0]
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Waits for the first push about a lot that satisfies `until`. */
function nextPush<V extends { lotId: string }>(s: Sock, lotId: string, until: (p: LotPush<V>) => boolean, timeoutMs = 3000): Promise<LotPush<V>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      s.off('auction:lot', on)
      reject(new Error(`no matching push for ${lotId} within ${timeoutMs} ms`))
    }, timeoutMs)
    const on = (p: LotPush<V>) => {
      if (p.view.lotId !== lotId || !until(p)) return
      clearTimeout(timer)
      s.off('auction:lot', on)
      resolve(p)
    }
    s.on('auction:lot', on as never)
  })
}

beforeAll(async () => {
  app = await startApp()
  operator = await createOrganisation(db, { kind: 'operator' })
  const officer = await createMember(db, operator, 'procurement_officer')
  officerCookie = await app.login(officer.email, defaultTestPassword)
  for (let i = 0; i < 6; i++) {
    const org = await createOrganisation(db, { kind: 'supplier', verificationStatus: 'verified', shortName: `Поставщик ${i}` })
    const user = await createMember(db, org, i % 2 ? 'supplier_bidder' : 'supplier_admin')
    suppliers.push({ id: org.id, name: org.shortName, cookie: await app.login(user.email, defaultTestPassword) })
  }
  unverified = await createOrganisation(db, { kind: 'supplier', verificationStatus: 'pending' })
})
afterAll(() => app.close())

describe('setting up a tender', () => {
  it('creates a draft with lots and verified suppliers, refuses bad input field by field, and starts it', async () => {
    const created = await app.request('/desk/tenders/new', {
      cookie: officerCookie,
      form: {
        intent: 'save',
        title: 'Провод ПуГВ',
        terms: 'Цены без НДС',
        visibility: 'rank',
        startsAt: '2020-01-01T10:00',
        durationMinutes: '30',
        staggerMinutes: '0',
        softWindowMinutes: '2',
        softExtensionMinutes: '2',
        maxExtensions: '',
      },
    })
    expect(created.status).toBe(302)
    const url = created.location!
    const id = url.split('/').pop()!

    const bad = await app.request(url, {
      cookie: officerCookie,
      form: { intent: 'lot', item: '', quantity: '-3', unit: 'pcs', startPrice: '12,345', stepKind: 'percent', minStep: '5', maxStep: '1' },
    })
    expect(bad.status).toBe(400)
    expect(bad.body).toMatch(/Заполните это поле|This field is required/) // the item
    expect(bad.body).toMatch(/Целое число больше нуля|A whole number above zero/)
    // The cross-field rule speaks once the fields themselves are right.
    const steps = await app.request(url, {
      cookie: officerCookie,
      form: { intent: 'lot', item: 'Провод', quantity: '3', unit: 'pcs', startPrice: '12 345', stepKind: 'percent', minStep: '5', maxStep: '1' },
    })
    expect(steps.status).toBe(400)
    expect(steps.body).toMatch(/Максимальный шаг меньше минимального|maximum step is below/)
    expect(await db.select().from(lots).where(eq(lots.tenderId, id))).toHaveLength(0)

    const lot = await app.request(url, {
      cookie: officerCookie,
      form: {
        intent: 'lot',
        item: 'Провод ПуГВ 1×4',
        quantity: '5000',
        unit: 'm',
        startPrice: '250 000,00',
        stepKind: 'percent',
        minStep: '0,5',
        maxStep: '5',
      },
    })
    expect(lot.status).toBe(200)
    const [row] = await db.select().from(lots).where(eq(lots.tenderId, id))
    expect(row).toMatchObject({ startPriceMinor: 250_000_00, minStepMinor: 1_250_00, maxStepMinor: 12_500_00, unit: 'm' })

    // A lot added by mistake is removed again.
    await app.request(url, {
      cookie: officerCookie,
      form: { intent: 'lot', item: 'Лишний лот', quantity: '1', unit: 'pcs', startPrice: '10', stepKind: 'amount', minStep: '1', maxStep: '1' },
    })
    const extra = (await db.select().from(lots).where(eq(lots.tenderId, id))).find((l) => l.item === 'Лишний лот')!
    expect((await app.request(url, { cookie: officerCookie, form: { intent: 'removeLot', lotId: extra.id } })).status).toBe(200)
    expect((await db.select().from(lots).where(eq(lots.tenderId, id))).map((l) => l.item)).toEqual(['Провод ПуГВ 1×4'])

    const refused = await app.request(url, { cookie: officerCookie, form: { intent: 'invite', suppliers: unverified.id } })
    expect(refused.status).toBe(409)
    expect(await db.select().from(invitations).where(eq(invitations.tenderId, id))).toHaveLength(0)
    const invite = new URLSearchParams([
      ['intent', 'invite'],
      ['suppliers', suppliers[0].id],
      ['suppliers', suppliers[1].id],
    ])
    expect((await app.request(url, { cookie: officerCookie, form: invite })).status).toBe(200)

    // The start in the past is refused for scheduling; "start now" works.
    const late = await app.request(url, { cookie: officerCookie, form: { intent: 'schedule' } })
    expect(late.status).toBe(409)
    expect(late.body).toMatch(/Время начала уже прошло|start time has passed/)
    expect((await app.request(url, { cookie: officerCookie, form: { intent: 'startNow' } })).status).toBe(200)
    expect((await db.select().from(tenders).where(eq(tenders.id, id)))[0].status).not.toBe('draft')
    // A launched tender is no longer edited.
    const frozen = await app.request(url, {
      cookie: officerCookie,
      form: { intent: 'lot', item: 'x', quantity: '1', unit: 'pcs', startPrice: '1', stepKind: 'amount', minStep: '1', maxStep: '1' },
    })
    expect(frozen.status).toBe(400)
    const renamed = await app.request(url, {
      cookie: officerCookie,
      form: {
        intent: 'save',
        title: 'Другое',
        terms: 'Цены без НДС',
        visibility: 'rank',
        startsAt: '2030-01-01T10:00',
        durationMinutes: '30',
        staggerMinutes: '0',
        softWindowMinutes: '2',
        softExtensionMinutes: '2',
        maxExtensions: '',
      },
    })
    expect(renamed.status).toBe(400)
    expect(renamed.body).toMatch(/Тендер уже запущен|already launched/)
    expect((await db.select().from(tenders).where(eq(tenders.id, id)))[0].title).toBe('Провод ПуГВ')

    // The clock opens the lot; a supplier must accept the terms before it may watch or bid.
    const s = await connect(suppliers[0].cookie)
    expect(await watch(s, id)).toEqual({ ok: false, rule: 'not_invited' })
    expect((await app.request(`/tenders/${id}`, { cookie: suppliers[0].cookie, form: { intent: 'acceptTerms' } })).status).toBe(200)
    await expect.poll(async () => (await lotRow(row.id)).status, { timeout: 3000 }).toBe('live')
    const joined = await watch(s, id)
    expect(joined.ok && joined.audience).toBe('supplier')
    const ok = await bid(s, row.id, 249_000_00)
    expect(ok.ok).toBe(true)
    // The unverified and the uninvited see nothing of it.
    expect((await app.request(`/tenders/${id}`, { cookie: suppliers[2].cookie })).status).toBe(404)
  })
})

describe('bad input and abuse on the socket', () => {
  it('refuses malformed payloads, foreign lots and replays with another amount, and changes nothing', async () => {
    const {
      tender,
      lots: [lot],
    } = await createTender(db, { buyerOrgId: operator.id, suppliers: [suppliers[0].id, suppliers[1].id] })
    const other = await createTender(db, { buyerOrgId: operator.id, suppliers: [suppliers[2].id] })
    const s = await connect(suppliers[0].cookie)
    await watch(s, tender.id)
    const before = await lotRow(lot.id)
    for (const priceMinor of ['99000', -100, null, 99_000.5, 0, 1e300, { $gt: 1 }, [1]])
      expect(await bid(s, lot.id, priceMinor)).toMatchObject({ ok: false, rule: 'invalid_payload' })
    expect(await bid(s, 'not-a-uuid', 99_000_00)).toMatchObject({ ok: false, rule: 'invalid_payload' })
    expect(await bid(s, lot.id, 99_000_00, '')).toMatchObject({ ok: false, rule: 'invalid_payload' })
    expect(await bid(s, lot.id, 99_000_00, 'x'.repeat(65))).toMatchObject({ ok: false, rule: 'invalid_payload' })
    expect(await s.timeout(3000).emitWithAck('auction:bid', 'just a string')).toMatchObject({ ok: false, rule: 'invalid_payload' })
    expect(
      await s.timeout(3000).emitWithAck('auction:bid', { lotId: lot.id, priceMinor: 99_000_00, clientBidId: 'a', extra: 'field' }),
    ).toMatchObject({ ok: false, rule: 'invalid_payload' })
    expect(await s.timeout(3000).emitWithAck('auction:watch', { tenderId: 42 })).toMatchObject({ ok: false, rule: 'invalid_payload' })
    expect(await s.timeout(3000).emitWithAck('auction:sync', { lotId: lot.id, afterSeq: -1 })).toMatchObject({ ok: false, rule: 'invalid_payload' })
    // A lot of a tender this supplier is not invited to answers like a lot that does not exist.
    expect(await bid(s, other.lots[0].id, 99_000_00)).toEqual({ ok: false, rule: 'not_invited' })
    expect(await bid(s, crypto.randomUUID(), 99_000_00)).toEqual({ ok: false, rule: 'not_invited' })
    expect(await s.timeout(3000).emitWithAck('auction:sync', { lotId: other.lots[0].id, afterSeq: 0 })).toEqual({ ok: false, rule: 'not_invited' })
    expect(await lotRow(lot.id)).toEqual(before)

    // The same client bid id: a retry returns the first receipt; another amount is refused.
    const first = await bid(s, lot.id, 99_000_00, 'retry-1')
    const again = await bid(s, lot.id, 99_000_00, 'retry-1')
    expect(again.ok && first.ok && again.receipt.hash).toBe(first.ok && first.receipt.hash)
    expect(again.ok && again.repeated).toBe(true)
    expect(await bid(s, lot.id, 98_000_00, 'retry-1')).toEqual({ ok: false, rule: 'idempotency_conflict' })
    expect(await db.select().from(bids).where(eq(bids.lotId, lot.id))).toHaveLength(1)

    // An oversized message closes the connection; nothing is written.
    const gone = waitForEvent(s, 'disconnect', 3000)
    s.emit('auction:bid', { lotId: lot.id, priceMinor: 97_000_00, clientBidId: 'x'.repeat(200_000) }, () => {})
    await gone
    expect(await db.select().from(bids).where(eq(bids.lotId, lot.id))).toHaveLength(1)
  })

  it('refuses bids on paused and closed lots by name', async () => {
    const {
      lots: [paused],
    } = await createTender(db, { buyerOrgId: operator.id, suppliers: [suppliers[0].id] })
    await db.update(lots).set({ status: 'paused', pausedAt: new Date() }).where(eq(lots.id, paused.id))
    const {
      lots: [closed],
    } = await createTender(db, { buyerOrgId: operator.id, suppliers: [suppliers[0].id], durationMs: 1000, startsInMs: -5000 })
    const s = await connect(suppliers[0].cookie)
    expect(await bid(s, paused.id, 99_000_00)).toEqual({ ok: false, rule: 'not_live' })
    const r = await bid(s, closed.id, 99_000_00)
    expect(r.ok === false && ['ended', 'not_live'].includes(r.rule)).toBe(true)
  })

  it('rate-limits a flood from one supplier without slowing another', async () => {
    const {
      tender,
      lots: [lot],
    } = await createTender(db, { buyerOrgId: operator.id, suppliers: [suppliers[3].id, suppliers[4].id], maxExtensions: 0 })
    const flood = await connect(suppliers[3].cookie)
    const calm = await connect(suppliers[4].cookie)
    await watch(flood, tender.id)
    await watch(calm, tender.id)
    const replies = await Promise.all(Array.from({ length: 20 }, (_, i) => bid(flood, lot.id, 99_900_00 - i * 100)))
    const limited = replies.filter((r) => !r.ok && r.rule === 'rate_limited').length
    expect(limited).toBeGreaterThanOrEqual(15)
    expect(replies.filter((r) => r.ok).length).toBeLessThanOrEqual(4)
    // The other supplier bids at once, unaffected.
    const other = await bid(calm, lot.id, 99_950_00)
    expect(other.ok).toBe(true)
    // After a second the flooding supplier may bid again.
    await sleep(1100)
    const later = await bid(flood, lot.id, 50_000_00)
    expect(later.ok || later.rule !== 'rate_limited').toBe(true)
  })
})

describe('the buyer’s controls', () => {
  it('pushes pause, resume (end moved by the pause), extension, strike-out and cancel to suppliers live', async () => {
    const {
      tender,
      lots: [lot],
    } = await createTender(db, { buyerOrgId: operator.id, suppliers: [suppliers[0].id, suppliers[1].id], visibility: 'full' })
    const a = await connect(suppliers[0].cookie)
    const b = await connect(suppliers[1].cookie)
    await watch(a, tender.id)
    await watch(b, tender.id)
    const url = `/desk/tenders/${tender.id}`
    const post = (form: Record<string, string>) => app.request(url, { cookie: officerCookie, form })

    const first = await bid(a, lot.id, 99_000_00)
    const second = await bid(b, lot.id, 98_000_00)
    expect(first.ok && second.ok).toBe(true)

    const endBefore = (await lotRow(lot.id)).endsAt.getTime()
    const pausedPush = nextPush<SupplierLotView>(a, lot.id, (p) => p.view.status === 'paused')
    expect((await post({ intent: 'pause', lotId: lot.id, reason: 'Проверка связи' })).status).toBe(200)
    const paused = await pausedPush
    expect(paused.events.at(-1)).toMatchObject({ kind: 'paused', reason: 'Проверка связи' })
    expect(await bid(a, lot.id, 97_000_00)).toEqual({ ok: false, rule: 'not_live' })
    await sleep(600)
    const resumedPush = nextPush<SupplierLotView>(b, lot.id, (p) => p.view.status === 'live')
    expect((await post({ intent: 'resume', lotId: lot.id })).status).toBe(200)
    const resumed = await resumedPush
    const moved = Date.parse(resumed.view.endsAt) - endBefore
    expect(moved).toBeGreaterThanOrEqual(600)
    expect(moved).toBeLessThan(5000)
    expect(resumed.view.extensions.at(-1)).toMatchObject({ cause: 'pause' })

    const extendedPush = nextPush<SupplierLotView>(a, lot.id, (p) => p.events.some((e) => e.kind === 'extended'))
    expect((await post({ intent: 'extend', lotId: lot.id, minutes: '5', reason: 'Просьба участников' })).status).toBe(200)
    const extended = await extendedPush
    expect(Date.parse(extended.view.endsAt) - Date.parse(resumed.view.endsAt)).toBe(5 * 60_000)
    expect(extended.view.extensions.at(-1)).toMatchObject({ cause: 'buyer', reason: 'Просьба участников' })
    // A bad extension is refused with the field's reason and changes nothing.
    const bad = await post({ intent: 'extend', lotId: lot.id, minutes: '-5', reason: 'x' })
    expect(bad.status).toBe(400)

    // Striking out the leader's bid: b's reason goes to b only; a becomes rank 1 again.
    const leaderSeq = second.ok ? second.receipt.seq : 0
    const toA = nextPush<SupplierLotView>(a, lot.id, (p) => p.events.some((e) => e.kind === 'disqualified'))
    const toB = nextPush<SupplierLotView>(b, lot.id, (p) => p.events.some((e) => e.kind === 'disqualified'))
    expect((await post({ intent: 'disqualify', lotId: lot.id, bidSeq: String(leaderSeq), reason: 'Ошибка в цене' })).status).toBe(200)
    const [seenByA, seenByB] = await Promise.all([toA, toB])
    expect(seenByA.events.find((e) => e.kind === 'disqualified')).toMatchObject({ own: false, reason: null })
    expect(seenByB.events.find((e) => e.kind === 'disqualified')).toMatchObject({ own: true, reason: 'Ошибка в цене' })
    expect(seenByA.view.own.rank).toBe(1)
    expect(seenByA.view.bestMinor).toBe(99_000_00)
    expect((await lotRow(lot.id)).bestPriceMinor).toBe(99_000_00)
    expect((await post({ intent: 'disqualify', lotId: lot.id, bidSeq: String(leaderSeq), reason: 'Ещё раз' })).status).toBe(409)

    const cancelledPush = nextPush<SupplierLotView>(b, lot.id, (p) => p.view.status === 'cancelled')
    expect((await post({ intent: 'cancel', reason: 'Изменилась потребность' })).status).toBe(200)
    expect((await cancelledPush).view.cancelReason).toBe('Изменилась потребность')
    expect(await bid(a, lot.id, 95_000_00)).toEqual({ ok: false, rule: 'not_live' })

    // Every action is in the lot's log, numbered in the same sequence as the bids, without gaps.
    const evs = await db.select({ seq: lotEvents.seq, kind: lotEvents.kind }).from(lotEvents).where(eq(lotEvents.lotId, lot.id))
    const bidSeqs = (await db.select({ seq: bids.seq }).from(bids).where(eq(bids.lotId, lot.id))).map((x) => x.seq)
    const all = [...evs.map((e) => e.seq), ...bidSeqs].sort((x, y) => x - y)
    expect(all).toEqual(Array.from({ length: all.length }, (_, i) => i + 1))
    expect(evs.map((e) => e.kind).sort()).toEqual(['cancelled', 'disqualified', 'extended', 'paused', 'resumed'])
  })

  it('another operator’s officer cannot control or see the tender', async () => {
    const {
      tender,
      lots: [lot],
    } = await createTender(db, { buyerOrgId: operator.id, suppliers: [suppliers[0].id] })
    const otherOperator = await createOrganisation(db, { kind: 'operator' })
    const stranger = await createMember(db, otherOperator, 'procurement_officer')
    const cookie = await app.login(stranger.email, defaultTestPassword)
    expect((await app.request(`/desk/tenders/${tender.id}`, { cookie })).status).toBe(404)
    expect((await app.request(`/desk/tenders/${tender.id}`, { cookie, form: { intent: 'pause', lotId: lot.id } })).status).toBe(404)
    expect((await lotRow(lot.id)).status).toBe('live')
    const s = await connect(cookie)
    expect(await watch(s, tender.id)).toEqual({ ok: false, rule: 'not_invited' })
  })
})

describe('closing', () => {
  it('accepts no bid after the end, by even a millisecond, while bids race the close', async () => {
    const team = suppliers.slice(0, 6)
    const {
      tender,
      lots: [lot],
    } = await createTender(db, {
      buyerOrgId: operator.id,
      suppliers: team.map((s) => s.id),
      durationMs: 1500,
      startsInMs: -100,
      softWindowMs: 0,
      maxExtensions: 0,
      lots: [{ minStepMinor: 1, maxStepMinor: 10_000_00 }],
    })
    const sockets = await Promise.all(team.map((s) => connect(s.cookie)))
    await Promise.all(sockets.map((s) => watch(s, tender.id)))
    const closedPush = nextPush<SupplierLotView>(sockets[0], lot.id, (p) => p.view.status === 'closed', 5000)
    // Each supplier bids every 400 ms (inside the rate limit) until well past the end.
    const replies: BidReply[] = []
    await Promise.all(
      sockets.map(async (s, i) => {
        for (let k = 0; k < 6; k++) {
          replies.push(await bid(s, lot.id, 99_000_00 - k * 60_000 - i * 1000))
          await sleep(400)
        }
      }),
    )
    await closedPush
    const row = await lotRow(lot.id)
    expect(row.status).toBe('closed')
    const accepted = rowsOf<{ late: boolean }>(
      // Compared in the database: the end is stored to the microsecond, and a JS Date would round it down to the
      // millisecond, calling a bid taken in the end's last microseconds "late".
      await db.execute(sql`select b.received_at >= l.ends_at as late from bids b join lots l on l.id = b.lot_id where b.lot_id = ${lot.id}`),
    )
    expect(accepted.length).toBeGreaterThan(0)
    expect(accepted.filter((b) => b.late)).toHaveLength(0)
    const refusedLate = replies.filter((r) => !r.ok && (r.rule === 'ended' || r.rule === 'not_live'))
    expect(refusedLate.length).toBeGreaterThan(0)
    expect(
      await db
        .select()
        .from(lotEvents)
        .where(and(eq(lotEvents.lotId, lot.id), eq(lotEvents.kind, 'closed'))),
    ).toHaveLength(1)
    expect((await db.select().from(tenders).where(eq(tenders.id, tender.id)))[0].status).toBe('closed')
  })

  it('extends the lot when a new lead arrives inside the window, and says so', async () => {
    const {
      tender,
      lots: [lot],
    } = await createTender(db, {
      buyerOrgId: operator.id,
      suppliers: [suppliers[0].id, suppliers[1].id],
      durationMs: 5000,
      startsInMs: -1000,
      softWindowMs: 10_000,
      softExtensionMs: 20_000,
    })
    const a = await connect(suppliers[0].cookie)
    await watch(a, tender.id)
    const pushed = nextPush<SupplierLotView>(a, lot.id, (p) => p.view.extensions.length > 0)
    const r = await bid(a, lot.id, 99_000_00)
    expect(r.ok && r.receipt.extended).toBe(true)
    const push = await pushed
    expect(push.view.extensions[0]).toMatchObject({ cause: 'lead_in_window' })
    expect(Date.parse(push.view.endsAt) - Date.parse(r.ok ? r.receipt.receivedAt : '')).toBeGreaterThanOrEqual(19_990)
  })
})

describe('resync, the HTTPS fallback and the award', () => {
  it('rebuilds what a reconnecting supplier missed from the log; bids go through over HTTPS; the award needs a reason unless rank 1', async () => {
    const {
      tender,
      lots: [lot],
    } = await createTender(db, {
      buyerOrgId: operator.id,
      suppliers: [suppliers[0].id, suppliers[1].id],
      durationMs: 4000,
      startsInMs: -100,
      softWindowMs: 0,
    })
    const a = await connect(suppliers[0].cookie)
    const joined = await watch(a, tender.id)
    const lastSeq = joined.ok ? joined.lots[0].seq : -1
    a.disconnect()

    // Supplier b has no socket: it bids over HTTPS, with a client bid id that makes the retry harmless.
    // As the page's fetcher posts it: the route's data, not the HTML document.
    const url = `/tenders/${tender.id}?_data=${encodeURIComponent('routes/tenders.$tenderId')}`
    const viaHttps = await app.request(url, {
      cookie: suppliers[1].cookie,
      form: { intent: 'bid', lotId: lot.id, priceMinor: '9900000', clientBidId: 'https-1' },
    })
    expect(viaHttps.status).toBe(200)
    const receipt = JSON.parse(viaHttps.body).bid
    expect(receipt).toMatchObject({ ok: true, repeated: false, receipt: { seq: lastSeq + 1, priceMinor: 99_000_00 } })
    const repeat = JSON.parse(
      (await app.request(url, { cookie: suppliers[1].cookie, form: { intent: 'bid', lotId: lot.id, priceMinor: '9900000', clientBidId: 'https-1' } }))
        .body,
    ).bid
    expect(repeat).toMatchObject({ ok: true, repeated: true, receipt: { hash: receipt.receipt.hash } })
    const typo = await app.request(url, {
      cookie: suppliers[1].cookie,
      form: { intent: 'bid', lotId: lot.id, amount: '12.345', clientBidId: 'https-2' },
    })
    expect(typo.status).toBe(400)
    expect(JSON.parse(typo.body).bid).toMatchObject({ ok: false, rule: 'invalid_payload' })
    const byAmount = await app.request(url, {
      cookie: suppliers[1].cookie,
      form: { intent: 'bid', lotId: lot.id, amount: '98 500,00', clientBidId: 'https-3' },
    })
    expect(JSON.parse(byAmount.body).bid).toMatchObject({ ok: true, receipt: { priceMinor: 98_500_00 } })

    const back = await connect(suppliers[0].cookie)
    await watch(back, tender.id)
    const sync = (await back.timeout(3000).emitWithAck('auction:sync', { lotId: lot.id, afterSeq: lastSeq })) as SyncReply
    expect(sync.ok && sync.events.map((e) => [e.seq, e.kind, e.own])).toEqual([
      [lastSeq + 1, 'bid', false],
      [lastSeq + 2, 'bid', false],
    ])
    expect(sync.ok && (sync.view as SupplierLotView).own.rank).toBeNull()

    // Award after the close: to rank 2 only with a reason.
    await expect.poll(async () => (await lotRow(lot.id)).status, { timeout: 8000 }).toBe('closed')
    const award = (form: Record<string, string>) =>
      app.request(`/desk/tenders/${tender.id}`, { cookie: officerCookie, form: { intent: 'award', lotId: lot.id, ...form } })
    expect((await award({ supplierOrgId: suppliers[0].id })).status).toBe(409) // no standing bid
    const buyer = await connect(officerCookie)
    const view = (await watch(buyer, tender.id)) as Extract<WatchReply, { ok: true }>
    expect((view.lots[0] as BuyerLotView).ranking.map((r) => r.supplierOrgId)).toEqual([suppliers[1].id])
    expect((await award({ supplierOrgId: suppliers[1].id })).status).toBe(200)
    expect((await award({ supplierOrgId: suppliers[1].id })).status).toBe(409)
    expect((await lotRow(lot.id)).awardedSupplierId).toBe(suppliers[1].id)
    expect((await db.select().from(tenders).where(eq(tenders.id, tender.id)))[0].status).toBe('awarded')
  })

  it('requires a written reason to award anyone but rank 1', async () => {
    const {
      tender,
      lots: [lot],
    } = await createTender(db, {
      buyerOrgId: operator.id,
      suppliers: [suppliers[4].id, suppliers[5].id],
      durationMs: 2500,
      startsInMs: -100,
      softWindowMs: 0,
    })
    const [x, y] = await Promise.all([connect(suppliers[4].cookie), connect(suppliers[5].cookie)])
    await watch(x, tender.id)
    await watch(y, tender.id)
    expect((await bid(x, lot.id, 99_000_00)).ok).toBe(true)
    expect((await bid(y, lot.id, 98_000_00)).ok).toBe(true)
    await expect.poll(async () => (await lotRow(lot.id)).status, { timeout: 8000 }).toBe('closed')
    const award = (form: Record<string, string>) =>
      app.request(`/desk/tenders/${tender.id}`, { cookie: officerCookie, form: { intent: 'award', lotId: lot.id, ...form } })
    const noReason = await award({ supplierOrgId: suppliers[4].id })
    expect(noReason.status).toBe(409)
    expect(noReason.body).toMatch(/требует обоснования|needs a written reason/)
    const pushed = nextPush<SupplierLotView>(x, lot.id, (p) => p.view.awarded !== null)
    expect((await award({ supplierOrgId: suppliers[4].id, reason: 'Лучший срок поставки' })).status).toBe(200)
    expect((await pushed).view.awarded).toEqual({ own: true })
    expect((await lotRow(lot.id)).awardReason).toBe('Лучший срок поставки')
  })
})
