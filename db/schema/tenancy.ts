import { relations, sql } from 'drizzle-orm'
import { date, index, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { users } from './auth'

export const organisationKind = pgEnum('organisation_kind', ['operator', 'dealer', 'key_account', 'supplier'])
export const verificationStatus = pgEnum('verification_status', ['pending', 'verified', 'rejected'])
export const role = pgEnum('role', [
  'operator_admin',
  'sales_manager',
  'partner_manager',
  'procurement_officer',
  'dealer_admin',
  'dealer_buyer',
  'dealer_approver',
  'dealer_viewer',
  'account_admin',
  'account_buyer',
  'supplier_admin',
  'supplier_bidder',
  // Issue 14: a dealer's shop managers confirm their shops' sale reports; shop assistants report sales.
  'shop_manager',
  'shop_assistant',
])

export const organisations = pgTable(
  'organisations',
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: organisationKind().notNull(),
    legalName: text().notNull(),
    shortName: text().notNull(),
    // ISO 3166-1 alpha-2; RU organisations carry INN (+ KPP for legal entities), others a VAT id.
    country: text().notNull().default('RU'),
    inn: text(),
    kpp: text(),
    vatId: text(),
    /** The registered (legal) address, as documents name the parties: order confirmations, tender protocols. */
    legalAddress: text(),
    /** The region (субъект РФ or country region) as people name it: partner programmes group dealers by it. */
    region: text(),
    verificationStatus: verificationStatus().notNull().default('pending'),
    /** A dealer's group or tier ("gold", "silver"): group price lists apply to every dealer in it. */
    dealerGroup: text(),
    /** A deactivated organisation: nobody acts for it any more (its memberships stop counting), until reactivated. */
    disabledAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('organisations_kind_idx').on(t.kind),
    // One organisation per tax id: a second registration of the same INN/VAT id is a mistake, not a branch.
    uniqueIndex('organisations_inn_key')
      .on(t.inn)
      .where(sql`inn is not null`),
    uniqueIndex('organisations_vat_id_key')
      .on(t.vatId)
      .where(sql`vat_id is not null`),
  ],
)

export const memberships = pgTable(
  'memberships',
  {
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    orgId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    role: role().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    // An organisation admin's addition is an invitation: null until the person accepts it, and until then the
    // membership grants nothing. The operator's own additions (and every row before invitations) are accepted.
    acceptedAt: timestamp({ withTimezone: true }).defaultNow(),
    invitedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    /** The name the inviting admin typed: shown to that organisation instead of the account's until accepted. */
    invitedName: text(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.orgId] }), index('memberships_org_idx').on(t.orgId)],
)

/**
 * A dealer's group from a day on (a tier promotion in the partner programme, issue 13): the price lists of the
 * group in force on a day apply that day, so a change takes effect from its date and not before. Without a row in
 * force, `organisations.dealer_group` applies.
 */
export const dealerGroupChanges = pgTable(
  'dealer_group_changes',
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    /** Null: no group from that day (only the global lists and contracts apply). */
    dealerGroup: text(),
    effectiveFrom: date().notNull(),
    /** Why: `tier:<tier change id>`, or `manual`. */
    source: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('dealer_group_changes_org_idx').on(t.orgId, t.effectiveFrom)],
)

export const organisationsRelations = relations(organisations, ({ many }) => ({ memberships: many(memberships) }))
export const membershipsRelations = relations(memberships, ({ one }) => ({
  user: one(users, { fields: [memberships.userId], references: [users.id] }),
  organisation: one(organisations, { fields: [memberships.orgId], references: [organisations.id] }),
}))

export const innUniqueSql = sql`unique`
