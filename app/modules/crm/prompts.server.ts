import { and, desc, eq, inArray, sql } from 'drizzle-orm'
import type { AnyScope } from '../auth/scope.server'
import { narrowScope } from '../auth/scope.server'
import { writeAudit, type Actor } from '../audit/mutations.server'
import { createContractPriceList, announcePriceChange } from '../pricing/mutations.server'
import { priceProducts } from '../pricing/queries.server'
import { db, type DbOrTx } from '../../../db/client.server'
import { rowsOf } from '../../../db/drivers.server'
import { crmPromptDecisions } from '../../../db/schema/crm'
import { operatorTimeZone } from '../../utils/clock.server'
import { judgeChurn, type ChurnVerdict } from './churn-rules'
import type { PromptError } from './components/recommendations'
import { WINDOW_MONTHS, discounted, judgePrompt } from './prompt-rules'

// The regular-customer prompt and churn risk (issue 15, anchors/partners-and-crm.md §2.4): staff see them on the
// customer's card, its orders (and, placed by the lead, the CRM home and quotes); accepting makes a contract price.

export interface CustomerPrompt {
  orgId: string
  runId: string | null
  /** Months with an order among the 12 whole months before the current one. */
  orderMonths: number
  abc: string | null
  xyz: string | null
  /** Cumulative share before the customer (C_{k−1}) and its CV, as the segmentation run stored them. */
  prevCumShare: number | null
  cv: number | null
  qualifies: boolean
  why: string | null
  segment: string | null
  discountBp: number | null
  /** A decision already taken for this segmentation run (the prompt is then not offered again until the next). */
  decision: { decision: 'accepted' | 'declined'; at: string; priceListId: string | null } | null
  churn: ChurnVerdict
}

type Figures = {
  org_id: string
  run_id: string | null
  abc: string | null
  xyz: string | null
  prev_cum_share: number | null
  cv: number | null
  order_months: number
  order_days: number[] | null
  today_day: number
}

/** Today and the prompt's figures for the given customers, read in one round (one row per customer). */
async function readFigures(tx: DbOrTx, orgIds: string[]) {
  return rowsOf<Figures>(
    await tx.execute(sql`
      with latest as (select id from crm_segment_runs order by created_at desc, id desc limit 1),
      local as (select (now() at time zone ${operatorTimeZone})::date as today),
      ids as (select distinct unnest(array[${sql.join(
        orgIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )}]) as org_id),
      placed as (
        select o.org_id, (o.placed_at at time zone ${operatorTimeZone})::date as day from orders o
        where o.org_id in (select org_id from ids) and o.status <> 'cancelled'
      )
      select ids.org_id, (select id from latest) as run_id, m.abc, m.xyz, m.prev_cum_share, m.cv,
        (select count(distinct date_trunc('month', p.day))::int from placed p, local
          where p.org_id = ids.org_id
            and p.day >= (date_trunc('month', local.today) - make_interval(months => ${WINDOW_MONTHS}))::date
            and p.day < date_trunc('month', local.today)::date) as order_months,
        (select array_agg(p.day - date '2000-01-01') from placed p where p.org_id = ids.org_id) as order_days,
        (select today - date '2000-01-01' from local) as today_day
      from ids
      left join crm_segment_members m on m.org_id = ids.org_id and m.run_id = (select id from latest)`),
  )
}

/**
 * The prompt and churn risk for several customers at once (the CRM home, the order page), with every figure that
 * explains them: two statements whatever the number of customers. Unknown ids come back with no orders.
 */
export async function listCustomerPrompts({ scope: _, orgIds }: { scope: AnyScope; orgIds: string[] }, tx: DbOrTx = db): Promise<CustomerPrompt[]> {
  if (!orgIds.length) return []
  const figures = await readFigures(tx, orgIds)
  const runId = figures[0]?.run_id ?? null
  const decisions = runId
    ? await tx
        .select({
          orgId: crmPromptDecisions.orgId,
          decision: crmPromptDecisions.decision,
          at: sql<string>`to_char(${crmPromptDecisions.at}, 'YYYY-MM-DD')`,
          priceListId: crmPromptDecisions.priceListId,
        })
        .from(crmPromptDecisions)
        .where(
          and(
            inArray(
              crmPromptDecisions.orgId,
              figures.map((f) => f.org_id),
            ),
            eq(crmPromptDecisions.segmentRunId, runId),
            eq(crmPromptDecisions.kind, 'regular_discount'),
          ),
        )
        .orderBy(desc(crmPromptDecisions.at))
    : []
  const latestDecision = new Map<string, CustomerPrompt['decision']>()
  for (const { orgId, ...d } of decisions) if (!latestDecision.has(orgId)) latestDecision.set(orgId, d)
  const byOrg = new Map(
    figures.map((f) => {
      const verdict = judgePrompt({ orderMonths: Number(f.order_months), abc: f.abc, xyz: f.xyz })
      const prompt: CustomerPrompt = {
        orgId: f.org_id,
        runId: f.run_id,
        orderMonths: Number(f.order_months),
        abc: f.abc,
        xyz: f.xyz,
        prevCumShare: f.prev_cum_share === null ? null : Number(f.prev_cum_share),
        cv: f.cv === null ? null : Number(f.cv),
        qualifies: verdict.qualifies,
        why: verdict.qualifies ? null : verdict.why,
        segment: verdict.qualifies ? verdict.segment : null,
        discountBp: verdict.qualifies ? verdict.discountBp : null,
        decision: latestDecision.get(f.org_id) ?? null,
        churn: judgeChurn((f.order_days ?? []).map(Number), Number(f.today_day)),
      }
      return [f.org_id, prompt] as const
    }),
  )
  return [...new Set(orgIds)].flatMap((id) => byOrg.get(id) ?? [])
}

/** The prompt and churn risk for one customer, with every figure that explains them. */
export async function getCustomerPrompts({ scope, orgId }: { scope: AnyScope; orgId: string }, tx: DbOrTx = db): Promise<CustomerPrompt> {
  const [prompt] = await listCustomerPrompts({ scope, orgIds: [orgId] }, tx)
  return prompt!
}

/** Whether staff should be told: the prompt is open (qualifies, not yet decided for this run), or churn risk. */
export function needsAttention(p: Pick<CustomerPrompt, 'qualifies' | 'decision' | 'churn'>) {
  return (p.qualifies && !p.decision) || (p.churn.judged && p.churn.atRisk)
}

/**
 * The customers among `orgIds` staff should be told about (open prompt or churn risk), in the given order: the
 * CRM home's list and the order page's banner.
 */
export async function listAttentionPrompts({ scope, orgIds }: { scope: AnyScope; orgIds: string[] }) {
  return (await listCustomerPrompts({ scope, orgIds })).filter(needsAttention)
}

export type DecidePromptResult = { ok: true; priceListId: string | null } | { ok: false; error: PromptError }

/**
 * Staff accept or decline a customer's regular-customer prompt, in one transaction. Accepting makes ONE contract
 * price list through the pricing module: the customer's current price less the discount, for each product it
 * bought in the window. Any decision already taken for the same segmentation run refuses a second one.
 */
export async function decidePrompt({
  scope,
  actor,
  orgId,
  decision,
}: {
  scope: AnyScope
  actor: Actor & { userId: string }
  orgId: string
  decision: 'accepted' | 'declined'
}): Promise<DecidePromptResult> {
  const result = await db.transaction(async (tx): Promise<DecidePromptResult> => {
    // One decision at a time per customer: a second click waits here, then sees the first decision.
    await tx.execute(sql`select id from organisations where id = ${orgId} for update`)
    const p = await getCustomerPrompts({ scope, orgId }, tx)
    if (!p.runId || !p.qualifies || p.discountBp === null) return { ok: false, error: 'crm.recommendations.prompt.notQualified' }
    if (p.decision) return { ok: false, error: 'crm.recommendations.prompt.alreadyDecided' }
    const reason = { orderMonths: p.orderMonths, abc: p.abc, xyz: p.xyz, prevCumShare: p.prevCumShare, cv: p.cv, segment: p.segment }
    let priceListId: string | null = null
    if (decision === 'accepted') {
      const bought = rowsOf<{ product_id: string }>(
        await tx.execute(sql`
          select distinct l.product_id from orders o join order_lines l on l.order_id = o.id
          where o.org_id = ${orgId} and o.status <> 'cancelled'
            and o.placed_at >= date_trunc('month', now() at time zone ${operatorTimeZone}) - make_interval(months => ${WINDOW_MONTHS})`),
      )
      const today = rowsOf<{ today: string; to: string }>(
        await tx.execute(sql`select to_char(d, 'YYYY-MM-DD') as today, to_char(d + interval '1 year' - interval '1 day', 'YYYY-MM-DD') as "to"
          from (select (now() at time zone ${operatorTimeZone})::date as d) x`),
      )[0]
      const priced = await priceProducts(
        { scope: narrowScope(scope, orgId), date: today.today, items: bought.map((b) => ({ productId: b.product_id, qty: 1 })) },
        tx,
      )
      const items = [...priced.entries()].flatMap(([productId, r]) =>
        r.ok ? [{ productId, unitPriceMinor: discounted(r.unitPriceMinor, p.discountBp!) }] : [],
      )
      if (!items.length) return { ok: false, error: 'crm.recommendations.prompt.noPrices' }
      priceListId = await createContractPriceList(tx, {
        actor,
        code: `CRM-REG-${orgId.slice(0, 8)}-${p.runId.slice(0, 8)}`,
        name: `Regular customer ${p.segment} −${p.discountBp / 100} %`,
        orgId,
        validFrom: today.today,
        validTo: today.to,
        prices: items,
      })
    }
    const [row] = await tx
      .insert(crmPromptDecisions)
      .values({
        orgId,
        kind: 'regular_discount',
        decision,
        discountBp: p.discountBp,
        priceListId,
        segmentRunId: p.runId,
        reason,
        actorId: actor.userId,
      })
      .returning({ id: crmPromptDecisions.id })
    await writeAudit(tx, actor, {
      action: 'crm_prompt.decided',
      entity: 'crm_prompt_decision',
      entityId: row.id,
      orgId,
      details: { decision, discountBp: p.discountBp, priceListId, segmentRunId: p.runId, ...reason },
    })
    return { ok: true, priceListId }
  })
  if (result.ok && result.priceListId) announcePriceChange()
  return result
}
