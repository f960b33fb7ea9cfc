import { and, asc, desc, eq, notInArray, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { AnyScope, OrgScope } from '../auth/scope.server'
import { inScope } from '../auth/scope.server'
import { db, type DbOrTx } from '../../../db/client.server'
import { isoText, rowsOf } from '../../../db/drivers.server'
import { products } from '../../../db/schema/catalog'
import { crmRecommendationDismissals, crmRecommendations } from '../../../db/schema/crm'
import { organisations } from '../../../db/schema/tenancy'
import { operatorDayStart } from '../../utils/clock.server'
import { MAX_PER_CUSTOMER, MIN_LIFT, MIN_PAIR_BUYERS } from './cooccurrence'

// "Similar dealers in your group bought" (issue 15, anchors/partners-and-crm.md §2.4), computed by the database for
// every customer at once: the set-based twin of cooccurrence.ts (the integration test holds them equal).

/**
 * The whole co-occurrence as one statement: who bought what (delivered orders, last 12 months), each buyer's group
 * (its ABC class in the latest segmentation run; else its dealer group, its region, everyone), the pair counts per
 * group, then per customer the best antecedent per product and the top ones by lift × confidence.
 */
export function cooccurrenceSql(fromDay: string) {
  return sql`
    with latest as (select id from crm_segment_runs order by created_at desc, id desc limit 1),
    bought as (
      select distinct o.org_id, l.product_id
      from orders o join order_lines l on l.order_id = o.id
      where o.status = 'delivered' and o.delivered_at >= ${operatorDayStart(fromDay)}
    ),
    grp as (
      select b.org_id,
        case when m.abc is not null then 'abc' when g.dealer_group is not null then 'dealer_group'
             when g.region is not null then 'region' else 'all' end as kind,
        coalesce(m.abc, g.dealer_group, g.region, '') as label
      from (select distinct org_id from bought) b
      join organisations g on g.id = b.org_id and g.kind in ('dealer', 'key_account')
      left join crm_segment_members m on m.org_id = b.org_id and m.run_id = (select id from latest)
    ),
    gb as (select g.kind, g.label, b.org_id, b.product_id from bought b join grp g on g.org_id = b.org_id),
    gsize as (select kind, label, count(*)::int as n from grp group by kind, label),
    pbuyers as (select kind, label, product_id, count(*)::int as n from gb group by kind, label, product_id),
    pairs as (
      select a.kind, a.label, a.product_id as i, c.product_id as j, count(*)::int as nij
      from gb a join gb c on c.org_id = a.org_id and c.kind = a.kind and c.label = a.label and c.product_id <> a.product_id
      group by a.kind, a.label, a.product_id, c.product_id
      having count(*) >= ${MIN_PAIR_BUYERS}
    ),
    cand as (
      select gb.org_id, p.j as product_id, p.i as antecedent_id, p.kind, p.label, s.n as group_size,
        bi.n as antecedent_buyers, bj.n as product_buyers, p.nij as pair_buyers,
        p.nij::float8 / bi.n as confidence,
        (p.nij::float8 / bi.n) / (bj.n::float8 / s.n) as lift
      from gb
      join pairs p on p.kind = gb.kind and p.label = gb.label and p.i = gb.product_id
      join gsize s on s.kind = gb.kind and s.label = gb.label
      join pbuyers bi on bi.kind = gb.kind and bi.label = gb.label and bi.product_id = p.i
      join pbuyers bj on bj.kind = gb.kind and bj.label = gb.label and bj.product_id = p.j
      join products pr on pr.id = p.j and pr.active
      where not exists (select 1 from bought x where x.org_id = gb.org_id and x.product_id = p.j)
        and not exists (select 1 from crm_recommendation_dismissals d where d.org_id = gb.org_id and d.product_id = p.j)
    ),
    kept as (
      select *, lift * confidence as score from cand where lift > ${MIN_LIFT}
    ),
    best as (
      select distinct on (org_id, product_id) * from kept
      order by org_id, product_id, score desc, pair_buyers desc, antecedent_id::text collate "C"
    ),
    ranked as (
      select *, row_number() over (
        partition by org_id order by score desc, pair_buyers desc, (antecedent_id::text || product_id::text) collate "C"
      ) as pos
      from best
    )
    select org_id, product_id, antecedent_id, kind, label, group_size, antecedent_buyers, product_buyers, pair_buyers,
      confidence, lift
    from ranked where pos <= ${MAX_PER_CUSTOMER}`
}

/** The first day of the window: 12 months before today. */
function windowStart(today: string) {
  const d = new Date(`${today}T00:00:00Z`)
  d.setUTCFullYear(d.getUTCFullYear() - 1)
  return d.toISOString().slice(0, 10)
}

/** Replaces every customer's recommendations with a fresh computation, in one transaction. Staff only. */
export async function computeRecommendations({ today }: { scope: AnyScope; today: string }, tx?: DbOrTx) {
  // The row-level security tests (current_setting() against each row's org_id) leave the planner guessing a hundred
  // bought items where there are tens of thousands, so it loops over the pair counts per row and joins every buyer to
  // every product of its group before the pairs. Hash joins in the order the statement is written (buyers → their
  // pairs → the counts) are right whatever the guess. Local to the transaction, and restored after the statement.
  const planner = (t: DbOrTx, on: boolean) =>
    t.execute(
      sql`select set_config('enable_nestloop', ${on ? 'on' : 'off'}, true), set_config('join_collapse_limit', ${on ? '8' : '1'}, true), set_config('jit', ${on ? 'on' : 'off'}, true)`,
    )
  const run = async (t: DbOrTx) => {
    await t.delete(crmRecommendations)
    await planner(t, false)
    const inserted = rowsOf<{ n: number }>(
      await t.execute(sql`
        with fresh as (${cooccurrenceSql(windowStart(today))}),
        ins as (
          insert into crm_recommendations (org_id, product_id, antecedent_id, group_kind, group_label, group_size,
            antecedent_buyers, product_buyers, pair_buyers, confidence, lift)
          select org_id, product_id, antecedent_id, kind, label, group_size, antecedent_buyers, product_buyers,
            pair_buyers, confidence, lift from fresh
          returning 1
        )
        select count(*)::int as n from ins`),
    )
    await planner(t, true)
    return { count: Number(inserted[0]?.n ?? 0) }
  }
  return tx ? run(tx) : db.transaction(run)
}

/** The bare co-occurrence rows (no storing), for the benchmark and the integration test. */
export async function readCooccurrence({ today }: { scope: AnyScope; today: string }, tx: DbOrTx = db) {
  return rowsOf<{
    org_id: string
    product_id: string
    antecedent_id: string
    group_size: number
    antecedent_buyers: number
    product_buyers: number
    pair_buyers: number
    confidence: number
    lift: number
  }>(await tx.execute(cooccurrenceSql(windowStart(today))))
}

const antecedent = alias(products, 'antecedent')

const columns = {
  productId: crmRecommendations.productId,
  sku: products.sku,
  nameRu: products.nameRu,
  nameEn: products.nameEn,
  unit: products.unit,
  minQty: products.minQty,
  packSize: products.packSize,
  antecedentRu: antecedent.nameRu,
  antecedentEn: antecedent.nameEn,
  groupKind: crmRecommendations.groupKind,
  groupLabel: crmRecommendations.groupLabel,
  groupSize: crmRecommendations.groupSize,
  antecedentBuyers: crmRecommendations.antecedentBuyers,
  productBuyers: crmRecommendations.productBuyers,
  pairBuyers: crmRecommendations.pairBuyers,
  confidence: crmRecommendations.confidence,
  lift: crmRecommendations.lift,
}

export type RecommendationRow = Awaited<ReturnType<typeof listOwnRecommendations>>[number]

/**
 * The signed-in organisation's recommendations, best first, without the dismissed ones nor the `exclude`d products
 * (the cart leaves out what it already holds): one query on the (org_id, product_id) primary key, so the catalog
 * and the cart stay fast.
 */
export async function listOwnRecommendations({
  scope,
  limit = MAX_PER_CUSTOMER,
  exclude = [],
}: {
  scope: OrgScope
  limit?: number
  exclude?: string[]
}) {
  return db
    .select(columns)
    .from(crmRecommendations)
    .innerJoin(products, eq(products.id, crmRecommendations.productId))
    .innerJoin(antecedent, eq(antecedent.id, crmRecommendations.antecedentId))
    .where(
      and(
        eq(crmRecommendations.orgId, scope.orgId),
        eq(products.active, true),
        sql`not exists (select 1 from ${crmRecommendationDismissals} d where d.org_id = ${crmRecommendations.orgId} and d.product_id = ${crmRecommendations.productId})`,
        exclude.length ? notInArray(crmRecommendations.productId, exclude) : undefined,
      ),
    )
    .orderBy(desc(sql`${crmRecommendations.lift} * ${crmRecommendations.confidence}`), asc(products.sku))
    .limit(limit)
}

/** One customer's recommendations for staff, with whether the customer dismissed each. */
export async function listCustomerRecommendations({ scope, orgId }: { scope: AnyScope; orgId: string }) {
  return db
    .select({
      ...columns,
      dismissedAt: sql<
        string | null
      >`(select to_char(d.at, 'YYYY-MM-DD') from ${crmRecommendationDismissals} d where d.org_id = ${crmRecommendations.orgId} and d.product_id = ${crmRecommendations.productId})`,
    })
    .from(crmRecommendations)
    .innerJoin(products, eq(products.id, crmRecommendations.productId))
    .innerJoin(antecedent, eq(antecedent.id, crmRecommendations.antecedentId))
    .where(and(eq(crmRecommendations.orgId, orgId), inScope(scope, crmRecommendations.orgId)))
    .orderBy(desc(sql`${crmRecommendations.lift} * ${crmRecommendations.confidence}`), asc(products.sku))
}

/** Every customer with recommendations: how many, and the group they were counted in. */
export async function listRecommendationCounts({ scope: _ }: { scope: AnyScope }) {
  return db
    .select({
      orgId: organisations.id,
      shortName: organisations.shortName,
      count: sql<number>`count(*)::int`,
      groupKind: sql<string>`min(${crmRecommendations.groupKind})`,
      groupLabel: sql<string>`min(${crmRecommendations.groupLabel})`,
      groupSize: sql<number>`max(${crmRecommendations.groupSize})::int`,
      // An instant (ISO, UTC) the page shows in the operator's time zone: to_char alone wrote the database's UTC.
      computedAt: isoText(sql`max(${crmRecommendations.computedAt})`),
    })
    .from(crmRecommendations)
    .innerJoin(organisations, eq(organisations.id, crmRecommendations.orgId))
    .groupBy(organisations.id, organisations.shortName)
    .orderBy(asc(organisations.shortName))
}

/** The customer dismisses a recommendation: never shown to it again. False when it has no such recommendation. */
export async function dismissRecommendation({ scope, userId, productId }: { scope: OrgScope; userId: string; productId: string }) {
  return db.transaction(async (tx) => {
    const [own] = await tx
      .select({ productId: crmRecommendations.productId })
      .from(crmRecommendations)
      .where(and(eq(crmRecommendations.orgId, scope.orgId), eq(crmRecommendations.productId, productId)))
    if (!own) return false
    await tx.insert(crmRecommendationDismissals).values({ orgId: scope.orgId, productId, userId }).onConflictDoNothing()
    return true
  })
}
