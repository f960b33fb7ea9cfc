import { eq, like } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { ledgerEvents, ledgerLines } from '../../db/schema'
import { systemActor } from '../../app/modules/audit/mutations.server'
import { grantScope } from '../../app/modules/auth/scope.server'
import { accrueLedgerLine, holdLedgerLine, releaseLedgerLine, reverseLedgerLine, type AccrualInput } from '../../app/modules/incentives/ledger.server'
import { createOrganisation } from '../factories'

// The ledger's core (issue 13): an accrual is one line found again by its key; while open it is recalculated in place,
// once approved/paid or its period closed a difference becomes a correction line, and a paid line never changes.

let orgId = ''
const scope = grantScope('manage:partner_programme:any', null)
beforeAll(async () => {
  orgId = (await createOrganisation(db, { kind: 'dealer' })).id
})

const accrual = (key: string, amountMinor: number, closed = false): AccrualInput & { closed: boolean } => ({
  orgId,
  source: 'rebate',
  programmeId: '00000000-0000-4000-8000-000000000001',
  programmeNameRu: 'Бонус',
  programmeNameEn: 'Rebate',
  periodStart: '2026-10-01',
  periodEnd: '2026-12-31',
  amountMinor,
  explanation: { key: 'ledger.explain.manual', params: { rateBp: 200, note: String(amountMinor) } },
  accrualKey: key,
  closed,
})
const accrue = (a: AccrualInput) => db.transaction((tx) => accrueLedgerLine(tx, systemActor, a))
const linesOf = (key: string) =>
  db
    .select()
    .from(ledgerLines)
    .where(like(ledgerLines.accrualKey, `${key}%`))
    .orderBy(ledgerLines.accrualKey)

describe('accrueLedgerLine', () => {
  it('creates one line, recalculates it in place while open, and leaves it when unchanged', async () => {
    const key = `t:${crypto.randomUUID()}`
    expect((await accrue(accrual(key, 100_00))).outcome).toBe('created')
    expect((await accrue(accrual(key, 100_00))).outcome).toBe('unchanged')
    const again = await accrue(accrual(key, 80_00))
    expect(again.outcome).toBe('recalculated')
    const lines = await linesOf(key)
    expect(lines.map((l) => l.amountMinor)).toEqual([80_00])
    const events = await db.select().from(ledgerEvents).where(eq(ledgerEvents.lineId, lines[0].id))
    expect(events.map((e) => e.kind).sort()).toEqual(['accrued', 'recalculated'])
  })

  it('corrects a closed period with a new line for the difference, never touching the line', async () => {
    const key = `t:${crypto.randomUUID()}`
    await accrue(accrual(key, 500_00))
    const result = await accrue(accrual(key, 350_00, true))
    expect(result.outcome).toBe('corrected')
    const lines = await linesOf(key)
    expect(lines.map((l) => [l.accrualKey.slice(key.length), l.amountMinor])).toEqual([
      ['', 500_00],
      [':c1', -150_00],
    ])
    expect(lines[1].correctsLineId).toBe(lines[0].id)
    // The same figure again: the line and its correction already add up to it.
    expect((await accrue(accrual(key, 350_00, true))).outcome).toBe('unchanged')
  })

  it('corrects a paid line instead of editing it', async () => {
    const key = `t:${crypto.randomUUID()}`
    const { lineId } = await accrue(accrual(key, 200_00))
    await db.update(ledgerLines).set({ status: 'paid' }).where(eq(ledgerLines.id, lineId!))
    expect((await accrue(accrual(key, 260_00))).outcome).toBe('corrected')
    const lines = await linesOf(key)
    expect(lines.map((l) => l.amountMinor)).toEqual([200_00, 60_00])
    expect(lines[0].status).toBe('paid')
  })

  it('holds with reasons, releases, and reverses only what is not yet approved', async () => {
    const key = `t:${crypto.randomUUID()}`
    const { lineId } = await accrue(accrual(key, 10_00))
    expect(await holdLedgerLine({ scope, actor: systemActor, lineId: lineId!, reasons: ['documents'] })).toEqual({ ok: true })
    expect((await linesOf(key))[0]).toMatchObject({ status: 'held', holdReasons: ['documents'] })
    expect(await releaseLedgerLine({ scope, actor: systemActor, lineId: lineId! })).toEqual({ ok: true })
    expect((await linesOf(key))[0]).toMatchObject({ status: 'pending', holdReasons: [] })
    await db.update(ledgerLines).set({ status: 'approved' }).where(eq(ledgerLines.id, lineId!))
    expect(await reverseLedgerLine({ scope, actor: systemActor, lineId: lineId!, reason: 'x' })).toMatchObject({
      ok: false,
      message: 'ledger.error.notPending',
    })
    expect((await linesOf(key))[0].status).toBe('approved')
  })
})
