import { eq, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { bids, invitations, lots } from '../../db/schema'
import { acceptBid } from '../../app/modules/auctions/bids.server'
import { acceptTerms, placeBid } from '../../app/modules/auctions/mutations.server'
import {
  getInvitation,
  listInvitations,
  readLotSince,
  readSupplierLots,
  readTenderLots,
  supplierReport,
} from '../../app/modules/auctions/queries.server'
import { loadLots } from '../../app/modules/auctions/views.server'
import { grantScope, type OrgScope } from '../../app/modules/auth/scope.server'
import { createMember, createOrganisation, createTender } from '../factories'

// Issue 11: the tenant filter is in the query, not in an earlier gate. Supplier A's own scope, handed straight to
// the auction module's functions (no page, no socket, no admission check in front), for a tender A is not invited
// to: every read comes back empty and every write changes nothing. The same calls on a tender A is invited to show
// the canary is not vacuous.

let a: OrgScope
let aUser: { id: string; email: string }
let b: { id: string }
let foreign: Awaited<ReturnType<typeof createTender>>
let own: Awaited<ReturnType<typeof createTender>>

const snapshot = async (tenderId: string, lotId: string) => ({
  bids: (
    await db
      .select({ n: sql<number>`count(*)::int` })
      .from(bids)
      .where(eq(bids.lotId, lotId))
  )[0].n,
  lot: (await db.select({ seq: lots.seq, best: lots.bestPriceMinor, status: lots.status }).from(lots).where(eq(lots.id, lotId)))[0],
  invitations: await db
    .select({ org: invitations.supplierOrgId, accepted: invitations.acceptedTermsAt })
    .from(invitations)
    .where(eq(invitations.tenderId, tenderId))
    .orderBy(invitations.supplierOrgId),
})

beforeAll(async () => {
  const operator = await createOrganisation(db, { kind: 'operator' })
  const supplierA = await createOrganisation(db, { kind: 'supplier', verificationStatus: 'verified' })
  b = await createOrganisation(db, { kind: 'supplier', verificationStatus: 'verified' })
  aUser = await createMember(db, supplierA, 'supplier_bidder')
  a = grantScope('bid:tender:org', supplierA.id)
  // B's tender, live, with B's bid on it; A is not invited. And one where A is, for the control.
  foreign = await createTender(db, { buyerOrgId: operator.id, suppliers: [b.id], visibility: 'full' })
  expect((await acceptBid({ lotId: foreign.lots[0].id, supplierOrgId: b.id, userId: null, priceMinor: 99_000_00, clientBidId: 'b-1' })).ok).toBe(true)
  own = await createTender(db, { buyerOrgId: operator.id, suppliers: [supplierA.id, b.id], visibility: 'full' })
})

describe('supplier A’s scope on a tender A is not invited to', () => {
  it('reads no tender, lot, bid or event', async () => {
    const lotId = foreign.lots[0].id
    expect(await getInvitation({ scope: a, tenderId: foreign.tender.id })).toBeNull()
    expect((await listInvitations({ scope: a })).map((t) => t.id)).not.toContain(foreign.tender.id)
    expect(await readTenderLots({ scope: a }, foreign.tender.id)).toBeNull()
    expect(await readSupplierLots({ scope: a, tenderId: foreign.tender.id })).toEqual([])
    expect(await readLotSince({ scope: a }, lotId, 0)).toBeNull()
    // The lot read itself, with the tender's lot id in hand: no lot row, so no bid or event row either.
    expect(await loadLots([lotId], { scope: a })).toEqual([])
  })

  it('gets no supplier report, even once the tender is finished', async () => {
    expect(await supplierReport({ scope: a, tenderId: foreign.tender.id })).toBeNull()
    await db.update(lots).set({ status: 'closed' }).where(eq(lots.tenderId, foreign.tender.id))
    expect(await supplierReport({ scope: a, tenderId: foreign.tender.id })).toBeNull()
    await db.update(lots).set({ status: 'live' }).where(eq(lots.tenderId, foreign.tender.id))
  })

  it('accepts no terms and places no bid, and changes nothing', async () => {
    const lotId = foreign.lots[0].id
    const before = await snapshot(foreign.tender.id, lotId)
    expect(await acceptTerms({ scope: a, actor: { userId: aUser.id, email: aUser.email, ip: null }, tenderId: foreign.tender.id })).toMatchObject({
      ok: false,
    })
    expect(await placeBid({ scope: a, userId: aUser.id, payload: { lotId, priceMinor: 98_000_00, clientBidId: 'a-1' } })).toEqual({
      ok: false,
      rule: 'not_invited',
    })
    expect(await snapshot(foreign.tender.id, lotId)).toEqual(before)
  })
})

describe('the same calls on a tender A is invited to (the control)', () => {
  it('reads its lots and bids there', async () => {
    const lotId = own.lots[0].id
    expect(await getInvitation({ scope: a, tenderId: own.tender.id })).toMatchObject({ id: own.tender.id })
    expect(await readTenderLots({ scope: a }, own.tender.id)).toMatchObject({ audience: 'supplier', lots: [{ lotId }] })
    const placed = await placeBid({ scope: a, userId: aUser.id, payload: { lotId, priceMinor: 99_000_00, clientBidId: 'a-2' } })
    expect(placed).toMatchObject({ ok: true })
    expect(await readLotSince({ scope: a }, lotId, 0)).toMatchObject({ view: { lotId, own: { lastBidMinor: 99_000_00 } } })
  })
})

describe('a bid through one tender’s page', () => {
  it('reaches only that tender’s lots, even when A is invited to the other tender too', async () => {
    const second = await createTender(db, { buyerOrgId: own.tender.buyerOrgId, suppliers: [a.orgId], visibility: 'full' })
    const lotId = own.lots[0].id
    const before = await snapshot(own.tender.id, lotId)
    expect(
      await placeBid({ scope: a, userId: aUser.id, tenderId: second.tender.id, payload: { lotId, priceMinor: 98_500_00, clientBidId: 'a-3' } }),
    ).toEqual({
      ok: false,
      rule: 'not_invited',
    })
    expect(await snapshot(own.tender.id, lotId)).toEqual(before)
    expect(
      await placeBid({ scope: a, userId: aUser.id, tenderId: own.tender.id, payload: { lotId, priceMinor: 98_500_00, clientBidId: 'a-4' } }),
    ).toMatchObject({ ok: true })
  })
})
