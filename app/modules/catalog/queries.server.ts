import { and, asc, count, desc, eq, ilike, inArray, like, or, sql, type AnyColumn, type SQL } from 'drizzle-orm'
import { union, type AnyPgColumn } from 'drizzle-orm/pg-core'
import { containsPattern } from '../../utils/text'
import { singleton } from '../../utils/singleton.server'
import { inScope, type AnyScope, type OrgScope, type Scope } from '../auth/scope.server'
import { hasApplicablePrice } from '../pricing/queries.server'
import { db, type DbOrTx } from '../../../db/client.server'
import { anyOf } from '../../../db/sql-lists'
import {
  categories,
  contractQuantityRules,
  dealerPartNumbers,
  products,
  stockLevels,
  taxClasses,
  taxRates,
  warehouses,
} from '../../../db/schema/catalog'
import { onCatalogChanged } from './live.server'
import { REFERENCE_SEPARATORS, referenceKey } from './reference-key'

export { CHANGES_PAGE, getImport, listImportChanges, listImports, MAX_IMPORT_ROWS, type ImportChange, type ImportSummary } from './import.server'

/**
 * Quantity rules as they apply to one organisation: its contract's rule where one exists, field by field, else the
 * product's (DESIGN.md §4). Every query that shows or checks quantities selects these.
 */
function effectiveRule(scope: OrgScope) {
  const own = ownRows(scope, contractQuantityRules.orgId)
  return {
    packSize: sql<number>`coalesce((select ${contractQuantityRules.increment} from ${contractQuantityRules} where ${contractQuantityRules.productId} = ${products.id} and ${own}), ${products.packSize})`,
    minQty: sql<number>`coalesce((select ${contractQuantityRules.minQty} from ${contractQuantityRules} where ${contractQuantityRules.productId} = ${products.id} and ${own}), ${products.minQty})`,
    maxQty: sql<
      number | null
    >`coalesce((select ${contractQuantityRules.maxQty} from ${contractQuantityRules} where ${contractQuantityRules.productId} = ${products.id} and ${own}), ${products.maxQty})`,
  }
}

/** The organisation's own rows of a table (its part numbers, its contract rules): an org scope always filters. */
const ownRows = (scope: OrgScope, orgColumn: AnyPgColumn) => inScope(scope, orgColumn) as SQL

/** The dealer's own article number for the product, never another organisation's. */
const partNumberOf = (scope: OrgScope) =>
  sql<
    string | null
  >`(select ${dealerPartNumbers.partNumber} from ${dealerPartNumbers} where ${dealerPartNumbers.productId} = ${products.id} and ${ownRows(scope, dealerPartNumbers.orgId)} order by ${dealerPartNumbers.partNumber} limit 1)`

/** referenceKey() in SQL: the same separators removed, upper-cased. */
const referenceKeySql = (column: AnyColumn) => sql<string>`upper(translate(${column}, ${REFERENCE_SEPARATORS}, ''))`

/** Available to promise over every warehouse. */
const totalAtp = sql<number>`coalesce((select sum(${stockLevels.atp})::int from ${stockLevels} where ${stockLevels.productId} = ${products.id}), 0)`

/** The organisation's assortment: products with a price in a list that applies to it (pricing decides which). */
const inAssortment = (scope: OrgScope, onlyContract = false) => hasApplicablePrice({ scope, productId: products.id, onlyContract })

export const CATALOG_PAGE_SIZE = 50

/**
 * Facet counts per organisation and search, kept for a minute on this node and dropped whenever the catalog,
 * stock or prices change here. Counts from another node's change may lag by up to the minute; the rows never do.
 */
const FACET_TTL_MS = 60_000
const FACET_CACHE_SIZE = 500
type FacetGroups = {
  byBrand: number
  code: string | null
  nameRu: string | null
  nameEn: string | null
  sort: number | null
  brand: string | null
  n: number
}[]
const facetCache = singleton('catalog-facet-cache', () => {
  const cache = new Map<string, { at: number; groups: FacetGroups }>()
  onCatalogChanged(() => cache.clear())
  return cache
})
function rememberFacets(key: string, groups: FacetGroups) {
  if (facetCache.size >= FACET_CACHE_SIZE) facetCache.delete(facetCache.keys().next().value!)
  facetCache.set(key, { at: Date.now(), groups })
}

/** How close a typed word must be to a word of the name to count as a typo of it (pg_trgm word similarity). */
const FUZZY_THRESHOLD = 0.45
/** Nearest candidates taken from each of name (ru), name (en) and SKU before ranking. */
const FUZZY_CANDIDATES = 200

/**
 * Search by SKU, GTIN, name (ru/en) and the dealer's own part numbers, within the organisation's assortment.
 * When nothing matches as typed, the same search runs typo-tolerant (trigram word similarity on the names and
 * SKU), best match first, and says so (`fuzzy`), so "кабль" still finds "Кабель".
 */
export async function searchCatalog(input: SearchInput & { page?: number }) {
  const exact = await runCatalogSearch(input, 'exact')
  if (exact.total > 0 || !input.q || input.q.length < 3) return { ...exact, fuzzy: false }
  const near = await runCatalogSearch(input, 'fuzzy')
  return near.total > 0 ? { ...near, fuzzy: true } : { ...exact, fuzzy: false }
}

export interface SearchInput {
  scope: OrgScope
  q?: string
  category?: string
  /** An attribute facet: the product's brand. */
  brand?: string
  inContract?: boolean
}

/** The search's conditions (for the rows, and for the facets that ignore the facet choices) and its order. */
async function catalogSearchParts(input: SearchInput, mode: 'exact' | 'fuzzy') {
  const where: SQL[] = [eq(products.active, true), inAssortment(input.scope, input.inContract)]
  let closeness: SQL | null = null
  if (input.q && mode === 'exact') {
    const pattern = containsPattern(input.q)
    const key = referenceKey(input.q)
    // A union of plain conditions, so each can use its trigram index; OR-ing them with the part-number lookup
    // would make the planner test every product. The dealer's part numbers are few and read through the primary
    // key's organisation prefix, so they compare by reference key too: "vk1000" finds VK-1000.
    const matches = union(
      db
        .select({ id: products.id })
        .from(products)
        .where(or(ilike(products.sku, pattern), eq(products.gtin, input.q), ilike(products.nameRu, pattern), ilike(products.nameEn, pattern))),
      db
        .select({ id: dealerPartNumbers.productId })
        .from(dealerPartNumbers)
        .where(
          and(
            ownRows(input.scope, dealerPartNumbers.orgId),
            or(
              ilike(dealerPartNumbers.partNumber, pattern),
              key ? like(referenceKeySql(dealerPartNumbers.partNumber), containsPattern(key)) : undefined,
            ),
          ),
        ),
    )
    where.push(inArray(products.id, matches))
  } else if (input.q) {
    // The nearest names and SKUs by trigram distance (GiST, ORDER BY … LIMIT), then the ones close enough: the
    // ranking never touches more than a few hundred candidates, however common the word. The dealer's own part
    // numbers are candidates the same way as SKUs, so a typo in one finds it too.
    const q = input.q
    const partCloseness = sql`coalesce((select max(similarity(${q}, ${dealerPartNumbers.partNumber})) from ${dealerPartNumbers} where ${dealerPartNumbers.productId} = ${products.id} and ${ownRows(input.scope, dealerPartNumbers.orgId)}), 0)`
    closeness = sql`greatest(word_similarity(${q}, ${products.nameRu}), word_similarity(${q}, ${products.nameEn}), similarity(${q}, ${products.sku}), ${partCloseness})`
    where.push(
      sql`${products.id} in ((select id from products order by ${q} <<-> name_ru limit ${FUZZY_CANDIDATES}) union (select id from products order by ${q} <<-> name_en limit ${FUZZY_CANDIDATES}) union (select id from products order by ${q} <-> sku limit ${FUZZY_CANDIDATES}) union (select product_id from dealer_part_numbers where ${ownRows(input.scope, dealerPartNumbers.orgId)} order by ${q} <-> part_number limit ${FUZZY_CANDIDATES}))`,
      sql`${closeness} >= ${FUZZY_THRESHOLD}`,
    )
  }
  // Facets count within the search and the contract filter; one scan serves both facets (grouping sets).
  const facetWhere = and(...where)
  if (input.category) where.push(eq(categories.code, input.category))
  if (input.brand) where.push(sql`${products.attributes}->>'brand' = ${input.brand}`)
  return {
    where: and(...where),
    facetWhere,
    filtered: !!(input.category || input.brand),
    orderBy: closeness ? [desc(closeness), asc(products.sku)] : [asc(products.sku)],
  }
}

async function runCatalogSearch(input: SearchInput & { page?: number }, mode: 'exact' | 'fuzzy') {
  const { where, facetWhere, filtered, orderBy } = await catalogSearchParts(input, mode)
  const page = Math.max(1, input.page ?? 1)
  const brand = sql<string | null>`${products.attributes}->>'brand'`
  const rowsQuery = db
    .select({
      id: products.id,
      sku: products.sku,
      gtin: products.gtin,
      nameRu: products.nameRu,
      nameEn: products.nameEn,
      unit: products.unit,
      packSize: effectiveRule(input.scope).packSize,
      minQty: effectiveRule(input.scope).minQty,
      categoryCode: categories.code,
      atp: totalAtp,
      partNumber: partNumberOf(input.scope),
    })
    .from(products)
    .innerJoin(categories, eq(categories.id, products.categoryId))
    .where(where)
    .orderBy(...orderBy)
    .limit(CATALOG_PAGE_SIZE)
    .offset((page - 1) * CATALOG_PAGE_SIZE)
  // The typo fallback lists the closest matches only: counting and faceting near matches would scan them all.
  if (mode === 'fuzzy') {
    const rows = await rowsQuery
    return { rows, total: rows.length, page: 1, pages: 1, facets: [], brands: [] }
  }
  const facetQuery = db
    .select({
      byBrand: sql<number>`grouping(${categories.code})`,
      code: categories.code,
      nameRu: categories.nameRu,
      nameEn: categories.nameEn,
      sort: categories.sort,
      brand,
      n: sql<number>`count(*)::int`,
    })
    .from(products)
    .innerJoin(categories, eq(categories.id, products.categoryId))
    .where(facetWhere)
    .groupBy(sql`grouping sets ((${categories.code}, ${categories.nameRu}, ${categories.nameEn}, ${categories.sort}), (${brand}))`)
  // Facet counts are the page's one full scan of the assortment; paging and repeat visits reuse them (facetCache).
  const key = JSON.stringify([input.scope.orgId, input.q ?? '', !!input.inContract])
  const cached = facetCache.get(key)
  const [rows, groups] = await Promise.all([rowsQuery, cached && cached.at > Date.now() - FACET_TTL_MS ? cached.groups : facetQuery])
  if (!cached || cached.groups !== groups) rememberFacets(key, groups)
  const facets = groups
    .filter((g) => Number(g.byBrand) === 0)
    .map((g) => ({ code: g.code!, nameRu: g.nameRu!, nameEn: g.nameEn!, n: g.n, sort: g.sort! }))
    .sort((a, b) => a.sort - b.sort || a.code.localeCompare(b.code))
    .map(({ sort: _, ...f }) => f)
  const brands = groups
    .filter((g) => Number(g.byBrand) === 1 && g.brand)
    .map((g) => ({ brand: g.brand!, n: g.n }))
    .sort((a, b) => a.brand.localeCompare(b.brand))
  // Without a facet chosen, the facet counts already add up to the total: no second scan.
  const total = filtered
    ? (await db.select({ total: count() }).from(products).innerJoin(categories, eq(categories.id, products.categoryId)).where(where))[0].total
    : facets.reduce((s, f) => s + f.n, 0)
  return { rows, total, page, pages: Math.max(1, Math.ceil(total / CATALOG_PAGE_SIZE)), facets, brands }
}

/** One product of the organisation's assortment by SKU, with stock per warehouse and its VAT rate on `date`. */
export async function getCatalogProduct({ scope, sku, date }: { scope: OrgScope; sku: string; date: string }) {
  const [product] = await db
    .select({
      id: products.id,
      sku: products.sku,
      gtin: products.gtin,
      nameRu: products.nameRu,
      nameEn: products.nameEn,
      descriptionRu: products.descriptionRu,
      descriptionEn: products.descriptionEn,
      unit: products.unit,
      ...effectiveRule(scope),
      attributes: products.attributes,
      active: products.active,
      categoryRu: categories.nameRu,
      categoryEn: categories.nameEn,
      vatBp: sql<number>`(select ${taxRates.rateBp} from ${taxRates} where ${taxRates.taxClassId} = ${products.taxClassId} and ${taxRates.validFrom} <= ${date}::date order by ${taxRates.validFrom} desc limit 1)`,
      partNumber: partNumberOf(scope),
    })
    .from(products)
    .innerJoin(categories, eq(categories.id, products.categoryId))
    .where(and(eq(products.sku, sku), inAssortment(scope)))
    .limit(1)
  if (!product) return null
  const stock = await db
    .select({
      warehouse: warehouses.code,
      nameRu: warehouses.nameRu,
      nameEn: warehouses.nameEn,
      atp: stockLevels.atp,
      nextReceiptDate: stockLevels.nextReceiptDate,
      nextReceiptQty: stockLevels.nextReceiptQty,
      leadDays: stockLevels.leadDays,
    })
    .from(stockLevels)
    .innerJoin(warehouses, eq(warehouses.id, stockLevels.warehouseId))
    .where(eq(stockLevels.productId, product.id))
    .orderBy(asc(stockLevels.leadDays))
  return { ...product, stock }
}

/** The organisation's whole active assortment, by SKU: for the price list export. */
export async function listAssortment({ scope }: { scope: OrgScope }) {
  return db
    .select({
      id: products.id,
      sku: products.sku,
      // The dealer's own article number, so its price list can be matched to its own system (issue 10, item 8).
      partNumber: partNumberOf(scope),
      gtin: products.gtin,
      nameRu: products.nameRu,
      nameEn: products.nameEn,
      unit: products.unit,
      packSize: effectiveRule(scope).packSize,
      minQty: effectiveRule(scope).minQty,
    })
    .from(products)
    .where(and(eq(products.active, true), inAssortment(scope)))
    .orderBy(asc(products.sku))
}

/**
 * Products by reference, as buyers type them: our SKU or a GTIN, or the organisation's own part number (never
 * another organisation's), compared by reference key (case, dashes and spaces aside: "vk1000" is VK-1000). With
 * the rules and stock the order-line validator needs. The SKU comparison was a scan before the key too (there is
 * no index on upper(sku)); the part numbers are joined by the organisation's primary-key prefix.
 */
export async function findProductsByReference({ scope, refs }: { scope: OrgScope; refs: string[] }) {
  const keys = [...new Set(refs.map(referenceKey))].filter(Boolean)
  if (!keys.length) return []
  return db
    .select({
      id: products.id,
      sku: products.sku,
      gtin: products.gtin,
      nameRu: products.nameRu,
      nameEn: products.nameEn,
      unit: products.unit,
      ...effectiveRule(scope),
      active: products.active,
      substituteSku: sql<string | null>`(select s.sku from ${products} s where s.id = ${products.substituteId})`,
      partNumber: dealerPartNumbers.partNumber,
      atp: totalAtp,
    })
    .from(products)
    .leftJoin(dealerPartNumbers, and(eq(dealerPartNumbers.productId, products.id), ownRows(scope, dealerPartNumbers.orgId)))
    .where(matchesReference(keys))
}

/** A reference matches a product's SKU, its GTIN or the organisation's own part number for it (by reference key). */
const matchesReference = (keys: string[]) =>
  or(
    anyOf(referenceKeySql(products.sku), keys, 'text'),
    anyOf(products.gtin, keys, 'text'),
    anyOf(referenceKeySql(dealerPartNumbers.partNumber), keys, 'text'),
  )

/**
 * The same match with only what names a product (id, SKU, GTIN, the part number): the EDI item map needs no
 * rules or stock, and at 10,000 lines their per-row subqueries were most of its cost (bench:edi).
 */
export async function findProductKeysByReference({ scope, refs }: { scope: OrgScope; refs: string[] }) {
  const keys = [...new Set(refs.map(referenceKey))].filter(Boolean)
  if (!keys.length) return []
  return db
    .select({ id: products.id, sku: products.sku, gtin: products.gtin, partNumber: dealerPartNumbers.partNumber })
    .from(products)
    .leftJoin(dealerPartNumbers, and(eq(dealerPartNumbers.productId, products.id), ownRows(scope, dealerPartNumbers.orgId)))
    .where(matchesReference(keys))
}

/** Products by id with their ordering rules and the VAT rate in force on `date`: for carts and orders. */
export async function getProductsForLines({ scope, ids, date }: { scope: OrgScope; ids: string[]; date: string }, tx: DbOrTx = db) {
  if (!ids.length) return new Map<string, never>()
  const rows = await tx
    .select({
      id: products.id,
      sku: products.sku,
      nameRu: products.nameRu,
      nameEn: products.nameEn,
      unit: products.unit,
      ...effectiveRule(scope),
      active: products.active,
      vatBp: sql<number>`coalesce((select ${taxRates.rateBp} from ${taxRates} where ${taxRates.taxClassId} = ${products.taxClassId} and ${taxRates.validFrom} <= ${date}::date order by ${taxRates.validFrom} desc limit 1), 0)`,
    })
    .from(products)
    .where(anyOf(products.id, ids))
  return new Map(rows.map((r) => [r.id, r]))
}

/** Stock per warehouse for several products, as the earliest-date computation reads it. */
export async function getSupply({ productIds }: { productIds: string[] }, tx: DbOrTx = db) {
  const byProduct = new Map<
    string,
    {
      warehouseId: string
      warehouse: string
      warehouseRu: string
      warehouseEn: string
      atp: number
      nextReceiptDate: string | null
      nextReceiptQty: number
      leadDays: number
    }[]
  >()
  if (!productIds.length) return byProduct
  const rows = await tx
    .select({
      productId: stockLevels.productId,
      warehouseId: stockLevels.warehouseId,
      warehouse: warehouses.code,
      warehouseRu: warehouses.nameRu,
      warehouseEn: warehouses.nameEn,
      atp: stockLevels.atp,
      nextReceiptDate: stockLevels.nextReceiptDate,
      nextReceiptQty: stockLevels.nextReceiptQty,
      leadDays: stockLevels.leadDays,
    })
    .from(stockLevels)
    .innerJoin(warehouses, eq(warehouses.id, stockLevels.warehouseId))
    .where(anyOf(stockLevels.productId, productIds))
    .orderBy(asc(stockLevels.leadDays), asc(warehouses.code))
  for (const { productId, ...r } of rows) byProduct.set(productId, [...(byProduct.get(productId) ?? []), r])
  return byProduct
}

// The operator's side of the catalog: every product, active or not, for staff with "manage:catalog:any".

const DESK_PAGE = 50

export async function listProductsForDesk({ q, page = 1 }: { scope: AnyScope; q?: string; page?: number }) {
  const like = q ? containsPattern(q) : null
  const where = like ? or(ilike(products.sku, like), ilike(products.nameRu, like), ilike(products.nameEn, like), eq(products.gtin, q!)) : undefined
  const rows = await db
    .select({
      id: products.id,
      sku: products.sku,
      nameRu: products.nameRu,
      nameEn: products.nameEn,
      active: products.active,
      categoryRu: categories.nameRu,
      categoryEn: categories.nameEn,
      atp: totalAtp,
    })
    .from(products)
    .innerJoin(categories, eq(categories.id, products.categoryId))
    .where(where)
    .orderBy(asc(products.sku))
    .limit(DESK_PAGE)
    .offset((page - 1) * DESK_PAGE)
  const [{ total }] = await db.select({ total: count() }).from(products).where(where)
  return { rows, total, page, pages: Math.max(1, Math.ceil(total / DESK_PAGE)) }
}

/** The choices a product form offers (categories, tax classes, warehouses): reference data, no tenant in it. */
export async function productFormOptions() {
  const [cats, taxes, whs] = [
    await db.select({ id: categories.id, nameRu: categories.nameRu, nameEn: categories.nameEn }).from(categories).orderBy(asc(categories.sort)),
    await db.select({ id: taxClasses.id, nameRu: taxClasses.nameRu, nameEn: taxClasses.nameEn }).from(taxClasses).orderBy(asc(taxClasses.code)),
    await db
      .select({ id: warehouses.id, code: warehouses.code, nameRu: warehouses.nameRu, nameEn: warehouses.nameEn })
      .from(warehouses)
      .orderBy(asc(warehouses.code)),
  ]
  return { categories: cats, taxClasses: taxes, warehouses: whs }
}

export async function getProductForDesk({ productId }: { scope: AnyScope; productId: string }) {
  const [product] = await db.select().from(products).where(eq(products.id, productId))
  if (!product) return null
  const stock = await db.select().from(stockLevels).where(eq(stockLevels.productId, productId))
  return { product, stock }
}

/**
 * One organisation's own quantity rules. Staff name the organisation (any scope); with an organisation's scope
 * the target must be its own, or nothing is found: the filter is in the query.
 */
export async function listContractRules({ scope, orgId }: { scope: Scope; orgId: string }) {
  return db
    .select({
      productId: contractQuantityRules.productId,
      sku: products.sku,
      minQty: contractQuantityRules.minQty,
      increment: contractQuantityRules.increment,
      maxQty: contractQuantityRules.maxQty,
    })
    .from(contractQuantityRules)
    .innerJoin(products, eq(products.id, contractQuantityRules.productId))
    .where(and(eq(contractQuantityRules.orgId, orgId), inScope(scope, contractQuantityRules.orgId)))
    .orderBy(asc(products.sku))
}

export async function listReferenceData(_: { scope: AnyScope }) {
  const [cats, whs, taxes, rates] = [
    await db.select().from(categories).orderBy(asc(categories.sort), asc(categories.code)),
    await db.select().from(warehouses).orderBy(asc(warehouses.code)),
    await db.select().from(taxClasses).orderBy(asc(taxClasses.code)),
    await db.select().from(taxRates).orderBy(asc(taxRates.validFrom)),
  ]
  return { categories: cats, warehouses: whs, taxClasses: taxes.map((c) => ({ ...c, rates: rates.filter((r) => r.taxClassId === c.id) })) }
}

// Reads for ordering (the order page, the order desk).

/** The warehouse columns other modules may join (an order line's warehouse): see `organisationRef` in tenancy. */
export function warehouseRef(alias = 'warehouse_ref') {
  return db.select({ id: warehouses.id, code: warehouses.code, nameRu: warehouses.nameRu, nameEn: warehouses.nameEn }).from(warehouses).as(alias)
}

/** What one warehouse can still promise of a product: its stock now plus its next receipt. */
export async function getWarehouseCoverage({ productId, warehouseId }: { productId: string; warehouseId: string }, tx: DbOrTx = db) {
  const [row] = await tx
    .select({ n: sql<number>`${stockLevels.atp} + ${stockLevels.nextReceiptQty}` })
    .from(stockLevels)
    .where(and(eq(stockLevels.productId, productId), eq(stockLevels.warehouseId, warehouseId)))
  return Number(row?.n ?? 0)
}
