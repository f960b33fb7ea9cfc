import { sql } from 'drizzle-orm'
import { bigint, check, date, index, integer, pgEnum, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core'
import { products } from './catalog'
import { organisations } from './tenancy'

export const assignmentScope = pgEnum('assignment_scope', ['global', 'group', 'org'])

export const priceLists = pgTable('price_lists', {
  id: uuid().primaryKey().defaultRandom(),
  code: text().notNull().unique(),
  name: text().notNull(),
  currency: text().notNull().default('RUB'),
  /** Inclusive calendar days; null = open-ended. */
  validFrom: date(),
  validTo: date(),
  priority: integer().notNull().default(0),
})

// Who a list applies to: everyone (the base list), a dealer group or tier, or one organisation (a contract).
export const priceListAssignments = pgTable(
  'price_list_assignments',
  {
    id: uuid().primaryKey().defaultRandom(),
    priceListId: uuid()
      .notNull()
      .references(() => priceLists.id, { onDelete: 'cascade' }),
    scope: assignmentScope().notNull(),
    dealerGroup: text(),
    orgId: uuid().references(() => organisations.id, { onDelete: 'cascade' }),
  },
  (t) => [
    index('price_list_assignments_org_idx').on(t.orgId),
    index('price_list_assignments_group_idx').on(t.dealerGroup),
    check(
      'price_list_assignments_target',
      sql`(scope = 'global' and dealer_group is null and org_id is null) or (scope = 'group' and dealer_group is not null and org_id is null) or (scope = 'org' and org_id is not null and dealer_group is null)`,
    ),
  ],
)

/** Money in integer minor units (kopecks). One row per quantity tier. */
export const prices = pgTable(
  'prices',
  {
    priceListId: uuid()
      .notNull()
      .references(() => priceLists.id, { onDelete: 'cascade' }),
    productId: uuid()
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    minQty: integer().notNull().default(1),
    unitPriceMinor: bigint({ mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.priceListId, t.productId, t.minQty] }), index('prices_product_idx').on(t.productId)],
)
