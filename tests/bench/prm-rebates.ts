// The rebate part of `npm run bench:prm` (issue 13 "Benchmark"): tests/bench/prm.ts seeds 2,000 dealers and
// 1,000,000 delivered order lines over 24 months, binds the app's database singleton to that database
// (setSingleton('database', …), as bench:edi does), and calls this. It creates a stepped quarterly rebate programme
// and times the accrual of the last full quarter for every dealer — the one aggregate statement in the database and
// every dealer's ledger line written — against the bare aggregate over the same order lines. Each sample starts
// from no lines, so each one is a full accrual (creating every line), not a no-op recalculation.
import { sql } from 'drizzle-orm'
import { performance } from 'node:perf_hooks'
import type { DbOrTx } from '../../db/client.server'
import { median } from './common'

const addDays = (day: string, n: number) => {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}

export async function benchRebateAccrual({ db, samples }: { db: DbOrTx; samples: number }): Promise<{ medianMs: number; bareMs: number }> {
  const [{ rowsOf }, { businessClock, operatorDayStart, operatorTimeZone }, { periodOf }, rebates, { systemActor }, { createRebateProgramme }] =
    await Promise.all([
      import('../../db/drivers.server'),
      import('../../app/utils/clock.server'),
      import('../../app/modules/prm/rebate-rules'),
      import('../../app/modules/prm/rebates.server'),
      import('../../app/modules/audit/mutations.server'),
      import('../factories/prm-rebates'),
    ])
  const { today } = await businessClock(db)
  const quarter = periodOf('quarter', addDays(periodOf('quarter', today).start, -1))
  const programme = await createRebateProgramme(db, {
    code: `BENCH-${Date.now().toString(36)}`,
    nameRu: 'Квартальный бонус (бенчмарк)',
    nameEn: 'Quarterly rebate (benchmark)',
    steps: [
      { from: 500_000_00, rateBp: 200 },
      { from: 1_500_000_00, rateBp: 300 },
      { from: 5_000_000_00, rateBp: 400 },
    ],
    validFrom: quarter.start,
  })
  const period = await rebates.periodFor(db, programme.id, quarter.start)
  const clear = () => db.execute(sql`delete from ledger_lines where programme_id = ${programme.id}::uuid`)

  const bare = sql`
    select o.org_id, sum((ol.shipped_qty - ol.returned_qty)::bigint * ol.unit_price_minor) as basis
    from orders o join order_lines ol on ol.order_id = o.id
    where o.delivered_at >= ${operatorDayStart(quarter.start)}
      and o.delivered_at < ((${quarter.end}::date + 1)::timestamp at time zone ${operatorTimeZone})
    group by o.org_id`

  // Warm both paths once (plans, caches), then measure.
  rowsOf(await db.execute(bare))
  await rebates.accrueRebatePeriod({ actor: systemActor, periodId: period.id })
  const accrual: number[] = []
  const aggregate: number[] = []
  for (let i = 0; i < Math.max(1, samples); i++) {
    await clear()
    let t = performance.now()
    const result = await rebates.accrueRebatePeriod({ actor: systemActor, periodId: period.id })
    accrual.push(performance.now() - t)
    if (!result.ok) throw new Error('the benchmark period vanished')
    t = performance.now()
    rowsOf(await db.execute(bare))
    aggregate.push(performance.now() - t)
  }
  return { medianMs: median(accrual), bareMs: median(aggregate) }
}
