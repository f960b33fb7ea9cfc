// The forecasts part of `npm run bench:crm` (issue 15 "Benchmark"): tests/bench/crm.ts has made the data and calls
// this. It times a forecast run as the desk starts it — the monthly aggregate per customer × category and per
// category, every series fitted in JS (seasonal naive, damped Holt-Winters by grid search, rolling-origin accuracy)
// and stored with the run and its audit, in one transaction — against the bare monthly aggregate over the same lines
// (the same sums, nothing fitted or written). The issue counts 10,000 series; the note prints how many the data gives
// (about five categories a dealer, plus the 20 category totals). DESIGN.md §9 sets no budget for it.
import { performance } from 'node:perf_hooks'
import { median } from './common'
import type { CrmBenchContext } from './crm-context'

/** Forecasts for 10,000 series against the bare monthly aggregate SQL (issue 15 "Benchmark"). */
export async function benchForecasts(ctx: CrmBenchContext): Promise<void> {
  const [{ runForecasts, addMonths, MAX_HISTORY }, { systemActor }, { businessClock, operatorTimeZone }, { rowsOf }] = await Promise.all([
    import('../../app/modules/crm/forecasts.server'),
    import('../../app/modules/audit/mutations.server'),
    import('../../app/utils/clock.server'),
    import('../../db/drivers.server'),
  ])
  const { bench } = ctx
  const { today } = await businessClock(bench.database.db)
  const currentMonth = `${today.slice(0, 7)}-01`

  // monthlyAggregates' statement, straight through the driver: the sums per customer × category × month and per
  // category × month over the whole months of the history window.
  const bare = `
    select org_id, category_id, month, sum(net) as net
    from (select o.org_id, p.category_id, l.net_minor as net,
                 to_char(date_trunc('month', o.delivered_at at time zone $1), 'YYYY-MM-01') as month
          from orders o join order_lines l on l.order_id = o.id join products p on p.id = l.product_id
          where o.status = 'delivered' and o.delivered_at is not null
            and o.delivered_at >= ($2::date)::timestamp at time zone $1
            and o.delivered_at < ($3::date)::timestamp at time zone $1) d
    group by grouping sets ((org_id, category_id, month), (category_id, month))`
  const params = [operatorTimeZone, addMonths(currentMonth, -MAX_HISTORY), currentMonth]

  // Warm both paths once (plans, caches, the fitting code), then measure; every run stores all its series anew.
  await bench.raw(bare, params)
  await runForecasts({ actor: systemActor, today })
  const runs: number[] = []
  const bares: number[] = []
  let rows: { org_id: string | null; category_id: string }[] = []
  let outcome: Awaited<ReturnType<typeof runForecasts>> | null = null
  for (let i = 0; i < Math.max(1, ctx.samples); i++) {
    let t = performance.now()
    rows = rowsOf(await bench.raw(bare, params))
    bares.push(performance.now() - t)
    t = performance.now()
    outcome = await runForecasts({ actor: systemActor, today })
    runs.push(performance.now() - t)
  }
  const customerSeries = new Set(rows.filter((r) => r.org_id).map((r) => `${r.org_id}:${r.category_id}`)).size
  const methods = Object.entries(outcome?.methods ?? {})
    .map(([method, n]) => `${method} ${n}`)
    .join(', ')
  ctx.report({
    label: `forecasts for ${outcome?.seriesCount ?? 0} series`,
    wholeMs: median(runs),
    bareMs: median(bares),
    note: `${customerSeries} customer × category series and ${(outcome?.seriesCount ?? 0) - customerSeries} category totals; ${methods}`,
  })
}
