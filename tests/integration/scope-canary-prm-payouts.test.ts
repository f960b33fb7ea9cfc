import { randomUUID } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { ledgerDisputeMessages, ledgerDisputes, ledgerEvents, ledgerLines, payoutBatches } from '../../db/schema/incentives'
import { grantScope, type OrgScope } from '../../app/modules/auth/scope.server'
import { approvePayoutBatch, markBatchPaid, preparePayoutBatch } from '../../app/modules/incentives/batches.server'
import { addDisputeMessage, closeDispute, openDispute } from '../../app/modules/incentives/disputes.server'
import { holdLedgerLine, releaseLedgerLine, reverseLedgerLine } from '../../app/modules/incentives/ledger.server'
import {
  batchPayees,
  getLedgerLine,
  getPayoutBatch,
  listDeskLedger,
  listDisputes,
  listOwnLedger,
  listPayoutBatches,
} from '../../app/modules/incentives/queries.server'
import { accrueTestLine, createMember, createOrganisation, defaultTestPassword } from '../factories'
import { startApp, type App } from '../http-harness'

// The scope canary for the incentive ledger and payouts (issue 13): dealers A and B each have ledger lines; B's
// are in a payout batch (prepared by one partner manager, approved by another), held by an open query with its
// thread, or pending; every text of B carries a marker. As A's people we ask every ledger and payout route with
// B's ids (the desk's routes, which a dealer may not use at all, too): 404 or 403, no byte of B, and B's rows
// unchanged. Then the module functions themselves, with A's scope and B's ids.

const MARKER = `CANARY_B_${randomUUID().replace(/-/g, '')}`
const staff = grantScope('manage:partner_programme:any', null)
/** A call the type checker must refuse (`@ts-expect-error` inside): compiled, never run. */
const refusedByType = (call: () => unknown) => expect(typeof call).toBe('function')

let app: App
let scopeA: OrgScope
const a = {} as { orgId: string; admin: string; buyer: string; lineId: string; actor: { userId: string; email: string; ip: null } }
const b = {} as {
  orgId: string
  batchedId: string
  disputedId: string
  pendingId: string
  disputeId: string
  batchId: string
  batchNumber: string
  admin: string
}

/** Every row of B's ledger, its events and queries, and B's batch, to compare before and after. */
async function bRows() {
  return JSON.stringify([
    await db.select().from(ledgerLines).where(eq(ledgerLines.orgId, b.orgId)).orderBy(ledgerLines.id),
    await db.select().from(ledgerEvents).where(eq(ledgerEvents.orgId, b.orgId)).orderBy(ledgerEvents.id),
    await db.select().from(ledgerDisputes).where(eq(ledgerDisputes.orgId, b.orgId)).orderBy(ledgerDisputes.id),
    await db.select().from(ledgerDisputeMessages).where(eq(ledgerDisputeMessages.orgId, b.orgId)).orderBy(ledgerDisputeMessages.id),
    await db.select().from(payoutBatches).where(eq(payoutBatches.id, b.batchId)),
  ])
}

beforeAll(async () => {
  app = await startApp()
  const operator = await createOrganisation(db, { kind: 'operator', shortName: 'Payout canary operator' })
  const [preparer, approver] = [await createMember(db, operator, 'partner_manager'), await createMember(db, operator, 'partner_manager')]
  const orgA = await createOrganisation(db, { kind: 'dealer', shortName: 'Payout canary A' })
  const orgB = await createOrganisation(db, { kind: 'dealer', shortName: `Dealer ${MARKER}`, legalName: `ООО «${MARKER}»` })
  const [adminA, buyerA, adminB] = [
    await createMember(db, orgA, 'dealer_admin'),
    await createMember(db, orgA, 'dealer_buyer'),
    await createMember(db, orgB, 'dealer_admin'),
  ]
  const named = { programmeNameRu: `Бонус ${MARKER}`, programmeNameEn: `Rebate ${MARKER}` }
  const lineA = await accrueTestLine(db, {
    orgId: orgA.id,
    amountMinor: 111_11,
    programmeNameRu: 'Бонус дилера А',
    programmeNameEn: 'Dealer A rebate',
  })
  const [batched, disputed, pending] = [
    await accrueTestLine(db, { orgId: orgB.id, amountMinor: 987_65, ...named }),
    await accrueTestLine(db, { orgId: orgB.id, amountMinor: 876_54, ...named }),
    await accrueTestLine(db, { orgId: orgB.id, amountMinor: 765_43, ...named }),
  ]
  const deskActor = (u: { id: string; email: string }) => ({ userId: u.id, email: u.email, ip: null })
  const batch = await preparePayoutBatch({ scope: staff, actor: deskActor(preparer), lineIds: [batched.lineId] })
  if (!batch.ok) throw new Error('batch not prepared')
  expect((await approvePayoutBatch({ scope: staff, actor: deskActor(approver), batchId: batch.batchId })).ok).toBe(true)
  const dispute = await openDispute({
    scope: grantScope('manage:partner_programme:org', orgB.id),
    actor: deskActor(adminB),
    lineId: disputed.lineId,
    body: `Question ${MARKER}`,
  })
  if (!dispute.ok) throw new Error('dispute not opened')
  Object.assign(b, {
    orgId: orgB.id,
    batchedId: batched.lineId,
    disputedId: disputed.lineId,
    pendingId: pending.lineId,
    disputeId: dispute.disputeId,
    batchId: batch.batchId,
    batchNumber: batch.number,
    admin: await app.login(adminB.email, defaultTestPassword),
  })
  Object.assign(a, {
    orgId: orgA.id,
    lineId: lineA.lineId,
    actor: deskActor(adminA),
    admin: await app.login(adminA.email, defaultTestPassword),
    buyer: await app.login(buyerA.email, defaultTestPassword),
  })
  scopeA = grantScope('manage:partner_programme:org', orgA.id)
})

afterAll(async () => {
  await app.close()
})

const bLineIds = () => [b.batchedId, b.disputedId, b.pendingId]

describe("A's people with B's ids on the ledger and payout pages", () => {
  it("the dealer's ledger lists A's own lines only, whatever the query says", async () => {
    const before = await bRows()
    for (const cookie of [a.admin, a.buyer])
      for (const path of [
        '/programme/ledger',
        `/programme/ledger?orgId=${b.orgId}`,
        '/programme/ledger?status=approved',
        '/programme/ledger?status=held',
      ]) {
        const res = await app.request(path, { cookie })
        expect(res.status, path).toBe(200)
        if (!path.includes('status')) expect(res.body).toContain('Бонус дилера А')
        expect(res.body).not.toContain(MARKER)
        for (const id of bLineIds()) expect(res.body).not.toContain(id)
      }
    expect(await bRows()).toBe(before)
  })

  it("A's inbox has nothing of B's approved payout (B's admins were told)", async () => {
    expect((await app.request('/inbox', { cookie: b.admin })).body).toContain(b.batchNumber)
    const res = await app.request('/inbox', { cookie: a.admin })
    expect(res.status).toBe(200)
    expect(res.body).not.toContain(b.batchNumber)
    expect(res.body).not.toContain(MARKER)
  })

  it("B's line is a 404, and querying it (the dispute action) changes nothing", async () => {
    const before = await bRows()
    for (const lineId of bLineIds()) {
      for (const cookie of [a.admin, a.buyer]) {
        const res = await app.request(`/programme/ledger/${lineId}`, { cookie })
        expect(res.status).toBe(404)
        expect(res.body).not.toContain(MARKER)
      }
      const asked = await app.request(`/programme/ledger/${lineId}`, { cookie: a.admin, form: { body: 'A asks about this line' } })
      expect(asked.status).toBe(404)
      expect(asked.body).not.toContain(MARKER)
      expect((await app.request(`/programme/ledger/${lineId}`, { cookie: a.buyer, form: { body: 'A asks' } })).status).toBe(403)
    }
    expect(await bRows()).toBe(before)
  })

  it('every desk ledger, payout and query route and action is refused to a dealer, and nothing of B changes', async () => {
    const before = await bRows()
    const batch = `/desk/partners/payouts/${b.batchId}`
    const gets = [
      '/desk/partners/ledger',
      `/desk/partners/ledger?orgId=${b.orgId}`,
      '/desk/partners/payouts',
      batch,
      `${batch}.csv`,
      `${batch}.xlsx`,
      '/desk/partners/disputes',
    ]
    const posts: [string, Record<string, string> | URLSearchParams][] = [
      [
        '/desk/partners/ledger',
        new URLSearchParams([
          ['intent', 'hold'],
          ['lineId', b.pendingId],
          ['reasons', 'review'],
          ['note', 'by A'],
        ]),
      ],
      ['/desk/partners/ledger', { intent: 'release', lineId: b.disputedId }],
      ['/desk/partners/ledger', { intent: 'reverse', lineId: b.pendingId, reason: 'reversed by A' }],
      [
        '/desk/partners/ledger',
        new URLSearchParams([
          ['intent', 'prepare'],
          ['lineIds', b.pendingId],
        ]),
      ],
      [batch, { intent: 'approve' }],
      [batch, { intent: 'paid' }],
      ['/desk/partners/disputes', { intent: 'answer', disputeId: b.disputeId, body: 'answered by A' }],
      ['/desk/partners/disputes', { intent: 'close', disputeId: b.disputeId }],
    ]
    for (const cookie of [a.admin, a.buyer]) {
      for (const path of gets) {
        const res = await app.request(path, { cookie })
        expect(res.status, path).toBe(403)
        expect(res.body).not.toContain(MARKER)
      }
      for (const [path, form] of posts) {
        const res = await app.request(path, { cookie, form })
        expect(res.status, `${path} ${new URLSearchParams(form).get('intent')}`).toBe(403)
        expect(res.body).not.toContain(MARKER)
      }
    }
    expect(await bRows()).toBe(before)
  })
})

describe("the ledger functions with A's scope and B's ids", () => {
  it('read nothing of B: no line, no list row, no query thread', async () => {
    for (const lineId of bLineIds()) expect(await getLedgerLine({ scope: scopeA, lineId })).toBeNull()
    const own = await getLedgerLine({ scope: grantScope('read:partner_programme:org', b.orgId), lineId: b.disputedId })
    expect(own?.dispute?.messages.map((m) => m.body)).toEqual([`Question ${MARKER}`])
    for (const query of [{}, { orgId: b.orgId }, { status: 'approved' as const }, { status: 'held' as const }]) {
      const list = await listOwnLedger({ scope: scopeA, query })
      expect(list.rows.every((r) => r.orgId === a.orgId)).toBe(true)
      expect(JSON.stringify(list)).not.toContain(MARKER)
    }
    expect((await listOwnLedger({ scope: scopeA, query: { orgId: b.orgId } })).total).toBe(1)
  })

  it("cannot query B's line or write on B's query: not found, nothing changes", async () => {
    const before = await bRows()
    for (const lineId of bLineIds())
      expect(await openDispute({ scope: scopeA, actor: a.actor, lineId, body: 'A asks' })).toEqual({
        ok: false,
        status: 404,
        message: 'ledger.error.notFound',
      })
    expect(await addDisputeMessage({ scope: scopeA, actor: a.actor, disputeId: b.disputeId, body: 'A writes' })).toEqual({
      ok: false,
      status: 404,
      message: 'dispute.error.notFound',
    })
    expect(await bRows()).toBe(before)
  })

  it('the desk-only functions refuse an organisation scope by type', () => {
    const actor = a.actor
    // @ts-expect-error an OrgScope is not an AnyScope
    refusedByType(() => closeDispute({ scope: scopeA, actor, disputeId: b.disputeId }))
    // @ts-expect-error an OrgScope is not an AnyScope
    refusedByType(() => preparePayoutBatch({ scope: scopeA, actor, lineIds: [b.pendingId] }))
    // @ts-expect-error an OrgScope is not an AnyScope
    refusedByType(() => approvePayoutBatch({ scope: scopeA, actor, batchId: b.batchId }))
    // @ts-expect-error an OrgScope is not an AnyScope
    refusedByType(() => markBatchPaid({ scope: scopeA, actor, batchId: b.batchId }))
    // @ts-expect-error an OrgScope is not an AnyScope
    refusedByType(() => holdLedgerLine({ scope: scopeA, actor, lineId: b.pendingId, reasons: ['review'] }))
    // @ts-expect-error an OrgScope is not an AnyScope
    refusedByType(() => releaseLedgerLine({ scope: scopeA, actor, lineId: b.disputedId }))
    // @ts-expect-error an OrgScope is not an AnyScope
    refusedByType(() => reverseLedgerLine({ scope: scopeA, actor, lineId: b.pendingId, reason: 'x' }))
    // @ts-expect-error an OrgScope is not an AnyScope
    refusedByType(() => listDeskLedger({ scope: scopeA, query: {} }))
    // @ts-expect-error an OrgScope is not an AnyScope
    refusedByType(() => listPayoutBatches({ scope: scopeA }))
    // @ts-expect-error an OrgScope is not an AnyScope
    refusedByType(() => getPayoutBatch({ scope: scopeA, batchId: b.batchId }))
    // @ts-expect-error an OrgScope is not an AnyScope
    refusedByType(() => batchPayees({ scope: scopeA, batchId: b.batchId }))
    // @ts-expect-error an OrgScope is not an AnyScope
    refusedByType(() => listDisputes({ scope: scopeA }))
  })
})
