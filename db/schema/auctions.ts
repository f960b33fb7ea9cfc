import { sql } from 'drizzle-orm'
import { bigint, check, index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { users } from './auth'
import { organisations } from './tenancy'

// Reverse auctions (DESIGN.md §5). The lot row is the one serialisation point: a bid is accepted by a conditional
// UPDATE of it (compare-and-set, soft close inside) plus the bid insert, in one transaction.

export const tenderStatus = pgEnum('tender_status', ['draft', 'scheduled', 'live', 'closed', 'awarded', 'cancelled'])
export const lotStatus = pgEnum('lot_status', ['scheduled', 'live', 'paused', 'closed', 'cancelled'])
export const visibilityPreset = pgEnum('visibility_preset', ['rank', 'rank_best', 'full'])
/** What a supplier's post-auction report shows of the market (views.ts `disclosureOf`); null follows the preset. */
export const reportDisclosure = pgEnum('report_disclosure', ['none', 'own_rank', 'best_curve', 'full_curve'])

export const tenders = pgTable('tenders', {
  id: uuid().primaryKey().defaultRandom(),
  buyerOrgId: uuid()
    .notNull()
    .references(() => organisations.id),
  title: text().notNull(),
  status: tenderStatus().notNull().default('draft'),
  visibility: visibilityPreset().notNull().default('rank'),
  disclosure: reportDisclosure(),
  currency: text().notNull().default('RUB'),
  /** Soft close: a lead change in the last W moves the end to receipt + E, at most maxExtensions times. */
  softWindowMs: integer().notNull().default(120_000),
  softExtensionMs: integer().notNull().default(120_000),
  maxExtensions: integer(),
  terms: text().notNull().default(''),
  /** When the first lot opens, how long each lot runs, and the gap between lot ends (0 = all lots close together). */
  startsAt: timestamp({ withTimezone: true }),
  durationMs: integer().notNull().default(600_000),
  staggerMs: integer().notNull().default(0),
  cancelReason: text(),
  createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
})

export const lots = pgTable(
  'lots',
  {
    id: uuid().primaryKey().defaultRandom(),
    tenderId: uuid()
      .notNull()
      .references(() => tenders.id, { onDelete: 'cascade' }),
    lineNo: integer().notNull(),
    item: text().notNull(),
    quantity: integer().notNull(),
    unit: text().notNull().default('pcs'),
    startPriceMinor: bigint({ mode: 'number' }).notNull(),
    /** Hidden from suppliers: they only learn whether it is met. */
    reserveMinor: bigint({ mode: 'number' }),
    minStepMinor: bigint({ mode: 'number' }).notNull(),
    maxStepMinor: bigint({ mode: 'number' }).notNull(),
    status: lotStatus().notNull().default('scheduled'),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    endsAt: timestamp({ withTimezone: true }).notNull(),
    /** Gap-free per lot: every accepted bid and buyer action takes the next number. */
    seq: integer().notNull().default(0),
    bestPriceMinor: bigint({ mode: 'number' }),
    bestSupplierId: uuid(),
    extensions: integer().notNull().default(0),
    /** The seq of the last bid that extended the lot: its RETURNING tells that bid it moved the end. */
    lastExtendedSeq: integer(),
    /** Set while the buyer has paused the lot; resuming moves the end by the pause's length. */
    pausedAt: timestamp({ withTimezone: true, precision: 6 }),
    awardedSupplierId: uuid().references(() => organisations.id),
    awardReason: text(),
    awardedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex('lots_tender_line_key').on(t.tenderId, t.lineNo),
    index('lots_status_ends_idx').on(t.status, t.endsAt),
    check('lots_steps', sql`${t.minStepMinor} > 0 and ${t.maxStepMinor} >= ${t.minStepMinor} and ${t.startPriceMinor} > 0`),
  ],
)

export const invitations = pgTable(
  'invitations',
  {
    tenderId: uuid()
      .notNull()
      .references(() => tenders.id, { onDelete: 'cascade' }),
    supplierOrgId: uuid()
      .notNull()
      .references(() => organisations.id),
    acceptedTermsAt: timestamp({ withTimezone: true }),
    invitedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenderId, t.supplierOrgId] }), index('invitations_supplier_idx').on(t.supplierOrgId)],
)

/** The append-only bid log: each entry's hash covers the previous entry's hash (a chain per lot). */
export const bids = pgTable(
  'bids',
  {
    id: uuid().primaryKey().defaultRandom(),
    lotId: uuid()
      .notNull()
      .references(() => lots.id, { onDelete: 'cascade' }),
    supplierOrgId: uuid()
      .notNull()
      .references(() => organisations.id),
    userId: uuid().references(() => users.id, { onDelete: 'set null' }),
    priceMinor: bigint({ mode: 'number' }).notNull(),
    seq: integer().notNull(),
    receivedAt: timestamp({ withTimezone: true, precision: 6 }).notNull(),
    clientBidId: text().notNull(),
    prevHash: text().notNull(),
    hash: text().notNull(),
    /** The new end when this bid moved it (soft close): the reason each extension happened. */
    extendedTo: timestamp({ withTimezone: true, precision: 6 }),
    disqualifiedReason: text(),
  },
  (t) => [
    uniqueIndex('bids_lot_seq_key').on(t.lotId, t.seq),
    uniqueIndex('bids_client_key').on(t.supplierOrgId, t.clientBidId),
    index('bids_lot_supplier_idx').on(t.lotId, t.supplierOrgId),
  ],
)

/**
 * Everything else that happens to a lot, numbered in the same gap-free sequence as its bids: opening, the buyer's
 * pause, resume, extension, disqualification and cancellation, and the close. Bids and these rows together are the
 * replay source for a client that missed events, and the protocol.
 */
export const lotEventKind = pgEnum('lot_event_kind', ['opened', 'paused', 'resumed', 'extended', 'disqualified', 'closed', 'cancelled', 'awarded'])

export const lotEvents = pgTable(
  'lot_events',
  {
    id: uuid().primaryKey().defaultRandom(),
    lotId: uuid()
      .notNull()
      .references(() => lots.id, { onDelete: 'cascade' }),
    seq: integer().notNull(),
    kind: lotEventKind().notNull(),
    at: timestamp({ withTimezone: true, precision: 6 }).notNull(),
    /** The lot's end after the event. */
    endsAt: timestamp({ withTimezone: true, precision: 6 }).notNull(),
    actorUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    reason: text(),
    /** For a disqualification: the bid it struck out. */
    bidSeq: integer(),
  },
  (t) => [uniqueIndex('lot_events_lot_seq_key').on(t.lotId, t.seq)],
)
