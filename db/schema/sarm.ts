import { sql } from 'drizzle-orm'
import { bigint, boolean, check, customType, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { users } from './auth'
import { products } from './catalog'
import { organisations } from './tenancy'

// Shop assistants (issue 14): the dealers' points of sale and the people selling at their counters, the sales they
// report and the dealer confirms, the bonus above a norm and contests paid through the incentive ledger, trainings,
// factory tours and events, and the honour board. Every table that belongs to one dealer carries `org_id` and sits
// under row-level security (migration 0023); the operator's programmes, contests, trainings and events do not.

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' })

/** A dealer's point of sale. Its manager (a person of the dealer) confirms the shop's sale reports. */
export const shops = pgTable(
  'shops',
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => organisations.id),
    /** The dealer's own code for the shop (POS exports name shops by it). */
    code: text().notNull(),
    name: text().notNull(),
    address: text().notNull(),
    region: text().notNull(),
    managerUserId: uuid().references(() => users.id),
    closedOn: date(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('shops_code_key').on(t.orgId, t.code), index('shops_manager_idx').on(t.managerUserId)],
)

/**
 * The roster: who sells at which shop from when to when. A self-registered assistant waits as `pending` until the
 * dealer confirms; `ended` rows keep the history R3 (sellers vanished) measures against.
 */
export const shopAssistants = pgTable(
  'shop_assistants',
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => organisations.id),
    shopId: uuid()
      .notNull()
      .references(() => shops.id),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    status: text().$type<'pending' | 'active' | 'rejected'>().notNull().default('active'),
    startsOn: date().notNull(),
    /** Null: still on the roster. */
    endsOn: date(),
    /** The assistant's code in the dealer's POS (matches POS export lines to people). */
    posCode: text(),
    phone: text(),
    confirmedBy: uuid().references(() => users.id),
    confirmedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('shop_assistants_shop_idx').on(t.shopId, t.startsOn),
    index('shop_assistants_user_idx').on(t.userId),
    uniqueIndex('shop_assistants_pos_code_key')
      .on(t.orgId, t.posCode)
      .where(sql`pos_code is not null`),
    check('shop_assistants_dates', sql`${t.endsOn} is null or ${t.endsOn} >= ${t.startsOn}`),
  ],
)

/** The code a dealer hands its assistants to register themselves (only its hash is stored, as for every secret). */
export const sarmRegistrationCodes = pgTable('sarm_registration_codes', {
  orgId: uuid()
    .primaryKey()
    .references(() => organisations.id),
  codeHash: text().notNull().unique(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
})

/**
 * Consent to personal-data processing (152-FZ), one row per purpose given: the text and its version as shown, when,
 * from where. Withdrawal ends the processing that needs it (`honour_photo`: the photo is deleted at once).
 */
export const personalDataConsents = pgTable(
  'personal_data_consents',
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => organisations.id),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    purpose: text().$type<'processing' | 'honour_photo'>().notNull(),
    textVersion: text().notNull(),
    text: text().notNull(),
    givenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    ip: text(),
    withdrawnAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('personal_data_consents_user_idx').on(t.userId, t.purpose)],
)

/**
 * An assistant's honour-board photo. It exists only while the `honour_photo` consent does: withdrawing deletes the
 * row in the same transaction, so no page can show it afterwards. Published by consent for the whole network to
 * see, so it sits outside row-level security (the board shows other dealers' assistants).
 */
export const honourPhotos = pgTable('honour_photos', {
  userId: uuid()
    .primaryKey()
    .references(() => users.id),
  orgId: uuid()
    .notNull()
    .references(() => organisations.id),
  mime: text().notNull(),
  bytes: bytea().notNull(),
  uploadedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
})

/** What the operator delivered to a dealer by serial number (from despatch advices): R6 checks claims against it. */
export const serialDeliveries = pgTable(
  'serial_deliveries',
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => organisations.id),
    productId: uuid()
      .notNull()
      .references(() => products.id),
    serial: text().notNull(),
    deliveredOn: date().notNull(),
    orderId: uuid(),
  },
  (t) => [uniqueIndex('serial_deliveries_key').on(t.productId, t.serial)],
)

export type SaleReportStatus = 'pending' | 'confirmed' | 'rejected'

/** A POS export a dealer uploaded, with its line-level report. */
export const posImports = pgTable(
  'pos_imports',
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => organisations.id),
    fileName: text().notNull(),
    uploadedBy: uuid()
      .notNull()
      .references(() => users.id),
    lineCount: integer().notNull(),
    acceptedCount: integer().notNull(),
    rejectedCount: integer().notNull(),
    /** Per line: its number, the outcome and, if refused, the catalog key of the reason and its values. */
    report: jsonb().$type<{ line: number; ok: boolean; reportId?: string; error?: string; params?: Record<string, string | number> }[]>().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('pos_imports_org_idx').on(t.orgId, t.createdAt)],
)

/**
 * One sale an assistant reported (or a POS line matched to an assistant). Only `confirmed` sales count; a later return
 * (`returned_qty`) or correction takes units back and the bonus and contests recompute.
 */
export const saleReports = pgTable(
  'sale_reports',
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => organisations.id),
    shopId: uuid()
      .notNull()
      .references(() => shops.id),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    productId: uuid()
      .notNull()
      .references(() => products.id),
    qty: integer().notNull(),
    /** Kopecks per unit at the counter (the contest's revenue metric); from the POS or the dealer's price. */
    unitPriceMinor: bigint({ mode: 'number' }).notNull().default(0),
    serial: text(),
    soldOn: date().notNull(),
    receiptNo: text().notNull(),
    /** End customer's phone as the POS gives it, normalised (R7: many sales to one customer). */
    customerPhone: text(),
    source: text().$type<'assistant' | 'pos'>().notNull().default('assistant'),
    posImportId: uuid().references(() => posImports.id),
    status: text().$type<SaleReportStatus>().notNull().default('pending'),
    rejectReason: text(),
    decidedBy: uuid().references(() => users.id),
    decidedAt: timestamp({ withTimezone: true }),
    returnedQty: integer().notNull().default(0),
    returnedOn: date(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('sale_reports_user_idx').on(t.userId, t.soldOn),
    index('sale_reports_shop_idx').on(t.shopId, t.soldOn),
    index('sale_reports_org_status_idx').on(t.orgId, t.status, t.createdAt),
    index('sale_reports_sold_idx').on(t.soldOn),
    // A serial is sold once: a second report of it (any dealer) is refused while the first stands.
    uniqueIndex('sale_reports_serial_key')
      .on(t.productId, t.serial)
      .where(sql`serial is not null and status <> 'rejected'`),
    check('sale_reports_qty', sql`${t.qty} > 0 and ${t.qty} <= 10000 and ${t.returnedQty} >= 0 and ${t.returnedQty} <= ${t.qty}`),
  ],
)

/** A receipt photo, checked for type (by its bytes) and size before it is stored. */
export const saleReportPhotos = pgTable('sale_report_photos', {
  reportId: uuid()
    .primaryKey()
    .references(() => saleReports.id, { onDelete: 'cascade' }),
  orgId: uuid()
    .notNull()
    .references(() => organisations.id),
  mime: text().notNull(),
  bytes: bytea().notNull(),
})

/**
 * A bonus above a norm: for the period, each assistant's confirmed units of the products or categories above the norm
 * earn `rate_minor` each, up to the cap. Norms may be set per shop or per person (`sarm_bonus_norms`).
 */
export const sarmBonusProgrammes = pgTable('sarm_bonus_programmes', {
  id: uuid().primaryKey().defaultRandom(),
  nameRu: text().notNull(),
  nameEn: text().notNull(),
  periodStart: date().notNull(),
  periodEnd: date().notNull(),
  productIds: uuid()
    .array()
    .notNull()
    .default(sql`'{}'::uuid[]`),
  categoryIds: uuid()
    .array()
    .notNull()
    .default(sql`'{}'::uuid[]`),
  /** Dealers taking part; empty: every dealer. */
  orgIds: uuid()
    .array()
    .notNull()
    .default(sql`'{}'::uuid[]`),
  normUnits: integer().notNull(),
  rateMinor: bigint({ mode: 'number' }).notNull(),
  capMinor: bigint({ mode: 'number' }),
  /** Eligibility: only assistants who completed this training earn. */
  requiredTrainingId: uuid(),
  status: text().$type<'draft' | 'active' | 'closed'>().notNull().default('active'),
  createdBy: uuid().references(() => users.id),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
})

/** A norm other than the programme's: for one shop, or one person (a person's beats the shop's). */
export const sarmBonusNorms = pgTable(
  'sarm_bonus_norms',
  {
    id: uuid().primaryKey().defaultRandom(),
    programmeId: uuid()
      .notNull()
      .references(() => sarmBonusProgrammes.id, { onDelete: 'cascade' }),
    shopId: uuid().references(() => shops.id),
    userId: uuid().references(() => users.id),
    normUnits: integer().notNull(),
  },
  (t) => [
    uniqueIndex('sarm_bonus_norms_key').on(t.programmeId, t.shopId, t.userId),
    check('sarm_bonus_norms_target', sql`(${t.shopId} is null) <> (${t.userId} is null) and ${t.normUnits} >= 0`),
  ],
)

export type ContestPrize = { rank: number; amountMinor: number }

/** A sales contest: only the top N by the metric are paid, and only after the fraud checks of a run. */
export const contests = pgTable('contests', {
  id: uuid().primaryKey().defaultRandom(),
  nameRu: text().notNull(),
  nameEn: text().notNull(),
  /** The rules as published to every participant. */
  rulesRu: text().notNull(),
  rulesEn: text().notNull(),
  periodStart: date().notNull(),
  periodEnd: date().notNull(),
  metric: text().$type<'units' | 'revenue'>().notNull().default('units'),
  /** Score on improvement against the assistant's own baseline (the previous periods of the same length). */
  improvement: boolean().notNull().default(false),
  productIds: uuid()
    .array()
    .notNull()
    .default(sql`'{}'::uuid[]`),
  categoryIds: uuid()
    .array()
    .notNull()
    .default(sql`'{}'::uuid[]`),
  orgIds: uuid()
    .array()
    .notNull()
    .default(sql`'{}'::uuid[]`),
  prizes: jsonb().$type<ContestPrize[]>().notNull(),
  minActiveSellers: integer().notNull().default(3),
  /** Thresholds for the checks (contest-checks.ts `Thresholds`); null: the defaults. Each run stores what it used. */
  thresholds: jsonb().$type<Record<string, number>>(),
  status: text().$type<'draft' | 'running' | 'checked' | 'decided'>().notNull().default('running'),
  createdBy: uuid().references(() => users.id),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
})

/** One run of a contest's checks: the thresholds it used, the standings it found and how long it took. */
export const contestRuns = pgTable(
  'contest_runs',
  {
    id: uuid().primaryKey().defaultRandom(),
    contestId: uuid()
      .notNull()
      .references(() => contests.id),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    by: uuid().references(() => users.id),
    thresholds: jsonb().$type<Record<string, number>>().notNull(),
    summary: jsonb().$type<Record<string, unknown>>().notNull(),
    durationMs: integer().notNull(),
  },
  (t) => [index('contest_runs_contest_idx').on(t.contestId, t.at)],
)

/** A prize the run awarded: rank, winner, the ledger line holding the money. */
export const contestAwards = pgTable(
  'contest_awards',
  {
    id: uuid().primaryKey().defaultRandom(),
    contestId: uuid()
      .notNull()
      .references(() => contests.id),
    runId: uuid()
      .notNull()
      .references(() => contestRuns.id),
    orgId: uuid()
      .notNull()
      .references(() => organisations.id),
    shopId: uuid()
      .notNull()
      .references(() => shops.id),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    rank: integer().notNull(),
    score: bigint({ mode: 'number' }).notNull(),
    amountMinor: bigint({ mode: 'number' }).notNull(),
    ledgerLineId: uuid(),
  },
  (t) => [uniqueIndex('contest_awards_key').on(t.contestId, t.rank), index('contest_awards_org_idx').on(t.orgId)],
)

/** A check that fired for a shop in a run: rule, reason code, the figures and the thresholds it crossed. */
export const contestFlags = pgTable(
  'contest_flags',
  {
    id: uuid().primaryKey().defaultRandom(),
    runId: uuid()
      .notNull()
      .references(() => contestRuns.id),
    contestId: uuid()
      .notNull()
      .references(() => contests.id),
    orgId: uuid()
      .notNull()
      .references(() => organisations.id),
    shopId: uuid()
      .notNull()
      .references(() => shops.id),
    userId: uuid().references(() => users.id),
    rule: text().notNull(),
    reason: text().notNull(),
    figures: jsonb().$type<Record<string, number | string | null>>().notNull(),
    thresholds: jsonb().$type<Record<string, number>>().notNull(),
  },
  (t) => [index('contest_flags_run_idx').on(t.runId), index('contest_flags_org_idx').on(t.orgId)],
)

/** A free training: online (material and a quiz with a pass mark) or in person (date, place, capacity). */
export const trainings = pgTable('trainings', {
  id: uuid().primaryKey().defaultRandom(),
  kind: text().$type<'online' | 'in_person'>().notNull(),
  titleRu: text().notNull(),
  titleEn: text().notNull(),
  descriptionRu: text().notNull().default(''),
  descriptionEn: text().notNull().default(''),
  materialRu: text().notNull().default(''),
  materialEn: text().notNull().default(''),
  /** Percent of right answers needed to pass (online). */
  passMarkPct: integer().notNull().default(80),
  startsAt: timestamp({ withTimezone: true }),
  place: text(),
  capacity: integer(),
  /** Completing it counts as a certification for the dealer's tier (certified staff). */
  certifies: boolean().notNull().default(true),
  status: text().$type<'open' | 'closed'>().notNull().default('open'),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
})

export type QuizOption = { ru: string; en: string }

export const trainingQuestions = pgTable(
  'training_questions',
  {
    id: uuid().primaryKey().defaultRandom(),
    trainingId: uuid()
      .notNull()
      .references(() => trainings.id, { onDelete: 'cascade' }),
    position: integer().notNull(),
    textRu: text().notNull(),
    textEn: text().notNull(),
    options: jsonb().$type<QuizOption[]>().notNull(),
    correctIndex: integer().notNull(),
  },
  (t) => [uniqueIndex('training_questions_key').on(t.trainingId, t.position)],
)

/** A place on an in-person training: registered, on the waitlist (moves up on a cancellation), attended. */
export const trainingRegistrations = pgTable(
  'training_registrations',
  {
    id: uuid().primaryKey().defaultRandom(),
    trainingId: uuid()
      .notNull()
      .references(() => trainings.id),
    orgId: uuid()
      .notNull()
      .references(() => organisations.id),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    status: text().$type<'registered' | 'waitlisted' | 'cancelled' | 'attended' | 'absent'>().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('training_registrations_key').on(t.trainingId, t.userId),
    index('training_registrations_list_idx').on(t.trainingId, t.status, t.createdAt),
  ],
)

/** A completed training: the quiz score (online) or attendance (in person), and the certificate's number. */
export const trainingCompletions = pgTable(
  'training_completions',
  {
    id: uuid().primaryKey().defaultRandom(),
    trainingId: uuid()
      .notNull()
      .references(() => trainings.id),
    orgId: uuid()
      .notNull()
      .references(() => organisations.id),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    scorePct: integer(),
    certificateNo: text().notNull().unique(),
    completedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('training_completions_key').on(t.trainingId, t.userId), index('training_completions_org_idx').on(t.orgId)],
)

export type EventEligibility = { contestWinnersOf?: string[]; minTierRank?: number; invitedUserIds?: string[]; everyone?: boolean }

/** A factory tour or corporate event: who may come, how many, RSVP with a waitlist, attendance, reminders. */
export const sarmEvents = pgTable('sarm_events', {
  id: uuid().primaryKey().defaultRandom(),
  kind: text().$type<'tour' | 'event'>().notNull(),
  titleRu: text().notNull(),
  titleEn: text().notNull(),
  descriptionRu: text().notNull().default(''),
  descriptionEn: text().notNull().default(''),
  startsAt: timestamp({ withTimezone: true }).notNull(),
  place: text().notNull(),
  capacity: integer().notNull(),
  eligibility: jsonb().$type<EventEligibility>().notNull(),
  remindedAt: timestamp({ withTimezone: true }),
  createdBy: uuid().references(() => users.id),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
})

export const sarmEventRsvps = pgTable(
  'sarm_event_rsvps',
  {
    id: uuid().primaryKey().defaultRandom(),
    eventId: uuid()
      .notNull()
      .references(() => sarmEvents.id),
    orgId: uuid()
      .notNull()
      .references(() => organisations.id),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    status: text().$type<'going' | 'waitlisted' | 'cancelled'>().notNull(),
    attended: boolean(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('sarm_event_rsvps_key').on(t.eventId, t.userId), index('sarm_event_rsvps_list_idx').on(t.eventId, t.status, t.createdAt)],
)
