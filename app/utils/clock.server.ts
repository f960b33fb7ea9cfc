import { sql, type SQL } from 'drizzle-orm'
import { db, type DbOrTx } from '../../db/client.server'
import { isoText, rowsOf } from '../../db/drivers.server'
import { env } from '../env.server'

// The business clock, in one place (DESIGN.md §3: business time comes from the database's clock). The operator's
// calendar runs in `OPERATOR_TIME_ZONE` (app/env.server.ts, default Europe/Moscow): "today", order numbers' year,
// a day filter on a list, the dealers' default cut-off zone. Nothing else names a time zone. It lives under app/ as a
// `.server` file so that Remix keeps it (and the database drivers) out of the browser bundle.

export const operatorTimeZone = env.OPERATOR_TIME_ZONE

/** Now, and today in the operator's calendar, both read from the database. */
export async function businessClock(tx: DbOrTx = db) {
  const [row] = rowsOf<{ today: string; now: string }>(
    await tx.execute(sql`select to_char(now() at time zone ${operatorTimeZone}, 'YYYY-MM-DD') as today, ${isoText(sql`now()`)} as now`),
  )
  return { today: row.today, now: new Date(row.now) }
}

/** The moment an operator's calendar day (YYYY-MM-DD) begins, for day filters on stored timestamps. */
export function operatorDayStart(day: string | SQL): SQL {
  return sql`(${day}::date)::timestamp at time zone ${operatorTimeZone}`
}

/** The operator's current year, for numbering documents ("2026-000123"). */
export const operatorYear: SQL = sql`to_char(now() at time zone ${operatorTimeZone}, 'YYYY')`
