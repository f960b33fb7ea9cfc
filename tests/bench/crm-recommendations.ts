// The recommendations part of `npm run bench:crm` (issue 15 "Benchmark"): tests/bench/crm.ts has made the data and run
// the segmentation (its ABC classes are the groups the co-occurrence counts in), and calls this. It times the
// recomputation as the desk starts it — every customer's recommendations deleted, the co-occurrence statement run and
// its rows stored, in one transaction — against the bare co-occurrence over the same lines: the pair counts per group,
// no confidence, lift, best antecedent or top ten, nothing written. DESIGN.md §9 sets no budget for it.
import { performance } from 'node:perf_hooks'
import { median } from './common'
import type { CrmBenchContext } from './crm-context'

/** The window's first day as computeRecommendations takes it: 12 months before today. */
function windowStart(today: string) {
  const d = new Date(`${today}T00:00:00Z`)
  d.setUTCFullYear(d.getUTCFullYear() - 1)
  return d.toISOString().slice(0, 10)
}

/** Recommendations for 2,000 dealers against the bare co-occurrence SQL (issue 15 "Benchmark"). */
export async function benchRecommendations(ctx: CrmBenchContext): Promise<void> {
  const [{ computeRecommendations }, { MIN_PAIR_BUYERS }, { grantScope }, { businessClock }, { rowsOf }] = await Promise.all([
    import('../../app/modules/crm/recommendations.server'),
    import('../../app/modules/crm/cooccurrence'),
    import('../../app/modules/auth/scope.server'),
    import('../../app/utils/clock.server'),
    import('../../db/drivers.server'),
  ])
  const { bench } = ctx
  const { today } = await businessClock(bench.database.db)
  const scope = grantScope('manage:crm:any', null)

  // The same buyers (delivered, last 12 months), groups (the latest run's ABC class, else dealer group, region,
  // everyone) and pairs bought by at least MIN_PAIR_BUYERS of a group as the app's statement: the least SQL that
  // yields its pair counts.
  const bare = `
    with latest as (select id from crm_segment_runs order by created_at desc, id desc limit 1),
    bought as (
      select distinct o.org_id, l.product_id
      from orders o join order_lines l on l.order_id = o.id
      where o.status = 'delivered' and o.delivered_at >= $1::date
    ),
    gb as (
      select b.org_id, b.product_id,
        case when m.abc is not null then 'abc' when g.dealer_group is not null then 'dealer_group'
             when g.region is not null then 'region' else 'all' end as kind,
        coalesce(m.abc, g.dealer_group, g.region, '') as label
      from bought b
      join organisations g on g.id = b.org_id and g.kind in ('dealer', 'key_account')
      left join crm_segment_members m on m.org_id = b.org_id and m.run_id = (select id from latest)
    )
    select a.kind, a.label, a.product_id as i, c.product_id as j, count(*)::int as nij
    from gb a join gb c on c.org_id = a.org_id and c.kind = a.kind and c.label = a.label and c.product_id <> a.product_id
    group by a.kind, a.label, a.product_id, c.product_id
    having count(*) >= $2::int`
  const params = [windowStart(today), MIN_PAIR_BUYERS]

  // Warm both paths once (plans, caches), then measure; each computation replaces all the rows, so every sample
  // writes them afresh.
  await bench.raw(bare, params)
  await computeRecommendations({ scope, today })
  const runs: number[] = []
  const bares: number[] = []
  let pairs = 0
  let count = 0
  for (let i = 0; i < Math.max(1, ctx.samples); i++) {
    let t = performance.now()
    pairs = rowsOf(await bench.raw(bare, params)).length
    bares.push(performance.now() - t)
    t = performance.now()
    count = (await computeRecommendations({ scope, today })).count
    runs.push(performance.now() - t)
  }
  if (!count) throw new Error('the data gave no recommendations')
  ctx.report({
    label: `recommendations for ${ctx.dealers} dealers (${count} stored)`,
    wholeMs: median(runs),
    bareMs: median(bares),
    note: `${pairs} pairs counted in the groups`,
  })
}
