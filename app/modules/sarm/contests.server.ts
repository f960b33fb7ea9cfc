import { and, asc, desc, eq, sql } from 'drizzle-orm'
import { db } from '../../../db/client.server'
import { rowsOf } from '../../../db/drivers.server'
import { contestAwards, contestRuns, contests } from '../../../db/schema/sarm'
import { writeAudit, type Actor } from '../audit/mutations.server'
import { inScope, type AnyScope, type OrgScope } from '../auth/scope.server'
import { productFormOptions } from '../catalog/queries.server'
import { releaseLedgerLine, reverseLedgerLine } from '../incentives/ledger.server'
import { listOrganisationOptions } from '../tenancy/queries.server'
import { ledgerLineStates } from '../incentives/queries.server'
import { BASELINE_PERIODS, periodLength, thresholdsOf, type FlagRule } from './contest-run.server'
import type { ContestInput } from './contest-schemas'

// Contests (issue 14): the partner manager's settings and review, the dealer's view of its shops' part (a held
// prize shows only its plain reason) and the assistant's rules, standing and the cross-dealer leaderboard. The
// checks and prizes themselves are contest-run.server.ts.

export type SaveResult =
  { ok: true; id: string } | { ok: false; status: 404 | 409; message: 'sarm.contest.error.notFound' | 'sarm.contest.error.alreadyChecked' }

/** Creates or edits a contest; once its checks have run, its settings are what the run used and stay. */
export async function saveContest({
  scope,
  actor,
  contestId,
  input,
}: {
  scope: AnyScope
  actor: Actor
  contestId?: string
  input: ContestInput
}): Promise<SaveResult> {
  void scope
  return db.transaction(async (tx) => {
    const values = { ...input, thresholds: Object.keys(input.thresholds).length ? input.thresholds : null }
    let id = contestId
    if (id) {
      const [current] = await tx.select({ status: contests.status }).from(contests).where(eq(contests.id, id)).for('update')
      if (!current) return { ok: false, status: 404, message: 'sarm.contest.error.notFound' } as const
      if (current.status !== 'running' && current.status !== 'draft')
        return { ok: false, status: 409, message: 'sarm.contest.error.alreadyChecked' } as const
      await tx.update(contests).set(values).where(eq(contests.id, id))
    } else {
      ;[{ id }] = await tx
        .insert(contests)
        .values({ ...values, createdBy: actor.userId })
        .returning({ id: contests.id })
    }
    await writeAudit(tx, actor, {
      action: 'contest.saved',
      entity: 'contest',
      entityId: id!,
      orgId: null,
      details: { ...input, created: !contestId },
    })
    return { ok: true, id: id! } as const
  })
}

export async function listContests(_: { scope: AnyScope }) {
  return rowsOf<{
    id: string
    name_ru: string
    name_en: string
    period_start: string
    period_end: string
    status: string
    metric: string
    prizes_minor: number
    awards: number
    held: number
    flags: number
  }>(
    await db.execute(sql`
      select c.id, c.name_ru, c.name_en, c.period_start::text, c.period_end::text, c.status, c.metric,
        (select coalesce(sum((p->>'amountMinor')::bigint), 0) from jsonb_array_elements(c.prizes) p)::float8 as prizes_minor,
        (select count(*) from contest_awards a where a.contest_id = c.id)::int as awards,
        (select count(*) from contest_awards a join ledger_lines l on l.id = a.ledger_line_id where a.contest_id = c.id and l.status = 'held')::int as held,
        (select count(*) from contest_flags f where f.contest_id = c.id)::int as flags
      from contests c order by c.period_end desc, c.name_en`),
  )
}

export async function getContest({ contestId }: { contestId: string }) {
  const [c] = await db.select().from(contests).where(eq(contests.id, contestId))
  return c ?? null
}

/** Per flagged shop: each seller's share of the shop's units in the contest and over the baseline (for the chart). */
async function shareDistributions(contest: typeof contests.$inferSelect, shopIds: string[]) {
  if (!shopIds.length) return new Map<string, { seller: string; contest: number; baseline: number }[]>()
  const len = periodLength(contest)
  const rows = rowsOf<{ shop_id: string; seller: string; now_units: number; base_units: number }>(
    await db.execute(sql`
      select r.shop_id, u.display_name as seller,
        coalesce(sum(r.qty - r.returned_qty) filter (where r.sold_on >= ${contest.periodStart}::date), 0)::float8 as now_units,
        coalesce(sum(r.qty - r.returned_qty) filter (where r.sold_on < ${contest.periodStart}::date), 0)::float8 as base_units
      from sale_reports r join users u on u.id = r.user_id
      where r.status = 'confirmed' and r.shop_id = any(${`{${shopIds.join(',')}}`}::uuid[])
        and r.sold_on between ${contest.periodStart}::date - ${len * BASELINE_PERIODS}::int and ${contest.periodEnd}::date
      group by r.shop_id, u.display_name order by u.display_name`),
  )
  const out = new Map<string, { seller: string; contest: number; baseline: number }[]>()
  for (const shopId of shopIds) {
    const mine = rows.filter((r) => r.shop_id === shopId)
    const nowTotal = mine.reduce((s, r) => s + Number(r.now_units), 0)
    const baseTotal = mine.reduce((s, r) => s + Number(r.base_units), 0)
    out.set(
      shopId,
      mine.map((r) => ({
        seller: r.seller,
        contest: nowTotal ? Number(r.now_units) / nowTotal : 0,
        baseline: baseTotal ? Number(r.base_units) / baseTotal : 0,
      })),
    )
  }
  return out
}

/** The desk's review: settings, the latest run, the awards with their ledger state, the flags and the charts. */
export async function getContestReview({ scope, contestId }: { scope: AnyScope; contestId: string }) {
  const contest = await getContest({ contestId })
  if (!contest) return null
  const [run] = await db.select().from(contestRuns).where(eq(contestRuns.contestId, contestId)).orderBy(desc(contestRuns.at)).limit(1)
  const awards = rowsOf<{
    id: string
    rank: number
    score: number
    amount_minor: number
    seller: string
    dealer: string
    shop: string
    shop_id: string
    ledger_line_id: string | null
  }>(
    await db.execute(sql`
      select a.id, a.rank, a.score::float8 as score, a.amount_minor::float8 as amount_minor, u.display_name as seller, o.short_name as dealer,
        s.name as shop, a.shop_id, a.ledger_line_id
      from contest_awards a join users u on u.id = a.user_id join organisations o on o.id = a.org_id join shops s on s.id = a.shop_id
      where a.contest_id = ${contestId} order by a.rank`),
  )
  const states = await ledgerLineStates({ scope, lineIds: awards.map((a) => a.ledger_line_id).filter((id): id is string => !!id) })
  const flags = run
    ? rowsOf<{
        id: string
        rule: FlagRule
        reason: string
        figures: Record<string, number | string | null>
        thresholds: Record<string, number>
        shop_id: string
        shop: string
        dealer: string
        seller: string | null
      }>(
        await db.execute(sql`
          select f.id, f.rule, f.reason, f.figures, f.thresholds, f.shop_id, s.name as shop, o.short_name as dealer, u.display_name as seller
          from contest_flags f join shops s on s.id = f.shop_id join organisations o on o.id = f.org_id left join users u on u.id = f.user_id
          where f.run_id = ${run.id} order by s.name, f.rule`),
      )
    : []
  // Charts for the shops whose prizes are at stake first, then the other flagged shops (at most 20 in all).
  const awardShops = new Set(awards.map((a) => a.shop_id))
  const flaggedShops = [...new Set(flags.map((f) => f.shop_id))].sort((a, b) => Number(awardShops.has(b)) - Number(awardShops.has(a))).slice(0, 20)
  const distributions = await shareDistributions(contest, flaggedShops)
  return {
    contest: { ...contest, thresholdsInForce: thresholdsOf(contest.thresholds), periodDays: periodLength(contest) },
    run: run ? { id: run.id, at: run.at, thresholds: run.thresholds, summary: run.summary, durationMs: run.durationMs } : null,
    awards: awards.map((a) => ({
      id: a.id,
      rank: a.rank,
      score: Number(a.score),
      amountMinor: Number(a.amount_minor),
      seller: a.seller,
      dealer: a.dealer,
      shop: a.shop,
      shopId: a.shop_id,
      lineId: a.ledger_line_id,
      status: (a.ledger_line_id && states.get(a.ledger_line_id)?.status) || null,
      holdReasons: (a.ledger_line_id && states.get(a.ledger_line_id)?.holdReasons) || [],
    })),
    flags: flags.map((f) => ({
      id: f.id,
      rule: f.rule,
      reason: f.reason,
      figures: f.figures,
      thresholds: f.thresholds,
      shopId: f.shop_id,
      shop: f.shop,
      dealer: f.dealer,
      seller: f.seller,
    })),
    charts: flaggedShops.map((shopId) => ({
      shopId,
      shop: flags.find((f) => f.shop_id === shopId)!.shop,
      sellers: distributions.get(shopId) ?? [],
    })),
  }
}

export type DecisionResult = { ok: true } | { ok: false; status: 404 | 409; message: string }

/** The partner manager's decision on a contest prize: release it for payment, or reverse it; either with a reason. */
export async function decideContestPrize({
  scope,
  actor,
  contestId,
  awardId,
  decision,
  reason,
}: {
  scope: AnyScope
  actor: Actor
  contestId: string
  awardId: string
  decision: 'release' | 'reverse'
  reason: string
}): Promise<DecisionResult> {
  const [award] = await db
    .select({ lineId: contestAwards.ledgerLineId, orgId: contestAwards.orgId })
    .from(contestAwards)
    .where(and(eq(contestAwards.id, awardId), eq(contestAwards.contestId, contestId)))
  if (!award?.lineId) return { ok: false, status: 404, message: 'sarm.contest.error.notFound' }
  const result =
    decision === 'release'
      ? await releaseLedgerLine({ scope, actor, lineId: award.lineId, note: reason })
      : await reverseLedgerLine({ scope, actor, lineId: award.lineId, reason })
  if (!result.ok) return result
  await db.transaction(async (tx) => {
    await writeAudit(tx, actor, {
      action: 'contest.checked',
      entity: 'contest',
      entityId: contestId,
      orgId: award.orgId,
      details: { decision, awardId, lineId: award.lineId, reason },
    })
    // The contest is decided once no prize waits on a hold.
    await tx.execute(sql`
      update contests set status = 'decided' where id = ${contestId} and status = 'checked' and not exists (
        select 1 from contest_awards a join ledger_lines l on l.id = a.ledger_line_id where a.contest_id = ${contestId} and l.status = 'held')`)
  })
  return { ok: true }
}

/**
 * A dealer's part in contests: the contests its shops take part in, and its assistants' awards with the ledger
 * state; a held prize carries only its plain reason codes — the flags' figures stay with the partner manager.
 */
export async function listDealerContests({ scope }: { scope: OrgScope }) {
  const list = rowsOf<{ id: string; name_ru: string; name_en: string; period_start: string; period_end: string; status: string }>(
    await db.execute(sql`
      select c.id, c.name_ru, c.name_en, c.period_start::text, c.period_end::text, c.status from contests c
      where c.status <> 'draft' and (cardinality(c.org_ids) = 0 or ${scope.orgId}::uuid = any(c.org_ids))
      order by c.period_end desc limit 100`),
  )
  const awards = await db
    .select({
      id: contestAwards.id,
      contestId: contestAwards.contestId,
      rank: contestAwards.rank,
      score: contestAwards.score,
      amountMinor: contestAwards.amountMinor,
      userId: contestAwards.userId,
      shopId: contestAwards.shopId,
      lineId: contestAwards.ledgerLineId,
    })
    .from(contestAwards)
    .where(inScope(scope, contestAwards.orgId))
    .orderBy(asc(contestAwards.contestId), asc(contestAwards.rank))
  const people = rowsOf<{ id: string; seller: string; shop: string }>(
    awards.length
      ? await db.execute(sql`
          select a.id, u.display_name as seller, s.name as shop from contest_awards a join users u on u.id = a.user_id join shops s on s.id = a.shop_id
          where a.org_id = ${scope.orgId} and a.id = any(${`{${awards.map((a) => a.id).join(',')}}`}::uuid[])`)
      : [],
  )
  const states = await ledgerLineStates({ scope, lineIds: awards.map((a) => a.lineId).filter((id): id is string => !!id) })
  return list.map((c) => ({
    id: c.id,
    nameRu: c.name_ru,
    nameEn: c.name_en,
    periodStart: c.period_start,
    periodEnd: c.period_end,
    status: c.status,
    awards: awards
      .filter((a) => a.contestId === c.id)
      .map((a) => ({
        rank: a.rank,
        score: Number(a.score),
        amountMinor: Number(a.amountMinor),
        seller: people.find((p) => p.id === a.id)?.seller ?? '',
        shop: people.find((p) => p.id === a.id)?.shop ?? '',
        status: (a.lineId && states.get(a.lineId)?.status) || null,
        holdReasons: (a.lineId && states.get(a.lineId)?.holdReasons) || [],
      })),
  }))
}

/** The contests an assistant's dealer takes part in (running first), with the assistant's own award if any. */
export async function listAssistantContests({ scope, userId }: { scope: OrgScope; userId: string }) {
  const rows = rowsOf<{ id: string; name_ru: string; name_en: string; period_start: string; period_end: string; status: string }>(
    await db.execute(sql`
      select c.id, c.name_ru, c.name_en, c.period_start::text, c.period_end::text, c.status from contests c
      where c.status <> 'draft' and (cardinality(c.org_ids) = 0 or ${scope.orgId}::uuid = any(c.org_ids))
      order by (c.status = 'running') desc, c.period_end desc limit 50`),
  )
  const mine = await db
    .select({ contestId: contestAwards.contestId, rank: contestAwards.rank, amountMinor: contestAwards.amountMinor })
    .from(contestAwards)
    .where(and(inScope(scope, contestAwards.orgId), eq(contestAwards.userId, userId)))
  return rows.map((c) => ({
    id: c.id,
    nameRu: c.name_ru,
    nameEn: c.name_en,
    periodStart: c.period_start,
    periodEnd: c.period_end,
    status: c.status,
    award: mine.find((m) => m.contestId === c.id) ?? null,
  }))
}

export interface LeaderboardRow {
  rank: number
  seller: string
  dealer: string
  region: string
  score: number
  mine: boolean
}

/** The published standings (security-definer function of migration 0025): no ids, no shops, no sales. */
export async function contestLeaderboard({ contestId, viewerId, limit = 20 }: { contestId: string; viewerId: string | null; limit?: number }) {
  const rows = rowsOf<LeaderboardRow>(
    await db.execute(
      sql`select rank, seller, dealer, region, score::float8 as score, mine from sarm_contest_leaderboard(${contestId}, ${viewerId}, ${limit})`,
    ),
  )
  return rows.map((r) => ({ ...r, score: Number(r.score), mine: !!r.mine }))
}

/** An assistant's contest page: the published rules, the prizes, the leaderboard with its own row, its award. */
export async function getAssistantContest({ scope, userId, contestId }: { scope: OrgScope; userId: string; contestId: string }) {
  const [c] = await db
    .select()
    .from(contests)
    .where(
      and(
        eq(contests.id, contestId),
        sql`${contests.status} <> 'draft' and (cardinality(${contests.orgIds}) = 0 or ${scope.orgId}::uuid = any(${contests.orgIds}))`,
      ),
    )
  if (!c) return null
  const [award] = await db
    .select({ rank: contestAwards.rank, amountMinor: contestAwards.amountMinor, lineId: contestAwards.ledgerLineId })
    .from(contestAwards)
    .where(and(inScope(scope, contestAwards.orgId), eq(contestAwards.contestId, contestId), eq(contestAwards.userId, userId)))
  const states = award?.lineId
    ? await ledgerLineStates({ scope, lineIds: [award.lineId] })
    : new Map<string, { status: string; holdReasons: string[] }>()
  return {
    contest: {
      id: c.id,
      nameRu: c.nameRu,
      nameEn: c.nameEn,
      rulesRu: c.rulesRu,
      rulesEn: c.rulesEn,
      periodStart: c.periodStart,
      periodEnd: c.periodEnd,
      metric: c.metric,
      improvement: c.improvement,
      prizes: c.prizes,
      minActiveSellers: c.minActiveSellers,
      status: c.status,
    },
    board: await contestLeaderboard({ contestId, viewerId: userId }),
    award: award
      ? {
          rank: award.rank,
          amountMinor: Number(award.amountMinor),
          status: (award.lineId && states.get(award.lineId)?.status) || null,
          holdReasons: (award.lineId && states.get(award.lineId)?.holdReasons) || [],
        }
      : null,
  }
}

/** Contests whose period contains any of the days (the live leaderboards to refresh after a confirmation). */
export async function contestsCovering(days: string[]) {
  if (!days.length) return []
  const rows = rowsOf<{ id: string }>(
    await db.execute(sql`
      select c.id from contests c where c.status = 'running'
        and exists (select 1 from unnest(${`{${[...new Set(days)].join(',')}}`}::date[]) d where d between c.period_start and c.period_end)`),
  )
  return rows.map((r) => r.id)
}

/** What the contest form offers: product categories, and the dealers that may take part. */
export async function contestFormOptions({ scope }: { scope: AnyScope }) {
  const [{ categories }, orgs] = [await productFormOptions(), await listOrganisationOptions({ scope })]
  return {
    categories: categories.map((c) => ({ id: c.id, name: `${c.nameRu} / ${c.nameEn}` })),
    dealers: orgs.filter((o) => o.kind === 'dealer').map((o) => ({ id: o.id, name: o.shortName })),
  }
}
