import { randomUUID } from 'node:crypto'
import { and, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { crmLeadStageChanges, crmLeads, crmRegionOwners } from '../../db/schema/crm'
import { grantScope } from '../../app/modules/auth/scope.server'
import { LeadSchema, RegionOwnerSchema } from '../../app/modules/crm/lead-schemas'
import { createLeadFromDeal, createManualLead, getStageReport, moveLead, saveRegionOwner } from '../../app/modules/crm/leads.server'
import { submitApplication } from '../../app/modules/prm/applications.server'
import type { RegionCode } from '../../app/modules/prm/application-schemas'
import { createMember, createOrganisation, defaultTestPassword } from '../factories'
import { applicationInput } from '../factories/prm-onboarding'
import { startApp } from '../http-harness'

// Leads and the pipeline (issue 15): region assignment (by the partner programme's region codes, whatever the
// lead's source), lost needs a reason, the report's figures on a fixture.

const scope = grantScope('manage:crm:any', null)
let actor: { userId: string; email: string; ip: null }
let ownerId: string
let partnersId: string

beforeAll(async () => {
  const op = await createOrganisation(db, { kind: 'operator' })
  const staff = await createMember(db, op, 'sales_manager')
  ownerId = staff.id
  actor = { userId: staff.id, email: staff.email, ip: null }
  partnersId = (await createMember(db, op, 'partner_manager')).id
})

const input = (companyName: string, region: RegionCode | null) => ({
  companyName,
  inn: null,
  region,
  contactName: '',
  phone: null,
  email: null,
  expectedRub: 1000,
  ownerId: undefined,
  notes: '',
})

describe('pipeline', () => {
  it('assigns a new lead to its region’s owner, and lost needs a reason', async () => {
    expect((await saveRegionOwner({ scope, actor, region: 'RU-KDA', ownerId })).ok).toBe(true)
    const made = await createManualLead({ scope, actor, input: input('ООО «Регион»', 'RU-KDA') })
    expect(made.ok).toBe(true)
    if (!made.ok) return
    const [lead] = await db.select().from(crmLeads).where(eq(crmLeads.id, made.id))
    expect(lead.ownerId).toBe(ownerId)
    expect(lead.assignedBy).toBe('region')

    const refused = await moveLead({ scope, actor, leadId: made.id, stageCode: 'lost', lostReason: null })
    expect(refused).toEqual({ ok: false, status: 400, fieldErrors: { lostReason: ['crm.pipeline.error.lostReason'] } })
    const [still] = await db.select().from(crmLeads).where(eq(crmLeads.id, made.id))
    expect(still.stageId).toBe(lead.stageId)

    expect((await moveLead({ scope, actor, leadId: made.id, stageCode: 'proposal', lostReason: null })).ok).toBe(true)
    expect((await moveLead({ scope, actor, leadId: made.id, stageCode: 'lost', lostReason: 'Дорого' })).ok).toBe(true)
    const [closed] = await db.select().from(crmLeads).where(eq(crmLeads.id, made.id))
    expect(closed.closedAt).not.toBeNull()
    expect(closed.lostReason).toBe('Дорого')
    const history = await db.select().from(crmLeadStageChanges).where(eq(crmLeadStageChanges.leadId, made.id))
    expect(history).toHaveLength(3)

    const report = await getStageReport({ from: '2000-01-01', to: '2100-01-01' })
    const proposal = report.conversions.find((c) => c.from === 'qualified')
    expect(proposal?.converted).toBeGreaterThanOrEqual(1)
    expect(report.reasons.find((r) => r.reason === 'дорого')?.count).toBeGreaterThanOrEqual(1)
    expect(report.lost).toBeGreaterThanOrEqual(1)
  })

  it('gives a lead from a partner application in RU-MOW to the owner of RU-MOW', async () => {
    expect((await saveRegionOwner({ scope, actor, region: 'RU-MOW', ownerId: partnersId })).ok).toBe(true)
    const app = await submitApplication({ data: applicationInput({ region: 'RU-MOW' }), locale: 'ru', ip: null })
    const [lead] = await db
      .select()
      .from(crmLeads)
      .where(and(eq(crmLeads.source, 'application'), eq(crmLeads.sourceId, app.id)))
    expect(lead).toMatchObject({ region: 'RU-MOW', ownerId: partnersId, assignedBy: 'region' })
  })

  it('gives a deal lead the end customer’s region when the text names one, else the dealer’s', async () => {
    expect((await saveRegionOwner({ scope, actor, region: 'RU-NVS', ownerId: partnersId })).ok).toBe(true)
    expect((await saveRegionOwner({ scope, actor, region: 'RU-SPE', ownerId })).ok).toBe(true)
    const dealer = await createOrganisation(db, { kind: 'dealer', region: 'RU-SPE' })
    const deal = (endCustomerRegion: string) => ({
      id: randomUUID(),
      orgId: dealer.id,
      endCustomerName: 'АО «Конечный»',
      endCustomerInn: '7701234567',
      endCustomerRegion,
      expectedValueMinor: 100_000,
    })
    const named = await createLeadFromDeal(db, actor, deal(' новосибирская область'))
    const unknown = await createLeadFromDeal(db, actor, deal('Тула'))
    const [a] = await db.select().from(crmLeads).where(eq(crmLeads.id, named!))
    const [b] = await db.select().from(crmLeads).where(eq(crmLeads.id, unknown!))
    expect(a).toMatchObject({ region: 'RU-NVS', ownerId: partnersId, assignedBy: 'region' })
    expect(b).toMatchObject({ region: 'RU-SPE', ownerId, assignedBy: 'region' })
  })

  it('refuses a region outside the list as a field error and stores nothing', async () => {
    const issue = (r: { success: boolean; error?: { issues: { path: (string | number)[]; message: string }[] } }) =>
      r.error?.issues.map((i) => [i.path.join('.'), i.message])
    expect(issue(LeadSchema.safeParse({ companyName: 'ООО «Вне списка»', region: 'Москва' }))).toEqual([['region', 'errors.chooseOne']])
    expect(issue(RegionOwnerSchema.safeParse({ intent: 'save', region: 'Москва', ownerId }))).toEqual([['region', 'errors.chooseOne']])

    const staff = await createMember(db, { id: (await createOrganisation(db, { kind: 'operator' })).id }, 'operator_admin')
    const web = await startApp()
    try {
      const cookie = await web.login(staff.email, defaultTestPassword)
      const lead = await web.request('/crm/pipeline/new', { cookie, form: { companyName: 'ООО «Вне списка»', region: 'Тула' } })
      expect(lead.status).toBe(400)
      expect(lead.body).toMatch(/Выберите значение из списка|Choose a value from the list/)
      const owner = await web.request('/crm/pipeline/regions', { cookie, form: { intent: 'save', region: 'Тула', ownerId } })
      expect(owner.status).toBe(400)
      expect(owner.body).toMatch(/Выберите значение из списка|Choose a value from the list/)
    } finally {
      await web.close()
    }
    expect(await db.select().from(crmLeads).where(eq(crmLeads.companyName, 'ООО «Вне списка»'))).toEqual([])
    expect(await db.select().from(crmRegionOwners).where(eq(crmRegionOwners.region, 'Тула'))).toEqual([])
  })
})
