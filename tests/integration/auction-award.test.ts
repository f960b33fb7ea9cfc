import { and, eq, inArray, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { auditLog, lots } from '../../db/schema'
import { acceptBid } from '../../app/modules/auctions/bids.server'
import { tick } from '../../app/modules/auctions/control.server'
import { translate } from '../../app/i18n'
import { createMember, createOrganisation, createTender, defaultTestPassword } from '../factories'
import { startApp, type App } from '../http-harness'

// Issue 10 item 12: an award above the hidden reserve was accepted with no word of it. It is still allowed (the
// reserve is the buyer's own target; the start price is the ceiling), but only when the officer acknowledges it:
// without the acknowledgement the award is refused with a clear message and nothing changes; with it, the award
// goes through and the audit entry keeps the reserve, the price and the acknowledgement.

let app: App
const w = {} as { cookie: string; buyerId: string; tenderId: string; overLot: string; metLot: string; alpha: string; beta: string }

const bid = async (lotId: string, supplierOrgId: string, priceMinor: number) => {
  const r = await acceptBid({ lotId, supplierOrgId, userId: null, priceMinor, clientBidId: crypto.randomUUID() })
  if (!r.ok) throw new Error(`bid ${priceMinor} refused: ${r.rule}`)
}
const award = (lotId: string, supplierOrgId: string, extra: Record<string, string> = {}) =>
  app.request(`/desk/tenders/${w.tenderId}`, { cookie: w.cookie, form: { intent: 'award', lotId, supplierOrgId, reason: '', ...extra } })
const lotRow = async (id: string) => (await db.select().from(lots).where(eq(lots.id, id)))[0]
const awardAudits = (lotId: string) =>
  db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, 'tender.awarded'), eq(auditLog.entityId, lotId)))

beforeAll(async () => {
  app = await startApp()
  const buyer = await createOrganisation(db, { kind: 'operator' })
  const officer = await createMember(db, buyer, 'procurement_officer', { locale: 'en' })
  const alpha = await createOrganisation(db, { kind: 'supplier', verificationStatus: 'verified' })
  const beta = await createOrganisation(db, { kind: 'supplier', verificationStatus: 'verified' })
  // Lot 1: reserve 95 000,00, best 98 000,00 (3,2 % above). Lot 2: reserve 99 000,00, best 98 500,00 (met).
  const { tender, lots: lotRows } = await createTender(db, {
    buyerOrgId: buyer.id,
    suppliers: [alpha.id, beta.id],
    lots: [{ reserveMinor: 95_000_00 }, { reserveMinor: 99_000_00 }],
  })
  Object.assign(w, {
    cookie: await app.login(officer.email, defaultTestPassword),
    buyerId: buyer.id,
    tenderId: tender.id,
    overLot: lotRows[0].id,
    metLot: lotRows[1].id,
    alpha: alpha.id,
    beta: beta.id,
  })
  await bid(w.overLot, alpha.id, 99_000_00)
  await bid(w.overLot, beta.id, 98_000_00)
  await bid(w.metLot, alpha.id, 98_500_00)
  await db
    .update(lots)
    .set({ endsAt: sql`clock_timestamp() - interval '1 second'` })
    .where(inArray(lots.id, [w.overLot, w.metLot]))
  await tick()
})
afterAll(() => app.close())

describe('awarding a lot above its hidden reserve', () => {
  it('is refused without the acknowledgement, with a message saying how, and changes nothing', async () => {
    const refused = await award(w.overLot, w.beta)
    expect(refused.status).toBe(409)
    expect(refused.body).toContain(translate('en', 'auction.control.reserve_not_met'))
    const lot = await lotRow(w.overLot)
    expect(lot.awardedSupplierId).toBeNull()
    expect(lot.status).toBe('closed')
    expect(await awardAudits(w.overLot)).toHaveLength(0)
    // A value other than the checkbox's is no acknowledgement either.
    expect((await award(w.overLot, w.beta, { reserveAcknowledged: 'no' })).status).toBe(409)
    expect((await lotRow(w.overLot)).awardedSupplierId).toBeNull()
  })

  it('is accepted with it, and the audit entry keeps the reserve, the price and the acknowledgement', async () => {
    const accepted = await award(w.overLot, w.beta, { reserveAcknowledged: 'yes' })
    expect(accepted.status).toBe(200)
    expect((await lotRow(w.overLot)).awardedSupplierId).toBe(w.beta)
    const [entry] = await awardAudits(w.overLot)
    expect(entry.details).toMatchObject({
      supplierOrgId: w.beta,
      priceMinor: 98_000_00,
      reserveMinor: 95_000_00,
      reserveMet: false,
      reserveAcknowledged: true,
    })
  })

  it('needs no acknowledgement when the reserve is met', async () => {
    expect((await award(w.metLot, w.alpha)).status).toBe(200)
    const [entry] = await awardAudits(w.metLot)
    expect(entry.details).toMatchObject({ priceMinor: 98_500_00, reserveMinor: 99_000_00, reserveMet: true })
    expect(entry.details).not.toHaveProperty('reserveAcknowledged')
  })
})
