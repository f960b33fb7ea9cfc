import { and, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { ledgerLines, notifications, payoutBatches } from '../../db/schema'
import type { Actor } from '../../app/modules/audit/mutations.server'
import { systemActor } from '../../app/modules/audit/mutations.server'
import { grantScope } from '../../app/modules/auth/scope.server'
import { approvePayoutBatch, markBatchPaid, preparePayoutBatch } from '../../app/modules/incentives/batches.server'
import { addDisputeMessage, closeDispute, openDispute } from '../../app/modules/incentives/disputes.server'
import { accrueLedgerLine, holdLedgerLine, reverseLedgerLine } from '../../app/modules/incentives/ledger.server'
import { batchPayees, getLedgerLine, listOwnLedger } from '../../app/modules/incentives/queries.server'
import { accrueTestLine, createMember, createOrganisation } from '../factories'

// Payout batches and queries on lines (issue 13): four eyes, one approval of two at once, a paid batch never changes,
// queries reach the other side and only the line's dealer reads it, the bank's file lists each recipient once.

const desk = grantScope('manage:partner_programme:any', null)
const actorOf = (u: { id: string; email: string }): Actor => ({ userId: u.id, email: u.email, ip: null })
let operator = { id: '' }
let managerA: Actor, managerB: Actor, managerC: Actor
beforeAll(async () => {
  operator = await createOrganisation(db, { kind: 'operator' })
  managerA = actorOf(await createMember(db, operator, 'partner_manager', { displayName: 'Анна Подготовкина' }))
  managerB = actorOf(await createMember(db, operator, 'partner_manager', { displayName: 'Борис Утвердин' }))
  managerC = actorOf(await createMember(db, operator, 'partner_manager', { displayName: 'Вера Вторая' }))
})

async function dealerWithLines(...amounts: number[]) {
  const org = await createOrganisation(db, { kind: 'dealer' })
  const admin = await createMember(db, org, 'dealer_admin')
  const lines = []
  for (const a of amounts) lines.push(await accrueTestLine(db, { orgId: org.id, amountMinor: a }))
  return { org, admin, lines }
}
const batchOf = async (id: string) => (await db.select().from(payoutBatches).where(eq(payoutBatches.id, id)))[0]
const lineOf = async (id: string) => (await db.select().from(ledgerLines).where(eq(ledgerLines.id, id)))[0]

describe('preparePayoutBatch', () => {
  it('takes pending lines into a numbered batch and leaves held lines and negative-net dealers out', async () => {
    const a = await dealerWithLines(100_00, 50_00, 30_00)
    await holdLedgerLine({ scope: desk, actor: managerA, lineId: a.lines[2].lineId, reasons: ['documents'] })
    const b = await dealerWithLines(10_00, -40_00)
    const result = await preparePayoutBatch({ scope: desk, actor: managerA, lineIds: [...a.lines, ...b.lines].map((l) => l.lineId) })
    expect(result).toMatchObject({ ok: true, lineCount: 2, totalMinor: 150_00, leftOutOrgs: [b.org.id] })
    if (!result.ok) return
    expect(result.number).toMatch(/^B-\d{4}-\d{4}$/)
    expect(await batchOf(result.batchId)).toMatchObject({ status: 'prepared', totalMinor: 150_00, lineCount: 2 })
    expect(await lineOf(a.lines[0].lineId)).toMatchObject({ status: 'pending', batchId: result.batchId })
    expect((await lineOf(a.lines[2].lineId)).batchId).toBeNull()
    expect((await lineOf(b.lines[0].lineId)).batchId).toBeNull()
    // Nothing left to take: a second preparation is refused.
    expect(await preparePayoutBatch({ scope: desk, actor: managerA, filter: { orgId: a.org.id } })).toMatchObject({
      ok: false,
      message: 'payout.error.noLines',
    })
  })
})

describe('approvePayoutBatch', () => {
  it('refuses the preparer (four eyes) and changes nothing', async () => {
    const a = await dealerWithLines(70_00)
    const prepared = await preparePayoutBatch({ scope: desk, actor: managerA, filter: { orgId: a.org.id } })
    if (!prepared.ok) throw new Error('not prepared')
    expect(await approvePayoutBatch({ scope: desk, actor: managerA, batchId: prepared.batchId })).toMatchObject({
      ok: false,
      status: 409,
      message: 'payout.error.fourEyes',
    })
    expect(await batchOf(prepared.batchId)).toMatchObject({ status: 'prepared', approvedBy: null })
    expect((await lineOf(a.lines[0].lineId)).status).toBe('pending')
    // The database refuses it too, whatever the application does.
    await expect(db.update(payoutBatches).set({ approvedBy: managerA.userId }).where(eq(payoutBatches.id, prepared.batchId))).rejects.toThrow()
  })

  it('lets exactly one of two simultaneous approvals win, and tells the dealer admin', async () => {
    const a = await dealerWithLines(120_00, 5_00)
    const prepared = await preparePayoutBatch({ scope: desk, actor: managerA, filter: { orgId: a.org.id } })
    if (!prepared.ok) throw new Error('not prepared')
    const results = await Promise.all([
      approvePayoutBatch({ scope: desk, actor: managerB, batchId: prepared.batchId }),
      approvePayoutBatch({ scope: desk, actor: managerC, batchId: prepared.batchId }),
    ])
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    const loser = results.find((r) => !r.ok)
    expect(loser).toMatchObject({ ok: false, message: 'payout.error.alreadyApproved' })
    const batch = await batchOf(prepared.batchId)
    expect(batch.status).toBe('approved')
    const winnerName = batch.approvedBy === managerB.userId ? 'Борис Утвердин' : 'Вера Вторая'
    expect(loser && !loser.ok ? loser.params : null).toEqual({ by: winnerName })
    expect((await lineOf(a.lines[0].lineId)).status).toBe('approved')
    const notes = await db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, a.admin.id), eq(notifications.kind, 'payout.approved')))
    expect(notes).toHaveLength(1)
    expect(notes[0].params).toMatchObject({ number: prepared.number, totalMinor: 125_00 })
  })
})

describe('a paid batch', () => {
  it('never changes: hold, reverse, re-batch and payment again are refused; an accrual becomes a correction line', async () => {
    const a = await dealerWithLines(200_00)
    const { lineId, key } = a.lines[0]
    const prepared = await preparePayoutBatch({ scope: desk, actor: managerA, filter: { orgId: a.org.id } })
    if (!prepared.ok) throw new Error('not prepared')
    expect(await markBatchPaid({ scope: desk, actor: managerA, batchId: prepared.batchId })).toMatchObject({
      ok: false,
      message: 'payout.error.notApproved',
    })
    expect(await approvePayoutBatch({ scope: desk, actor: managerB, batchId: prepared.batchId })).toEqual({ ok: true })
    expect(await markBatchPaid({ scope: desk, actor: managerA, batchId: prepared.batchId })).toEqual({ ok: true })
    expect(await lineOf(lineId)).toMatchObject({ status: 'paid', amountMinor: 200_00 })

    expect((await holdLedgerLine({ scope: desk, actor: managerA, lineId, reasons: ['review'] })).ok).toBe(false)
    expect((await reverseLedgerLine({ scope: desk, actor: managerA, lineId, reason: 'x' })).ok).toBe(false)
    expect(await preparePayoutBatch({ scope: desk, actor: managerA, lineIds: [lineId] })).toMatchObject({
      ok: false,
      message: 'payout.error.noLines',
    })
    expect(await markBatchPaid({ scope: desk, actor: managerA, batchId: prepared.batchId })).toMatchObject({
      ok: false,
      message: 'payout.error.paid',
    })
    expect(await approvePayoutBatch({ scope: desk, actor: managerC, batchId: prepared.batchId })).toMatchObject({
      ok: false,
      message: 'payout.error.paid',
    })

    const again = await db.transaction((tx) =>
      accrueLedgerLine(tx, systemActor, {
        orgId: a.org.id,
        source: 'rebate',
        programmeId: '00000000-0000-4000-8000-0000000000aa',
        programmeNameRu: 'Бонус за объём',
        programmeNameEn: 'Volume rebate',
        periodStart: '2026-07-01',
        periodEnd: '2026-09-30',
        amountMinor: 230_00,
        explanation: { key: 'ledger.explain.manual', params: { rateBp: 300, note: 'again' } },
        accrualKey: key,
      }),
    )
    expect(again.outcome).toBe('corrected')
    expect(await lineOf(lineId)).toMatchObject({ status: 'paid', amountMinor: 200_00, batchId: prepared.batchId })
    expect(await lineOf(again.lineId!)).toMatchObject({ status: 'pending', amountMinor: 30_00, batchId: null })
    expect(await batchOf(prepared.batchId)).toMatchObject({ status: 'paid', totalMinor: 200_00, lineCount: 1 })
  })
})

describe('disputes', () => {
  it('hold the line, reach the other side, and are visible only to the line’s dealer', async () => {
    const a = await dealerWithLines(80_00)
    const other = await dealerWithLines(1_00)
    const lineId = a.lines[0].lineId
    const mine = grantScope('manage:partner_programme:org', a.org.id)
    const theirs = grantScope('manage:partner_programme:org', other.org.id)
    const manager = await createMember(db, operator, 'partner_manager')

    expect(await openDispute({ scope: theirs, actor: actorOf(other.admin), lineId, body: 'Чужое' })).toMatchObject({ ok: false, status: 404 })
    const opened = await openDispute({ scope: mine, actor: actorOf(a.admin), lineId, body: 'Почему 3 %, а не 4 %?' })
    if (!opened.ok) throw new Error('not opened')
    expect(await lineOf(lineId)).toMatchObject({ status: 'held', holdReasons: ['dispute'] })
    const staffNotes = await db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, manager.id), eq(notifications.kind, 'ledger.disputed')))
    expect(staffNotes.length).toBeGreaterThan(0)

    expect(await getLedgerLine({ scope: theirs, lineId })).toBeNull()
    expect(await addDisputeMessage({ scope: theirs, actor: actorOf(other.admin), disputeId: opened.disputeId, body: 'x' })).toMatchObject({
      ok: false,
      status: 404,
    })
    expect((await listOwnLedger({ scope: theirs, query: {} })).rows.map((r) => r.id)).not.toContain(lineId)

    expect(await addDisputeMessage({ scope: desk, actor: managerB, disputeId: opened.disputeId, body: 'Порог 4 % — от 5 млн.' })).toMatchObject({
      ok: true,
    })
    const dealerNotes = await db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, a.admin.id), eq(notifications.kind, 'ledger.disputeAnswered')))
    expect(dealerNotes).toHaveLength(1)
    const seen = await getLedgerLine({ scope: mine, lineId })
    expect(seen?.dispute).toMatchObject({ status: 'answered' })
    expect(seen?.dispute?.messages.map((m) => [m.side, m.body])).toEqual([
      ['partner', 'Почему 3 %, а не 4 %?'],
      ['operator', 'Порог 4 % — от 5 млн.'],
    ])
    expect(seen?.events.map((e) => e.kind)).toEqual(['accrued', 'held'])

    expect(await closeDispute({ scope: desk, actor: managerB, disputeId: opened.disputeId })).toMatchObject({ ok: true })
    expect(await lineOf(lineId)).toMatchObject({ status: 'pending', holdReasons: [] })
    expect(await addDisputeMessage({ scope: mine, actor: actorOf(a.admin), disputeId: opened.disputeId, body: 'ещё' })).toMatchObject({ ok: false })
  })
})

describe('the bank file', () => {
  it('lists each recipient once with its sum, INN and KPP', async () => {
    const a = await dealerWithLines(100_00, 25_50)
    const b = await dealerWithLines(40_00)
    const prepared = await preparePayoutBatch({ scope: desk, actor: managerA, lineIds: [...a.lines, ...b.lines].map((l) => l.lineId) })
    if (!prepared.ok) throw new Error('not prepared')
    const payees = await batchPayees({ scope: desk, batchId: prepared.batchId })
    expect(payees.map((p) => [p.legalName, p.inn, p.kpp, p.amountMinor]).sort()).toEqual(
      [
        [a.org.legalName, a.org.inn, a.org.kpp, 125_50],
        [b.org.legalName, b.org.inn, b.org.kpp, 40_00],
      ].sort(),
    )
    expect(payees[0]).toMatchObject({ programmesRu: 'Бонус за объём', periodStart: '2026-07-01', periodEnd: '2026-09-30' })
  })
})
