// `npm run bench:edi` (DESIGN.md §9; issue 12): one EDIFACT ORDERS of 10,000 lines parsed, validated, priced and
// stored through the whole inbound pipeline (budget < 3 s), next to what the same run measures as its physical
// parts: the tokenizer alone on the same bytes, and a bulk insert of the same order lines straight through the
// driver. Then interchanges of 20 lines from 4 senders at once: interchanges per second. On the embedded database
// by default; DATABASE_URL runs it on a fresh PostgreSQL database. Ratios and budgets are printed, never asserted.
import os from 'node:os'
import { sql } from 'drizzle-orm'
import { setSingleton } from '../../app/utils/singleton.server'
import { rowsOf } from '../../db/drivers.server'
import { seedLargeCatalog } from '../../db/seed-large'
import { gitSha, median, openFreshDatabase, quantile, round } from './common'

const LINES = Number(process.env.BENCH_EDI_LINES ?? 10_000)
const RUNS = Number(process.env.BENCH_EDI_RUNS ?? 3)
const SENDERS = 4
const SMALL_LINES = 20
const LOAD_MS = Number(process.env.BENCH_EDI_LOAD_MS ?? 15_000)
const BUDGET_MS = 3000
const cores = os.availableParallelism()

let cleanup: (() => Promise<void>) | null = null

async function main() {
  const loadBefore = os.loadavg()[0]
  const sha = gitSha()
  const bench = await openFreshDatabase('edi')
  cleanup = bench.dispose
  console.log(`bench:edi — node ${process.version}, ${cores} cores, ${bench.kind}, git ${sha}, load ${round(loadBefore)}, ${LINES} lines`)
  const { database } = bench
  await database.migrate()
  const seedStarted = performance.now()
  // The benchmark catalog at the order's size: products with GTINs, a global base list with tiers, stock.
  await seedLargeCatalog(database.db, { skus: LINES, priceLists: 3, dealers: 2, analyze: () => database.analyze() })
  setSingleton('database', database)
  const factories = await import('../factories')
  const { authenticateApiKey } = await import('../../app/modules/auth/api-keys.server')
  const { grantScope } = await import('../../app/modules/auth/scope.server')
  const { receiveInterchange } = await import('../../app/modules/edi/mutations.server')
  const { parseEdifact, writeEdifact } = await import('../../app/modules/edi/edifact')
  const { edifactSettingsOf, getProfile } = await import('../../app/modules/edi/partners.server')
  const { db } = database

  // Plenty of stock, so every run books every line (the rules are judged either way; the bench is about the work).
  await db.execute(sql`update stock_levels set atp = 1000000`)
  const products = rowsOf<{ gtin: string; min_qty: number; pack_size: number }>(
    await db.execute(sql`select gtin, min_qty, pack_size from products where gtin is not null and active order by sku limit ${LINES}`),
  )
  type Sender = {
    orgId: string
    key: Awaited<ReturnType<typeof authenticateApiKey>> extends infer R ? (R extends { ok: true; key: infer K } ? K : never) : never
    scope: ReturnType<typeof grantScope<'create:order:org'>>
    actor: { userId: string; email: null; ip: null }
    profile: NonNullable<Awaited<ReturnType<typeof getProfile>>>
  }
  const senders: Sender[] = []
  for (let i = 0; i < SENDERS; i++) {
    const org = await factories.createOrganisation(db, { kind: 'key_account', shortName: `Bench account ${i + 1}` })
    const admin = await factories.createMember(db, org, 'account_admin')
    await factories.createEdiPartner(db, org.id, { mode: 'production', sendContrl: true })
    const { token } = await factories.createApiKey({ orgId: org.id, userId: admin.id, scopes: ['orders:write'] })
    const found = await authenticateApiKey(token, null)
    if (!found.ok) throw new Error('bench key refused')
    const scope = grantScope('create:order:org', org.id)
    const profile = (await getProfile({ scope, orgId: org.id }))!
    senders.push({ orgId: org.id, key: found.key, scope, actor: { userId: admin.id, email: null, ip: null }, profile })
  }
  await database.analyze()
  console.log(`Seeded ${products.length} products and ${SENDERS} key accounts in ${round((performance.now() - seedStarted) / 1000, 1)} s`)

  let ref = 0
  const ordersBytes = (s: (typeof senders)[number], lines: number) => {
    ref++
    const today = new Date().toISOString().slice(0, 10)
    return Buffer.from(
      writeEdifact({
        sender: { id: s.profile.partnerGln!, qualifier: '14' },
        recipient: { id: s.profile.ourGln!, qualifier: '14' },
        controlRef: `B${ref}`,
        preparedAt: new Date(),
        test: false,
        settings: edifactSettingsOf(s.profile),
        documents: [
          {
            kind: 'order',
            documentNumber: `PO-BENCH-${ref}`,
            function: 'original',
            documentDate: today,
            buyer: { gln: s.profile.partnerGln! },
            supplier: { gln: s.profile.ourGln! },
            lines: products.slice(0, lines).map((p, i) => ({
              lineNo: String(i + 1),
              gtin: p.gtin,
              qty: String(Math.max(p.min_qty, p.pack_size)),
            })),
          },
        ],
      }).bytes,
    )
  }

  // ---- one ORDERS of LINES lines ----
  const big = ordersBytes(senders[0], LINES)
  console.log(`ORDERS of ${LINES} lines: ${round(big.length / 1024 / 1024, 2)} MB`)
  const tokenizer: number[] = []
  for (let i = 0; i < 5; i++) {
    const t = performance.now()
    const parsed = parseEdifact(big, { tolerant: false })
    tokenizer.push(performance.now() - t)
    if (i === 0 && parsed.interchanges[0]?.messages[0]?.issues.length) throw new Error(JSON.stringify(parsed.interchanges[0].messages[0].issues))
  }
  const pipeline: number[] = []
  let booked = 0
  let orderId: string | null = null
  for (let i = 0; i < RUNS; i++) {
    const bytes = i === 0 ? big : ordersBytes(senders[0], LINES)
    const t = performance.now()
    const result = await receiveInterchange({ ...senders[0], bytes, contentType: 'application/edifact', channel: 'interchanges' })
    pipeline.push(performance.now() - t)
    const outcome = result.interchanges[0]?.messages[0]
    if (result.status !== 200) throw new Error(`pipeline answered ${result.status}: ${result.body.slice(0, 500)}`)
    const id = rowsOf<{ order_id: string | null }>(
      await db.execute(sql`select order_id from edi_documents where direction = 'in' and org_id = ${senders[0].orgId} order by seq desc limit 1`),
    )[0]?.order_id
    if (id) {
      booked++
      orderId = id
    }
    void outcome
  }
  if (!orderId) throw new Error('the pipeline booked no order')
  const lineCount = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from order_lines where order_id = ${orderId}`))[0].n

  // The same rows stored bare: one multi-row insert per 1,000 rows through the driver, into a copy of the table.
  await bench.raw('create temp table if not exists bench_order_lines (like order_lines including defaults)')
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(
      sql`select order_id, line_no, product_id, sku, name_ru, name_en, unit, qty, unit_price_minor, net_minor, vat_bp, vat_minor, price_list_name, price_trace::text as price_trace, warehouse_id, from_receipt_qty, earliest_date::text as earliest_date from order_lines where order_id = ${orderId} order by line_no`,
    ),
  )
  const columns = Object.keys(rows[0])
  const bulk: number[] = []
  for (let run = 0; run < RUNS; run++) {
    await bench.raw('truncate bench_order_lines')
    const t = performance.now()
    for (let start = 0; start < rows.length; start += 1000) {
      const chunk = rows.slice(start, start + 1000)
      const params: unknown[] = []
      const values = chunk.map((r) => `(${columns.map((c) => `$${params.push(r[c])}`).join(', ')})`)
      await bench.raw(`insert into bench_order_lines (${columns.join(', ')}) values ${values.join(', ')}`, params)
    }
    bulk.push(performance.now() - t)
  }

  const pipelineMs = median(pipeline)
  const tokenizerMs = median(tokenizer)
  const bulkMs = median(bulk)
  console.log(`One ORDERS of ${LINES} lines (${RUNS} runs, ${booked} booked, ${lineCount} lines stored):`)
  console.log(`  pipeline (parse, envelope, map, evaluate, price, reserve, store, CONTRL and ORDRSP): median ${round(pipelineMs, 0)} ms`)
  console.log(`  tokenizer alone on the same bytes: median ${round(tokenizerMs, 1)} ms — pipeline/tokenizer ${round(pipelineMs / tokenizerMs, 1)}×`)
  console.log(
    `  bulk insert of the same ${rows.length} rows through the driver: median ${round(bulkMs, 0)} ms — pipeline/bulk ${round(pipelineMs / bulkMs, 1)}×`,
  )
  console.log(`  budget: < ${BUDGET_MS} ms — ${pipelineMs < BUDGET_MS ? 'within' : 'OVER'} (ratio ${round(pipelineMs / BUDGET_MS)})`)

  // ---- interchanges of 20 lines from 4 senders at once ----
  const latencies: number[] = []
  const perSender = senders.map(() => 0)
  const started = performance.now()
  await Promise.all(
    senders.map(async (s, i) => {
      while (performance.now() - started < LOAD_MS) {
        const bytes = ordersBytes(s, SMALL_LINES)
        const t = performance.now()
        const r = await receiveInterchange({ ...s, bytes, contentType: 'application/edifact', channel: 'interchanges' })
        if (r.status !== 200) throw new Error(`answered ${r.status}`)
        latencies.push(performance.now() - t)
        perSender[i]++
      }
    }),
  )
  const seconds = (performance.now() - started) / 1000
  const perSecond = latencies.length / seconds
  console.log(
    `Interchanges of ${SMALL_LINES} lines from ${SENDERS} senders for ${round(seconds, 1)} s: ${round(perSecond, 1)}/s (${round(perSecond * SMALL_LINES, 0)} lines/s), p50 ${round(median(latencies), 1)} ms, p95 ${round(quantile(latencies, 0.95), 1)} ms; per sender ${perSender.join(', ')}`,
  )
  console.log(
    JSON.stringify({
      database: bench.kind,
      lines: LINES,
      pipelineMedianMs: round(pipelineMs, 0),
      tokenizerMedianMs: round(tokenizerMs, 1),
      bulkInsertMedianMs: round(bulkMs, 0),
      ratioToTokenizer: round(pipelineMs / tokenizerMs, 1),
      ratioToBulkInsert: round(pipelineMs / bulkMs, 1),
      budgetMs: BUDGET_MS,
      budgetRatio: round(pipelineMs / BUDGET_MS),
      withinBudget: pipelineMs < BUDGET_MS,
      smallInterchangesPerSecond: round(perSecond, 1),
      smallP50Ms: round(median(latencies), 1),
      smallP95Ms: round(quantile(latencies, 0.95), 1),
      loadAvgBefore: round(loadBefore),
    }),
  )
  await bench.dispose()
}

main().catch(async (error) => {
  console.error(error instanceof Error && error.cause ? error.cause : error instanceof Error ? (error.stack ?? error.message).slice(0, 3000) : error)
  await cleanup?.().catch(() => {})
  process.exit(1)
})
