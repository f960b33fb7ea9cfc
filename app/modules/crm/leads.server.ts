import { and, asc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm'
import { db, type DbOrTx } from '../../../db/client.server'
import { rowsOf } from '../../../db/drivers.server'
import { users } from '../../../db/schema/auth'
import { crmLeads, crmLeadStageChanges, crmRegionOwners, crmStages, type LeadSource } from '../../../db/schema/crm'
import { dealRegistrations, partnerApplications } from '../../../db/schema/prm'
import { memberships, organisations } from '../../../db/schema/tenancy'
import type { Locale } from '../../i18n'
import { translate } from '../../i18n'
import { formatSheetDay } from '../../i18n/format'
import { operatorDayStart } from '../../utils/clock.server'
import { toCsv } from '../../utils/csv'
import { writeAudit, type Actor } from '../audit/mutations.server'
import { isRegionCode, regionCodeOf, regionLabel, type RegionCode } from '../prm/application-schemas'
import type { AnyScope } from '../auth/scope.server'
import type { LeadInput, PipelineQueryInput } from './lead-schemas'
import { conversions, weightedMinor, winRateBp } from './pipeline-maths'

// Leads and the pipeline (issue 15 "Leads and pipeline"). A lead comes from the partner application form, a
// registered deal or a person; it is assigned to its region's owner unless a person names one ("by hand" wins);
// each move between stages is a crm_lead_stage_changes row, from which the sales-cycle report is computed.
// Regions are the partner programme's ISO 3166-2 codes (regionCodes) on leads, owners and organisations alike.

export type LeadResult = { ok: true; id: string } | { ok: false; status: 400 | 404; fieldErrors: Record<string, string[]> }

const STAFF_ROLES = ['operator_admin', 'sales_manager', 'partner_manager'] as const

interface NewLead {
  source: LeadSource
  sourceId: string | null
  orgId: string | null
  companyName: string
  inn: string | null
  region: string | null
  contactName: string
  phone: string | null
  email: string | null
  expectedMinor: number | null
  ownerId: string | null
  notes: string
}

async function stageByCode(tx: DbOrTx, code: string) {
  const [stage] = await tx.select().from(crmStages).where(eq(crmStages.code, code))
  return stage ?? null
}

/** The region's owner, if the region has one (both sides are codes, so they match as they are). */
async function regionOwner(tx: DbOrTx, region: string | null): Promise<string | null> {
  if (!region) return null
  const [row] = await tx.select({ ownerId: crmRegionOwners.ownerId }).from(crmRegionOwners).where(eq(crmRegionOwners.region, region))
  return row?.ownerId ?? null
}

/** Inserts a lead in stage "new" with its first stage row and audit entry; null when its source already has one. */
async function insertLead(tx: DbOrTx, actor: Actor, lead: NewLead): Promise<string | null> {
  const stage = await stageByCode(tx, 'new')
  if (!stage) throw new Error('crm stage "new" missing')
  const byRegion = lead.ownerId ? null : await regionOwner(tx, lead.region)
  const ownerId = lead.ownerId ?? byRegion
  const [row] = await tx
    .insert(crmLeads)
    .values({
      ...lead,
      stageId: stage.id,
      ownerId,
      assignedBy: lead.ownerId ? 'hand' : byRegion ? 'region' : null,
      createdBy: actor.userId,
    })
    .onConflictDoNothing()
    .returning({ id: crmLeads.id })
  if (!row) return null
  await tx.insert(crmLeadStageChanges).values({ leadId: row.id, fromStageId: null, toStageId: stage.id, actorId: actor.userId })
  await writeAudit(tx, actor, {
    action: 'crm_lead.saved',
    entity: 'crm_lead',
    entityId: row.id,
    orgId: lead.orgId,
    details: { source: lead.source, companyName: lead.companyName, ownerId, assignedBy: lead.ownerId ? 'hand' : byRegion ? 'region' : null },
  })
  return row.id
}

/** Called by prm in the application's own transaction: the application becomes a lead (source 'application'). */
export async function createLeadFromApplication(
  tx: DbOrTx,
  actor: Actor,
  app: { id: string; shortName: string; inn: string; region: string; contactName: string; contactPhone: string; contactEmail: string },
) {
  return insertLead(tx, actor, {
    source: 'application',
    sourceId: app.id,
    orgId: null,
    companyName: app.shortName.slice(0, 300),
    inn: app.inn,
    region: app.region,
    contactName: app.contactName.slice(0, 200),
    phone: app.contactPhone,
    email: app.contactEmail,
    expectedMinor: null,
    ownerId: null,
    notes: '',
  })
}

/**
 * A deal lead's region: the end customer's, when the deal form's free text names a region of the list; else the
 * dealer organisation's (a code since the partner programme's regions), so the lead still finds an owner.
 */
async function dealRegion(tx: DbOrTx, deal: { orgId: string; endCustomerRegion: string | null }): Promise<RegionCode | null> {
  const named = regionCodeOf(deal.endCustomerRegion)
  if (named && named !== 'other') return named
  const [dealer] = await tx.select({ region: organisations.region }).from(organisations).where(eq(organisations.id, deal.orgId))
  return isRegionCode(dealer?.region) ? dealer.region : (named ?? null)
}

/** Called by prm when a dealer registers a deal: a lead about the dealer's end customer, org_id = the dealer. */
export async function createLeadFromDeal(
  tx: DbOrTx,
  actor: Actor,
  deal: { id: string; orgId: string; endCustomerName: string; endCustomerInn: string; endCustomerRegion: string | null; expectedValueMinor: number },
) {
  return insertLead(tx, actor, {
    source: 'deal',
    sourceId: deal.id,
    orgId: deal.orgId,
    companyName: deal.endCustomerName.slice(0, 300),
    inn: deal.endCustomerInn,
    region: await dealRegion(tx, deal),
    contactName: '',
    phone: null,
    email: null,
    expectedMinor: deal.expectedValueMinor,
    ownerId: null,
    notes: '',
  })
}

/** Leads for the applications and deals that have none (the demo, and data from before the CRM). */
export async function backfillLeads(tx: DbOrTx, actor: Actor) {
  const apps = await tx
    .select()
    .from(partnerApplications)
    .where(sql`not exists (select 1 from crm_leads l where l.source = 'application' and l.source_id = ${partnerApplications.id})`)
  let created = 0
  for (const a of apps) if (await createLeadFromApplication(tx, actor, a)) created++
  const deals = await tx
    .select()
    .from(dealRegistrations)
    .where(sql`not exists (select 1 from crm_leads l where l.source = 'deal' and l.source_id = ${dealRegistrations.id})`)
  for (const d of deals) if (await createLeadFromDeal(tx, actor, d)) created++
  return created
}

/** The operator's staff who may own leads: the choice on the forms, and the check on what a form sends. */
export async function listLeadOwners() {
  return db
    .selectDistinct({ id: users.id, name: users.displayName, email: users.email })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .innerJoin(organisations, eq(organisations.id, memberships.orgId))
    .where(and(eq(organisations.kind, 'operator'), inArray(memberships.role, [...STAFF_ROLES]), isNull(users.disabledAt)))
    .orderBy(asc(users.displayName))
}

async function isOwner(tx: DbOrTx, userId: string) {
  const [row] = rowsOf<{ ok: boolean }>(
    await tx.execute(sql`select exists (select 1 from memberships m join organisations o on o.id = m.org_id
      join users u on u.id = m.user_id
      where m.user_id = ${userId}::uuid and o.kind = 'operator' and u.disabled_at is null
        and m.role in ('operator_admin', 'sales_manager', 'partner_manager')) as ok`),
  )
  return Boolean(row?.ok)
}

/** A lead typed in by staff. */
export async function createManualLead({ actor, input }: { scope: AnyScope; actor: Actor; input: LeadInput }): Promise<LeadResult> {
  return db.transaction(async (tx): Promise<LeadResult> => {
    if (input.ownerId && !(await isOwner(tx, input.ownerId)))
      return { ok: false, status: 400, fieldErrors: { ownerId: ['crm.pipeline.error.owner'] } }
    const id = await insertLead(tx, actor, {
      source: 'manual',
      sourceId: null,
      orgId: null,
      companyName: input.companyName,
      inn: input.inn,
      region: input.region,
      contactName: input.contactName,
      phone: input.phone,
      email: input.email,
      expectedMinor: input.expectedRub === undefined ? null : input.expectedRub * 100,
      ownerId: input.ownerId ?? null,
      notes: input.notes,
    })
    return { ok: true, id: id! }
  })
}

/** Moves a lead to a stage: a history row and an audit entry; lost needs a reason; won and lost close it. */
export async function moveLead({
  actor,
  leadId,
  stageCode,
  lostReason,
}: {
  scope: AnyScope
  actor: Actor
  leadId: string
  stageCode: string
  lostReason: string | null
}): Promise<LeadResult> {
  return db.transaction(async (tx): Promise<LeadResult> => {
    const [lead] = await tx.select().from(crmLeads).where(eq(crmLeads.id, leadId)).for('update')
    if (!lead) return { ok: false, status: 404, fieldErrors: {} }
    const stage = await stageByCode(tx, stageCode)
    if (!stage) return { ok: false, status: 400, fieldErrors: { stageCode: ['errors.chooseOne'] } }
    if (stage.id === lead.stageId) return { ok: false, status: 400, fieldErrors: { stageCode: ['crm.pipeline.error.sameStage'] } }
    if (stage.outcome === 'lost' && !lostReason) return { ok: false, status: 400, fieldErrors: { lostReason: ['crm.pipeline.error.lostReason'] } }
    await tx
      .update(crmLeads)
      .set({
        stageId: stage.id,
        stageChangedAt: sql`now()`,
        closedAt: stage.outcome === 'open' ? null : sql`now()`,
        lostReason: stage.outcome === 'lost' ? lostReason : null,
        updatedAt: sql`now()`,
      })
      .where(eq(crmLeads.id, leadId))
    await tx.insert(crmLeadStageChanges).values({ leadId, fromStageId: lead.stageId, toStageId: stage.id, actorId: actor.userId })
    await writeAudit(tx, actor, {
      action: 'crm_lead.moved',
      entity: 'crm_lead',
      entityId: leadId,
      orgId: lead.orgId,
      details: { to: stage.code, lostReason: stage.outcome === 'lost' ? lostReason : undefined },
    })
    return { ok: true, id: leadId }
  })
}

/** Assigns a lead by hand. */
export async function assignLead({
  actor,
  leadId,
  ownerId,
}: {
  scope: AnyScope
  actor: Actor
  leadId: string
  ownerId: string
}): Promise<LeadResult> {
  return db.transaction(async (tx): Promise<LeadResult> => {
    if (!(await isOwner(tx, ownerId))) return { ok: false, status: 400, fieldErrors: { ownerId: ['crm.pipeline.error.owner'] } }
    const [row] = await tx
      .update(crmLeads)
      .set({ ownerId, assignedBy: 'hand', updatedAt: sql`now()` })
      .where(eq(crmLeads.id, leadId))
      .returning({ id: crmLeads.id, orgId: crmLeads.orgId })
    if (!row) return { ok: false, status: 404, fieldErrors: {} }
    await writeAudit(tx, actor, {
      action: 'crm_lead.saved',
      entity: 'crm_lead',
      entityId: leadId,
      orgId: row.orgId,
      details: { ownerId, assignedBy: 'hand' },
    })
    return { ok: true, id: leadId }
  })
}

export async function listStages() {
  return db
    .select({
      id: crmStages.id,
      code: crmStages.code,
      nameRu: crmStages.nameRu,
      nameEn: crmStages.nameEn,
      probabilityBp: crmStages.probabilityBp,
      outcome: crmStages.outcome,
    })
    .from(crmStages)
    .orderBy(asc(crmStages.position))
}

const sortColumns: Record<PipelineQueryInput['sort'], SQL> = {
  company: sql`l.company_name`,
  stage: sql`s.position`,
  expected: sql`coalesce(l.expected_minor, 0)`,
  weighted: sql`coalesce(l.expected_minor, 0) * s.probability_bp`,
  owner: sql`u.display_name`,
  created: sql`l.created_at`,
}

export interface LeadListItem {
  id: string
  companyName: string
  source: LeadSource
  stageCode: string
  probabilityBp: number
  expectedMinor: number | null
  weightedMinor: number
  ownerId: string | null
  ownerName: string | null
  assignedBy: 'region' | 'hand' | null
  region: string | null
  createdAt: string
}

/** The pipeline's leads, filtered by owner and source, in the order asked. Staff only (leads are not a dealer's). */
export async function listLeads({ query }: { scope: AnyScope; query: PipelineQueryInput }): Promise<LeadListItem[]> {
  const where: SQL[] = [sql`true`]
  if (query.owner) where.push(sql`l.owner_id = ${query.owner}::uuid`)
  if (query.source) where.push(sql`l.source = ${query.source}`)
  const dir = query.dir === 'asc' ? sql`asc` : sql`desc`
  const rows = rowsOf<{
    id: string
    company_name: string
    source: LeadSource
    code: string
    probability_bp: number
    expected_minor: string | number | null
    owner_id: string | null
    owner_name: string | null
    assigned_by: 'region' | 'hand' | null
    region: string | null
    created_at: string | Date
  }>(
    await db.execute(sql`select l.id, l.company_name, l.source, s.code, s.probability_bp, l.expected_minor, l.owner_id,
        u.display_name as owner_name, l.assigned_by, l.region, l.created_at
      from crm_leads l join crm_stages s on s.id = l.stage_id left join users u on u.id = l.owner_id
      where ${sql.join(where, sql` and `)}
      order by ${sortColumns[query.sort]} ${dir} nulls last, l.id
      limit 2000`),
  )
  return rows.map((r) => {
    const expected = r.expected_minor === null ? null : Number(r.expected_minor)
    return {
      id: r.id,
      companyName: r.company_name,
      source: r.source,
      stageCode: r.code,
      probabilityBp: r.probability_bp,
      expectedMinor: expected,
      weightedMinor: weightedMinor(expected, r.probability_bp),
      ownerId: r.owner_id,
      ownerName: r.owner_name,
      assignedBy: r.assigned_by,
      region: r.region,
      createdAt: new Date(r.created_at).toISOString(),
    }
  })
}

export async function leadsCsv({ scope, query, locale }: { scope: AnyScope; query: PipelineQueryInput; locale: Locale }) {
  const [leads, stages] = await Promise.all([listLeads({ scope, query }), listStages()])
  const name = new Map(stages.map((s) => [s.code, locale === 'ru' ? s.nameRu : s.nameEn]))
  const t = (k: Parameters<typeof translate>[1]) => translate(locale, k)
  return toCsv(
    [
      t('crm.pipeline.col.company'),
      t('crm.pipeline.col.source'),
      t('crm.pipeline.col.stage'),
      t('crm.pipeline.col.probability'),
      t('crm.pipeline.col.expected'),
      t('crm.pipeline.col.weighted'),
      t('crm.pipeline.col.owner'),
      t('crm.pipeline.col.region'),
      t('crm.pipeline.col.created'),
    ],
    leads.map((l) => [
      l.companyName,
      t(`crm.pipeline.source.${l.source}`),
      name.get(l.stageCode) ?? l.stageCode,
      l.probabilityBp / 100,
      l.expectedMinor === null ? '' : l.expectedMinor / 100,
      l.weightedMinor / 100,
      l.ownerName ?? '',
      regionLabel(locale, l.region),
      formatSheetDay(locale, l.createdAt.slice(0, 10)),
    ]),
    locale,
  )
}

export async function getLead({ leadId }: { scope: AnyScope; leadId: string }) {
  const [lead] = rowsOf<{
    id: string
    source: LeadSource
    source_id: string | null
    org_id: string | null
    org_name: string | null
    company_name: string
    inn: string | null
    region: string | null
    contact_name: string
    phone: string | null
    email: string | null
    code: string
    probability_bp: number
    owner_id: string | null
    owner_name: string | null
    assigned_by: 'region' | 'hand' | null
    expected_minor: string | number | null
    lost_reason: string | null
    notes: string
    created_at: string | Date
    closed_at: string | Date | null
  }>(
    await db.execute(sql`select l.*, s.code, s.probability_bp, u.display_name as owner_name, o.short_name as org_name
      from crm_leads l join crm_stages s on s.id = l.stage_id left join users u on u.id = l.owner_id
      left join organisations o on o.id = l.org_id where l.id = ${leadId}::uuid`),
  )
  if (!lead) return null
  const history = rowsOf<{ from_code: string | null; to_code: string; at: string | Date; actor: string | null }>(
    await db.execute(sql`select f.code as from_code, t.code as to_code, c.at, u.display_name as actor
      from crm_lead_stage_changes c join crm_stages t on t.id = c.to_stage_id left join crm_stages f on f.id = c.from_stage_id
      left join users u on u.id = c.actor_id where c.lead_id = ${leadId}::uuid order by c.at, c.id`),
  )
  const expected = lead.expected_minor === null ? null : Number(lead.expected_minor)
  return {
    id: lead.id,
    source: lead.source,
    orgId: lead.org_id,
    orgName: lead.org_name,
    companyName: lead.company_name,
    inn: lead.inn,
    region: lead.region,
    contactName: lead.contact_name,
    phone: lead.phone,
    email: lead.email,
    stageCode: lead.code,
    probabilityBp: lead.probability_bp,
    ownerId: lead.owner_id,
    ownerName: lead.owner_name,
    assignedBy: lead.assigned_by,
    expectedMinor: expected,
    weightedMinor: weightedMinor(expected, lead.probability_bp),
    lostReason: lead.lost_reason,
    notes: lead.notes,
    createdAt: new Date(lead.created_at).toISOString(),
    closedAt: lead.closed_at ? new Date(lead.closed_at).toISOString() : null,
    history: history.map((h) => ({ from: h.from_code, to: h.to_code, at: new Date(h.at).toISOString(), actor: h.actor })),
  }
}

export async function listRegionOwners() {
  return db
    .select({ region: crmRegionOwners.region, ownerId: crmRegionOwners.ownerId, ownerName: users.displayName })
    .from(crmRegionOwners)
    .innerJoin(users, eq(users.id, crmRegionOwners.ownerId))
    .orderBy(asc(crmRegionOwners.region))
}

/**
 * Sets or removes a region's owner (new leads from the region go to them; existing leads keep theirs). The form
 * sends a code to set; removal may name a region stored as text before the codes.
 */
export async function saveRegionOwner({
  actor,
  region,
  ownerId,
}: {
  scope: AnyScope
  actor: Actor
  region: string
  ownerId: string | null
}): Promise<LeadResult> {
  return db.transaction(async (tx): Promise<LeadResult> => {
    if (!ownerId) {
      await tx.delete(crmRegionOwners).where(eq(crmRegionOwners.region, region))
    } else {
      if (!(await isOwner(tx, ownerId))) return { ok: false, status: 400, fieldErrors: { ownerId: ['crm.pipeline.error.owner'] } }
      await tx
        .insert(crmRegionOwners)
        .values({ region, ownerId })
        .onConflictDoUpdate({ target: crmRegionOwners.region, set: { ownerId, updatedAt: sql`now()` } })
    }
    await writeAudit(tx, actor, { action: 'crm_account.assigned', entity: 'crm_region', entityId: null, details: { region, ownerId } })
    return { ok: true, id: region }
  })
}

/** Regions known to the portal (organisations and leads), for the region page's choice. */
export async function listKnownRegions() {
  const rows = rowsOf<{ region: string }>(
    await db.execute(sql`select distinct region from (select region from organisations where region is not null
      union select region from crm_leads where region is not null union select region from crm_region_owners) r order by region`),
  )
  return rows.map((r) => r.region)
}

export interface StageReportRow {
  code: string
  /** Completed stays in this stage (the lead moved on) in the period. */
  stays: number
  medianDays: number | null
  meanDays: number | null
  reached: number
}

/**
 * The sales-cycle report over the leads created in [from, to] (dates in the operator's calendar), computed in SQL:
 * days in each stage (completed stays only: from entering a stage to the next move), how many leads reached each
 * stage (or a later one: a lead moved from New straight to Proposal also "reached" Qualified), win rate
 * won / (won + lost), and reasons lost with counts.
 */
export async function getStageReport({ from, to }: { scope?: AnyScope; from: string; to: string }) {
  // Days are the operator's business days: a lead created at 00:30 Moscow time belongs to that day, not to the UTC one.
  const period = sql`l.created_at >= ${operatorDayStart(from)} and l.created_at < ${operatorDayStart(sql`(${to}::date + 1)`)}`
  const stayRows = rowsOf<{ code: string; stays: number; median_days: number | null; mean_days: number | null }>(
    await db.execute(sql`with stays as (
        select c.to_stage_id as stage_id,
          extract(epoch from (lead(c.at) over (partition by c.lead_id order by c.at, c.id) - c.at)) / 86400.0 as days
        from crm_lead_stage_changes c join crm_leads l on l.id = c.lead_id where ${period})
      select s.code, count(st.days)::int as stays,
        percentile_cont(0.5) within group (order by st.days) as median_days, avg(st.days)::float8 as mean_days
      from crm_stages s left join stays st on st.stage_id = s.id and st.days is not null
      where s.outcome = 'open' group by s.code, s.position order by s.position`),
  )
  const reachRows = rowsOf<{ code: string; reached: number }>(
    await db.execute(sql`with best as (
        select l.id, max(case when s.outcome = 'lost' then 0 else s.position end) as pos
        from crm_leads l join crm_lead_stage_changes c on c.lead_id = l.id join crm_stages s on s.id = c.to_stage_id
        where ${period} group by l.id)
      select s.code, count(b.id)::int as reached from crm_stages s left join best b on b.pos >= s.position
      where s.outcome <> 'lost' group by s.code, s.position order by s.position`),
  )
  const [outcome] = rowsOf<{ won: number; lost: number; open: number; total: number }>(
    await db.execute(sql`select count(*) filter (where s.outcome = 'won')::int as won,
        count(*) filter (where s.outcome = 'lost')::int as lost, count(*) filter (where s.outcome = 'open')::int as open,
        count(*)::int as total
      from crm_leads l join crm_stages s on s.id = l.stage_id where ${period}`),
  )
  const reasons = rowsOf<{ reason: string; n: number }>(
    await db.execute(sql`select lower(trim(l.lost_reason)) as reason, count(*)::int as n
      from crm_leads l join crm_stages s on s.id = l.stage_id
      where s.outcome = 'lost' and l.lost_reason is not null and ${period}
      group by 1 order by n desc, reason limit 20`),
  )
  const reach = new Map(reachRows.map((r) => [r.code, r.reached]))
  const stages: StageReportRow[] = stayRows.map((r) => ({
    code: r.code,
    stays: r.stays,
    medianDays: r.median_days === null ? null : Math.round(Number(r.median_days) * 10) / 10,
    meanDays: r.mean_days === null ? null : Math.round(Number(r.mean_days) * 10) / 10,
    reached: reach.get(r.code) ?? 0,
  }))
  return {
    from,
    to,
    stages,
    conversions: conversions(reachRows.map((r) => ({ code: r.code, reached: r.reached }))),
    won: outcome?.won ?? 0,
    lost: outcome?.lost ?? 0,
    open: outcome?.open ?? 0,
    total: outcome?.total ?? 0,
    winRateBp: winRateBp(outcome?.won ?? 0, outcome?.lost ?? 0),
    reasons: reasons.map((r) => ({ reason: r.reason, count: r.n })),
  }
}
