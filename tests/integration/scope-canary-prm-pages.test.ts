import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { dealRegistrations, programmeTiers } from '../../db/schema'
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
import { getTierEditor, saveProgrammeTiers } from '../../app/modules/prm/tier-editor.server'
import { createMember, createOrganisation, createProgramme, defaultTestPassword } from '../factories'
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
      // B's deal value (123 456,78 ₽) in any format; a bare "123" also turns up in ids and asset names.
      expect(res.body).not.toMatch(/123[\s\u00a0\u202f,.']?456/)
      expect(res.body).not.toContain('Canary B')
    } finally {
      await app.close()
    }
  })
})

// ── The desk's tier editor (issue 13 "Tiers", tier-editor.server.ts): the programme page's `tiers` intent ──
describe('the tier editor', () => {
  it('takes only an `any` scope, by type', () => {
    const org = grantScope('read:partner_programme:org', '00000000-0000-0000-0000-000000000001')
    const programmeId = '00000000-0000-0000-0000-000000000002'
    // @ts-expect-error an OrgScope is not an AnyScope
    refusedByType(() => getTierEditor({ scope: org, programmeId, locale: 'en' }))
    const actor = { userId: null, email: null, ip: null }
    // @ts-expect-error an OrgScope is not an AnyScope
    refusedByType(() => saveProgrammeTiers({ scope: org, actor, programmeId, revision: '', tiers: [], locale: 'en' }))
  })

  it("refuses a dealer's save and list intent with 403, naming no tier and changing none", async () => {
    const { programme, tiers } = await createProgramme(db, {
      tiers: [
        { code: 'entry', nameRu: 'Вход', nameEn: 'Canary entry' },
        { code: 'top', nameRu: 'Верх', nameEn: 'Canary top', criteria: [{ kind: 'certified_staff', op: 'gte', threshold: 3 }] },
      ],
    })
    const dealer = await createOrganisation(db, { kind: 'dealer' })
    const admin = await createMember(db, dealer, 'dealer_admin')
    const app = await startApp()
    try {
      const cookie = await app.login(admin.email, defaultTestPassword)
      const form = new URLSearchParams({ intent: 'tiers', revision: 'x', 'tiers[0].id': tiers[0].id, 'tiers[0].rank': '1' })
      form.append('tiers[0].nameRu', 'Взлом')
      form.append('tiers[0].nameEn', 'Hacked')
      for (const body of [form, new URLSearchParams([...form, ['__intent__', '{"type":"insert","payload":{"name":"tiers"}}']])]) {
        const res = await app.request('/desk/partners/programme', { form: body, cookie })
        expect(res.status).toBe(403)
        expect(res.body).not.toContain('Canary')
      }
      const stored = await db.select().from(programmeTiers).where(eq(programmeTiers.programmeId, programme.id))
      expect(stored.map((t) => t.nameEn).sort()).toEqual(['Canary entry', 'Canary top'])
    } finally {
      await app.close()
    }
  })
})
