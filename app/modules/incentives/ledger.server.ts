import { and, eq, sql, type SQL } from 'drizzle-orm'
import { db, type DbOrTx, type Tx } from '../../../db/client.server'
import { rowsOf } from '../../../db/drivers.server'
import { ledgerEvents, ledgerLines, type LedgerExplanation } from '../../../db/schema/incentives'
import { writeAudit, type Actor } from '../audit/mutations.server'
import { inScope, type Scope } from '../auth/scope.server'
import { holdReasons, type HoldReason } from './schemas'

// The incentive ledger (issue 13): one ledger for all incentive money. It knows recipients, sources, programmes by
// reference and name, periods, amounts and explanations — never what a rebate or a contest is: the rebate module
// (prm/rebates.server.ts) and, next, shop-assistant bonuses and contest prizes write their lines through `accrue`.
//
// A line is keyed by its accrual key. While it is pending or held and in no batch, accruing the same key again
// updates its amount ("recalculated"). Once it is in a batch (approved, paid) or its period is fixed (`fixed`: the
// caller's period is closed), it never changes again: a different amount becomes a correction line `<key>:c<n>`
// carrying the difference and naming the line it corrects. Every transition is a ledger_events row and an audit
// entry, in the caller's transaction.

export type LedgerResult = { ok: true } | { ok: false; status?: 404 | 409; formErrors?: string[]; fieldErrors?: Record<string, string[]> }

export interface AccrualTarget {
  /** rebate, deal_bonus; sarm_bonus and contest_prize next. */
  source: string
  programme: { id: string | null; nameRu: string; nameEn: string }
  period: { start: string; end: string }
  /** The period is closed: existing lines are never updated, a difference is a correction line. */
  fixed?: boolean
  actor: Actor
}

export type AccrualCounts = { accrued: number; recalculated: number; corrected: number }

/**
 * Accrues many lines in ONE statement: `rows` is a query yielding `org_id uuid, user_id uuid, amount_minor bigint,
 * explanation jsonb, accrual_key text` (one row per recipient). New keys with a non-zero amount become pending
 * lines; existing mutable lines take the new amount; fixed ones get a correction line for the difference. Each
 * change writes its ledger event in the same statement.
 */
export async function accrueRows(tx: DbOrTx, target: AccrualTarget & { rows: SQL }): Promise<AccrualCounts> {
  const { source, programme, period, actor } = target
  const fixed = target.fixed ?? false
  const [counts] = rowsOf<{ accrued: number; recalculated: number; corrected: number }>(
    await tx.execute(sql`
      with src as materialized (${target.rows}),
      cur as (
        select l.id, l.org_id, l.status, l.batch_id, l.amount_minor, l.accrual_key, s.amount_minor as new_amount, s.explanation as new_explanation,
          (l.status in ('pending', 'held') and l.batch_id is null and not ${fixed}) as mutable
        from ledger_lines l join src s on s.accrual_key = l.accrual_key
      ),
      upd as (
        update ledger_lines l set amount_minor = c.new_amount, explanation = c.new_explanation, updated_at = now()
        from cur c where l.id = c.id and c.mutable and l.amount_minor <> c.new_amount
        returning l.id, l.org_id, l.status, c.amount_minor as old_amount
      ),
      ins as (
        insert into ledger_lines (org_id, user_id, source, programme_id, programme_name_ru, programme_name_en, period_start, period_end,
          amount_minor, explanation, accrual_key)
        select s.org_id, s.user_id, ${source}, ${programme.id}::uuid, ${programme.nameRu}, ${programme.nameEn}, ${period.start}::date, ${period.end}::date,
          s.amount_minor, s.explanation, s.accrual_key
        from src s where s.amount_minor <> 0 and not exists (select 1 from cur c where c.accrual_key = s.accrual_key)
        on conflict (accrual_key) do nothing
        returning id, org_id
      ),
      fix as (
        select c.*, k.n, k.corrected from cur c
        cross join lateral (
          select count(*)::int as n, (c.amount_minor + coalesce(sum(x.amount_minor) filter (where x.status <> 'reversed'), 0))::bigint as corrected
          from ledger_lines x where x.corrects_line_id = c.id
        ) k
        where not c.mutable and c.status <> 'reversed' and c.new_amount <> k.corrected
      ),
      corr as (
        insert into ledger_lines (org_id, user_id, source, programme_id, programme_name_ru, programme_name_en, period_start, period_end,
          amount_minor, explanation, accrual_key, corrects_line_id)
        select f.org_id, null, ${source}, ${programme.id}::uuid, ${programme.nameRu}, ${programme.nameEn}, ${period.start}::date, ${period.end}::date,
          f.new_amount - f.corrected,
          jsonb_build_object('key', 'ledger.explain.correction',
            'params', jsonb_build_object('periodStartOn', ${period.start}::text, 'periodEndOn', ${period.end}::text,
              'previousMinor', f.corrected, 'nowMinor', f.new_amount, 'amountMinor', f.new_amount - f.corrected),
            'inputs', jsonb_build_object('corrects', f.accrual_key, 'recalculated', f.new_explanation)),
          f.accrual_key || ':c' || (f.n + 1), f.id
        from fix f
        on conflict (accrual_key) do nothing
        returning id, org_id
      ),
      ev as (
        insert into ledger_events (line_id, org_id, from_status, to_status, kind, note, actor_id)
        select id, org_id, status, status, 'recalculated', old_amount::text, ${actor.userId}::uuid from upd
        union all select id, org_id, null, 'pending', 'accrued', '', ${actor.userId}::uuid from ins
        union all select id, org_id, null, 'pending', 'corrected', '', ${actor.userId}::uuid from corr
        returning kind
      )
      select count(*) filter (where kind = 'accrued')::int as accrued, count(*) filter (where kind = 'recalculated')::int as recalculated,
        count(*) filter (where kind = 'corrected')::int as corrected
      from ev`),
  )
  return { accrued: Number(counts.accrued), recalculated: Number(counts.recalculated), corrected: Number(counts.corrected) }
}

/** One line: a recipient (an organisation, or a person selling for it), its amount, its explanation, its key. */
export async function accrue(
  tx: DbOrTx,
  line: AccrualTarget & {
    recipient: { orgId: string; userId?: string | null }
    amountMinor: number
    explanation: LedgerExplanation
    accrualKey: string
  },
): Promise<AccrualCounts> {
  const rows = sql`select ${line.recipient.orgId}::uuid as org_id, ${line.recipient.userId ?? null}::uuid as user_id,
    ${line.amountMinor}::bigint as amount_minor, ${JSON.stringify(line.explanation)}::jsonb as explanation, ${line.accrualKey}::text as accrual_key`
  return accrueRows(tx, { ...line, rows })
}

/**
 * A correction of any line that is no longer changed (in a batch, paid, or of a closed period): a new pending line
 * `<key>:c<n>` with the difference, naming the line it corrects.
 */
export async function correct(
  tx: Tx,
  input: { actor: Actor; lineId: string; amountMinor: number; explanation: LedgerExplanation },
): Promise<{ id: string } | null> {
  const [line] = await tx.select().from(ledgerLines).where(eq(ledgerLines.id, input.lineId)).for('update')
  if (!line || input.amountMinor === 0) return null
  const [{ n }] = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from ledger_lines where corrects_line_id = ${line.id}`))
  const [made] = await tx
    .insert(ledgerLines)
    .values({
      orgId: line.orgId,
      userId: line.userId,
      source: line.source,
      programmeId: line.programmeId,
      programmeNameRu: line.programmeNameRu,
      programmeNameEn: line.programmeNameEn,
      periodStart: line.periodStart,
      periodEnd: line.periodEnd,
      amountMinor: input.amountMinor,
      explanation: input.explanation,
      accrualKey: `${line.accrualKey}:c${Number(n) + 1}`,
      correctsLineId: line.id,
    })
    .returning({ id: ledgerLines.id })
  await tx.insert(ledgerEvents).values({ lineId: made.id, orgId: line.orgId, toStatus: 'pending', kind: 'corrected', actorId: input.actor.userId })
  return made
}

// ── Hold, release, reverse (the partner manager, on one line) ─────────────────────────────────────────────────

class Refused extends Error {
  constructor(readonly result: LedgerResult) {
    super('refused')
  }
}

async function onLine(
  scope: Scope,
  lineId: string,
  work: (tx: Tx, line: typeof ledgerLines.$inferSelect) => Promise<LedgerResult>,
): Promise<LedgerResult> {
  try {
    return await db.transaction(async (tx) => {
      const [line] = await tx
        .select()
        .from(ledgerLines)
        .where(and(eq(ledgerLines.id, lineId), inScope(scope, ledgerLines.orgId)))
        .for('update')
      if (!line) return { ok: false, status: 404 } as const
      // A line in a batch or paid never changes: a correction is a new line.
      if (line.batchId || line.status === 'approved' || line.status === 'paid' || line.status === 'reversed')
        return { ok: false, status: 409, formErrors: [line.status === 'paid' ? 'ledger.error.paid' : line.batchId ? 'ledger.error.inBatch' : 'ledger.error.fixed'] }
      const result = await work(tx, line)
      if (!result.ok) throw new Refused(result)
      return result
    })
  } catch (error) {
    if (error instanceof Refused) return error.result
    throw error
  }
}

async function transition(
  tx: Tx,
  actor: Actor,
  line: typeof ledgerLines.$inferSelect,
  change: { status: 'pending' | 'held' | 'reversed'; kind: 'held' | 'released' | 'reversed'; note: string; set: Partial<typeof ledgerLines.$inferInsert> },
) {
  await tx
    .update(ledgerLines)
    .set({ ...change.set, status: change.status, updatedAt: new Date() })
    .where(eq(ledgerLines.id, line.id))
  await tx
    .insert(ledgerEvents)
    .values({ lineId: line.id, orgId: line.orgId, fromStatus: line.status, toStatus: change.status, kind: change.kind, note: change.note, actorId: actor.userId })
  await writeAudit(tx, actor, {
    action: `ledger.${change.kind}`,
    entity: 'ledger_line',
    entityId: line.id,
    orgId: line.orgId,
    details: { accrualKey: line.accrualKey, amountMinor: line.amountMinor, note: change.note, ...change.set },
  })
}

/** Holds a pending line (or adds reasons to a held one), with reason codes and a note. */
export async function holdLine(input: { scope: Scope; actor: Actor; lineId: string; reasons: HoldReason[]; note: string }): Promise<LedgerResult> {
  const reasons = [...new Set(input.reasons)].filter((r) => holdReasons.includes(r))
  if (!reasons.length) return { ok: false, fieldErrors: { reasons: ['ledger.error.reasonRequired'] } }
  return onLine(input.scope, input.lineId, async (tx, line) => {
    const all = [...new Set([...line.holdReasons, ...reasons])]
    await transition(tx, input.actor, line, { status: 'held', kind: 'held', note: input.note, set: { holdReasons: all } })
    return { ok: true }
  })
}

/** Releases a held line back to pending; its reasons are cleared (they stay in the events). */
export async function releaseLine(input: { scope: Scope; actor: Actor; lineId: string; note: string }): Promise<LedgerResult> {
  return onLine(input.scope, input.lineId, async (tx, line) => {
    if (line.status !== 'held') return { ok: false, status: 409, formErrors: ['ledger.error.notHeld'] }
    await transition(tx, input.actor, line, { status: 'pending', kind: 'released', note: input.note, set: { holdReasons: [] } })
    return { ok: true }
  })
}

/** Reverses a pending or held line with a reason: it is never paid. */
export async function reverseLine(input: { scope: Scope; actor: Actor; lineId: string; reason: string }): Promise<LedgerResult> {
  if (!input.reason.trim()) return { ok: false, fieldErrors: { reason: ['ledger.error.reasonRequired'] } }
  return onLine(input.scope, input.lineId, async (tx, line) => {
    await transition(tx, input.actor, line, { status: 'reversed', kind: 'reversed', note: input.reason, set: { reversalReason: input.reason } })
    return { ok: true }
  })
}
