// npm run bench:sarm (issue 14 "Benchmark", DESIGN.md §9): a contest's fraud checks over 5,000 shops, 50,000
// assistants and 2,000,000 sale reports — the whole run as the desk starts it (standings and the six-period baseline
// in the database, R1–R5 and R7 for every shop, R6 over the claims, prizes, held ledger lines, flags and the run
// stored, in one transaction) — against the bare aggregate queries (the same sums, no rules) in the same run, and
// against the 10 s budget. On a fresh database: PGlite by default, PostgreSQL when DATABASE_URL is set. The data is
// made by set-based SQL. BENCH_SHOPS / BENCH_ASSISTANTS / BENCH_REPORTS / BENCH_SAMPLES make a quick run.
import os from 'node:os'
import { performance } from 'node:perf_hooks'
import { eq, sql } from 'drizzle-orm'
import { setSingleton } from '../../app/utils/singleton.server'
import { rowsOf } from '../../db/drivers.server'
import { contests } from '../../db/schema/sarm'
import { gitSha, median, openFreshDatabase, round } from './common'

const SHOPS = Number(process.env.BENCH_SHOPS ?? 5000)
const ASSISTANTS = Number(process.env.BENCH_ASSISTANTS ?? 50_000)
const REPORTS = Number(process.env.BENCH_REPORTS ?? 2_000_000)
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 3)
const SHOPS_PER_DEALER = 10
const PERIOD_DAYS = 30
const BUDGET_MS = 10_000

let cleanup: (() => Promise<void>) | null = null

async function main() {
  const bench = await openFreshDatabase('sarm')
  cleanup = process.env.BENCH_KEEP ? null : bench.dispose
  console.log(
    `bench:sarm — node ${process.version}, ${os.cpus().length} cores, ${bench.kind}, git ${gitSha()}, load ${round(os.loadavg()[0])}, ` +
      `${SHOPS} shops, ${ASSISTANTS} assistants, ${REPORTS} sale reports over 7 periods of ${PERIOD_DAYS} days`,
  )
  const { database } = bench
  await database.migrate()
  setSingleton('database', database)
  const factories = await import('../factories')
  const { createContest } = await import('../factories/sarm')
  const { runContestChecks, contestFigures, thresholdsOf, claimIntegrity } = await import('../../app/modules/sarm/contest-run.server')
  const { grantScope } = await import('../../app/modules/auth/scope.server')
  const { db } = database

  const seedStarted = performance.now()
  const category = await factories.createCategory(db)
  const vat = await factories.createTaxClass(db, { rates: [['2019-01-01', 2200]] })
  const products = []
  for (let i = 0; i < 20; i++) products.push(await factories.createProduct(db, { categoryId: category.id, taxClassId: vat.id }))
  const productList = `{${products.map((p) => p.id).join(',')}}`
  const operator = await factories.createOrganisation(db, { kind: 'operator' })
  const manager = await factories.createMember(db, operator, 'partner_manager')
  const dealers = Math.ceil(SHOPS / SHOPS_PER_DEALER)
  // Dealers, shops, people, rosters, deliveries and reports in set-based statements as the tables' owner: the seed
  // is not what is measured.
  await bench.raw(
    `insert into organisations (kind, legal_name, short_name, inn, verification_status, region)
     select 'dealer', 'ООО «Сеть ' || g || '»', 'Сеть ' || g, null, 'verified', 'Регион ' || (g % 80) from generate_series(1, $1::int) g`,
    [dealers],
  )
  await bench.raw(
    `insert into shops (org_id, code, name, address, region)
     select d.id, 'S' || g, 'Магазин ' || g, 'ул. Мира, ' || g, 'Регион ' || (g % 80)
     from generate_series(0, $1::int - 1) g
     join (select id, row_number() over (order by id) - 1 as n from organisations where kind = 'dealer') d on d.n = g / $2::int`,
    [SHOPS, SHOPS_PER_DEALER],
  )
  await bench.raw(
    `insert into users (email, display_name, password_hash)
     select 'bench-seller-' || g || '@example.test', 'Продавец' || g || ' Фамилия' || g, 'x' from generate_series(1, $1::int) g`,
    [ASSISTANTS],
  )
  // Who sells where: the n-th person at shop n mod SHOPS (a subquery, as the raw connections share no temp table).
  const people = `(select u.id as user_id, s.id as shop_id, s.org_id, u.k::int as n
     from (select id, row_number() over (order by email) - 1 as k from users where email like 'bench-seller-%') u
     join (select id, org_id, row_number() over (order by code) - 1 as k from shops) s on s.k = u.k % ${SHOPS})`
  await bench.raw(
    `insert into shop_assistants (org_id, shop_id, user_id, starts_on) select org_id, shop_id, user_id, current_date - 400 from ${people} p`,
  )
  // Reports spread over the contest (the 30 days ending 5 days ago) and its six baseline periods; a tenth carry a
  // serial, nearly all of them delivered to the dealer; receipt numbers rise with the day, as a till's do; a few
  // customers buy often.
  await bench.raw(
    `insert into sale_reports (org_id, shop_id, user_id, product_id, qty, unit_price_minor, serial, sold_on, receipt_no, customer_phone, status, decided_at)
     select p.org_id, p.shop_id, p.user_id, ($2::uuid[])[1 + g % 20], 1 + (g % 7) % 3, 150000 + (g % 13) * 1000,
       case when g % 10 = 0 then 'SN' || g end, current_date - 5 - (g % ${7 * PERIOD_DAYS}),
       'R' || ((${7 * PERIOD_DAYS} - g % ${7 * PERIOD_DAYS}) * 10000000::bigint + g),
       case when g % 50 = 0 then '+7900' || (g % 997) end, 'confirmed', now()
     from generate_series(1, $1::int) g join ${people} p on p.n = (g::bigint * 7919) % ${ASSISTANTS}`,
    [REPORTS, productList],
  )
  await bench.raw(
    `insert into serial_deliveries (org_id, product_id, serial, delivered_on)
     select r.org_id, r.product_id, r.serial, r.sold_on - 20 from sale_reports r where r.serial is not null and substr(r.serial, 3)::bigint % 1000 <> 0`,
  )
  await database.analyze()
  console.log(`  seeded in ${round((performance.now() - seedStarted) / 1000, 1)} s`)

  const [{ today }] = rowsOf<{ today: string }>(await db.execute(sql`select (current_date - 5)::text as today`))
  const periodEnd = today
  const periodStart = new Date(Date.parse(`${today}T00:00:00Z`) - (PERIOD_DAYS - 1) * 86_400_000).toISOString().slice(0, 10)
  const newContest = () =>
    createContest(db, {
      periodStart,
      periodEnd,
      prizes: Array.from({ length: 10 }, (_, i) => ({ rank: i + 1, amountMinor: (10 - i) * 1000_00 })),
      minActiveSellers: 3,
    })
  const scope = grantScope('manage:sarm:any', null)
  const actor = { userId: manager.id, email: null, ip: null }

  // The bare aggregates: the same reads as the run's (each seller's sums by period, the shops' figures, the claims'
  // joins), with no rule applied, no prize and nothing written, in one transaction.
  const runBare = async (contestId: string) =>
    db.transaction(async (tx) => {
      const [c] = await tx.select().from(contests).where(eq(contests.id, contestId))
      const figures = await contestFigures(tx, c, thresholdsOf(c.thresholds))
      const claims = await claimIntegrity(tx, c)
      return figures.sellers.length + claims.length
    })

  const warm = await newContest()
  await runBare(warm.id)
  await runContestChecks({ scope, actor, contestId: warm.id })
  const run: number[] = []
  const bare: number[] = []
  let last = null as Awaited<ReturnType<typeof runContestChecks>> | null
  for (let i = 0; i < Math.max(1, SAMPLES); i++) {
    const contest = await newContest()
    let t = performance.now()
    await runBare(contest.id)
    bare.push(performance.now() - t)
    t = performance.now()
    last = await runContestChecks({ scope, actor, contestId: contest.id })
    run.push(performance.now() - t)
    if (!last.ok) throw new Error(`the run was refused: ${last.message}`)
  }
  const runMs = median(run)
  const bareMs = median(bare)
  console.log(`  bare aggregates (sums per seller and period, shop figures, claim joins; no rules): median ${round(bareMs)} ms`)
  const [phases] = rowsOf<{ summary: Record<string, number> }>(await db.execute(sql`select summary from contest_runs order by at desc limit 1`))
  console.log(
    `  the last run's phases: figures ${phases?.summary.figuresMs} ms, rules (R1–R5, R7 for ${phases?.summary.shops} shops) ${phases?.summary.rulesMs} ms, ` +
      `claims (R6) ${phases?.summary.claimsMs} ms; the rest is prizes, ledger lines, flags and the run written`,
  )
  console.log(
    `  contest checks, whole run (${last?.ok ? `${last.awards} prizes, ${last.held} held, ${last.flags} flags` : ''}): median ${round(runMs)} ms ` +
      `(×${round(runMs / Math.max(bareMs, 0.001), 2)} the bare aggregates); ratio to the ${BUDGET_MS} ms budget ${round(runMs / BUDGET_MS)} ` +
      `(${runMs < BUDGET_MS ? 'within' : 'OVER'})`,
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
