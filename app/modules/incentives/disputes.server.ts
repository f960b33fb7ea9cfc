import { and, eq, inArray, sql } from 'drizzle-orm'
import { db } from '../../../db/client.server'
import { ledgerDisputeMessages, ledgerDisputes, ledgerEvents, ledgerLines } from '../../../db/schema/incentives'
import type { MessageKey } from '../../i18n'
import { writeAudit, type Actor } from '../audit/mutations.server'
import { inScope, type AnyScope, type OrgScope, type Scope } from '../auth/scope.server'
import { notify } from '../notifications/mutations.server'

// Queries on a ledger line (issue 13): the dealer's admin asks, the partner manager answers, either side writes
// more, the manager closes it. An open query holds a pending line (reason `dispute`) until it is closed.

export const DISPUTE_TEXT_MAX = 2000

export type DisputeResult = { ok: true; disputeId: string } | { ok: false; status: 404 | 409; message: MessageKey }

/** The dealer's admin queries one of its own lines (`manage:partner_programme:org`). */
export async function openDispute({
  scope,
  actor,
  lineId,
  body,
}: {
  scope: OrgScope
  actor: Actor
  lineId: string
  body: string
}): Promise<DisputeResult> {
  return db.transaction(async (tx) => {
    const [line] = await tx
      .select()
      .from(ledgerLines)
      .where(and(eq(ledgerLines.id, lineId), inScope(scope, ledgerLines.orgId)))
      .for('update')
    if (!line) return { ok: false, status: 404, message: 'ledger.error.notFound' }
    const [open] = await tx
      .select({ id: ledgerDisputes.id })
      .from(ledgerDisputes)
      .where(and(eq(ledgerDisputes.lineId, lineId), inArray(ledgerDisputes.status, ['open', 'answered'])))
    let disputeId = open?.id
    if (!disputeId) {
      const [d] = await tx.insert(ledgerDisputes).values({ lineId, orgId: line.orgId, openedBy: actor.userId }).returning({ id: ledgerDisputes.id })
      disputeId = d.id
    } else {
      await tx
        .update(ledgerDisputes)
        .set({ status: 'open', updatedAt: sql`now()` })
        .where(eq(ledgerDisputes.id, disputeId))
    }
    await tx.insert(ledgerDisputeMessages).values({ disputeId, orgId: line.orgId, authorId: actor.userId, side: 'partner', body })
    if ((line.status === 'pending' || line.status === 'held') && !line.batchId && !line.holdReasons.includes('dispute')) {
      await tx
        .update(ledgerLines)
        .set({ status: 'held', holdReasons: [...line.holdReasons, 'dispute'], updatedAt: sql`now()` })
        .where(eq(ledgerLines.id, line.id))
      await tx
        .insert(ledgerEvents)
        .values({ lineId, orgId: line.orgId, fromStatus: line.status, toStatus: 'held', kind: 'held', note: 'dispute', actorId: actor.userId })
    }
    await writeAudit(tx, actor, { action: 'ledger.disputed', entity: 'ledger_line', entityId: lineId, orgId: line.orgId, details: { disputeId } })
    await notify(tx, {
      to: { staff: ['partner_manager'] },
      kind: 'ledger.disputed',
      params: { programmeRu: line.programmeNameRu, programmeEn: line.programmeNameEn, amountMinor: line.amountMinor },
      link: `/desk/partners/disputes`,
      orgId: line.orgId,
    })
    return { ok: true, disputeId }
  })
}

async function loadDispute(scope: Scope, disputeId: string) {
  const [d] = await db
    .select()
    .from(ledgerDisputes)
    .where(and(eq(ledgerDisputes.id, disputeId), inScope(scope, ledgerDisputes.orgId)))
  return d ?? null
}

/**
 * A message on a query. The operator's side (`AnyScope`) answers: status answered, the dealer's admins notified;
 * the partner's side (`OrgScope`, its own line only) writes more: status open again, the managers notified.
 */
export async function addDisputeMessage({
  scope,
  actor,
  disputeId,
  body,
}: {
  scope: Scope
  actor: Actor
  disputeId: string
  body: string
}): Promise<DisputeResult> {
  const dispute = await loadDispute(scope, disputeId)
  if (!dispute) return { ok: false, status: 404, message: 'dispute.error.notFound' }
  if (dispute.status === 'closed') return { ok: false, status: 409, message: 'dispute.error.closed' }
  const operator = scope.kind === 'any'
  return db.transaction(async (tx) => {
    const moved = await tx
      .update(ledgerDisputes)
      .set({ status: operator ? 'answered' : 'open', updatedAt: sql`now()` })
      .where(and(eq(ledgerDisputes.id, disputeId), inArray(ledgerDisputes.status, ['open', 'answered'])))
      .returning({ id: ledgerDisputes.id })
    if (!moved.length) return { ok: false, status: 409, message: 'dispute.error.closed' }
    await tx
      .insert(ledgerDisputeMessages)
      .values({ disputeId, orgId: dispute.orgId, authorId: actor.userId, side: operator ? 'operator' : 'partner', body })
    if (operator) {
      await writeAudit(tx, actor, {
        action: 'ledger.dispute_answered',
        entity: 'ledger_line',
        entityId: dispute.lineId,
        orgId: dispute.orgId,
        details: { disputeId },
      })
      await notify(tx, {
        to: { orgId: dispute.orgId, roles: ['dealer_admin'] },
        kind: 'ledger.disputeAnswered',
        params: {},
        link: `/programme/ledger/${dispute.lineId}`,
        orgId: dispute.orgId,
        mail: true,
      })
    } else {
      await writeAudit(tx, actor, {
        action: 'ledger.disputed',
        entity: 'ledger_line',
        entityId: dispute.lineId,
        orgId: dispute.orgId,
        details: { disputeId },
      })
      await notify(tx, {
        to: { staff: ['partner_manager'] },
        kind: 'ledger.disputeMessage',
        params: {},
        link: '/desk/partners/disputes',
        orgId: dispute.orgId,
      })
    }
    return { ok: true, disputeId }
  })
}

/** The manager closes a query; the line's `dispute` hold is released (other hold reasons stay). */
export async function closeDispute({ scope, actor, disputeId }: { scope: AnyScope; actor: Actor; disputeId: string }): Promise<DisputeResult> {
  return db.transaction(async (tx) => {
    const [dispute] = await tx
      .update(ledgerDisputes)
      .set({ status: 'closed', updatedAt: sql`now()` })
      .where(and(eq(ledgerDisputes.id, disputeId), inArray(ledgerDisputes.status, ['open', 'answered']), inScope(scope, ledgerDisputes.orgId)))
      .returning()
    if (!dispute) {
      // Closed already (a second click, another manager): say so rather than "not found".
      const [closed] = await tx
        .select({ id: ledgerDisputes.id })
        .from(ledgerDisputes)
        .where(and(eq(ledgerDisputes.id, disputeId), eq(ledgerDisputes.status, 'closed'), inScope(scope, ledgerDisputes.orgId)))
      return closed ? { ok: false, status: 409, message: 'dispute.error.closed' } : { ok: false, status: 404, message: 'dispute.error.notFound' }
    }
    const [line] = await tx.select().from(ledgerLines).where(eq(ledgerLines.id, dispute.lineId)).for('update')
    if (line && line.status === 'held' && line.holdReasons.includes('dispute')) {
      const rest = line.holdReasons.filter((r) => r !== 'dispute')
      const status = rest.length ? 'held' : 'pending'
      await tx
        .update(ledgerLines)
        .set({ status, holdReasons: rest, updatedAt: sql`now()` })
        .where(eq(ledgerLines.id, line.id))
      await tx.insert(ledgerEvents).values({
        lineId: line.id,
        orgId: line.orgId,
        fromStatus: 'held',
        toStatus: status,
        kind: 'released',
        note: 'dispute',
        actorId: actor.userId,
      })
    }
    await writeAudit(tx, actor, {
      action: 'ledger.dispute_answered',
      entity: 'ledger_line',
      entityId: dispute.lineId,
      orgId: dispute.orgId,
      details: { disputeId, closed: true },
    })
    return { ok: true, disputeId }
  })
}
