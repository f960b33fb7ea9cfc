// npm run bench:crm (issue 15 "Benchmark", DESIGN.md §9): ABC, XYZ and CLV over 1,000,000 order lines — the whole
// segmentation run as the desk starts it (figures, classes, retention and CLV computed in the database, every member
// and the run stored, in one transaction) — against the bare SQL aggregates over the same lines (the sums per customer
// and per month, nothing classed or written) in the same run, and against the 5 s budget. Then the recommendations
// for 2,000 dealers and the forecasts for 10,000 series on the same data (tests/bench/crm-recommendations.ts,
// crm-forecasts.ts). On a fresh database: PGlite by default, PostgreSQL when DATABASE_URL is set.
// BENCH_DEALERS / BENCH_LINES / BENCH_SAMPLES make a quick run.
import os from 'node:os'
import { performance } from 'node:perf_hooks'
import { setSingleton } from '../../app/utils/singleton.server'
import { gitSha, median, openFreshDatabase, round } from './common'
import type { CrmBenchContext } from './crm-context'
import { makeCrmBenchData } from './crm-data'
import { benchForecasts } from './crm-forecasts'
import { benchRecommendations } from './crm-recommendations'

const DEALERS = Number(process.env.BENCH_DEALERS ?? 2000)
const LINES = Number(process.env.BENCH_LINES ?? 1_000_000)
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 3)
const BUDGET_MS = 5000

let cleanup: (() => Promise<void>) | null = null
const results: Record<string, unknown>[] = []

async function main() {
  const bench = await openFreshDatabase('crm')
  cleanup = process.env.BENCH_KEEP ? null : bench.dispose
  console.log(
    `bench:crm — node ${process.version}, ${os.cpus().length} cores, ${bench.kind}, git ${gitSha()}, load ${round(os.loadavg()[0])}, ` +
      `${DEALERS} dealers, ${LINES} order lines over 24 months`,
  )
  const { database } = bench
  await database.migrate()
  setSingleton('database', database)
  const seedStarted = performance.now()
  await makeCrmBenchData(bench, { dealers: DEALERS, lines: LINES })
  await database.analyze()
  console.log(`  seeded in ${round((performance.now() - seedStarted) / 1000, 1)} s`)

  const { runSegmentation } = await import('../../app/modules/crm/segments.server')
  const { grantScope } = await import('../../app/modules/auth/scope.server')
  const { businessClock } = await import('../../app/utils/clock.server')
  const { segmentDefaults } = await import('../../app/modules/crm/segment-schemas')
  const { paramsFromForm } = await import('../../app/modules/crm/segments.server')
  const { today } = await businessClock(database.db)
  const params = paramsFromForm(segmentDefaults(today))
  const scope = grantScope('manage:crm:any', null)
  const actor = { userId: null, email: null, ip: null }

  const ctx: CrmBenchContext = {
    bench,
    dealers: DEALERS,
    orderLines: LINES,
    samples: SAMPLES,
    report({ label, wholeMs, bareMs, budgetMs, note }) {
      const ratio = wholeMs / Math.max(bareMs, 0.001)
      console.log(
        `  ${label}: median ${round(wholeMs)} ms (×${round(ratio)} the bare SQL's ${round(bareMs)} ms)` +
          (budgetMs ? `; ratio to the ${budgetMs} ms budget ${round(wholeMs / budgetMs)} (${wholeMs < budgetMs ? 'within' : 'OVER'})` : '') +
          (note ? `; ${note}` : ''),
      )
      results.push({ label, wholeMs: round(wholeMs), bareMs: round(bareMs), ratio: round(ratio), budgetMs: budgetMs ?? null })
    },
  }

  // The bare aggregates: every customer's sums over the window and the two years, and its monthly series — the same
  // lines the run reads, no class, no retention, nothing written.
  const bare = `
    select o.org_id, date_trunc('month', o.delivered_at)::date as m, sum((ol.shipped_qty - ol.returned_qty) * ol.unit_price_minor) as revenue,
      sum((ol.shipped_qty - ol.returned_qty) * (ol.unit_price_minor - p.unit_cost_minor)) as margin
    from orders o join order_lines ol on ol.order_id = o.id join products p on p.id = ol.product_id
    where o.delivered_at >= date_trunc('month', now()) - interval '24 months' and o.delivered_at < date_trunc('month', now())
    group by 1, 2`
  await bench.raw(bare)
  await runSegmentation({ scope, actor, params })
  const runs: number[] = []
  const bares: number[] = []
  let customers = 0
  for (let i = 0; i < Math.max(1, SAMPLES); i++) {
    let t = performance.now()
    await bench.raw(bare)
    bares.push(performance.now() - t)
    t = performance.now()
    const outcome = await runSegmentation({ scope, actor, params })
    runs.push(performance.now() - t)
    if (!outcome.ok) throw new Error('the run found no data')
    customers = outcome.customers
  }
  ctx.report({
    label: `ABC/XYZ/CLV run (${customers} customers classed and stored)`,
    wholeMs: median(runs),
    bareMs: median(bares),
    budgetMs: BUDGET_MS,
  })

  await benchRecommendations(ctx)
  await benchForecasts(ctx)
  console.log(JSON.stringify({ bench: 'crm', kind: bench.kind, git: gitSha(), dealers: DEALERS, lines: LINES, results }))
}

main()
  .catch((error: unknown) => {
    console.error(error)
    process.exitCode = 1
  })
  .finally(async () => {
    await cleanup?.()
  })
