import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { crmLeads, crmLeadStageChanges } from '../../db/schema/crm'
import { bindTenant, runInTenantScope } from '../../db/tenant-scope.server'
import { grantScope } from '../../app/modules/auth/scope.server'
import { assignLead, getLead, getStageReport, leadsCsv, listLeads, moveLead } from '../../app/modules/crm/leads.server'
import { PipelineQuery } from '../../app/modules/crm/lead-schemas'
import { businessClock } from '../../app/utils/clock.server'
import { createMember, createOrganisation, defaultTestPassword } from '../factories'
import { createLead } from '../factories/crm-pipeline'
import { startApp } from '../http-harness'

// The tenant canary for leads and the pipeline (issue 15): leads are the operator's sales work, not a dealer's.
// Their functions take only an `any` scope (the type checker refuses a dealer's org scope); a dealer's people
// never open the pages (403 naming the permission); and a request bound to dealer A — a forgotten guard — reads
// none of B's leads nor the operator's own, and moves or reassigns none of them (row-level security), while staff
// see every lead.

/** A call the type checker must refuse (`@ts-expect-error` inside): compiled, never run. */
const refusedByType = (call: () => unknown) => expect(typeof call).toBe('function')

const staffScope = grantScope('manage:crm:any', null)
const query = PipelineQuery.parse({})
let a: { orgId: string; adminId: string; adminEmail: string; leadId: string }
let b: { orgId: string; leadId: string }
let manualLeadId: string
let staff: { id: string; email: string }
let today: string

beforeAll(async () => {
  const orgA = await createOrganisation(db, { kind: 'dealer', shortName: 'Canary pipeline A' })
  const orgB = await createOrganisation(db, { kind: 'dealer', shortName: 'Canary pipeline B' })
  const operator = await createOrganisation(db, { kind: 'operator' })
  const member = await createMember(db, operator, 'sales_manager')
  staff = { id: member.id, email: member.email }
  const admin = await createMember(db, orgA, 'dealer_admin')
  // A lead about each dealer's registered deal (org_id = the dealer), and one the operator typed in (no org).
  const leadA = await createLead(db, { companyName: 'Canary lead ALPHA', orgId: orgA.id, ownerId: staff.id })
  const leadB = await createLead(db, { companyName: 'Canary lead BRAVO', orgId: orgB.id, ownerId: staff.id })
  const manual = await createLead(db, { companyName: 'Canary lead OPERATOR', ownerId: staff.id })
  a = { orgId: orgA.id, adminId: admin.id, adminEmail: admin.email, leadId: leadA.id }
  b = { orgId: orgB.id, leadId: leadB.id }
  manualLeadId = manual.id
  today = (await businessClock()).today
})

/** Runs `fn` as a request the guard bound to dealer A (its admin signed in). */
const asDealerA = <T>(fn: () => Promise<T>) =>
  runInTenantScope(async () => {
    bindTenant({ orgId: a.orgId, userId: a.adminId })
    return fn()
  })

describe('the lead functions', () => {
  it('refuse an organisation scope by type', () => {
    const org = grantScope('read:recommendation:org', a.orgId)
    const actor = { userId: a.adminId, email: a.adminEmail, ip: null }
    // @ts-expect-error an OrgScope is not an AnyScope
    refusedByType(() => listLeads({ scope: org, query }))
    // @ts-expect-error an OrgScope is not an AnyScope
    refusedByType(() => leadsCsv({ scope: org, query, locale: 'en' }))
    // @ts-expect-error an OrgScope is not an AnyScope
    refusedByType(() => getLead({ scope: org, leadId: b.leadId }))
    // @ts-expect-error an OrgScope is not an AnyScope
    refusedByType(() => moveLead({ scope: org, actor, leadId: b.leadId, stageCode: 'won', lostReason: null }))
    // @ts-expect-error an OrgScope is not an AnyScope
    refusedByType(() => assignLead({ scope: org, actor, leadId: b.leadId, ownerId: staff.id }))
    // @ts-expect-error an OrgScope is not an AnyScope
    refusedByType(() => getStageReport({ scope: org, from: today, to: today }))
  })
})

describe('pipeline pages and exports', () => {
  it('refuse a dealer admin and show staff every lead', async () => {
    const app = await startApp()
    try {
      const dealer = await app.login(a.adminEmail, defaultTestPassword)
      const staffCookie = await app.login(staff.email, defaultTestPassword)
      for (const path of [
        '/crm/pipeline',
        '/crm/pipeline?view=list',
        '/crm/pipeline.csv',
        `/crm/pipeline/${b.leadId}`,
        `/crm/pipeline/${a.leadId}`,
        '/crm/pipeline/report',
        '/crm/pipeline/regions',
      ]) {
        const refused = await app.request(path, { cookie: dealer })
        expect(refused.status, path).toBe(403)
        expect(refused.body).not.toContain('BRAVO')
        expect(refused.body).not.toContain('OPERATOR')
      }
      const refusedMove = await app.request(`/crm/pipeline/${b.leadId}`, { cookie: dealer, form: { intent: 'move', stageCode: 'won' } })
      expect(refusedMove.status).toBe(403)
      const csv = await app.request('/crm/pipeline.csv', { cookie: staffCookie })
      expect(csv.status).toBe(200)
      for (const name of ['Canary lead ALPHA', 'Canary lead BRAVO', 'Canary lead OPERATOR']) expect(csv.body).toContain(name)
    } finally {
      await app.close()
    }
    const [lead] = await db.select({ stageId: crmLeads.stageId, closedAt: crmLeads.closedAt }).from(crmLeads).where(eq(crmLeads.id, b.leadId))
    expect(lead.closedAt).toBeNull()
  })
})

describe('row-level security under the lead functions', () => {
  it("shows a request bound to A none of B's leads nor the operator's", async () => {
    // Unbound (staff), every lead is there: each empty answer below is the backstop's, not an empty table's.
    const all = (await listLeads({ scope: staffScope, query })).map((l) => l.id)
    expect(all).toEqual(expect.arrayContaining([a.leadId, b.leadId, manualLeadId]))
    expect((await getLead({ scope: staffScope, leadId: b.leadId }))?.companyName).toBe('Canary lead BRAVO')
    expect((await getStageReport({ scope: staffScope, from: today, to: today })).total).toBe(3)
    expect(await leadsCsv({ scope: staffScope, query, locale: 'en' })).toContain('Canary lead BRAVO')

    const bound = await asDealerA(async () => ({
      list: await listLeads({ scope: staffScope, query }),
      leadB: await getLead({ scope: staffScope, leadId: b.leadId }),
      manual: await getLead({ scope: staffScope, leadId: manualLeadId }),
      report: await getStageReport({ scope: staffScope, from: today, to: today }),
      csv: await leadsCsv({ scope: staffScope, query, locale: 'en' }),
    }))
    // Only the lead about A's own deal (org_id = A) is a row A's tenant may see at all.
    expect(bound.list.map((l) => l.id)).toEqual([a.leadId])
    expect(bound.leadB).toBeNull()
    expect(bound.manual).toBeNull()
    expect(bound.report.total).toBe(1)
    expect(bound.csv).not.toContain('BRAVO')
    expect(bound.csv).not.toContain('OPERATOR')
  })

  it('lets a request bound to A move or reassign none of them', async () => {
    const actor = { userId: staff.id, email: staff.email, ip: null }
    const other = await createMember(db, { id: (await createOrganisation(db, { kind: 'operator' })).id }, 'partner_manager')
    for (const leadId of [b.leadId, manualLeadId]) {
      const moved = await asDealerA(() => moveLead({ scope: staffScope, actor, leadId, stageCode: 'won', lostReason: null }))
      expect(moved).toMatchObject({ ok: false, status: 404 })
      // Refused before the lead is even looked up: the operator's staff are no one A's tenant can see.
      const assigned = await asDealerA(() => assignLead({ scope: staffScope, actor, leadId, ownerId: other.id }))
      expect(assigned.ok).toBe(false)
      const [lead] = await db.select({ ownerId: crmLeads.ownerId, closedAt: crmLeads.closedAt }).from(crmLeads).where(eq(crmLeads.id, leadId))
      expect(lead).toEqual({ ownerId: staff.id, closedAt: null })
      const history = await db.select({ id: crmLeadStageChanges.id }).from(crmLeadStageChanges).where(eq(crmLeadStageChanges.leadId, leadId))
      expect(history).toHaveLength(1)
    }
    // Staff (unbound) may: the refusals above were the tenant's, not a broken call.
    expect((await assignLead({ scope: staffScope, actor, leadId: b.leadId, ownerId: other.id })).ok).toBe(true)
  })
})
