import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm'
import { db } from '../../../db/client.server'
import { ledgerDisputeMessages, ledgerDisputes, ledgerEvents, ledgerLines, payoutBatches } from '../../../db/schema/incentives'
import { organisations } from '../../../db/schema/tenancy'
import { users } from '../../../db/schema/auth'
import { translate, type Locale } from '../../i18n'
import { attachment, csvResponse, decimal, toCsv } from '../../utils/csv'
import { writeXlsx } from '../../utils/xlsx.server'
import { inScope, type Scope } from '../auth/scope.server'
import { renderExplanation } from './explain'
import type { LedgerQuery } from './schemas'

// Reads of the incentive ledger: lines (the desk's filtered list, the dealer's own), one line with its events and
// dispute thread, totals by status, batches and their bank export. Every read carries the scope.

export const PAGE_SIZE = 50

const sortColumns = {
  created: ledgerLines.createdAt,
  amount: ledgerLines.amountMinor,
  dealer: organisations.shortName,
  programme: ledgerLines.programmeNameEn,
  period: ledgerLines.periodStart,
  status: ledgerLines.status,
} as const

const lineColumns = {
  id: ledgerLines.id,
  orgId: ledgerLines.orgId,
  dealer: organisations.shortName,
  source: ledgerLines.source,
  programmeId: ledgerLines.programmeId,
  programmeNameRu: ledgerLines.programmeNameRu,
  programmeNameEn: ledgerLines.programmeNameEn,
  periodStart: ledgerLines.periodStart,
  periodEnd: ledgerLines.periodEnd,
  amountMinor: ledgerLines.amountMinor,
  status: ledgerLines.status,
  holdReasons: ledgerLines.holdReasons,
  reversalReason: ledgerLines.reversalReason,
  explanation: ledgerLines.explanation,
  correctsLineId: ledgerLines.correctsLineId,
  batchId: ledgerLines.batchId,
  accrualKey: ledgerLines.accrualKey,
  createdAt: ledgerLines.createdAt,
}

function lineFilter(scope: Scope, query: Omit<LedgerQuery, 'sort' | 'dir' | 'page'>): SQL | undefined {
  return and(
    inScope(scope, ledgerLines.orgId),
    query.status ? eq(ledgerLines.status, query.status) : undefined,
    query.orgId ? eq(ledgerLines.orgId, query.orgId) : undefined,
    query.programmeId ? eq(ledgerLines.programmeId, query.programmeId) : undefined,
  )
}

/** A page of lines, filtered and sorted, with the explanation rendered for the reader. */
export async function listLedgerLines({ scope, query, locale }: { scope: Scope; query: LedgerQuery; locale: Locale }) {
  const where = lineFilter(scope, query)
  const page = query.page ?? 1
  const column = sortColumns[query.sort ?? 'created']
  const order = query.dir === 'asc' ? asc(column) : desc(column)
  const [rows, [{ total }]] = await Promise.all([
    db
      .select(lineColumns)
      .from(ledgerLines)
      .innerJoin(organisations, eq(organisations.id, ledgerLines.orgId))
      .where(where)
      .orderBy(order, desc(ledgerLines.id))
      .limit(PAGE_SIZE)
      .offset((page - 1) * PAGE_SIZE),
    db.select({ total: sql<number>`count(*)::int` }).from(ledgerLines).where(where),
  ])
  return {
    lines: rows.map((l) => ({ ...l, text: renderExplanation(locale, l.explanation) })),
    page,
    pages: Math.max(1, Math.ceil(Number(total) / PAGE_SIZE)),
  }
}

/** Sums by status (the dealer's "pending 12 345 ₽, paid …"), over the filtered lines. */
export async function ledgerTotals({ scope, query = {} }: { scope: Scope; query?: Omit<LedgerQuery, 'sort' | 'dir' | 'page'> }) {
  const rows = await db
    .select({ status: ledgerLines.status, count: sql<number>`count(*)::int`, amountMinor: sql<string>`coalesce(sum(${ledgerLines.amountMinor}), 0)::text` })
    .from(ledgerLines)
    .where(lineFilter(scope, query))
    .groupBy(ledgerLines.status)
  return rows.map((r) => ({ status: r.status, count: Number(r.count), amountMinor: Number(r.amountMinor) }))
}

/** The desk's CSV of the filtered lines, in the reader's dialect. */
export async function ledgerCsv({ scope, query, locale }: { scope: Scope; query: LedgerQuery; locale: Locale }) {
  const rows = await db
    .select(lineColumns)
    .from(ledgerLines)
    .innerJoin(organisations, eq(organisations.id, ledgerLines.orgId))
    .where(lineFilter(scope, query))
    .orderBy(desc(ledgerLines.createdAt))
    .limit(100_000)
  const t = (k: Parameters<typeof translate>[1]) => translate(locale, k)
  return csvResponse(
    'ledger.csv',
    toCsv(
      [t('ledger.col.dealer'), t('ledger.col.programme'), t('ledger.col.periodStart'), t('ledger.col.periodEnd'), t('ledger.col.amount'), t('ledger.col.status'), t('ledger.col.explanation'), t('ledger.col.key')],
      rows.map((l) => [
        l.dealer,
        locale === 'ru' ? l.programmeNameRu : l.programmeNameEn,
        l.periodStart,
        l.periodEnd,
        decimal(l.amountMinor / 100),
        translate(locale, `ledger.status.${l.status}`),
        renderExplanation(locale, l.explanation),
        l.accrualKey,
      ]),
      locale,
    ),
  )
}

/** One line with its events and its dispute thread (messages oldest first). */
export async function getLedgerLine({ scope, lineId, locale }: { scope: Scope; lineId: string; locale: Locale }) {
  const [line] = await db
    .select(lineColumns)
    .from(ledgerLines)
    .innerJoin(organisations, eq(organisations.id, ledgerLines.orgId))
    .where(and(eq(ledgerLines.id, lineId), inScope(scope, ledgerLines.orgId)))
  if (!line) return null
  const [events, disputes, corrections] = await Promise.all([
    db
      .select({ at: ledgerEvents.at, kind: ledgerEvents.kind, fromStatus: ledgerEvents.fromStatus, toStatus: ledgerEvents.toStatus, note: ledgerEvents.note })
      .from(ledgerEvents)
      .where(and(eq(ledgerEvents.lineId, line.id), inScope(scope, ledgerEvents.orgId)))
      .orderBy(asc(ledgerEvents.at), asc(ledgerEvents.id)),
    db
      .select({ id: ledgerDisputes.id, status: ledgerDisputes.status })
      .from(ledgerDisputes)
      .where(and(eq(ledgerDisputes.lineId, line.id), inScope(scope, ledgerDisputes.orgId)))
      .orderBy(desc(ledgerDisputes.createdAt)),
    db
      .select({ id: ledgerLines.id, amountMinor: ledgerLines.amountMinor, status: ledgerLines.status, accrualKey: ledgerLines.accrualKey })
      .from(ledgerLines)
      .where(and(eq(ledgerLines.correctsLineId, line.id), inScope(scope, ledgerLines.orgId)))
      .orderBy(asc(ledgerLines.createdAt)),
  ])
  const dispute = disputes[0] ?? null
  const messages = dispute
    ? await db
        .select({ at: ledgerDisputeMessages.at, side: ledgerDisputeMessages.side, body: ledgerDisputeMessages.body, author: users.displayName })
        .from(ledgerDisputeMessages)
        .leftJoin(users, eq(users.id, ledgerDisputeMessages.authorId))
        .where(and(eq(ledgerDisputeMessages.disputeId, dispute.id), inScope(scope, ledgerDisputeMessages.orgId)))
        .orderBy(asc(ledgerDisputeMessages.at), asc(ledgerDisputeMessages.id))
    : []
  return { line: { ...line, text: renderExplanation(locale, line.explanation) }, events, dispute, messages, corrections }
}

/** The desk's list of disputes, open ones first. */
export async function listDisputes({ scope }: { scope: Scope }) {
  return db
    .select({
      id: ledgerDisputes.id,
      lineId: ledgerDisputes.lineId,
      status: ledgerDisputes.status,
      updatedAt: ledgerDisputes.updatedAt,
      dealer: organisations.shortName,
      amountMinor: ledgerLines.amountMinor,
      programmeNameRu: ledgerLines.programmeNameRu,
      programmeNameEn: ledgerLines.programmeNameEn,
      last: sql<string>`(select m.body from ledger_dispute_messages m where m.dispute_id = ${ledgerDisputes.id} order by m.at desc, m.id desc limit 1)`,
    })
    .from(ledgerDisputes)
    .innerJoin(ledgerLines, eq(ledgerLines.id, ledgerDisputes.lineId))
    .innerJoin(organisations, eq(organisations.id, ledgerDisputes.orgId))
    .where(inScope(scope, ledgerDisputes.orgId))
    .orderBy(sql`case ${ledgerDisputes.status} when 'open' then 0 when 'answered' then 1 else 2 end`, desc(ledgerDisputes.updatedAt))
    .limit(200)
}

// ── Batches ───────────────────────────────────────────────────────────────────────────────────────────────────

export async function listBatches() {
  return db
    .select({
      id: payoutBatches.id,
      number: payoutBatches.number,
      status: payoutBatches.status,
      totalMinor: payoutBatches.totalMinor,
      lineCount: payoutBatches.lineCount,
      preparedAt: payoutBatches.preparedAt,
      preparedBy: users.displayName,
    })
    .from(payoutBatches)
    .leftJoin(users, eq(users.id, payoutBatches.preparedBy))
    .orderBy(desc(payoutBatches.preparedAt))
    .limit(200)
}

/** What the bank pays: one row per recipient (legal name, INN, KPP, the sum of its lines). */
async function batchRecipients(batchId: string) {
  const rows = await db
    .select({
      orgId: ledgerLines.orgId,
      legalName: organisations.legalName,
      inn: organisations.inn,
      kpp: organisations.kpp,
      amountMinor: sql<string>`sum(${ledgerLines.amountMinor})::text`,
      lines: sql<number>`count(*)::int`,
    })
    .from(ledgerLines)
    .innerJoin(organisations, eq(organisations.id, ledgerLines.orgId))
    .where(eq(ledgerLines.batchId, batchId))
    .groupBy(ledgerLines.orgId, organisations.legalName, organisations.inn, organisations.kpp)
    .orderBy(asc(organisations.legalName))
  return rows.map((r) => ({ ...r, amountMinor: Number(r.amountMinor), lines: Number(r.lines) }))
}

export async function getBatch({ batchId, locale }: { batchId: string; locale: Locale }) {
  const [batch] = await db.select().from(payoutBatches).where(eq(payoutBatches.id, batchId))
  if (!batch) return null
  const people = await db
    .select({ id: users.id, name: users.displayName })
    .from(users)
    .where(sql`${users.id} in (${batch.preparedBy}, ${batch.approvedBy ?? batch.preparedBy}, ${batch.paidBy ?? batch.preparedBy})`)
  const nameOf = (id: string | null) => people.find((p) => p.id === id)?.name ?? null
  const lines = await db
    .select(lineColumns)
    .from(ledgerLines)
    .innerJoin(organisations, eq(organisations.id, ledgerLines.orgId))
    .where(eq(ledgerLines.batchId, batchId))
    .orderBy(asc(organisations.shortName), asc(ledgerLines.periodStart))
  return {
    batch: { ...batch, preparedByName: nameOf(batch.preparedBy), approvedByName: nameOf(batch.approvedBy), paidByName: nameOf(batch.paidBy) },
    recipients: await batchRecipients(batchId),
    lines: lines.map((l) => ({ ...l, text: renderExplanation(locale, l.explanation) })),
  }
}

/** The batch for the bank, as CSV (the reader's dialect) or XLSX: recipient, INN, KPP, amount, purpose. */
export async function batchExport({ batchId, locale, format }: { batchId: string; locale: Locale; format: 'csv' | 'xlsx' }) {
  const [batch] = await db.select({ number: payoutBatches.number }).from(payoutBatches).where(eq(payoutBatches.id, batchId))
  if (!batch) return null
  const recipients = await batchRecipients(batchId)
  const header = [translate(locale, 'payout.col.recipient'), 'INN', 'KPP', translate(locale, 'payout.col.amount'), translate(locale, 'payout.col.purpose')]
  const purpose = translate(locale, 'payout.purpose', { number: batch.number })
  const filename = `payout-${batch.number}.${format}`
  if (format === 'csv')
    return csvResponse(
      filename,
      toCsv(
        header,
        recipients.map((r) => [r.legalName, r.inn ?? '', r.kpp ?? '', decimal(r.amountMinor / 100), purpose]),
        locale,
      ),
    )
  const body = writeXlsx(
    batch.number,
    header,
    recipients.map((r) => [r.legalName, r.inn ?? '', r.kpp ?? '', r.amountMinor / 100, purpose]),
  )
  return attachment(body, filename, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
}
