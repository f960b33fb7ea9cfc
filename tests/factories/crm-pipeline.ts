import { eq } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.server'
import { crmLeadStageChanges, crmLeads, crmStages } from '../../db/schema/crm'
import type { CrmWorldInput } from './crm-customers'

// Factories for the CRM's pipeline (issue 15): the seed, the fixtures and the tests make their rows the same way.

/** A lead in stage `stageCode` (default "new") with its first stage-change row. */
export async function createLead(
  db: DbOrTx,
  input: { companyName?: string; stageCode?: string; orgId?: string | null; ownerId?: string | null; inn?: string | null } = {},
) {
  const [stage] = await db
    .select()
    .from(crmStages)
    .where(eq(crmStages.code, input.stageCode ?? 'new'))
  const [lead] = await db
    .insert(crmLeads)
    .values({
      source: 'manual',
      companyName: input.companyName ?? 'ООО «Лид»',
      orgId: input.orgId ?? null,
      ownerId: input.ownerId ?? null,
      assignedBy: input.ownerId ? 'hand' : null,
      inn: input.inn ?? null,
      stageId: stage.id,
      closedAt: stage.outcome === 'open' ? null : new Date(),
    })
    .returning()
  await db.insert(crmLeadStageChanges).values({ leadId: lead.id, fromStageId: null, toStageId: stage.id })
  return lead
}

/** What the permission matrix and the canary need of this part in the shared world (ids by name). */
export async function createCrmPipelineWorld(db: DbOrTx, w: CrmWorldInput): Promise<Record<string, string>> {
  const lead = await createLead(db, { companyName: 'ООО «Матрица»', orgId: w.dealerId, ownerId: w.people.sales_manager ?? null })
  return { leadId: lead.id }
}
