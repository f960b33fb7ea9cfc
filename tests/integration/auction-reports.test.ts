import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { bids, lots, tenders } from '../../db/schema'
import { acceptBid, bidHash } from '../../app/modules/auctions/bids.server'
import { awardLot, disqualifyBid, tick } from '../../app/modules/auctions/control.server'
import { supplierReport, tenderProtocol } from '../../app/modules/auctions/reports.server'
import { grantScope } from '../../app/modules/auth/scope.server'
import { createMember, createOrganisation, createTender, defaultTestPassword } from '../factories'
import { startApp, type App } from '../http-harness'

const officerScope = grantScope('manage:tender:any', null)

// Issue 4, after the close: the buyer's protocol (CSV, PDF) and each supplier's own report, through HTTP and the
// module. A supplier's report is searched whole for anything that names the other supplier.

let app: App
const w = {} as {
  buyer: { id: string }
  officer: { id: string; email: string; cookie: string }
  rivalOfficer: { cookie: string }
  alpha: { id: string; shortName: string; legalName: string; userId: string; email: string; cookie: string }
  beta: { id: string; shortName: string; legalName: string; userId: string; email: string; cookie: string }
  outsider: { id: string; cookie: string }
  tenderId: string
  lotIds: string[]
  pendingTenderId: string
}

async function supplier(shortName: string) {
  const org = await createOrganisation(db, { kind: 'supplier', shortName, verificationStatus: 'verified' })
  const user = await createMember(db, org, 'supplier_bidder', { locale: 'en' })
  return {
    id: org.id,
    shortName: org.shortName,
    legalName: org.legalName,
    userId: user.id,
    email: user.email,
    cookie: await app.login(user.email, defaultTestPassword),
  }
}

const bid = async (lotId: string, supplierOrgId: string, priceMinor: number) => {
  const r = await acceptBid({ lotId, supplierOrgId, userId: null, priceMinor, clientBidId: crypto.randomUUID() })
  if (!r.ok) throw new Error(`bid ${priceMinor} refused: ${r.rule}`)
  return r.receipt
}

const hashesOf = async (lotIds: string[], supplierOrgId: string) =>
  (await db.select({ hash: bids.hash, lotId: bids.lotId }).from(bids).where(eq(bids.supplierOrgId, supplierOrgId)))
    .filter((b) => lotIds.includes(b.lotId))
    .map((b) => b.hash)

beforeAll(async () => {
  app = await startApp()
  const buyer = await createOrganisation(db, { kind: 'operator' })
  const rival = await createOrganisation(db, { kind: 'operator' })
  const officer = await createMember(db, buyer, 'procurement_officer', { locale: 'en' })
  const rivalOfficer = await createMember(db, rival, 'procurement_officer', { locale: 'en' })
  Object.assign(w, {
    buyer,
    officer: { id: officer.id, email: officer.email, cookie: await app.login(officer.email, defaultTestPassword) },
    rivalOfficer: { cookie: await app.login(rivalOfficer.email, defaultTestPassword) },
    alpha: await supplier('Alpha Cable Works'),
    beta: await supplier('Beta Wire Trading'),
    outsider: await supplier('Gamma Outsider'),
  })
  // Three lots of 100 000,00 ₽ each; the tender title in Cyrillic exercises the PDF's embedded font.
  const { tender, lots: lotRows } = await createTender(db, {
    buyerOrgId: buyer.id,
    title: 'Кабель ВВГнг 3×2,5',
    suppliers: [w.alpha.id, w.beta.id],
    // The full preset: its report shows the whole anonymised curve (the other presets: 'what each report discloses').
    visibility: 'full',
    lots: [{ item: 'Кабель, барабан 1' }, { item: 'Кабель, барабан 2' }, { item: 'Кабель, барабан 3' }],
  })
  w.tenderId = tender.id
  w.lotIds = lotRows.map((l) => l.id)
  const [lot1, lot2, lot3] = w.lotIds
  // Lot 1: Beta ends at rank 1 (95 500), Alpha at rank 2 (96 000); awarded to Alpha with a reason.
  await bid(lot1, w.alpha.id, 98_000_00)
  await bid(lot1, w.beta.id, 97_000_00)
  await bid(lot1, w.alpha.id, 96_000_00)
  await bid(lot1, w.beta.id, 95_500_00)
  // Lot 2: Beta's lead is struck out with a reason that names Beta; Alpha leads at 99 000, Beta second; not awarded.
  await bid(lot2, w.alpha.id, 99_000_00)
  const struck = await bid(lot2, w.beta.id, 98_500_00)
  const actor = { userId: officer.id, email: officer.email, ip: null }
  expect(
    await disqualifyBid({
      scope: officerScope,
      actor,
      buyerOrgId: buyer.id,
      tenderId: tender.id,
      lotId: lot2,
      bidSeq: struck.seq,
      reason: 'Placed in error by Beta Wire Trading',
    }),
  ).toMatchObject({ ok: true })
  await bid(lot2, w.beta.id, 99_500_00)
  // Lot 3: only Beta bids (97 000) and wins at rank 1.
  await bid(lot3, w.beta.id, 97_000_00)

  // A second tender Alpha was invited to without accepting the terms.
  w.pendingTenderId = (await createTender(db, { buyerOrgId: buyer.id, suppliers: [w.alpha.id], accepted: false })).tender.id
})
afterAll(() => app.close())

async function closeAndAward() {
  const [lot1, , lot3] = w.lotIds
  await db.execute(sql`update lots set ends_at = clock_timestamp() - interval '1 millisecond' where tender_id = ${w.tenderId}`)
  await tick()
  const actor = { userId: w.officer.id, email: w.officer.email, ip: null }
  expect(
    await awardLot({
      scope: officerScope,
      actor,
      buyerOrgId: w.buyer.id,
      tenderId: w.tenderId,
      lotId: lot1,
      supplierOrgId: w.alpha.id,
      reason: 'Better delivery terms than Beta Wire Trading',
    }),
  ).toMatchObject({ ok: true })
  expect(
    await awardLot({ scope: officerScope, actor, buyerOrgId: w.buyer.id, tenderId: w.tenderId, lotId: lot3, supplierOrgId: w.beta.id, reason: null }),
  ).toMatchObject({ ok: true })
}

describe('while the lots run', () => {
  it("refuses a supplier's report with 409 and says why", async () => {
    const res = await app.request(`/tenders/${w.tenderId}/report.csv`, { cookie: w.alpha.cookie })
    expect(res.status).toBe(409)
    expect(res.body).toMatch(/once every lot of the tender has finished/)
    expect(await supplierReport({ scope: grantScope('bid:tender:org', w.alpha.id), tenderId: w.tenderId })).toBe('not_finished')
  })

  it('gives the buyer a provisional protocol', async () => {
    const protocol = await tenderProtocol({ scope: officerScope, buyerOrgId: w.buyer.id, tenderId: w.tenderId })
    expect(protocol?.finished).toBe(false)
    expect(protocol?.lots.map((l) => l.status)).toEqual(['live', 'live', 'live'])
  })
})

describe('after the close', () => {
  beforeAll(closeAndAward)

  it('computes the protocol: ranking, every bid to the microsecond, events, award and savings, the chain', async () => {
    const protocol = await tenderProtocol({ scope: officerScope, buyerOrgId: w.buyer.id, tenderId: w.tenderId })
    expect(protocol).not.toBeNull()
    if (!protocol) return
    expect(protocol.finished).toBe(true)
    expect(protocol.tender).toMatchObject({ title: 'Кабель ВВГнг 3×2,5', status: 'closed' })
    expect(protocol.participants.map((p) => p.supplierOrgId).sort()).toEqual([w.alpha.id, w.beta.id].sort())
    const [lot1, lot2, lot3] = protocol.lots

    expect(lot1.ranking.map((r) => [r.rank, r.supplierName, r.priceMinor])).toEqual([
      [1, w.beta.shortName, 95_500_00],
      [2, w.alpha.shortName, 96_000_00],
    ])
    expect(lot1.bids.map((b) => [b.seq, b.supplierOrgId, b.priceMinor])).toEqual([
      [1, w.alpha.id, 98_000_00],
      [2, w.beta.id, 97_000_00],
      [3, w.alpha.id, 96_000_00],
      [4, w.beta.id, 95_500_00],
    ])
    for (const b of lot1.bids) expect(b.receivedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/)
    expect(lot1.events.map((e) => e.kind)).toEqual(['closed', 'awarded'])
    expect(lot1.award).toMatchObject({
      supplierOrgId: w.alpha.id,
      supplierName: w.alpha.shortName,
      priceMinor: 96_000_00,
      rank: 2,
      rankOne: false,
      reason: 'Better delivery terms than Beta Wire Trading',
    })
    expect(lot1.savings).toEqual({ basis: 'awarded', priceMinor: 96_000_00, amountMinor: 4_000_00, percent: 4 })
    expect(lot1.chainValid).toBe(true)
    expect(lot1.lastHash).toBe(lot1.bids[3].hash)
    expect(lot1.extensions).toEqual({ softClose: 0, buyer: 0 })

    // The struck bid stays in the log with its reason; the ranking and the savings leave it out.
    expect(lot2.bids.find((b) => b.priceMinor === 98_500_00)?.disqualifiedReason).toBe('Placed in error by Beta Wire Trading')
    expect(lot2.events.map((e) => e.kind)).toEqual(['disqualified', 'closed'])
    expect(lot2.ranking.map((r) => [r.supplierOrgId, r.priceMinor])).toEqual([
      [w.alpha.id, 99_000_00],
      [w.beta.id, 99_500_00],
    ])
    expect(lot2.award).toBeNull()
    expect(lot2.savings).toEqual({ basis: 'best', priceMinor: 99_000_00, amountMinor: 1_000_00, percent: 1 })
    expect(lot2.chainValid).toBe(true)

    expect(lot3.award).toMatchObject({ supplierOrgId: w.beta.id, rank: 1, rankOne: true, reason: null })
    expect(lot3.savings).toEqual({ basis: 'awarded', priceMinor: 97_000_00, amountMinor: 3_000_00, percent: 3 })
  })

  it('serves the protocol as CSV and PDF to the buyer', async () => {
    const csv = await app.request(`/desk/tenders/${w.tenderId}/protocol.csv`, { cookie: w.officer.cookie })
    expect(csv.status).toBe(200)
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="tender-protocol-[\w-]+\.csv"$/)
    const lines = csv.body.split('\r\n')
    expect(lines[0]).toBe('Lot,Item,Seq,Time (UTC),Entry,Supplier,Price,Rank,End after the entry (UTC),Bid seq,Hash,Reason / note')
    expect(lines.filter((l) => /^1,.*,Bid,/.test(l))).toHaveLength(4)
    expect(csv.body).toContain(`Bid,${w.beta.shortName},95500.00`)
    expect(csv.body).toContain(`Award,${w.alpha.shortName},96000.00,2,`)
    expect(csv.body).toContain('Better delivery terms than Beta Wire Trading')
    expect(csv.body).toMatch(/Savings,,4000\.00,.*4\.00 %/)
    expect(csv.body).toMatch(/Savings,,1000\.00,.*1\.00 %/)
    expect(csv.body).toContain('"Кабель, барабан 1"')

    const pdf = await app.request(`/desk/tenders/${w.tenderId}/protocol.pdf`, { cookie: w.officer.cookie })
    expect(pdf.status).toBe(200)
    expect(pdf.headers.get('content-type')).toBe('application/pdf')
    expect(pdf.body.startsWith('%PDF-')).toBe(true)
  })

  it("answers 404 to another operator's procurement staff and for a malformed id, 403 to suppliers", async () => {
    for (const ext of ['csv', 'pdf']) {
      expect((await app.request(`/desk/tenders/${w.tenderId}/protocol.${ext}`, { cookie: w.rivalOfficer.cookie })).status).toBe(404)
      expect((await app.request(`/desk/tenders/${crypto.randomUUID()}/protocol.${ext}`, { cookie: w.officer.cookie })).status).toBe(404)
      expect((await app.request(`/desk/tenders/not-a-uuid/protocol.${ext}`, { cookie: w.officer.cookie })).status).toBe(404)
      // Suppliers lack manage:tender:any: refused before any tender is looked up, naming the permission.
      const res = await app.request(`/desk/tenders/${w.tenderId}/protocol.${ext}`, { cookie: w.alpha.cookie })
      expect(res.status).toBe(403)
      expect(res.body).toContain('manage:tender:any')
    }
    expect(await tenderProtocol({ scope: officerScope, buyerOrgId: crypto.randomUUID(), tenderId: w.tenderId })).toBeNull()
  })

  it('gives a supplier its own bids, rank and the anonymised curve, and nothing that names the other', async () => {
    const report = await supplierReport({ scope: grantScope('bid:tender:org', w.alpha.id), tenderId: w.tenderId })
    if (!report || report === 'not_finished') throw new Error(`no report: ${report}`)
    const [lot1, lot2, lot3] = report.lots
    expect(lot1).toMatchObject({ rank: 2, bidderCount: 2, outcome: 'awarded_to_you' })
    expect(lot1.ownBids.map((b) => [b.seq, b.priceMinor])).toEqual([
      [1, 98_000_00],
      [3, 96_000_00],
    ])
    for (const b of lot1.ownBids) expect(b.receivedAt).toMatch(/\.\d{6}Z$/)
    expect(lot1.curve.map((p) => [p.priceMinor, p.own])).toEqual([
      [98_000_00, true],
      [97_000_00, false],
      [96_000_00, true],
      [95_500_00, false],
    ])
    for (const p of lot1.curve) expect(Object.keys(p).sort()).toEqual(['at', 'own', 'priceMinor'])
    // To the second, not the millisecond: a rival's timing is not handed over.
    for (const p of lot1.curve) expect(p.at).toMatch(/T\d{2}:\d{2}:\d{2}Z$/)
    // The struck bid is not on the curve.
    expect(lot2).toMatchObject({ rank: 1, bidderCount: 2, outcome: 'not_awarded' })
    expect(lot2.curve.map((p) => p.priceMinor)).toEqual([99_000_00, 99_500_00])
    expect(lot3).toMatchObject({ rank: null, bidderCount: 1, outcome: 'awarded_to_another', ownBids: [] })
    expect(lot3.curve).toEqual([{ at: expect.any(String), priceMinor: 97_000_00, own: false }])

    // The published chain: every entry's hashes and nothing else; each links to the one before, and Alpha's own
    // entries recompute from its receipts.
    for (const lot of [lot1, lot2, lot3]) {
      expect(lot.chain.map((c) => c.seq)).toEqual([...lot.chain.map((c) => c.seq)].sort((x, y) => x - y))
      lot.chain.forEach((c, i) => expect(c.prevHash).toBe(i ? lot.chain[i - 1].hash : '0'.repeat(64)))
      for (const c of lot.chain) expect(Object.keys(c).sort()).toEqual(['hash', 'own', 'prevHash', 'seq'])
      for (const b of lot.ownBids) {
        const link = lot.chain.find((c) => c.seq === b.seq)!
        expect(link.own).toBe(true)
        expect(
          bidHash(link.prevHash, { lotId: lot.lotId, seq: b.seq, supplierOrgId: w.alpha.id, priceMinor: b.priceMinor, receivedAt: b.receivedAt }),
        ).toBe(link.hash)
      }
    }

    const json = JSON.stringify(report)
    expect(json).not.toContain('savings')
    expect(json).not.toContain('Better delivery terms')

    const res = await app.request(`/tenders/${w.tenderId}/report.csv`, { cookie: w.alpha.cookie })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(res.body).toContain('Your bid,1,')
    expect(res.body).toContain('96000.00')
    expect(res.body).toContain('Your rank: 2 of 2')
    expect(res.body).toContain('The lot is awarded to you')
    expect(res.body).toMatch(/Price curve,,[\d-]+ [\d:.]+,95500\.00,no/)
    for (const ownHash of await hashesOf(w.lotIds, w.alpha.id)) expect(res.body).toContain(ownHash)

    // Nothing that names Beta, in the module's answer or the download: id, names, people, struck reason. (Beta's
    // chain hashes are published on purpose: they cannot be tied to Beta without Beta's id.)
    const beta = [w.beta.id, w.beta.shortName, w.beta.legalName, 'Beta', w.beta.userId, w.beta.email]
    for (const body of [json, res.body]) for (const secret of beta) expect(body).not.toContain(secret)
  })

  it("gives the other supplier its own report, with its struck bid's reason and nothing that names Alpha", async () => {
    const res = await app.request(`/tenders/${w.tenderId}/report.csv`, { cookie: w.beta.cookie })
    expect(res.status).toBe(200)
    expect(res.body).toContain('The lot is awarded to another supplier')
    expect(res.body).toContain('Your rank: 1 of 2')
    expect(res.body).toContain('Placed in error by Beta Wire Trading')
    expect(res.body).not.toContain('Better delivery terms')
    const alpha = [w.alpha.id, w.alpha.shortName, w.alpha.legalName, 'Alpha', w.alpha.userId, w.alpha.email]
    for (const secret of alpha) expect(res.body).not.toContain(secret)
  })

  it('answers 404 to a supplier not invited, one that has not accepted the terms, a missing tender and a buyer', async () => {
    expect((await app.request(`/tenders/${w.tenderId}/report.csv`, { cookie: w.outsider.cookie })).status).toBe(404)
    expect((await app.request(`/tenders/${w.pendingTenderId}/report.csv`, { cookie: w.alpha.cookie })).status).toBe(404)
    expect((await app.request(`/tenders/${crypto.randomUUID()}/report.csv`, { cookie: w.alpha.cookie })).status).toBe(404)
    expect((await app.request('/tenders/not-a-uuid/report.csv', { cookie: w.alpha.cookie })).status).toBe(404)
    // The buyer's staff have no bid:tender:org: the permission refuses them before the tender is read.
    expect((await app.request(`/tenders/${w.tenderId}/report.csv`, { cookie: w.officer.cookie })).status).toBe(403)
    expect(await supplierReport({ scope: grantScope('bid:tender:org', w.outsider.id), tenderId: w.tenderId })).toBeNull()
  })

  it('closed the lots on the database clock', async () => {
    const rows = await db.select({ status: lots.status }).from(lots).where(eq(lots.tenderId, w.tenderId))
    expect(rows.map((r) => r.status)).toEqual(['closed', 'closed', 'closed'])
  })
})

// Issue 10 item 13: with two bidders, every rival bid with its millisecond time was the rival's whole strategy. The
// report now discloses what the tender allows: by default what its visibility preset showed during the bidding,
// or what the officer chose (tenders.disclosure). Alpha bids 99 000 and 97 500 (the lead); Beta 98 000 and 97 800.
describe('what each report discloses', () => {
  const rivalPrices = ['98000', '97800', '98 000', '97 800', '9800000', '9780000']
  // A price as a value, not any run of digits: a hash or a microsecond time may hold "97800" by chance.
  const showsPrice = (body: string, price: string) => new RegExp(`(^|[^0-9a-f])${price}([^0-9]|$)`, 'm').test(body)

  async function finished(visibility: 'rank' | 'rank_best' | 'full', disclosure: 'none' | 'own_rank' | 'best_curve' | 'full_curve' | null = null) {
    const {
      tender,
      lots: [lot],
    } = await createTender(db, { buyerOrgId: w.buyer.id, suppliers: [w.alpha.id, w.beta.id], visibility })
    if (disclosure) await db.update(tenders).set({ disclosure }).where(eq(tenders.id, tender.id))
    await bid(lot.id, w.alpha.id, 99_000_00)
    await bid(lot.id, w.beta.id, 98_000_00)
    await bid(lot.id, w.alpha.id, 97_500_00)
    await bid(lot.id, w.beta.id, 97_800_00)
    await db.execute(sql`update lots set ends_at = clock_timestamp() - interval '1 millisecond' where id = ${lot.id}`)
    await tick()
    const report = await supplierReport({ scope: grantScope('bid:tender:org', w.alpha.id), tenderId: tender.id })
    if (!report || report === 'not_finished') throw new Error(`no report: ${report}`)
    const csv = await app.request(`/tenders/${tender.id}/report.csv`, { cookie: w.alpha.cookie })
    expect(csv.status).toBe(200)
    return { report, lot: report.lots[0], csv: csv.body, lotId: lot.id }
  }

  /** Alpha can still check its own receipts against the published chain. */
  function ownReceiptsCheck(lot: Awaited<ReturnType<typeof finished>>['lot'], lotId: string) {
    expect(lot.ownBids).toHaveLength(2)
    lot.chain.forEach((c, i) => expect(c.prevHash).toBe(i ? lot.chain[i - 1].hash : '0'.repeat(64)))
    for (const b of lot.ownBids) {
      const link = lot.chain.find((c) => c.seq === b.seq)!
      expect(bidHash(link.prevHash, { lotId, seq: b.seq, supplierOrgId: w.alpha.id, priceMinor: b.priceMinor, receivedAt: b.receivedAt })).toBe(
        link.hash,
      )
    }
  }

  it('a rank-only tender shows its own bids, its own rank and the outcome, and no rival price anywhere', async () => {
    const { report, lot, csv, lotId } = await finished('rank')
    expect(report.tender.disclosure).toBe('own_rank')
    expect(lot).toMatchObject({ rank: 1, bidderCount: null, curve: [], placedBid: true, outcome: 'not_awarded' })
    ownReceiptsCheck(lot, lotId)
    expect(csv).toContain('Your rank: 1')
    expect(csv).not.toContain('Your rank: 1 of')
    expect(csv).not.toContain('Price curve')
    for (const body of [JSON.stringify(report), csv]) for (const price of rivalPrices) expect(showsPrice(body, price), price).toBe(false)
  })

  it('rank + best price shows the best-price curve, each new best to the minute, and no bid that did not lead', async () => {
    const { report, lot, csv } = await finished('rank_best')
    expect(report.tender.disclosure).toBe('best_curve')
    expect(lot.curve.map((p) => [p.priceMinor, p.own])).toEqual([
      [99_000_00, true],
      [98_000_00, false],
      [97_500_00, true],
    ])
    for (const p of lot.curve) expect(p.at).toMatch(/T\d{2}:\d{2}Z$/)
    expect(lot).toMatchObject({ rank: 1, bidderCount: 2 })
    expect(csv).toMatch(/Best price,,[\d-]+ \d{2}:\d{2},98000\.00,no/)
    expect(csv).not.toContain('97800')
  })

  it("the officer's choice overrides the preset: 'none' shows no rank and no market, even on a full tender", async () => {
    const { report, lot, csv, lotId } = await finished('full', 'none')
    expect(report.tender.disclosure).toBe('none')
    expect(lot).toMatchObject({ rank: null, bidderCount: null, curve: [], placedBid: true })
    ownReceiptsCheck(lot, lotId)
    expect(csv).toContain('By the tender’s terms, ranks are not disclosed')
    for (const price of rivalPrices) expect(showsPrice(csv, price), price).toBe(false)
  })

  it('the supplier reads the disclosure in the terms before accepting', async () => {
    const { tender } = await createTender(db, {
      buyerOrgId: w.buyer.id,
      suppliers: [w.alpha.id],
      accepted: false,
      status: 'scheduled',
      visibility: 'full',
    })
    await db.update(tenders).set({ disclosure: 'best_curve' }).where(eq(tenders.id, tender.id))
    const page = await app.request(`/tenders/${tender.id}`, { cookie: w.alpha.cookie })
    expect(page.status).toBe(200)
    expect(page.body).toContain('data-disclosure="best_curve"')
    expect(page.body).toContain('Anonymised best-price curve, times to the minute')
  })
})
