import type { Tx } from '../../../db/client.server'
import type { Actor } from '../audit/mutations.server'
import { logger } from '../../utils/logger.server'
import { notifyContestsForDays } from './contest-live.server'
import { recomputeBonusesForSales } from './bonuses.server'

// The one seam between sale reports and what counts them (issue 14). Whatever changes which units count — a report
// confirmed, a return or correction recorded, a POS import confirmed — calls `afterSalesChanged` in its own
// transaction, once, with every assistant and day it touched. The bonus above a norm recomputes here (a change
// after approval becomes a correction line in the ledger); after the commit the caller calls `afterSalesCommitted`
// so the live contest leaderboards update.

export interface SalesChange {
  orgId: string
  shopId: string
  userId: string
  /** The sale's day (YYYY-MM-DD): which programme and contest periods it falls in. */
  soldOn: string
}

export async function afterSalesChanged(tx: Tx, actor: Actor, changes: SalesChange[]): Promise<void> {
  await recomputeBonusesForSales(tx, actor, changes)
}

/** After the commit: the live leaderboards of the running contests whose period holds a changed day are pushed. */
export function afterSalesCommitted(changes: SalesChange[]): void {
  if (!changes.length) return
  // A push is a courtesy to the people watching: it never fails the confirmation that already committed.
  notifyContestsForDays(changes.map((c) => c.soldOn)).catch((error: Error) => logger.warn({ err: error.message }, 'contest push failed'))
}
