import { and, desc, eq, gte, isNull, or, sql } from 'drizzle-orm'
import { db, type Tx } from '../../../db/client.server'
import { users } from '../../../db/schema/auth'
import { products } from '../../../db/schema/catalog'
import { posImports, saleReports, shopAssistants } from '../../../db/schema/sarm'
import { businessClock } from '../../utils/clock.server'
import { dayProblem } from '../../utils/field-schemas'
import { parseRoubles, parseWholeNumber } from '../../utils/text'
import { writeAudit, type Actor } from '../audit/mutations.server'
import { inScope, type OrgScope, type Scope } from '../auth/scope.server'
import { readImportFile } from '../catalog/import.server'
import { phoneField } from './sale-schemas'
import { saleLineProblems } from './sale-reports.server'
import { afterSalesChanged, afterSalesCommitted, type SalesChange } from './sales-events.server'

// A dealer's POS export (issue 14), CSV or XLSX through the catalog import's reader: each line is matched to one of
// the dealer's assistants (POS code or e-mail) and a product delivered to it (GTIN or SKU). A good line becomes a
// confirmed report — the upload is the dealer's confirmation — and a negative quantity is a return of that
// receipt's line; a bad line becomes nothing but its entry in the line report, which names the line and what is
// wrong as catalog keys, so each reader sees it in their language. The whole file is one transaction.

/** Lines per file: a shop's month of sales fits many times over, and the transaction stays short. */
export const MAX_POS_LINES = 5000

/** Column names a POS export may use for each field (Russian and English, compared lower-case with underscores). */
const columns = {
  date: ['date', 'дата', 'sold_on'],
  receipt: ['receipt', 'чек', 'receipt_no', 'номер_чека'],
  assistant: ['assistant', 'продавец', 'pos_code', 'код_продавца', 'email', 'seller'],
  gtin: ['gtin', 'ean', 'штрихкод'],
  sku: ['sku', 'артикул'],
  qty: ['qty', 'quantity', 'количество', 'кол-во'],
  serial: ['serial', 'серийный_номер', 'serial_no'],
  price: ['price', 'цена'],
  phone: ['phone', 'телефон', 'customer_phone'],
} as const
type Column = keyof typeof columns

export type PosLine = { line: number; ok: boolean; reportId?: string; error?: string; params?: Record<string, string | number> }
export type PosResult = { ok: true; id: string } | { ok: false; error: string }

/** Days since 1899-12-30: how a spreadsheet stores a date cell (the 1900 system, as XLSX writes it). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30)

/** The sale's day as POS exports write it: ISO, Russian "25.11.2026", either with a time after it, or a date cell. */
const readDay = (v: string): string | null => {
  const serial = /^\d{5}(?:\.\d+)?$/.test(v) ? Number(v) : null
  const m = /^(\d{2})\.(\d{2})\.(\d{4})(?:[ T].*)?$/.exec(v)
  const day =
    serial !== null
      ? new Date(EXCEL_EPOCH_MS + Math.floor(serial) * 86_400_000).toISOString().slice(0, 10)
      : m
        ? `${m[3]}-${m[2]}-${m[1]}`
        : /^\d{4}-\d{2}-\d{2}(?:[ T].*)?$/.test(v)
          ? v.slice(0, 10)
          : ''
  return day && !dayProblem(day) ? day : null
}

/** The first reason of a line's field errors, as the line report shows it. */
const firstProblem = (errors: Record<string, string[]>) => Object.values(errors).flat()[0]

export async function importPosFile({
  scope,
  actor,
  fileName,
  bytes,
}: {
  scope: OrgScope
  actor: Actor
  fileName: string
  bytes: Uint8Array
}): Promise<PosResult> {
  const read = readImportFile(bytes)
  if (!read.ok) return { ok: false, error: read.at ? `import.file.${read.error}|${read.at}` : `import.file.${read.error}` }
  if (read.rows.length > MAX_POS_LINES) return { ok: false, error: `sarm.pos.error.tooManyLines|${MAX_POS_LINES}` }
  const at = {} as Record<Column, number>
  for (const [field, names] of Object.entries(columns) as [Column, readonly string[]][]) at[field] = read.header.findIndex((h) => names.includes(h))
  const missing = (['date', 'receipt', 'assistant', 'qty'] as const).filter((c) => at[c] < 0)
  if (missing.length) return { ok: false, error: `sarm.pos.error.missingColumns|${missing.join(', ')}` }
  if (at.gtin < 0 && at.sku < 0) return { ok: false, error: 'sarm.pos.error.missingColumns|gtin / sku' }
  const cell = (cells: string[], c: Column) => (at[c] >= 0 ? (cells[at[c]] ?? '').trim() : '')

  const changes: SalesChange[] = []
  const id = await db.transaction(async (tx) => {
    const { today } = await businessClock(tx)
    const people = await rosterOf(tx, scope.orgId)
    // The import's row first, so each report made from it names it; the counts and the report follow at the end.
    const [saved] = await tx
      .insert(posImports)
      .values({
        orgId: scope.orgId,
        fileName: fileName.slice(0, 200),
        uploadedBy: actor.userId!,
        lineCount: 0,
        acceptedCount: 0,
        rejectedCount: 0,
        report: [],
      })
      .returning({ id: posImports.id })
    const report: PosLine[] = []
    for (const row of read.rows) {
      const c = (k: Column) => cell(row.cells, k)
      const bad = (error: string) => report.push({ line: row.line, ok: false, error })
      const soldOn = readDay(c('date'))
      if (!soldOn) {
        bad('sarm.pos.error.date')
        continue
      }
      const receiptNo = c('receipt')
      if (!receiptNo || receiptNo.length > 64) {
        bad('sarm.pos.error.receipt')
        continue
      }
      const who = c('assistant').toLowerCase()
      // The assistant at the day of the sale: a POS code or e-mail of this dealer's roster only.
      const person = people.find(
        (p) => (p.posCode?.toLowerCase() === who || p.email === who) && p.startsOn <= soldOn && (!p.endsOn || p.endsOn >= soldOn),
      )
      if (!person) {
        bad(people.some((p) => p.posCode?.toLowerCase() === who || p.email === who) ? 'sarm.pos.error.notOnRoster' : 'sarm.pos.error.assistant')
        continue
      }
      const qty = parseWholeNumber(c('qty'))
      if (qty === null || qty === 0 || Math.abs(qty) > 10_000) {
        bad('sarm.pos.error.qty')
        continue
      }
      const price = c('price') ? parseRoubles(c('price')) : 0
      if (price === null) {
        bad('sarm.pos.error.price')
        continue
      }
      const phone = phoneField.safeParse(c('phone') || undefined)
      if (!phone.success) {
        bad('sarm.error.phone')
        continue
      }
      const product = await productByRef(tx, c('gtin'), c('sku'))
      if (!product) {
        bad('sarm.error.unknownProduct')
        continue
      }
      const serial = c('serial') || null
      if (qty < 0) {
        const returned = await returnLine(tx, { orgId: scope.orgId, receiptNo, productId: product, serial, qty: -qty, returnedOn: soldOn })
        if (!returned) bad('sarm.pos.error.returnNoSale')
        else {
          report.push({ line: row.line, ok: true, reportId: returned.id })
          changes.push({ orgId: scope.orgId, shopId: returned.shopId, userId: returned.userId, soldOn: returned.soldOn })
        }
        continue
      }
      const check = await saleLineProblems(
        tx,
        { orgId: scope.orgId, userId: person.userId, shopId: person.shopId, productId: product, qty, serial, soldOn },
        today,
      )
      const problem = firstProblem(check.fieldErrors)
      if (problem) {
        bad(problem)
        continue
      }
      // A file uploaded twice must not count its sales twice: the same receipt's line of one product is one sale.
      const [again] = await tx
        .select({ id: saleReports.id })
        .from(saleReports)
        .where(
          and(
            eq(saleReports.orgId, scope.orgId),
            eq(saleReports.receiptNo, receiptNo),
            eq(saleReports.productId, product),
            serial ? eq(saleReports.serial, serial) : isNull(saleReports.serial),
            sql`${saleReports.status} <> 'rejected'`,
          ),
        )
        .limit(1)
      if (again) {
        bad('sarm.pos.error.duplicate')
        continue
      }
      const [created] = await tx
        .insert(saleReports)
        .values({
          orgId: scope.orgId,
          shopId: person.shopId,
          userId: person.userId,
          productId: product,
          qty,
          unitPriceMinor: price,
          serial,
          soldOn,
          receiptNo,
          customerPhone: phone.data,
          source: 'pos',
          posImportId: saved.id,
          status: 'confirmed',
          decidedBy: actor.userId,
          decidedAt: sql`now()`,
        })
        .returning({ id: saleReports.id })
      report.push({ line: row.line, ok: true, reportId: created.id })
      changes.push({ orgId: scope.orgId, shopId: person.shopId, userId: person.userId, soldOn })
    }
    const accepted = report.filter((l) => l.ok).length
    await tx
      .update(posImports)
      .set({ lineCount: report.length, acceptedCount: accepted, rejectedCount: report.length - accepted, report })
      .where(eq(posImports.id, saved.id))
    await writeAudit(tx, actor, {
      action: 'pos.imported',
      entity: 'pos_import',
      entityId: saved.id,
      orgId: scope.orgId,
      details: { fileName, lines: report.length, accepted, rejected: report.length - accepted },
    })
    if (changes.length) await afterSalesChanged(tx, actor, changes)
    return saved.id
  })
  if (changes.length) afterSalesCommitted(changes)
  return { ok: true, id }
}

/** The dealer's roster (active rows) with what a POS line names people by. */
async function rosterOf(tx: Tx, orgId: string) {
  return tx
    .select({
      userId: shopAssistants.userId,
      shopId: shopAssistants.shopId,
      posCode: shopAssistants.posCode,
      email: users.email,
      startsOn: shopAssistants.startsOn,
      endsOn: shopAssistants.endsOn,
    })
    .from(shopAssistants)
    .innerJoin(users, eq(users.id, shopAssistants.userId))
    .where(and(eq(shopAssistants.orgId, orgId), eq(shopAssistants.status, 'active')))
    .orderBy(desc(shopAssistants.startsOn))
}

async function productByRef(tx: Tx, gtin: string, sku: string) {
  if (!gtin && !sku) return null
  const [p] = await tx
    .select({ id: products.id })
    .from(products)
    .where(or(gtin ? eq(products.gtin, gtin) : undefined, sku ? eq(products.sku, sku) : undefined))
    .limit(1)
  return p?.id ?? null
}

/** A return line: takes units back from the confirmed report of that receipt and product that still has them. */
async function returnLine(
  tx: Tx,
  r: { orgId: string; receiptNo: string; productId: string; serial: string | null; qty: number; returnedOn: string },
) {
  const [sale] = await tx
    .select({
      id: saleReports.id,
      shopId: saleReports.shopId,
      userId: saleReports.userId,
      soldOn: saleReports.soldOn,
      returnedQty: saleReports.returnedQty,
    })
    .from(saleReports)
    .where(
      and(
        eq(saleReports.orgId, r.orgId),
        eq(saleReports.receiptNo, r.receiptNo),
        eq(saleReports.productId, r.productId),
        eq(saleReports.status, 'confirmed'),
        r.serial ? eq(saleReports.serial, r.serial) : undefined,
        gte(sql`${saleReports.qty} - ${saleReports.returnedQty}`, r.qty),
        sql`${saleReports.soldOn} <= ${r.returnedOn}`,
      ),
    )
    .orderBy(desc(saleReports.soldOn))
    .limit(1)
    .for('update')
  if (!sale) return null
  await tx
    .update(saleReports)
    .set({ returnedQty: sale.returnedQty + r.qty, returnedOn: r.returnedOn })
    .where(eq(saleReports.id, sale.id))
  return sale
}

export async function listPosImports({ scope }: { scope: Scope }) {
  return db
    .select({
      id: posImports.id,
      fileName: posImports.fileName,
      lineCount: posImports.lineCount,
      acceptedCount: posImports.acceptedCount,
      rejectedCount: posImports.rejectedCount,
      createdAt: posImports.createdAt,
      by: users.displayName,
    })
    .from(posImports)
    .innerJoin(users, eq(users.id, posImports.uploadedBy))
    .where(inScope(scope, posImports.orgId))
    .orderBy(desc(posImports.createdAt))
    .limit(50)
}

export async function getPosImport({ scope, id }: { scope: Scope; id: string }) {
  const [row] = await db
    .select({
      id: posImports.id,
      fileName: posImports.fileName,
      lineCount: posImports.lineCount,
      acceptedCount: posImports.acceptedCount,
      rejectedCount: posImports.rejectedCount,
      report: posImports.report,
      createdAt: posImports.createdAt,
    })
    .from(posImports)
    .where(and(eq(posImports.id, id), inScope(scope, posImports.orgId)))
  return row ?? null
}
