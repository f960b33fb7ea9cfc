// `npm run bench:catalog`: the catalog search page and a 1,000-line quick order on 100,000 SKUs and 500 price
// lists (DESIGN.md §9), each next to its physical limit measured in the same run: the very SQL the app sent,
// replayed straight through the driver. Ratios and budgets are printed, never asserted: machines here are noisy.
import os from 'node:os'
import { sql, type Logger } from 'drizzle-orm'
import { setSingleton } from '../../app/utils/singleton.server'
import { rowsOf } from '../../db/drivers.server'
import { seedLargeCatalog } from '../../db/seed-large'
import { gitSha, median, openFreshDatabase, quantile, round } from './common'

const SKUS = Number(process.env.BENCH_SKUS ?? 100_000)
const PRICE_LISTS = Number(process.env.BENCH_PRICE_LISTS ?? 500)
const DEALERS = Number(process.env.BENCH_DEALERS ?? 200)
const PAGE_CALLS = Number(process.env.BENCH_PAGE_CALLS ?? 200)
// A phase stops early after this long: at full size a typo search alone can take seconds on PGlite.
const PHASE_MS = Number(process.env.BENCH_PHASE_MS ?? 60_000)
const CONCURRENCY = 8
const ORDER_LINES = 1000
const ORDER_RUNS = 5
const RESOLVE_MS = 2000
const BUDGET_PAGE_P95_MS = 100
const BUDGET_QUICK_ORDER_MS = 1000
const cores = os.availableParallelism()

interface Captured {
  sql: string
  params: unknown[]
  /**
   * Statements sent in the same turn of the event loop: the app started them side by side (Promise.all). PGlite
   * answers without yielding to the event loop, so there a page is one round; its one connection serialises it anyway.
   */
  burst: number
}

// Every statement the app sends passes this logger; while `recording` is set it keeps them for the bare replay.
let recording: Captured[] | null = null
let burst = 0
let burstOpen = false
const logger: Logger = {
  logQuery(query, params) {
    if (!burstOpen) {
      burst++
      burstOpen = true
      setImmediate(() => (burstOpen = false))
    }
    recording?.push({ sql: query, params, burst })
  },
}
async function record<T>(fn: () => Promise<T>) {
  recording = []
  try {
    const result = await fn()
    const groups: Captured[][] = []
    for (const q of recording) {
      if (groups.at(-1)?.[0].burst === q.burst) groups.at(-1)!.push(q)
      else groups.push([q])
    }
    return { result, groups, statements: recording.length }
  } finally {
    recording = null
  }
}

/** A short name for a statement of the catalog page, for the "where the time goes" line. */
function nameOf(q: Captured) {
  const kind = /to_char\(now/.test(q.sql)
    ? 'clock'
    : /->>'brand'.*group by/s.test(q.sql)
      ? 'brands'
      : /group by/.test(q.sql)
        ? 'facets'
        : /^select count\(/.test(q.sql)
          ? 'count'
          : /from "price_list_assignments" inner join "price_lists"/.test(q.sql)
            ? 'lists'
            : /^select "price_list_id", "product_id"/.test(q.sql)
              ? 'prices'
              : /limit/.test(q.sql)
                ? 'rows'
                : 'other'
  return /word_similarity/.test(q.sql) ? `fuzzy ${kind}` : kind
}

/** Closed loop: `concurrency` workers share up to `calls` calls of `fn`, for at most `maxMs`; latencies and throughput. */
async function drive(calls: number, concurrency: number, fn: (i: number) => Promise<unknown>, maxMs = PHASE_MS) {
  const latencies: number[] = []
  const byCall: number[] = []
  let next = 0
  const started = performance.now()
  const until = started + maxMs
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < calls && performance.now() < until; i = next++) {
        const t = performance.now()
        await fn(i)
        latencies.push(performance.now() - t)
        byCall[i] = performance.now() - t
      }
    }),
  )
  const seconds = (performance.now() - started) / 1000
  return { calls: latencies.length, p50: median(latencies), p95: quantile(latencies, 0.95), perSecond: latencies.length / seconds, byCall }
}

// A failed run still removes its temporary database.
let cleanup: (() => Promise<void>) | null = null

async function main() {
  const loadBefore = os.loadavg()[0]
  const sha = gitSha()
  const bench = await openFreshDatabase('catalog', { logger, rawConnections: 10 })
  cleanup = bench.dispose
  console.log(
    `bench:catalog — node ${process.version}, ${cores} cores, ${bench.kind}, git ${sha}, load ${round(loadBefore)}, ${SKUS} SKUs, ${PRICE_LISTS} price lists, ${DEALERS} dealers`,
  )
  const { database } = bench
  await database.migrate()
  const seedStarted = performance.now()
  const seeded = await seedLargeCatalog(database.db, {
    skus: SKUS,
    priceLists: PRICE_LISTS,
    dealers: DEALERS,
    analyze: () => database.analyze(),
    onProgress: (msg) => console.log(`  seed: ${msg} (${round((performance.now() - seedStarted) / 1000, 1)} s)`),
  })
  const seedSeconds = (performance.now() - seedStarted) / 1000
  console.log(`Seeded ${seeded.products} products, ${seeded.priceLists} price lists, ${seeded.dealers} dealers in ${round(seedSeconds, 1)} s`)

  // The app's modules open the process's database on import: ours must be in place first.
  setSingleton('database', database)
  const { searchCatalog } = await import('../../app/modules/catalog/queries.server')
  const { loadPriceCandidates, priceProducts } = await import('../../app/modules/pricing/queries.server')
  const { businessClock } = await import('../../app/utils/clock.server')
  const { resolvePrice } = await import('../../app/modules/pricing/price-resolution')
  const { validateOrderLines } = await import('../../app/modules/ordering/queries.server')

  // Dealer 1 is in group g1, holds contracts 1, 201 and 401 and keeps its own part numbers.
  const orgId = seeded.dealerIds[0]
  const { grantScope } = await import('../../app/modules/auth/scope.server')
  const scope = grantScope('read:catalog:org', orgId)
  const { today } = await businessClock()

  // ---- catalog search page: what the catalog._index loader does ----
  const shapes: { label: string; q: string; page: number }[] = [
    { label: 'empty', q: '', page: 1 },
    { label: 'empty p5', q: '', page: 5 },
    { label: 'sku prefix', q: 'L-0012', page: 1 },
    { label: 'ru word', q: 'кабель', page: 1 },
    { label: 'en word', q: 'breaker', page: 1 },
    { label: 'typo', q: 'кабль', page: 1 },
  ]
  const catalogPage = async (s: { q: string; page: number }) => {
    const [result] = await Promise.all([searchCatalog({ scope, q: s.q || undefined, page: s.page }), businessClock()])
    const priced = await priceProducts({ scope, date: today, items: result.rows.map((r) => ({ productId: r.id, qty: Math.max(1, r.minQty) })) })
    return { result, priced }
  }
  // The replay keeps the app's shape: statements the app sent side by side go side by side, bursts in order.
  const replays: Captured[][][] = []
  for (const s of shapes) {
    const page = await record(() => catalogPage(s))
    replays.push(page.groups)
    const { result, priced } = page.result
    const ok = [...priced.values()].filter((p) => p.ok).length
    console.log(
      `  "${s.q}" page ${s.page}: ${result.total} hits${result.fuzzy ? ' (typo-tolerant)' : ''}, ${result.rows.length} rows, ${ok} priced; ${page.statements} statements in ${page.groups.length} rounds`,
    )
  }
  const bareCatalogPage = async (i: number) => {
    for (const group of replays[i % replays.length]) await Promise.all(group.map((q) => bench.raw(q.sql, q.params)))
  }
  // Warm both paths once per shape before timing.
  for (let i = 0; i < shapes.length; i++) await catalogPage(shapes[i])
  for (let i = 0; i < shapes.length; i++) await bareCatalogPage(i)
  const phase = <T extends { calls: number; p50: number }>(label: string, r: T) => {
    console.log(`  ${label}: ${r.calls} calls, p50 ${round(r.p50, 1)} ms`)
    return r
  }
  const appSeq = phase('app sequential', await drive(PAGE_CALLS, 1, (i) => catalogPage(shapes[i % shapes.length])))
  const bareSeq = phase('bare sequential', await drive(PAGE_CALLS, 1, bareCatalogPage))
  const appConc = phase(`app ×${CONCURRENCY}`, await drive(PAGE_CALLS, CONCURRENCY, (i) => catalogPage(shapes[i % shapes.length])))
  const bareConc = phase(`bare ×${CONCURRENCY}`, await drive(PAGE_CALLS, CONCURRENCY, bareCatalogPage))
  // Per shape, so a slow query shape is visible rather than averaged away.
  const perShape: Record<string, { appP50: number; bareP50: number }> = {}
  const ofShape = (byCall: number[], k: number) => byCall.filter((ms, i) => ms !== undefined && i % shapes.length === k)
  for (const [k, s] of shapes.entries())
    perShape[s.label] = { appP50: round(median(ofShape(appSeq.byCall, k)), 1), bareP50: round(median(ofShape(bareSeq.byCall, k)), 1) }
  console.log(`Catalog page, up to ${PAGE_CALLS} calls (at most ${PHASE_MS / 1000} s a phase) over ${shapes.length} query shapes:`)
  console.log(
    `  app   sequential p50 ${round(appSeq.p50, 1)} ms, p95 ${round(appSeq.p95, 1)} ms, ${round(appSeq.perSecond, 1)} req/s; ×${CONCURRENCY}: ${round(appConc.perSecond, 1)} req/s (p95 ${round(appConc.p95, 1)} ms)`,
  )
  console.log(
    `  bare  sequential p50 ${round(bareSeq.p50, 1)} ms, p95 ${round(bareSeq.p95, 1)} ms, ${round(bareSeq.perSecond, 1)} req/s; ×${CONCURRENCY}: ${round(bareConc.perSecond, 1)} req/s (p95 ${round(bareConc.p95, 1)} ms)`,
  )
  console.log(
    `  ratio bare/app: p50 ${round(bareSeq.p50 / appSeq.p50)}, p95 ${round(bareSeq.p95 / appSeq.p95)}, req/s ×${CONCURRENCY} ${round(appConc.perSecond / bareConc.perSecond)}`,
  )
  for (const [label, v] of Object.entries(perShape)) console.log(`    ${label.padEnd(11)} app p50 ${v.appP50} ms, bare p50 ${v.bareP50} ms`)
  // Where the time goes: each statement of each shape alone, once, bare.
  const statementMs: Record<string, Record<string, number>> = {}
  for (const [k, s] of shapes.entries()) {
    const named = new Map<string, Captured>()
    for (const q of replays[k].flat()) {
      let name = nameOf(q)
      for (let n = 2; named.has(name); n++) name = `${nameOf(q)} ${n}`
      named.set(name, q)
    }
    statementMs[s.label] = {}
    for (const [name, q] of named) {
      const t = performance.now()
      await bench.raw(q.sql, q.params)
      statementMs[s.label][name] = round(performance.now() - t, 1)
    }
    console.log(
      `    ${s.label.padEnd(11)} ${Object.entries(statementMs[s.label])
        .map(([n, ms]) => `${n} ${ms}`)
        .join(', ')} ms`,
    )
  }
  console.log(`  budget: p95 < ${BUDGET_PAGE_P95_MS} ms — ${appSeq.p95 < BUDGET_PAGE_P95_MS ? 'within' : 'OVER'} (${round(appSeq.p95, 1)} ms)`)

  // ---- quick order: 1,000 pasted lines validated and priced ----
  // Lines a buyer could order three of: unit packs, three in one warehouse (an order line ships from one, the
  // evaluator's stock rule); the dealer's contract products first.
  const skuRows = rowsOf<{ sku: string }>(
    await database.db.execute(
      sql`select p.sku from products p
        where p.active and p.pack_size = 1 and p.min_qty <= 3
          and exists (select 1 from stock_levels s where s.product_id = p.id and s.atp >= 3)
        order by exists (select 1 from prices x join price_list_assignments a on a.price_list_id = x.price_list_id
                          where x.product_id = p.id and a.scope = 'org' and a.org_id = ${orgId}) desc, p.sku
        limit ${ORDER_LINES}`,
    ),
  )
  const lines = skuRows.map((r, i) => ({ lineNos: [i + 1], ref: r.sku, qtyRaw: '3' }))
  const order = await record(() => validateOrderLines({ scope, lines, date: today }))
  const appOrder: number[] = []
  const bareOrder: number[] = []
  for (let i = 0; i < ORDER_RUNS; i++) {
    let t = performance.now()
    await validateOrderLines({ scope, lines, date: today })
    appOrder.push(performance.now() - t)
    t = performance.now()
    for (const group of order.groups) await Promise.all(group.map((q) => bench.raw(q.sql, q.params)))
    bareOrder.push(performance.now() - t)
  }
  const orderMs = median(appOrder)
  const orderBareMs = median(bareOrder)
  console.log(
    `Quick order of ${lines.length} lines: ${order.result.accepted.length} accepted, ${order.result.rejected.length} rejected; ${order.statements} statements`,
  )
  console.log(
    `  app median ${round(orderMs, 1)} ms, bare ${round(orderBareMs, 1)} ms → ratio bare/app ${round(orderBareMs / orderMs)}; budget < ${BUDGET_QUICK_ORDER_MS} ms — ${orderMs < BUDGET_QUICK_ORDER_MS ? 'within' : 'OVER'}`,
  )

  // ---- resolvePrice: the pure engine alone ----
  const productIds = order.result.accepted.map((a) => a.productId)
  const candidates = [...(await loadPriceCandidates({ scope, productIds })).values()]
  let calls = 0
  let checksum = 0
  const until = performance.now() + RESOLVE_MS
  const started = performance.now()
  while (performance.now() < until) {
    for (let k = 0; k < 1000; k++, calls++) {
      const r = resolvePrice({ qty: 1 + (calls % 120), date: today, currency: 'RUB', candidates: candidates[calls % candidates.length] })
      if (r.ok) checksum += r.unitPriceMinor
    }
  }
  const resolvePerSecond = calls / ((performance.now() - started) / 1000)
  console.log(
    `resolvePrice: ${round(resolvePerSecond / 1000, 1)}k calls/s over ${candidates.length} products with ${candidates[0]?.length ?? 0} candidate lists each (checksum ${checksum % 1000})`,
  )

  cleanup = null
  await bench.dispose()
  const summary = {
    bench: 'catalog',
    node: process.version,
    cores,
    database: bench.kind,
    git: sha,
    loadBefore: round(loadBefore),
    skus: seeded.products,
    priceLists: seeded.priceLists,
    dealers: seeded.dealers,
    seedSeconds: round(seedSeconds, 1),
    page: {
      calls: appSeq.calls,
      appP50Ms: round(appSeq.p50, 1),
      appP95Ms: round(appSeq.p95, 1),
      appPerSecond: round(appSeq.perSecond, 1),
      appPerSecondConcurrent: round(appConc.perSecond, 1),
      bareP50Ms: round(bareSeq.p50, 1),
      bareP95Ms: round(bareSeq.p95, 1),
      barePerSecond: round(bareSeq.perSecond, 1),
      barePerSecondConcurrent: round(bareConc.perSecond, 1),
      ratioP50: round(bareSeq.p50 / appSeq.p50),
      ratioP95: round(bareSeq.p95 / appSeq.p95),
      ratioConcurrent: round(appConc.perSecond / bareConc.perSecond),
      budgetP95Ms: BUDGET_PAGE_P95_MS,
      withinBudget: appSeq.p95 < BUDGET_PAGE_P95_MS,
      perShape,
      statementMs,
    },
    quickOrder: {
      lines: lines.length,
      accepted: order.result.accepted.length,
      appMedianMs: round(orderMs, 1),
      bareMedianMs: round(orderBareMs, 1),
      ratio: round(orderBareMs / orderMs),
      budgetMs: BUDGET_QUICK_ORDER_MS,
      withinBudget: orderMs < BUDGET_QUICK_ORDER_MS,
    },
    resolvePricePerSecond: Math.round(resolvePerSecond),
  }
  console.log(JSON.stringify(summary))
}

main().catch(async (error) => {
  // A failed multi-row insert carries its whole statement and parameters: the cause is what helps.
  console.error(error instanceof Error && error.cause ? error.cause : error instanceof Error ? error.message.slice(0, 2000) : error)
  await cleanup?.().catch(() => {})
  process.exit(1)
})
