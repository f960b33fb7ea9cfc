import { and, asc, eq, sql } from 'drizzle-orm'
import { db, type DbOrTx } from '../../../db/client.server'
import { rowsOf } from '../../../db/drivers.server'
import { crmAccounts, crmContacts, crmInteractions, crmTasks } from '../../../db/schema/crm'
import { writeAudit, type Actor } from '../audit/mutations.server'
import type { AnyScope } from '../auth/scope.server'
import { nextWorkingDayOnOrAfter } from '../delivery-terms/earliest-date'
import { ruCalendar } from '../delivery-terms/ru-calendar'
import { operatorTimeZone } from '../../utils/clock.server'
import { emailKey, phoneKey } from './contact-keys'
import type { ContactInput, InteractionInput } from './customer-schemas'
import { translate, type Locale, type MessageKey } from '../../i18n'
import { attachment, csvResponse, decimal, toCsv } from '../../utils/csv'
import { writeXlsx } from '../../utils/xlsx.server'
import { regionCodes, regionLabel, type RegionCode } from '../prm/application-schemas'

// Customer 360 (issue 15): the customers the operator trades with (dealers and key accounts), who looks after each,
// its people, what staff said and promised (interactions and their next steps as tasks), and one timeline of what
// the portal already knows about it. Staff only: every function takes an AnyScope; the tables sit under row-level
// security too, so a dealer's request could not read them even through a forgotten guard.

export interface CustomerListRow {
  orgId: string
  name: string
  kind: string
  region: string | null
  ownerId: string | null
  ownerName: string | null
  lastOrderOn: string | null
  revenue12mMinor: number
  abc: string | null
  xyz: string | null
  openTasks: number
}

export type CustomerSort = 'name' | 'region' | 'owner' | 'lastOrder' | 'revenue' | 'abc'

const sortSql: Record<CustomerSort, string> = {
  name: 'name',
  region: 'region',
  owner: 'owner_name',
  lastOrder: 'last_order_on',
  revenue: 'revenue_12m',
  abc: 'abc',
}

/** Regions are stored as codes: sorting by region sorts by their names in the reader's language (legacy text as is). */
const regionNameSql = (locale: Locale) =>
  sql`case c.region ${sql.join(
    regionCodes.map((r) => sql`when ${r} then ${translate(locale, `region.${r}`)}`),
    sql` `,
  )} else c.region end`

/** Customers with their owner, last delivered order, 12-month revenue, latest classes and open tasks. */
export async function listCustomers({
  ownerId,
  q,
  region,
  sort = 'revenue',
  dir = 'desc',
  locale = 'ru',
}: {
  scope: AnyScope
  ownerId?: string | null
  q?: string
  region?: RegionCode
  sort?: CustomerSort
  dir?: 'asc' | 'desc'
  locale?: Locale
}): Promise<CustomerListRow[]> {
  const pattern = q ? `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      with run as (select id from crm_segment_runs order by created_at desc limit 1),
      sales as (
        select o.org_id, max(o.delivered_at) as last_at,
          coalesce(sum((ol.shipped_qty - ol.returned_qty) * ol.unit_price_minor) filter (where o.delivered_at >= now() - interval '12 months'), 0) as revenue
        from orders o join order_lines ol on ol.order_id = o.id where o.delivered_at is not null group by o.org_id
      )
      select c.id as org_id, c.short_name as name, c.kind, c.region, a.owner_id, u.display_name as owner_name,
        (s.last_at at time zone ${operatorTimeZone})::date::text as last_order_on, coalesce(s.revenue, 0)::bigint as revenue_12m,
        m.abc, m.xyz, (select count(*)::int from crm_tasks t where t.org_id = c.id and t.status = 'open') as open_tasks
      from organisations c
      left join crm_accounts a on a.org_id = c.id
      left join users u on u.id = a.owner_id
      left join sales s on s.org_id = c.id
      left join crm_segment_members m on m.org_id = c.id and m.run_id = (select id from run)
      where c.kind in ('dealer', 'key_account') and c.disabled_at is null
        ${ownerId ? sql`and a.owner_id = ${ownerId}::uuid` : sql``}
        ${pattern ? sql`and (c.short_name ilike ${pattern} or c.legal_name ilike ${pattern} or c.inn like ${pattern})` : sql``}
        ${region ? sql`and c.region = ${region}` : sql``}
      order by ${sort === 'region' ? regionNameSql(locale) : sql.raw(sortSql[sort])} ${sql.raw(dir === 'asc' ? 'asc' : 'desc')} nulls last, c.short_name
      limit 500`),
  )
  return rows.map((r) => ({
    orgId: r.org_id as string,
    name: r.name as string,
    kind: r.kind as string,
    region: (r.region as string | null) ?? null,
    ownerId: (r.owner_id as string | null) ?? null,
    ownerName: (r.owner_name as string | null) ?? null,
    lastOrderOn: (r.last_order_on as string | null) ?? null,
    revenue12mMinor: Number(r.revenue_12m),
    abc: (r.abc as string | null) ?? null,
    xyz: (r.xyz as string | null) ?? null,
    openTasks: Number(r.open_tasks),
  }))
}

/** The operator's people who may own customers (CRM staff). */
export async function listCrmStaff(tx: DbOrTx = db) {
  return rowsOf<{ id: string; name: string }>(
    await tx.execute(sql`
      select distinct u.id, u.display_name as name from users u
      join memberships m on m.user_id = u.id and m.accepted_at is not null
      join organisations o on o.id = m.org_id and o.kind = 'operator'
      where m.role in ('operator_admin', 'sales_manager', 'partner_manager') and u.disabled_at is null
      order by u.display_name`),
  )
}

export interface ContactView {
  id: string
  fullName: string
  position: string
  phone: string | null
  email: string | null
  locale: 'ru' | 'en'
  consent: boolean
  consentGivenAt: string | null
  consentWithdrawnAt: string | null
  userId: string | null
  updatedAt: string
  updatedByName: string | null
}

export async function listContacts({ orgId }: { scope: AnyScope; orgId: string }): Promise<ContactView[]> {
  const rows = await db
    .select({
      id: crmContacts.id,
      fullName: crmContacts.fullName,
      position: crmContacts.position,
      phone: crmContacts.phone,
      email: crmContacts.email,
      locale: crmContacts.locale,
      consentGivenAt: crmContacts.consentGivenAt,
      consentWithdrawnAt: crmContacts.consentWithdrawnAt,
      userId: crmContacts.userId,
      updatedAt: crmContacts.updatedAt,
      updatedByName: sql<string | null>`(select display_name from users u where u.id = ${crmContacts.updatedBy})`,
    })
    .from(crmContacts)
    .where(eq(crmContacts.orgId, orgId))
    .orderBy(asc(crmContacts.fullName))
  return rows.map((r) => ({
    ...r,
    consent: !!r.consentGivenAt && !r.consentWithdrawnAt,
    consentGivenAt: r.consentGivenAt?.toISOString() ?? null,
    consentWithdrawnAt: r.consentWithdrawnAt?.toISOString() ?? null,
    updatedAt: r.updatedAt.toISOString(),
  }))
}

export type SaveOutcome = { ok: true; id: string } | { ok: false; fieldErrors: Record<string, string[]> }

/** Adds or changes a contact (who and when recorded); a consent change is its own audit entry. One transaction. */
export async function saveContact({
  actor,
  orgId,
  input,
}: {
  scope: AnyScope
  actor: Actor
  orgId: string
  input: ContactInput
}): Promise<SaveOutcome> {
  return db.transaction(async (tx) => {
    const values = {
      fullName: input.fullName,
      position: input.position,
      phone: input.phone || null,
      phoneKey: phoneKey(input.phone),
      email: input.email || null,
      emailKey: emailKey(input.email),
      locale: input.locale,
      updatedBy: actor.userId,
      updatedAt: new Date(),
    }
    let id: string
    let consentChanged: boolean
    if (input.contactId) {
      const [before] = await tx
        .select({ given: crmContacts.consentGivenAt, withdrawn: crmContacts.consentWithdrawnAt })
        .from(crmContacts)
        .where(and(eq(crmContacts.id, input.contactId), eq(crmContacts.orgId, orgId)))
        .for('update')
      if (!before) return { ok: false as const, fieldErrors: { fullName: ['crm.form.contactGone'] } }
      const had = !!before.given && !before.withdrawn
      consentChanged = had !== input.consent
      await tx
        .update(crmContacts)
        .set({
          ...values,
          ...(consentChanged ? (input.consent ? { consentGivenAt: new Date(), consentWithdrawnAt: null } : { consentWithdrawnAt: new Date() }) : {}),
        })
        .where(eq(crmContacts.id, input.contactId))
      id = input.contactId
    } else {
      const [row] = await tx
        .insert(crmContacts)
        .values({ ...values, orgId, createdBy: actor.userId, consentGivenAt: input.consent ? new Date() : null })
        .returning({ id: crmContacts.id })
      id = row.id
      consentChanged = input.consent
    }
    await writeAudit(tx, actor, { action: 'crm_contact.saved', entity: 'crm_contact', entityId: id, orgId, details: { name: input.fullName } })
    if (consentChanged)
      await writeAudit(tx, actor, {
        action: 'crm_contact.consent',
        entity: 'crm_contact',
        entityId: id,
        orgId,
        details: { consent: input.consent ? 'given' : 'withdrawn' },
      })
    return { ok: true as const, id }
  })
}

export type LogOutcome =
  | { ok: true; interactionId: string; taskId: string | null; dueOn: string | null; movedFrom: string | null }
  | { ok: false; fieldErrors: Record<string, string[]> }

/**
 * Logs a call, meeting, e-mail or visit; its next step becomes a task for the person who logged it, due on a working
 * day (a weekend or holiday moves to the next working day, and the task says so). One transaction.
 */
export async function logInteraction({
  actor,
  orgId,
  input,
}: {
  scope: AnyScope
  actor: Actor & { userId: string }
  orgId: string
  input: InteractionInput
}): Promise<LogOutcome> {
  return db.transaction(async (tx) => {
    if (input.contactId) {
      const [c] = await tx
        .select({ id: crmContacts.id })
        .from(crmContacts)
        .where(and(eq(crmContacts.id, input.contactId), eq(crmContacts.orgId, orgId)))
      if (!c) return { ok: false as const, fieldErrors: { contactId: ['crm.form.contactGone'] } }
    }
    const [interaction] = await tx
      .insert(crmInteractions)
      .values({
        orgId,
        contactId: input.contactId ?? null,
        kind: input.kind,
        occurredAt: sql`((${input.occurredOn}::date + time '12:00')::timestamp at time zone ${operatorTimeZone})` as unknown as Date,
        subject: input.subject,
        notes: input.notes,
        outcome: input.outcome,
        nextStep: input.nextStep,
        staffId: actor.userId,
      })
      .returning({ id: crmInteractions.id })
    await writeAudit(tx, actor, {
      action: 'crm_interaction.logged',
      entity: 'crm_interaction',
      entityId: interaction.id,
      orgId,
      details: { subject: input.subject },
    })
    if (!input.nextStep || !input.nextStepDue) return { ok: true as const, interactionId: interaction.id, taskId: null, dueOn: null, movedFrom: null }
    const dueOn = nextWorkingDayOnOrAfter(input.nextStepDue, ruCalendar)
    const [task] = await tx
      .insert(crmTasks)
      .values({
        orgId,
        contactId: input.contactId ?? null,
        interactionId: interaction.id,
        assigneeId: actor.userId,
        title: input.nextStep.slice(0, 200),
        notes: dueOn !== input.nextStepDue ? `moved:${input.nextStepDue}` : '',
        dueOn,
        createdBy: actor.userId,
      })
      .returning({ id: crmTasks.id })
    await writeAudit(tx, actor, {
      action: 'crm_task.saved',
      entity: 'crm_task',
      entityId: task.id,
      orgId,
      details: { title: input.nextStep.slice(0, 200) },
    })
    return {
      ok: true as const,
      interactionId: interaction.id,
      taskId: task.id,
      dueOn,
      movedFrom: dueOn !== input.nextStepDue ? input.nextStepDue : null,
    }
  })
}

/** Assigns the customer's owner by hand (audited). */
export async function assignOwner({ actor, orgId, ownerId }: { scope: AnyScope; actor: Actor; orgId: string; ownerId: string | null }) {
  return db.transaction(async (tx) => {
    if (ownerId && !(await listCrmStaff(tx)).some((s) => s.id === ownerId)) return { ok: false as const }
    await tx
      .insert(crmAccounts)
      .values({ orgId, ownerId, updatedBy: actor.userId })
      .onConflictDoUpdate({ target: crmAccounts.orgId, set: { ownerId, updatedBy: actor.userId, updatedAt: new Date() } })
    const owner = ownerId ? (await listCrmStaff(tx)).find((s) => s.id === ownerId)?.name : '—'
    await writeAudit(tx, actor, { action: 'crm_account.assigned', entity: 'organisation', entityId: orgId, orgId, details: { owner: owner ?? '—' } })
    return { ok: true as const }
  })
}

export async function getOwner({ orgId }: { scope: AnyScope; orgId: string }) {
  const [row] = rowsOf<{ owner_id: string | null; owner_name: string | null; updated_at: string | null; updated_by: string | null }>(
    await db.execute(sql`
      select a.owner_id, u.display_name as owner_name, a.updated_at::text, b.display_name as updated_by
      from crm_accounts a left join users u on u.id = a.owner_id left join users b on b.id = a.updated_by where a.org_id = ${orgId}::uuid`),
  )
  return row ? { ownerId: row.owner_id, ownerName: row.owner_name } : { ownerId: null, ownerName: null }
}

export type TimelineKind = 'order' | 'interaction' | 'task' | 'edi' | 'tier' | 'deal' | 'survey'

export interface TimelineEntry {
  kind: TimelineKind
  at: string
  /** A catalog key's parameters: what happened, in figures. */
  title: string
  /** Catalog keys of what happened (status, kind, reason), for the reader's language. */
  detailKeys: string[]
  /** Free text beside them: an interaction's outcome, a deal's end customer. */
  note: string
  amountMinor: number | null
  link: string | null
}

/**
 * Everything the portal knows about the customer, newest first: orders, EDI messages, tier changes, registered
 * deals, staff interactions and tasks done, survey answers. Service requests join here when issue 16 adds them.
 */
export async function customerTimeline({ orgId, limit = 50 }: { scope: AnyScope; orgId: string; limit?: number }): Promise<TimelineEntry[]> {
  // What happened comes back as catalog keys (a status, a kind, a reason), translated by the page, and free text
  // apart (an outcome, an end customer): raw codes such as "delivered" were shown to Russian readers as they were.
  const rows = rowsOf<{
    kind: TimelineKind
    at: string
    title: string
    k1: string | null
    k2: string | null
    note: string | null
    amount: string | null
    link: string | null
  }>(
    await db.execute(sql`
      (select 'order' as kind, placed_at as at, number as title, 'orderStatus.' || status::text as k1, null::text as k2, null::text as note,
          net_minor::text as amount, '/desk/orders/' || id as link
        from orders where org_id = ${orgId}::uuid order by placed_at desc limit ${limit})
      union all
      (select 'interaction', occurred_at, subject, 'crm.interaction.' || kind, null, nullif(outcome, ''), null, null
        from crm_interactions where org_id = ${orgId}::uuid order by occurred_at desc limit ${limit})
      union all
      (select 'task', done_at, title, 'crm.task.status.' || status, null, null, null, null
        from crm_tasks where org_id = ${orgId}::uuid and done_at is not null order by done_at desc limit ${limit})
      union all
      (select 'edi', created_at, message_type || coalesce(' ' || document_number, ''), 'edi.direction.' || direction, 'edi.status.' || status, null, null,
          '/desk/edi/documents/' || id
        from edi_documents where org_id = ${orgId}::uuid order by created_at desc limit ${limit})
      union all
      (select 'tier', c.at, t.name_ru || '|' || t.name_en, 'tier.reason.' || c.reason, null, null, null, null
        from tier_changes c join programme_tiers t on t.id = c.to_tier_id where c.org_id = ${orgId}::uuid order by c.at desc limit ${limit})
      union all
      (select 'deal', created_at, number, 'dealStatus.' || status::text, null, end_customer_name, expected_value_minor::text, '/desk/partners/deals/' || id
        from deal_registrations where org_id = ${orgId}::uuid order by created_at desc limit ${limit})
      union all
      (select 'survey', submitted_at, 'SERVQUAL', null, null, null, null, null
        from crm_survey_responses where org_id = ${orgId}::uuid order by submitted_at desc limit ${limit})
      order by at desc limit ${limit}`),
  )
  return rows.map((r) => ({
    kind: r.kind,
    at: new Date(r.at).toISOString(),
    title: r.title,
    detailKeys: [r.k1, r.k2].filter((k): k is string => !!k),
    note: r.note ?? '',
    amountMinor: r.amount === null ? null : Number(r.amount),
    link: r.link,
  }))
}

export const customerSorts: readonly CustomerSort[] = ['name', 'region', 'owner', 'lastOrder', 'revenue', 'abc']

/** The customers list as a sheet, in the reader's language (CSV dialect or XLSX). */
export async function customersExport(input: Parameters<typeof listCustomers>[0] & { locale: Locale; format: 'csv' | 'xlsx' }) {
  const rows = await listCustomers(input)
  const columns: MessageKey[] = [
    'crm.customers.col.name',
    'crm.customers.col.kind',
    'crm.customers.col.region',
    'crm.customers.col.owner',
    'crm.customers.col.lastOrder',
    'crm.customers.col.revenue',
    'crm.customers.col.class',
    'crm.customers.col.tasks',
  ]
  const header = columns.map((k) => translate(input.locale, k))
  const kind = (k: string): MessageKey => (k === 'dealer' ? 'crm.customers.kind.dealer' : 'crm.customers.kind.key_account')
  const cells = rows.map((r) => [
    r.name,
    translate(input.locale, kind(r.kind)),
    regionLabel(input.locale, r.region) || null,
    r.ownerName,
    r.lastOrderOn,
    r.revenue12mMinor / 100,
    r.abc ? `${r.abc}${r.xyz ?? ''}` : null,
    r.openTasks,
  ])
  return input.format === 'csv'
    ? csvResponse(
        'customers.csv',
        toCsv(
          header,
          cells.map((r) => r.map((v, i) => (i === 5 ? decimal(v as number) : v))),
          input.locale,
        ),
      )
    : attachment(writeXlsx('Customers', header, cells), 'customers.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
}
