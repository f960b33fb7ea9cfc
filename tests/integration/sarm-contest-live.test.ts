import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { ledgerLines } from '../../db/schema/incentives'
import { contestAwards } from '../../db/schema/sarm'
import { grantScope } from '../../app/modules/auth/scope.server'
import { runContestChecks } from '../../app/modules/sarm/contest-run.server'
import { afterSalesCommitted } from '../../app/modules/sarm/sales-events.server'
import type { ContestBoard } from '../../realtime/events'
import { createCategory, createMember, createOrganisation, createProduct, createTaxClass, defaultTestPassword } from '../factories'
import { createAssistant, createContest, createSaleReports, createShop } from '../factories/sarm'
import { startApp, waitForEvent, type App } from '../http-harness'

// Through the real app: the live leaderboard reaches a socket.io client after a confirmation commits (the seam
// every confirmation calls), and only the partner desk decides a held prize, never without a reason.

let app: App
const w = {} as {
  orgId: string
  shopId: string
  productId: string
  assistants: { id: string; email: string }[]
  running: string
  finished: string
  manager: { id: string; email: string }
  dealerAdmin: { id: string; email: string }
}
const today = new Date().toISOString().slice(0, 10)

beforeAll(async () => {
  app = await startApp()
  const vat = await createTaxClass(db, { rates: [['2019-01-01', 2200]] })
  w.productId = (await createProduct(db, { categoryId: (await createCategory(db)).id, taxClassId: vat.id })).id
  const org = await createOrganisation(db, { kind: 'dealer', shortName: 'Живой дилер' })
  w.orgId = org.id
  w.shopId = (await createShop(db, { orgId: org.id, region: 'Казань' })).id
  w.assistants = []
  for (const displayName of ['Ольга Петрова', 'Павел Сидоров', 'Роман Тихонов'])
    w.assistants.push((await createAssistant(db, { orgId: org.id, shopId: w.shopId, displayName })).user)
  w.running = (
    await createContest(db, { periodStart: '2026-01-01', periodEnd: '2099-12-31', orgIds: [org.id], prizes: [{ rank: 1, amountMinor: 500_00 }] })
  ).id
  w.manager = await createMember(db, await createOrganisation(db, { kind: 'operator' }), 'partner_manager')
  w.dealerAdmin = await createMember(db, org, 'dealer_admin')
  // A finished contest whose only shop sold everything through one seller: its prize is held.
  const sales = (k: number, units: number[]) =>
    units.map((qty, i) => ({
      orgId: org.id,
      shopId: w.shopId,
      userId: w.assistants[i].id,
      productId: w.productId,
      qty,
      soldOn: k === 0 ? '2025-06-15' : `2025-0${6 - k}-15`,
    }))
  await createSaleReports(db, [...sales(0, [30, 1, 1]), ...[1, 2, 3, 4, 5].flatMap((k) => sales(k, [10, 10, 10]))])
  w.finished = (
    await createContest(db, { periodStart: '2025-06-01', periodEnd: '2025-06-30', orgIds: [org.id], prizes: [{ rank: 1, amountMinor: 1_000_00 }] })
  ).id
  const ran = await runContestChecks({
    scope: grantScope('manage:sarm:any', null),
    actor: { userId: null, email: null, ip: null },
    contestId: w.finished,
  })
  expect(ran).toMatchObject({ ok: true, held: 1 })
})
afterAll(() => app?.close())

describe('the live leaderboard', () => {
  it('reaches a watching assistant after a confirmation, with only the published fields', async () => {
    const cookie = await app.login(w.assistants[1].email, defaultTestPassword)
    const s = app.socket({ cookie })
    const first = (await s.timeout(3000).emitWithAck('contest:watch', { contestId: w.running })) as { ok: boolean; rows: unknown[] }
    expect(first).toMatchObject({ ok: true, rows: [] })

    const [sale] = await createSaleReports(db, [
      { orgId: w.orgId, shopId: w.shopId, userId: w.assistants[0].id, productId: w.productId, qty: 4, soldOn: today },
    ])
    const pushed = waitForEvent<ContestBoard>(s, 'contest:board')
    afterSalesCommitted([{ orgId: w.orgId, shopId: w.shopId, userId: sale.userId, soldOn: today }])
    const board = await pushed
    expect(board.contestId).toBe(w.running)
    expect(board.rows).toEqual([{ rank: 1, seller: 'Ольга П.', dealer: 'Живой дилер', region: 'Казань', score: 4, mine: false }])

    // Asked again, the board marks the viewer's own row.
    await createSaleReports(db, [{ orgId: w.orgId, shopId: w.shopId, userId: w.assistants[1].id, productId: w.productId, qty: 1, soldOn: today }])
    const again = (await s.timeout(3000).emitWithAck('contest:watch', { contestId: w.running })) as { rows: { seller: string; mine: boolean }[] }
    expect(again.rows.map((r) => [r.seller, r.mine])).toEqual([
      ['Ольга П.', false],
      ['Павел С.', true],
    ])
  })

  it('refuses a contest the dealer is not in, and a malformed request', async () => {
    const other = await createContest(db, {
      periodStart: '2026-01-01',
      periodEnd: '2099-12-31',
      orgIds: [(await createOrganisation(db, { kind: 'dealer' })).id],
      prizes: [{ rank: 1, amountMinor: 100 }],
    })
    const s = app.socket({ cookie: await app.login(w.assistants[2].email, defaultTestPassword) })
    expect(await s.timeout(3000).emitWithAck('contest:watch', { contestId: other.id })).toEqual({ ok: false, rule: 'not_invited' })
    expect(await s.timeout(3000).emitWithAck('contest:watch', { contestId: 'nope' })).toEqual({ ok: false, rule: 'invalid_payload' })
  })
})

describe('a held prize', () => {
  it('is released only by the partner desk, and never without a reason', async () => {
    const [award] = await db.select().from(contestAwards).where(eq(contestAwards.contestId, w.finished))
    const url = `/desk/sarm/contests/${w.finished}`
    const dealer = await app.login(w.dealerAdmin.email, defaultTestPassword)
    expect((await app.request(url, { cookie: dealer, form: { intent: 'release', awardId: award.id, reason: 'I say so' } })).status).toBe(403)
    const assistant = await app.login(w.assistants[0].email, defaultTestPassword)
    expect((await app.request(url, { cookie: assistant, form: { intent: 'release', awardId: award.id, reason: 'Mine' } })).status).toBe(403)

    const manager = await app.login(w.manager.email, defaultTestPassword)
    const page = await app.request(url, { cookie: manager })
    expect(page.status).toBe(200)
    expect(page.body).toContain('HHI')
    const noReason = await app.request(url, { cookie: manager, form: { intent: 'reverse', awardId: award.id, reason: '' } })
    expect(noReason.status).toBe(400)
    const [still] = await db.select().from(ledgerLines).where(eq(ledgerLines.id, award.ledgerLineId!))
    expect(still.status).toBe('held')

    const released = await app.request(url, {
      cookie: manager,
      form: { intent: 'release', awardId: award.id, reason: 'Receipts checked with the shop' },
    })
    expect(released.status).toBe(200)
    const [line] = await db.select().from(ledgerLines).where(eq(ledgerLines.id, award.ledgerLineId!))
    expect(line).toMatchObject({ status: 'pending', holdReasons: [] })
  })
})
