import { count, sql, sum } from 'drizzle-orm'
import { db } from '../../../db/client.server'
import { rowsOf } from '../../../db/drivers.server'
import { ledgerLines } from '../../../db/schema/incentives'
import { rebateProgrammes } from '../../../db/schema/prm'
import { inScope, type AnyScope } from '../auth/scope.server'

// The partner manager's home, the money side: rebate accruals by month against the budget, and the ledger by status.
// SQL aggregates only; staff only (AnyScope, still in every WHERE on dealer data).

export const ACCRUAL_MONTHS = 12
export const LEDGER_STATES = ['pending', 'held', 'approved', 'paid', 'reversed'] as const

export type MonthAccrual = { month: string; accruedMinor: number; paidMinor: number; budgetMinor: number }

/**
 * Rebate lines of the last ACCRUAL_MONTHS months (by their period's first day) against the budget: accrued is
 * pending, held or approved, paid is paid, reversed lines count nowhere. A rebate programme's budget is per period
 * of its kind, so a month carries a month's budget, a third of a quarter's or a twelfth of a year's, for every
 * active programme valid in that month.
 */
export async function accrualsByMonth({ scope, today }: { scope: AnyScope; today: string }): Promise<MonthAccrual[]> {
  const first = sql`(date_trunc('month', ${today}::date) - make_interval(months => ${ACCRUAL_MONTHS - 1}))::date`
  const result = await db.execute(sql`
    with months as (
      select generate_series(${first}, date_trunc('month', ${today}::date)::date, interval '1 month')::date as m
    ),
    lines as (
      select date_trunc('month', ${ledgerLines.periodStart})::date as m,
        coalesce(sum(${ledgerLines.amountMinor}) filter (where ${ledgerLines.status} in ('pending', 'held', 'approved')), 0) as accrued,
        coalesce(sum(${ledgerLines.amountMinor}) filter (where ${ledgerLines.status} = 'paid'), 0) as paid
      from ${ledgerLines}
      where ${ledgerLines.source} = 'rebate' and ${ledgerLines.periodStart} >= ${first} ${scopeFilter(scope)}
      group by 1
    ),
    budgets as (
      select months.m, coalesce(sum(case ${rebateProgrammes.periodKind} when 'month' then ${rebateProgrammes.budgetMinor}
          when 'quarter' then ${rebateProgrammes.budgetMinor} / 3 else ${rebateProgrammes.budgetMinor} / 12 end), 0) as budget
      from months
      left join ${rebateProgrammes} on ${rebateProgrammes.active} and ${rebateProgrammes.budgetMinor} is not null
        and ${rebateProgrammes.validFrom} <= (months.m + interval '1 month' - interval '1 day')::date
        and (${rebateProgrammes.validTo} is null or ${rebateProgrammes.validTo} >= months.m)
      group by months.m
    )
    select to_char(months.m, 'YYYY-MM') as month, coalesce(lines.accrued, 0)::text as accrued, coalesce(lines.paid, 0)::text as paid,
      round(budgets.budget)::bigint::text as budget
    from months left join lines on lines.m = months.m join budgets on budgets.m = months.m
    order by months.m`)
  return rowsOf<{ month: string; accrued: string; paid: string; budget: string }>(result).map((r) => ({
    month: r.month,
    accruedMinor: Number(r.accrued),
    paidMinor: Number(r.paid),
    budgetMinor: Number(r.budget),
  }))
}

/** The tenant filter inside raw SQL: nothing for an AnyScope (kept so the shape stays the same as every read). */
function scopeFilter(scope: AnyScope) {
  const filter = inScope(scope, ledgerLines.orgId)
  return filter ? sql`and ${filter}` : sql``
}

/** Every incentive line by status: how many and how much (kopecks). */
export async function ledgerByStatus({ scope }: { scope: AnyScope }) {
  const rows = await db
    .select({ status: ledgerLines.status, count: count(), amountMinor: sum(ledgerLines.amountMinor) })
    .from(ledgerLines)
    .where(inScope(scope, ledgerLines.orgId))
    .groupBy(ledgerLines.status)
  return LEDGER_STATES.map((status) => {
    const row = rows.find((r) => r.status === status)
    return { status, count: Number(row?.count ?? 0), amountMinor: Number(row?.amountMinor ?? 0) }
  })
}

export async function incentivesOverview({ scope, today }: { scope: AnyScope; today: string }) {
  const [months, ledger] = await Promise.all([accrualsByMonth({ scope, today }), ledgerByStatus({ scope })])
  return { months, ledger }
}
