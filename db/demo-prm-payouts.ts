import { and, asc, eq, inArray, isNull } from 'drizzle-orm'
import { grantScope } from '../app/modules/auth/scope.server'
import { openDispute } from '../app/modules/incentives/disputes.server'
import { holdLedgerLine } from '../app/modules/incentives/ledger.server'
import { preparePayoutBatch } from '../app/modules/incentives/batches.server'
import type { Db } from './client.server'
import { ledgerLines, memberships, payoutBatches, rebatePeriods, users } from './schema'

// Partner programme demo: payouts (issue 13), after the rebates demo. The closed quarter's lines go into a batch
// prepared by the operator's admin, waiting for another person's approval (partners@technosnab.demo: four eyes);
// the open quarter has one line held for review and one the dealer queried.
export async function seedDemoPayoutsIfEmpty(db: Db): Promise<boolean> {
  const [existing] = await db.select({ id: payoutBatches.id }).from(payoutBatches).limit(1)
  if (existing) return false
  const people = await db
    .select({ email: users.email, userId: users.id, orgId: memberships.orgId })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .where(inArray(users.email, ['admin@technosnab.demo', 'partners@technosnab.demo', 'admin@vector.demo']))
  const of = (email: string) => people.find((p) => p.email === email)
  const [admin, manager, dealer] = [of('admin@technosnab.demo'), of('partners@technosnab.demo'), of('admin@vector.demo')]
  if (!admin || !manager || !dealer) return false
  const actorOf = (p: { userId: string; email: string }) => ({ userId: p.userId, email: p.email, ip: null })
  const scope = grantScope('manage:partner_programme:any', null)
  const closed = await db.select({ start: rebatePeriods.periodStart }).from(rebatePeriods).where(eq(rebatePeriods.status, 'closed'))
  const closedLines = closed.length
    ? await db
        .select({ id: ledgerLines.id })
        .from(ledgerLines)
        .where(
          and(
            eq(ledgerLines.status, 'pending'),
            isNull(ledgerLines.batchId),
            inArray(
              ledgerLines.periodStart,
              closed.map((c) => c.start),
            ),
          ),
        )
    : []
  if (!closedLines.length) return false
  await preparePayoutBatch({ scope, actor: actorOf(admin), lineIds: closedLines.map((l) => l.id) })
  const open = await db
    .select({ id: ledgerLines.id, orgId: ledgerLines.orgId })
    .from(ledgerLines)
    .where(and(eq(ledgerLines.status, 'pending'), isNull(ledgerLines.batchId)))
    .orderBy(asc(ledgerLines.createdAt))
  const mine = open.find((l) => l.orgId === dealer.orgId)
  const other = open.find((l) => l.orgId !== dealer.orgId)
  if (other) await holdLedgerLine({ scope, actor: actorOf(manager), lineId: other.id, reasons: ['review'], note: 'Проверяем возвраты квартала' })
  if (mine)
    await openDispute({
      scope: grantScope('manage:partner_programme:org', dealer.orgId),
      actor: actorOf(dealer),
      lineId: mine.id,
      body: 'Почему не учтён заказ, доставленный в последний день квартала?',
    })
  return true
}
