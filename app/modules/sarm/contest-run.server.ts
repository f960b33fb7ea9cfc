import { eq, sql } from 'drizzle-orm'
import { db, type Tx } from '../../../db/client.server'
import { rowsOf } from '../../../db/drivers.server'
import { contestAwards, contestRuns, contests } from '../../../db/schema/sarm'
import { writeAudit, type Actor } from '../audit/mutations.server'
import type { AnyScope } from '../auth/scope.server'
import { accrueLedgerLines, holdLedgerLineIn, type HoldReason } from '../incentives/ledger.server'
import { businessClock } from '../../utils/clock.server'
import { awardPrizes } from './bonus-rules'
import { checkShop, defaultThresholds, endOfWindow, normalisedHhi, velocity, type Flag, type Thresholds } from './contest-checks'

// "Run the checks" of a contest (issue 14; anchors §3.3): after the period ends, in ONE transaction, the standings
// from confirmed sales, the rules R1–R7 for every shop, the prizes and their ledger lines — held when the winner's
// shop has a flag — and the run with what it used. Before a run no prize line exists, so nothing can be paid
// unchecked. The figures come from a handful of set-based statements over the contest and its six baseline periods
// (bench:sarm: 2,000,000 reports); the rules are the pure functions of contest-checks.ts, fed by those figures.
//
// The share rules always read units, whatever the contest ranks by: a binomial tail over kopecks means nothing.

/** Why a flag fired, as stored: the pure rules' reasons and R6's own. */
export type FlagReason = Flag['reason'] | 'duplicate_serial' | 'serial_not_delivered' | 'receipt_reused' | 'receipt_out_of_sequence'
export type FlagRule = Flag['rule'] | 'R6'

/** The plain reason the dealer sees for a held prize (ledger.hold.<code>), by rule. */
export const holdReasonOf: Record<FlagRule, HoldReason> = {
  R1: 'concentration',
  R2: 'concentration',
  R4: 'concentration',
  R3: 'review',
  R5: 'review',
  R7: 'review',
  R6: 'claims',
}

export const BASELINE_PERIODS = 6
/** R5: returns of contest sales counted when they come within this many days after the contest. */
export const RETURN_WINDOW_DAYS = 30
/** R7's rate rule needs this many sellers in the network; R1 for a short history this many shops of a size. */
export const MIN_SELLERS_FOR_P99 = 100
const MIN_SHOPS_FOR_P95 = 20

export type RunResult =
  | { ok: true; runId: string; awards: number; held: number; flags: number; durationMs: number }
  | { ok: false; status: 404 | 409; message: 'sarm.contest.error.notFound' | 'sarm.contest.error.notEnded' | 'sarm.contest.error.alreadyChecked' }

export const accrualKeyOfPrize = (contestId: string, rank: number) => `contest_prize:${contestId}:${rank}`

/** The contest's thresholds: its own over the defaults (a stored value that is not a number is ignored). */
export function thresholdsOf(stored: Record<string, number> | null | undefined): Thresholds {
  const t = { ...defaultThresholds }
  for (const key of Object.keys(t) as (keyof Thresholds)[]) {
    const v = stored?.[key]
    if (typeof v === 'number' && Number.isFinite(v)) t[key] = v
  }
  return t
}

interface SellerRow {
  shop_id: string
  org_id: string
  user_id: string
  score: number
  units: number
  base_score: number
  base_units: number
  days: number
  qty: number
  returned_soon: number
}
interface ShopRow {
  shop_id: string
  org_id: string
  /** Units per seller in each baseline period, as `period:units,units;…`. */
  baseline: string | null
  roster: number
  last_units: number
  units: number
  base_last_units: number
  base_units: number
  base_qty: number
  base_returned: number
  top_customer: number
}

/** Runs a contest's checks and awards its prizes (see the file's comment). Partner managers only. */
export async function runContestChecks({ scope, actor, contestId }: { scope: AnyScope; actor: Actor; contestId: string }): Promise<RunResult> {
  void scope
  const started = performance.now()
  return db.transaction(async (tx) => {
    // One run at a time per contest: the row lock makes a second click wait, then find the contest checked.
    const [contest] = await tx.select().from(contests).where(eq(contests.id, contestId)).for('update')
    if (!contest) return { ok: false, status: 404, message: 'sarm.contest.error.notFound' } as const
    const { today } = await businessClock(tx)
    if (contest.periodEnd >= today || contest.status === 'draft') return { ok: false, status: 409, message: 'sarm.contest.error.notEnded' } as const
    // A prize decided on one run's figures is never re-awarded by another: the checks run once per contest.
    if (contest.status !== 'running') return { ok: false, status: 409, message: 'sarm.contest.error.alreadyChecked' } as const
    const t = thresholdsOf(contest.thresholds)
    // Where the time goes, stored with the run (and printed by bench:sarm).
    const phases: Record<string, number> = {}
    let mark = performance.now()
    const lap = (name: string) => {
      phases[name] = Math.round(performance.now() - mark)
      mark = performance.now()
    }
    const figures = await contestFigures(tx, contest, t)
    lap('figuresMs')
    const evaluated = evaluateShops(figures, t, contest.minActiveSellers)
    lap('rulesMs')
    const integrity = await claimIntegrity(tx, contest)
    lap('claimsMs')
    const allFlags = [...evaluated.flags, ...integrity]
    const flaggedShops = new Map<string, Set<HoldReason>>()
    for (const f of allFlags) flaggedShops.set(f.shopId, (flaggedShops.get(f.shopId) ?? new Set()).add(holdReasonOf[f.rule]))

    const prizes = [...contest.prizes].sort((a, b) => a.rank - b.rank).map((p) => p.amountMinor)
    const awarded = awardPrizes(evaluated.standings, prizes)
    const seller = new Map(figures.sellers.map((s) => [s.user_id, s]))
    const durationMs = Math.round(performance.now() - started)
    const summary = {
      shops: figures.shops.length,
      sellers: figures.sellers.length,
      qualifiedShops: evaluated.qualifiedShops,
      flaggedShops: flaggedShops.size,
      flags: allFlags.length,
      awards: awarded.length,
      held: awarded.filter((a) => flaggedShops.has(seller.get(a.assistantId)!.shop_id)).length,
      totalMinor: awarded.reduce((s, a) => s + a.amountMinor, 0),
      ...phases,
    }
    const [run] = await tx
      .insert(contestRuns)
      .values({ contestId, by: actor.userId, thresholds: t, summary, durationMs })
      .returning({ id: contestRuns.id })
    if (allFlags.length) {
      const rows = JSON.stringify(
        allFlags.map((f) => ({
          org_id: f.orgId,
          shop_id: f.shopId,
          user_id: f.userId,
          rule: f.rule,
          reason: f.reason,
          figures: f.figures,
          thresholds: f.thresholds,
        })),
      )
      await tx.execute(sql`
        insert into contest_flags (run_id, contest_id, org_id, shop_id, user_id, rule, reason, figures, thresholds)
        select ${run.id}::uuid, ${contestId}::uuid, v.org_id, v.shop_id, v.user_id, v.rule, v.reason, v.figures, v.thresholds
        from jsonb_to_recordset(${rows}::jsonb) as v(org_id uuid, shop_id uuid, user_id uuid, rule text, reason text, figures jsonb, thresholds jsonb)`)
    }

    const lines = await accrueLedgerLines(
      tx,
      actor,
      awarded.map((a) => {
        const s = seller.get(a.assistantId)!
        return {
          orgId: s.org_id,
          userId: a.assistantId,
          source: 'contest_prize' as const,
          programmeId: contestId,
          programmeNameRu: contest.nameRu,
          programmeNameEn: contest.nameEn,
          periodStart: contest.periodStart,
          periodEnd: contest.periodEnd,
          amountMinor: a.amountMinor,
          accrualKey: accrualKeyOfPrize(contestId, a.rank),
          explanation: {
            key:
              contest.metric === 'revenue'
                ? 'sarm.explain.contestPrizeRevenue'
                : contest.improvement
                  ? 'sarm.explain.contestPrizeGain'
                  : 'sarm.explain.contestPrize',
            params: {
              rank: a.rank,
              score: a.score,
              scoreMinor: a.score,
              units: s.units,
              startOn: contest.periodStart,
              endOn: contest.periodEnd,
              amountMinor: a.amountMinor,
            },
            inputs: { contestId, runId: run.id, metric: contest.metric, improvement: contest.improvement, baselinePeriods: BASELINE_PERIODS },
          },
        }
      }),
    )
    const lineOf = new Map(lines.map((l) => [l.accrualKey, l.lineId]))
    let held = 0
    for (const a of awarded) {
      const s = seller.get(a.assistantId)!
      const lineId = lineOf.get(accrualKeyOfPrize(contestId, a.rank)) ?? null
      await tx.insert(contestAwards).values({
        contestId,
        runId: run.id,
        orgId: s.org_id,
        shopId: s.shop_id,
        userId: a.assistantId,
        rank: a.rank,
        score: a.score,
        amountMinor: a.amountMinor,
        ledgerLineId: lineId,
      })
      const reasons = flaggedShops.get(s.shop_id)
      if (reasons && lineId) {
        held++
        await holdLedgerLineIn(tx, actor, { lineId, reasons: [...reasons], note: `contest ${contestId} run ${run.id}` })
      }
    }
    await tx.update(contests).set({ status: 'checked' }).where(eq(contests.id, contestId))
    await writeAudit(tx, actor, {
      action: 'contest.checked',
      entity: 'contest',
      entityId: contestId,
      orgId: null,
      details: { runId: run.id, thresholds: t, ...summary },
    })
    return {
      ok: true,
      runId: run.id,
      awards: awarded.length,
      held,
      flags: allFlags.length,
      durationMs: Math.round(performance.now() - started),
    } as const
  })
}

type ContestRow = typeof contests.$inferSelect

/** The SQL conditions a contest puts on a sale report `r` (dealers taking part; products or categories). */
function salesFilter(contest: ContestRow) {
  const orgs = `{${contest.orgIds.join(',')}}`
  const productIds = `{${contest.productIds.join(',')}}`
  const categoryIds = `{${contest.categoryIds.join(',')}}`
  const products =
    contest.productIds.length || contest.categoryIds.length
      ? sql`and (r.product_id = any(${productIds}::uuid[]) or exists (select 1 from products p where p.id = r.product_id and p.category_id = any(${categoryIds}::uuid[])))`
      : sql``
  return sql`r.status = 'confirmed' and (cardinality(${orgs}::uuid[]) = 0 or r.org_id = any(${orgs}::uuid[])) ${products}`
}

/** Days in the contest period (inclusive), the length of each baseline period. */
export function periodLength(contest: { periodStart: string; periodEnd: string }) {
  return Math.round((Date.parse(`${contest.periodEnd}T00:00:00Z`) - Date.parse(`${contest.periodStart}T00:00:00Z`)) / 86_400_000) + 1
}

/**
 * The contest's figures in three statements: each seller's sales by period into a temporary table (period 0 the
 * contest, 1..6 the previous periods of the same length, newest first), then per seller and per shop from it.
 */
export async function contestFigures(tx: Tx, contest: ContestRow, t: Thresholds) {
  const len = periodLength(contest)
  const ps = contest.periodStart
  const pe = contest.periodEnd
  // The last tenth of each period's days (at least one): R5's end-of-window share.
  const lastDays = Math.max(1, Math.ceil(len * t.r5LastDaysShare))
  const revenue = contest.metric === 'revenue'
  // One analytical transaction over every report of seven periods: with the default 4 MB its aggregates and sorts
  // spill to disk (EXPLAIN on bench:sarm's 2,000,000 reports); the setting ends with the transaction.
  await tx.execute(sql`select set_config('work_mem', '64MB', true)`)
  await tx.execute(sql`drop table if exists pg_temp.contest_sales`)
  await tx.execute(sql`
    create temp table contest_sales on commit drop as
    select r.org_id, r.shop_id, r.user_id, x.period,
      sum(r.qty - r.returned_qty)::float8 as units,
      sum((r.qty - r.returned_qty) * ${revenue ? sql`r.unit_price_minor` : sql`1`})::float8 as score,
      sum(r.qty - r.returned_qty) filter (where x.offset_day >= ${len - lastDays}::int)::float8 as last_units,
      sum(r.qty)::float8 as qty,
      sum(r.returned_qty) filter (where r.returned_on <= ${pe}::date + ${RETURN_WINDOW_DAYS}::int - ${len}::int * x.period)::float8 as returned_soon
    from sale_reports r
    cross join lateral (select case when r.sold_on >= ${ps}::date then 0 else (${ps}::date - r.sold_on - 1) / ${len}::int + 1 end as period) p0
    cross join lateral (select p0.period, (r.sold_on - (${ps}::date - ${len}::int * p0.period))::int as offset_day) x
    where r.sold_on between ${ps}::date - ${len * BASELINE_PERIODS}::int and ${pe}::date and ${salesFilter(contest)}
    group by r.org_id, r.shop_id, r.user_id, x.period`)
  // The planner knows nothing of a table made a moment ago: without its statistics it guesses badly for the joins below.
  await tx.execute(sql`analyze contest_sales`)
  const sellers = rowsOf<SellerRow>(
    await tx.execute(sql`
      select shop_id, org_id, user_id,
        coalesce(sum(score) filter (where period = 0), 0)::float8 as score,
        coalesce(sum(units) filter (where period = 0), 0)::float8 as units,
        coalesce(sum(score) filter (where period > 0), 0)::float8 as base_score,
        coalesce(sum(units) filter (where period > 0), 0)::float8 as base_units,
        coalesce(sum(qty) filter (where period = 0), 0)::float8 as qty,
        coalesce(sum(returned_soon) filter (where period = 0), 0)::float8 as returned_soon
      from contest_sales group by shop_id, org_id, user_id`),
  )
  // Selling days only in the contest period (R7), apart: a distinct count in the big aggregate would make it sort
  // all seven periods' reports instead of hashing them.
  const days = rowsOf<{ shop_id: string; user_id: string; days: number }>(
    await tx.execute(sql`
      select r.shop_id, r.user_id, count(distinct r.sold_on)::int as days from sale_reports r
      where r.sold_on between ${ps}::date and ${pe}::date and ${salesFilter(contest)} group by r.shop_id, r.user_id`),
  )
  const daysOf = new Map(days.map((d) => [`${d.shop_id}:${d.user_id}`, Number(d.days)]))
  for (const seller of sellers) seller.days = daysOf.get(`${seller.shop_id}:${seller.user_id}`) ?? 0
  const shops = rowsOf<ShopRow>(
    await tx.execute(sql`
      with base as (
        select shop_id, string_agg(period || ':' || units, ';') as baseline from (
          select shop_id, period, string_agg(units::text, ',') as units from contest_sales where period > 0 and units > 0 group by shop_id, period
        ) p group by shop_id
      ), per_shop as (
        select shop_id, min(org_id::text)::uuid as org_id,
          coalesce(sum(last_units) filter (where period = 0), 0)::float8 as last_units,
          coalesce(sum(units) filter (where period = 0), 0)::float8 as units,
          coalesce(sum(last_units) filter (where period > 0), 0)::float8 as base_last_units,
          coalesce(sum(units) filter (where period > 0), 0)::float8 as base_units,
          coalesce(sum(qty) filter (where period > 0), 0)::float8 as base_qty,
          coalesce(sum(returned_soon) filter (where period > 0), 0)::float8 as base_returned
        from contest_sales group by shop_id
      ), customers as (
        select shop_id, max(n)::int as top_customer from (
          select r.shop_id, count(*) as n from sale_reports r
          where r.sold_on between ${ps}::date and ${pe}::date and r.customer_phone is not null and ${salesFilter(contest)}
          group by r.shop_id, r.customer_phone) c group by shop_id
      ), roster as (
        select a.shop_id, count(distinct a.user_id)::int as roster from shop_assistants a
        where a.status = 'active' and a.starts_on <= ${pe}::date and (a.ends_on is null or a.ends_on >= ${ps}::date)
          and a.shop_id in (select shop_id from per_shop)
        group by a.shop_id
      )
      select s.*, coalesce(ro.roster, 0)::int as roster, coalesce(cu.top_customer, 0)::int as top_customer, b.baseline
      from per_shop s left join roster ro on ro.shop_id = s.shop_id left join customers cu on cu.shop_id = s.shop_id
        left join base b on b.shop_id = s.shop_id`),
  )
  return { sellers: sellers.map(numbers), shops: shops.map(numbers), improvement: contest.improvement }
}

/** postgres.js hands float8 over as numbers, but a sum may come as text on some paths: make every figure a number. */
function numbers<T extends object>(row: T): T {
  const out = { ...row } as Record<string, unknown>
  for (const [k, v] of Object.entries(out))
    if (typeof v === 'string' && /^-?\d+(\.\d+)?(e[-+]?\d+)?$/i.test(v) && !k.endsWith('_id')) out[k] = Number(v)
  return out as T
}

export interface StoredFlag {
  orgId: string
  shopId: string
  userId: string | null
  rule: FlagRule
  reason: FlagReason
  figures: Record<string, number | string | null>
  thresholds: Record<string, number>
}

/**
 * The standings and the share and timing rules for every shop, from the figures: each shop's top seller is its
 * candidate winner (the one the rules ask about); a shop qualifies with at least `minActive` active sellers.
 */
export function evaluateShops(figures: Awaited<ReturnType<typeof contestFigures>>, t: Thresholds, minActive: number) {
  const bySeller = new Map<string, SellerRow[]>()
  for (const s of figures.sellers) {
    const list = bySeller.get(s.shop_id)
    if (list) list.push(s)
    else bySeller.set(s.shop_id, [s])
  }
  // R1 for shops with a short history compares with the network's 95th percentile of HHI* for shops of that size.
  const starBySize = new Map<number, number[]>()
  for (const sellers of bySeller.values()) {
    const units = sellers.map((s) => s.units).filter((u) => u > 0)
    if (!units.length) continue
    const list = starBySize.get(units.length)
    if (list) list.push(normalisedHhi(units))
    else starBySize.set(units.length, [normalisedHhi(units)])
  }
  const p95BySize = new Map<number, number>()
  for (const [size, xs] of starBySize)
    if (xs.length >= MIN_SHOPS_FOR_P95) p95BySize.set(size, [...xs].sort((a, b) => a - b)[Math.floor(0.95 * (xs.length - 1))])
  // R7: units per selling day against the network's 99th percentile — only where the network has enough sellers
  // for a 99th percentile to mean something (below that the top seller would be measured against itself).
  const rates = figures.sellers.filter((s) => s.days > 0).map((s) => s.units / s.days)
  const networkP99 =
    rates.length >= MIN_SELLERS_FOR_P99 ? [...rates].sort((a, b) => a - b)[Math.floor(0.99 * (rates.length - 1))] : Number.POSITIVE_INFINITY

  const flags: StoredFlag[] = []
  const standings: { assistantId: string; score: number; qualified: boolean }[] = []
  let qualifiedShops = 0
  for (const shop of figures.shops) {
    const sellers = (bySeller.get(shop.shop_id) ?? []).sort((a, b) => (a.user_id < b.user_id ? -1 : 1))
    const scoreOf = (s: SellerRow) => Math.round(figures.improvement ? s.score - s.base_score / BASELINE_PERIODS : s.score)
    const active = sellers.filter((s) => s.units > 0).length
    const qualified = active >= minActive
    if (qualified) qualifiedShops++
    for (const s of sellers) standings.push({ assistantId: s.user_id, score: scoreOf(s), qualified })
    if (!(shop.units > 0)) continue
    let winner = 0
    sellers.forEach((s, i) => {
      if (scoreOf(s) > scoreOf(sellers[winner]) || (scoreOf(s) === scoreOf(sellers[winner]) && s.units > sellers[winner].units)) winner = i
    })
    const w = sellers[winner]
    const baseline = (shop.baseline ?? '')
      .split(';')
      .filter(Boolean)
      .map((part) => part.split(':')[1].split(',').map(Number))
    const shopFlags = [
      ...checkShop(
        {
          contest: sellers.map((s) => s.units),
          baseline,
          winner,
          winnerBaselineUnits: w.base_units,
          rosterSize: shop.roster,
          networkP95NormalisedHhi: p95BySize.get(active),
        },
        t,
      ),
      endOfWindow(
        {
          lastDaysShare: shop.units > 0 ? shop.last_units / shop.units : 0,
          baselineLastDaysShare: shop.base_units > 0 ? shop.base_last_units / shop.base_units : 0,
          winnerReturnRate: w.qty > 0 ? w.returned_soon / w.qty : 0,
          shopReturnRate: shop.base_qty > 0 ? shop.base_returned / shop.base_qty : 0,
        },
        t,
      ),
      velocity({ unitsPerSellerDay: w.days > 0 ? w.units / w.days : 0, networkP99, mostSalesToOneCustomer: shop.top_customer }, t),
    ].filter((f): f is Flag => f !== null)
    for (const f of shopFlags)
      flags.push({
        orgId: shop.org_id,
        shopId: shop.shop_id,
        userId: w.user_id,
        rule: f.rule,
        reason: f.reason,
        figures: f.figures,
        thresholds: f.thresholds,
      })
  }
  return { standings, flags, qualifiedShops }
}

/**
 * R6, claim integrity, as rows: a serial claimed twice (compared as people write it: case and spaces aside), a
 * serial the operator never delivered to this dealer, a receipt number the shop used on different days or for
 * different sellers, and a numbered receipt lower than one the shop issued on an earlier day. One flag per shop
 * and reason, with the count and a few examples.
 */
export async function claimIntegrity(tx: Tx, contest: ContestRow): Promise<StoredFlag[]> {
  const ps = contest.periodStart
  const pe = contest.periodEnd
  const rows = rowsOf<{ org_id: string; shop_id: string; user_id: string | null; reason: FlagReason; n: number; examples: string }>(
    await tx.execute(sql`
      with s as (
        select r.id, r.org_id, r.shop_id, r.user_id, r.product_id, r.serial, r.receipt_no, r.sold_on from sale_reports r
        where r.sold_on between ${ps}::date and ${pe}::date and ${salesFilter(contest)}
      ), dup as (
        select s.org_id, s.shop_id, s.user_id, 'duplicate_serial' as reason, s.serial as example from s
        where s.serial is not null and exists (
          select 1 from sale_reports o where o.product_id = s.product_id and o.id <> s.id and o.status <> 'rejected'
            and o.serial is not null and upper(replace(o.serial, ' ', '')) = upper(replace(s.serial, ' ', '')))
      ), undelivered as (
        select s.org_id, s.shop_id, s.user_id, 'serial_not_delivered' as reason, s.serial as example from s
        where s.serial is not null and not exists (
          select 1 from serial_deliveries d where d.product_id = s.product_id and d.serial = s.serial and d.org_id = s.org_id)
      ), reused as (
        -- min/max rather than distinct counts: they hash, where a distinct count sorts every receipt.
        select min(s.org_id::text)::uuid as org_id, s.shop_id, null::uuid as user_id, 'receipt_reused' as reason, s.receipt_no as example
        from s group by s.shop_id, s.receipt_no having min(s.sold_on) <> max(s.sold_on) or min(s.user_id::text) <> max(s.user_id::text)
      ), numbered_days as (
        -- Each till numbers its own receipts: the sequence is per shop and prefix ("K1-", "K2-"), read a day at a time
        -- (the day's lowest number against the highest of the days before), so the window runs over days, not receipts.
        -- rtrim splits prefix and number: three regular expressions per receipt cost seconds over 300,000 of them.
        select min(s.org_id::text)::uuid as org_id, s.shop_id, s.sold_on, p.prefix, min(p.digits::bigint) as low, max(p.digits::bigint) as high,
          min(s.receipt_no) as example
        from s cross join lateral (select rtrim(s.receipt_no, '0123456789') as prefix) q
        cross join lateral (select q.prefix, substr(s.receipt_no, length(q.prefix) + 1) as digits) p
        where length(p.digits) between 1 and 15
        group by s.shop_id, s.sold_on, p.prefix
      ), sequenced as (
        select d.*, max(d.high) over (partition by d.shop_id, d.prefix order by d.sold_on rows between unbounded preceding and 1 preceding) as before
        from numbered_days d
      ), out_of_sequence as (
        select org_id, shop_id, null::uuid as user_id, 'receipt_out_of_sequence' as reason, example from sequenced where low < before
      ), found as (
        select * from dup union all select * from undelivered union all select * from reused union all select * from out_of_sequence
      )
      select min(org_id::text)::uuid as org_id, shop_id, case when count(distinct user_id) = 1 then min(user_id::text)::uuid end as user_id,
        reason, count(*)::int as n, string_agg(distinct example, ', ') as examples
      from found group by shop_id, reason`),
  )
  return rows.map((r) => ({
    orgId: r.org_id,
    shopId: r.shop_id,
    userId: r.user_id,
    rule: 'R6',
    reason: r.reason,
    figures: { count: Number(r.n), examples: r.examples.split(', ').slice(0, 5).join(', ') },
    thresholds: { count: 1 },
  }))
}
