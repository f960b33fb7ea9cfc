import { and, desc, eq, inArray } from 'drizzle-orm'
import { db } from '../../../db/client.server'
import { ledgerDisputeMessages, ledgerDisputes, ledgerLines } from '../../../db/schema/incentives'
import { writeAudit, type Actor } from '../audit/mutations.server'
import { inScope, type AnyScope, type OrgScope } from '../auth/scope.server'
import { notify } from '../notifications/mutations.server'
import type { LedgerResult } from './ledger.server'

// Disputes (issue 13): the dealer's admin queries a line — a thread on it that the partner manager answers. Each
// message tells the other side (the partner managers, or the dealer's admins); one thread per line, reopened by
// the dealer's next message.

/** The dealer asks about one of its lines (a new thread, or the next message of the open one). */
export async function queryLine(input: { scope: OrgScope; actor: Actor; lineId: string; body: string }): Promise<LedgerResult> {
  return db.transaction(async (tx) => {
    const [line] = await tx
      .select({ id: ledgerLines.id, orgId: ledgerLines.orgId, accrualKey: ledgerLines.accrualKey })
      .from(ledgerLines)
      .where(and(eq(ledgerLines.id, input.lineId), inScope(input.scope, ledgerLines.orgId)))
    if (!line) return { ok: false, status: 404 } as const
    const [open] = await tx
      .select({ id: ledgerDisputes.id })
      .from(ledgerDisputes)
      .where(and(eq(ledgerDisputes.lineId, line.id), inScope(input.scope, ledgerDisputes.orgId), inArray(ledgerDisputes.status, ['open', 'answered'])))
      .orderBy(desc(ledgerDisputes.createdAt))
      .limit(1)
      .for('update')
    let disputeId = open?.id
    if (disputeId) await tx.update(ledgerDisputes).set({ status: 'open', updatedAt: new Date() }).where(eq(ledgerDisputes.id, disputeId))
    else
      [{ id: disputeId }] = await tx
        .insert(ledgerDisputes)
        .values({ lineId: line.id, orgId: line.orgId, openedBy: input.actor.userId })
        .returning({ id: ledgerDisputes.id })
    await tx.insert(ledgerDisputeMessages).values({ disputeId, orgId: line.orgId, authorId: input.actor.userId, side: 'partner', body: input.body })
    await writeAudit(tx, input.actor, { action: 'ledger.disputed', entity: 'ledger_line', entityId: line.id, orgId: line.orgId, details: { disputeId } })
    await notify(tx, {
      to: { staff: ['partner_manager'] },
      kind: 'ledgerQueried',
      params: { key: line.accrualKey },
      link: `/desk/partners/disputes`,
      orgId: line.orgId,
    })
    return { ok: true } as const
  })
}

/** The partner manager answers a thread (and may close it); the dealer's admins are told. */
export async function answerDispute(input: { scope: AnyScope; actor: Actor; disputeId: string; body: string; close: boolean }): Promise<LedgerResult> {
  return db.transaction(async (tx) => {
    const [dispute] = await tx
      .select({ id: ledgerDisputes.id, orgId: ledgerDisputes.orgId, lineId: ledgerDisputes.lineId, status: ledgerDisputes.status })
      .from(ledgerDisputes)
      .where(eq(ledgerDisputes.id, input.disputeId))
      .for('update')
    if (!dispute) return { ok: false, status: 404 } as const
    if (dispute.status === 'closed') return { ok: false, status: 409, formErrors: ['dispute.error.closed'] } as const
    await tx.insert(ledgerDisputeMessages).values({ disputeId: dispute.id, orgId: dispute.orgId, authorId: input.actor.userId, side: 'operator', body: input.body })
    await tx
      .update(ledgerDisputes)
      .set({ status: input.close ? 'closed' : 'answered', updatedAt: new Date() })
      .where(eq(ledgerDisputes.id, dispute.id))
    await writeAudit(tx, input.actor, {
      action: 'ledger.dispute_answered',
      entity: 'ledger_line',
      entityId: dispute.lineId,
      orgId: dispute.orgId,
      details: { disputeId: dispute.id, closed: input.close },
    })
    await notify(tx, {
      to: { orgId: dispute.orgId, roles: ['dealer_admin'] },
      kind: 'ledgerAnswered',
      params: {},
      link: `/programme/ledger/${dispute.lineId}`,
      orgId: dispute.orgId,
      mail: true,
    })
    return { ok: true } as const
  })
}
