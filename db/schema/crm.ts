import { sql } from 'drizzle-orm'
import {
  bigint,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { users } from './auth'
import { categories, products } from './catalog'
import { organisations } from './tenancy'

// CRM (issue 15): the customer seen whole. People and what was said to them (contacts, interactions, tasks), leads
// and the pipeline, and the analytics that sit on the portal's own orders: ABC/XYZ/CLV segmentation runs, "similar
// dealers bought" recommendations, the regular-customer prompt, monthly forecasts and SERVQUAL survey waves.
// Formulas and defaults: anchors/partners-and-crm.md §2. Every table that belongs to one customer carries `org_id`
// and sits under row-level security (migration 0027), so a dealer's request can read only its own rows; most are
// read by operator staff only (unbound requests).

/** Who at the operator looks after a customer (their "my customers"), and since when. */
export const crmAccounts = pgTable(
  'crm_accounts',
  {
    orgId: uuid()
      .primaryKey()
      .references(() => organisations.id),
    ownerId: uuid().references(() => users.id),
    updatedBy: uuid().references(() => users.id),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('crm_accounts_owner_idx').on(t.ownerId)],
)

/** The sales manager a region's new customers and leads go to (assignment by region; by hand beats it). */
export const crmRegionOwners = pgTable('crm_region_owners', {
  region: text().primaryKey(),
  ownerId: uuid()
    .notNull()
    .references(() => users.id),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
})

export const contactChannels = ['phone', 'email', 'visit', 'messenger'] as const

/** A person at a customer: role, phone, e-mail, whether they agreed to be contacted. */
export const crmContacts = pgTable(
  'crm_contacts',
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => organisations.id),
    fullName: text().notNull(),
    /** Their role at the customer as people say it ("закупщик", "директор"). */
    position: text().notNull().default(''),
    phone: text(),
    /** The phone's last ten digits: +7 (912) 345-67-89 and 89123456789 are the same number (duplicate check). */
    phoneKey: text(),
    email: text(),
    /** The e-mail lower-cased (duplicate check). */
    emailKey: text(),
    locale: text().$type<'ru' | 'en'>().notNull().default('ru'),
    /** Consent to be contacted (152-FZ / marketing): when given, and when withdrawn. */
    consentGivenAt: timestamp({ withTimezone: true }),
    consentWithdrawnAt: timestamp({ withTimezone: true }),
    /** The portal user this person is, if they have an account (survey invitations reach them in the portal). */
    userId: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdBy: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid().references(() => users.id),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('crm_contacts_org_idx').on(t.orgId, t.fullName),
    index('crm_contacts_phone_idx')
      .on(t.phoneKey)
      .where(sql`phone_key is not null`),
    index('crm_contacts_email_idx')
      .on(t.emailKey)
      .where(sql`email_key is not null`),
    index('crm_contacts_name_trgm_idx').using('gin', sql`${t.fullName} gin_trgm_ops`),
    index('crm_contacts_user_idx')
      .on(t.userId)
      .where(sql`user_id is not null`),
    check('crm_contacts_bounds', sql`char_length(${t.fullName}) between 1 and 200 and char_length(${t.position}) <= 200`),
  ],
)

export const interactionKinds = ['call', 'meeting', 'email', 'visit'] as const
export type InteractionKind = (typeof interactionKinds)[number]

/** A call, meeting, e-mail or visit staff logged: what came of it and the next step. */
export const crmInteractions = pgTable(
  'crm_interactions',
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => organisations.id),
    contactId: uuid().references(() => crmContacts.id),
    kind: text().$type<InteractionKind>().notNull(),
    occurredAt: timestamp({ withTimezone: true }).notNull(),
    subject: text().notNull(),
    notes: text().notNull().default(''),
    outcome: text().notNull().default(''),
    nextStep: text().notNull().default(''),
    staffId: uuid()
      .notNull()
      .references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('crm_interactions_org_idx').on(t.orgId, t.occurredAt),
    index('crm_interactions_contact_idx')
      .on(t.contactId)
      .where(sql`contact_id is not null`),
    // The forms bound notes to 10 000 characters; the table refuses anything past twice that whatever the caller.
    check(
      'crm_interactions_bounds',
      sql`char_length(${t.subject}) between 1 and 200 and char_length(${t.notes}) <= 20000 and char_length(${t.outcome}) <= 2000 and char_length(${t.nextStep}) <= 2000`,
    ),
  ],
)

/** A staff member's task: due on a working day, reminded through the notification module on the day. */
export const crmTasks = pgTable(
  'crm_tasks',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** The customer it is about (null: the staff member's own task). */
    orgId: uuid().references(() => organisations.id),
    contactId: uuid().references(() => crmContacts.id),
    /** The interaction whose next step it is. */
    interactionId: uuid().references(() => crmInteractions.id),
    assigneeId: uuid()
      .notNull()
      .references(() => users.id),
    title: text().notNull(),
    notes: text().notNull().default(''),
    dueOn: date().notNull(),
    status: text().$type<'open' | 'done' | 'cancelled'>().notNull().default('open'),
    /** When the reminder went to the inbox (null: not yet); a reminder goes once. */
    remindedAt: timestamp({ withTimezone: true }),
    doneAt: timestamp({ withTimezone: true }),
    createdBy: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('crm_tasks_assignee_idx').on(t.assigneeId, t.status, t.dueOn),
    index('crm_tasks_org_idx')
      .on(t.orgId, t.dueOn)
      .where(sql`org_id is not null`),
    check('crm_tasks_bounds', sql`char_length(${t.title}) between 1 and 200 and char_length(${t.notes}) <= 20000`),
  ],
)

/** The pipeline's stages: each with the probability a lead in it closes won; `won` and `lost` end it. */
export const crmStages = pgTable(
  'crm_stages',
  {
    id: uuid().primaryKey().defaultRandom(),
    code: text().notNull().unique(),
    nameRu: text().notNull(),
    nameEn: text().notNull(),
    position: integer().notNull(),
    /** Probability of closing won, in basis points (10 000 = 100 %). */
    probabilityBp: integer().notNull(),
    outcome: text().$type<'open' | 'won' | 'lost'>().notNull().default('open'),
  },
  (t) => [check('crm_stages_probability', sql`${t.probabilityBp} between 0 and 10000`)],
)

export const leadSources = ['application', 'deal', 'manual'] as const
export type LeadSource = (typeof leadSources)[number]

/** A lead: from the partner application form, a registered deal, or entered by hand. */
export const crmLeads = pgTable(
  'crm_leads',
  {
    id: uuid().primaryKey().defaultRandom(),
    source: text().$type<LeadSource>().notNull(),
    /** The application or deal it came from (one lead per source record). */
    sourceId: uuid(),
    /** The customer it is about, once one exists (a deal's dealer, an approved application's organisation). */
    orgId: uuid().references(() => organisations.id),
    companyName: text().notNull(),
    inn: text(),
    region: text(),
    contactName: text().notNull().default(''),
    phone: text(),
    email: text(),
    stageId: uuid()
      .notNull()
      .references(() => crmStages.id),
    ownerId: uuid().references(() => users.id),
    /** How it was assigned: by the region's owner or by a person. */
    assignedBy: text().$type<'region' | 'hand'>(),
    expectedMinor: bigint({ mode: 'number' }),
    lostReason: text(),
    notes: text().notNull().default(''),
    createdBy: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    stageChangedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp({ withTimezone: true }),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('crm_leads_source_key')
      .on(t.source, t.sourceId)
      .where(sql`source_id is not null`),
    index('crm_leads_owner_idx').on(t.ownerId, t.stageId),
    index('crm_leads_stage_idx').on(t.stageId, t.stageChangedAt),
    check('crm_leads_bounds', sql`char_length(${t.companyName}) between 1 and 300 and char_length(${t.notes}) <= 20000`),
  ],
)

/** Every move of a lead between stages: the sales-cycle report's time in stage and conversion come from here. */
export const crmLeadStageChanges = pgTable(
  'crm_lead_stage_changes',
  {
    id: uuid().primaryKey().defaultRandom(),
    leadId: uuid()
      .notNull()
      .references(() => crmLeads.id, { onDelete: 'cascade' }),
    fromStageId: uuid().references(() => crmStages.id),
    toStageId: uuid()
      .notNull()
      .references(() => crmStages.id),
    actorId: uuid().references(() => users.id),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('crm_lead_stage_changes_lead_idx').on(t.leadId, t.at)],
)

/** A merge of two duplicates, kept for good: what was merged into what, what it was, and what moved (table → rows). */
export const crmMerges = pgTable(
  'crm_merges',
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: text().$type<'organisation' | 'contact'>().notNull(),
    keptId: uuid().notNull(),
    mergedId: uuid().notNull(),
    /** The merged record as it was before it went. */
    mergedRecord: jsonb().$type<Record<string, unknown>>().notNull(),
    /** Rows that moved, by `table.column`. */
    moved: jsonb().$type<Record<string, number>>().notNull(),
    actorId: uuid()
      .notNull()
      .references(() => users.id),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('crm_merges_kept_idx').on(t.keptId), check('crm_merges_distinct', sql`${t.keptId} <> ${t.mergedId}`)],
)

/** The parameters of a segmentation run, as given: the run can be recomputed from them and give the same classes. */
export type SegmentParams = {
  basis: 'revenue' | 'margin'
  /** The window's first and last month (YYYY-MM-01), inclusive. */
  fromMonth: string
  toMonth: string
  /** Cumulative-share cut-offs for A and B, in basis points (default 8000 / 9500). */
  cutABp: number
  cutBBp: number
  /** CV thresholds for X and Y, in basis points (default 1000 / 2500). */
  xCvBp: number
  yCvBp: number
  /** CV on the seasonally adjusted series (x_t / seasonal index) instead of the raw one. */
  seasonal: boolean
  /** Annual discount rate d for CLV, basis points (default 1000). */
  discountBp: number
}

/** An ABC/XYZ/CLV run: its parameters, who ran it, and its totals. */
export const crmSegmentRuns = pgTable('crm_segment_runs', {
  id: uuid().primaryKey().defaultRandom(),
  params: jsonb().$type<SegmentParams>().notNull(),
  /** Totals the pages show without re-reading members: value, customers per class, retention per class. */
  summary: jsonb().$type<Record<string, unknown>>().notNull().default({}),
  createdBy: uuid().references(() => users.id),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
})

/** One customer's classes in a run, with every figure that explains them. */
export const crmSegmentMembers = pgTable(
  'crm_segment_members',
  {
    runId: uuid()
      .notNull()
      .references(() => crmSegmentRuns.id, { onDelete: 'cascade' }),
    orgId: uuid()
      .notNull()
      .references(() => organisations.id),
    revenueMinor: bigint({ mode: 'number' }).notNull(),
    marginMinor: bigint({ mode: 'number' }).notNull(),
    /** The value ranked (revenue or margin, as the run's basis says). */
    valueMinor: bigint({ mode: 'number' }).notNull(),
    /** Rank by value (1 = the largest); null for a customer left out (value ≤ 0). */
    rank: integer(),
    /** Cumulative share up to and including this customer, and before it (C_k, C_{k−1}). */
    cumShare: doublePrecision(),
    prevCumShare: doublePrecision(),
    /** A, B, C; null when value ≤ 0 (reported apart). */
    abc: text().$type<'A' | 'B' | 'C'>(),
    /** Monthly mean and population CV over the window, zero months included (null CV: no demand). */
    monthlyMean: doublePrecision().notNull(),
    cv: doublePrecision(),
    xyz: text().$type<'X' | 'Y' | 'Z'>(),
    nonZeroMonths: integer().notNull(),
    months: integer().notNull(),
    /** Flags: `no_demand`, `intermittent`, `non_positive`, `seasonally_adjusted`. */
    flags: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** The retention r of its segment, the margin m (trailing 12 months) and CLV = m·r/(1+d−r). */
    retention: doublePrecision(),
    /** m: the margin of the 12 months ending with the window (migration 0030). */
    margin12mMinor: bigint({ mode: 'number' }),
    clvMinor: bigint({ mode: 'number' }),
    lastOrderOn: date(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.orgId] }), index('crm_segment_members_org_idx').on(t.orgId)],
)

/**
 * "Bought by 8 of 11 similar dealers in your group": one recommended product for a customer, with the figures of
 * the co-occurrence that put it there (confidence and lift of antecedent → product within the customer's group).
 */
export const crmRecommendations = pgTable(
  'crm_recommendations',
  {
    orgId: uuid()
      .notNull()
      .references(() => organisations.id),
    productId: uuid()
      .notNull()
      .references(() => products.id),
    /** The group the co-occurrence was counted in ("ABC class A", a dealer group, a region) and its size N. */
    groupKind: text().$type<'abc' | 'dealer_group' | 'region' | 'all'>().notNull(),
    groupLabel: text().notNull(),
    groupSize: integer().notNull(),
    /** The product the customer buys that this one goes with (i), its buyers in the group (n_i) and both (n_ij). */
    antecedentId: uuid()
      .notNull()
      .references(() => products.id),
    antecedentBuyers: integer().notNull(),
    pairBuyers: integer().notNull(),
    /** Buyers of the recommended product in the group (n_j). */
    productBuyers: integer().notNull(),
    confidence: doublePrecision().notNull(),
    lift: doublePrecision().notNull(),
    computedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.productId] }), index('crm_recommendations_product_idx').on(t.productId)],
)

/** A recommendation the customer dismissed: it is not shown to them again. */
export const crmRecommendationDismissals = pgTable(
  'crm_recommendation_dismissals',
  {
    orgId: uuid()
      .notNull()
      .references(() => organisations.id),
    productId: uuid()
      .notNull()
      .references(() => products.id),
    userId: uuid().references(() => users.id, { onDelete: 'set null' }),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.productId] })],
)

/** What staff did with a regular-customer prompt: accepted (a contract price list made) or declined. */
export const crmPromptDecisions = pgTable(
  'crm_prompt_decisions',
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => organisations.id),
    kind: text().$type<'regular_discount'>().notNull(),
    decision: text().$type<'accepted' | 'declined'>().notNull(),
    discountBp: integer(),
    /** The contract price list accepting made (through the pricing module). */
    priceListId: uuid(),
    /** The segmentation run the prompt was computed from, and its reason as shown. */
    segmentRunId: uuid().references(() => crmSegmentRuns.id, { onDelete: 'set null' }),
    reason: jsonb().$type<Record<string, unknown>>().notNull(),
    actorId: uuid()
      .notNull()
      .references(() => users.id),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('crm_prompt_decisions_org_idx').on(t.orgId, t.at)],
)

/** A forecast run: its parameters (horizon, origins, grid) and when. */
export const crmForecastRuns = pgTable('crm_forecast_runs', {
  id: uuid().primaryKey().defaultRandom(),
  params: jsonb().$type<Record<string, unknown>>().notNull(),
  seriesCount: integer().notNull().default(0),
  createdBy: uuid().references(() => users.id),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
})

export const forecastMethods = ['holt_winters', 'seasonal_naive', 'trailing_mean'] as const
export type ForecastMethod = (typeof forecastMethods)[number]

/**
 * One series' forecast: a customer × product group (category) or a whole category. The history, the method chosen
 * and why, the accuracy of every method tried (rolling origin: MAE, wMAPE, MASE) and the points with their interval.
 */
export const crmForecasts = pgTable(
  'crm_forecasts',
  {
    runId: uuid()
      .notNull()
      .references(() => crmForecastRuns.id, { onDelete: 'cascade' }),
    /** `org:<orgId>:cat:<categoryId>` or `cat:<categoryId>`. */
    seriesKey: text().notNull(),
    level: text().$type<'customer_category' | 'category'>().notNull(),
    orgId: uuid().references(() => organisations.id),
    categoryId: uuid()
      .notNull()
      .references(() => categories.id),
    /** The first month of the history (YYYY-MM-01) and the monthly values (net, minor units). */
    firstMonth: date().notNull(),
    history: jsonb().$type<number[]>().notNull(),
    method: text().$type<ForecastMethod>().notNull(),
    /** Why this method (a catalog key's code: `hw_beats_baseline`, `baseline_better`, `too_short`, `intermittent` …). */
    reason: text().notNull(),
    /** Accuracy per method tried: { holt_winters: { mae, wmape, mase }, seasonal_naive: {…} }. */
    accuracy: jsonb().$type<Record<string, { mae: number; wmape: number | null; mase: number | null }>>().notNull(),
    /** The fitted parameters of the chosen method (α, β, γ, φ, additive/multiplicative). */
    fit: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    /** Forecast months with value and 95 % interval (minor units). */
    points: jsonb().$type<{ month: string; value: number; lo: number; hi: number }[]>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.seriesKey] }), index('crm_forecasts_org_idx').on(t.orgId, t.runId)],
)

/** A SERVQUAL wave: who was asked when; no organisation-level score below `minAnswers` answers. */
export const crmSurveyWaves = pgTable(
  'crm_survey_waves',
  {
    id: uuid().primaryKey().defaultRandom(),
    titleRu: text().notNull(),
    titleEn: text().notNull(),
    opensOn: date().notNull(),
    closesOn: date().notNull(),
    minAnswers: integer().notNull().default(30),
    createdBy: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('crm_survey_waves_dates', sql`${t.closesOn} >= ${t.opensOn} and ${t.minAnswers} > 0`)],
)

/** A person asked to answer a wave (a contact with a portal account), reached in the inbox with a link. */
export const crmSurveyInvitations = pgTable(
  'crm_survey_invitations',
  {
    id: uuid().primaryKey().defaultRandom(),
    waveId: uuid()
      .notNull()
      .references(() => crmSurveyWaves.id, { onDelete: 'cascade' }),
    orgId: uuid()
      .notNull()
      .references(() => organisations.id),
    contactId: uuid().references(() => crmContacts.id),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    sentAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    answeredAt: timestamp({ withTimezone: true }),
  },
  (t) => [uniqueIndex('crm_survey_invitations_key').on(t.waveId, t.userId), index('crm_survey_invitations_org_idx').on(t.orgId, t.waveId)],
)

/**
 * One answer, stored raw: 22 expectations and 22 perceptions on 1–7 (items 1–4 tangibles, 5–9 reliability, 10–13
 * responsiveness, 14–17 assurance, 18–22 empathy) and the 100 importance points over the five dimensions.
 */
export const crmSurveyResponses = pgTable(
  'crm_survey_responses',
  {
    id: uuid().primaryKey().defaultRandom(),
    waveId: uuid()
      .notNull()
      .references(() => crmSurveyWaves.id, { onDelete: 'cascade' }),
    invitationId: uuid()
      .notNull()
      .unique()
      .references(() => crmSurveyInvitations.id, { onDelete: 'cascade' }),
    orgId: uuid()
      .notNull()
      .references(() => organisations.id),
    userId: uuid().references(() => users.id, { onDelete: 'set null' }),
    expectations: smallint().array().notNull(),
    perceptions: smallint().array().notNull(),
    importance: smallint().array().notNull(),
    submittedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('crm_survey_responses_wave_idx').on(t.waveId, t.orgId),
    check(
      'crm_survey_responses_scale',
      sql`cardinality(${t.expectations}) = 22 and cardinality(${t.perceptions}) = 22 and cardinality(${t.importance}) = 5
        and 1 <= all(${t.expectations}) and 7 >= all(${t.expectations}) and 1 <= all(${t.perceptions}) and 7 >= all(${t.perceptions})
        and 0 <= all(${t.importance}) and ${t.importance}[1] + ${t.importance}[2] + ${t.importance}[3] + ${t.importance}[4] + ${t.importance}[5] = 100`,
    ),
  ],
)
