import { sql } from 'drizzle-orm'
import { bigint, check, date, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { users } from './auth'
import { organisations } from './tenancy'

// The incentive ledger (issue 13): one ledger for all incentive money — rebates and deal bonuses now, shop-assistant
// bonuses and contest prizes next (issue 14). A line never changes its amount once paid; corrections are new lines.

export const ledgerStatus = pgEnum('ledger_status', ['pending', 'held', 'approved', 'paid', 'reversed'])

/** How a line came to be, as data: a catalog key and its inputs, rendered in the reader's language. */
export type LedgerExplanation = {
  /** Catalog key of the sentence, e.g. `ledger.explain.rebateStepped`. */
  key: string
  /** Placeholder values; money in kopecks under names ending in `Minor`, days as YYYY-MM-DD under names ending in `On`. */
  params: Record<string, string | number>
  /** The rule and its inputs as they were (steps, basis, rates), for the partner manager and disputes. */
  inputs?: Record<string, unknown>
}

export const payoutBatches = pgTable(
  'payout_batches',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** B-2026-0007. */
    number: text().notNull().unique(),
    status: text().$type<'prepared' | 'approved' | 'paid'>().notNull().default('prepared'),
    currency: text().notNull().default('RUB'),
    totalMinor: bigint({ mode: 'number' }).notNull(),
    lineCount: integer().notNull(),
    preparedBy: uuid()
      .notNull()
      .references(() => users.id),
    preparedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    approvedBy: uuid().references(() => users.id),
    approvedAt: timestamp({ withTimezone: true }),
    paidBy: uuid().references(() => users.id),
    paidAt: timestamp({ withTimezone: true }),
  },
  // Four eyes (issue 13): the database refuses an approval by the person who prepared the batch, whatever the app does.
  (t) => [check('payout_batches_four_eyes', sql`${t.approvedBy} is null or ${t.approvedBy} <> ${t.preparedBy}`)],
)

export const ledgerLines = pgTable(
  'ledger_lines',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** The organisation the money is for (the dealer); for a person, the dealer they sell for. */
    orgId: uuid()
      .notNull()
      .references(() => organisations.id),
    /** A person recipient (a shop assistant); null: the organisation itself. */
    userId: uuid().references(() => users.id),
    /** rebate, deal_bonus; sarm_bonus and contest_prize next. */
    source: text().notNull(),
    /** The programme (rebate programme, contest …) the line comes from, and its name as the recipient reads it. */
    programmeId: uuid(),
    programmeNameRu: text().notNull(),
    programmeNameEn: text().notNull(),
    periodStart: date().notNull(),
    periodEnd: date().notNull(),
    /** Kopecks; a correction of a paid or closed line is a new line, negative when it takes money back. */
    amountMinor: bigint({ mode: 'number' }).notNull(),
    currency: text().notNull().default('RUB'),
    explanation: jsonb().$type<LedgerExplanation>().notNull(),
    status: ledgerStatus().notNull().default('pending'),
    /** Why the line is held (codes with catalog texts `ledger.hold.<code>`). */
    holdReasons: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    reversalReason: text(),
    /** A correction names the line it corrects. */
    correctsLineId: uuid(),
    batchId: uuid().references(() => payoutBatches.id),
    /**
     * What the line accrues, so a recalculation finds it again: `rebate:<programme>:<period start>:<org>`, a
     * correction `…:c<n>`. Unique: one accrual never becomes two lines.
     */
    accrualKey: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('ledger_lines_accrual_key').on(t.accrualKey),
    index('ledger_lines_org_idx').on(t.orgId, t.periodStart),
    index('ledger_lines_status_idx').on(t.status, t.createdAt),
    index('ledger_lines_batch_idx').on(t.batchId),
  ],
)

/** Every transition of a line: who, when, from what to what, why (the audit log has it too). */
export const ledgerEvents = pgTable(
  'ledger_events',
  {
    id: uuid().primaryKey().defaultRandom(),
    lineId: uuid()
      .notNull()
      .references(() => ledgerLines.id, { onDelete: 'cascade' }),
    orgId: uuid()
      .notNull()
      .references(() => organisations.id),
    fromStatus: ledgerStatus(),
    toStatus: ledgerStatus().notNull(),
    /** accrued, recalculated, held, released, approved, paid, reversed, corrected. */
    kind: text().notNull(),
    note: text().notNull().default(''),
    actorId: uuid().references(() => users.id, { onDelete: 'set null' }),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('ledger_events_line_idx').on(t.lineId, t.at)],
)

/** A partner's question about a line, and the partner manager's answers. */
export const ledgerDisputes = pgTable(
  'ledger_disputes',
  {
    id: uuid().primaryKey().defaultRandom(),
    lineId: uuid()
      .notNull()
      .references(() => ledgerLines.id, { onDelete: 'cascade' }),
    orgId: uuid()
      .notNull()
      .references(() => organisations.id),
    status: text().$type<'open' | 'answered' | 'closed'>().notNull().default('open'),
    openedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('ledger_disputes_line_idx').on(t.lineId), index('ledger_disputes_status_idx').on(t.status, t.updatedAt)],
)

export const ledgerDisputeMessages = pgTable(
  'ledger_dispute_messages',
  {
    id: uuid().primaryKey().defaultRandom(),
    disputeId: uuid()
      .notNull()
      .references(() => ledgerDisputes.id, { onDelete: 'cascade' }),
    orgId: uuid()
      .notNull()
      .references(() => organisations.id),
    authorId: uuid().references(() => users.id, { onDelete: 'set null' }),
    /** The operator's side (a partner manager) or the partner's. */
    side: text().$type<'partner' | 'operator'>().notNull(),
    body: text().notNull(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('ledger_dispute_messages_dispute_idx').on(t.disputeId, t.at)],
)
