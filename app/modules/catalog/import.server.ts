import { and, asc, count, desc, eq, gt, inArray, sql } from 'drizzle-orm'
import { db, type Tx } from '../../../db/client.server'
import {
  catalogImportChanges,
  catalogImports,
  categories,
  products,
  stockLevels,
  taxClasses,
  warehouses,
  type ImportValue,
} from '../../../db/schema/catalog'
import { parseCsv } from '../../utils/csv'
import { dayProblem } from '../../utils/field-schemas'
import { decodeTextFile, parseRoubles, parseWholeNumber } from '../../utils/text'
import { readXlsx } from '../../utils/xlsx.server'
import type { Actor } from '../audit/mutations.server'
import { writeAudit } from '../audit/mutations.server'
import { upsertPriceTiers } from '../pricing/mutations.server'
import { listPriceListCodes, listPriceTiers } from '../pricing/queries.server'
import { isValidGtin } from './gtin'
import { units, type ImportKind, type Unit } from './schemas'

// Catalog imports for operator staff (products, stock, prices) from CSV or XLSX. Two steps: preview parses and
// checks every line against the file and the database and keeps the change list (each product, stock level or
// price to create or change, field by field, old → new); apply writes exactly that list in one transaction, and
// the list stays as the applied import's record. A file changes only the columns it carries: a column it does not
// have leaves that field as it is (issue 10, item 1). A file with any line error is rejected whole (nothing
// written) and its report kept. Apply runs in the background and reports progress; its last statement marks the
// import applied, so "applied" and the data commit together.

export const MAX_IMPORT_ROWS = 100_000
/** Columns A–Z: the widest kind has 13; more would only be padding a crafted file asks for. */
const MAX_IMPORT_COLUMNS = 26
const MAX_XLSX_XML_BYTES = 200 * 1024 * 1024
const BATCH = 1000
/** The same bound as the product form's: a quantity or pack beyond it is a typo. */
const MAX_QTY = 10_000_000
/** One page of the change list: a 100,000-line file is read page by page, never as one huge page. */
export const CHANGES_PAGE = 100

type LineError = { line: number; column: string; message: string }
export type ImportChange = { field: string; from: ImportValue; to: ImportValue }
export type ImportSummary = { total: number; create: number; update: number; unchanged?: number }

/** Header names people use, in both languages, for each field. */
const columns: Record<ImportKind, Record<string, string[]>> = {
  products: {
    sku: ['sku', 'артикул'],
    gtin: ['gtin', 'ean', 'штрихкод'],
    nameRu: ['name_ru', 'наименование', 'название'],
    nameEn: ['name_en', 'name', 'наименование_en'],
    descriptionRu: ['description_ru', 'описание'],
    descriptionEn: ['description_en', 'description'],
    unit: ['unit', 'ед', 'единица'],
    packSize: ['pack_size', 'pack', 'упаковка'],
    minQty: ['min_qty', 'минимум'],
    maxQty: ['max_qty', 'максимум'],
    category: ['category', 'категория'],
    taxClass: ['tax_class', 'vat', 'ндс'],
    active: ['active', 'активен'],
  },
  stock: {
    sku: ['sku', 'артикул'],
    warehouse: ['warehouse', 'склад'],
    atp: ['atp', 'available', 'остаток', 'доступно'],
    nextReceiptDate: ['next_receipt_date', 'дата_поступления'],
    nextReceiptQty: ['next_receipt_qty', 'количество_поступления'],
    leadDays: ['lead_days', 'срок_доставки'],
  },
  prices: {
    priceList: ['price_list', 'прайс-лист', 'прайс_лист'],
    sku: ['sku', 'артикул'],
    minQty: ['min_qty', 'от_количества', 'от'],
    price: ['price', 'цена'],
  },
}
/**
 * Columns without which no line could be read. A product's names, category and VAT class are not among them: a
 * file may change only some fields of existing products; a new product without them is a line error.
 */
const required: Record<ImportKind, string[]> = {
  products: ['sku'],
  stock: ['sku', 'warehouse', 'atp'],
  prices: ['priceList', 'sku', 'price'],
}

export type ReadResult =
  | { ok: true; source: 'csv' | 'xlsx'; header: string[]; rows: { line: number; cells: string[]; formula: boolean }[] }
  | {
      ok: false
      error: 'empty' | 'binary' | 'not_xlsx' | 'too_many_rows' | 'row_beyond_limit' | 'column_beyond_limit' | 'too_many_columns' | 'cell_too_long'
      at?: string
    }

/**
 * The file's rows with their line numbers as a spreadsheet shows them (the header is line 1). CSV in either
 * dialect: the separator (";" from a Russian Excel, "," or tab) is guessed from the header line; numbers in cells
 * are read by `readDecimal`'s rule, whichever separator the file uses.
 */
export function readImportFile(bytes: Uint8Array): ReadResult {
  if (!bytes.length) return { ok: false, error: 'empty' }
  let table: { cells: string[]; formula: boolean }[]
  const source = bytes[0] === 0x50 && bytes[1] === 0x4b ? 'xlsx' : 'csv'
  if (source === 'xlsx') {
    const sheet = readXlsx(bytes, { maxBytes: MAX_XLSX_XML_BYTES, maxRows: MAX_IMPORT_ROWS + 1, maxColumns: MAX_IMPORT_COLUMNS })
    if (!sheet.ok)
      return { ok: false, error: sheet.error === 'too_large' ? 'too_many_rows' : sheet.error === 'no_sheet' ? 'not_xlsx' : sheet.error, at: sheet.at }
    table = sheet.rows.map((r) => ({ cells: r.map((c) => c.value), formula: r.some((c) => c.formula) }))
  } else {
    const text = decodeTextFile(bytes)
    if (text === null) return { ok: false, error: 'binary' }
    const parsed = parseCsv(text, MAX_IMPORT_ROWS + 1, MAX_IMPORT_COLUMNS)
    if (!Array.isArray(parsed))
      return parsed.error === 'too_many_rows'
        ? { ok: false, error: 'too_many_rows' }
        : { ok: false, error: 'too_many_columns', at: String(parsed.line) }
    table = parsed.map((cells) => ({ cells, formula: false }))
  }
  const [head, ...body] = table
  if (!head) return { ok: false, error: 'empty' }
  return {
    ok: true,
    source,
    header: head.cells.map((h) => h.trim().toLowerCase().replace(/\s+/g, '_')),
    rows: body.map((r, i) => ({ line: i + 2, cells: r.cells.map((c) => c.trim()), formula: r.formula })).filter((r) => r.cells.some((c) => c !== '')),
  }
}

type Read<T> = { ok: true; value: T } | { ok: false; message: string }
const ok = <T>(value: T): Read<T> => ({ ok: true, value })
const bad = (message: string): Read<never> => ({ ok: false, message })

const whole = (s: string, min: number, message: string, max = MAX_QTY, tooLarge = 'errors.tooLarge'): Read<number> => {
  const n = parseWholeNumber(s)
  return n === null || n < min ? bad(message) : n > max ? bad(tooLarge) : ok(n)
}
const yesNo = (s: string): Read<boolean> =>
  /^(1|yes|да|true|y|д)$/i.test(s) ? ok(true) : /^(0|no|нет|false|n|н)$/i.test(s) ? ok(false) : bad('import.error.yesNo')

/**
 * A calendar day as files write it: ISO (2027-01-15), Russian (15.01.2027), or in a workbook the day number
 * Excel keeps for a date cell (days since 1899-12-30).
 */
function readDay(s: string, source: 'csv' | 'xlsx'): Read<string> {
  const ru = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s)
  let day = ru ? `${ru[3]}-${ru[2].padStart(2, '0')}-${ru[1].padStart(2, '0')}` : s
  if (source === 'xlsx' && /^\d{5}$/.test(s)) day = new Date(Date.UTC(1899, 11, 30) + Number(s) * 86_400_000).toISOString().slice(0, 10)
  const problem = dayProblem(day)
  return problem ? bad(problem) : ok(day)
}

/** Maps header cells to fields; unknown columns are an error (a typo would silently drop data). */
function mapHeader(kind: ImportKind, header: string[]) {
  const index: Record<string, number> = {}
  const errors: LineError[] = []
  header.forEach((h, i) => {
    if (h === '') return
    const field = Object.entries(columns[kind]).find(([, names]) => names.includes(h))?.[0]
    if (!field) errors.push({ line: 1, column: h, message: 'import.error.unknownColumn' })
    else if (index[field] !== undefined) errors.push({ line: 1, column: h, message: 'import.error.columnTwice' })
    else index[field] = i
  })
  for (const f of required[kind])
    if (index[f] === undefined) errors.push({ line: 1, column: columns[kind][f][0], message: 'import.error.missingColumn' })
  return { index, errors }
}

/** Reference codes by their upper-cased spelling, with the spelling the table keeps. */
async function codes(rows: { code: string; id: string }[]) {
  return new Map(rows.map((r) => [r.code.toUpperCase(), r]))
}

const productFields = [
  'nameRu',
  'nameEn',
  'descriptionRu',
  'descriptionEn',
  'gtin',
  'unit',
  'packSize',
  'minQty',
  'maxQty',
  'category',
  'taxClass',
  'active',
] as const
type ProductField = (typeof productFields)[number]
type ProductState = Record<ProductField, ImportValue>

/** Existing products by upper-cased SKU (files may write a SKU in any case; the catalog keeps one spelling). */
async function productsBySku(skus: string[]) {
  const map = new Map<string, { id: string; sku: string; state: ProductState }>()
  const unique = [...new Set(skus.filter(Boolean).map((s) => s.toUpperCase()))]
  for (let i = 0; i < unique.length; i += 5000) {
    const rows = await db
      .select({
        id: products.id,
        sku: products.sku,
        gtin: products.gtin,
        nameRu: products.nameRu,
        nameEn: products.nameEn,
        descriptionRu: products.descriptionRu,
        descriptionEn: products.descriptionEn,
        unit: products.unit,
        packSize: products.packSize,
        minQty: products.minQty,
        maxQty: products.maxQty,
        category: categories.code,
        taxClass: taxClasses.code,
        active: products.active,
      })
      .from(products)
      .innerJoin(categories, eq(categories.id, products.categoryId))
      .innerJoin(taxClasses, eq(taxClasses.id, products.taxClassId))
      .where(inArray(sql`upper(${products.sku})`, unique.slice(i, i + 5000)))
    for (const { id, sku, ...state } of rows) map.set(sku.toUpperCase(), { id, sku, state })
  }
  return map
}

/**
 * One product cell of a column the file carries. What an empty cell means is decided per field, as a person
 * filling a spreadsheet would expect:
 * - names, category and VAT class every product must have: empty is a line error;
 * - descriptions and the GTIN are optional: empty clears them (no text, no barcode); so does an empty maximum
 *   order (no maximum);
 * - unit, pack size, minimum order and "active" always hold a value: empty keeps the product's (`undefined`), as
 *   an absent column does, and a new product gets the default (pieces, 1, one pack, on sale).
 */
function readProductCell(
  field: ProductField,
  s: string,
  refs: { categories: Map<string, { code: string }>; taxClasses: Map<string, { code: string }> },
): Read<ImportValue | undefined> {
  switch (field) {
    case 'nameRu':
    case 'nameEn':
      return !s ? bad('errors.required') : s.length > 200 ? bad('errors.tooLong200') : ok(s)
    case 'descriptionRu':
    case 'descriptionEn':
      return s.length > 2000 ? bad('errors.tooLong2000') : ok(s)
    case 'gtin':
      return !s ? ok(null) : isValidGtin(s) ? ok(s) : bad('import.error.gtin')
    case 'unit':
      return !s ? ok(undefined) : (units as readonly string[]).includes(s.toLowerCase()) ? ok(s.toLowerCase()) : bad('import.error.unit')
    case 'packSize':
    case 'minQty':
      return !s ? ok(undefined) : whole(s, 1, 'import.error.positiveInt')
    case 'maxQty':
      return !s ? ok(null) : whole(s, 1, 'import.error.positiveInt')
    case 'category':
    case 'taxClass': {
      if (!s) return bad('errors.required')
      const found = (field === 'category' ? refs.categories : refs.taxClasses).get(s.toUpperCase())
      return found ? ok(found.code) : bad('import.error.unknownCode')
    }
    case 'active':
      return !s ? ok(undefined) : yesNo(s)
  }
}

const productDefaults = { descriptionRu: '', descriptionEn: '', gtin: null, unit: 'pcs', packSize: 1, maxQty: null, active: true } as const

type Planned = {
  line: number
  action: 'create' | 'update'
  sku: string
  productId: string | null
  target: { warehouse?: string; priceList?: string; minQty?: number }
  changes: ImportChange[]
}
type Checked = { planned: Planned[]; errors: LineError[]; summary: ImportSummary }

/** Checks every line and works out what it changes; returns the change list, or the line errors. */
async function validate(kind: ImportKind, read: Extract<ReadResult, { ok: true }>): Promise<Checked> {
  const { index, errors } = mapHeader(kind, read.header)
  const total = read.rows.length
  if (errors.length) return { planned: [], errors, summary: { total, create: 0, update: 0, unchanged: 0 } }
  const has = (field: string) => index[field] !== undefined
  const get = (cells: string[], field: string) => (has(field) ? (cells[index[field]] ?? '') : '')
  const existing = await productsBySku(read.rows.map((r) => get(r.cells, 'sku')))
  const refs = {
    categories: await codes(await db.select({ code: categories.code, id: categories.id }).from(categories)),
    taxClasses: await codes(await db.select({ code: taxClasses.code, id: taxClasses.id }).from(taxClasses)),
    warehouses:
      kind === 'stock'
        ? await codes(await db.select({ code: warehouses.code, id: warehouses.id }).from(warehouses))
        : new Map<string, { code: string; id: string }>(),
    priceLists: kind === 'prices' ? await codes(await listPriceListCodes()) : new Map<string, { code: string; id: string }>(),
  }
  const current =
    kind === 'stock'
      ? await currentStock([...existing.values()].map((p) => p.id))
      : kind === 'prices'
        ? await currentPrices([...existing.values()].map((p) => p.id))
        : new Map<string, Record<string, ImportValue>>()
  const planned: Planned[] = []
  const seen = new Map<string, number>()
  const gtinLines = new Map<string, { line: number; sku: string }>()
  let unchanged = 0
  for (const { line, cells, formula } of read.rows) {
    const lineErrors: LineError[] = []
    const fail = (field: string, message: string) => lineErrors.push({ line, column: columns[kind][field]?.[0] ?? field, message })
    if (formula) fail('sku', 'import.error.formula')
    const sku = get(cells, 'sku')
    if (!sku) fail('sku', 'errors.required')
    else if (sku.length > 64 || !/^[\p{L}\p{N}._\-/]+$/u.test(sku)) fail('sku', 'import.error.sku')
    const product = existing.get(sku.toUpperCase())
    let plan: Planned
    if (kind === 'products') {
      const given: Partial<ProductState> = {}
      for (const field of productFields) {
        if (!has(field)) continue
        const cell = readProductCell(field, get(cells, field), refs)
        if (!cell.ok) fail(field, cell.message)
        else if (cell.value !== undefined) given[field] = cell.value
      }
      if (!product)
        for (const field of ['nameRu', 'nameEn', 'category', 'taxClass'] as const) if (!has(field)) fail(field, 'import.error.requiredForNew')
      const packSize = (given.packSize ?? product?.state.packSize ?? productDefaults.packSize) as number
      const state: ProductState = product ? { ...product.state, ...given } : ({ ...productDefaults, minQty: packSize, ...given } as ProductState)
      if (state.maxQty !== null && (has('maxQty') || has('minQty')) && (state.maxQty as number) < (state.minQty as number))
        fail('maxQty', 'import.error.maxBelowMin')
      if (typeof state.gtin === 'string' && given.gtin) {
        const other = gtinLines.get(state.gtin)
        if (other && other.sku.toUpperCase() !== sku.toUpperCase()) fail('gtin', `import.error.gtinTaken|${other.sku}`)
        else gtinLines.set(state.gtin, { line, sku })
      }
      // A new product lists every value it is created with; an existing one only what differs from the catalog.
      const changes = product
        ? productFields.filter((f) => f in given && given[f] !== product.state[f]).map((f) => ({ field: f, from: product.state[f], to: given[f]! }))
        : productFields.filter((f) => state[f] !== null && state[f] !== '').map((f) => ({ field: f, from: null, to: state[f] }))
      plan = { line, action: product ? 'update' : 'create', sku: product?.sku ?? sku, productId: product?.id ?? null, target: {}, changes }
    } else if (kind === 'stock') {
      if (sku && !product) fail('sku', 'import.error.unknownSku')
      const warehouse = refs.warehouses.get(get(cells, 'warehouse').toUpperCase())
      if (!warehouse) fail('warehouse', 'import.error.unknownCode')
      // Empty cells: no receipt date means none is planned, no receipt quantity is 0, no lead time keeps the
      // warehouse's (1 day for a new stock level); available stock is required.
      const given: Record<string, ImportValue> = {}
      const atp = whole(get(cells, 'atp'), 0, 'import.error.nonNegativeInt', 100_000_000)
      if (atp.ok) given.atp = atp.value
      else fail('atp', atp.message)
      if (has('nextReceiptDate')) {
        const day = get(cells, 'nextReceiptDate') ? readDay(get(cells, 'nextReceiptDate'), read.source) : ok(null)
        if (day.ok) given.nextReceiptDate = day.value
        else fail('nextReceiptDate', day.message)
      }
      if (has('nextReceiptQty')) {
        const qty = get(cells, 'nextReceiptQty') ? whole(get(cells, 'nextReceiptQty'), 0, 'import.error.nonNegativeInt', 100_000_000) : ok(0)
        if (qty.ok) given.nextReceiptQty = qty.value
        else fail('nextReceiptQty', qty.message)
      }
      if (get(cells, 'leadDays')) {
        const lead = whole(get(cells, 'leadDays'), 0, 'import.error.leadDays', 365, 'import.error.leadDays')
        if (lead.ok) given.leadDays = lead.value
        else fail('leadDays', lead.message)
      }
      const before = product && warehouse ? current.get(`${product.id}|${warehouse.id}`) : undefined
      const state = before ? { ...before, ...given } : { nextReceiptDate: null, nextReceiptQty: 0, leadDays: 1, ...given }
      const changes = before
        ? Object.keys(given)
            .filter((f) => given[f] !== before[f])
            .map((f) => ({ field: f, from: before[f], to: given[f] }))
        : Object.entries(state)
            .filter(([, v]) => v !== null)
            .map(([field, to]) => ({ field, from: null, to }))
      plan = {
        line,
        action: before ? 'update' : 'create',
        sku: product?.sku ?? sku,
        productId: product?.id ?? null,
        target: { warehouse: warehouse?.code },
        changes,
      }
    } else {
      if (sku && !product) fail('sku', 'import.error.unknownSku')
      const list = refs.priceLists.get(get(cells, 'priceList').toUpperCase())
      if (!list) fail('priceList', 'import.error.unknownCode')
      const minQty = get(cells, 'minQty') ? whole(get(cells, 'minQty'), 1, 'import.error.positiveInt') : ok(1)
      if (!minQty.ok) fail('minQty', minQty.message)
      const price = parseRoubles(get(cells, 'price'))
      if (price === null) fail('price', 'import.error.money')
      const tier = minQty.ok ? minQty.value : 1
      const before = product && list ? current.get(`${list.id}|${product.id}|${tier}`) : undefined
      const changes = before
        ? before.price !== price
          ? [{ field: 'price', from: before.price, to: price }]
          : []
        : [{ field: 'price', from: null, to: price }]
      plan = {
        line,
        action: before ? 'update' : 'create',
        sku: product?.sku ?? sku,
        productId: product?.id ?? null,
        target: { priceList: list?.code, minQty: tier },
        changes,
      }
    }
    // The same key twice in one file is ambiguous: which line should win?
    const key =
      kind === 'products'
        ? sku.toUpperCase()
        : kind === 'stock'
          ? `${sku.toUpperCase()}|${get(cells, 'warehouse').toUpperCase()}`
          : `${get(cells, 'priceList').toUpperCase()}|${sku.toUpperCase()}|${plan.target.minQty}`
    if (sku && seen.has(key)) fail('sku', `import.error.duplicate|${seen.get(key)}`)
    else seen.set(key, line)
    errors.push(...lineErrors)
    if (lineErrors.length) continue
    if (plan.changes.length) planned.push(plan)
    else unchanged++
  }
  if (kind === 'products') await checkGtinsFree(planned, errors)
  errors.sort((a, b) => a.line - b.line)
  const create = planned.filter((p) => p.action === 'create').length
  return { planned, errors, summary: { total, create, update: planned.length - create, unchanged } }
}

/** A GTIN already used by another product: the unique index would refuse it at apply time. */
async function checkGtinsFree(planned: Planned[], errors: LineError[]) {
  const wanted = new Map<string, Planned>()
  for (const p of planned) for (const c of p.changes) if (c.field === 'gtin' && typeof c.to === 'string') wanted.set(c.to, p)
  const gtins = [...wanted.keys()]
  for (let i = 0; i < gtins.length; i += 5000) {
    const taken = await db
      .select({ gtin: products.gtin, sku: products.sku })
      .from(products)
      .where(inArray(products.gtin, gtins.slice(i, i + 5000)))
    for (const t of taken) {
      const p = wanted.get(t.gtin!)!
      if (p.sku.toUpperCase() !== t.sku.toUpperCase()) errors.push({ line: p.line, column: 'gtin', message: `import.error.gtinTaken|${t.sku}` })
    }
  }
}

async function currentStock(productIds: string[]) {
  const map = new Map<string, Record<string, ImportValue>>()
  for (let i = 0; i < productIds.length; i += 5000) {
    const rows = await db
      .select()
      .from(stockLevels)
      .where(inArray(stockLevels.productId, productIds.slice(i, i + 5000)))
    for (const r of rows)
      map.set(`${r.productId}|${r.warehouseId}`, {
        atp: r.atp,
        nextReceiptDate: r.nextReceiptDate,
        nextReceiptQty: r.nextReceiptQty,
        leadDays: r.leadDays,
      })
  }
  return map
}

async function currentPrices(productIds: string[]) {
  const map = new Map<string, Record<string, ImportValue>>()
  for (let i = 0; i < productIds.length; i += 5000) {
    const rows = await listPriceTiers({ productIds: productIds.slice(i, i + 5000) })
    for (const r of rows) map.set(`${r.priceListId}|${r.productId}|${r.minQty}`, { price: r.unitPriceMinor })
  }
  return map
}

/** Parses and checks a file and keeps the preview with its change list (or the rejection with its line errors). */
export async function previewImport(actor: Actor, kind: ImportKind, fileName: string, bytes: Uint8Array) {
  const read = readImportFile(bytes)
  // The route shows `import.file.<error>`; the row or cell the file names follows a bar.
  if (!read.ok) return { ok: false as const, error: read.at ? (`${read.error}|${read.at}` as const) : read.error }
  const checked = await validate(kind, read)
  const id = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(catalogImports)
      .values({
        kind,
        fileName: fileName.slice(0, 200),
        status: checked.errors.length ? 'rejected' : 'previewed',
        errors: checked.errors.slice(0, 10_000),
        summary: checked.summary,
        createdBy: actor.userId,
      })
      .returning({ id: catalogImports.id })
    // A rejected file keeps only its report: its rows will never be written.
    if (!checked.errors.length)
      for (let i = 0; i < checked.planned.length; i += BATCH)
        await tx.insert(catalogImportChanges).values(checked.planned.slice(i, i + BATCH).map((p) => ({ importId: row.id, ...p })))
    return row.id
  })
  return { ok: true as const, id }
}

export async function getImport(id: string) {
  const [row] = await db
    .select({
      id: catalogImports.id,
      kind: catalogImports.kind,
      fileName: catalogImports.fileName,
      status: catalogImports.status,
      errors: catalogImports.errors,
      summary: catalogImports.summary,
      failure: catalogImports.failure,
      createdAt: catalogImports.createdAt,
      appliedAt: catalogImports.appliedAt,
    })
    .from(catalogImports)
    .where(eq(catalogImports.id, id))
  return row ? { ...row, progress: progress.get(id) ?? null } : null
}

/** One page of an import's change list, in file order, with the number of entries in all. */
export async function listImportChanges({ importId, page }: { importId: string; page: number }) {
  const [{ total }] = await db.select({ total: count() }).from(catalogImportChanges).where(eq(catalogImportChanges.importId, importId))
  const pages = Math.max(1, Math.ceil(total / CHANGES_PAGE))
  const current = Math.min(Math.max(1, page), pages)
  const rows = await db
    .select({
      line: catalogImportChanges.line,
      action: catalogImportChanges.action,
      sku: catalogImportChanges.sku,
      productId: catalogImportChanges.productId,
      target: catalogImportChanges.target,
      changes: catalogImportChanges.changes,
    })
    .from(catalogImportChanges)
    .where(eq(catalogImportChanges.importId, importId))
    .orderBy(asc(catalogImportChanges.line))
    .limit(CHANGES_PAGE)
    .offset((current - 1) * CHANGES_PAGE)
  return { rows, total, page: current, pages }
}

export async function listImports() {
  return db
    .select({
      id: catalogImports.id,
      kind: catalogImports.kind,
      fileName: catalogImports.fileName,
      status: catalogImports.status,
      summary: catalogImports.summary,
      createdAt: catalogImports.createdAt,
    })
    .from(catalogImports)
    .orderBy(desc(catalogImports.createdAt))
    .limit(20)
}

/** Rows written so far by applies running in this process (progress is per node; the outcome is in the row). */
const progress = new Map<string, { done: number; total: number }>()

type ChangeRow = typeof catalogImportChanges.$inferSelect
const toValues = (row: ChangeRow) => Object.fromEntries(row.changes.map((c) => [c.field, c.to]))
/** `set col = new value` only where the change list names the field; `v.c` is the row's {field: new value}. */
const setIfNamed = (columns: [field: string, column: string, cast: string][], table: string) =>
  sql.raw(
    columns
      .map(([field, column, cast]) => `"${column}" = case when v.c ? '${field}' then (v.c->>'${field}')${cast} else ${table}."${column}" end`)
      .join(', '),
  )

/** Writes one batch of the change list: creates insert whole rows, updates set only the fields that changed. */
async function writeBatch(tx: Tx, kind: ImportKind, rows: ChangeRow[]): Promise<string[]> {
  const creates = rows.filter((r) => r.action === 'create')
  const updates = rows.filter((r) => r.action === 'update')
  const touched = updates.map((r) => r.productId!)
  if (kind === 'products') {
    const byCode = async (table: typeof categories | typeof taxClasses) => codes(await tx.select({ code: table.code, id: table.id }).from(table))
    const [cats, taxes] = [await byCode(categories), await byCode(taxClasses)]
    if (creates.length) {
      const values = creates.map((r) => {
        const v = { ...productDefaults, ...toValues(r) } as Record<string, ImportValue>
        return {
          sku: r.sku,
          gtin: v.gtin as string | null,
          nameRu: v.nameRu as string,
          nameEn: v.nameEn as string,
          descriptionRu: v.descriptionRu as string,
          descriptionEn: v.descriptionEn as string,
          unit: v.unit as Unit,
          packSize: v.packSize as number,
          minQty: (v.minQty ?? v.packSize) as number,
          maxQty: v.maxQty as number | null,
          categoryId: cats.get(String(v.category).toUpperCase())!.id,
          taxClassId: taxes.get(String(v.taxClass).toUpperCase())!.id,
          active: v.active as boolean,
        }
      })
      const created = await tx.insert(products).values(values).returning({ id: products.id })
      touched.push(...created.map((c) => c.id))
    }
    if (updates.length) {
      const set = setIfNamed(
        [
          ['gtin', 'gtin', ''],
          ['nameRu', 'name_ru', ''],
          ['nameEn', 'name_en', ''],
          ['descriptionRu', 'description_ru', ''],
          ['descriptionEn', 'description_en', ''],
          ['unit', 'unit', ''],
          ['packSize', 'pack_size', '::int'],
          ['minQty', 'min_qty', '::int'],
          ['maxQty', 'max_qty', '::int'],
          ['active', 'active', '::boolean'],
        ],
        'p',
      )
      const payload = JSON.stringify(updates.map((r) => ({ id: r.productId, c: toValues(r) })))
      await tx.execute(sql`
        update ${products} p set ${set},
          category_id = case when v.c ? 'category' then (select id from ${categories} where upper(code) = upper(v.c->>'category')) else p.category_id end,
          tax_class_id = case when v.c ? 'taxClass' then (select id from ${taxClasses} where upper(code) = upper(v.c->>'taxClass')) else p.tax_class_id end
        from (select (e->>'id')::uuid as id, e->'c' as c from jsonb_array_elements(${payload}::jsonb) e) v
        where p.id = v.id`)
    }
  } else if (kind === 'stock') {
    const whs = await codes(await tx.select({ code: warehouses.code, id: warehouses.id }).from(warehouses))
    touched.push(...creates.map((r) => r.productId!))
    if (creates.length) {
      const values = creates.map((r) => {
        const v: Record<string, ImportValue> = { nextReceiptDate: null, nextReceiptQty: 0, leadDays: 1, ...toValues(r) }
        return {
          productId: r.productId!,
          warehouseId: whs.get(r.target.warehouse!.toUpperCase())!.id,
          atp: v.atp as number,
          nextReceiptDate: v.nextReceiptDate as string | null,
          nextReceiptQty: v.nextReceiptQty as number,
          leadDays: v.leadDays as number,
        }
      })
      // A stock level someone added since the preview takes the file's values, as the preview promised.
      await tx
        .insert(stockLevels)
        .values(values)
        .onConflictDoUpdate({
          target: [stockLevels.productId, stockLevels.warehouseId],
          set: {
            atp: sql`excluded.atp`,
            nextReceiptDate: sql`excluded.next_receipt_date`,
            nextReceiptQty: sql`excluded.next_receipt_qty`,
            leadDays: sql`excluded.lead_days`,
          },
        })
    }
    if (updates.length) {
      const set = setIfNamed(
        [
          ['atp', 'atp', '::int'],
          ['nextReceiptDate', 'next_receipt_date', '::date'],
          ['nextReceiptQty', 'next_receipt_qty', '::int'],
          ['leadDays', 'lead_days', '::int'],
        ],
        's',
      )
      const payload = JSON.stringify(
        updates.map((r) => ({ productId: r.productId, warehouseId: whs.get(r.target.warehouse!.toUpperCase())!.id, c: toValues(r) })),
      )
      await tx.execute(sql`
        update ${stockLevels} s set ${set}
        from (select (e->>'productId')::uuid as product_id, (e->>'warehouseId')::uuid as warehouse_id, e->'c' as c from jsonb_array_elements(${payload}::jsonb) e) v
        where s.product_id = v.product_id and s.warehouse_id = v.warehouse_id`)
    }
  } else {
    // A price has one field: creating and changing a tier are the same upsert.
    const lists = await codes(await listPriceListCodes(tx))
    touched.push(...creates.map((r) => r.productId!))
    const values = rows.map((r) => ({
      priceListId: lists.get(r.target.priceList!.toUpperCase())!.id,
      productId: r.productId!,
      minQty: r.target.minQty!,
      unitPriceMinor: toValues(r).price as number,
    }))
    await upsertPriceTiers(tx, values)
  }
  return touched
}

/**
 * Starts applying a clean preview; exactly one caller wins the previewed → applying step. The returned promise
 * settles when the import is applied or failed; the route does not wait for it.
 */
export async function startApply(actor: Actor, id: string, onDone?: (productIds: string[]) => void) {
  const [claimed] = await db
    .update(catalogImports)
    .set({ status: 'applying' })
    .where(and(eq(catalogImports.id, id), eq(catalogImports.status, 'previewed')))
    .returning({ kind: catalogImports.kind, summary: catalogImports.summary, fileName: catalogImports.fileName })
  if (!claimed) return null
  const total = claimed.summary.create + claimed.summary.update
  progress.set(id, { done: 0, total })
  const touched: string[] = []
  const run = db
    .transaction(async (tx) => {
      let after = 0
      for (;;) {
        const rows = await tx
          .select()
          .from(catalogImportChanges)
          .where(and(eq(catalogImportChanges.importId, id), gt(catalogImportChanges.line, after)))
          .orderBy(asc(catalogImportChanges.line))
          .limit(BATCH)
        if (!rows.length) break
        touched.push(...(await writeBatch(tx, claimed.kind, rows)))
        after = rows[rows.length - 1].line
        progress.set(id, { done: Math.min(total, (progress.get(id)?.done ?? 0) + rows.length), total })
      }
      // The record links each created product, as it links the changed ones.
      if (claimed.kind === 'products')
        await tx.execute(
          sql`update ${catalogImportChanges} c set product_id = p.id from ${products} p where c.import_id = ${id} and c.product_id is null and p.sku = c.sku`,
        )
      await tx.update(catalogImports).set({ status: 'applied', appliedAt: new Date() }).where(eq(catalogImports.id, id))
      await writeAudit(tx, actor, {
        action: 'catalog.imported',
        entity: 'catalog_import',
        entityId: id,
        details: { kind: claimed.kind, fileName: claimed.fileName, ...claimed.summary },
      })
    })
    .then(() => onDone?.([...new Set(touched)]))
    .catch(async (error: unknown) => {
      await db
        .update(catalogImports)
        .set({ status: 'failed', failure: error instanceof Error ? error.message.slice(0, 500) : 'failed' })
        .where(eq(catalogImports.id, id))
    })
    .finally(() => progress.delete(id))
  return { done: run }
}
