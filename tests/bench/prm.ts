// npm run bench:prm (issue 13 "Benchmark", DESIGN.md §9): tier evaluation and rebate accrual for 2,000 dealers over
// 1,000,000 delivered order lines, each against the bare aggregate over the same lines in the same run, and against
// the 5 s budget. On a fresh database: PGlite by default, PostgreSQL when DATABASE_URL is set.
// BENCH_DEALERS / BENCH_LINES / BENCH_SAMPLES make a quick run.
import os from 'node:os'
import { performance } from 'node:perf_hooks'
import { sql } from 'drizzle-orm'
import { setSingleton } from '../../app/utils/singleton.server'
import { rowsOf } from '../../db/drivers.server'
import { gitSha, median, openFreshDatabase, round } from './common'

const DEALERS = Number(process.env.BENCH_DEALERS ?? 2000)
const LINES = Number(process.env.BENCH_LINES ?? 1_000_000)
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 3)
const LINES_PER_ORDER = 10
const BUDGET_MS = 5000

let cleanup: (() => Promise<void>) | null = null

async function main() {
  const bench = await openFreshDatabase('prm')
  // BENCH_KEEP=1 leaves the seeded database behind for EXPLAIN (its name or folder is printed).
  cleanup = process.env.BENCH_KEEP ? null : bench.dispose
  console.log(
    `bench:prm — node ${process.version}, ${os.cpus().length} cores, ${bench.kind}, git ${gitSha()}, load ${round(os.loadavg()[0])}, ` +
      `${DEALERS} dealers, ${LINES} delivered order lines over 24 months`,
  )
  const { database } = bench
  await database.migrate()
  setSingleton('database', database)
  const factories = await import('../factories')
  const { evaluateTiers } = await import('../../app/modules/prm/tiers.server')
  const { grantScope } = await import('../../app/modules/auth/scope.server')
  const { db } = database

  const seedStarted = performance.now()
  const warehouse = await factories.createWarehouse(db)
  const category = await factories.createCategory(db)
  const vat = await factories.createTaxClass(db, { rates: [['2019-01-01', 2200]] })
  const products = []
  for (let i = 0; i < 50; i++) products.push(await factories.createProduct(db, { categoryId: category.id, taxClassId: vat.id }))
  const operator = await factories.createOrganisation(db, { kind: 'operator' })
  const placer = await factories.createMember(db, operator, 'operator_admin')
  // Dealers, orders and lines in three statements, as the tables' owner: the seed is not what is measured.
  await bench.raw(
    `insert into organisations (kind, legal_name, short_name, inn, verification_status)
     select 'dealer', 'ООО «Дилер ' || g || '»', 'Дилер ' || g, null, 'verified' from generate_series(1, $1::int) g`,
    [DEALERS],
  )
  const orderCount = Math.ceil(LINES / LINES_PER_ORDER)
  await bench.raw(
    `insert into orders (org_id, number, placed_by, status, checkout_token, incoterm, named_place, freight_terms, net_minor, vat_minor, gross_minor, placed_at, delivered_at)
     select d.id, 'B-' || g, $2::uuid, 'delivered', gen_random_uuid(), 'EXW', 'Москва', 'prepaid', 0, 0, 0,
            now() - make_interval(days => (g % 730) + 3), now() - make_interval(days => (g % 730))
     from generate_series(1, $1::int) g
     join (select id, row_number() over (order by id) - 1 as n from organisations where kind = 'dealer') d on d.n = g % $3::int`,
    [orderCount, placer.id, DEALERS],
  )
  const productIds = products.map((p) => p.id)
  await bench.raw(
    `insert into order_lines (order_id, line_no, product_id, sku, name_ru, name_en, unit, qty, unit_price_minor, net_minor, vat_bp, vat_minor,
       price_list_name, price_trace, warehouse_id, earliest_date, confirmed_qty, shipped_qty)
     select o.id, l, p.id, p.sku, p.name_ru, p.name_en, 'pcs', q, price, q * price, 2200, 0,
       'BASE', '{}'::jsonb, $2::uuid, current_date, q, q
     from orders o cross join generate_series(1, $3::int) l
     -- Dealers buy at five sizes (×1..×5 by their number), so the first evaluation promotes many of them.
     cross join lateral (select (1 + (l * 7) % 20) * (1 + (substr(o.number, 3)::int % $4::int) % 5) as q, 100000 + (l * 3700) % 900000 as price) qq
     join products p on p.id = ($1::uuid[])[1 + (l % array_length($1::uuid[], 1))]
     where o.number like 'B-%'`,
    [`{${productIds.join(',')}}`, warehouse.id, LINES_PER_ORDER, DEALERS],
  )
  const { programme, tiers } = await factories.createProgramme(db, {
    code: 'BENCH',
    tiers: [
      { code: 'partner', nameRu: 'Партнёр', nameEn: 'Partner' },
      {
        code: 'silver',
        nameRu: 'Серебряный',
        nameEn: 'Silver',
        criteria: [
          { kind: 'revenue_12m', op: 'gte', threshold: 5_000_000_00 },
          { kind: 'overdue_amount', op: 'lte', threshold: 0 },
        ],
        benefits: { dealerGroup: 'silver' },
      },
      {
        code: 'gold',
        nameRu: 'Золотой',
        nameEn: 'Gold',
        criteria: [
          { kind: 'revenue_12m', op: 'gte', threshold: 11_000_000_00 },
          { kind: 'growth_12m', op: 'gte', threshold: 0 },
          { kind: 'certified_staff', op: 'gte', threshold: 0 },
        ],
        benefits: { dealerGroup: 'gold' },
      },
    ],
  })
  await bench.raw(
    `insert into programme_members (programme_id, org_id, tier_id, since) select $1::uuid, id, $2::uuid, current_date - 400 from organisations where kind = 'dealer'`,
    [programme.id, tiers[0].id],
  )
  await database.analyze()
  console.log(`  seeded in ${round((performance.now() - seedStarted) / 1000, 1)} s`)

  // The bare aggregate: every dealer's trailing-12-month delivered revenue, the biggest sum evaluation needs.
  const bare = sql`select o.org_id, sum((ol.shipped_qty - ol.returned_qty)::bigint * ol.unit_price_minor) as revenue
    from orders o join order_lines ol on ol.order_id = o.id
    where o.delivered_at >= now() - interval '12 months' group by o.org_id`
  // Run as the evaluation runs its statement: in a transaction with nested loops, sorts and JIT off (see computeMeasures:
  // the row-level security tests spoil the planner's estimates), so the ratio compares like with like.
  const runBare = () =>
    db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('enable_nestloop', 'off', true), set_config('enable_sort', 'off', true), set_config('jit', 'off', true)`)
      return rowsOf(await tx.execute(bare))
    })
  const scope = grantScope('manage:partner_programme:any', null)
  const actor = { userId: placer.id, email: null, ip: null }
  await runBare()
  // Two cases per sample: the programme's first evaluation (every member at the entry tier, so many are promoted and
  // each promotion writes its history, price group, audit and notice), then the next month's (nothing moves).
  const reset = async () => {
    for (const table of ['tier_changes', 'tier_evaluations', 'dealer_group_changes', 'notifications', 'mail_outbox'])
      await bench.raw(`delete from ${table}`)
    await bench.raw(`update programme_members set tier_id = $1::uuid, grace_tier_id = null, grace_until = null`, [tiers[0].id])
  }
  const launch: number[] = []
  const steady: number[] = []
  const aggregate: number[] = []
  let first = null as Awaited<ReturnType<typeof evaluateTiers>>
  for (let i = 0; i < SAMPLES; i++) {
    await reset()
    let t = performance.now()
    first = await evaluateTiers({ scope, actor, trigger: 'on_demand' })
    launch.push(performance.now() - t)
    t = performance.now()
    await evaluateTiers({ scope, actor, trigger: 'on_demand' })
    steady.push(performance.now() - t)
    t = performance.now()
    await runBare()
    aggregate.push(performance.now() - t)
  }
  const launchMs = median(launch)
  const evalMs = median(steady)
  const bareMs = median(aggregate)
  const versus = (ms: number) =>
    `×${round(ms / Math.max(bareMs, 0.001), 1)} the bare aggregate; ratio to the ${BUDGET_MS} ms budget ${round(ms / BUDGET_MS)}`
  console.log(`  bare aggregate (trailing-12-month revenue per dealer): median ${round(bareMs)} ms`)
  console.log(
    `  tier evaluation, first run, ${first?.evaluated ?? 0} dealers, ${first?.promoted ?? 0} promoted: median ${round(launchMs)} ms (${versus(launchMs)})`,
  )
  console.log(`  tier evaluation, next month, nothing moves: median ${round(evalMs)} ms (${versus(evalMs)})`)
  const { benchRebateAccrual } = await import('./prm-rebates')
  const rebate = await benchRebateAccrual({ db, samples: SAMPLES })
  console.log(
    `  rebate accrual, last full quarter, all dealers: median ${round(rebate.medianMs)} ms (bare aggregate ${round(rebate.bareMs)} ms, ` +
      `×${round(rebate.medianMs / Math.max(rebate.bareMs, 0.001), 1)}); ratio to the ${BUDGET_MS} ms budget ${round(rebate.medianMs / BUDGET_MS)}`,
  )
  const total = Math.max(launchMs, evalMs) + rebate.medianMs
  console.log(
    `  the slower evaluation and the accrual together: ${round(total)} ms; ratio to the ${BUDGET_MS} ms budget ${round(total / BUDGET_MS)} (${total < BUDGET_MS ? 'within' : 'OVER'})`,
  )
}

main()
  .catch((error: unknown) => {
    console.error(error)
    process.exitCode = 1
  })
  .finally(async () => {
    await cleanup?.()
  })
