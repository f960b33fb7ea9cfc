import { and, desc, eq, inArray, sql } from 'drizzle-orm'
import { db, type Tx } from '../../../db/client.server'
import { catalogImports, categories, priceLists, prices, products, stockLevels, taxClasses, warehouses } from '../../../db/schema'
import { parseCsv } from '../../utils/csv'
import { dayProblem } from '../../utils/field-schemas'
import { decodeTextFile, parseRoubles } from '../../utils/text'
import { readXlsx } from '../../utils/xlsx.server'
import type { Actor } from '../audit/mutations.server'
import { writeAudit } from '../audit/mutations.server'
import { isValidGtin } from './gtin'
import type { ImportKind } from './schemas'

// Catalog imports for operator staff (products, stock, prices) from CSV or XLSX. Two steps: preview parses and
// checks every line against the file and the database and keeps the result; apply writes a clean preview in one
// transaction. A file with any line error is rejected whole (nothing written) and its report kept. Apply runs in
// the background and reports progress; its last statement marks the import applied, so "applied" and the data
// commit together.


export const MAX_IMPORT_ROWS = 100_000
/** Columns A–Z: the widest kind has 13; more would only be padding a crafted file asks for. */
const MAX_IMPORT_COLUMNS = 26
const MAX_XLSX_XML_BYTES = 200 * 1024 * 1024
const BATCH = 1000

type LineError = { line: number; column: string; message: string }

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
const required: Record<ImportKind, string[]> = {
  products: ['sku', 'nameRu', 'nameEn', 'category', 'taxClass'],
  stock: ['sku', 'warehouse', 'atp'],
  prices: ['priceList', 'sku', 'price'],
}

const units = ['pcs', 'm', 'kg', 'l', 'pack', 'set']

export type ReadResult =
  | { ok: true; header: string[]; rows: { line: number; cells: string[]; formula: boolean }[] }
  | { ok: false; error: 'empty' | 'binary' | 'not_xlsx' | 'too_many_rows' | 'row_beyond_limit' | 'column_beyond_limit' | 'too_many_columns'; at?: string }

/** The file's rows with their line numbers as a spreadsheet shows them (the header is line 1). */
export function readImportFile(bytes: Uint8Array): ReadResult {
  if (!bytes.length) return { ok: false, error: 'empty' }
  let table: { cells: string[]; formula: boolean }[]
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    const sheet = readXlsx(bytes, { maxBytes: MAX_XLSX_XML_BYTES, maxRows: MAX_IMPORT_ROWS + 1, maxColumns: MAX_IMPORT_COLUMNS })
    if (!sheet.ok) return { ok: false, error: sheet.error === 'too_large' ? 'too_many_rows' : sheet.error === 'no_sheet' ? 'not_xlsx' : sheet.error, at: sheet.at }
    table = sheet.rows.map((r) => ({ cells: r.map((c) => c.value), formula: r.some((c) => c.formula) }))
  } else {
    const text = decodeTextFile(bytes)
    if (text === null) return { ok: false, error: 'binary' }
    const parsed = parseCsv(text, MAX_IMPORT_ROWS + 1, MAX_IMPORT_COLUMNS)
    if (!Array.isArray(parsed)) return parsed.error === 'too_many_rows' ? { ok: false, error: 'too_many_rows' } : { ok: false, error: 'too_many_columns', at: String(parsed.line) }
    table = parsed.map((cells) => ({ cells, formula: false }))
  }
  const [head, ...body] = table
  if (!head) return { ok: false, error: 'empty' }
  return {
    ok: true,
    header: head.cells.map((h) => h.trim().toLowerCase().replace(/\s+/g, '_')),
    rows: body.map((r, i) => ({ line: i + 2, cells: r.cells.map((c) => c.trim()), formula: r.formula })).filter((r) => r.cells.some((c) => c !== '')),
  }
}

const int = (s: string) => (/^\d{1,9}$/.test(s.replace(/\s/g, '')) ? Number(s.replace(/\s/g, '')) : null)
const yesNo = (s: string) => (s === '' || /^(1|yes|да|true|y|д)$/i.test(s) ? true : /^(0|no|нет|false|n|н)$/i.test(s) ? false : null)

/** Maps header cells to fields; unknown columns are an error (a typo would silently drop data). */
function mapHeader(kind: ImportKind, header: string[]) {
  const index: Record<string, number> = {}
  const errors: LineError[] = []
  header.forEach((h, i) => {
    if (h === '') return
    const field = Object.entries(columns[kind]).find(([, names]) => names.includes(h))?.[0]
    if (!field) errors.push({ line: 1, column: h, message: 'import.error.unknownColumn' })
    else index[field] = i
  })
  for (const f of required[kind]) if (index[f] === undefined) errors.push({ line: 1, column: columns[kind][f][0], message: 'import.error.missingColumn' })
  return { index, errors }
}

async function idsBy<T extends { code: string; id: string }>(rows: T[]) {
  return new Map(rows.map((r) => [r.code.toUpperCase(), r.id]))
}

/** Existing products by upper-cased SKU: files may write a SKU in any case; the catalog keeps one spelling. */
async function productIdsBySku(skus: string[]) {
  const map = new Map<string, { id: string; sku: string }>()
  const unique = [...new Set(skus.map((s) => s.toUpperCase()))]
  for (let i = 0; i < unique.length; i += 5000) {
    const chunk = unique.slice(i, i + 5000)
    const rows = await db.select({ id: products.id, sku: products.sku, gtin: products.gtin }).from(products).where(inArray(sql`upper(${products.sku})`, chunk))
    for (const r of rows) map.set(r.sku.toUpperCase(), { id: r.id, sku: r.sku })
  }
  return map
}

/** Checks every line; returns the rows ready to write, or the line errors. */
async function validate(kind: ImportKind, read: Extract<ReadResult, { ok: true }>) {
  const { index, errors } = mapHeader(kind, read.header)
  if (errors.length) return { rows: [], errors, summary: { total: read.rows.length, create: 0, update: 0 } }
  const get = (cells: string[], field: string) => (index[field] === undefined ? '' : (cells[index[field]] ?? ''))
  const skuList = read.rows.map((r) => get(r.cells, 'sku'))
  const existing = await productIdsBySku(skuList)
  const out: Record<string, unknown>[] = []
  const seen = new Map<string, number>()
  let create = 0
  for (const { line, cells, formula } of read.rows) {
    const lineErrors: LineError[] = []
    const fail = (column: string, message: string) => lineErrors.push({ line, column: columns[kind][column]?.[0] ?? column, message })
    if (formula) fail('sku', 'import.error.formula')
    const sku = get(cells, 'sku')
    if (!sku) fail('sku', 'errors.required')
    else if (sku.length > 64 || !/^[\p{L}\p{N}._\-/]+$/u.test(sku)) fail('sku', 'import.error.sku')
    if (kind === 'products') {
      const gtin = get(cells, 'gtin')
      if (gtin && !isValidGtin(gtin)) fail('gtin', 'import.error.gtin')
      for (const f of ['nameRu', 'nameEn'] as const) if (!get(cells, f)) fail(f, 'errors.required')
      const unit = get(cells, 'unit') || 'pcs'
      if (!units.includes(unit)) fail('unit', 'import.error.unit')
      const pack = get(cells, 'packSize') ? int(get(cells, 'packSize')) : 1
      const min = get(cells, 'minQty') ? int(get(cells, 'minQty')) : pack
      const max = get(cells, 'maxQty') ? int(get(cells, 'maxQty')) : null
      if (!pack || pack < 1) fail('packSize', 'import.error.positiveInt')
      if (!min || min < 1) fail('minQty', 'import.error.positiveInt')
      if (get(cells, 'maxQty') && (max === null || (min !== null && max < min))) fail('maxQty', 'import.error.maxBelowMin')
      const active = yesNo(get(cells, 'active'))
      if (active === null) fail('active', 'import.error.yesNo')
      out.push({ sku: existing.get(sku.toUpperCase())?.sku ?? sku, gtin: gtin || null, nameRu: get(cells, 'nameRu'), nameEn: get(cells, 'nameEn'), descriptionRu: get(cells, 'descriptionRu'), descriptionEn: get(cells, 'descriptionEn'), unit, packSize: pack, minQty: min, maxQty: max, category: get(cells, 'category').toUpperCase(), taxClass: get(cells, 'taxClass').toUpperCase(), active })
      if (!existing.has(sku.toUpperCase())) create++
    } else if (kind === 'stock') {
      if (sku && !existing.has(sku.toUpperCase())) fail('sku', 'import.error.unknownSku')
      const atp = int(get(cells, 'atp'))
      if (atp === null) fail('atp', 'import.error.nonNegativeInt')
      const day = get(cells, 'nextReceiptDate')
      const dayError = day ? dayProblem(day) : null
      if (dayError) fail('nextReceiptDate', dayError)
      const qty = get(cells, 'nextReceiptQty') ? int(get(cells, 'nextReceiptQty')) : 0
      if (qty === null) fail('nextReceiptQty', 'import.error.nonNegativeInt')
      const lead = get(cells, 'leadDays') ? int(get(cells, 'leadDays')) : 1
      if (lead === null || lead > 365) fail('leadDays', 'import.error.leadDays')
      out.push({ productId: existing.get(sku.toUpperCase())?.id, warehouse: get(cells, 'warehouse').toUpperCase(), atp, nextReceiptDate: day || null, nextReceiptQty: qty, leadDays: lead })
    } else {
      if (sku && !existing.has(sku.toUpperCase())) fail('sku', 'import.error.unknownSku')
      const minQty = get(cells, 'minQty') ? int(get(cells, 'minQty')) : 1
      if (!minQty || minQty < 1) fail('minQty', 'import.error.positiveInt')
      const price = parseRoubles(get(cells, 'price'))
      if (price === null) fail('price', 'import.error.money')
      out.push({ productId: existing.get(sku.toUpperCase())?.id, priceList: get(cells, 'priceList').toUpperCase(), minQty, unitPriceMinor: price })
    }
    // The same key twice in one file is ambiguous: which line should win?
    const key = kind === 'products' ? sku.toUpperCase() : kind === 'stock' ? `${sku.toUpperCase()}|${get(cells, 'warehouse').toUpperCase()}` : `${get(cells, 'priceList').toUpperCase()}|${sku.toUpperCase()}|${get(cells, 'minQty') || 1}`
    if (sku && seen.has(key)) fail('sku', `import.error.duplicate|${seen.get(key)}`)
    else seen.set(key, line)
    errors.push(...lineErrors)
    ;(out[out.length - 1] as { line: number }).line = line
  }
  // References to other tables, checked once per distinct code.
  const refs = async (field: string, column: string, table: Map<string, string>) => {
    for (const r of out) if (!table.has(String(r[field]))) errors.push({ line: r.line as number, column, message: 'import.error.unknownCode' })
  }
  if (kind === 'products') {
    await refs('category', 'category', await idsBy(await db.select({ code: categories.code, id: categories.id }).from(categories)))
    await refs('taxClass', 'tax_class', await idsBy(await db.select({ code: taxClasses.code, id: taxClasses.id }).from(taxClasses)))
    // A GTIN already used by another product: the unique index would refuse it at apply time.
    const gtins = out.map((r) => r.gtin as string | null).filter((g): g is string => !!g)
    for (let i = 0; i < gtins.length; i += 5000) {
      const taken = await db.select({ gtin: products.gtin, sku: products.sku }).from(products).where(inArray(products.gtin, gtins.slice(i, i + 5000)))
      for (const t of taken) {
        const row = out.find((r) => r.gtin === t.gtin)!
        if (String(row.sku).toUpperCase() !== t.sku.toUpperCase()) errors.push({ line: row.line as number, column: 'gtin', message: `import.error.gtinTaken|${t.sku}` })
      }
    }
  }
  if (kind === 'stock') await refs('warehouse', 'warehouse', await idsBy(await db.select({ code: warehouses.code, id: warehouses.id }).from(warehouses)))
  if (kind === 'prices') await refs('priceList', 'price_list', await idsBy(await db.select({ code: priceLists.code, id: priceLists.id }).from(priceLists)))
  errors.sort((a, b) => a.line - b.line)
  return { rows: out, errors, summary: { total: out.length, create, update: kind === 'products' ? out.length - create : out.length } }
}

/** Parses and checks a file and keeps the preview (or the rejection with its line errors). */
export async function previewImport(actor: Actor, kind: ImportKind, fileName: string, bytes: Uint8Array) {
  const read = readImportFile(bytes)
  // The route shows `import.file.<error>`; the row or cell the file names follows a bar.
  if (!read.ok) return { ok: false as const, error: read.at ? (`${read.error}|${read.at}` as const) : read.error }
  const checked = await validate(kind, read)
  const [row] = await db
    .insert(catalogImports)
    .values({
      kind,
      fileName: fileName.slice(0, 200),
      status: checked.errors.length ? 'rejected' : 'previewed',
      // A rejected file keeps only its report: its rows will never be written.
      rows: checked.errors.length ? [] : checked.rows,
      errors: checked.errors.slice(0, 10_000),
      summary: checked.summary,
      createdBy: actor.userId,
    })
    .returning({ id: catalogImports.id })
  return { ok: true as const, id: row.id }
}

export async function getImport(id: string) {
  const [row] = await db
    .select({ id: catalogImports.id, kind: catalogImports.kind, fileName: catalogImports.fileName, status: catalogImports.status, errors: catalogImports.errors, summary: catalogImports.summary, failure: catalogImports.failure, createdAt: catalogImports.createdAt, appliedAt: catalogImports.appliedAt })
    .from(catalogImports)
    .where(eq(catalogImports.id, id))
  return row ? { ...row, progress: progress.get(id) ?? null } : null
}

export async function listImports() {
  return db
    .select({ id: catalogImports.id, kind: catalogImports.kind, fileName: catalogImports.fileName, status: catalogImports.status, summary: catalogImports.summary, createdAt: catalogImports.createdAt })
    .from(catalogImports)
    .orderBy(desc(catalogImports.createdAt))
    .limit(20)
}

/** Rows written so far by applies running in this process (progress is per node; the outcome is in the row). */
const progress = new Map<string, { done: number; total: number }>()

async function write(tx: Tx, kind: ImportKind, rows: Record<string, unknown>[], onBatch: (done: number) => void) {
  const byCode = async (table: typeof categories | typeof taxClasses | typeof warehouses | typeof priceLists) => idsBy(await tx.select({ code: table.code, id: table.id }).from(table))
  if (kind === 'products') {
    const [cats, taxes] = [await byCode(categories), await byCode(taxClasses)]
    for (let i = 0; i < rows.length; i += BATCH) {
      const values = rows.slice(i, i + BATCH).map((r) => ({
        sku: r.sku as string,
        gtin: r.gtin as string | null,
        nameRu: r.nameRu as string,
        nameEn: r.nameEn as string,
        descriptionRu: r.descriptionRu as string,
        descriptionEn: r.descriptionEn as string,
        unit: r.unit as string,
        packSize: r.packSize as number,
        minQty: r.minQty as number,
        maxQty: r.maxQty as number | null,
        categoryId: cats.get(r.category as string)!,
        taxClassId: taxes.get(r.taxClass as string)!,
        active: r.active as boolean,
      }))
      await tx
        .insert(products)
        .values(values)
        .onConflictDoUpdate({
          target: products.sku,
          set: {
            gtin: sql`excluded.gtin`,
            nameRu: sql`excluded.name_ru`,
            nameEn: sql`excluded.name_en`,
            descriptionRu: sql`excluded.description_ru`,
            descriptionEn: sql`excluded.description_en`,
            unit: sql`excluded.unit`,
            packSize: sql`excluded.pack_size`,
            minQty: sql`excluded.min_qty`,
            maxQty: sql`excluded.max_qty`,
            categoryId: sql`excluded.category_id`,
            taxClassId: sql`excluded.tax_class_id`,
            active: sql`excluded.active`,
          },
        })
      onBatch(Math.min(rows.length, i + BATCH))
    }
  } else if (kind === 'stock') {
    const whs = await byCode(warehouses)
    for (let i = 0; i < rows.length; i += BATCH) {
      const values = rows.slice(i, i + BATCH).map((r) => ({ productId: r.productId as string, warehouseId: whs.get(r.warehouse as string)!, atp: r.atp as number, nextReceiptDate: r.nextReceiptDate as string | null, nextReceiptQty: r.nextReceiptQty as number, leadDays: r.leadDays as number }))
      await tx
        .insert(stockLevels)
        .values(values)
        .onConflictDoUpdate({ target: [stockLevels.productId, stockLevels.warehouseId], set: { atp: sql`excluded.atp`, nextReceiptDate: sql`excluded.next_receipt_date`, nextReceiptQty: sql`excluded.next_receipt_qty`, leadDays: sql`excluded.lead_days` } })
      onBatch(Math.min(rows.length, i + BATCH))
    }
  } else {
    const lists = await byCode(priceLists)
    for (let i = 0; i < rows.length; i += BATCH) {
      const values = rows.slice(i, i + BATCH).map((r) => ({ priceListId: lists.get(r.priceList as string)!, productId: r.productId as string, minQty: r.minQty as number, unitPriceMinor: r.unitPriceMinor as number }))
      await tx
        .insert(prices)
        .values(values)
        .onConflictDoUpdate({ target: [prices.priceListId, prices.productId, prices.minQty], set: { unitPriceMinor: sql`excluded.unit_price_minor` } })
      onBatch(Math.min(rows.length, i + BATCH))
    }
  }
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
    .returning({ kind: catalogImports.kind, rows: catalogImports.rows, summary: catalogImports.summary, fileName: catalogImports.fileName })
  if (!claimed) return null
  progress.set(id, { done: 0, total: claimed.rows.length })
  const run = db
    .transaction(async (tx) => {
      await write(tx, claimed.kind, claimed.rows, (done) => progress.set(id, { done, total: claimed.rows.length }))
      await tx.update(catalogImports).set({ status: 'applied', appliedAt: new Date(), rows: [] }).where(eq(catalogImports.id, id))
      await writeAudit(tx, actor, { action: 'catalog.imported', entity: 'catalog_import', entityId: id, details: { kind: claimed.kind, fileName: claimed.fileName, ...claimed.summary } })
    })
    .then(() => onDone?.(claimed.rows.map((r) => r.productId as string).filter(Boolean)))
    .catch(async (error: unknown) => {
      await db.update(catalogImports).set({ status: 'failed', failure: error instanceof Error ? error.message.slice(0, 500) : 'failed' }).where(eq(catalogImports.id, id))
    })
    .finally(() => progress.delete(id))
  return { done: run }
}
