import { and, desc, eq, sql } from 'drizzle-orm'
import { db, type DbOrTx } from '../../../db/client.server'
import { rowsOf } from '../../../db/drivers.server'
import { crmSegmentMembers, crmSegmentRuns, type SegmentParams } from '../../../db/schema/crm'
import { writeAudit, type Actor } from '../audit/mutations.server'
import type { AnyScope } from '../auth/scope.server'
import { operatorTimeZone } from '../../utils/clock.server'
import type { SegmentFormInput } from './segment-schemas'
import { translate, type Locale, type MessageKey } from '../../i18n'
import { formatDateTime, formatMoney, formatMonth } from '../../i18n/format'
import type { SegmentRunData } from './components/segment-run'
import { explainSegment } from './segment-explain'
import { attachment, csvResponse, decimal, toCsv } from '../../utils/csv'
import { writeXlsx } from '../../utils/xlsx.server'
import { regionLabel } from '../prm/application-schemas'

// ABC / XYZ / CLV runs (issue 15 "Segmentation"; anchors/partners-and-crm.md §2.1–2.3). One statement computes every
// customer's figures and classes in the database and writes them with the run; the TypeScript twins in abc-xyz.ts are
// the reference the tests hold this SQL to.
//
// What counts: delivered orders by their delivery day in the operator's calendar, each line's delivered units net
// of returns ((shipped − returned) × unit price) — the same revenue the partner programme's tiers and rebates count.
// Margin subtracts the product's standard cost; lines of products without a cost add revenue but no margin, and the
// run says how many there were. XYZ measures how steady buying is, so it always reads the monthly revenue, whatever
// the basis ABC ranks by.

export function paramsFromForm(input: SegmentFormInput): SegmentParams {
  const bp = (pct: number) => Math.round(pct * 100)
  return {
    basis: input.basis,
    fromMonth: `${input.fromMonth}-01`,
    toMonth: `${input.toMonth}-01`,
    cutABp: bp(input.cutA),
    cutBBp: bp(input.cutB),
    xCvBp: bp(input.xCv),
    yCvBp: bp(input.yCv),
    seasonal: input.seasonal,
    discountBp: bp(input.discount),
  }
}

export type SegmentRunOutcome = { ok: true; runId: string; customers: number } | { ok: false; reason: 'no_data'; from: string; to: string }

class NoData extends Error {}

/** Computes and stores a run in one transaction; a window without delivered orders stores nothing. */
export async function runSegmentation({ actor, params }: { scope: AnyScope; actor: Actor; params: SegmentParams }): Promise<SegmentRunOutcome> {
  try {
    return await db.transaction(async (tx) => {
      const started = performance.now()
      const [run] = await tx.insert(crmSegmentRuns).values({ params, createdBy: actor.userId }).returning({ id: crmSegmentRuns.id })
      await computeMembers(tx, run.id, params)
      const summary = await summarise(tx, run.id)
      if (summary.ranked === 0) throw new NoData()
      await tx
        .update(crmSegmentRuns)
        .set({ summary: { ...summary, durationMs: Math.round(performance.now() - started) } })
        .where(eq(crmSegmentRuns.id, run.id))
      await writeAudit(tx, actor, {
        action: 'crm_segments.run',
        entity: 'crm_segment_run',
        entityId: run.id,
        details: { customers: summary.customers, basis: params.basis, from: params.fromMonth, to: params.toMonth },
      })
      return { ok: true as const, runId: run.id, customers: summary.customers }
    })
  } catch (e) {
    if (e instanceof NoData) return { ok: false, reason: 'no_data', from: params.fromMonth, to: params.toMonth }
    throw e
  }
}

/** The statement: facts per customer and month, the series with zero months, ABC by cumulative share, XYZ by CV, CLV. */
async function computeMembers(tx: DbOrTx, runId: string, p: SegmentParams) {
  const from = p.fromMonth
  const to = p.toMonth
  const tz = operatorTimeZone
  // The window [from, to + 1 month) and, for retention and CLV's margin m, the two 12-month years ending with it.
  await tx.execute(sql`
    with bounds as (
      select ${from}::date as from_m, ${to}::date as to_m,
        ((${from}::date)::timestamp at time zone ${tz}) as from_ts,
        (((${to}::date + interval '1 month')::date)::timestamp at time zone ${tz}) as to_ts,
        (((${to}::date + interval '1 month' - interval '12 months')::date)::timestamp at time zone ${tz}) as year_ts,
        (((${to}::date + interval '1 month' - interval '24 months')::date)::timestamp at time zone ${tz}) as prev_year_ts
    ),
    months as (select generate_series(b.from_m, b.to_m, interval '1 month')::date as m from bounds b),
    lines as (
      select o.org_id, o.delivered_at,
        ((ol.shipped_qty - ol.returned_qty) * ol.unit_price_minor)::numeric as revenue,
        case when p.unit_cost_minor is null then null
          else ((ol.shipped_qty - ol.returned_qty) * (ol.unit_price_minor - p.unit_cost_minor))::numeric end as margin
      from orders o
      join order_lines ol on ol.order_id = o.id
      join products p on p.id = ol.product_id
      cross join bounds b
      where o.delivered_at >= least(b.from_ts, b.prev_year_ts) and o.delivered_at < b.to_ts
    ),
    facts as (
      select l.org_id, date_trunc('month', l.delivered_at at time zone ${tz})::date as m,
        sum(l.revenue) as revenue, coalesce(sum(l.margin), 0) as margin
      from lines l cross join bounds b
      where l.delivered_at >= b.from_ts
      group by 1, 2
    ),
    years as (
      select l.org_id,
        bool_or(l.delivered_at >= b.year_ts) as this_year,
        bool_or(l.delivered_at < b.year_ts) as prev_year,
        coalesce(sum(l.margin) filter (where l.delivered_at >= b.year_ts), 0) as margin_12m,
        coalesce(sum(case when ${p.basis} = 'margin' then l.margin else l.revenue end) filter (where l.delivered_at < b.year_ts), 0) as prev_value,
        max(l.delivered_at) as last_at
      from lines l cross join bounds b
      where l.delivered_at >= b.prev_year_ts
      group by l.org_id
    ),
    customers as (
      select c.id as org_id from organisations c
      where c.kind in ('dealer', 'key_account')
        and (exists (select 1 from facts f where f.org_id = c.id) or exists (select 1 from years y where y.org_id = c.id))
    ),
    series as (
      select c.org_id, mo.m, coalesce(f.revenue, 0) as v
      from customers c cross join months mo left join facts f on f.org_id = c.org_id and f.m = mo.m
    ),
    -- The seasonal index of a calendar month: its mean over every customer and year ÷ the overall monthly mean.
    season as (
      select extract(month from s.m)::int as cal,
        case when avg(s.v) > 0 and (select avg(v) from series) > 0 then avg(s.v) / (select avg(v) from series) else 1 end as idx
      from series s group by 1
    ),
    adjusted as (
      select s.org_id, case when ${p.seasonal} then s.v / se.idx else s.v end as v, s.v as raw
      from series s join season se on se.cal = extract(month from s.m)::int
    ),
    stats as (
      select org_id, avg(v)::float8 as mean, stddev_pop(v)::float8 as sd, count(*) filter (where raw <> 0)::int as non_zero, count(*)::int as months
      from adjusted group by org_id
    ),
    totals as (
      select c.org_id, coalesce(sum(f.revenue), 0) as revenue, coalesce(sum(f.margin), 0) as margin
      from customers c left join facts f on f.org_id = c.org_id group by c.org_id
    ),
    valued as (
      select t.*, case when ${p.basis} = 'margin' then t.margin else t.revenue end as value from totals t
    ),
    ranked as (
      select v.org_id, row_number() over w as rank,
        (sum(v.value) over (w rows unbounded preceding) / sum(v.value) over ())::float8 as cum_share,
        ((sum(v.value) over (w rows unbounded preceding) - v.value) / sum(v.value) over ())::float8 as prev_cum_share
      from valued v where v.value > 0
      window w as (order by v.value desc, v.org_id)
    ),
    classed as (
      select v.org_id, v.revenue, v.margin, v.value, r.rank, r.cum_share, r.prev_cum_share,
        case when r.rank is null then null
          when r.prev_cum_share < ${p.cutABp / 10000}::float8 then 'A'
          when r.prev_cum_share < ${p.cutBBp / 10000}::float8 then 'B' else 'C' end as abc,
        s.mean, case when s.mean > 0 then s.sd / s.mean end as cv, s.non_zero, s.months
      from valued v join stats s on s.org_id = v.org_id left join ranked r on r.org_id = v.org_id
    ),
    -- Retention per ABC class (anchors §2.3): of the customers a class held in the year before — classed by that
    -- year's value with the same cut-offs, since a customer lost this year has no class now — the share who ordered
    -- again in the last year. A class without such customers, and customers without a class, take the rate of all.
    prev_classed as (
      select y.org_id, y.prev_year, y.this_year,
        case when (sum(y.prev_value) over (w rows unbounded preceding) - y.prev_value) / sum(y.prev_value) over () < ${p.cutABp / 10000}::float8 then 'A'
          when (sum(y.prev_value) over (w rows unbounded preceding) - y.prev_value) / sum(y.prev_value) over () < ${p.cutBBp / 10000}::float8 then 'B'
          else 'C' end as abc
      from years y where y.prev_value > 0
      window w as (order by y.prev_value desc, y.org_id)
    ),
    kept as (
      select pc.abc, grouping(pc.abc) as total, count(*) filter (where pc.this_year)::float8 / count(*) as r
      from prev_classed pc group by grouping sets ((pc.abc), ())
    )
    insert into crm_segment_members (run_id, org_id, revenue_minor, margin_minor, value_minor, rank, cum_share, prev_cum_share, abc,
      monthly_mean, cv, xyz, non_zero_months, months, flags, retention, margin12m_minor, clv_minor, last_order_on)
    select ${runId}::uuid, c.org_id, round(c.revenue)::bigint, round(c.margin)::bigint, round(c.value)::bigint, c.rank, c.cum_share,
      c.prev_cum_share, c.abc, coalesce(c.mean, 0),
      c.cv,
      case when c.mean = 0 or c.mean is null then null
        when c.non_zero < 3 then 'Z'
        when c.cv <= ${p.xCvBp / 10000}::float8 then 'X'
        when c.cv <= ${p.yCvBp / 10000}::float8 then 'Y' else 'Z' end,
      c.non_zero, c.months,
      array_remove(array[
        case when c.rank is null then 'non_positive' end,
        case when coalesce(c.mean, 0) = 0 then 'no_demand' end,
        case when c.mean > 0 and c.non_zero < 3 then 'intermittent' end,
        case when ${p.seasonal} then 'seasonally_adjusted' end,
        case when coalesce(y.margin_12m, 0) <= 0 then 'non_positive_margin' end
      ]::text[], null),
      coalesce(k.r, ka.r),
      round(coalesce(y.margin_12m, 0))::bigint,
      case when coalesce(k.r, ka.r) is null then null
        when coalesce(y.margin_12m, 0) <= 0 then 0
        else round(y.margin_12m * coalesce(k.r, ka.r) / (1 + ${p.discountBp / 10000}::float8 - coalesce(k.r, ka.r)))::bigint end,
      (y.last_at at time zone ${tz})::date
    from classed c
    left join years y on y.org_id = c.org_id
    left join kept k on k.total = 0 and k.abc = c.abc
    left join kept ka on ka.total = 1
  `)
}

export interface SegmentSummary {
  customers: number
  ranked: number
  totalValueMinor: number
  classes: Record<string, { customers: number; valueMinor: number; clvMinor: number; retention: number | null }>
  matrix: Record<string, { customers: number; valueMinor: number }>
  nonPositive: number
  noDemand: number
  intermittent: number
  durationMs?: number
}

async function summarise(tx: DbOrTx, runId: string): Promise<SegmentSummary> {
  const rows = rowsOf<{ abc: string | null; xyz: string | null; n: number; value: string; clv: string; retention: number | null; flags: string[] }>(
    await tx.execute(sql`
      select abc, xyz, count(*)::int as n, coalesce(sum(value_minor), 0)::text as value, coalesce(sum(clv_minor), 0)::text as clv,
        max(retention) as retention, array_agg(distinct f) filter (where f is not null) as flags
      from crm_segment_members left join lateral unnest(flags) f on true
      where run_id = ${runId}::uuid group by abc, xyz`),
  )
  const s: SegmentSummary = { customers: 0, ranked: 0, totalValueMinor: 0, classes: {}, matrix: {}, nonPositive: 0, noDemand: 0, intermittent: 0 }
  const counts = rowsOf<{ customers: number; ranked: number; non_positive: number; no_demand: number; intermittent: number }>(
    await tx.execute(sql`
      select count(*)::int as customers, count(rank)::int as ranked,
        count(*) filter (where 'non_positive' = any(flags))::int as non_positive,
        count(*) filter (where 'no_demand' = any(flags))::int as no_demand,
        count(*) filter (where 'intermittent' = any(flags))::int as intermittent
      from crm_segment_members where run_id = ${runId}::uuid`),
  )[0]
  Object.assign(s, {
    customers: counts.customers,
    ranked: counts.ranked,
    nonPositive: counts.non_positive,
    noDemand: counts.no_demand,
    intermittent: counts.intermittent,
  })
  for (const r of rows) {
    if (!r.abc) continue
    const value = Number(r.value)
    const c = (s.classes[r.abc] ??= { customers: 0, valueMinor: 0, clvMinor: 0, retention: r.retention })
    c.customers += r.n
    c.valueMinor += value
    c.clvMinor += Number(r.clv)
    s.totalValueMinor += value
    if (r.xyz) {
      const cell = (s.matrix[`${r.abc}${r.xyz}`] ??= { customers: 0, valueMinor: 0 })
      cell.customers += r.n
      cell.valueMinor += value
    }
  }
  return s
}

export interface SegmentRunView {
  id: string
  params: SegmentParams
  summary: SegmentSummary
  createdAt: string
  createdBy: string | null
}

const runColumns = { id: crmSegmentRuns.id, params: crmSegmentRuns.params, summary: crmSegmentRuns.summary, createdAt: crmSegmentRuns.createdAt }

export async function listSegmentRuns(_: { scope: AnyScope }, limit = 20) {
  const rows = await db
    .select({ ...runColumns, createdBy: sql<string | null>`(select display_name from users u where u.id = ${crmSegmentRuns.createdBy})` })
    .from(crmSegmentRuns)
    .orderBy(desc(crmSegmentRuns.createdAt))
    .limit(limit)
  return rows.map((r) => ({ ...r, summary: r.summary as unknown as SegmentSummary, createdAt: r.createdAt.toISOString() }))
}

export async function getSegmentRun({ runId }: { scope: AnyScope; runId: string }): Promise<SegmentRunView | null> {
  const [r] = await db
    .select({ ...runColumns, createdBy: sql<string | null>`(select display_name from users u where u.id = ${crmSegmentRuns.createdBy})` })
    .from(crmSegmentRuns)
    .where(eq(crmSegmentRuns.id, runId))
  return r ? { ...r, summary: r.summary as unknown as SegmentSummary, createdAt: r.createdAt.toISOString() } : null
}

/** The latest run (the one prompts, recommendations' groups and the customer card read). */
export async function latestSegmentRun(tx: DbOrTx = db) {
  const [r] = await tx
    .select({ id: crmSegmentRuns.id, params: crmSegmentRuns.params })
    .from(crmSegmentRuns)
    .orderBy(desc(crmSegmentRuns.createdAt))
    .limit(1)
  return r ?? null
}

export interface SegmentMember {
  orgId: string
  name: string
  region: string | null
  revenueMinor: number
  marginMinor: number
  valueMinor: number
  rank: number | null
  cumShare: number | null
  prevCumShare: number | null
  abc: 'A' | 'B' | 'C' | null
  monthlyMean: number
  cv: number | null
  xyz: 'X' | 'Y' | 'Z' | null
  nonZeroMonths: number
  months: number
  flags: string[]
  retention: number | null
  margin12mMinor: number | null
  clvMinor: number | null
  lastOrderOn: string | null
}

const memberColumns = {
  orgId: crmSegmentMembers.orgId,
  name: sql<string>`(select short_name from organisations o where o.id = ${crmSegmentMembers.orgId})`,
  region: sql<string | null>`(select region from organisations o where o.id = ${crmSegmentMembers.orgId})`,
  revenueMinor: crmSegmentMembers.revenueMinor,
  marginMinor: crmSegmentMembers.marginMinor,
  valueMinor: crmSegmentMembers.valueMinor,
  rank: crmSegmentMembers.rank,
  cumShare: crmSegmentMembers.cumShare,
  prevCumShare: crmSegmentMembers.prevCumShare,
  abc: crmSegmentMembers.abc,
  monthlyMean: crmSegmentMembers.monthlyMean,
  cv: crmSegmentMembers.cv,
  xyz: crmSegmentMembers.xyz,
  nonZeroMonths: crmSegmentMembers.nonZeroMonths,
  months: crmSegmentMembers.months,
  flags: crmSegmentMembers.flags,
  retention: crmSegmentMembers.retention,
  margin12mMinor: crmSegmentMembers.margin12mMinor,
  clvMinor: crmSegmentMembers.clvMinor,
  lastOrderOn: crmSegmentMembers.lastOrderOn,
}

/** A run's customers, largest value first (customers without a class last). */
export async function listSegmentMembers({
  runId,
  abc,
  xyz,
}: {
  scope: AnyScope
  runId: string
  abc?: string
  xyz?: string
}): Promise<SegmentMember[]> {
  return (await db
    .select(memberColumns)
    .from(crmSegmentMembers)
    .where(
      and(
        eq(crmSegmentMembers.runId, runId),
        abc ? eq(crmSegmentMembers.abc, abc as 'A') : undefined,
        xyz ? eq(crmSegmentMembers.xyz, xyz as 'X') : undefined,
      ),
    )
    .orderBy(sql`${crmSegmentMembers.rank} asc nulls last`, desc(crmSegmentMembers.valueMinor))) as SegmentMember[]
}

/** One customer's classes in the latest run, with the run's parameters (null: no run, or not a customer of it). */
export async function segmentOf({ orgId }: { orgId: string }, tx: DbOrTx = db) {
  const run = await latestSegmentRun(tx)
  if (!run) return null
  const [m] = await tx
    .select(memberColumns)
    .from(crmSegmentMembers)
    .where(and(eq(crmSegmentMembers.runId, run.id), eq(crmSegmentMembers.orgId, orgId)))
  return m ? { runId: run.id, params: run.params, member: m as SegmentMember } : null
}

/** The CV of every classed series, for the histogram (capped at 200 %: the last bin holds the rest). */
export function cvHistogram(members: SegmentMember[], binPct = 5, capPct = 100) {
  const bins = Array.from({ length: capPct / binPct + 1 }, (_, i) => ({ from: i * binPct, count: 0 }))
  for (const m of members) {
    if (m.cv === null) continue
    const i = Math.min(bins.length - 1, Math.floor((m.cv * 100) / binPct))
    bins[i].count++
  }
  return bins
}

/** A run as its page shows it, formatted once on the server in the reader's language. */
export async function segmentRunPage({
  scope,
  runId,
  locale,
  timeZone,
  abc,
  xyz,
}: {
  scope: AnyScope
  runId: string
  locale: Locale
  timeZone: string
  abc: string | null
  xyz: string | null
}): Promise<SegmentRunData | null> {
  const run = await getSegmentRun({ scope, runId })
  if (!run) return null
  const all = await listSegmentMembers({ scope, runId })
  const p = run.params
  const s = run.summary
  const shown = all.filter((m) => (!abc || m.abc === abc) && (!xyz || m.xyz === xyz))
  return {
    id: run.id,
    heading: translate(locale, 'crm.segments.run.heading', { at: formatDateTime(locale, run.createdAt, timeZone) }),
    paramsText: paramsSentence(locale, p, run.createdBy),
    totalsText: translate(locale, 'crm.segments.run.totals', {
      customers: s.customers,
      ranked: s.ranked,
      total: formatMoney(locale, s.totalValueMinor),
      noDemand: s.noDemand,
      intermittent: s.intermittent,
    }),
    cutA: p.cutABp / 100,
    cutB: p.cutBBp / 100,
    xCv: p.xCvBp / 100,
    yCv: p.yCvBp / 100,
    summary: s,
    pareto: all.filter((m) => m.rank !== null).map((m) => ({ rank: m.rank!, share: m.cumShare! })),
    histogram: cvHistogram(all),
    members: shown.map((m) => ({
      orgId: m.orgId,
      name: m.name,
      region: m.region,
      rank: m.rank,
      revenueMinor: m.revenueMinor,
      marginMinor: m.marginMinor,
      cumShare: m.cumShare,
      abc: m.abc,
      cv: m.cv,
      xyz: m.xyz,
      nonZeroMonths: m.nonZeroMonths,
      months: m.months,
      retention: m.retention,
      clvMinor: m.clvMinor,
      lastOrderOn: m.lastOrderOn,
      why: explainSegment(locale, m, p),
    })),
    filter: { abc, xyz },
  }
}

export function paramsSentence(locale: Locale, p: SegmentParams, by: string | null) {
  return translate(locale, 'crm.segments.run.params', {
    from: formatMonth(locale, p.fromMonth.slice(0, 7)),
    to: formatMonth(locale, p.toMonth.slice(0, 7)),
    basis: translate(locale, p.basis === 'margin' ? 'crm.segments.basis.margin' : 'crm.segments.basis.revenue'),
    cutA: p.cutABp / 100,
    cutB: p.cutBBp / 100,
    xCv: p.xCvBp / 100,
    yCv: p.yCvBp / 100,
    discount: p.discountBp / 100,
    seasonal: p.seasonal ? translate(locale, 'crm.segments.run.seasonal') : '',
    by: by ?? '—',
  })
}

/** The run's customers as a sheet (CSV in the reader's dialect, or XLSX), with the same explanations as the page. */
export async function segmentRunSheet({ scope, runId, locale }: { scope: AnyScope; runId: string; locale: Locale }) {
  const run = await getSegmentRun({ scope, runId })
  if (!run) return null
  const members = await listSegmentMembers({ scope, runId })
  const columns: MessageKey[] = [
    'crm.segments.col.rank',
    'crm.segments.col.customer',
    'crm.segments.col.region',
    'crm.segments.col.revenue',
    'crm.segments.col.margin',
    'crm.segments.col.cumShare',
    'crm.segments.col.abc',
    'crm.segments.col.cv',
    'crm.segments.col.xyz',
    'crm.segments.col.months',
    'crm.segments.col.retention',
    'crm.segments.col.clv',
    'crm.segments.col.lastOrder',
    'crm.segments.col.why',
  ]
  const header = columns.map((k) => translate(locale, k))
  const rows = members.map((m) => [
    m.rank,
    m.name,
    regionLabel(locale, m.region),
    m.revenueMinor / 100,
    m.marginMinor / 100,
    m.cumShare === null ? null : Math.round(m.cumShare * 10000) / 100,
    m.abc,
    m.cv === null ? null : Math.round(m.cv * 10000) / 100,
    m.xyz,
    m.nonZeroMonths,
    m.retention === null ? null : Math.round(m.retention * 1000) / 1000,
    m.clvMinor === null ? null : m.clvMinor / 100,
    m.lastOrderOn,
    explainSegment(locale, m, run.params).join(' '),
  ])
  return { header, rows }
}

export async function segmentRunExport({ scope, runId, locale, format }: { scope: AnyScope; runId: string; locale: Locale; format: 'csv' | 'xlsx' }) {
  const sheet = await segmentRunSheet({ scope, runId, locale })
  if (!sheet) return null
  const name = `segments-${runId.slice(0, 8)}`
  return format === 'csv'
    ? csvResponse(
        `${name}.csv`,
        toCsv(
          sheet.header,
          sheet.rows.map((r) => r.map((v) => (typeof v === 'number' && !Number.isInteger(v) ? decimal(v) : v))),
          locale,
        ),
      )
    : attachment(writeXlsx('Segments', sheet.header, sheet.rows), `${name}.xlsx`, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
}
