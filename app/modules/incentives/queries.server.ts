import { and, asc, count, desc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import { z } from 'zod'
import { db } from '../../../db/client.server'
import { users } from '../../../db/schema/auth'
import { ledgerDisputeMessages, ledgerDisputes, ledgerEvents, ledgerLines, ledgerStatus, payoutBatches } from '../../../db/schema/incentives'
import { organisations } from '../../../db/schema/tenancy'
import { dayParam } from '../../utils/field-schemas'
import { anyOf } from '../../../db/sql-lists'
import { inScope, type AnyScope, type OrgScope, type Scope } from '../auth/scope.server'

// Reading the incentive ledger (issue 13): the partner managers' desk across dealers, a dealer's own lines, one
// line with its events and query thread, payout batches and what the bank is sent.

export const LEDGER_PAGE = 50
const sorts = ['period', 'amount', 'status', 'org', 'created'] as const

export const LedgerQuery = z.object({
  status: z.enum(ledgerStatus.enumValues).optional().catch(undefined),
  orgId: z.string().uuid().optional().catch(undefined),
  source: z.string().max(40).optional().catch(undefined),
  programmeId: z.string().uuid().optional().catch(undefined),
  // A real business day or nothing (the one day filter of field-schemas): 2026-02-31 is dropped, not sent to SQL.
  periodFrom: dayParam,
  periodTo: dayParam,
  sort: z.enum(sorts).optional().catch(undefined),
  dir: z.enum(['asc', 'desc']).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
})
export type LedgerListQuery = z.infer<typeof LedgerQuery>

function filters(scope: Scope, q: LedgerListQuery): SQL | undefined {
  return and(
    inScope(scope, ledgerLines.orgId),
    q.status ? eq(ledgerLines.status, q.status) : undefined,
    q.orgId ? eq(ledgerLines.orgId, q.orgId) : undefined,
    q.source ? eq(ledgerLines.source, q.source) : undefined,
    q.programmeId ? eq(ledgerLines.programmeId, q.programmeId) : undefined,
    q.periodFrom ? gte(ledgerLines.periodStart, q.periodFrom) : undefined,
    q.periodTo ? lte(ledgerLines.periodEnd, q.periodTo) : undefined,
  )
}

const sortColumn = {
  period: ledgerLines.periodStart,
  amount: ledgerLines.amountMinor,
  status: ledgerLines.status,
  org: organisations.legalName,
  created: ledgerLines.createdAt,
}

/** What every list of lines shows (the desk, the dealer's page, one line, a batch): one set of columns. */
const lineColumns = {
  id: ledgerLines.id,
  orgId: ledgerLines.orgId,
  orgName: organisations.legalName,
  source: ledgerLines.source,
  programmeNameRu: ledgerLines.programmeNameRu,
  programmeNameEn: ledgerLines.programmeNameEn,
  periodStart: ledgerLines.periodStart,
  periodEnd: ledgerLines.periodEnd,
  amountMinor: ledgerLines.amountMinor,
  currency: ledgerLines.currency,
  status: ledgerLines.status,
  holdReasons: ledgerLines.holdReasons,
  explanation: ledgerLines.explanation,
  batchId: ledgerLines.batchId,
  batchNumber: payoutBatches.number,
  correctsLineId: ledgerLines.correctsLineId,
  reversalReason: ledgerLines.reversalReason,
}

/** Lines with their organisation and batch: the one join every read of lines makes; the caller adds its WHERE. */
function selectLines() {
  return db
    .select(lineColumns)
    .from(ledgerLines)
    .innerJoin(organisations, eq(organisations.id, ledgerLines.orgId))
    .leftJoin(payoutBatches, eq(payoutBatches.id, ledgerLines.batchId))
}

const pagesOf = (total: number, size: number) => Math.max(1, Math.ceil(total / size))

async function listLines(scope: Scope, q: LedgerListQuery) {
  const where = filters(scope, q)
  const page = q.page ?? 1
  const column = sortColumn[q.sort ?? 'created']
  const order = q.dir === 'asc' ? asc(column) : desc(column)
  const rows = await selectLines()
    .where(where)
    .orderBy(order, desc(ledgerLines.id))
    .limit(LEDGER_PAGE)
    .offset((page - 1) * LEDGER_PAGE)
  const totals = await db
    .select({ status: ledgerLines.status, count: count(), sumMinor: sql<string>`coalesce(sum(${ledgerLines.amountMinor}), 0)` })
    .from(ledgerLines)
    .where(where)
    .groupBy(ledgerLines.status)
  const total = totals.reduce((s, t) => s + t.count, 0)
  return {
    rows,
    totals: totals.map((t) => ({ status: t.status, count: t.count, sumMinor: Number(t.sumMinor) })),
    total,
    page,
    pages: pagesOf(total, LEDGER_PAGE),
  }
}

/** Every dealer's lines for the partner managers' desk. */
export function listDeskLedger({ scope, query }: { scope: AnyScope; query: LedgerListQuery }) {
  return listLines(scope, query)
}

/** A dealer's own lines. */
export function listOwnLedger({ scope, query }: { scope: OrgScope; query: LedgerListQuery }) {
  return listLines(scope, { ...query, orgId: undefined })
}

/**
 * What the ledger's filters offer, from the lines the scope can see: the dealers that have lines (the desk only; a
 * dealer sees its own), each source, and each programme with its names. Two grouped reads, tenant-filtered.
 */
export async function ledgerFilterOptions({ scope }: { scope: Scope }) {
  const where = inScope(scope, ledgerLines.orgId)
  const dealers =
    scope.kind === 'any'
      ? await db
          .selectDistinct({ id: organisations.id, name: organisations.legalName })
          .from(ledgerLines)
          .innerJoin(organisations, eq(organisations.id, ledgerLines.orgId))
          .orderBy(organisations.legalName, organisations.id)
          .limit(1000)
      : []
  const programmes = await db
    .select({
      source: ledgerLines.source,
      id: ledgerLines.programmeId,
      nameRu: sql<string>`min(${ledgerLines.programmeNameRu})`,
      nameEn: sql<string>`min(${ledgerLines.programmeNameEn})`,
    })
    .from(ledgerLines)
    .where(where)
    .groupBy(ledgerLines.source, ledgerLines.programmeId)
    .orderBy(ledgerLines.source, sql`min(${ledgerLines.programmeNameRu})`)
    .limit(500)
  return {
    dealers,
    sources: [...new Set(programmes.map((p) => p.source))],
    programmes: programmes.flatMap((p) => (p.id ? [{ id: p.id, source: p.source, nameRu: p.nameRu, nameEn: p.nameEn }] : [])),
  }
}

/** One line with its events in order and its query thread; null when the scope does not cover it. */
export async function getLedgerLine({ scope, lineId }: { scope: Scope; lineId: string }) {
  const [line] = await selectLines().where(and(eq(ledgerLines.id, lineId), inScope(scope, ledgerLines.orgId)))
  if (!line) return null
  const events = await db
    .select({
      id: ledgerEvents.id,
      kind: ledgerEvents.kind,
      fromStatus: ledgerEvents.fromStatus,
      toStatus: ledgerEvents.toStatus,
      note: ledgerEvents.note,
      at: ledgerEvents.at,
    })
    .from(ledgerEvents)
    .where(and(eq(ledgerEvents.lineId, lineId), inScope(scope, ledgerEvents.orgId)))
    .orderBy(asc(ledgerEvents.at), asc(ledgerEvents.id))
  const [dispute] = await db
    .select({ id: ledgerDisputes.id, status: ledgerDisputes.status })
    .from(ledgerDisputes)
    .where(and(eq(ledgerDisputes.lineId, lineId), inScope(scope, ledgerDisputes.orgId)))
    .orderBy(desc(ledgerDisputes.createdAt))
    .limit(1)
  const messages = dispute
    ? await db
        .select({
          id: ledgerDisputeMessages.id,
          side: ledgerDisputeMessages.side,
          body: ledgerDisputeMessages.body,
          at: ledgerDisputeMessages.at,
          author: users.displayName,
        })
        .from(ledgerDisputeMessages)
        .leftJoin(users, eq(users.id, ledgerDisputeMessages.authorId))
        .where(and(eq(ledgerDisputeMessages.disputeId, dispute.id), inScope(scope, ledgerDisputeMessages.orgId)))
        .orderBy(asc(ledgerDisputeMessages.at), asc(ledgerDisputeMessages.id))
    : []
  return { line, events, dispute: dispute ? { ...dispute, messages } : null }
}

const preparer = alias(users, 'preparer')
const approver = alias(users, 'approver')

export const BATCH_PAGE = 25

export async function listPayoutBatches({ scope, page = 1 }: { scope: AnyScope; page?: number }) {
  void scope
  const rows = await db
    .select({
      id: payoutBatches.id,
      number: payoutBatches.number,
      status: payoutBatches.status,
      totalMinor: payoutBatches.totalMinor,
      currency: payoutBatches.currency,
      lineCount: payoutBatches.lineCount,
      preparedAt: payoutBatches.preparedAt,
      preparedBy: preparer.displayName,
      approvedBy: approver.displayName,
      approvedAt: payoutBatches.approvedAt,
      paidAt: payoutBatches.paidAt,
    })
    .from(payoutBatches)
    .innerJoin(preparer, eq(preparer.id, payoutBatches.preparedBy))
    .leftJoin(approver, eq(approver.id, payoutBatches.approvedBy))
    .orderBy(desc(payoutBatches.preparedAt), desc(payoutBatches.number))
    .limit(BATCH_PAGE)
    .offset((page - 1) * BATCH_PAGE)
  const [{ n }] = await db.select({ n: count() }).from(payoutBatches)
  return { rows, page, pages: pagesOf(n, BATCH_PAGE) }
}

/** A batch with its lines grouped by dealer; null when there is no such batch. */
export async function getPayoutBatch({ scope, batchId }: { scope: AnyScope; batchId: string }) {
  void scope
  const [batch] = await db
    .select({
      id: payoutBatches.id,
      number: payoutBatches.number,
      status: payoutBatches.status,
      totalMinor: payoutBatches.totalMinor,
      currency: payoutBatches.currency,
      lineCount: payoutBatches.lineCount,
      preparedById: payoutBatches.preparedBy,
      preparedBy: preparer.displayName,
      preparedAt: payoutBatches.preparedAt,
      approvedBy: approver.displayName,
      approvedAt: payoutBatches.approvedAt,
      paidAt: payoutBatches.paidAt,
    })
    .from(payoutBatches)
    .innerJoin(preparer, eq(preparer.id, payoutBatches.preparedBy))
    .leftJoin(approver, eq(approver.id, payoutBatches.approvedBy))
    .where(eq(payoutBatches.id, batchId))
  if (!batch) return null
  const lines = await selectLines()
    .where(eq(ledgerLines.batchId, batchId))
    .orderBy(asc(organisations.legalName), asc(ledgerLines.periodStart), asc(ledgerLines.id))
  const groups: { orgId: string; orgName: string; totalMinor: number; lines: typeof lines }[] = []
  for (const l of lines) {
    let g = groups.at(-1)
    if (!g || g.orgId !== l.orgId) groups.push((g = { orgId: l.orgId, orgName: l.orgName, totalMinor: 0, lines: [] }))
    g.totalMinor += l.amountMinor
    g.lines.push(l)
  }
  return { batch, groups }
}

/** One row per recipient organisation, for the bank: totals and the programmes and period, summed in SQL. */
export async function batchPayees({ scope, batchId }: { scope: AnyScope; batchId: string }) {
  void scope
  return db
    .select({
      orgId: ledgerLines.orgId,
      legalName: organisations.legalName,
      inn: organisations.inn,
      kpp: organisations.kpp,
      amountMinor: sql<string>`sum(${ledgerLines.amountMinor})`.mapWith(Number),
      currency: sql<string>`min(${ledgerLines.currency})`,
      programmesRu: sql<string>`string_agg(distinct ${ledgerLines.programmeNameRu}, ', ')`,
      programmesEn: sql<string>`string_agg(distinct ${ledgerLines.programmeNameEn}, ', ')`,
      periodStart: sql<string>`min(${ledgerLines.periodStart})::text`,
      periodEnd: sql<string>`max(${ledgerLines.periodEnd})::text`,
    })
    .from(ledgerLines)
    .innerJoin(organisations, eq(organisations.id, ledgerLines.orgId))
    .where(eq(ledgerLines.batchId, batchId))
    .groupBy(ledgerLines.orgId, organisations.legalName, organisations.inn, organisations.kpp)
    .orderBy(asc(organisations.legalName))
}

/** Queries for the desk: open ones first, then answered, then closed; newest first within each. */
export async function listDisputes({ scope, page = 1 }: { scope: AnyScope; page?: number }) {
  void scope
  const rows = await db
    .select({
      id: ledgerDisputes.id,
      lineId: ledgerDisputes.lineId,
      status: ledgerDisputes.status,
      updatedAt: ledgerDisputes.updatedAt,
      orgName: organisations.legalName,
      programmeNameRu: ledgerLines.programmeNameRu,
      programmeNameEn: ledgerLines.programmeNameEn,
      amountMinor: ledgerLines.amountMinor,
      periodStart: ledgerLines.periodStart,
      periodEnd: ledgerLines.periodEnd,
    })
    .from(ledgerDisputes)
    .innerJoin(ledgerLines, eq(ledgerLines.id, ledgerDisputes.lineId))
    .innerJoin(organisations, eq(organisations.id, ledgerDisputes.orgId))
    .orderBy(sql`case ${ledgerDisputes.status} when 'open' then 0 when 'answered' then 1 else 2 end`, desc(ledgerDisputes.updatedAt))
    .limit(BATCH_PAGE)
    .offset((page - 1) * BATCH_PAGE)
  const ids = rows.map((r) => r.id)
  const messages = ids.length
    ? await db
        .select({
          disputeId: ledgerDisputeMessages.disputeId,
          id: ledgerDisputeMessages.id,
          side: ledgerDisputeMessages.side,
          body: ledgerDisputeMessages.body,
          at: ledgerDisputeMessages.at,
          author: users.displayName,
        })
        .from(ledgerDisputeMessages)
        .leftJoin(users, eq(users.id, ledgerDisputeMessages.authorId))
        .where(inArray(ledgerDisputeMessages.disputeId, ids))
        .orderBy(asc(ledgerDisputeMessages.at), asc(ledgerDisputeMessages.id))
    : []
  const [{ n }] = await db.select({ n: count() }).from(ledgerDisputes)
  return {
    rows: rows.map((r) => ({ ...r, messages: messages.filter((m) => m.disputeId === r.id) })),
    page,
    pages: pagesOf(n, BATCH_PAGE),
  }
}

/**
 * The state of some lines, for a module whose records point at them (a contest's awards, issue 14): status and
 * hold reason codes only, never the explanation's inputs.
 */
export async function ledgerLineStates({ scope, lineIds }: { scope: Scope; lineIds: string[] }) {
  const out = new Map<string, { status: (typeof ledgerLines.$inferSelect)['status']; holdReasons: string[] }>()
  if (!lineIds.length) return out
  const rows = await db
    .select({ id: ledgerLines.id, status: ledgerLines.status, holdReasons: ledgerLines.holdReasons })
    .from(ledgerLines)
    .where(and(anyOf(ledgerLines.id, lineIds), inScope(scope, ledgerLines.orgId)))
  for (const r of rows) out.set(r.id, { status: r.status, holdReasons: r.holdReasons })
  return out
}
