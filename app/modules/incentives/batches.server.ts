import { and, asc, eq, sql } from 'drizzle-orm'
import { db, type Tx } from '../../../db/client.server'
import { rowsOf } from '../../../db/drivers.server'
import { ledgerLines, payoutBatches } from '../../../db/schema/incentives'
import { writeAudit, type Actor } from '../audit/mutations.server'
import type { AnyScope } from '../auth/scope.server'
import { notify } from '../notifications/mutations.server'
import { businessClock, operatorYear } from '../../utils/clock.server'

// Payout batches (issue 13): the partner manager prepares a batch from the approvable lines (pending, in no batch,
// of a period that has ended, for recipients whose lines add up to money owed); ANOTHER person approves it — the
// application refuses the preparer with a message and the CHECK `payout_batches_four_eyes` refuses it whatever
// the application does; approval is a compare-and-set on the batch row, so of two partner managers approving at
// once exactly one succeeds and the other is told it is already approved. Approval marks the lines approved and
// tells each dealer's admins; "paid" marks them paid. A batch that is approved or paid is never changed.

export type BatchResult = { ok: true; batchId: string } | { ok: false; status?: 404 | 409; formErrors: string[] }

/** Prepares a batch of every approvable line (optionally of one programme); refused when there is nothing to pay. */
export async function prepareBatch(input: { scope: AnyScope; actor: Actor; programmeId?: string }): Promise<BatchResult> {
  return db.transaction(async (tx) => {
    const { today } = await businessClock(tx)
    // One batch at a time gets a number (B-2026-0001).
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('payout_batches'))`)
    const eligible = sql`l.status = 'pending' and l.batch_id is null and l.period_end < ${today}::date and l.amount_minor <> 0
      ${input.programmeId ? sql`and l.programme_id = ${input.programmeId}::uuid` : sql``}`
    const [{ count, total }] = rowsOf<{ count: number; total: string | null }>(
      await tx.execute(sql`
        with owed as (select l.org_id from ledger_lines l where ${eligible} group by l.org_id having sum(l.amount_minor) > 0)
        select count(*)::int as count, sum(l.amount_minor)::text as total from ledger_lines l join owed o on o.org_id = l.org_id where ${eligible}`),
    )
    if (!Number(count)) return { ok: false, status: 409, formErrors: ['payout.error.nothingToPay'] } as const
    const [{ number }] = rowsOf<{ number: string }>(
      await tx.execute(
        sql`select 'B-' || ${operatorYear} || '-' || lpad((count(*) + 1)::text, 4, '0') as number from payout_batches where number like 'B-' || ${operatorYear} || '-%'`,
      ),
    )
    const [batch] = await tx
      .insert(payoutBatches)
      .values({ number, totalMinor: Number(total), lineCount: Number(count), preparedBy: input.actor.userId! })
      .returning({ id: payoutBatches.id })
    await tx.execute(sql`
      with owed as (select l.org_id from ledger_lines l where ${eligible} group by l.org_id having sum(l.amount_minor) > 0)
      update ledger_lines l set batch_id = ${batch.id}::uuid, updated_at = now() from owed o where o.org_id = l.org_id and ${eligible}`)
    await writeAudit(tx, input.actor, {
      action: 'payout.prepared',
      entity: 'payout_batch',
      entityId: batch.id,
      details: { number, totalMinor: Number(total), lineCount: Number(count) },
    })
    return { ok: true, batchId: batch.id } as const
  })
}

async function refusal(tx: Tx, batchId: string, actor: Actor, wanted: 'approve' | 'paid'): Promise<BatchResult> {
  const [batch] = await tx.select().from(payoutBatches).where(eq(payoutBatches.id, batchId))
  if (!batch) return { ok: false, status: 404, formErrors: ['error.notFound.title'] }
  if (wanted === 'approve' && batch.status === 'prepared' && batch.preparedBy === actor.userId)
    return { ok: false, status: 409, formErrors: ['payout.error.ownBatch'] }
  if (wanted === 'approve') return { ok: false, status: 409, formErrors: [batch.status === 'prepared' ? 'payout.error.notAllowed' : 'payout.error.alreadyApproved'] }
  return { ok: false, status: 409, formErrors: [batch.status === 'paid' ? 'payout.error.alreadyPaid' : 'payout.error.notApproved'] }
}

/** Moves every line of the batch to `status`, one event each, in one statement. */
async function moveLines(tx: Tx, batchId: string, from: 'pending' | 'approved', to: 'approved' | 'paid', actor: Actor) {
  await tx.execute(sql`
    with moved as (
      update ledger_lines set status = ${to}, updated_at = now() where batch_id = ${batchId}::uuid and status = ${from} returning id, org_id
    )
    insert into ledger_events (line_id, org_id, from_status, to_status, kind, actor_id)
    select id, org_id, ${from}, ${to}, ${to}, ${actor.userId}::uuid from moved`)
}

/** Approves a prepared batch: never by its preparer; of two approvals at once, one. */
export async function approveBatch(input: { scope: AnyScope; actor: Actor; batchId: string }): Promise<BatchResult> {
  const { actor, batchId } = input
  return db.transaction(async (tx) => {
    // Compare-and-set: only a prepared batch, only by someone else. A concurrent approval waits for this row and
    // then finds it no longer prepared.
    const [approved] = await tx
      .update(payoutBatches)
      .set({ status: 'approved', approvedBy: actor.userId, approvedAt: sql`now()` })
      .where(and(eq(payoutBatches.id, batchId), eq(payoutBatches.status, 'prepared'), sql`${payoutBatches.preparedBy} <> ${actor.userId}::uuid`))
      .returning()
    if (!approved) return refusal(tx, batchId, actor, 'approve')
    await moveLines(tx, batchId, 'pending', 'approved', actor)
    await writeAudit(tx, actor, {
      action: 'payout.approved',
      entity: 'payout_batch',
      entityId: batchId,
      details: { number: approved.number, totalMinor: approved.totalMinor, lineCount: approved.lineCount },
    })
    const owed = await tx
      .select({ orgId: ledgerLines.orgId, amountMinor: sql<string>`sum(${ledgerLines.amountMinor})::text` })
      .from(ledgerLines)
      .where(eq(ledgerLines.batchId, batchId))
      .groupBy(ledgerLines.orgId)
      .orderBy(asc(ledgerLines.orgId))
    for (const o of owed)
      await notify(tx, {
        to: { orgId: o.orgId, roles: ['dealer_admin'] },
        kind: 'payoutApproved',
        params: { number: approved.number, amountMinor: Number(o.amountMinor) },
        link: '/programme/ledger',
        orgId: o.orgId,
        mail: true,
      })
    return { ok: true, batchId } as const
  })
}

/** Records that the bank paid an approved batch: its lines are paid. */
export async function markBatchPaid(input: { scope: AnyScope; actor: Actor; batchId: string }): Promise<BatchResult> {
  const { actor, batchId } = input
  return db.transaction(async (tx) => {
    const [paid] = await tx
      .update(payoutBatches)
      .set({ status: 'paid', paidBy: actor.userId, paidAt: sql`now()` })
      .where(and(eq(payoutBatches.id, batchId), eq(payoutBatches.status, 'approved')))
      .returning()
    if (!paid) return refusal(tx, batchId, actor, 'paid')
    await moveLines(tx, batchId, 'approved', 'paid', actor)
    await writeAudit(tx, actor, { action: 'payout.paid', entity: 'payout_batch', entityId: batchId, details: { number: paid.number, totalMinor: paid.totalMinor } })
    return { ok: true, batchId } as const
  })
}
