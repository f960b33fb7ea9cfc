import { sql } from 'drizzle-orm'
import {
  bigint,
  check,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgSequence,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { users } from './auth'
import { products, warehouses } from './catalog'
import { organisations } from './tenancy'

// partly_confirmed: confirmed, but some ordered units were not (their rest is backordered or cancelled).
export const orderStatus = pgEnum('order_status', [
  'submitted',
  'confirmed',
  'partly_confirmed',
  'partly_shipped',
  'shipped',
  'delivered',
  'cancelled',
])

/** Order numbers are gap-tolerant and human: 2026-000123. */
export const orderNumberSeq = pgSequence('order_number_seq', { startWith: 1 })

export const orders = pgTable(
  'orders',
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => organisations.id),
    number: text().notNull().unique(),
    placedBy: uuid()
      .notNull()
      .references(() => users.id),
    status: orderStatus().notNull().default('submitted'),
    /** How the order arrived: the web checkout, or a key account's EDI/JSON message (its document is in edi_documents). */
    channel: text().$type<'web' | 'edi'>().notNull().default('web'),
    /** The form's one-time token: a second submit of the same checkout finds the first order instead of a new one. */
    checkoutToken: uuid().notNull(),
    poNumber: text(),
    comment: text().notNull().default(''),
    shipToName: text(),
    shipToAddress: text(),
    requestedDate: date(),
    // The delivery terms as they were when the order was placed.
    incoterm: text().notNull(),
    namedPlace: text().notNull(),
    freightTerms: text().notNull(),
    currency: text().notNull().default('RUB'),
    netMinor: bigint({ mode: 'number' }).notNull(),
    vatMinor: bigint({ mode: 'number' }).notNull(),
    freightMinor: bigint({ mode: 'number' }).notNull().default(0),
    /** The freight rule as it was at ordering (below the threshold: freightRateMinor), so a confirmation for less re-prices freight by it. */
    freeFreightMinor: bigint({ mode: 'number' }),
    freightRateMinor: bigint({ mode: 'number' }).notNull().default(0),
    grossMinor: bigint({ mode: 'number' }).notNull(),
    cancelReason: text(),
    /** When the desk marked it delivered: rebates and tier revenue count delivered orders by this day. */
    deliveredAt: timestamp({ withTimezone: true }),
    placedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('orders_org_checkout_token_key').on(t.orgId, t.checkoutToken),
    index('orders_org_placed_idx').on(t.orgId, t.placedAt),
    index('orders_status_idx').on(t.status, t.placedAt),
    index('orders_delivered_idx')
      .on(t.orgId, t.deliveredAt)
      .where(sql`delivered_at is not null`),
  ],
)

export const orderLines = pgTable(
  'order_lines',
  {
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    lineNo: integer().notNull(),
    productId: uuid()
      .notNull()
      .references(() => products.id),
    sku: text().notNull(),
    nameRu: text().notNull(),
    nameEn: text().notNull(),
    unit: text().notNull(),
    qty: integer().notNull(),
    unitPriceMinor: bigint({ mode: 'number' }).notNull(),
    netMinor: bigint({ mode: 'number' }).notNull(),
    vatBp: integer().notNull(),
    vatMinor: bigint({ mode: 'number' }).notNull(),
    priceListName: text().notNull(),
    /** resolvePrice's trace at the moment the order was placed: why this price. */
    priceTrace: jsonb().notNull(),
    /** Where the quantity was reserved, and how much came from the next receipt rather than stock. */
    warehouseId: uuid()
      .notNull()
      .references(() => warehouses.id),
    fromReceiptQty: integer().notNull().default(0),
    earliestDate: date().notNull(),
    requestedDate: date(),
    confirmedQty: integer(),
    confirmedDate: date(),
    /** Units of the unconfirmed rest the desk cancelled (their stock given back); the rest of qty − confirmed is backordered. */
    cancelledQty: integer().notNull().default(0),
    shippedQty: integer().notNull().default(0),
    /** Delivered units the customer sent back (recorded by the desk): they no longer count for rebates or tiers. */
    returnedQty: integer().notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.orderId, t.lineNo] }),
    index('order_lines_product_idx').on(t.productId),
    check(
      'order_lines_quantities',
      sql`${t.qty} > 0 and ${t.shippedQty} >= 0 and ${t.shippedQty} <= coalesce(${t.confirmedQty}, ${t.qty}) and ${t.cancelledQty} >= 0 and coalesce(${t.confirmedQty}, 0) + ${t.cancelledQty} <= ${t.qty} and ${t.returnedQty} >= 0 and ${t.returnedQty} <= ${t.shippedQty}`,
    ),
  ],
)

export const orderEvents = pgTable(
  'order_events',
  {
    id: uuid().primaryKey().defaultRandom(),
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    status: orderStatus().notNull(),
    /** What happened: placed, confirmed, changed, shipped, delivered, cancelled. */
    kind: text().notNull(),
    note: text().notNull().default(''),
    actorId: uuid().references(() => users.id, { onDelete: 'set null' }),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('order_events_order_idx').on(t.orderId, t.at)],
)

export const shipments = pgTable(
  'shipments',
  {
    id: uuid().primaryKey().defaultRandom(),
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    carrier: text().notNull(),
    trackingNumber: text().notNull(),
    /** Quantities by order line number. */
    lines: jsonb().$type<{ lineNo: number; qty: number }[]>().notNull(),
    shippedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    actorId: uuid().references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [index('shipments_order_idx').on(t.orderId)],
)

/**
 * Invoices for payment (счёт на оплату) and what was paid of them. Issue 13 reads overdue amounts for tier criteria;
 * issue 16 issues them from orders, prints them and imports bank statements into them.
 */
export const invoices = pgTable(
  'invoices',
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => organisations.id),
    orderId: uuid().references(() => orders.id, { onDelete: 'set null' }),
    number: text().notNull().unique(),
    issuedOn: date().notNull(),
    dueOn: date().notNull(),
    currency: text().notNull().default('RUB'),
    amountMinor: bigint({ mode: 'number' }).notNull(),
    paidMinor: bigint({ mode: 'number' }).notNull().default(0),
    paidOn: date(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('invoices_org_due_idx').on(t.orgId, t.dueOn),
    check('invoices_amounts', sql`${t.amountMinor} >= 0 and ${t.paidMinor} >= 0 and ${t.paidMinor} <= ${t.amountMinor}`),
  ],
)
