import { and, eq, like, or, sql } from 'drizzle-orm'
import { db, type Tx } from '../../../db/client.server'
import { ledgerEvents, ledgerLines, type LedgerExplanation } from '../../../db/schema/incentives'
import type { MessageKey } from '../../i18n'
import { writeAudit, type Actor } from '../audit/mutations.server'
import type { AnyScope } from '../auth/scope.server'

// The one incentive ledger (issue 13): rebates and deal bonuses now, shop-assistant bonuses and contest prizes next.
// Callers say what a recipient has earned for a programme and period (an accrual, found again by its key); the
// ledger decides how that is written: a new line, the open line recalculated in place, or — once the line is
// approved, paid, reversed or its period closed — a correction line for the difference, so a paid line never
// changes. Every transition is a ledger event and an audit entry in the caller's transaction.

export type LedgerSource = 'rebate' | 'deal_bonus' | 'sarm_bonus' | 'contest_prize'
export const holdReasons = ['documents', 'overdue', 'dispute', 'review', 'fraud'] as const
export type HoldReason = (typeof holdReasons)[number]

export interface AccrualInput {
  orgId: string
  userId?: string | null
  source: LedgerSource
  programmeId: string
  programmeNameRu: string
  programmeNameEn: string
  periodStart: string
  periodEnd: string
  amountMinor: number
  explanation: LedgerExplanation
  /** Finds the accrual again on recalculation: `rebate:<programme>:<period start>:<org>`. */
  accrualKey: string
  /** The period is closed: a difference is a correction line, whatever the line's state. */
  closed?: boolean
}

export type AccrualOutcome = 'created' | 'recalculated' | 'unchanged' | 'corrected'

async function event(
  tx: Tx,
  actor: Actor,
  line: { id: string; orgId: string },
  from: (typeof ledgerLines.$inferSelect)['status'] | null,
  to: (typeof ledgerLines.$inferSelect)['status'],
  kind: string,
  note = '',
) {
  await tx.insert(ledgerEvents).values({ lineId: line.id, orgId: line.orgId, fromStatus: from, toStatus: to, kind, note, actorId: actor.userId })
}

/** Writes what a recipient has earned for one accrual key (see the file's comment for how). */
export async function accrueLedgerLine(tx: Tx, actor: Actor, input: AccrualInput): Promise<{ lineId: string | null; outcome: AccrualOutcome }> {
  // One accrual at a time per key, so two recalculations never both add a correction.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${'ledger:' + input.accrualKey}))`)
  const lines = await tx
    .select({
      id: ledgerLines.id,
      status: ledgerLines.status,
      amountMinor: ledgerLines.amountMinor,
      batchId: ledgerLines.batchId,
      accrualKey: ledgerLines.accrualKey,
    })
    .from(ledgerLines)
    .where(
      or(eq(ledgerLines.accrualKey, input.accrualKey), like(ledgerLines.accrualKey, `${input.accrualKey.replace(/[\\%_]/g, (c) => `\\${c}`)}:c%`)),
    )
  const base = lines.find((l) => l.accrualKey === input.accrualKey)
  const values = {
    orgId: input.orgId,
    userId: input.userId ?? null,
    source: input.source,
    programmeId: input.programmeId,
    programmeNameRu: input.programmeNameRu,
    programmeNameEn: input.programmeNameEn,
    periodStart: input.periodStart,
    periodEnd: input.periodEnd,
  }
  if (!base) {
    if (input.amountMinor === 0) return { lineId: null, outcome: 'unchanged' }
    const [line] = await tx
      .insert(ledgerLines)
      .values({ ...values, amountMinor: input.amountMinor, explanation: input.explanation, accrualKey: input.accrualKey })
      .returning({ id: ledgerLines.id, orgId: ledgerLines.orgId })
    await event(tx, actor, line, null, 'pending', 'accrued')
    return { lineId: line.id, outcome: 'created' }
  }
  const open = !input.closed && lines.length === 1 && (base.status === 'pending' || base.status === 'held') && !base.batchId
  if (open) {
    if (base.amountMinor === input.amountMinor) return { lineId: base.id, outcome: 'unchanged' }
    await tx
      .update(ledgerLines)
      .set({ amountMinor: input.amountMinor, explanation: input.explanation, updatedAt: sql`now()` })
      .where(eq(ledgerLines.id, base.id))
    await event(
      tx,
      actor,
      { id: base.id, orgId: input.orgId },
      base.status,
      base.status,
      'recalculated',
      `${base.amountMinor} → ${input.amountMinor}`,
    )
    return { lineId: base.id, outcome: 'recalculated' }
  }
  // What the recipient has so far for this accrual: the line and its corrections, less what was reversed.
  const before = lines.filter((l) => l.status !== 'reversed').reduce((sum, l) => sum + l.amountMinor, 0)
  const delta = input.amountMinor - before
  if (delta === 0) return { lineId: base.id, outcome: 'unchanged' }
  const n = lines.length
  const [line] = await tx
    .insert(ledgerLines)
    .values({
      ...values,
      amountMinor: delta,
      correctsLineId: base.id,
      accrualKey: `${input.accrualKey}:c${n}`,
      explanation: {
        key: 'ledger.explain.correction',
        params: {
          deltaMinor: delta,
          beforeMinor: before,
          afterMinor: input.amountMinor,
          reasonKey: input.closed ? 'ledger.reason.closedPeriod' : 'ledger.reason.recalculated',
        },
        inputs: { corrects: base.id, accrual: input.explanation },
      },
    })
    .returning({ id: ledgerLines.id, orgId: ledgerLines.orgId })
  await event(tx, actor, line, null, 'pending', 'corrected', base.id)
  await writeAudit(tx, actor, {
    action: 'ledger.corrected',
    entity: 'ledger_line',
    entityId: line.id,
    orgId: input.orgId,
    details: { corrects: base.id, deltaMinor: delta },
  })
  return { lineId: line.id, outcome: 'corrected' }
}

export type LedgerResult = { ok: true } | { ok: false; status: 404 | 409; message: MessageKey }

/** Locks one line for a transition: the partner manager's desk (`manage:partner_programme:any`). */
async function lockLine(tx: Tx, id: string) {
  const [line] = await tx.select().from(ledgerLines).where(eq(ledgerLines.id, id)).for('update')
  return line ?? null
}

/** Holds a pending line with reason codes (shown to the partner), so no batch takes it until released. */
export async function holdLedgerLine({
  scope,
  actor,
  lineId,
  reasons,
  note = '',
}: {
  scope: AnyScope
  actor: Actor
  lineId: string
  reasons: HoldReason[]
  note?: string
}): Promise<LedgerResult> {
  void scope
  return db.transaction(async (tx) => {
    const line = await lockLine(tx, lineId)
    if (!line) return { ok: false, status: 404, message: 'ledger.error.notFound' }
    if (line.batchId) return { ok: false, status: 409, message: 'ledger.error.inBatch' }
    if (line.status !== 'pending' && line.status !== 'held') return { ok: false, status: 409, message: 'ledger.error.notPending' }
    const merged = [...new Set([...line.holdReasons, ...reasons])]
    await tx
      .update(ledgerLines)
      .set({ status: 'held', holdReasons: merged, updatedAt: sql`now()` })
      .where(eq(ledgerLines.id, line.id))
    await event(tx, actor, line, line.status, 'held', 'held', [merged.join(','), note].filter(Boolean).join(' · '))
    await writeAudit(tx, actor, {
      action: 'ledger.held',
      entity: 'ledger_line',
      entityId: line.id,
      orgId: line.orgId,
      details: { reasons: merged, note },
    })
    return { ok: true }
  })
}

export async function releaseLedgerLine({
  scope,
  actor,
  lineId,
  note = '',
}: {
  scope: AnyScope
  actor: Actor
  lineId: string
  note?: string
}): Promise<LedgerResult> {
  void scope
  return db.transaction(async (tx) => {
    const line = await lockLine(tx, lineId)
    if (!line) return { ok: false, status: 404, message: 'ledger.error.notFound' }
    if (line.status !== 'held') return { ok: false, status: 409, message: 'ledger.error.notHeld' }
    await tx
      .update(ledgerLines)
      .set({ status: 'pending', holdReasons: [], updatedAt: sql`now()` })
      .where(eq(ledgerLines.id, line.id))
    await event(tx, actor, line, 'held', 'pending', 'released', note)
    await writeAudit(tx, actor, { action: 'ledger.released', entity: 'ledger_line', entityId: line.id, orgId: line.orgId, details: { note } })
    return { ok: true }
  })
}

/** Reverses a line not yet approved, with a reason (a paid one is corrected by a new line instead). */
export async function reverseLedgerLine({
  scope,
  actor,
  lineId,
  reason,
}: {
  scope: AnyScope
  actor: Actor
  lineId: string
  reason: string
}): Promise<LedgerResult> {
  void scope
  return db.transaction(async (tx) => {
    const line = await lockLine(tx, lineId)
    if (!line) return { ok: false, status: 404, message: 'ledger.error.notFound' }
    if (line.batchId) return { ok: false, status: 409, message: 'ledger.error.inBatch' }
    if (line.status !== 'pending' && line.status !== 'held') return { ok: false, status: 409, message: 'ledger.error.notPending' }
    await tx
      .update(ledgerLines)
      .set({ status: 'reversed', reversalReason: reason, updatedAt: sql`now()` })
      .where(eq(ledgerLines.id, line.id))
    await event(tx, actor, line, line.status, 'reversed', 'reversed', reason)
    await writeAudit(tx, actor, { action: 'ledger.reversed', entity: 'ledger_line', entityId: line.id, orgId: line.orgId, details: { reason } })
    return { ok: true }
  })
}
