import { and, desc, eq, sql, type SQL } from 'drizzle-orm'
import type { RebateStep } from '../../../db/schema/prm'
import { db, type DbOrTx, type Tx } from '../../../db/client.server'
import { rowsOf } from '../../../db/drivers.server'
import { rebatePeriods, rebateProgrammes } from '../../../db/schema/prm'
import { writeAudit, type Actor } from '../audit/mutations.server'
import { productFormOptions } from '../catalog/queries.server'
import { accrueLedgerLines, type AccrualOutcome } from '../incentives/ledger.server'
import { businessClock, operatorDayStart, operatorTimeZone } from '../../utils/clock.server'
import { computeRebate, explainRebate, periodOf, progressToNext, yearEarlier, type RebateRule } from './rebate-rules'
import type { RebateProgrammeInput } from './rebate-schemas'
import type { OrgScope } from '../auth/scope.server'
import type { RebateProgress } from './rebate-progress'

// Rebate programmes (issue 13 "Rebates"): the desk defines them (steps, period, categories, eligible tiers), their
// periods open by themselves for the current period, and an accrual computes every dealer's rebate for a
// programme and period in ONE statement in the database (delivered order lines, net of returns; the step reached
// and the tier's extra rate applied there), then writes each dealer's ledger line through the ledger
// (accrueLedgerLine: a new line, the open line recalculated, or a correction once the period is closed), all in one
// transaction with its audit entry. The pure rules (rebate-rules.ts) give the explanation of each result.

type Programme = typeof rebateProgrammes.$inferSelect
type Period = typeof rebatePeriods.$inferSelect
export type RebateResult = { ok: true; id: string } | { ok: false; status?: 404 | 409; fieldErrors?: Record<string, string[]>; formErrors?: string[] }
export type AccrualSummary = Record<AccrualOutcome, number> & { dealers: number; totalMinor: number }

const ruleOf = (p: Programme): RebateRule => ({ kind: p.kind, growth: p.growth, steps: p.steps })
export const accrualKeyOf = (programmeId: string, periodStart: string, orgId: string) => `rebate:${programmeId}:${periodStart}:${orgId}`

// ── Programmes ────────────────────────────────────────────────────────────────────────────────────────────────

/** Creates (id null) or updates a rebate programme; its current period is opened at once. */
export async function saveRebateProgramme({
  actor,
  id,
  input,
}: {
  actor: Actor
  id: string | null
  input: RebateProgrammeInput
}): Promise<RebateResult> {
  // A category that is not in the catalog would be stored and silently match nothing.
  if (input.categoryIds.length) {
    const known = new Set((await productFormOptions()).categories.map((c) => c.id))
    if (input.categoryIds.some((c) => !known.has(c))) return { ok: false, fieldErrors: { categoryIds: ['errors.chooseOne'] } }
  }
  return db.transaction(async (tx) => {
    // Two saves of one code at once (a double click): the second waits and sees the first, never the unique index's 500.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`rebate-code:${input.code}`}))`)
    const [taken] = await tx.select({ id: rebateProgrammes.id }).from(rebateProgrammes).where(eq(rebateProgrammes.code, input.code))
    if (taken && taken.id !== id) return { ok: false, fieldErrors: { code: ['rebate.error.codeTaken'] } } as const
    let saved: string
    if (id) {
      const [row] = await tx.update(rebateProgrammes).set(input).where(eq(rebateProgrammes.id, id)).returning({ id: rebateProgrammes.id })
      if (!row) return { ok: false, status: 404 } as const
      saved = row.id
    } else {
      const [row] = await tx.insert(rebateProgrammes).values(input).returning({ id: rebateProgrammes.id })
      saved = row.id
    }
    await writeAudit(tx, actor, {
      action: 'rebate.programme_saved',
      entity: 'rebate_programme',
      entityId: saved,
      details: { created: !id, ...input },
    })
    await openCurrentPeriods(tx)
    return { ok: true, id: saved } as const
  })
}

/**
 * Opens the current period of every active programme that is valid today (idempotent: an existing period is kept).
 * Called when a programme is saved and when the desk looks at the programmes.
 */
export async function openCurrentPeriods(tx: DbOrTx = db) {
  const { today } = await businessClock(tx)
  const programmes = await tx.select().from(rebateProgrammes).where(eq(rebateProgrammes.active, true))
  for (const p of programmes) {
    if (p.validFrom > today || (p.validTo && p.validTo < today)) continue
    const period = periodOf(p.periodKind, today)
    await tx.insert(rebatePeriods).values({ rebateProgrammeId: p.id, periodStart: period.start, periodEnd: period.end }).onConflictDoNothing()
  }
}

/** Opens (or finds) the period of a programme that contains a day — the demo and tests accrue past periods. */
export async function periodFor(tx: DbOrTx, programmeId: string, day: string): Promise<Period> {
  const [p] = await tx.select().from(rebateProgrammes).where(eq(rebateProgrammes.id, programmeId))
  const period = periodOf(p.periodKind, day)
  await tx.insert(rebatePeriods).values({ rebateProgrammeId: p.id, periodStart: period.start, periodEnd: period.end }).onConflictDoNothing()
  const [row] = await tx
    .select()
    .from(rebatePeriods)
    .where(and(eq(rebatePeriods.rebateProgrammeId, programmeId), eq(rebatePeriods.periodStart, period.start)))
  return row
}

/** The moment after an operator's day ends (the next day's start). */
const endOf = (day: string) => sql`((${day}::date + 1)::timestamp at time zone ${operatorTimeZone})`

// ── Accrual ───────────────────────────────────────────────────────────────────────────────────────────────────

export interface DealerRebateRow {
  orgId: string
  eligible: boolean
  basis: number
  previous: number
  bonusBp: number
  amountMinor: number
}

/**
 * Every dealer's rebate for one programme and period, in ONE statement: the basis of delivered order lines (net of
 * returns) whose order was delivered in the period in the operator's time zone, for the programme's categories;
 * for a growth rebate the same sum a year earlier; eligibility and the extra rate by the dealer's tier; the step
 * reached and the amount. Dealers that already have a line for the period are included even at zero, so a return
 * or a lost tier brings their line down.
 */
export async function dealerRebates(tx: DbOrTx, programme: Programme, period: { start: string; end: string }): Promise<DealerRebateRow[]> {
  const before = yearEarlier(period)
  const units = programme.kind === 'per_unit'
  const value = units ? sql`(ol.shipped_qty - ol.returned_qty)::numeric` : sql`((ol.shipped_qty - ol.returned_qty) * ol.unit_price_minor)::numeric`
  const inPeriod = sql`o.delivered_at >= ${operatorDayStart(period.start)}`
  const categoryFilter = programme.categoryIds.length
    ? sql`and exists (select 1 from products pr where pr.id = ol.product_id and pr.category_id = any(${`{${programme.categoryIds.join(',')}}`}::uuid[]))`
    : sql``
  const rows = rowsOf<{ org_id: string; eligible: boolean; basis: string; previous: string; bonus_bp: number; amount_minor: string }>(
    await tx.execute(sql`
      with sums as (
        select o.org_id,
          coalesce(sum(${value}) filter (where ${inPeriod}), 0) as basis,
          coalesce(sum(${value}) filter (where not (${inPeriod})), 0) as previous
        from orders o join order_lines ol on ol.order_id = o.id
        where o.delivered_at is not null
          and ((o.delivered_at >= ${operatorDayStart(period.start)} and o.delivered_at < ${endOf(period.end)})
            ${programme.growth ? sql`or (o.delivered_at >= ${operatorDayStart(before.start)} and o.delivered_at < ${endOf(before.end)})` : sql``})
          ${categoryFilter}
        group by o.org_id
      ),
      dealers as (
        select org_id from sums
        union
        select distinct org_id from ledger_lines where source = 'rebate' and programme_id = ${programme.id}::uuid and period_start = ${period.start}::date
      ),
      tiered as (
        select d.org_id, coalesce(s.basis, 0) as basis, coalesce(s.previous, 0) as previous, t.rank, coalesce(t.bonus_bp, 0) as bonus_bp
        from dealers d left join sums s on s.org_id = d.org_id
        left join lateral (
          select pt.rank, (pt.benefits ->> 'rebateBonusBp')::int as bonus_bp
          from programme_members m
          join programme_tiers pt on pt.id = case when m.override_tier_id is not null and (m.override_until is null or m.override_until >= ${period.end}::date)
            then m.override_tier_id else m.tier_id end
          where m.org_id = d.org_id ${programme.programmeId ? sql`and m.programme_id = ${programme.programmeId}::uuid` : sql``}
          order by pt.rank desc limit 1
        ) t on true
      ),
      measured as (
        select org_id, basis, previous, bonus_bp,
          ${programme.minTierRank === null ? sql`true` : sql`coalesce(rank, 0) >= ${programme.minTierRank}`} as eligible,
          ${programme.growth ? sql`greatest(basis - previous, 0)` : sql`basis`} as m
        from tiered
      )
      select x.org_id, x.eligible, x.basis::text, x.previous::text, ${units ? sql`0` : sql`x.bonus_bp`}::int as bonus_bp,
        (case when not x.eligible or st.step_from is null then 0
          ${units ? sql`else x.m * st.per_unit` : sql`else round(x.m * (st.rate_bp + x.bonus_bp) / 10000)`} end)::bigint::text as amount_minor
      from measured x
      left join lateral (
        select (s ->> 'from')::numeric as step_from, (s ->> 'rateBp')::numeric as rate_bp, (s ->> 'amountPerUnitMinor')::numeric as per_unit
        from jsonb_array_elements(${JSON.stringify(programme.steps)}::jsonb) s
        where x.m > 0 and (s ->> 'from')::numeric <= x.m
        order by (s ->> 'from')::numeric desc limit 1
      ) st on true`),
  )
  return rows.map((r) => ({
    orgId: r.org_id,
    eligible: r.eligible === true || String(r.eligible) === 't' || String(r.eligible) === 'true',
    basis: Number(r.basis),
    previous: Number(r.previous),
    bonusBp: Number(r.bonus_bp),
    amountMinor: Number(r.amount_minor),
  }))
}

/**
 * Accrues one period of a programme for every dealer, in the caller's transaction: the dealers' rebates from the
 * database, then one ledger accrual per dealer (a closed period's difference becomes a correction line).
 */
async function accruePeriodIn(tx: Tx, actor: Actor, programme: Programme, period: Period): Promise<AccrualSummary> {
  const summary: AccrualSummary = { created: 0, recalculated: 0, unchanged: 0, corrected: 0, dealers: 0, totalMinor: 0 }
  const range = { start: period.periodStart, end: period.periodEnd }
  const rule = ruleOf(programme)
  const rows = await dealerRebates(tx, programme, range)
  // Every dealer's line in a few statements (accrueLedgerLines), not one round of statements per dealer.
  const outcomes = await accrueLedgerLines(
    tx,
    actor,
    rows.map((row) => ({
      orgId: row.orgId,
      source: 'rebate' as const,
      programmeId: programme.id,
      programmeNameRu: programme.nameRu,
      programmeNameEn: programme.nameEn,
      periodStart: range.start,
      periodEnd: range.end,
      amountMinor: row.amountMinor,
      explanation: row.eligible
        ? explainRebate(rule, range, { basis: row.basis, previous: row.previous, bonusBp: row.bonusBp })
        : {
            key: 'ledger.explain.rebateNotEligible',
            params: { periodStartOn: range.start, periodEndOn: range.end, minRank: programme.minTierRank ?? 0 },
          },
      accrualKey: accrualKeyOf(programme.id, range.start, row.orgId),
      closed: period.status === 'closed',
    })),
  )
  for (const { outcome } of outcomes) summary[outcome] += 1
  summary.dealers = rows.length
  summary.totalMinor = rows.reduce((sum, r) => sum + r.amountMinor, 0)
  await tx
    .update(rebatePeriods)
    .set({ lastAccruedAt: sql`now()` })
    .where(eq(rebatePeriods.id, period.id))
  await writeAudit(tx, actor, {
    action: 'rebate.accrued',
    entity: 'rebate_period',
    entityId: period.id,
    details: {
      programmeId: programme.id,
      code: programme.code,
      periodStart: range.start,
      periodEnd: range.end,
      closed: period.status === 'closed',
      ...summary,
    },
  })
  return summary
}

async function lockPeriod(tx: Tx, periodId: string) {
  const [period] = await tx.select().from(rebatePeriods).where(eq(rebatePeriods.id, periodId)).for('update')
  if (!period) return null
  const [programme] = await tx.select().from(rebateProgrammes).where(eq(rebateProgrammes.id, period.rebateProgrammeId))
  return { period, programme }
}

/** "Accrue now": one period of one programme for every dealer, one transaction. */
export async function accrueRebatePeriod({
  actor,
  periodId,
}: {
  actor: Actor
  periodId: string
}): Promise<{ ok: true; summary: AccrualSummary } | { ok: false; status: 404 }> {
  return db.transaction(async (tx) => {
    const found = await lockPeriod(tx, periodId)
    if (!found) return { ok: false, status: 404 } as const
    return { ok: true, summary: await accruePeriodIn(tx, actor, found.programme, found.period) } as const
  })
}

/** Accrues a period a last time and closes it: from now on a change is a correction line, never an update. */
export async function closeRebatePeriod({
  actor,
  periodId,
}: {
  actor: Actor
  periodId: string
}): Promise<{ ok: true; summary: AccrualSummary } | { ok: false; status: 404 | 409; formErrors?: string[] }> {
  return db.transaction(async (tx) => {
    const found = await lockPeriod(tx, periodId)
    if (!found) return { ok: false, status: 404 } as const
    if (found.period.status === 'closed') return { ok: false, status: 409, formErrors: ['rebate.error.alreadyClosed'] } as const
    const summary = await accruePeriodIn(tx, actor, found.programme, found.period)
    await tx
      .update(rebatePeriods)
      .set({ status: 'closed', closedAt: sql`now()`, closedBy: actor.userId })
      .where(eq(rebatePeriods.id, periodId))
    await writeAudit(tx, actor, {
      action: 'rebate.period_closed',
      entity: 'rebate_period',
      entityId: periodId,
      details: { programmeId: found.programme.id, periodStart: found.period.periodStart, totalMinor: summary.totalMinor },
    })
    return { ok: true, summary } as const
  })
}

/**
 * After a return: re-accrues every rebate period whose dealers' sums include the order — the period containing its
 * delivery day and, for growth rebates, the period a year later that compares with it. Open periods recalculate
 * their lines in place; closed ones get correction lines. One transaction.
 */
export async function reaccrueForOrder({ orderId, actor }: { orderId: string; actor: Actor }): Promise<{ periods: number }> {
  return db.transaction(async (tx) => {
    const [order] = rowsOf<{ day: string | null }>(
      await tx.execute(
        sql`select to_char(delivered_at at time zone ${operatorTimeZone}, 'YYYY-MM-DD') as day from orders where id = ${orderId}::uuid`,
      ),
    )
    if (!order?.day) return { periods: 0 }
    const periods = await tx
      .select({ period: rebatePeriods, programme: rebateProgrammes })
      .from(rebatePeriods)
      .innerJoin(rebateProgrammes, eq(rebateProgrammes.id, rebatePeriods.rebateProgrammeId))
      .where(
        sql`(${rebatePeriods.periodStart} <= ${order.day}::date and ${rebatePeriods.periodEnd} >= ${order.day}::date)
          or (${rebateProgrammes.growth} and ${rebatePeriods.periodStart} - interval '1 year' <= ${order.day}::date
            and ${rebatePeriods.periodEnd} - interval '1 year' >= ${order.day}::date)`,
      )
      .orderBy(rebatePeriods.periodStart)
      .for('update', { of: rebatePeriods })
    for (const { period, programme } of periods) await accruePeriodIn(tx, actor, programme, period)
    return { periods: periods.length }
  })
}

// ── Reads for the desk ────────────────────────────────────────────────────────────────────────────────────────

export type RebateSort = 'code' | 'name' | 'accrued'
export const REBATE_PAGE_SIZE = 25

/** The programmes with what they have accrued (lines not reversed) against their budget, paged and sorted. */
export async function listRebateProgrammes({ page, sort, dir }: { page: number; sort: RebateSort; dir: 'asc' | 'desc' }) {
  // Named in full: drizzle writes a single table's column unqualified, which inside the subquery would mean l.id.
  const accrued = sql<number>`coalesce((select sum(l.amount_minor) from ledger_lines l
    where l.source = 'rebate' and l.programme_id = rebate_programmes.id and l.status <> 'reversed'), 0)::bigint`
  const order = sort === 'accrued' ? accrued : sort === 'name' ? rebateProgrammes.nameRu : rebateProgrammes.code
  const rows = await db
    .select({
      id: rebateProgrammes.id,
      code: rebateProgrammes.code,
      nameRu: rebateProgrammes.nameRu,
      nameEn: rebateProgrammes.nameEn,
      periodKind: rebateProgrammes.periodKind,
      kind: rebateProgrammes.kind,
      growth: rebateProgrammes.growth,
      active: rebateProgrammes.active,
      budgetMinor: rebateProgrammes.budgetMinor,
      accruedMinor: accrued.mapWith(Number),
      total: sql<number>`count(*) over ()`.mapWith(Number),
    })
    .from(rebateProgrammes)
    .orderBy(dir === 'desc' ? desc(order) : order, rebateProgrammes.id)
    .limit(REBATE_PAGE_SIZE)
    .offset((page - 1) * REBATE_PAGE_SIZE)
  return { rows, total: rows[0]?.total ?? 0 }
}

/** One programme with its periods (status, dealers with a line, accrued total). */
export async function getRebateProgramme({ id }: { id: string }) {
  const [programme] = await db.select().from(rebateProgrammes).where(eq(rebateProgrammes.id, id))
  if (!programme) return null
  const periods = rowsOf<{
    id: string
    period_start: string
    period_end: string
    status: 'open' | 'closed'
    last_accrued_at: string | null
    dealers: number
    accrued_minor: string
  }>(
    await db.execute(sql`
      select p.id, p.period_start::text, p.period_end::text, p.status, p.last_accrued_at::text,
        (select count(distinct l.org_id) from ledger_lines l where l.source = 'rebate' and l.programme_id = p.rebate_programme_id and l.period_start = p.period_start and l.amount_minor <> 0)::int as dealers,
        coalesce((select sum(l.amount_minor) from ledger_lines l where l.source = 'rebate' and l.programme_id = p.rebate_programme_id and l.period_start = p.period_start and l.status <> 'reversed'), 0)::text as accrued_minor
      from rebate_periods p where p.rebate_programme_id = ${id}::uuid order by p.period_start desc limit 60`),
  )
  return {
    programme,
    periods: periods.map((p) => ({
      id: p.id,
      periodStart: p.period_start,
      periodEnd: p.period_end,
      status: p.status,
      lastAccruedAt: p.last_accrued_at,
      dealers: Number(p.dealers),
      accruedMinor: Number(p.accrued_minor),
    })),
  }
}

// ── The dealer's progress (its own open periods) ──────────────────────────────────────────────────────────────

const truthy = (v: unknown) => v === true || v === 't' || v === 'true'
const jsonOf = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T))

export type OwnRebateProgress = RebateProgress

/**
 * The dealer's rebate programmes with each OPEN period that has begun: the basis so far (in the same terms as the
 * accrual: delivered in the operator's days, net of returns, the programme's categories), the step and rate, what
 * the next step needs, and what the ledger already holds. Two statements, both filtered to the scope's
 * organisation: the programmes with their periods, the dealer's tier and accrued sum; then the basis by month.
 * The step and the amount come from the pure rules (rebate-rules.ts), which the accrual's SQL matches.
 */
export async function ownRebateProgress({ scope }: { scope: OrgScope }): Promise<OwnRebateProgress[]> {
  const orgId = scope.orgId
  const today = sql`(now() at time zone ${operatorTimeZone})::date`
  const periods = rowsOf<{
    programme_id: string
    period_id: string
    name_ru: string
    name_en: string
    period_kind: 'month' | 'quarter' | 'year'
    kind: 'percent' | 'per_unit'
    growth: unknown
    steps: unknown
    by_category: unknown
    min_tier_rank: number | null
    min_tier_ru: string | null
    min_tier_en: string | null
    period_start: string
    period_end: string
    last_accrued_on: string | null
    tier_rank: number | null
    tier_ru: string | null
    tier_en: string | null
    bonus_bp: number | null
    accrued_minor: string
  }>(
    await db.execute(sql`
      select rp.id as programme_id, p.id as period_id, rp.name_ru, rp.name_en, rp.period_kind, rp.kind, rp.growth, rp.steps,
        cardinality(rp.category_ids) > 0 as by_category, rp.min_tier_rank,
        (select pt.name_ru from programme_tiers pt where pt.programme_id = rp.programme_id and pt.rank = rp.min_tier_rank) as min_tier_ru,
        (select pt.name_en from programme_tiers pt where pt.programme_id = rp.programme_id and pt.rank = rp.min_tier_rank) as min_tier_en,
        p.period_start::text, p.period_end::text,
        to_char(p.last_accrued_at at time zone ${operatorTimeZone}, 'YYYY-MM-DD') as last_accrued_on,
        t.rank as tier_rank, t.name_ru as tier_ru, t.name_en as tier_en, t.bonus_bp,
        coalesce((select sum(l.amount_minor) from ledger_lines l where l.org_id = ${orgId}::uuid and l.source = 'rebate'
          and l.programme_id = rp.id and l.period_start = p.period_start and l.status <> 'reversed'), 0)::text as accrued_minor
      from rebate_programmes rp
      join rebate_periods p on p.rebate_programme_id = rp.id and p.status = 'open' and p.period_start <= ${today}
      -- The tier the accrual would apply (dealerRebates): an override still valid at the period's end, else the tier held.
      left join lateral (
        select pt.rank, pt.name_ru, pt.name_en, (pt.benefits ->> 'rebateBonusBp')::int as bonus_bp
        from programme_members m
        join programme_tiers pt on pt.id = case when m.override_tier_id is not null and (m.override_until is null or m.override_until >= p.period_end)
          then m.override_tier_id else m.tier_id end
        where m.org_id = ${orgId}::uuid and (rp.programme_id is null or m.programme_id = rp.programme_id)
        order by pt.rank desc limit 1
      ) t on true
      where rp.active
        and (rp.programme_id is null or exists (select 1 from programme_members m where m.org_id = ${orgId}::uuid and m.programme_id = rp.programme_id))
      order by p.period_start desc, rp.name_ru, rp.id
      limit 20`),
  )
  if (!periods.length) return []
  const ids = `{${periods.map((p) => p.period_id).join(',')}}`
  const value = sql`case when rp.kind = 'per_unit' then (ol.shipped_qty - ol.returned_qty)::numeric
    else ((ol.shipped_qty - ol.returned_qty) * ol.unit_price_minor)::numeric end`
  const startOf = (day: SQL) => sql`((${day})::timestamp at time zone ${operatorTimeZone})`
  const inPeriod = sql`o.delivered_at >= ${startOf(sql`p.period_start`)} and o.delivered_at < ${startOf(sql`p.period_end + 1`)}`
  // A year earlier as yearEarlier() has it: PostgreSQL's date - 1 year clamps 29 February the same way.
  const yearBefore = sql`o.delivered_at >= ${startOf(sql`(p.period_start - interval '1 year')::date`)}
    and o.delivered_at < ${startOf(sql`(p.period_end - interval '1 year')::date + 1`)}`
  const sums = rowsOf<{ period_id: string; month: string; basis: string; previous: string }>(
    await db.execute(sql`
      select p.id as period_id, to_char(o.delivered_at at time zone ${operatorTimeZone}, 'YYYY-MM') as month,
        coalesce(sum(${value}) filter (where ${inPeriod}), 0)::text as basis,
        coalesce(sum(${value}) filter (where not (${inPeriod})), 0)::text as previous
      from rebate_periods p
      join rebate_programmes rp on rp.id = p.rebate_programme_id
      join orders o on o.org_id = ${orgId}::uuid and o.delivered_at is not null and ((${inPeriod}) or (rp.growth and ${yearBefore}))
      join order_lines ol on ol.order_id = o.id
      where p.id = any(${ids}::uuid[])
        and (cardinality(rp.category_ids) = 0
          or exists (select 1 from products pr where pr.id = ol.product_id and pr.category_id = any(rp.category_ids)))
      group by p.id, month
      order by month`),
  )
  return periods.map((p) => {
    const rule: RebateRule = { kind: p.kind, growth: truthy(p.growth), steps: jsonOf<RebateStep[]>(p.steps) }
    const mine = sums.filter((s) => s.period_id === p.period_id)
    const basis = mine.reduce((sum, s) => sum + Number(s.basis), 0)
    const previous = mine.reduce((sum, s) => sum + Number(s.previous), 0)
    const eligible = p.min_tier_rank === null || (p.tier_rank ?? 0) >= p.min_tier_rank
    const bonusBp = rule.kind === 'per_unit' ? 0 : (p.bonus_bp ?? 0)
    const result = computeRebate(rule, { basis, previous, bonusBp })
    return {
      programmeId: p.programme_id,
      periodId: p.period_id,
      nameRu: p.name_ru,
      nameEn: p.name_en,
      periodKind: p.period_kind,
      periodStart: p.period_start,
      periodEnd: p.period_end,
      rule,
      byCategory: truthy(p.by_category),
      basis,
      previous,
      measured: result.measured,
      months: monthsOf(p.period_start, p.period_end).map((month) => ({
        month,
        basis: Number(mine.find((s) => s.month === month)?.basis ?? 0),
      })),
      eligible,
      minTier: p.min_tier_rank === null ? null : { rank: p.min_tier_rank, nameRu: p.min_tier_ru, nameEn: p.min_tier_en },
      tier: p.tier_ru && p.tier_en ? { nameRu: p.tier_ru, nameEn: p.tier_en } : null,
      bonusBp,
      step: result.step,
      rateBp: eligible ? result.rateBp : 0,
      amountMinor: eligible ? result.amountMinor : 0,
      next: progressToNext(rule, { basis, previous }),
      accruedMinor: Number(p.accrued_minor),
      lastAccruedOn: p.last_accrued_on,
    }
  })
}

/** The months of a period, YYYY-MM, in order. */
function monthsOf(start: string, end: string) {
  const out: string[] = []
  let y = Number(start.slice(0, 4))
  let m = Number(start.slice(5, 7))
  const last = end.slice(0, 7)
  for (let i = 0; i < 12; i++) {
    const label = `${y}-${String(m).padStart(2, '0')}`
    out.push(label)
    if (label >= last) break
    m += 1
    if (m > 12) [y, m] = [y + 1, 1]
  }
  return out
}
