import { eq, inArray } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { lots, tenders } from '../../db/schema'
import { getInvitation, getTenderForBuyer, listInvitations, listTendersForBuyer } from '../../app/modules/auctions/queries.server'
import { grantScope } from '../../app/modules/auth/scope.server'
import { createOrganisation, createTender } from '../factories'

// Issue 10 item 5: the counts and statuses both sides read are true. Every tender showed "Lots 0" to the officer,
// and the supplier's badge said "scheduled" while its lot was live and after it closed: the status shown follows
// the lots, on the officer's list and page and on the supplier's list and page alike.

const w = {} as { buyerId: string; supplierId: string; tenderId: string; lotIds: string[] }

const setLots = (status: 'scheduled' | 'live' | 'closed', awarded?: string) =>
  db
    .update(lots)
    .set({ status, awardedSupplierId: awarded ?? null })
    .where(inArray(lots.id, w.lotIds))

/** What the officer's list, the officer's page, the supplier's list and the supplier's page each say. */
async function shown() {
  const [listed] = (await listTendersForBuyer({ scope: grantScope('manage:tender:any', w.buyerId), buyerOrgId: w.buyerId })).filter(
    (t) => t.id === w.tenderId,
  )
  const [invited] = (await listInvitations({ scope: grantScope('bid:tender:org', w.supplierId) })).filter((t) => t.id === w.tenderId)
  return {
    officerList: { status: listed.status, lots: listed.lots, invited: listed.invited },
    officerPage: (await getTenderForBuyer({ scope: grantScope('manage:tender:any', w.buyerId), buyerOrgId: w.buyerId, tenderId: w.tenderId }))!.tender
      .status,
    supplierList: { status: invited.status, lots: invited.lots },
    supplierPage: (await getInvitation({ scope: grantScope('bid:tender:org', w.supplierId), tenderId: w.tenderId }))!.status,
  }
}

beforeAll(async () => {
  const buyer = await createOrganisation(db, { kind: 'operator' })
  const supplier = await createOrganisation(db, { kind: 'supplier', verificationStatus: 'verified' })
  const other = await createOrganisation(db, { kind: 'supplier', verificationStatus: 'verified' })
  const { tender, lots: lotRows } = await createTender(db, {
    buyerOrgId: buyer.id,
    suppliers: [supplier.id, other.id],
    status: 'scheduled',
    lots: [{}, {}, {}],
  })
  Object.assign(w, { buyerId: buyer.id, supplierId: supplier.id, tenderId: tender.id, lotIds: lotRows.map((l) => l.id) })
})

describe('a tender as the officer and the supplier see it', () => {
  it('counts its lots and invitations', async () => {
    const s = await shown()
    expect(s.officerList).toEqual({ status: 'scheduled', lots: 3, invited: 2 })
    expect(s.supplierList).toEqual({ status: 'scheduled', lots: 3 })
  })

  it('is live while its lots are, though the tender row still says scheduled', async () => {
    await setLots('live')
    const s = await shown()
    expect([s.officerList.status, s.officerPage, s.supplierList.status, s.supplierPage]).toEqual(['live', 'live', 'live', 'live'])
  })

  it('is closed once every lot has closed, then awarded once every lot is', async () => {
    await db.update(tenders).set({ status: 'live' }).where(eq(tenders.id, w.tenderId))
    await setLots('closed')
    let s = await shown()
    expect([s.officerList.status, s.officerPage, s.supplierList.status, s.supplierPage]).toEqual(['closed', 'closed', 'closed', 'closed'])
    await setLots('closed', w.supplierId)
    s = await shown()
    expect([s.officerList.status, s.officerPage, s.supplierList.status, s.supplierPage]).toEqual(['awarded', 'awarded', 'awarded', 'awarded'])
  })
})
