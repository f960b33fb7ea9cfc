import { describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { dealRegistrations } from '../../db/schema'
import { grantScope } from '../../app/modules/auth/scope.server'
import { accrualsByMonth, incentivesOverview, ledgerByStatus } from '../../app/modules/incentives/overview.server'
import {
  applicationsByStage,
  dealPipeline,
  partnersByTierAndRegion,
  prmOverview,
  recentTierChanges,
  revenueGrowth,
} from '../../app/modules/prm/overview.server'
import { createMember, createOrganisation, defaultTestPassword } from '../factories'
import { startApp } from '../http-harness'

// The partner manager's home reads across every dealer: its functions take only an `any` scope (the type checker
// refuses a dealer's), and a dealer asking for the page gets no figure of anyone's.

/** A call the type checker must refuse (`@ts-expect-error` inside): compiled, never run. */
const refusedByType = (call: () => unknown) => expect(typeof call).toBe('function')

describe('the overview reads', () => {
  it('refuse an organisation scope by type', () => {
    const org = grantScope('read:partner_programme:org', '00000000-0000-0000-0000-000000000001')
    const today = '2026-12-02'
    // @ts-expect-error an OrgScope is not an AnyScope
    refusedByType(() => prmOverview({ scope: org, today }))
    // @ts-expect-error an OrgScope is not an AnyScope
    refusedByType(() => partnersByTierAndRegion({ scope: org }))
    // @ts-expect-error an OrgScope is not an AnyScope
    refusedByType(() => applicationsByStage({ scope: org }))
    // @ts-expect-error an OrgScope is not an AnyScope
    refusedByType(() => dealPipeline({ scope: org }))
    // @ts-expect-error an OrgScope is not an AnyScope
    refusedByType(() => recentTierChanges({ scope: org, today }))
    // @ts-expect-error an OrgScope is not an AnyScope
    refusedByType(() => revenueGrowth({ scope: org, today }))
    // @ts-expect-error an OrgScope is not an AnyScope
    refusedByType(() => incentivesOverview({ scope: org, today }))
    // @ts-expect-error an OrgScope is not an AnyScope
    refusedByType(() => accrualsByMonth({ scope: org, today }))
    // @ts-expect-error an OrgScope is not an AnyScope
    refusedByType(() => ledgerByStatus({ scope: org }))
  })

  it("answer a dealer's request for the page with a refusal that shows no other dealer's deal", async () => {
    const other = await createOrganisation(db, { shortName: 'Canary B' })
    await db.insert(dealRegistrations).values({
      number: 'D-CANARY-1',
      orgId: other.id,
      endCustomerInn: '7700000009',
      endCustomerName: 'Canary customer',
      endCustomerRegion: 'Москва',
      expectedQty: 1,
      expectedValueMinor: 123_456_78,
      expectedCloseOn: '2026-12-31',
    })
    const dealer = await createOrganisation(db, { shortName: 'Canary A' })
    const admin = await createMember(db, dealer, 'dealer_admin')
    const app = await startApp()
    try {
      const cookie = await app.login(admin.email, defaultTestPassword)
      const res = await app.request('/desk/partners', { cookie })
      expect(res.status).toBe(403)
      expect(res.body).not.toContain('123')
      expect(res.body).not.toContain('Canary B')
    } finally {
      await app.close()
    }
  })
})
