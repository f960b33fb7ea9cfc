import { and, asc, desc, eq, ilike, inArray, lte, or, sql } from 'drizzle-orm'
import { db, type DbOrTx, type Tx } from '../../../db/client.server'
import { isUniqueViolation } from '../../../db/drivers.server'
import { users } from '../../../db/schema/auth'
import { products } from '../../../db/schema/catalog'
import { orderLines, orders } from '../../../db/schema/orders'
import { saleReportPhotos, saleReports, serialDeliveries, shopAssistants, shops } from '../../../db/schema/sarm'
import type { Locale } from '../../i18n'
import { translate } from '../../i18n'
import { formatSheetDay } from '../../i18n/format'
import { businessClock } from '../../utils/clock.server'
import { toCsv } from '../../utils/csv'
import { writeAudits, type Actor } from '../audit/mutations.server'
import { inScope, type OrgScope, type Scope } from '../auth/scope.server'
import { notifyAll, type Notice } from '../notifications/mutations.server'
import type { PhotoMime } from './photo-check'
import type { DecisionInput, ReportsQuery, ReturnInput, SaleReportInput } from './sale-schemas'
import { afterSalesChanged, afterSalesCommitted, type SalesChange } from './sales-events.server'

// Sale reports (issue 14): an assistant reports a sale of a product the operator delivered to its dealer, the shop's
// manager (or the dealer's admin) confirms or rejects it, and a later return takes units back. Only confirmed units
// count (`qty - returned_qty`); every change of what counts goes through `afterSalesChanged` in its transaction so
// bonuses and contests follow. A refusal changes nothing and names the field.

export const REPORTS_PAGE = 200
const MAX_EXPORT_ROWS = 10_000

type FieldErrors = Record<string, string[]>
export type SaleResult = { ok: true; id: string } | { ok: false; status: 400 | 404; fieldErrors?: FieldErrors; formErrors?: string[] }

/** The person deciding: the shop's manager may decide its reports; the dealer's admin (`manage:sarm:org`) any. */
export interface Decider {
  userId: string
  isAdmin: boolean
}

const productName = { id: products.id, sku: products.sku, gtin: products.gtin, nameRu: products.nameRu, nameEn: products.nameEn }

// Written with qualified names: in a single-table select drizzle leaves columns unqualified, and inside these
// subqueries an unqualified "id" would name the subquery's own table.
const PRODUCT_ID = sql.raw('"products"."id"')

/** Products the operator delivered to the dealer: a shipped order line, or a serial number delivered to it. */
const deliveredTo = (orgId: string) =>
  sql<boolean>`(exists (select 1 from order_lines ol join orders o on o.id = ol.order_id
      where o.org_id = ${orgId} and ol.product_id = ${PRODUCT_ID} and ol.shipped_qty > 0)
    or exists (select 1 from serial_deliveries sd where sd.org_id = ${orgId} and sd.product_id = ${PRODUCT_ID}))`

/** Products the dealer receives by serial number: a sale of one names its serial. */
const bySerial = (orgId: string) =>
  sql<boolean>`exists (select 1 from serial_deliveries sd where sd.org_id = ${orgId} and sd.product_id = ${PRODUCT_ID})`

/** The shops where the person sells today or sold (active roster rows), for the report form's shop choice. */
export async function listOwnShops({ scope, userId }: { scope: OrgScope; userId: string }) {
  return db
    .select({ shopId: shops.id, name: shops.name, startsOn: shopAssistants.startsOn, endsOn: shopAssistants.endsOn })
    .from(shopAssistants)
    .innerJoin(shops, eq(shops.id, shopAssistants.shopId))
    .where(and(eq(shopAssistants.orgId, scope.orgId), eq(shopAssistants.userId, userId), eq(shopAssistants.status, 'active')))
    .orderBy(asc(shops.name))
}

/** Delivered products matching a name, SKU or GTIN (at most 20), each saying whether it is sold by serial. */
export async function searchDeliveredProducts({ scope, q }: { scope: OrgScope; q: string }) {
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
  return db
    .select({ ...productName, bySerial: bySerial(scope.orgId) })
    .from(products)
    .where(
      and(or(ilike(products.nameRu, like), ilike(products.nameEn, like), ilike(products.sku, like), eq(products.gtin, q)), deliveredTo(scope.orgId)),
    )
    .orderBy(asc(products.sku))
    .limit(20)
}

async function productOf(tx: DbOrTx, orgId: string, input: { productId?: string; gtin?: string }) {
  const [p] = await tx
    .select({ id: products.id, bySerial: bySerial(orgId), delivered: deliveredTo(orgId) })
    .from(products)
    .where(input.productId ? eq(products.id, input.productId) : eq(products.gtin, input.gtin ?? ''))
  return p ?? null
}

/** The dealer's last purchase price of the product: the counter price is not known to the assistant's form. */
async function lastPrice(tx: DbOrTx, orgId: string, productId: string) {
  const [row] = await tx
    .select({ price: orderLines.unitPriceMinor })
    .from(orderLines)
    .innerJoin(orders, eq(orders.id, orderLines.orderId))
    .where(and(eq(orders.orgId, orgId), eq(orderLines.productId, productId)))
    .orderBy(desc(orders.placedAt))
    .limit(1)
  return row?.price ?? 0
}

/**
 * Every reason a sale line may not be recorded, as field errors: the product was never delivered to the dealer, a
 * serial product without its serial (or more than one unit), a serial not delivered to this dealer or already
 * reported, a day in the future or outside the assistant's time at the shop. Shared by the form and the POS import.
 */
export async function saleLineProblems(
  tx: DbOrTx,
  line: { orgId: string; userId: string; shopId: string; productId?: string; gtin?: string; qty: number; serial: string | null; soldOn: string },
  today: string,
): Promise<{ fieldErrors: FieldErrors; productId: string | null; rosterShopId: string | null }> {
  const errors: FieldErrors = {}
  const [roster] = await tx
    .select({ startsOn: shopAssistants.startsOn, endsOn: shopAssistants.endsOn })
    .from(shopAssistants)
    .where(
      and(
        eq(shopAssistants.orgId, line.orgId),
        eq(shopAssistants.userId, line.userId),
        eq(shopAssistants.shopId, line.shopId),
        eq(shopAssistants.status, 'active'),
      ),
    )
    .orderBy(desc(shopAssistants.startsOn))
    .limit(1)
  if (!roster) errors.shopId = ['sarm.error.notYourShop']
  if (line.soldOn > today) errors.soldOn = ['sarm.error.futureDate']
  else if (roster && line.soldOn < roster.startsOn) errors.soldOn = [`sarm.error.beforeStart|day:${roster.startsOn}`]
  else if (roster?.endsOn && line.soldOn > roster.endsOn) errors.soldOn = [`sarm.error.afterEnd|day:${roster.endsOn}`]
  const product = await productOf(tx, line.orgId, line)
  const productField = line.productId ? 'productId' : 'gtin'
  if (!product) errors[productField] = ['sarm.error.unknownProduct']
  else if (!product.delivered) errors[productField] = ['sarm.error.notDelivered']
  else if (product.bySerial) {
    if (!line.serial) errors.serial = ['sarm.error.serialRequired']
    else {
      const [delivered] = await tx
        .select({ id: serialDeliveries.id })
        .from(serialDeliveries)
        .where(and(eq(serialDeliveries.orgId, line.orgId), eq(serialDeliveries.productId, product.id), eq(serialDeliveries.serial, line.serial)))
      const [reported] = await tx
        .select({ id: saleReports.id })
        .from(saleReports)
        .where(and(eq(saleReports.productId, product.id), eq(saleReports.serial, line.serial), sql`${saleReports.status} <> 'rejected'`))
        .limit(1)
      if (!delivered) errors.serial = ['sarm.error.serialNotDelivered']
      else if (reported) errors.serial = ['sarm.error.serialReported']
    }
    if (line.qty !== 1) errors.qty = ['sarm.error.serialQtyOne']
  } else if (line.serial) errors.serial = ['sarm.error.noSerials']
  return { fieldErrors: errors, productId: product?.id ?? null, rosterShopId: roster ? line.shopId : null }
}

/** Recipients of "a report waits": the shop's manager, or the dealer's admins when the shop has none. */
const managerOf = (shop: { managerUserId: string | null }, orgId: string): Notice['to'] =>
  shop.managerUserId ? { userIds: [shop.managerUserId] } : { orgId, roles: ['dealer_admin'] }

/** An assistant reports a sale, with an optional receipt photo already checked (photo-check.ts). */
export async function reportSale(input: {
  scope: OrgScope
  actor: Actor
  userId: string
  input: SaleReportInput
  photo: { mime: PhotoMime; bytes: Buffer } | null
}): Promise<SaleResult> {
  const { scope, actor, userId } = input
  const v = input.input
  try {
    return await db.transaction(async (tx): Promise<SaleResult> => {
      const { today } = await businessClock(tx)
      const check = await saleLineProblems(tx, { orgId: scope.orgId, userId, ...v, gtin: v.gtin || undefined }, today)
      if (Object.keys(check.fieldErrors).length || !check.productId) return { ok: false, status: 400, fieldErrors: check.fieldErrors }
      const [shop] = await tx
        .select({ managerUserId: shops.managerUserId, name: shops.name })
        .from(shops)
        .where(and(eq(shops.id, v.shopId), eq(shops.orgId, scope.orgId)))
      const [row] = await tx
        .insert(saleReports)
        .values({
          orgId: scope.orgId,
          shopId: v.shopId,
          userId,
          productId: check.productId,
          qty: v.qty,
          unitPriceMinor: await lastPrice(tx, scope.orgId, check.productId),
          serial: v.serial,
          soldOn: v.soldOn,
          receiptNo: v.receiptNo,
        })
        .returning({ id: saleReports.id })
      if (input.photo)
        await tx.insert(saleReportPhotos).values({ reportId: row.id, orgId: scope.orgId, mime: input.photo.mime, bytes: input.photo.bytes })
      await writeAudits(tx, actor, [
        {
          action: 'sale.reported',
          entity: 'sale_report',
          entityId: row.id,
          orgId: scope.orgId,
          details: { productId: check.productId, qty: v.qty, serial: v.serial, soldOn: v.soldOn, receiptNo: v.receiptNo, photo: !!input.photo },
        },
      ])
      await notifyAll(tx, [
        {
          to: managerOf(shop, scope.orgId),
          kind: 'sarm.saleWaiting',
          params: { shop: shop.name, receipt: v.receiptNo },
          link: `/shops/reports?status=pending&shopId=${v.shopId}`,
          orgId: scope.orgId,
        },
      ])
      return { ok: true, id: row.id }
    })
  } catch (error) {
    // Two reports of one serial at the same moment: the unique index decides, the second is told as the form would.
    if (isUniqueViolation(error, 'sale_reports_serial_key')) return { ok: false, status: 400, fieldErrors: { serial: ['sarm.error.serialReported'] } }
    throw error
  }
}

const reportColumns = {
  id: saleReports.id,
  shopId: saleReports.shopId,
  shopName: shops.name,
  managerUserId: shops.managerUserId,
  userId: saleReports.userId,
  assistant: users.displayName,
  sku: products.sku,
  nameRu: products.nameRu,
  nameEn: products.nameEn,
  qty: saleReports.qty,
  returnedQty: saleReports.returnedQty,
  returnedOn: saleReports.returnedOn,
  serial: saleReports.serial,
  soldOn: saleReports.soldOn,
  receiptNo: saleReports.receiptNo,
  source: saleReports.source,
  status: saleReports.status,
  rejectReason: saleReports.rejectReason,
  createdAt: saleReports.createdAt,
  hasPhoto: sql<boolean>`exists (select 1 from sale_report_photos ph where ph.report_id = "sale_reports"."id")`,
}

/** An assistant's own sales, newest first: pending, confirmed (with returns) and rejected with the reason. */
export async function listOwnSales({ scope, userId }: { scope: OrgScope; userId: string }) {
  return db
    .select(reportColumns)
    .from(saleReports)
    .innerJoin(shops, eq(shops.id, saleReports.shopId))
    .innerJoin(users, eq(users.id, saleReports.userId))
    .innerJoin(products, eq(products.id, saleReports.productId))
    .where(and(eq(saleReports.orgId, scope.orgId), eq(saleReports.userId, userId)))
    .orderBy(desc(saleReports.soldOn), desc(saleReports.createdAt))
    .limit(REPORTS_PAGE)
}

const sortColumns = {
  soldOn: saleReports.soldOn,
  createdAt: saleReports.createdAt,
  shop: shops.name,
  assistant: users.displayName,
  product: products.sku,
  qty: saleReports.qty,
  status: saleReports.status,
} as const

function reportsWhere(scope: Scope, query: ReportsQuery) {
  return and(
    inScope(scope, saleReports.orgId),
    query.shopId ? eq(saleReports.shopId, query.shopId) : undefined,
    query.status ? eq(saleReports.status, query.status) : undefined,
  )
}

/** The dealer's reports with its filters and sort (default: oldest waiting first, the order to work through). */
export async function listReports({ scope, query, limit = REPORTS_PAGE }: { scope: Scope; query: ReportsQuery; limit?: number }) {
  const column = sortColumns[query.sort ?? 'createdAt']
  const order = (query.dir ?? (query.sort ? 'asc' : 'desc')) === 'asc' ? asc(column) : desc(column)
  return db
    .select(reportColumns)
    .from(saleReports)
    .innerJoin(shops, eq(shops.id, saleReports.shopId))
    .innerJoin(users, eq(users.id, saleReports.userId))
    .innerJoin(products, eq(products.id, saleReports.productId))
    .where(reportsWhere(scope, query))
    .orderBy(order, asc(saleReports.id))
    .limit(limit)
}

/** The same list as a spreadsheet in the reader's dialect. */
export async function reportsCsv({ scope, query, locale }: { scope: Scope; query: ReportsQuery; locale: Locale }) {
  const rows = await listReports({ scope, query, limit: MAX_EXPORT_ROWS })
  const t = (k: Parameters<typeof translate>[1]) => translate(locale, k)
  return toCsv(
    [
      t('sarm.reports.soldOn'),
      t('sarm.reports.shop'),
      t('sarm.reports.assistant'),
      t('sarm.reports.sku'),
      t('sarm.reports.product'),
      t('sarm.reports.qty'),
      t('sarm.reports.returned'),
      t('sarm.reports.serial'),
      t('sarm.reports.receipt'),
      t('sarm.reports.status'),
      t('sarm.reports.reason'),
    ],
    rows.map((r) => [
      formatSheetDay(locale, r.soldOn),
      r.shopName,
      r.assistant,
      r.sku,
      locale === 'ru' ? r.nameRu : r.nameEn,
      r.qty,
      r.returnedQty,
      r.serial ?? '',
      r.receiptNo,
      translate(locale, `sarm.status.${r.status}`),
      r.rejectReason ?? '',
    ]),
    locale,
  )
}

async function lockReports(tx: Tx, scope: Scope, ids: string[]) {
  return tx
    .select({
      id: saleReports.id,
      orgId: saleReports.orgId,
      shopId: saleReports.shopId,
      userId: saleReports.userId,
      soldOn: saleReports.soldOn,
      status: saleReports.status,
      qty: saleReports.qty,
      returnedQty: saleReports.returnedQty,
      receiptNo: saleReports.receiptNo,
      managerUserId: shops.managerUserId,
    })
    .from(saleReports)
    .innerJoin(shops, eq(shops.id, saleReports.shopId))
    .where(and(inArray(saleReports.id, ids), inScope(scope, saleReports.orgId)))
    .for('update', { of: saleReports })
}

const mayDecide = (decider: Decider, r: { managerUserId: string | null }) => decider.isAdmin || r.managerUserId === decider.userId

/**
 * Confirms or rejects reports, one or several at once: all of them or none. A report of another dealer reads as
 * not found; one already decided, or of a shop the person does not manage, refuses the whole batch by name.
 */
export async function decideReports(input: { scope: OrgScope; actor: Actor; decider: Decider; input: DecisionInput }): Promise<SaleResult> {
  const { scope, actor, decider } = input
  const { intent, reportIds, reason } = input.input
  const ids = [...new Set(reportIds)]
  let changes: SalesChange[] = []
  const result = await db.transaction(async (tx): Promise<SaleResult> => {
    const rows = await lockReports(tx, scope, ids)
    if (rows.length !== ids.length) return { ok: false, status: 404, formErrors: ['sarm.error.reportNotFound'] }
    if (rows.some((r) => !mayDecide(decider, r))) return { ok: false, status: 400, formErrors: ['sarm.error.notShopManager'] }
    const decided = rows.filter((r) => r.status !== 'pending')
    if (decided.length) return { ok: false, status: 400, formErrors: [`sarm.error.alreadyDecided|${decided.map((r) => r.receiptNo).join(', ')}`] }
    const status = intent === 'confirm' ? 'confirmed' : 'rejected'
    await tx
      .update(saleReports)
      .set({ status, rejectReason: intent === 'reject' ? reason : null, decidedBy: decider.userId, decidedAt: sql`now()` })
      .where(inArray(saleReports.id, ids))
    await writeAudits(
      tx,
      actor,
      rows.map((r) => ({
        action: intent === 'confirm' ? ('sale.confirmed' as const) : ('sale.rejected' as const),
        entity: 'sale_report',
        entityId: r.id,
        orgId: r.orgId,
        details: intent === 'reject' ? { reason } : {},
      })),
    )
    await notifyAll(
      tx,
      rows.map((r) => ({
        to: { userIds: [r.userId] },
        kind: intent === 'confirm' ? ('sarm.saleConfirmed' as const) : ('sarm.saleRejected' as const),
        params: { receipt: r.receiptNo, soldOn: r.soldOn, ...(reason ? { reason } : {}) },
        link: '/assistant/sales',
        orgId: r.orgId,
      })),
    )
    if (intent === 'confirm') {
      changes = rows.map((r) => ({ orgId: r.orgId, shopId: r.shopId, userId: r.userId, soldOn: r.soldOn }))
      await afterSalesChanged(tx, actor, changes)
    }
    return { ok: true, id: ids[0] }
  })
  if (result.ok && changes.length) afterSalesCommitted(changes)
  return result
}

/** A return or correction of a confirmed report: units back (at most what still counts), on a day not before the sale. */
export async function recordReturn(input: { scope: OrgScope; actor: Actor; decider: Decider; input: ReturnInput }): Promise<SaleResult> {
  const { scope, actor, decider } = input
  const v = input.input
  let change: SalesChange | null = null
  const result = await db.transaction(async (tx): Promise<SaleResult> => {
    const [r] = await lockReports(tx, scope, [v.reportId])
    if (!r) return { ok: false, status: 404, formErrors: ['sarm.error.reportNotFound'] }
    if (!mayDecide(decider, r)) return { ok: false, status: 400, formErrors: ['sarm.error.notShopManager'] }
    if (r.status !== 'confirmed') return { ok: false, status: 400, formErrors: ['sarm.error.returnNotConfirmed'] }
    const { today } = await businessClock(tx)
    const left = r.qty - r.returnedQty
    const errors: FieldErrors = {}
    if (v.returnQty > left) errors.returnQty = [`sarm.error.returnTooMany|${left}`]
    if (v.returnedOn > today) errors.returnedOn = ['sarm.error.futureDate']
    else if (v.returnedOn < r.soldOn) errors.returnedOn = [`sarm.error.returnBeforeSale|day:${r.soldOn}`]
    if (Object.keys(errors).length) return { ok: false, status: 400, fieldErrors: errors }
    await tx
      .update(saleReports)
      .set({ returnedQty: r.returnedQty + v.returnQty, returnedOn: v.returnedOn })
      .where(eq(saleReports.id, r.id))
    await writeAudits(tx, actor, [
      { action: 'sale.returned', entity: 'sale_report', entityId: r.id, orgId: r.orgId, details: { qty: v.returnQty, returnedOn: v.returnedOn } },
    ])
    change = { orgId: r.orgId, shopId: r.shopId, userId: r.userId, soldOn: r.soldOn }
    await afterSalesChanged(tx, actor, [change])
    return { ok: true, id: r.id }
  })
  if (result.ok && change) afterSalesCommitted([change])
  return result
}

/** A report's receipt photo, only within the scope (another dealer's report reads as none). */
export async function getReceiptPhoto({ scope, reportId }: { scope: Scope; reportId: string }) {
  const [row] = await db
    .select({ mime: saleReportPhotos.mime, bytes: saleReportPhotos.bytes })
    .from(saleReportPhotos)
    .where(and(eq(saleReportPhotos.reportId, reportId), inScope(scope, saleReportPhotos.orgId)))
  return row ?? null
}

/** Confirmed units that count for an assistant up to a day (what a return reduces). */
export async function countedUnits({ scope, userId, until }: { scope: OrgScope; userId: string; until: string }) {
  const [row] = await db
    .select({ units: sql<number>`coalesce(sum(${saleReports.qty} - ${saleReports.returnedQty}), 0)::int` })
    .from(saleReports)
    .where(
      and(eq(saleReports.orgId, scope.orgId), eq(saleReports.userId, userId), eq(saleReports.status, 'confirmed'), lte(saleReports.soldOn, until)),
    )
  return Number(row.units)
}
