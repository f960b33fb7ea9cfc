import { eq, sql } from 'drizzle-orm'
import { db, type Tx } from '../../../db/client.server'
import { rowsOf } from '../../../db/drivers.server'
import { arrayLiteral } from '../../../db/sql-lists'
import { ledgerEvents, ledgerLines, type LedgerExplanation } from '../../../db/schema/incentives'
import type { MessageKey } from '../../i18n'
import { writeAudit, writeAudits, type Actor } from '../audit/mutations.server'
import type { AnyScope } from '../auth/scope.server'
import type { HoldReason } from './hold-reasons'

// The one incentive ledger (issue 13): rebates and deal bonuses now, shop-assistant bonuses and contest prizes next.
// Callers say what a recipient has earned for a programme and period (an accrual, found again by its key); the
// ledger decides how that is written: a new line, the open line recalculated in place, or — once the line is
// approved, paid, reversed or its period closed — a correction line for the difference, so a paid line never
// changes. Every transition is a ledger event and an audit entry in the caller's transaction.

export type LedgerSource = 'rebate' | 'deal_bonus' | 'sarm_bonus' | 'contest_prize'
export { holdReasons, type HoldReason } from './hold-reasons'

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
  const [{ lineId, outcome }] = await accrueLedgerLines(tx, actor, [input])
  return { lineId, outcome }
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
  return db.transaction((tx) => holdLedgerLineIn(tx, actor, { lineId, reasons, note }))
}

/**
 * The same hold inside the caller's transaction: a contest's checks (issue 14) write a prize line and hold it in one
 * transaction, so no batch can ever see the line pending.
 */
export async function holdLedgerLineIn(
  tx: Tx,
  actor: Actor,
  { lineId, reasons, note = '' }: { lineId: string; reasons: HoldReason[]; note?: string },
): Promise<LedgerResult> {
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

/**
 * Accruals, one per key (a rebate period for every dealer, or one order's recalculation through accrueLedgerLine):
 * the decisions of the file's comment per key, read and written in a fixed number of statements whatever the count
 * — one lock statement, one read of the existing lines and their corrections, one insert of new lines, one update of
 * recalculated ones, one insert of corrections, their audit entries and the events — so 2,000 dealers cost a few
 * statements, not 2,000 × five.
 */
export async function accrueLedgerLines(
  tx: Tx,
  actor: Actor,
  inputs: AccrualInput[],
): Promise<{ accrualKey: string; lineId: string | null; outcome: AccrualOutcome }[]> {
  if (!inputs.length) return []
  const keys = [...new Set(inputs.map((i) => i.accrualKey))].sort()
  if (keys.length !== inputs.length) throw new Error('accrueLedgerLines: one input per accrual key')
  const keyList = arrayLiteral(keys)
  // The same per-key locks as accrueLedgerLine, taken in key order (two overlapping batches never deadlock).
  await tx.execute(sql`select count(pg_advisory_xact_lock(hashtext('ledger:' || k))) from (select k from unnest(${keyList}::text[]) k order by k) s`)
  const existing = rowsOf<{
    id: string
    status: (typeof ledgerLines.$inferSelect)['status']
    amount_minor: string
    batch_id: string | null
    accrual_key: string
    base_key: string
  }>(
    await tx.execute(sql`
      with base as (select id, status, amount_minor, batch_id, accrual_key from ledger_lines where accrual_key = any(${keyList}::text[]))
      select id, status, amount_minor::text, batch_id, accrual_key, accrual_key as base_key from base
      union all
      select c.id, c.status, c.amount_minor::text, c.batch_id, c.accrual_key, b.accrual_key from ledger_lines c join base b on c.corrects_line_id = b.id`),
  )
  const byKey = new Map<string, typeof existing>()
  for (const l of existing) byKey.set(l.base_key, [...(byKey.get(l.base_key) ?? []), l])

  const results: { accrualKey: string; lineId: string | null; outcome: AccrualOutcome }[] = []
  const creates: (typeof ledgerLines.$inferInsert)[] = []
  const updates: {
    accrualKey: string
    id: string
    orgId: string
    status: string
    before: number
    amountMinor: number
    explanation: LedgerExplanation
  }[] = []
  const corrections: (typeof ledgerLines.$inferInsert)[] = []
  for (const input of inputs) {
    const lines = byKey.get(input.accrualKey) ?? []
    const base = lines.find((l) => l.accrual_key === input.accrualKey)
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
      if (input.amountMinor === 0) results.push({ accrualKey: input.accrualKey, lineId: null, outcome: 'unchanged' })
      else creates.push({ ...values, amountMinor: input.amountMinor, explanation: input.explanation, accrualKey: input.accrualKey })
      continue
    }
    const open = !input.closed && lines.length === 1 && (base.status === 'pending' || base.status === 'held') && !base.batch_id
    if (open) {
      if (Number(base.amount_minor) === input.amountMinor) results.push({ accrualKey: input.accrualKey, lineId: base.id, outcome: 'unchanged' })
      else
        updates.push({
          accrualKey: input.accrualKey,
          id: base.id,
          orgId: input.orgId,
          status: base.status,
          before: Number(base.amount_minor),
          amountMinor: input.amountMinor,
          explanation: input.explanation,
        })
      continue
    }
    const before = lines.filter((l) => l.status !== 'reversed').reduce((sum, l) => sum + Number(l.amount_minor), 0)
    const delta = input.amountMinor - before
    if (delta === 0) {
      results.push({ accrualKey: input.accrualKey, lineId: base.id, outcome: 'unchanged' })
      continue
    }
    corrections.push({
      ...values,
      amountMinor: delta,
      correctsLineId: base.id,
      accrualKey: `${input.accrualKey}:c${lines.length}`,
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
  }

  const events: (typeof ledgerEvents.$inferInsert)[] = []
  for (let i = 0; i < creates.length; i += 500) {
    const made = await tx
      .insert(ledgerLines)
      .values(creates.slice(i, i + 500))
      .returning({ id: ledgerLines.id, orgId: ledgerLines.orgId, accrualKey: ledgerLines.accrualKey })
    for (const line of made) {
      events.push({ lineId: line.id, orgId: line.orgId, fromStatus: null, toStatus: 'pending', kind: 'accrued', note: '', actorId: actor.userId })
      results.push({ accrualKey: line.accrualKey, lineId: line.id, outcome: 'created' })
    }
  }
  if (updates.length) {
    const rows = JSON.stringify(updates.map((u) => ({ id: u.id, amount: u.amountMinor, explanation: u.explanation })))
    await tx.execute(sql`
      update ledger_lines l set amount_minor = v.amount, explanation = v.explanation, updated_at = now()
      from jsonb_to_recordset(${rows}::jsonb) as v(id uuid, amount bigint, explanation jsonb) where l.id = v.id`)
    for (const u of updates) {
      const status = u.status as (typeof ledgerLines.$inferSelect)['status']
      events.push({
        lineId: u.id,
        orgId: u.orgId,
        fromStatus: status,
        toStatus: status,
        kind: 'recalculated',
        note: `${u.before} → ${u.amountMinor}`,
        actorId: actor.userId,
      })
      results.push({ accrualKey: u.accrualKey, lineId: u.id, outcome: 'recalculated' })
    }
  }
  for (let i = 0; i < corrections.length; i += 500) {
    const made = await tx
      .insert(ledgerLines)
      .values(corrections.slice(i, i + 500))
      .returning({
        id: ledgerLines.id,
        orgId: ledgerLines.orgId,
        accrualKey: ledgerLines.accrualKey,
        correctsLineId: ledgerLines.correctsLineId,
        amountMinor: ledgerLines.amountMinor,
      })
    for (const line of made) {
      events.push({
        lineId: line.id,
        orgId: line.orgId,
        fromStatus: null,
        toStatus: 'pending',
        kind: 'corrected',
        note: line.correctsLineId ?? '',
        actorId: actor.userId,
      })
      results.push({ accrualKey: line.accrualKey.replace(/:c\d+$/, ''), lineId: line.id, outcome: 'corrected' })
    }
    await writeAudits(
      tx,
      actor,
      made.map((line) => ({
        action: 'ledger.corrected',
        entity: 'ledger_line',
        entityId: line.id,
        orgId: line.orgId,
        details: { corrects: line.correctsLineId, deltaMinor: line.amountMinor },
      })),
    )
  }
  for (let i = 0; i < events.length; i += 1000) await tx.insert(ledgerEvents).values(events.slice(i, i + 1000))
  return results
}
