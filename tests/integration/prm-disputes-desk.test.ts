import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { ledgerDisputes, notifications } from '../../db/schema'
import { grantScope } from '../../app/modules/auth/scope.server'
import { openDispute } from '../../app/modules/incentives/disputes.server'
import { listNotices } from '../../app/modules/notifications/queries.server'
import { accrueTestLine, createMember, createOrganisation, defaultTestPassword } from '../factories'
import { startApp, type App } from '../http-harness'

// The partner manager answers and closes a dealer's query on a ledger line in the browser (issue 13, the ledger's
// dispute thread): the dealer's admin hears of the answer; an empty answer is refused and changes nothing.

let app: App
const w = {} as { disputeId: string; admin: { id: string }; manager: { id: string; email: string } }
beforeAll(async () => {
  app = await startApp()
  const dealer = await createOrganisation(db, { kind: 'dealer', shortName: 'Дилер с вопросом' })
  const operator = await createOrganisation(db, { kind: 'operator' })
  const admin = await createMember(db, dealer, 'dealer_admin')
  w.admin = admin
  w.manager = await createMember(db, operator, 'partner_manager', { locale: 'en' })
  const { lineId } = await accrueTestLine(db, { orgId: dealer.id, amountMinor: 12_345_00 })
  const opened = await openDispute({
    scope: grantScope('manage:partner_programme:org', dealer.id),
    actor: { userId: admin.id, email: admin.email, ip: null },
    lineId,
    body: 'Where is the order of 30 September?',
  })
  expect(opened.ok).toBe(true)
  const [d] = await db.select().from(ledgerDisputes).where(eq(ledgerDisputes.orgId, dealer.id))
  w.disputeId = d.id
}, 60_000)
afterAll(() => app.close())

describe('/desk/partners/disputes', () => {
  it("tells the partner manager of the query with the programme named in the manager's language", async () => {
    const { notices } = await listNotices({ userId: w.manager.id, locale: 'en', unreadOnly: false, page: 1 })
    const told = notices.find((n) => n.title === 'A query on an incentive line')
    expect(told?.body).toContain('“Volume rebate”')
    expect(told?.body).not.toContain('Бонус за объём')
  })

  it('lists the open query with its thread', async () => {
    const cookie = await app.login(w.manager.email, defaultTestPassword)
    const page = (await app.request('/desk/partners/disputes', { cookie })).body.replaceAll('\0', '')
    expect(page).toContain('Where is the order of 30 September?')
    expect(page).toContain('Awaiting an answer')
  })

  it('refuses an empty answer and changes nothing', async () => {
    const cookie = await app.login(w.manager.email, defaultTestPassword)
    const res = await app.request('/desk/partners/disputes', { form: { intent: 'answer', disputeId: w.disputeId, body: '' }, cookie })
    expect(res.status).toBe(400)
    expect((await db.select().from(ledgerDisputes).where(eq(ledgerDisputes.id, w.disputeId)))[0].status).toBe('open')
  })

  it('answers: the query is answered and the dealer’s admin is told; then closes it', async () => {
    const cookie = await app.login(w.manager.email, defaultTestPassword)
    const before = (await db.select().from(notifications).where(eq(notifications.userId, w.admin.id))).length
    const res = await app.request('/desk/partners/disputes', {
      form: { intent: 'answer', disputeId: w.disputeId, body: 'It is in the next quarter.' },
      cookie,
    })
    expect(res.status).toBe(200)
    expect((await db.select().from(ledgerDisputes).where(eq(ledgerDisputes.id, w.disputeId)))[0].status).toBe('answered')
    expect((await db.select().from(notifications).where(eq(notifications.userId, w.admin.id))).length).toBe(before + 1)
    await app.request('/desk/partners/disputes', { form: { intent: 'close', disputeId: w.disputeId }, cookie })
    expect((await db.select().from(ledgerDisputes).where(eq(ledgerDisputes.id, w.disputeId)))[0].status).toBe('closed')
  })
})
