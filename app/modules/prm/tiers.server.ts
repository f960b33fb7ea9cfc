import { randomUUID } from 'node:crypto'
import { and, asc, desc, eq, sql } from 'drizzle-orm'
import { db, type DbOrTx, type Tx } from '../../../db/client.server'
import { rowsOf } from '../../../db/drivers.server'
import {
  partnerCertifications,
  partnerProgrammes,
  partnerTargets,
  programmeMembers,
  programmeTiers,
  tierChanges,
  tierEvaluations,
  type TierBenefits,
  type TierCriterion,
} from '../../../db/schema/prm'
import type { Actor } from '../audit/mutations.server'
import { systemActor, writeAudit, writeAudits } from '../audit/mutations.server'
import { inScope, type AnyScope, type Scope } from '../auth/scope.server'
import { notifyAll, type Notice } from '../notifications/mutations.server'
import { scheduleDealerGroups } from '../tenancy/mutations.server'
import { logger } from '../../utils/logger.server'
import { businessClock, operatorDayStart, operatorTimeZone } from '../../utils/clock.server'
import {
  addDays,
  addMonths,
  decide,
  lineKinds,
  measureKey,
  qualify,
  type ChangeReason,
  type Measures,
  type MemberState,
  type RuleTier,
} from './tier-rules'

// Tier evaluation (issue 13 "Tiers"): every member's measures in ONE statement, then the pure rules of
// tier-rules.ts decide; each evaluation is stored with its measures, each change in the history with its reason,
// the tier's price group scheduled from the change's day (tenancy's scheduleDealerGroup), the dealer's admins told.

export type ProgrammeTier = RuleTier & { nameRu: string; nameEn: string; benefits: TierBenefits }
export type Programme = typeof partnerProgrammes.$inferSelect & { tiers: ProgrammeTier[] }

/** The programme (the first active one, or the one named) with its tiers by rank. */
export async function loadProgramme(tx: DbOrTx = db, programmeId?: string): Promise<Programme | null> {
  const [programme] = await tx
    .select()
    .from(partnerProgrammes)
    .where(programmeId ? eq(partnerProgrammes.id, programmeId) : eq(partnerProgrammes.active, true))
    .orderBy(asc(partnerProgrammes.createdAt))
    .limit(1)
  if (!programme) return null
  const tiers = await tx.select().from(programmeTiers).where(eq(programmeTiers.programmeId, programme.id)).orderBy(asc(programmeTiers.rank))
  return { ...programme, tiers }
}

const uuidList = (ids: readonly string[]) =>
  sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  )

/**
 * Every member's measures as of a day, in one statement: delivered revenue net of returns over the trailing 12
 * months and the 12 before (growth in basis points; no revenue before counts as +100 %), delivered orders, months
 * with a delivery, certified staff not expired, unpaid invoices past their due day (amount and the oldest's days).
 * Line measures are computed once per distinct category set the criteria name.
 */
export async function computeMeasures(
  tx: DbOrTx,
  input: { programmeId: string; criteria: readonly TierCriterion[]; asOf: string; orgId?: string },
): Promise<Map<string, Measures>> {
  const { asOf } = input
  const sets = new Map<string, string[]>([['', []]])
  for (const c of input.criteria)
    if (lineKinds.includes(c.kind) && c.categoryIds?.length) {
      const ids = [...new Set(c.categoryIds)].sort()
      sets.set(ids.join(','), ids)
    }
  const from12 = operatorDayStart(addDays(addMonths(asOf, -12), 1))
  const from24 = operatorDayStart(addDays(addMonths(asOf, -24), 1))
  const until = operatorDayStart(addDays(asOf, 1))
  // Revenue by one pass over the lines grouped by dealer (as cheap as the bare aggregate); orders and active months
  // from the orders alone; only criteria narrowed to categories need the orders that hold such lines, and only those
  // lines are grouped by order. A distinct count over every line would sort all of them.
  const setList = [...sets.entries()]
  const named = setList.map(([, ids], i) => ({ ids, i })).filter(({ ids }) => ids.length)
  const amount = sql`(ol.shipped_qty - ol.returned_qty)::bigint * ol.unit_price_minor`
  const inSet = (ids: string[]) => (ids.length ? sql` and p.category_id in (${uuidList(ids)})` : sql``)
  const col = (name: string, i: number) => sql.raw(`${name}_${i}`)
  const sums = setList.flatMap(([, ids], i) => [
    sql`coalesce(sum(${amount}) filter (where o.delivered_at >= ${from12}${inSet(ids)}), 0)::float8 as ${col('rev', i)}`,
    sql`coalesce(sum(${amount}) filter (where o.delivered_at < ${from12}${inSet(ids)}), 0)::float8 as ${col('prev', i)}`,
  ])
  const month = sql`width_bucket(o.delivered_at, (select starts from month_starts))`
  const products = named.length ? sql`join products p on p.id = ol.product_id` : sql``
  const members = sql`o.org_id in (select org_id from members)`
  const setCounts = named.length
    ? sql`,
      set_orders as (
        select o.org_id, ${month} as month, ${sql.join(
          named.map(({ ids, i }) => sql`bool_or(p.category_id in (${uuidList(ids)})) as ${col('has', i)}`),
          sql`, `,
        )}
        from orders o join order_lines ol on ol.order_id = o.id join products p on p.id = ol.product_id
        where ${members} and o.delivered_at >= ${from12} and o.delivered_at < ${until}
          and p.category_id in (${uuidList(named.flatMap(({ ids }) => ids))})
        group by o.id
      ),
      set_counts as (
        select org_id, ${sql.join(
          named.flatMap(({ i }) => [
            sql`count(*) filter (where ${col('has', i)})::int as ${col('cnt', i)}`,
            sql`count(distinct month) filter (where ${col('has', i)})::int as ${col('act', i)}`,
          ]),
          sql`, `,
        )}
        from set_orders group by org_id
      )`
    : sql``
  const orgFilter = input.orgId ? sql` and pm.org_id = ${input.orgId}::uuid` : sql``
  // The row-level security tests (current_setting() against each row's org_id) leave the planner guessing a few
  // hundred of the window's orders, so it picks index nested loops and sorts over what is in truth most of the order
  // lines; this statement reads nearly all of them, so hash joins and hash aggregates are right whatever the guess.
  // Local to the transaction, and restored after the statement. JIT goes too: the sorts a distinct count still needs
  // are priced as "disabled", which PostgreSQL's JIT reads as a query worth a second of compiling.
  const planner = (value: 'on' | 'off') =>
    tx.execute(
      sql`select set_config('enable_nestloop', ${value}, true), set_config('enable_sort', ${value}, true), set_config('jit', ${value}, true)`,
    )
  await planner('off')
  const rows = rowsOf<Record<string, number | string | null>>(
    await tx.execute(sql`
      with members as (select pm.org_id from programme_members pm where pm.programme_id = ${input.programmeId}::uuid${orgFilter}),
      -- The month of the operator's calendar by a bucket search over precomputed month starts: converting each
      -- order's time to the operator's zone costs more (PGlite's time-zone conversion is per row and slow).
      month_starts as (
        select array_agg((date_trunc('month', ${asOf}::date - make_interval(months => k)))::timestamp at time zone ${operatorTimeZone} order by k desc) as starts
        from generate_series(0, 24) k
      ),
      line_sums as (
        select o.org_id, ${sql.join(sums, sql`, `)}
        from orders o join order_lines ol on ol.order_id = o.id ${products}
        where ${members} and o.delivered_at >= ${from24} and o.delivered_at < ${until}
        group by o.org_id
      ),
      order_counts as (
        select o.org_id, count(*)::int as cnt_0, count(distinct ${month})::int as act_0
        from orders o
        where ${members} and o.delivered_at >= ${from12} and o.delivered_at < ${until}
        group by o.org_id
      )${setCounts},
      certified as (
        select c.org_id, count(*)::int as n from partner_certifications c
        where c.org_id in (select org_id from members) and c.completed_on <= ${asOf}::date
          and (c.expires_on is null or c.expires_on >= ${asOf}::date)
        group by c.org_id
      ),
      overdue as (
        select i.org_id, sum(i.amount_minor - i.paid_minor)::float8 as amount, max(${asOf}::date - i.due_on)::int as days
        from invoices i
        where i.org_id in (select org_id from members) and i.paid_minor < i.amount_minor and i.due_on < ${asOf}::date
        group by i.org_id
      )
      select m.org_id, ls.*, oc.cnt_0, oc.act_0${named.length ? sql`, sc.*` : sql``}, coalesce(c.n, 0) as certified,
        coalesce(od.amount, 0) as overdue_amount, coalesce(od.days, 0) as overdue_days,
        -- Last and by its own name: the joined parts' org_id columns are null for a member with no orders.
        m.org_id as member_id
      from members m
      left join line_sums ls on ls.org_id = m.org_id
      left join order_counts oc on oc.org_id = m.org_id
      ${named.length ? sql`left join set_counts sc on sc.org_id = m.org_id` : sql``}
      left join certified c on c.org_id = m.org_id
      left join overdue od on od.org_id = m.org_id`),
  )
  await planner('on')
  const out = new Map<string, Measures>()
  for (const r of rows) {
    const n = (name: string) => Number(r[name] ?? 0)
    const measures: Measures = { certified_staff: n('certified'), overdue_amount: n('overdue_amount'), overdue_days: n('overdue_days') }
    setList.forEach(([, ids], i) => {
      const key = (kind: TierCriterion['kind']) => measureKey({ kind, categoryIds: ids })
      const rev = n(`rev_${i}`)
      const prev = n(`prev_${i}`)
      measures[key('revenue_12m')] = rev
      measures[key('growth_12m')] = prev > 0 ? Math.round(((rev - prev) * 10_000) / prev) : rev > 0 ? 10_000 : 0
      measures[key('order_count_12m')] = n(`cnt_${i}`)
      measures[key('active_months_12m')] = n(`act_${i}`)
    })
    out.set(String(r.member_id), measures)
  }
  return out
}

export type EvaluationSummary = {
  evaluated: number
  promoted: number
  demoted: number
  graceStarted: number
  graceCleared: number
  unchanged: number
  asOf: string
}

const noticeReasonKey = (reason: ChangeReason) => `tier.reason.${reason}` as const

type TierChangeInput = {
  orgId: string
  change: { reason: ChangeReason | 'override'; fromTierId: string | null; toTierId: string; effectiveFrom: string }
  note?: string
  evaluationId: string | null
  graceUntil?: string | null
}

/**
 * Writes tier changes with what follows each: its history row, the new tier's price group from the change's day
 * (only a change of the tier held moves it; grace events keep it), the audit entry and the dealer admins' notice.
 * A fixed number of statements however many dealers move: the first evaluation of a programme promotes hundreds.
 */
async function applyChanges(
  tx: Tx,
  input: { programmeId: string; tiers: readonly ProgrammeTier[]; actor: Actor; changes: readonly TierChangeInput[] },
) {
  if (!input.changes.length) return
  const rows = input.changes.map(({ orgId, change, note, evaluationId }) => ({
    id: randomUUID(),
    programmeId: input.programmeId,
    orgId,
    fromTierId: change.fromTierId,
    toTierId: change.toTierId,
    reason: change.reason,
    note: note ?? '',
    effectiveFrom: change.effectiveFrom,
    evaluationId,
    actorId: input.actor.userId,
  }))
  for (let i = 0; i < rows.length; i += 1000) await tx.insert(tierChanges).values(rows.slice(i, i + 1000))
  const tierOf = (id: string) => input.tiers.find((t) => t.id === id)
  await scheduleDealerGroups(
    tx,
    rows.flatMap((row) =>
      row.fromTierId !== row.toTierId
        ? [
            {
              orgId: row.orgId,
              dealerGroup: tierOf(row.toTierId)?.benefits.dealerGroup ?? null,
              effectiveFrom: row.effectiveFrom,
              source: `tier:${row.id}`,
            },
          ]
        : [],
    ),
  )
  await writeAudits(
    tx,
    input.actor,
    rows.map((row) => ({
      action: row.reason === 'override' ? 'tier.overridden' : 'tier.changed',
      entity: 'organisation',
      entityId: row.orgId,
      orgId: row.orgId,
      details: { reason: row.reason, fromTierId: row.fromTierId, toTierId: row.toTierId, effectiveFrom: row.effectiveFrom, note: row.note },
    })),
  )
  await notifyAll(
    tx,
    input.changes.map(({ orgId, change, graceUntil }): Notice => {
      // Both names: each reader's notice (and mail) shows the tier in their own language (render.ts, `…Ru`/`…En` pairs).
      const to = tierOf(change.toTierId)
      const tier = { tierRu: to?.nameRu ?? '', tierEn: to?.nameEn ?? '' }
      const common = { to: { orgId, roles: ['dealer_admin'] as const }, link: '/programme', orgId, mail: true }
      return change.reason === 'grace_started'
        ? { ...common, kind: 'tierGrace', params: { ...tier, graceUntilOn: graceUntil ?? change.effectiveFrom } }
        : { ...common, kind: 'tierChanged', params: { ...tier, reasonKey: noticeReasonKey(change.reason), effectiveOn: change.effectiveFrom } }
    }),
  )
}

/**
 * Evaluates one dealer or every member of the programme, in one transaction: one statement for the measures, then
 * per member its evaluation row, its new state and its history. Staff only (an any scope) or the monthly worker.
 */
export async function evaluateTiers(input: {
  scope: AnyScope | 'monthly-worker'
  actor: Actor
  programmeId?: string
  orgId?: string
  trigger: 'monthly' | 'on_demand'
}): Promise<EvaluationSummary | null> {
  return db.transaction(async (tx) => {
    const programme = await loadProgramme(tx, input.programmeId)
    if (!programme || !programme.tiers.length) return null
    const { today } = await businessClock(tx)
    const criteria = programme.tiers.flatMap((t) => t.criteria)
    const measures = await computeMeasures(tx, { programmeId: programme.id, criteria, asOf: today, orgId: input.orgId })
    const members = await tx
      .select()
      .from(programmeMembers)
      .where(and(eq(programmeMembers.programmeId, programme.id), input.orgId ? eq(programmeMembers.orgId, input.orgId) : undefined))
    const summary: EvaluationSummary = { evaluated: 0, promoted: 0, demoted: 0, graceStarted: 0, graceCleared: 0, unchanged: 0, asOf: today }
    // Decided in memory, written in a fixed number of statements whatever the member count (the evaluations in
    // one insert, the members in one update); only the members whose tier moves get their history rows one by one.
    const decided = members.map((member) => {
      const m = measures.get(member.orgId) ?? {}
      const { qualified } = qualify(programme.tiers, m)
      const state: MemberState = {
        tierId: member.tierId,
        graceTierId: member.graceTierId,
        graceUntil: member.graceUntil,
        overrideTierId: member.overrideTierId,
        overrideUntil: member.overrideUntil,
      }
      const decision = decide({
        tiers: programme.tiers,
        state,
        qualifiedTierId: qualified.id,
        today,
        graceMonths: programme.graceMonths,
        effectiveLagDays: programme.effectiveLagDays,
      })
      return { member, measures: m, qualifiedId: qualified.id, decision }
    })
    const evaluationIds = new Map<string, string>()
    for (let i = 0; i < decided.length; i += 1000) {
      const made = await tx
        .insert(tierEvaluations)
        .values(
          decided.slice(i, i + 1000).map((d) => ({
            programmeId: programme.id,
            orgId: d.member.orgId,
            asOf: today,
            qualifiedTierId: d.qualifiedId,
            resultTierId: d.decision.resultTierId,
            metrics: d.measures,
            trigger: input.trigger,
            actorId: input.actor.userId,
          })),
        )
        .returning({ id: tierEvaluations.id, orgId: tierEvaluations.orgId })
      for (const e of made) evaluationIds.set(e.orgId, e.id)
    }
    if (decided.length) {
      const rows = JSON.stringify(
        decided.map(({ member, decision: { state: s } }) => ({
          org_id: member.orgId,
          tier_id: s.tierId,
          since: s.tierId !== member.tierId ? today : member.since,
          grace_tier_id: s.graceTierId,
          grace_until: s.graceUntil,
          override_tier_id: s.overrideTierId,
          override_until: s.overrideUntil,
          keep_override: !!s.overrideTierId,
        })),
      )
      await tx.execute(sql`
        update programme_members m set tier_id = v.tier_id, since = v.since, grace_tier_id = v.grace_tier_id,
          grace_until = v.grace_until, override_tier_id = v.override_tier_id, override_until = v.override_until,
          override_reason = case when v.keep_override then m.override_reason end,
          override_by = case when v.keep_override then m.override_by end, last_evaluated_at = now()
        from jsonb_to_recordset(${rows}::jsonb) as v(org_id uuid, tier_id uuid, since date, grace_tier_id uuid, grace_until date,
          override_tier_id uuid, override_until date, keep_override boolean)
        where m.programme_id = ${programme.id}::uuid and m.org_id = v.org_id`)
    }
    await applyChanges(tx, {
      programmeId: programme.id,
      tiers: programme.tiers,
      actor: input.actor,
      changes: decided.flatMap(({ member, decision }) =>
        decision.changes.map((change) => ({
          orgId: member.orgId,
          change,
          evaluationId: evaluationIds.get(member.orgId)!,
          graceUntil: decision.state.graceUntil,
        })),
      ),
    })
    for (const { decision } of decided) {
      summary.evaluated++
      const reasons = decision.changes.map((c) => c.reason)
      if (reasons.includes('promoted')) summary.promoted++
      else if (reasons.includes('demoted')) summary.demoted++
      else if (reasons.includes('grace_started')) summary.graceStarted++
      else if (reasons.includes('grace_cleared')) summary.graceCleared++
      else summary.unchanged++
    }
    await writeAudit(tx, input.actor, {
      action: 'tier.evaluated',
      entity: 'partner_programme',
      entityId: programme.id,
      orgId: input.orgId ?? null,
      details: { ...summary, trigger: input.trigger },
    })
    return summary
  })
}

type OverrideResult = { ok: true } | { ok: false; fieldErrors: Record<string, string[]> }
export type OverrideInput = { tierId: string | null; reason: string; until: string | null }

/**
 * The partner manager's override: the dealer holds this tier whatever the evaluation says until `until` (or until
 * lifted: tierId null), with a written reason kept in the history. Effective (and its price group) today.
 */
export async function overrideTier(input: { scope: AnyScope; actor: Actor; orgId: string; override: OverrideInput }): Promise<OverrideResult> {
  return db.transaction(async (tx): Promise<OverrideResult> => {
    const programme = await loadProgramme(tx)
    if (!programme) return { ok: false as const, fieldErrors: { tierId: ['tier.error.noProgramme'] } }
    const [member] = await tx
      .select()
      .from(programmeMembers)
      .where(and(eq(programmeMembers.programmeId, programme.id), eq(programmeMembers.orgId, input.orgId)))
      .for('update')
    if (!member) return { ok: false as const, fieldErrors: { tierId: ['tier.error.notMember'] } }
    const { today } = await businessClock(tx)
    const { tierId, reason, until } = input.override
    if (until !== null && until < today) return { ok: false as const, fieldErrors: { until: ['tier.error.untilPast'] } }
    const held = member.overrideTierId ?? member.tierId
    if (tierId === null) {
      if (!member.overrideTierId) return { ok: false as const, fieldErrors: { tierId: ['tier.error.noOverride'] } }
      await tx
        .update(programmeMembers)
        .set({ tierId: member.overrideTierId, overrideTierId: null, overrideUntil: null, overrideReason: null, overrideBy: null })
        .where(and(eq(programmeMembers.programmeId, programme.id), eq(programmeMembers.orgId, input.orgId)))
      await applyChanges(tx, {
        programmeId: programme.id,
        tiers: programme.tiers,
        actor: input.actor,
        changes: [
          {
            orgId: input.orgId,
            change: { reason: 'override_lifted', fromTierId: held, toTierId: held, effectiveFrom: today },
            note: reason,
            evaluationId: null,
          },
        ],
      })
      return { ok: true as const }
    }
    if (!programme.tiers.some((t) => t.id === tierId)) return { ok: false as const, fieldErrors: { tierId: ['errors.chooseOne'] } }
    await tx
      .update(programmeMembers)
      .set({
        overrideTierId: tierId,
        overrideUntil: until,
        overrideReason: reason,
        overrideBy: input.actor.userId,
        graceTierId: null,
        graceUntil: null,
      })
      .where(and(eq(programmeMembers.programmeId, programme.id), eq(programmeMembers.orgId, input.orgId)))
    await applyChanges(tx, {
      programmeId: programme.id,
      tiers: programme.tiers,
      actor: input.actor,
      changes: [
        {
          orgId: input.orgId,
          change: { reason: 'override', fromTierId: held, toTierId: tierId, effectiveFrom: today },
          note: reason,
          evaluationId: null,
        },
      ],
    })
    return { ok: true as const }
  })
}

// ── Reads: one partner's tier as the dealer and the desk see it ──────────────────────────────────────────────

/** The dealer's membership, its latest evaluation and its history: only the scope's organisation's rows. */
export async function getPartnerTier({ scope, orgId }: { scope: Scope; orgId: string }) {
  const programme = await loadProgramme()
  if (!programme) return null
  const [member] = await db
    .select()
    .from(programmeMembers)
    .where(and(eq(programmeMembers.programmeId, programme.id), eq(programmeMembers.orgId, orgId), inScope(scope, programmeMembers.orgId)))
  if (!member) return { programme, member: null, evaluation: null, history: [] }
  const [evaluation] = await db
    .select()
    .from(tierEvaluations)
    .where(and(eq(tierEvaluations.programmeId, programme.id), eq(tierEvaluations.orgId, orgId), inScope(scope, tierEvaluations.orgId)))
    .orderBy(desc(tierEvaluations.at))
    .limit(1)
  const history = await db
    .select({
      id: tierChanges.id,
      fromTierId: tierChanges.fromTierId,
      toTierId: tierChanges.toTierId,
      reason: tierChanges.reason,
      note: tierChanges.note,
      effectiveFrom: tierChanges.effectiveFrom,
      at: tierChanges.at,
    })
    .from(tierChanges)
    .where(and(eq(tierChanges.programmeId, programme.id), eq(tierChanges.orgId, orgId), inScope(scope, tierChanges.orgId)))
    .orderBy(desc(tierChanges.at))
    .limit(50)
  return { programme, member, evaluation: evaluation ?? null, history }
}

/** Every member with its tier, for the desk's programme page. */
export async function listMembers({ scope, programmeId }: { scope: AnyScope; programmeId: string }) {
  void scope
  return db
    .select({
      orgId: programmeMembers.orgId,
      tierId: programmeMembers.tierId,
      graceUntil: programmeMembers.graceUntil,
      overrideTierId: programmeMembers.overrideTierId,
    })
    .from(programmeMembers)
    .where(eq(programmeMembers.programmeId, programmeId))
}

/** The programme's grace months and effective lag (the tiers' criteria are edited as data elsewhere). Staff only. */
export async function saveProgrammeSettings(input: {
  scope: AnyScope
  actor: Actor
  programmeId: string
  graceMonths: number
  effectiveLagDays: number | null
}) {
  await db.transaction(async (tx) => {
    await tx
      .update(partnerProgrammes)
      .set({ graceMonths: input.graceMonths, effectiveLagDays: input.effectiveLagDays })
      .where(eq(partnerProgrammes.id, input.programmeId))
    await writeAudit(tx, input.actor, {
      action: 'programme.saved',
      entity: 'partner_programme',
      entityId: input.programmeId,
      details: { graceMonths: input.graceMonths, effectiveLagDays: input.effectiveLagDays },
    })
  })
}

// ── Certifications ───────────────────────────────────────────────────────────────────────────────────────────

export type CertificationInput = { personName: string; course: string; completedOn: string; expiresOn: string | null }

/** The dealer admin (its own organisation) or the partner manager records a certified person. */
export async function recordCertification(input: { scope: Scope; actor: Actor; orgId: string; certification: CertificationInput }) {
  if (input.scope.kind === 'org' && input.scope.orgId !== input.orgId) throw new Error('scope does not cover the organisation')
  const c = input.certification
  if (c.expiresOn !== null && c.expiresOn < c.completedOn)
    return { ok: false as const, fieldErrors: { expiresOn: ['tier.error.expiresBeforeCompleted'] } }
  await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(partnerCertifications)
      .values({ orgId: input.orgId, personName: c.personName, course: c.course, completedOn: c.completedOn, expiresOn: c.expiresOn })
      .returning({ id: partnerCertifications.id })
    await writeAudit(tx, input.actor, {
      action: 'certification.saved',
      entity: 'partner_certification',
      entityId: row.id,
      orgId: input.orgId,
      details: c,
    })
  })
  return { ok: true as const }
}

export async function listCertifications({ scope, orgId }: { scope: Scope; orgId: string }) {
  return db
    .select()
    .from(partnerCertifications)
    .where(and(eq(partnerCertifications.orgId, orgId), inScope(scope, partnerCertifications.orgId)))
    .orderBy(asc(partnerCertifications.personName))
    .limit(200)
}

// ── Targets ──────────────────────────────────────────────────────────────────────────────────────────────────

export type TargetInput = {
  periodKind: 'quarter' | 'year'
  year: number
  quarter: number | null
  metric: 'revenue' | 'units'
  categoryId: string | null
  target: number
}

export function periodOf(input: Pick<TargetInput, 'periodKind' | 'year' | 'quarter'>) {
  if (input.periodKind === 'year') return { periodStart: `${input.year}-01-01`, periodEnd: `${input.year}-12-31` }
  const q = input.quarter ?? 1
  const start = `${input.year}-${String((q - 1) * 3 + 1).padStart(2, '0')}-01`
  return { periodStart: start, periodEnd: addDays(addMonths(start, 3), -1) }
}

/** Sets (or replaces) a dealer's target for a period, metric and category. Staff only. */
export async function saveTarget(input: { scope: AnyScope; actor: Actor; orgId: string; target: TargetInput }) {
  const t = input.target
  const { periodStart, periodEnd } = periodOf(t)
  await db.transaction(async (tx) => {
    // Two saves at once (a double click) would each delete nothing and insert: the second waits for the first.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`target:${input.orgId}:${periodStart}:${t.metric}:${t.categoryId ?? ''}`}))`)
    await tx
      .delete(partnerTargets)
      .where(
        and(
          eq(partnerTargets.orgId, input.orgId),
          eq(partnerTargets.periodStart, periodStart),
          eq(partnerTargets.periodEnd, periodEnd),
          eq(partnerTargets.metric, t.metric),
          t.categoryId ? eq(partnerTargets.categoryId, t.categoryId) : sql`${partnerTargets.categoryId} is null`,
        ),
      )
    const [row] = await tx
      .insert(partnerTargets)
      .values({
        orgId: input.orgId,
        periodKind: t.periodKind,
        periodStart,
        periodEnd,
        metric: t.metric,
        categoryId: t.categoryId,
        target: t.target,
        createdBy: input.actor.userId,
      })
      .returning({ id: partnerTargets.id })
    await writeAudit(tx, input.actor, {
      action: 'target.saved',
      entity: 'partner_target',
      entityId: row.id,
      orgId: input.orgId,
      details: { ...t, periodStart, periodEnd },
    })
  })
  return { ok: true as const }
}

/** A dealer's targets with their progress from delivered orders (net of returns), computed in one statement. */
export async function listTargets({ scope, orgId }: { scope: Scope; orgId: string }) {
  const { today } = await businessClock()
  const rows = rowsOf<{
    id: string
    period_kind: 'quarter' | 'year'
    period_start: string
    period_end: string
    metric: 'revenue' | 'units'
    category_id: string | null
    category_ru: string | null
    category_en: string | null
    target: number | string
    value: number | string
  }>(
    await db.execute(sql`
      select t.id, t.period_kind, to_char(t.period_start, 'YYYY-MM-DD') as period_start, to_char(t.period_end, 'YYYY-MM-DD') as period_end,
        t.metric, t.category_id, cat.name_ru as category_ru, cat.name_en as category_en, t.target::float8 as target,
        coalesce((
          select sum(case when t.metric = 'revenue' then (ol.shipped_qty - ol.returned_qty)::bigint * ol.unit_price_minor
                          else (ol.shipped_qty - ol.returned_qty) end)
          from orders o join order_lines ol on ol.order_id = o.id join products p on p.id = ol.product_id
          where o.org_id = t.org_id
            and o.delivered_at >= (t.period_start::timestamp at time zone ${operatorTimeZone})
            and o.delivered_at < ((t.period_end + 1)::timestamp at time zone ${operatorTimeZone})
            and (t.category_id is null or p.category_id = t.category_id)
        ), 0)::float8 as value
      from partner_targets t left join categories cat on cat.id = t.category_id
      where t.org_id = ${orgId}::uuid ${scope.kind === 'org' ? sql`and t.org_id = ${scope.orgId}::uuid` : sql``}
      order by t.period_start desc, t.metric
      limit 50`),
  )
  return {
    today,
    targets: rows.map((r) => ({
      id: r.id,
      periodKind: r.period_kind,
      periodStart: r.period_start,
      periodEnd: r.period_end,
      metric: r.metric,
      categoryId: r.category_id,
      categoryRu: r.category_ru,
      categoryEn: r.category_en,
      target: Number(r.target),
      value: Number(r.value),
    })),
  }
}

// ── The monthly worker ───────────────────────────────────────────────────────────────────────────────────────

/**
 * Evaluates every member once a month, on the 1st (operator calendar): on each tick it checks whether this month's
 * monthly evaluation exists; if not and today is the 1st or later in a month not yet evaluated, it runs it.
 */
export function startTierWorker(everyMs = 60 * 60 * 1000) {
  let running = false
  let stopped = false
  const tick = async () => {
    const { today } = await businessClock()
    const month = today.slice(0, 7)
    const [done] = rowsOf<{ n: number }>(
      await db.execute(sql`select count(*)::int as n from tier_evaluations where trigger = 'monthly' and to_char(as_of, 'YYYY-MM') = ${month}`),
    )
    if (Number(done?.n ?? 0) > 0) return
    const programme = await loadProgramme()
    if (!programme) return
    await evaluateTiers({ scope: 'monthly-worker', actor: systemActor, programmeId: programme.id, trigger: 'monthly' })
  }
  const timer = setInterval(() => {
    if (running || stopped) return
    running = true
    tick()
      .catch((error: unknown) => logger.warn({ err: (error as Error).message }, 'tier worker tick failed'))
      .finally(() => {
        running = false
      })
  }, everyMs)
  timer.unref()
  return async () => {
    stopped = true
    clearInterval(timer)
    while (running) await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
