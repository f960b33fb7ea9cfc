import { bigint, boolean, pgTable, text, timestamp, uuid, index } from 'drizzle-orm/pg-core'
import { organisations } from './tenancy'

// Delivery terms are data per buying organisation (DESIGN.md §4): what checkout shows and enforces. An
// organisation without a row gets the operator's defaults (app/modules/delivery-terms/queries.server.ts).
export const deliveryTerms = pgTable('delivery_terms', {
  orgId: uuid()
    .primaryKey()
    .references(() => organisations.id, { onDelete: 'cascade' }),
  /** Incoterms® 2020 rule: EXW, FCA, CPT, CIP, DAP, DPU, DDP, FAS, FOB, CFR, CIF. */
  incoterm: text().notNull().default('DAP'),
  namedPlace: text().notNull().default(''),
  /** Who pays the carriage: prepaid (operator), collect (buyer), prepaid_add (operator pays, bills the buyer). */
  freightTerms: text().notNull().default('prepaid_add'),
  /** Net order value (minor units) from which freight is free; null: never free. */
  freeFreightMinor: bigint({ mode: 'number' }),
  /** Freight charged below the threshold, minor units. */
  freightMinor: bigint({ mode: 'number' }).notNull().default(0),
  /** Smallest net order value accepted, minor units; null: none. */
  orderMinimumMinor: bigint({ mode: 'number' }),
  /** Local time (HH:MM) after which an order leaves the next working day. */
  cutoff: text().notNull().default('14:00'),
  /** The buyer's cut-off zone; written from operatorTimeZone (app/utils/clock.server.ts) when a row is created. */
  timeZone: text().notNull(),
  poRequired: boolean().notNull().default(false),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
})

/** Where an organisation takes deliveries. Tenant data: every query filters by orgId. */
export const shipToLocations = pgTable(
  'ship_to_locations',
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    address: text().notNull(),
    isDefault: boolean().notNull().default(false),
  },
  (t) => [index('ship_to_locations_org_idx').on(t.orgId)],
)
