import { sql } from 'drizzle-orm'
import { db } from '../../../db/client.server'
import { rowsOf } from '../../../db/drivers.server'
import type { AnyScope } from '../auth/scope.server'
import { operatorTimeZone } from '../../utils/clock.server'
import { latestSegmentRun } from './segments.server'

// Margin analysis (issue 15, the profit side of "profit and loss analysis"): revenue, standard cost and gross margin
// by customer, by product group and by region, over the latest segmentation run's window — the same delivered units
// net of returns the run counts. Lines of products without a standard cost are counted apart, not as free goods.

export interface MarginRow {
  key: string
  name: string
  revenueMinor: number
  costMinor: number
  marginMinor: number
  /** Margin as a share of the revenue that has a cost (null: no costed revenue). */
  marginShare: number | null
}

export async function marginAnalysis(_: { scope: AnyScope }) {
  const run = await latestSegmentRun()
  if (!run) return null
  const { fromMonth, toMonth } = run.params
  const rows = rowsOf<{ dim: string; key: string | null; name: string | null; revenue: string; costed: string; cost: string; no_cost: number }>(
    await db.execute(sql`
      with lines as (
        select o.org_id, org.short_name, org.region, p.category_id, c.name_ru, c.name_en,
          ((ol.shipped_qty - ol.returned_qty) * ol.unit_price_minor)::numeric as revenue,
          case when p.unit_cost_minor is null then 0 else ((ol.shipped_qty - ol.returned_qty) * ol.unit_price_minor)::numeric end as costed,
          coalesce(((ol.shipped_qty - ol.returned_qty) * p.unit_cost_minor)::numeric, 0) as cost,
          (p.unit_cost_minor is null)::int as no_cost
        from orders o
        join order_lines ol on ol.order_id = o.id
        join products p on p.id = ol.product_id
        join categories c on c.id = p.category_id
        join organisations org on org.id = o.org_id
        where o.delivered_at >= ((${fromMonth}::date)::timestamp at time zone ${operatorTimeZone})
          and o.delivered_at < (((${toMonth}::date + interval '1 month')::date)::timestamp at time zone ${operatorTimeZone})
      )
      select 'customer' as dim, org_id::text as key, min(short_name) as name, sum(revenue)::text as revenue, sum(costed)::text as costed,
        sum(cost)::text as cost, sum(no_cost)::int as no_cost from lines group by org_id
      union all
      select 'category', category_id::text, min(name_ru) || '|' || min(name_en), sum(revenue)::text, sum(costed)::text, sum(cost)::text, sum(no_cost)::int
        from lines group by category_id
      union all
      select 'region', region, region, sum(revenue)::text, sum(costed)::text, sum(cost)::text, sum(no_cost)::int from lines group by region`),
  )
  const shape = (dim: string) =>
    rows
      .filter((r) => r.dim === dim)
      .map((r): MarginRow & { noCost: number } => {
        const revenue = Number(r.revenue)
        const costed = Number(r.costed)
        const cost = Number(r.cost)
        return {
          key: r.key ?? '',
          name: r.name ?? '',
          revenueMinor: Math.round(revenue),
          costMinor: Math.round(cost),
          marginMinor: Math.round(costed - cost),
          marginShare: costed > 0 ? (costed - cost) / costed : null,
          noCost: r.no_cost,
        }
      })
      .sort((a, b) => b.marginMinor - a.marginMinor)
  const byCustomer = shape('customer')
  return {
    fromMonth,
    toMonth,
    noCostLines: byCustomer.reduce((s, r) => s + r.noCost, 0),
    byCustomer,
    byCategory: shape('category'),
    byRegion: shape('region'),
  }
}
