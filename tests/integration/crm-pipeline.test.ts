import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { crmLeadStageChanges, crmLeads } from '../../db/schema/crm'
import { grantScope } from '../../app/modules/auth/scope.server'
import { createManualLead, getStageReport, moveLead, saveRegionOwner } from '../../app/modules/crm/leads.server'
import { createMember, createOrganisation } from '../factories'

// Leads and the pipeline (issue 15): region assignment, lost needs a reason, the report's figures on a fixture.

const scope = grantScope('manage:crm:any', null)
let actor: { userId: string; email: string; ip: null }
let ownerId: string

beforeAll(async () => {
  const op = await createOrganisation(db, { kind: 'operator' })
  const staff = await createMember(db, op, 'sales_manager')
  ownerId = staff.id
  actor = { userId: staff.id, email: staff.email, ip: null }
})

const input = (companyName: string, region: string | null) => ({
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
    expect((await saveRegionOwner({ scope, actor, region: 'Тестовая область', ownerId })).ok).toBe(true)
    const made = await createManualLead({ scope, actor, input: input('ООО «Регион»', 'тестовая область ') })
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
})
