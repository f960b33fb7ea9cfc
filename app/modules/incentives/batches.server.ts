import { and, eq, gte, isNull, lte, ne, sql } from 'drizzle-orm'
import { db, type Tx } from '../../../db/client.server'
import { rowsOf } from '../../../db/drivers.server'
import { anyOf } from '../../../db/sql-lists'
import { ledgerEvents, ledgerLines, payoutBatches } from '../../../db/schema/incentives'
import { users } from '../../../db/schema/auth'
import type { MessageKey } from '../../i18n'
import { businessClock } from '../../utils/clock.server'
import { writeAudit, type Actor } from '../audit/mutations.server'
import type { AnyScope } from '../auth/scope.server'
import { notify } from '../notifications/mutations.server'

// Payout batches (issue 13): the partner manager takes pending lines into a batch, another one approves it (four
// eyes, backed by the database's CHECK), then it is marked paid. A batch and its lines never change once paid.

export const MAX_BATCH_LINES = 5000

export interface BatchFilter {
  orgId?: string
  source?: string
  programmeId?: string
  periodFrom?: string
  periodTo?: string
}

export type BatchError = { ok: false; status: 404 | 409; message: MessageKey; params?: Record<string, string> }

export type PrepareResult = { ok: true; batchId: string; number: string; lineCount: number; totalMinor: number; leftOutOrgs: string[] } | BatchError

/** Takes pending lines (not held, not in a batch, amount ≠ 0) into a new batch; a dealer whose net is negative stays out. */
export async function preparePayoutBatch({
  scope,
  actor,
  lineIds,
  filter,
}: {
  scope: AnyScope
  actor: Actor
  lineIds?: string[]
  filter?: BatchFilter
}): Promise<PrepareResult> {
  void scope
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('payout-batch-number'))`)
    const where = and(
      eq(ledgerLines.status, 'pending'),
      isNull(ledgerLines.batchId),
      ne(ledgerLines.amountMinor, 0),
      lineIds ? anyOf(ledgerLines.id, lineIds.slice(0, MAX_BATCH_LINES)) : undefined,
      filter?.orgId ? eq(ledgerLines.orgId, filter.orgId) : undefined,
      filter?.source ? eq(ledgerLines.source, filter.source) : undefined,
      filter?.programmeId ? eq(ledgerLines.programmeId, filter.programmeId) : undefined,
      filter?.periodFrom ? gte(ledgerLines.periodStart, filter.periodFrom) : undefined,
      filter?.periodTo ? lte(ledgerLines.periodEnd, filter.periodTo) : undefined,
    )
    // Lock the candidates so a hold or a second preparation waits for this one.
    const candidates = await tx
      .select({ id: ledgerLines.id, orgId: ledgerLines.orgId, amountMinor: ledgerLines.amountMinor })
      .from(ledgerLines)
      .where(where)
      .orderBy(ledgerLines.createdAt)
      .limit(MAX_BATCH_LINES)
      .for('update')
    if (candidates.length === 0) return { ok: false, status: 409, message: 'payout.error.noLines' }
    const net = new Map<string, number>()
    for (const c of candidates) net.set(c.orgId, (net.get(c.orgId) ?? 0) + c.amountMinor)
    const leftOutOrgs = [...net].filter(([, sum]) => sum < 0).map(([org]) => org)
    const taken = candidates.filter((c) => (net.get(c.orgId) ?? 0) >= 0)
    const totalMinor = taken.reduce((s, c) => s + c.amountMinor, 0)
    if (taken.length === 0 || totalMinor === 0) return { ok: false, status: 409, message: 'payout.error.negativeNet' }
    const { today } = await businessClock(tx)
    const year = today.slice(0, 4)
    const [{ n }] = rowsOf<{ n: number }>(
      await tx.execute(sql`select coalesce(max(substring(number from 8)::int), 0) + 1 as n from payout_batches where number like ${`B-${year}-%`}`),
    )
    const number = `B-${year}-${String(n).padStart(4, '0')}`
    const [batch] = await tx
      .insert(payoutBatches)
      .values({ number, totalMinor, lineCount: taken.length, preparedBy: actor.userId! })
      .returning({ id: payoutBatches.id })
    const ids = taken.map((c) => c.id)
    await tx
      .update(ledgerLines)
      .set({ batchId: batch.id, updatedAt: sql`now()` })
      .where(anyOf(ledgerLines.id, ids))
    await tx.insert(ledgerEvents).values(
      taken.map((c) => ({
        lineId: c.id,
        orgId: c.orgId,
        fromStatus: 'pending' as const,
        toStatus: 'pending' as const,
        kind: 'batched',
        note: number,
        actorId: actor.userId,
      })),
    )
    await writeAudit(tx, actor, {
      action: 'payout.prepared',
      entity: 'payout_batch',
      entityId: batch.id,
      details: { number, totalMinor, lineCount: taken.length, leftOutOrgs },
    })
    return { ok: true, batchId: batch.id, number, lineCount: taken.length, totalMinor, leftOutOrgs }
  })
}

async function batchDealers(tx: Tx, batchId: string) {
  return rowsOf<{ org_id: string; total: string | number }>(
    await tx.execute(sql`select org_id, sum(amount_minor) as total from ledger_lines where batch_id = ${batchId} group by org_id`),
  ).map((r) => ({ orgId: r.org_id, totalMinor: Number(r.total) }))
}

async function whoApproved(tx: Tx, batchId: string) {
  const [row] = await tx
    .select({ status: payoutBatches.status, name: users.displayName, email: users.email })
    .from(payoutBatches)
    .leftJoin(users, eq(users.id, payoutBatches.approvedBy))
    .where(eq(payoutBatches.id, batchId))
  return row ?? null
}

export type BatchResult = { ok: true } | BatchError

/** Approves a prepared batch: never by its preparer; of two approvals at once exactly one wins. */
export async function approvePayoutBatch({ scope, actor, batchId }: { scope: AnyScope; actor: Actor; batchId: string }): Promise<BatchResult> {
  void scope
  return db.transaction(async (tx) => {
    const [batch] = await tx.select().from(payoutBatches).where(eq(payoutBatches.id, batchId))
    if (!batch) return { ok: false, status: 404, message: 'payout.error.notFound' }
    if (batch.preparedBy === actor.userId) return { ok: false, status: 409, message: 'payout.error.fourEyes' }
    const won = await tx
      .update(payoutBatches)
      .set({ status: 'approved', approvedBy: actor.userId, approvedAt: sql`now()` })
      .where(and(eq(payoutBatches.id, batchId), eq(payoutBatches.status, 'prepared')))
      .returning({ id: payoutBatches.id })
    if (won.length === 0) {
      const other = await whoApproved(tx, batchId)
      if (other?.status === 'paid') return { ok: false, status: 409, message: 'payout.error.paid' }
      return { ok: false, status: 409, message: 'payout.error.alreadyApproved', params: { by: other?.name ?? other?.email ?? '—' } }
    }
    const lines = await tx
      .update(ledgerLines)
      .set({ status: 'approved', updatedAt: sql`now()` })
      .where(eq(ledgerLines.batchId, batchId))
      .returning({ id: ledgerLines.id, orgId: ledgerLines.orgId })
    if (lines.length)
      await tx.insert(ledgerEvents).values(
        lines.map((l) => ({
          lineId: l.id,
          orgId: l.orgId,
          fromStatus: 'pending' as const,
          toStatus: 'approved' as const,
          kind: 'approved',
          note: batch.number,
          actorId: actor.userId,
        })),
      )
    await writeAudit(tx, actor, { action: 'payout.approved', entity: 'payout_batch', entityId: batchId, details: { number: batch.number } })
    for (const dealer of await batchDealers(tx, batchId)) {
      await notify(tx, {
        to: { orgId: dealer.orgId, roles: ['dealer_admin'] },
        kind: 'payout.approved',
        params: { number: batch.number, totalMinor: dealer.totalMinor },
        link: '/programme/ledger',
        orgId: dealer.orgId,
        mail: true,
      })
    }
    return { ok: true }
  })
}

/** The bank has paid: approved → paid, its lines too. From here on nothing in the batch changes. */
export async function markBatchPaid({ scope, actor, batchId }: { scope: AnyScope; actor: Actor; batchId: string }): Promise<BatchResult> {
  void scope
  return db.transaction(async (tx) => {
    const [batch] = await tx.select().from(payoutBatches).where(eq(payoutBatches.id, batchId)).for('update')
    if (!batch) return { ok: false, status: 404, message: 'payout.error.notFound' }
    if (batch.status === 'paid') return { ok: false, status: 409, message: 'payout.error.paid' }
    if (batch.status !== 'approved') return { ok: false, status: 409, message: 'payout.error.notApproved' }
    await tx
      .update(payoutBatches)
      .set({ status: 'paid', paidBy: actor.userId, paidAt: sql`now()` })
      .where(eq(payoutBatches.id, batchId))
    const lines = await tx
      .update(ledgerLines)
      .set({ status: 'paid', updatedAt: sql`now()` })
      .where(eq(ledgerLines.batchId, batchId))
      .returning({ id: ledgerLines.id, orgId: ledgerLines.orgId })
    if (lines.length)
      await tx.insert(ledgerEvents).values(
        lines.map((l) => ({
          lineId: l.id,
          orgId: l.orgId,
          fromStatus: 'approved' as const,
          toStatus: 'paid' as const,
          kind: 'paid',
          note: batch.number,
          actorId: actor.userId,
        })),
      )
    await writeAudit(tx, actor, { action: 'payout.paid', entity: 'payout_batch', entityId: batchId, details: { number: batch.number } })
    return { ok: true }
  })
}
