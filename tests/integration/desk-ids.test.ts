import { eq, inArray, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { bids, lotEvents, lots } from '../../db/schema'
import { acceptBid } from '../../app/modules/auctions/bids.server'
import { createMember, createOrganisation, createTender, defaultTestPassword } from '../factories'
import { startApp, type App } from '../http-harness'

// Issue 9, item 8: every action of the officer's tender page acts only on lots of the page's own tender. A lot id
// of another tender of the same buyer (one the officer may manage on its own page) is "not found" here, and
// nothing about that lot changes.

let app: App
let cookie: string
let supplier: { id: string }
let buyer: { id: string }

const bid = async (lotId: string, priceMinor: number) => {
  const r = await acceptBid({ lotId, supplierOrgId: supplier.id, userId: null, priceMinor, clientBidId: crypto.randomUUID() })
  if (!r.ok) throw new Error(`bid refused: ${r.rule}`)
  return r.receipt
}

/** Everything an action could change about lots: the rows, their bids and their events. */
const snapshot = async (lotIds: string[]) => ({
  lots: await db.select().from(lots).where(inArray(lots.id, lotIds)).orderBy(lots.id),
  bids: await db.select().from(bids).where(inArray(bids.lotId, lotIds)).orderBy(bids.lotId, bids.seq),
  events: await db.select().from(lotEvents).where(inArray(lotEvents.lotId, lotIds)).orderBy(lotEvents.lotId, lotEvents.seq),
})

beforeAll(async () => {
  app = await startApp()
  buyer = await createOrganisation(db, { kind: 'operator' })
  const officer = await createMember(db, buyer, 'procurement_officer', { locale: 'en' })
  cookie = await app.login(officer.email, defaultTestPassword)
  supplier = await createOrganisation(db, { kind: 'supplier', verificationStatus: 'verified' })
})
afterAll(() => app.close())

describe("the officer's tender page", () => {
  it('answers 404 to every lot intent naming a lot of another tender, and changes nothing', async () => {
    const page = await createTender(db, { buyerOrgId: buyer.id, suppliers: [supplier.id] })
    const live = await createTender(db, { buyerOrgId: buyer.id, suppliers: [supplier.id] })
    const paused = await createTender(db, { buyerOrgId: buyer.id, suppliers: [supplier.id] })
    const closed = await createTender(db, { buyerOrgId: buyer.id, suppliers: [supplier.id] })
    const draft = await createTender(db, { buyerOrgId: buyer.id, suppliers: [supplier.id], status: 'draft' })
    const liveLot = live.lots[0].id
    const struck = await bid(liveLot, 99_000_00)
    await db.update(lots).set({ status: 'paused', pausedAt: new Date() }).where(eq(lots.id, paused.lots[0].id))
    const closedLot = closed.lots[0].id
    await bid(closedLot, 98_000_00)
    await db.execute(sql`update lots set status = 'closed', ends_at = clock_timestamp() - interval '1 second' where id = ${closedLot}`)
    const foreign = [liveLot, paused.lots[0].id, closedLot, draft.lots[0].id]
    const before = await snapshot(foreign)

    const url = `/desk/tenders/${page.tender.id}`
    const attempts: [string, Record<string, string>][] = [
      ['pause', { intent: 'pause', lotId: liveLot, reason: 'x' }],
      ['resume', { intent: 'resume', lotId: paused.lots[0].id }],
      ['extend', { intent: 'extend', lotId: liveLot, minutes: '30', reason: 'Supplier asked for time' }],
      ['disqualify', { intent: 'disqualify', lotId: liveLot, bidSeq: String(struck.seq), reason: 'Placed in error' }],
      ['award', { intent: 'award', lotId: closedLot, supplierOrgId: supplier.id }],
    ]
    for (const [name, form] of attempts) {
      const res = await app.request(url, { cookie, form })
      expect(res.status, name).toBe(404)
    }
    // Lots are removed only from a draft: a foreign draft's lot, posted on another draft of the officer's.
    const draftPage = await createTender(db, { buyerOrgId: buyer.id, suppliers: [], status: 'draft' })
    expect(
      (await app.request(`/desk/tenders/${draftPage.tender.id}`, { cookie, form: { intent: 'removeLot', lotId: draft.lots[0].id } })).status,
    ).toBe(404)
    expect(await snapshot(foreign)).toEqual(before)

    // The same intents on the lots' own pages work: the 404 above is about the page, not the lot's state.
    expect(
      (
        await app.request(`/desk/tenders/${live.tender.id}`, {
          cookie,
          form: { intent: 'extend', lotId: liveLot, minutes: '30', reason: 'Supplier asked for time' },
        })
      ).status,
    ).toBe(200)
    expect((await app.request(`/desk/tenders/${paused.tender.id}`, { cookie, form: { intent: 'resume', lotId: paused.lots[0].id } })).status).toBe(
      200,
    )
    expect(
      (await app.request(`/desk/tenders/${closed.tender.id}`, { cookie, form: { intent: 'award', lotId: closedLot, supplierOrgId: supplier.id } }))
        .status,
    ).toBe(200)
    expect((await app.request(`/desk/tenders/${draft.tender.id}`, { cookie, form: { intent: 'removeLot', lotId: draft.lots[0].id } })).status).toBe(
      200,
    )
    expect(await db.select().from(lots).where(eq(lots.id, draft.lots[0].id))).toHaveLength(0)
  })

  it('refuses a bid number beyond what a lot can hold with 400, not a database error', async () => {
    const live = await createTender(db, { buyerOrgId: buyer.id, suppliers: [supplier.id] })
    for (const bidSeq of ['1e21', '2147483648', '-1', '1.5']) {
      const res = await app.request(`/desk/tenders/${live.tender.id}`, {
        cookie,
        form: { intent: 'disqualify', lotId: live.lots[0].id, bidSeq, reason: 'Placed in error' },
      })
      expect(res.status, bidSeq).toBe(400)
    }
  })
})
