import { and, asc, desc, eq, sql } from 'drizzle-orm'
import { db, type DbOrTx } from '../../../db/client.server'
import { rowsOf } from '../../../db/drivers.server'
import { categories } from '../../../db/schema/catalog'
import { crmForecastRuns, crmForecasts } from '../../../db/schema/crm'
import { operatorTimeZone } from '../../utils/clock.server'
import type { Scope } from '../auth/scope.server'
import { inScope } from '../auth/scope.server'
import { writeAudit, type Actor } from '../audit/mutations.server'
import { forecastSeries, HORIZON } from './forecasting'

// Forecast runs (issue 15 "Forecasts"): monthly series from delivered orders (Σ net by customer × category and by
// category), fitted in JS by ./forecasting, stored with their accuracy and reasons in one transaction.

/** The history window: up to 36 whole months before the current one; a series starts at its first month with sales. */
export const MAX_HISTORY = 36

export function addMonths(month: string, n: number) {
  const [y, m] = month.split('-').map(Number) as [number, number]
  const d = new Date(Date.UTC(y, m - 1 + n, 1))
  return d.toISOString().slice(0, 10)
}

type Row = { org_id: string | null; category_id: string; month: string; net: number | string }

/** The monthly aggregate in SQL: per customer × category, plus the category totals (grouping sets). */
export async function monthlyAggregates(tx: DbOrTx, currentMonth: string) {
  const from = addMonths(currentMonth, -MAX_HISTORY)
  return rowsOf<Row>(
    await tx.execute(sql`
      select org_id, category_id, month, sum(net) as net
      from (select o.org_id, p.category_id, l.net_minor as net,
                   to_char(date_trunc('month', o.delivered_at at time zone ${operatorTimeZone}), 'YYYY-MM-01') as month
            from orders o join order_lines l on l.order_id = o.id join products p on p.id = l.product_id
            where o.status = 'delivered' and o.delivered_at is not null
              and o.delivered_at >= (${from}::date)::timestamp at time zone ${operatorTimeZone}
              and o.delivered_at < (${currentMonth}::date)::timestamp at time zone ${operatorTimeZone}) d
      group by grouping sets ((org_id, category_id, month), (category_id, month))`),
  )
}

export type SeriesInput = {
  seriesKey: string
  level: 'customer_category' | 'category'
  orgId: string | null
  categoryId: string
  firstMonth: string
  history: number[]
}

/** Zero months filled from the series' first month with sales to the last whole month. */
export function buildSeries(rows: Row[], currentMonth: string): SeriesInput[] {
  const byKey = new Map<string, { orgId: string | null; categoryId: string; months: Map<string, number> }>()
  for (const r of rows) {
    const key = r.org_id ? `org:${r.org_id}:cat:${r.category_id}` : `cat:${r.category_id}`
    const s = byKey.get(key) ?? { orgId: r.org_id, categoryId: r.category_id, months: new Map() }
    s.months.set(r.month, Number(r.net))
    byKey.set(key, s)
  }
  return [...byKey.entries()].map(([seriesKey, s]) => {
    const firstMonth = [...s.months.keys()].sort()[0]!
    const history: number[] = []
    for (let m = firstMonth; m < currentMonth; m = addMonths(m, 1)) history.push(s.months.get(m) ?? 0)
    return { seriesKey, level: s.orgId ? 'customer_category' : 'category', orgId: s.orgId, categoryId: s.categoryId, firstMonth, history }
  })
}

export type RunParams = { currentMonth: string; horizon: number; maxHistory: number }

/** One run over every series: aggregate, fit, store, audit, in one transaction. Same data and parameters, same result. */
export async function runForecasts({ actor, today }: { actor: Actor; today: string }) {
  const currentMonth = `${today.slice(0, 7)}-01`
  const params: RunParams = { currentMonth, horizon: HORIZON, maxHistory: MAX_HISTORY }
  return db.transaction(async (tx) => {
    const series = buildSeries(await monthlyAggregates(tx, currentMonth), currentMonth)
    const [run] = await tx
      .insert(crmForecastRuns)
      .values({ params, seriesCount: series.length, createdBy: actor.userId })
      .returning({ id: crmForecastRuns.id })
    const rows = series.map((s) => {
      const f = forecastSeries(s.history, HORIZON)
      return {
        runId: run!.id,
        ...s,
        method: f.method,
        reason: f.reason,
        accuracy: f.accuracy as Record<string, { mae: number; wmape: number | null; mase: number | null }>,
        fit: f.fit,
        points: f.points.map((p, i) => ({ month: addMonths(currentMonth, i), ...p })),
      }
    })
    for (let i = 0; i < rows.length; i += 500) await tx.insert(crmForecasts).values(rows.slice(i, i + 500))
    const methods = rows.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.method]: (acc[r.method] ?? 0) + 1 }), {})
    await writeAudit(tx, actor, {
      action: 'crm_forecasts.run',
      entity: 'crm_forecast_run',
      entityId: run!.id,
      details: { series: rows.length, methods, currentMonth },
    })
    return { runId: run!.id, seriesCount: rows.length, methods }
  })
}

async function latestRun(tx: DbOrTx = db) {
  const [run] = await tx
    .select({
      id: crmForecastRuns.id,
      createdAt: crmForecastRuns.createdAt,
      params: crmForecastRuns.params,
      seriesCount: crmForecastRuns.seriesCount,
    })
    .from(crmForecastRuns)
    .orderBy(desc(crmForecastRuns.createdAt))
    .limit(1)
  return run ?? null
}

const forecastColumns = {
  seriesKey: crmForecasts.seriesKey,
  level: crmForecasts.level,
  orgId: crmForecasts.orgId,
  categoryId: crmForecasts.categoryId,
  categoryRu: categories.nameRu,
  categoryEn: categories.nameEn,
  firstMonth: crmForecasts.firstMonth,
  history: crmForecasts.history,
  method: crmForecasts.method,
  reason: crmForecasts.reason,
  accuracy: crmForecasts.accuracy,
  fit: crmForecasts.fit,
  points: crmForecasts.points,
}

/** The latest run's category-level series (the analytics page); staff only. */
export async function listCategoryForecasts({ scope }: { scope: Scope }) {
  const run = await latestRun()
  if (!run || scope.kind !== 'any') return { run, rows: [] }
  const rows = await db
    .select(forecastColumns)
    .from(crmForecasts)
    .innerJoin(categories, eq(categories.id, crmForecasts.categoryId))
    .where(and(eq(crmForecasts.runId, run.id), eq(crmForecasts.level, 'category')))
    .orderBy(asc(categories.sort), asc(categories.nameRu))
  return { run, rows }
}

/** One series of the latest run by its key, within the scope. */
export async function getSeriesForecast({ scope, seriesKey }: { scope: Scope; seriesKey: string }) {
  const run = await latestRun()
  if (!run) return null
  const [row] = await db
    .select(forecastColumns)
    .from(crmForecasts)
    .innerJoin(categories, eq(categories.id, crmForecasts.categoryId))
    .where(and(eq(crmForecasts.runId, run.id), eq(crmForecasts.seriesKey, seriesKey), inScope(scope, crmForecasts.orgId)))
  return row ?? null
}

/** The customer's series (customer × category) of the latest run: the card's forecast tab and the PRM hint. */
export async function latestForecast({ orgId, categoryId }: { orgId: string; categoryId?: string }) {
  const run = await latestRun()
  if (!run) return []
  return db
    .select(forecastColumns)
    .from(crmForecasts)
    .innerJoin(categories, eq(categories.id, crmForecasts.categoryId))
    .where(
      and(
        eq(crmForecasts.runId, run.id),
        eq(crmForecasts.orgId, orgId),
        eq(crmForecasts.level, 'customer_category'),
        categoryId ? eq(crmForecasts.categoryId, categoryId) : undefined,
      ),
    )
    .orderBy(asc(categories.sort), asc(categories.nameRu))
}

/**
 * Σ of the published forecast points of the customer's series (of one category, if given) whose month lies in
 * [from, to] (YYYY-MM-DD, whole months by their first day), with the sums by month, the method most series used,
 * why (that method's most common reason, with the mean MASE of Holt-Winters and of the baseline over those
 * series) and the mean MASE of the published methods; null when no run covers that period.
 */
export async function forecastForPeriod({ orgId, categoryId, from, to }: { orgId: string; categoryId?: string | null; from: string; to: string }) {
  const series = await latestForecast({ orgId, categoryId: categoryId ?? undefined })
  let total = 0
  const byMonth: Record<string, number> = {}
  const methods: Record<string, number> = {}
  const masks: number[] = []
  const used: typeof series = []
  for (const s of series) {
    const inPeriod = s.points.filter((p) => p.month >= `${from.slice(0, 7)}-01` && p.month <= to)
    if (!inPeriod.length) continue
    used.push(s)
    for (const p of inPeriod) {
      total += p.value
      byMonth[p.month] = (byMonth[p.month] ?? 0) + p.value
    }
    methods[s.method] = (methods[s.method] ?? 0) + 1
    const mase = s.accuracy[s.method]?.mase
    if (mase != null) masks.push(mase)
  }
  if (!used.length) return null
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null)
  const top = (counts: Record<string, number>) => Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0]
  const method = top(methods)
  const reasons: Record<string, number> = {}
  for (const s of used) if (s.method === method) reasons[s.reason] = (reasons[s.reason] ?? 0) + 1
  const reason = top(reasons)
  const because = used.filter((s) => s.method === method && s.reason === reason)
  const maseOf = (m: string) => mean(because.flatMap((s) => (s.accuracy[m]?.mase != null ? [s.accuracy[m]!.mase!] : [])))
  return {
    total,
    months: Object.keys(byMonth).length,
    byMonth,
    method,
    reason,
    series: used.length,
    methodSeries: methods[method]!,
    hwMase: maseOf('holt_winters'),
    snMase: maseOf('seasonal_naive'),
    mase: mean(masks),
  }
}

export { latestRun as getLatestForecastRun }
