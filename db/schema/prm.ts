import { sql } from 'drizzle-orm'
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { users } from './auth'
import { categories } from './catalog'
import { orders } from './orders'
import { priceLists } from './pricing'
import { organisations } from './tenancy'

// Partner programmes (issue 13, DESIGN.md §7, anchors/partners-and-crm.md): onboarding applications, programmes
// with ranked tiers whose criteria and benefits are data, the tier history, targets, deal registration and rebate
// programmes. The money they pay is in the incentive ledger (incentives.ts).

// ── Onboarding ────────────────────────────────────────────────────────────────────────────────────────────────
export const applicationStatus = pgEnum('partner_application_status', [
  'received',
  'checking',
  'agreement_offered',
  'agreement_accepted',
  'active',
  'rejected',
])

export const partnerApplications = pgTable(
  'partner_applications',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** Human reference the applicant quotes: P-2026-000012. */
    number: text().notNull().unique(),
    status: applicationStatus().notNull().default('received'),
    legalName: text().notNull(),
    shortName: text().notNull(),
    inn: text().notNull(),
    kpp: text(),
    region: text().notNull(),
    legalAddress: text(),
    /** Catalog categories the applicant wants to sell. */
    interestCategoryIds: uuid()
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    interestsNote: text().notNull().default(''),
    contactName: text().notNull(),
    contactEmail: text().notNull(),
    contactPhone: text().notNull(),
    /** The language the applicant used: their mail and status page follow it. */
    locale: text().$type<'ru' | 'en'>().notNull(),
    // Consent to personal-data processing (152-FZ art. 9): the exact text shown, its version, when and from where.
    consentText: text().notNull(),
    consentVersion: text().notNull(),
    consentAt: timestamp({ withTimezone: true }).notNull(),
    consentIp: text(),
    /** The checking stage's findings: duplicates by INN, verification status, as data the desk page renders. */
    verification: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    verificationStatus: text().$type<'unchecked' | 'passed' | 'failed'>().notNull().default('unchecked'),
    /** Shown to the applicant when rejected. */
    rejectionReason: text(),
    agreementVersion: text(),
    agreementOfferedAt: timestamp({ withTimezone: true }),
    agreementAcceptedAt: timestamp({ withTimezone: true }),
    /** The applicant's status page link is `<id>.<secret>`; only SHA-256(secret) is stored. */
    statusSecretHash: text().notNull(),
    /** The dealer organisation made on activation. */
    orgId: uuid().references(() => organisations.id, { onDelete: 'set null' }),
    assignedTo: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('partner_applications_inn_idx').on(t.inn), index('partner_applications_status_idx').on(t.status, t.createdAt)],
)

export const partnerApplicationEvents = pgTable(
  'partner_application_events',
  {
    id: uuid().primaryKey().defaultRandom(),
    applicationId: uuid()
      .notNull()
      .references(() => partnerApplications.id, { onDelete: 'cascade' }),
    status: applicationStatus().notNull(),
    note: text().notNull().default(''),
    actorId: uuid().references(() => users.id, { onDelete: 'set null' }),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('partner_application_events_app_idx').on(t.applicationId, t.at)],
)

// ── Programmes and tiers ──────────────────────────────────────────────────────────────────────────────────────
/** One criterion of a tier, as data: which measure, compared how, with what threshold (money in kopecks). */
export type TierCriterion = {
  kind: 'revenue_12m' | 'growth_12m' | 'certified_staff' | 'overdue_amount' | 'overdue_days' | 'order_count_12m' | 'active_months_12m'
  op: 'gte' | 'lte'
  threshold: number
  /** Optional narrowing, e.g. the categories a revenue criterion counts. */
  categoryIds?: string[]
}
/** What a tier gives, as data: above all the dealer group whose price lists apply. */
export type TierBenefits = {
  dealerGroup: string | null
  /** Days of protection a registered deal gets at this tier (the programme default otherwise). */
  dealProtectionDays?: number
  /** Extra rebate in basis points on top of a rebate programme's rate. */
  rebateBonusBp?: number
  /** Deal bonus in basis points of a won registered deal's linked orders' net value (a `deal_bonus` ledger line). */
  dealBonusBp?: number
  /** Free text benefits shown to the dealer (ru/en). */
  perks?: { ru: string; en: string }[]
}

export const partnerProgrammes = pgTable('partner_programmes', {
  id: uuid().primaryKey().defaultRandom(),
  code: text().notNull().unique(),
  nameRu: text().notNull(),
  nameEn: text().notNull(),
  /** Months a dealer keeps its tier after it stops qualifying, before the demotion takes effect. */
  graceMonths: integer().notNull().default(3),
  /** Days of protection an approved deal gets unless its tier says otherwise. */
  dealProtectionDays: integer().notNull().default(90),
  /** Days between a tier decision and the day its price group takes effect (the first of the next month if null). */
  effectiveLagDays: integer(),
  active: boolean().notNull().default(true),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
})

export const programmeTiers = pgTable(
  'programme_tiers',
  {
    id: uuid().primaryKey().defaultRandom(),
    programmeId: uuid()
      .notNull()
      .references(() => partnerProgrammes.id, { onDelete: 'cascade' }),
    /** 1 = the entry level; higher is better (Salesforce's ChannelProgramLevel.Rank). */
    rank: integer().notNull(),
    code: text().notNull(),
    nameRu: text().notNull(),
    nameEn: text().notNull(),
    /** Every criterion must hold for the tier (an empty list: everyone qualifies, the entry tier). */
    criteria: jsonb().$type<TierCriterion[]>().notNull().default([]),
    benefits: jsonb().$type<TierBenefits>().notNull().default({ dealerGroup: null }),
  },
  (t) => [
    uniqueIndex('programme_tiers_rank_key').on(t.programmeId, t.rank),
    uniqueIndex('programme_tiers_code_key').on(t.programmeId, t.code),
    check('programme_tiers_rank_positive', sql`${t.rank} >= 1`),
  ],
)

/** A dealer in a programme: its tier now and a pending demotion in its grace period. */
export const programmeMembers = pgTable(
  'programme_members',
  {
    programmeId: uuid()
      .notNull()
      .references(() => partnerProgrammes.id, { onDelete: 'cascade' }),
    orgId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    tierId: uuid()
      .notNull()
      .references(() => programmeTiers.id),
    since: date().notNull(),
    /** The lower tier the dealer qualifies for, and the day the demotion takes effect unless it qualifies again. */
    graceTierId: uuid().references(() => programmeTiers.id),
    graceUntil: date(),
    /** A partner manager's override: the tier is kept whatever the evaluation says, until this day (null: until lifted). */
    overrideTierId: uuid().references(() => programmeTiers.id),
    overrideReason: text(),
    overrideUntil: date(),
    overrideBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    lastEvaluatedAt: timestamp({ withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.programmeId, t.orgId] }), index('programme_members_org_idx').on(t.orgId)],
)

/** Each evaluation of a dealer: every criterion's value and threshold as they were, so the tier explains itself later. */
export const tierEvaluations = pgTable(
  'tier_evaluations',
  {
    id: uuid().primaryKey().defaultRandom(),
    programmeId: uuid()
      .notNull()
      .references(() => partnerProgrammes.id, { onDelete: 'cascade' }),
    orgId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    /** The day the trailing windows end on. */
    asOf: date().notNull(),
    /** The best tier whose criteria all hold. */
    qualifiedTierId: uuid()
      .notNull()
      .references(() => programmeTiers.id),
    /** The tier the dealer holds after grace and overrides. */
    resultTierId: uuid()
      .notNull()
      .references(() => programmeTiers.id),
    /** Measures by criterion kind, e.g. { revenue_12m: 120000000, certified_staff: 2 }. */
    metrics: jsonb().$type<Record<string, number>>().notNull(),
    trigger: text().$type<'monthly' | 'on_demand'>().notNull(),
    actorId: uuid().references(() => users.id, { onDelete: 'set null' }),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('tier_evaluations_org_idx').on(t.orgId, t.at)],
)

/** The tier history a dealer reads: every change with its reason. */
export const tierChanges = pgTable(
  'tier_changes',
  {
    id: uuid().primaryKey().defaultRandom(),
    programmeId: uuid()
      .notNull()
      .references(() => partnerProgrammes.id, { onDelete: 'cascade' }),
    orgId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    fromTierId: uuid().references(() => programmeTiers.id),
    toTierId: uuid()
      .notNull()
      .references(() => programmeTiers.id),
    /** joined, promoted, grace_started, grace_cleared, demoted (after grace), override, override_lifted. */
    reason: text().notNull(),
    /** The partner manager's written reason for an override; otherwise empty. */
    note: text().notNull().default(''),
    /** The day the change (and its price group) takes effect. */
    effectiveFrom: date().notNull(),
    evaluationId: uuid().references(() => tierEvaluations.id, { onDelete: 'set null' }),
    actorId: uuid().references(() => users.id, { onDelete: 'set null' }),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('tier_changes_org_idx').on(t.orgId, t.at)],
)

/** Staff with a completed certification: a tier criterion (SARM's trainings feed it later). */
export const partnerCertifications = pgTable(
  'partner_certifications',
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    userId: uuid().references(() => users.id, { onDelete: 'set null' }),
    personName: text().notNull(),
    course: text().notNull(),
    completedOn: date().notNull(),
    /** Null: does not expire. */
    expiresOn: date(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('partner_certifications_org_idx').on(t.orgId)],
)

/** A target per partner and period: revenue (kopecks) or units, optionally of one category. */
export const partnerTargets = pgTable(
  'partner_targets',
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    periodKind: text().$type<'quarter' | 'year'>().notNull(),
    periodStart: date().notNull(),
    periodEnd: date().notNull(),
    metric: text().$type<'revenue' | 'units'>().notNull(),
    categoryId: uuid().references(() => categories.id, { onDelete: 'cascade' }),
    target: bigint({ mode: 'number' }).notNull(),
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('partner_targets_org_idx').on(t.orgId, t.periodStart),
    check('partner_targets_period', sql`${t.periodEnd} >= ${t.periodStart} and ${t.target} > 0`),
  ],
)

// ── Deal registration ─────────────────────────────────────────────────────────────────────────────────────────
export const dealStatus = pgEnum('deal_status', ['submitted', 'conflict', 'approved', 'rejected', 'expired', 'won', 'lost'])

export const dealRegistrations = pgTable(
  'deal_registrations',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** D-2026-000042. */
    number: text().notNull().unique(),
    orgId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    endCustomerInn: text().notNull(),
    endCustomerName: text().notNull(),
    endCustomerRegion: text().notNull(),
    productIds: uuid()
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    categoryIds: uuid()
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    expectedQty: integer().notNull(),
    expectedValueMinor: bigint({ mode: 'number' }).notNull(),
    expectedCloseOn: date().notNull(),
    note: text().notNull().default(''),
    status: dealStatus().notNull().default('submitted'),
    /** Internal only, never shown to the dealer: the earlier registration this one conflicts with. */
    conflictWithId: uuid(),
    protectedUntil: date(),
    /** The deal price list assigned to this dealer on approval (through the pricing module), if any. */
    priceListId: uuid().references(() => priceLists.id, { onDelete: 'set null' }),
    decisionNote: text(),
    lostReason: text(),
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('deal_registrations_org_idx').on(t.orgId, t.createdAt),
    index('deal_registrations_inn_idx').on(t.endCustomerInn, t.status),
    check('deal_registrations_amounts', sql`${t.expectedQty} > 0 and ${t.expectedValueMinor} >= 0`),
  ],
)

export const dealEvents = pgTable(
  'deal_events',
  {
    id: uuid().primaryKey().defaultRandom(),
    dealId: uuid()
      .notNull()
      .references(() => dealRegistrations.id, { onDelete: 'cascade' }),
    orgId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    status: dealStatus().notNull(),
    /** submitted, conflict, approved, rejected, extended, expired, won, lost. */
    kind: text().notNull(),
    /** What the dealer reads; for a conflict never the other dealer. */
    note: text().notNull().default(''),
    actorId: uuid().references(() => users.id, { onDelete: 'set null' }),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('deal_events_deal_idx').on(t.dealId, t.at)],
)

/** The orders that fulfil a won deal. */
export const dealOrders = pgTable(
  'deal_orders',
  {
    dealId: uuid()
      .notNull()
      .references(() => dealRegistrations.id, { onDelete: 'cascade' }),
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    orgId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.dealId, t.orderId] })],
)

// ── Rebates ───────────────────────────────────────────────────────────────────────────────────────────────────
/**
 * A step of a rebate: from `from` (kopecks of the period's basis, or units) the rate applies. Stepped rebates
 * apply the rate of the highest step reached to the whole basis ("2 % above 5 M ₽, 3 % above 10 M ₽").
 */
export type RebateStep = { from: number; rateBp?: number; amountPerUnitMinor?: number }

export const rebateProgrammes = pgTable('rebate_programmes', {
  id: uuid().primaryKey().defaultRandom(),
  programmeId: uuid().references(() => partnerProgrammes.id, { onDelete: 'set null' }),
  code: text().notNull().unique(),
  nameRu: text().notNull(),
  nameEn: text().notNull(),
  periodKind: text().$type<'month' | 'quarter' | 'year'>().notNull(),
  /** percent: rateBp of the net revenue; per_unit: amountPerUnitMinor per unit delivered. */
  kind: text().$type<'percent' | 'per_unit'>().notNull(),
  /** growth: the rate applies to the growth against the same period a year before, not to the whole basis. */
  growth: boolean().notNull().default(false),
  steps: jsonb().$type<RebateStep[]>().notNull(),
  /** Empty: every category. */
  categoryIds: uuid()
    .array()
    .notNull()
    .default(sql`'{}'::uuid[]`),
  /** Dealers of this tier rank and above are eligible (null: every dealer). */
  minTierRank: integer(),
  budgetMinor: bigint({ mode: 'number' }),
  validFrom: date().notNull(),
  validTo: date(),
  active: boolean().notNull().default(true),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
})

export const rebatePeriods = pgTable(
  'rebate_periods',
  {
    id: uuid().primaryKey().defaultRandom(),
    rebateProgrammeId: uuid()
      .notNull()
      .references(() => rebateProgrammes.id, { onDelete: 'cascade' }),
    periodStart: date().notNull(),
    periodEnd: date().notNull(),
    status: text().$type<'open' | 'closed'>().notNull().default('open'),
    lastAccruedAt: timestamp({ withTimezone: true }),
    closedAt: timestamp({ withTimezone: true }),
    closedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [uniqueIndex('rebate_periods_key').on(t.rebateProgrammeId, t.periodStart)],
)
