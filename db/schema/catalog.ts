import { sql } from 'drizzle-orm'
import { bigint, boolean, check, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import type { Unit } from '../../app/modules/catalog/schemas'
import { organisations } from './tenancy'

// The operator's catalog: shared by every dealer; who may buy what at which price is the pricing module's.

export const categories = pgTable('categories', {
  id: uuid().primaryKey().defaultRandom(),
  code: text().notNull().unique(),
  nameRu: text().notNull(),
  nameEn: text().notNull(),
  sort: integer().notNull().default(0),
})

export const taxClasses = pgTable('tax_classes', {
  id: uuid().primaryKey().defaultRandom(),
  code: text().notNull().unique(),
  nameRu: text().notNull(),
  nameEn: text().notNull(),
})

// VAT rates are data with dates (DESIGN.md §3): Russia's standard rate is 20 % until 2025 and 22 % from 2026.
export const taxRates = pgTable(
  'tax_rates',
  {
    taxClassId: uuid()
      .notNull()
      .references(() => taxClasses.id, { onDelete: 'cascade' }),
    validFrom: date().notNull(),
    /** Basis points: 2200 = 22 %. */
    rateBp: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.taxClassId, t.validFrom] })],
)

export const products = pgTable(
  'products',
  {
    id: uuid().primaryKey().defaultRandom(),
    sku: text().notNull().unique(),
    gtin: text(),
    nameRu: text().notNull(),
    nameEn: text().notNull(),
    descriptionRu: text().notNull().default(''),
    descriptionEn: text().notNull().default(''),
    unit: text().$type<Unit>().notNull().default('pcs'),
    packSize: integer().notNull().default(1),
    minQty: integer().notNull().default(1),
    maxQty: integer(),
    categoryId: uuid()
      .notNull()
      .references(() => categories.id),
    taxClassId: uuid()
      .notNull()
      .references(() => taxClasses.id),
    attributes: jsonb().$type<Record<string, string>>().notNull().default({}),
    active: boolean().notNull().default(true),
    substituteId: uuid(),
    /** The operator's standard unit cost (issue 15): gross margin = net − qty × cost. Null: unknown (margin not counted). */
    unitCostMinor: bigint({ mode: 'number' }),
  },
  (t) => [
    uniqueIndex('products_gtin_key')
      .on(t.gtin)
      .where(sql`gtin is not null`),
    index('products_category_idx').on(t.categoryId),
    // Trigram indexes serve both the substring search (ILIKE '%…%') and the typo-tolerant one (pg_trgm).
    index('products_sku_trgm_idx').using('gin', sql`${t.sku} gin_trgm_ops`),
    index('products_name_ru_trgm_idx').using('gin', sql`${t.nameRu} gin_trgm_ops`),
    index('products_name_en_trgm_idx').using('gin', sql`${t.nameEn} gin_trgm_ops`),
    // GiST trigram indexes answer "the nearest names to this typo" (ORDER BY <<-> LIMIT) without ranking them all.
    index('products_sku_trgm_gist').using('gist', sql`${t.sku} gist_trgm_ops`),
    index('products_name_ru_trgm_gist').using('gist', sql`${t.nameRu} gist_trgm_ops`),
    index('products_name_en_trgm_gist').using('gist', sql`${t.nameEn} gist_trgm_ops`),
  ],
)

export const warehouses = pgTable('warehouses', {
  id: uuid().primaryKey().defaultRandom(),
  code: text().notNull().unique(),
  nameRu: text().notNull(),
  nameEn: text().notNull(),
  city: text().notNull(),
})

export const stockLevels = pgTable(
  'stock_levels',
  {
    productId: uuid()
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    warehouseId: uuid()
      .notNull()
      .references(() => warehouses.id, { onDelete: 'cascade' }),
    /** Available to promise. */
    atp: integer().notNull().default(0),
    nextReceiptDate: date(),
    nextReceiptQty: integer().notNull().default(0),
    /** Working days from dispatch at this warehouse to delivery. */
    leadDays: integer().notNull().default(1),
  },
  (t) => [
    primaryKey({ columns: [t.productId, t.warehouseId] }),
    index('stock_levels_warehouse_idx').on(t.warehouseId),
    // The last line of defence for "stock never goes below zero": checkout's conditional update is the first.
    check('stock_levels_atp_nonnegative', sql`${t.atp} >= 0 and ${t.nextReceiptQty} >= 0`),
  ],
)

/** A dealer's own article numbers for our products: tenant data, filtered by orgId in every query. */
export const dealerPartNumbers = pgTable(
  'dealer_part_numbers',
  {
    orgId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    partNumber: text().notNull(),
    productId: uuid()
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.partNumber] }), index('dealer_part_numbers_product_idx').on(t.productId)],
)

/**
 * A catalog import: its file's outcome and, in `catalog_import_changes`, the change list the preview showed, which
 * "apply" writes exactly and the applied import keeps as its record. Rejected files are kept too, with their line
 * errors, so the report can be opened again.
 */
export const catalogImports = pgTable(
  'catalog_imports',
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: text().$type<'products' | 'stock' | 'prices'>().notNull(),
    fileName: text().notNull(),
    /** previewed → applying → applied, or rejected (line errors), or failed (the apply rolled back). */
    status: text().$type<'previewed' | 'rejected' | 'applying' | 'applied' | 'failed'>().notNull(),
    errors: jsonb().$type<{ line: number; column: string; message: string }[]>().notNull(),
    /** Lines read; products (or stock levels, prices) to create, to change, and found already as the file says. */
    summary: jsonb().$type<{ total: number; create: number; update: number; unchanged?: number }>().notNull(),
    failure: text(),
    createdBy: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    appliedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('catalog_imports_created_idx').on(t.createdAt)],
)

export type ImportValue = string | number | boolean | null

/**
 * One product (stock level, price tier) an import creates or changes: only the fields whose columns the file
 * carries and whose value differs, each with its value before and after. Lines that change nothing are counted,
 * not stored. Operator data, not a tenant's.
 */
export const catalogImportChanges = pgTable(
  'catalog_import_changes',
  {
    importId: uuid()
      .notNull()
      .references(() => catalogImports.id, { onDelete: 'cascade' }),
    /** The file's line, as a spreadsheet numbers it (the header is line 1). */
    line: integer().notNull(),
    action: text().$type<'create' | 'update'>().notNull(),
    sku: text().notNull(),
    /** Null for a product the import creates, until it is applied. */
    productId: uuid(),
    /** The rest of the row's key: the warehouse (stock) or the price list and tier (prices). */
    target: jsonb().$type<{ warehouse?: string; priceList?: string; minQty?: number }>().notNull().default({}),
    changes: jsonb().$type<{ field: string; from: ImportValue; to: ImportValue }[]>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.line] })],
)

/**
 * Quantity rules agreed with one buying organisation for one product; each field left null keeps the product's
 * own rule (DESIGN.md §4: minimum, increment and maximum per product or contract). Tenant data.
 */
export const contractQuantityRules = pgTable(
  'contract_quantity_rules',
  {
    orgId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    productId: uuid()
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    minQty: integer(),
    increment: integer(),
    maxQty: integer(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.productId] }),
    check('contract_quantity_rules_positive', sql`coalesce(${t.minQty}, 1) > 0 and coalesce(${t.increment}, 1) > 0 and coalesce(${t.maxQty}, 1) > 0`),
  ],
)
