import { randomInt } from 'node:crypto'
import { and, asc, count, desc, eq, ilike, inArray, isNotNull, lt, or, sql, type AnyColumn, type SQL } from 'drizzle-orm'
import { db, type Tx } from '../../../db/client.server'
import { rowsOf } from '../../../db/drivers.server'
import { arrayLiteral } from '../../../db/sql-lists'
import { dealEvents, dealOrders, dealRegistrations, partnerProgrammes, programmeMembers, programmeTiers } from '../../../db/schema/prm'
import type { Locale, MessageKey } from '../../i18n'
import { translate } from '../../i18n'
import { formatSheetDateTime, formatSheetDay, formatZoneName } from '../../i18n/format'
import { businessClock, operatorDayStart, operatorTimeZone } from '../../utils/clock.server'
import { csvResponse, decimal, toCsv } from '../../utils/csv'
import { createLeadFromDeal } from '../crm/leads.server'
import { systemActor, writeAudit, type Actor } from '../audit/mutations.server'
import { userRef } from '../auth/queries.server'
import { inScope, narrowScope, type AnyScope, type OrgScope, type Scope } from '../auth/scope.server'
import { findProductKeysByReference, getProductsForLines, productFormOptions } from '../catalog/queries.server'
import { accrueLedgerLine } from '../incentives/ledger.server'
import { notify } from '../notifications/mutations.server'
import type { NoticeKind } from '../notifications/render'
import { getOrder, listOrders } from '../ordering/queries.server'
import { announcePriceChange, createDealPriceList, setPriceListValidTo } from '../pricing/mutations.server'
import { getPriceList, listPriceTiers, priceProducts } from '../pricing/queries.server'
import { referenceKey } from '../catalog/reference-key'
import { membershipRef, organisationRef } from '../tenancy/queries.server'
import { logger } from '../../utils/logger.server'
import {
  addDays,
  canDo,
  dealNumber,
  defaultProtectionDays,
  priceEndOnClose,
  protectionEnd,
  resolveConflict,
  specialPriceUntil,
  type DealStatus,
  type DeskAction,
} from './deal-rules'
import type { DealDecision, DealInput, DealQuery, DealSort } from './deal-schemas'

// Deal registration (issue 13, DESIGN.md §7): a dealer registers an opportunity, the database checks it against
// other dealers' protected registrations (prm_deal_conflict: the dealer's request is bound to its organisation by
// row-level security and could not look itself), and a partner manager decides. The second dealer of a conflict
// learns only that the opportunity is already registered: nothing the dealer can read — its pages, notices, mail,
// events, audit details — carries the other registration's dealer, number or id. Every change writes an event the
// dealer reads, an audit entry and a notice, in one transaction.

export const DEALS_PAGE_SIZE = 50
const MAX_EXPORT_ROWS = 10_000
/** Approved deals expired per sweep run; the rest wait for the next run (or their next read). */
const SWEEP_BATCH = 500

export type DealResult =
  | { ok: true; id: string; number: string; status: DealStatus }
  | { ok: false; status: 400 | 404 | 409; fieldErrors?: Record<string, string[]>; formErrors?: string[] }

const refused = (status: 400 | 404 | 409, formErrors: string[], fieldErrors?: Record<string, string[]>): DealResult => ({
  ok: false,
  status,
  formErrors,
  fieldErrors,
})

// ── Reads ─────────────────────────────────────────────────────────────────────────────────────────────────────
const sortColumns = (org: ReturnType<typeof organisationRef>): Record<DealSort, SQL | AnyColumn> => ({
  number: dealRegistrations.number,
  createdAt: sql`${dealRegistrations.createdAt}`,
  status: sql`${dealRegistrations.status}::text`,
  endCustomerName: dealRegistrations.endCustomerName,
  expectedValueMinor: sql`${dealRegistrations.expectedValueMinor}`,
  expectedCloseOn: sql`${dealRegistrations.expectedCloseOn}`,
  protectedUntil: sql`${dealRegistrations.protectedUntil}`,
  orgName: org.shortName,
})

function whereOf(scope: Scope, q: DealQuery, org: ReturnType<typeof organisationRef>) {
  const pattern = q.q ? `%${q.q.replace(/[\\%_]/g, '\\$&')}%` : null
  return and(
    inScope(scope, dealRegistrations.orgId),
    q.status ? eq(dealRegistrations.status, q.status) : undefined,
    pattern
      ? or(
          ilike(dealRegistrations.number, pattern),
          ilike(dealRegistrations.endCustomerName, pattern),
          ilike(dealRegistrations.endCustomerInn, pattern),
          // Staff search by dealer too; a dealer's own name matches only its own rows anyway.
          scope.kind === 'any' ? ilike(org.shortName, pattern) : undefined,
        )
      : undefined,
    q.from ? sql`${dealRegistrations.createdAt} >= ${operatorDayStart(q.from)}` : undefined,
    q.to ? sql`${dealRegistrations.createdAt} < ${operatorDayStart(addDays(q.to, 1))}` : undefined,
  )
}

/**
 * The deals in scope, paged and sorted: a dealer's own, or every dealer's for the desk, conflicts first there (they
 * wait for a decision). Approved deals whose protection has ended are expired first (expiry on read).
 */
export async function listDeals({ scope, query: q, limit = DEALS_PAGE_SIZE }: { scope: Scope; query: DealQuery; limit?: number }) {
  await expireDueDeals({ scope })
  const org = organisationRef()
  const where = whereOf(scope, q, org)
  const page = q.page ?? 1
  const direction = (q.dir ?? (q.sort ? 'asc' : 'desc')) === 'asc' ? asc : desc
  const column = sortColumns(org)[q.sort ?? 'createdAt']
  const rows = await db
    .select({
      id: dealRegistrations.id,
      number: dealRegistrations.number,
      orgName: org.shortName,
      status: dealRegistrations.status,
      endCustomerName: dealRegistrations.endCustomerName,
      endCustomerInn: dealRegistrations.endCustomerInn,
      endCustomerRegion: dealRegistrations.endCustomerRegion,
      expectedQty: dealRegistrations.expectedQty,
      expectedValueMinor: dealRegistrations.expectedValueMinor,
      expectedCloseOn: dealRegistrations.expectedCloseOn,
      protectedUntil: dealRegistrations.protectedUntil,
      createdAt: dealRegistrations.createdAt,
    })
    .from(dealRegistrations)
    .innerJoin(org, eq(org.id, dealRegistrations.orgId))
    .where(where)
    .orderBy(
      ...(scope.kind === 'any' ? [sql`(${dealRegistrations.status} = 'conflict') desc`] : []),
      direction(column),
      desc(dealRegistrations.createdAt),
      desc(dealRegistrations.number),
    )
    .limit(limit)
    .offset((page - 1) * limit)
  const [{ total }] = await db.select({ total: count() }).from(dealRegistrations).innerJoin(org, eq(org.id, dealRegistrations.orgId)).where(where)
  return {
    rows: rows.map((r) => ({ ...r, orgName: scope.kind === 'any' ? r.orgName : '' })),
    total,
    page,
    pages: Math.max(1, Math.ceil(total / limit)),
  }
}

/** What the dealer may read of one of its deals (and the desk of any): never whom it conflicts with. */
const dealColumns = {
  id: dealRegistrations.id,
  number: dealRegistrations.number,
  orgId: dealRegistrations.orgId,
  status: dealRegistrations.status,
  endCustomerInn: dealRegistrations.endCustomerInn,
  endCustomerName: dealRegistrations.endCustomerName,
  endCustomerRegion: dealRegistrations.endCustomerRegion,
  productIds: dealRegistrations.productIds,
  categoryIds: dealRegistrations.categoryIds,
  expectedQty: dealRegistrations.expectedQty,
  expectedValueMinor: dealRegistrations.expectedValueMinor,
  expectedCloseOn: dealRegistrations.expectedCloseOn,
  note: dealRegistrations.note,
  protectedUntil: dealRegistrations.protectedUntil,
  priceListId: dealRegistrations.priceListId,
  decisionNote: dealRegistrations.decisionNote,
  lostReason: dealRegistrations.lostReason,
  createdAt: dealRegistrations.createdAt,
}

async function readDeal(scope: Scope, dealId: string) {
  const user = userRef()
  const [deal] = await db
    .select({ ...dealColumns, createdByName: user.displayName, createdByEmail: user.email })
    .from(dealRegistrations)
    .leftJoin(user, eq(user.id, dealRegistrations.createdBy))
    .where(and(eq(dealRegistrations.id, dealId), inScope(scope, dealRegistrations.orgId)))
  if (!deal) return null
  const orgScope = scope.kind === 'org' ? scope : narrowScope(scope, deal.orgId)
  const { today } = await businessClock()
  const [events, products, options, linked, tiers] = [
    await db
      .select({ kind: dealEvents.kind, status: dealEvents.status, note: dealEvents.note, at: dealEvents.at })
      .from(dealEvents)
      .where(and(eq(dealEvents.dealId, deal.id), inScope(scope, dealEvents.orgId)))
      .orderBy(asc(dealEvents.at), asc(dealEvents.id)),
    await getProductsForLines({ scope: orgScope, ids: deal.productIds, date: today }),
    await productFormOptions(),
    await db
      .select({ orderId: dealOrders.orderId })
      .from(dealOrders)
      .where(and(eq(dealOrders.dealId, deal.id), inScope(scope, dealOrders.orgId))),
    deal.priceListId ? await listPriceTiers({ productIds: deal.productIds }) : [],
  ]
  const special = new Map(tiers.filter((t) => t.priceListId === deal.priceListId && t.minQty === 1).map((t) => [t.productId, t.unitPriceMinor]))
  const orders = []
  for (const l of linked) {
    const o = await getOrder({ scope: orgScope, orderId: l.orderId })
    if (o) orders.push({ id: o.id, number: o.number, status: o.status, grossMinor: o.grossMinor, currency: o.currency })
  }
  const categoryNames = new Map(options.categories.map((c) => [c.id, c]))
  const { productIds: _p, categoryIds, ...rest } = deal
  void _p
  return {
    deal: rest,
    today,
    products: deal.productIds.flatMap((id) => {
      const p = products.get(id)
      return p ? [{ id, sku: p.sku, nameRu: p.nameRu, nameEn: p.nameEn, unit: p.unit, specialPriceMinor: special.get(id) ?? null }] : []
    }),
    categories: categoryIds.flatMap((id) => {
      const c = categoryNames.get(id)
      return c ? [{ id, nameRu: c.nameRu, nameEn: c.nameEn }] : []
    }),
    events,
    orders,
    orgScope,
  }
}

/** One of the scope's deals with its timeline, products (and special prices) and linked orders; null: not in scope. */
export async function getDeal({ scope, dealId }: { scope: OrgScope; dealId: string }) {
  await expireDueDeals({ scope })
  const found = await readDeal(scope, dealId)
  if (!found) return null
  const { orgScope: _, ...visible } = found
  void _
  return visible
}

/**
 * The partner manager's view of one deal: the dealer, the conflicting registration side by side with its dealer,
 * the registrations that conflict with this one, the dealer's current price of each product (to compare a special
 * price with), the protection a new approval offers and the dealer's recent orders to link when it is won.
 */
export async function getDeskDeal({ scope, dealId }: { scope: AnyScope; dealId: string }) {
  await expireDueDeals({ scope })
  const found = await readDeal(scope, dealId)
  if (!found) return null
  const { orgScope, ...base } = found
  const org = organisationRef()
  const [dealer] = await db.select({ shortName: org.shortName, legalName: org.legalName }).from(org).where(eq(org.id, base.deal.orgId))
  const [conflictRow] = await db
    .select({ conflictWithId: dealRegistrations.conflictWithId })
    .from(dealRegistrations)
    .where(eq(dealRegistrations.id, dealId))
  const other = conflictRow?.conflictWithId ? await readDeal(scope, conflictRow.conflictWithId) : null
  const otherDealer = other
    ? (await db.select({ shortName: org.shortName, legalName: org.legalName }).from(org).where(eq(org.id, other.deal.orgId)))[0]
    : null
  const challengers = await db
    .select({ id: dealRegistrations.id, number: dealRegistrations.number, status: dealRegistrations.status, orgName: org.shortName })
    .from(dealRegistrations)
    .innerJoin(org, eq(org.id, dealRegistrations.orgId))
    .where(eq(dealRegistrations.conflictWithId, dealId))
    .orderBy(asc(dealRegistrations.createdAt))
  const prices = await priceProducts({ scope: orgScope, items: base.products.map((p) => ({ productId: p.id, qty: 1 })), date: base.today })
  const [tier] = await db
    .select({ benefits: programmeTiers.benefits, programmeDays: partnerProgrammes.dealProtectionDays })
    .from(programmeMembers)
    .innerJoin(programmeTiers, eq(programmeTiers.id, programmeMembers.tierId))
    .innerJoin(partnerProgrammes, eq(partnerProgrammes.id, programmeMembers.programmeId))
    .where(and(eq(programmeMembers.orgId, base.deal.orgId), eq(partnerProgrammes.active, true)))
    .orderBy(asc(partnerProgrammes.createdAt))
    .limit(1)
  const recent = await listOrders({ scope: orgScope, query: { mine: false }, limit: 50 })
  return {
    ...base,
    dealer: dealer ?? { shortName: '', legalName: '' },
    products: base.products.map((p) => {
      const r = prices.get(p.id)
      return { ...p, currentPriceMinor: r?.ok ? r.unitPriceMinor : null, currentList: r?.ok ? r.list.code : null }
    }),
    other: other && otherDealer ? { deal: other.deal, products: other.products, categories: other.categories, dealer: otherDealer } : null,
    challengers,
    protectionDays: defaultProtectionDays({ tierDays: tier?.benefits.dealProtectionDays, programmeDays: tier?.programmeDays }),
    dealerOrders: recent.rows.map((o) => ({ id: o.id, number: o.number, status: o.status, placedAt: o.placedAt, grossMinor: o.grossMinor })),
  }
}
export type DeskDeal = NonNullable<Awaited<ReturnType<typeof getDeskDeal>>>

/** The desk's deal list as CSV, in the reader's dialect. */
export async function dealsCsv({ scope, query, locale }: { scope: AnyScope; query: DealQuery; locale: Locale }) {
  const { rows } = await listDeals({ scope, query: { ...query, page: 1 }, limit: MAX_EXPORT_ROWS })
  const tr = (k: MessageKey) => translate(locale, k)
  const zone = formatZoneName(locale, operatorTimeZone)
  return csvResponse(
    'deals.csv',
    toCsv(
      [
        tr('deals.number'),
        tr('deals.dealer'),
        tr('deals.status'),
        tr('deals.endCustomer'),
        tr('deals.inn'),
        tr('deals.region'),
        tr('deals.expectedQty'),
        tr('deals.expectedValue'),
        tr('deals.expectedCloseOn'),
        tr('deals.protectedUntil'),
        `${tr('deals.createdAt')} (${zone})`,
      ],
      rows.map((d) => [
        d.number,
        d.orgName,
        tr(`dealStatus.${d.status}`),
        d.endCustomerName,
        d.endCustomerInn,
        d.endCustomerRegion,
        d.expectedQty,
        decimal(d.expectedValueMinor / 100),
        formatSheetDay(locale, d.expectedCloseOn),
        d.protectedUntil ? formatSheetDay(locale, d.protectedUntil) : null,
        formatSheetDateTime(locale, d.createdAt, operatorTimeZone),
      ]),
      locale,
    ),
  )
}

/** What both dealers of a resolved conflict read when theirs is the one rejected: never who or which deal won. */
const NEUTRAL_REASON = 'deals.reason.conflictResolved'

// ── Writes ────────────────────────────────────────────────────────────────────────────────────────────────────

/** The dealer's people who hear of a deal: its administrators and the person who registered it. */
async function dealRecipients(tx: Tx, deal: { orgId: string; createdBy: string | null }) {
  const m = membershipRef()
  const admins = await tx
    .select({ userId: m.userId })
    .from(m)
    .where(and(eq(m.orgId, deal.orgId), eq(m.role, 'dealer_admin'), isNotNull(m.acceptedAt)))
  return [...new Set([...admins.map((a) => a.userId), ...(deal.createdBy ? [deal.createdBy] : [])])]
}

type DealRow = typeof dealRegistrations.$inferSelect

/** One step of a deal: its event (what the dealer reads), the audit entry, the notice to the dealer's people. */
async function recordStep(
  tx: Tx,
  actor: Actor,
  deal: Pick<DealRow, 'id' | 'number' | 'orgId' | 'createdBy'>,
  step: {
    status: DealStatus
    kind: string
    note?: string
    audit: 'deal.registered' | 'deal.decided' | 'deal.extended' | 'deal.closed'
    details: Record<string, unknown>
    notice: NoticeKind
    params?: Record<string, string | number>
  },
) {
  await tx
    .insert(dealEvents)
    .values({ dealId: deal.id, orgId: deal.orgId, status: step.status, kind: step.kind, note: step.note ?? '', actorId: actor.userId })
  await writeAudit(tx, actor, {
    action: step.audit,
    entity: 'deal',
    entityId: deal.id,
    orgId: deal.orgId,
    details: { number: deal.number, status: step.status, ...step.details },
  })
  await notify(tx, {
    to: { userIds: await dealRecipients(tx, deal) },
    kind: step.notice,
    params: { number: deal.number, ...step.params },
    link: `/programme/deals/${deal.id}`,
    orgId: deal.orgId,
    mail: true,
  })
}

/**
 * The dealer registers an opportunity. Products are named as the dealer types them (SKU, GTIN, its own part
 * number) and must exist; categories must exist; the close date must not have passed. A registration of the same
 * end customer (INN) with overlapping products or categories by another dealer, still pending or protected, makes
 * this one a conflict for the partner manager: the dealer is told only that, in the same words as every conflict.
 */
export async function registerDeal({ scope, actor, input }: { scope: OrgScope; actor: Actor; input: DealInput }): Promise<DealResult> {
  const fieldErrors: Record<string, string[]> = {}
  const found = await findProductKeysByReference({ scope, refs: input.products })
  const byKey = new Map<string, string>()
  for (const p of found) for (const k of [p.sku, p.gtin, p.partNumber]) if (k) byKey.set(referenceKey(k), p.id)
  const unknown = input.products.filter((r) => !byKey.has(referenceKey(r)))
  if (unknown.length) fieldErrors.products = [`deals.error.unknownProduct|${unknown.slice(0, 5).join(', ')}`]
  const productIds = [...new Set(input.products.flatMap((r) => byKey.get(referenceKey(r)) ?? []))]
  const { categories } = await productFormOptions()
  const known = new Set(categories.map((c) => c.id))
  if (input.categoryIds.some((id) => !known.has(id))) fieldErrors.categoryIds = ['errors.chooseOne']
  const categoryIds = [...new Set(input.categoryIds)]

  return db.transaction(async (tx): Promise<DealResult> => {
    const { today } = await businessClock(tx)
    if (input.expectedCloseOn < today) fieldErrors.expectedCloseOn = ['deals.error.closeInPast']
    if (Object.keys(fieldErrors).length) return refused(400, [], fieldErrors)
    // Two dealers registering one customer at the same moment: the second waits and then sees the first.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`deal-inn:${input.endCustomerInn}`}))`)
    const [conflict] = rowsOf<{ id: string | null }>(
      await tx.execute(
        sql`select prm_deal_conflict(${scope.orgId}::uuid, ${input.endCustomerInn}, ${arrayLiteral(productIds)}::uuid[], ${arrayLiteral(categoryIds)}::uuid[], null) as id`,
      ),
    )
    // The same dealer sending the same registration again (a double click, a second tab: the same customer, products
    // and categories, still open): refused, naming its deal. A changed product list is a new registration.
    const [own] = await tx
      .select({ number: dealRegistrations.number })
      .from(dealRegistrations)
      .where(
        and(
          eq(dealRegistrations.orgId, scope.orgId),
          eq(dealRegistrations.endCustomerInn, input.endCustomerInn),
          sql`(${dealRegistrations.status} in ('submitted', 'conflict') or (${dealRegistrations.status} = 'approved' and ${dealRegistrations.protectedUntil} >= ${today}::date))`,
          sql`${dealRegistrations.productIds} @> ${arrayLiteral(productIds)}::uuid[] and ${dealRegistrations.productIds} <@ ${arrayLiteral(productIds)}::uuid[]`,
          sql`${dealRegistrations.categoryIds} @> ${arrayLiteral(categoryIds)}::uuid[] and ${dealRegistrations.categoryIds} <@ ${arrayLiteral(categoryIds)}::uuid[]`,
        ),
      )
      .limit(1)
    if (own) return refused(409, [`deals.error.duplicate|${own.number}`])
    const conflictWithId = conflict?.id ?? null
    const status: DealStatus = conflictWithId ? 'conflict' : 'submitted'
    // Numbers are drawn at random, not counted: a dealer's request sees only its own deals (it could not count the
    // others), and a counter would tell a dealer how many deals other partners registered in between.
    let deal: DealRow | undefined
    for (let attempt = 0; attempt < 8 && !deal; attempt++) {
      ;[deal] = await tx
        .insert(dealRegistrations)
        .values({
          number: dealNumber(today.slice(0, 4), randomInt(1, 1_000_000)),
          orgId: scope.orgId,
          endCustomerInn: input.endCustomerInn,
          endCustomerName: input.endCustomerName,
          endCustomerRegion: input.endCustomerRegion,
          productIds,
          categoryIds,
          expectedQty: input.expectedQty,
          expectedValueMinor: input.expectedValue,
          expectedCloseOn: input.expectedCloseOn,
          note: input.note,
          status,
          conflictWithId,
          createdBy: actor.userId,
        })
        .onConflictDoNothing({ target: dealRegistrations.number })
        .returning()
    }
    if (!deal) throw new Error('no free deal number')
    await createLeadFromDeal(tx, actor, deal)
    await recordStep(tx, actor, deal, {
      status,
      kind: status,
      note: conflictWithId ? 'deals.note.conflict' : '',
      audit: 'deal.registered',
      // Only that there is a conflict: the other registration's id stays in the deal row, which the desk reads.
      details: { conflict: !!conflictWithId, products: productIds.length, categories: categoryIds.length },
      notice: conflictWithId ? 'dealConflict' : 'dealSubmitted',
    })
    await notify(tx, {
      to: { staff: ['partner_manager'] },
      kind: conflictWithId ? 'deskDealConflict' : 'deskDealSubmitted',
      params: { number: deal.number },
      link: `/desk/partners/deals/${deal.id}`,
    })
    return { ok: true, id: deal.id, number: deal.number, status }
  })
}

async function lockDeal(tx: Tx, dealId: string) {
  const [deal] = await tx.select().from(dealRegistrations).where(eq(dealRegistrations.id, dealId)).for('update')
  return deal ?? null
}

/** Ends a deal's special price (rejected, lost, expired): the list is valid until yesterday, or its protection end. */
async function endSpecialPrice(tx: Tx, actor: Actor, deal: DealRow, lastDay: string) {
  if (!deal.priceListId) return false
  return setPriceListValidTo(tx, { actor, listId: deal.priceListId, validTo: lastDay })
}

async function approve(
  tx: Tx,
  actor: Actor,
  deal: DealRow,
  today: string,
  input: { protectionDays: number; prices: { productId: string; price: number | null }[]; priceUntil?: string; note: string },
): Promise<{ ok: true; priced: boolean } | { ok: false; fieldErrors: Record<string, string[]> }> {
  const protectedUntil = protectionEnd(today, input.protectionDays)
  const fieldErrors: Record<string, string[]> = {}
  const priced = input.prices.flatMap((p, i) => {
    if (p.price === null) return []
    if (!deal.productIds.includes(p.productId)) fieldErrors[`prices[${i}].price`] = ['deals.error.notOnDeal']
    // One price per product: a second one would break the price list's one-price-per-tier rule (a 500 before).
    else if (input.prices.findIndex((q) => q.price !== null && q.productId === p.productId) !== i)
      fieldErrors[`prices[${i}].price`] = ['deals.error.duplicatePrice']
    return [{ productId: p.productId, unitPriceMinor: p.price }]
  })
  if (input.priceUntil && input.priceUntil < today) fieldErrors.priceUntil = ['deals.error.dayPassed']
  if (Object.keys(fieldErrors).length) return { ok: false, fieldErrors }
  let priceListId: string | null = null
  if (priced.length)
    priceListId = await createDealPriceList(tx, {
      actor,
      code: `DEAL-${deal.number}`,
      name: `${deal.number} · ${deal.endCustomerName}`.slice(0, 200),
      orgId: deal.orgId,
      validFrom: today,
      validTo: specialPriceUntil({ priceUntil: input.priceUntil ?? null, protectedUntil, from: today }),
      prices: priced,
    })
  await tx
    .update(dealRegistrations)
    .set({ status: 'approved', protectedUntil, priceListId, decisionNote: input.note || null, updatedAt: sql`now()` })
    .where(eq(dealRegistrations.id, deal.id))
  await recordStep(tx, actor, deal, {
    status: 'approved',
    kind: 'approved',
    note: input.note,
    audit: 'deal.decided',
    details: { decision: 'approve', protectedUntil, specialPrices: priced.length, priceListId },
    notice: 'dealApproved',
    params: { untilOn: protectedUntil },
  })
  return { ok: true, priced: priced.length > 0 }
}

async function reject(tx: Tx, actor: Actor, deal: DealRow, today: string, reason: string) {
  const neutral = reason === NEUTRAL_REASON
  const ended = await endSpecialPrice(tx, actor, deal, priceEndOnClose(today))
  await tx
    .update(dealRegistrations)
    .set({ status: 'rejected', decisionNote: reason, updatedAt: sql`now()` })
    .where(eq(dealRegistrations.id, deal.id))
  await recordStep(tx, actor, deal, {
    status: 'rejected',
    kind: 'rejected',
    note: reason,
    audit: 'deal.decided',
    details: { decision: 'reject', reason },
    notice: neutral ? 'dealRejectedConflict' : 'dealRejected',
    // The neutral reason of a resolved conflict is a catalog key, said in each reader's language.
    params: neutral ? {} : { reason },
  })
  return ended
}

/**
 * The partner manager's decision on one deal: approve (protection, special prices), reject with a reason, resolve a
 * conflict (one approved, the other rejected with a neutral reason), extend, won (with the dealer's orders) or lost.
 * Each refused unless the deal's state allows it; one transaction, nothing changed on a refusal.
 */
export async function decideDeal({
  scope,
  actor,
  dealId,
  decision,
}: {
  scope: AnyScope
  actor: Actor
  dealId: string
  decision: DealDecision
}): Promise<DealResult> {
  await expireDueDeals({ scope })
  // The orders a won deal links must be the dealer's own: read through ordering, before the transaction.
  let orderIds: string[] = []
  const linked: LinkedOrder[] = []
  const [owner] = await db
    .select({ orgId: dealRegistrations.orgId, priceListId: dealRegistrations.priceListId })
    .from(dealRegistrations)
    .where(eq(dealRegistrations.id, dealId))
  if (!owner) return refused(404, ['errors.notFound'])
  const list = owner.priceListId ? await getPriceList({ scope, listId: owner.priceListId }) : null
  if (decision.intent === 'won') {
    orderIds = [...new Set(decision.orderIds)]
    for (const id of orderIds) {
      const order = await getOrder({ scope: narrowScope(scope, owner.orgId), orderId: id })
      if (!order) return refused(400, [], { orderIds: ['deals.error.notDealersOrder'] })
      linked.push({ id: order.id, number: order.number, status: order.status, netMinor: order.netMinor })
    }
  }
  let pricesChanged = false
  const result = await db.transaction(async (tx): Promise<DealResult> => {
    const deal = await lockDeal(tx, dealId)
    if (!deal) return refused(404, ['errors.notFound'])
    const { today } = await businessClock(tx)
    const action: DeskAction = decision.intent
    if (!canDo(deal.status, action)) return refused(409, ['deals.error.notAllowed'])
    const done = (status: DealStatus): DealResult => ({ ok: true, id: deal.id, number: deal.number, status })
    switch (decision.intent) {
      case 'approve': {
        const r = await approve(tx, actor, deal, today, decision)
        if (!r.ok) return refused(400, [], r.fieldErrors)
        pricesChanged = r.priced
        return done('approved')
      }
      case 'reject':
        pricesChanged = await reject(tx, actor, deal, today, decision.reason)
        return done('rejected')
      case 'resolve': {
        const other = deal.conflictWithId ? await lockDeal(tx, deal.conflictWithId) : null
        if (!other) return refused(409, ['deals.error.noConflict'])
        const plan = resolveConflict(decision.keep, other)
        const approveOf = plan.approve === 'this' ? deal : plan.approve === 'other' ? other : null
        const rejectOf = plan.reject === 'this' ? deal : plan.reject === 'other' ? other : null
        if (rejectOf) pricesChanged = (await reject(tx, actor, rejectOf, today, NEUTRAL_REASON)) || pricesChanged
        if (approveOf) await approve(tx, actor, approveOf, today, { protectionDays: decision.protectionDays, prices: [], note: '' })
        return done(plan.approve === 'this' ? 'approved' : 'rejected')
      }
      case 'extend': {
        const from = deal.protectedUntil ?? today
        const protectedUntil = addDays(from, decision.days)
        // The special price follows the protection when the protection was what ended it; its own earlier date stays.
        if (deal.priceListId && list?.id === deal.priceListId) {
          if (list.validTo === deal.protectedUntil) {
            await setPriceListValidTo(tx, { actor, listId: deal.priceListId, validTo: protectedUntil })
            pricesChanged = true
          }
        }
        await tx
          .update(dealRegistrations)
          .set({ protectedUntil, updatedAt: sql`now()` })
          .where(eq(dealRegistrations.id, deal.id))
        await recordStep(tx, actor, deal, {
          status: 'approved',
          kind: 'extended',
          note: decision.note,
          audit: 'deal.extended',
          details: { from, protectedUntil, days: decision.days },
          notice: 'dealExtended',
          params: { untilOn: protectedUntil },
        })
        return done('approved')
      }
      case 'won': {
        if (orderIds.length)
          await tx
            .insert(dealOrders)
            .values(orderIds.map((orderId) => ({ dealId: deal.id, orderId, orgId: deal.orgId })))
            .onConflictDoNothing()
        await tx
          .update(dealRegistrations)
          .set({ status: 'won', decisionNote: decision.note || deal.decisionNote, updatedAt: sql`now()` })
          .where(eq(dealRegistrations.id, deal.id))
        const bonus = await accrueDealBonus(tx, actor, deal, today, linked)
        await recordStep(tx, actor, deal, {
          status: 'won',
          kind: 'won',
          note: decision.note,
          audit: 'deal.closed',
          details: { outcome: 'won', orders: orderIds.length, ...(bonus ? { bonusMinor: bonus.amountMinor, ledgerLineId: bonus.lineId } : {}) },
          notice: 'dealWon',
        })
        return done('won')
      }
      case 'lost': {
        pricesChanged = await endSpecialPrice(tx, actor, deal, priceEndOnClose(today))
        await tx
          .update(dealRegistrations)
          .set({ status: 'lost', lostReason: decision.reason, updatedAt: sql`now()` })
          .where(eq(dealRegistrations.id, deal.id))
        await recordStep(tx, actor, deal, {
          status: 'lost',
          kind: 'lost',
          note: decision.reason,
          audit: 'deal.closed',
          details: { outcome: 'lost', reason: decision.reason },
          notice: 'dealLost',
          params: { reason: decision.reason },
        })
        return done('lost')
      }
    }
  })
  if (result.ok && pricesChanged) announcePriceChange()
  return result
}

type LinkedOrder = { id: string; number: string; status: string; netMinor: number }

/**
 * A won deal's bonus (issue 13, "the incentive ledger": deal bonuses): the `dealBonusBp` of the dealer's tier in
 * force (an unexpired override first, as the rebates read it) on the net value of the orders the deal links, one
 * pending `deal_bonus` line keyed by the deal, in the won step's transaction. No bonus at the tier, or nothing to
 * take it from, is no line. A cancelled order fulfils nothing, so it adds nothing to the base.
 */
async function accrueDealBonus(
  tx: Tx,
  actor: Actor,
  deal: Pick<DealRow, 'id' | 'number' | 'orgId'>,
  today: string,
  linked: LinkedOrder[],
): Promise<{ lineId: string | null; amountMinor: number } | null> {
  const counted = linked.filter((o) => o.status !== 'cancelled')
  if (!counted.length) return null
  const tierInForce = sql`case when ${programmeMembers.overrideTierId} is not null
    and (${programmeMembers.overrideUntil} is null or ${programmeMembers.overrideUntil} >= ${today}::date)
    then ${programmeMembers.overrideTierId} else ${programmeMembers.tierId} end`
  const [member] = await tx
    .select({
      programmeId: partnerProgrammes.id,
      programmeNameRu: partnerProgrammes.nameRu,
      programmeNameEn: partnerProgrammes.nameEn,
      tierId: programmeTiers.id,
      tierRu: programmeTiers.nameRu,
      tierEn: programmeTiers.nameEn,
      benefits: programmeTiers.benefits,
    })
    .from(programmeMembers)
    .innerJoin(partnerProgrammes, eq(partnerProgrammes.id, programmeMembers.programmeId))
    .innerJoin(programmeTiers, eq(programmeTiers.id, tierInForce))
    .where(and(eq(programmeMembers.orgId, deal.orgId), eq(partnerProgrammes.active, true)))
    .orderBy(asc(partnerProgrammes.createdAt))
    .limit(1)
  const rateBp = member?.benefits.dealBonusBp
  if (!member || !Number.isInteger(rateBp) || !rateBp || rateBp <= 0 || rateBp > 10_000) return null
  const basisMinor = counted.reduce((s, o) => s + o.netMinor, 0)
  // Half up in whole kopecks, in bigint: a large base times the rate passes 2^53.
  const amountMinor = Number((BigInt(basisMinor) * BigInt(rateBp) * 2n + 10_000n) / 20_000n)
  if (amountMinor <= 0) return null
  const { lineId } = await accrueLedgerLine(tx, actor, {
    orgId: deal.orgId,
    source: 'deal_bonus',
    programmeId: member.programmeId,
    programmeNameRu: member.programmeNameRu,
    programmeNameEn: member.programmeNameEn,
    periodStart: today,
    periodEnd: today,
    amountMinor,
    accrualKey: `deal:${deal.id}`,
    explanation: {
      key: 'ledger.explain.dealBonus',
      params: { deal: deal.number, tierRu: member.tierRu, tierEn: member.tierEn, rateBp, basisMinor, amountMinor },
      inputs: { dealId: deal.id, tierId: member.tierId, orders: counted.map((o) => ({ id: o.id, number: o.number, netMinor: o.netMinor })) },
    },
  })
  return { lineId, amountMinor }
}

/**
 * Expires the approved deals in scope whose protection ended before today: status, event, audit, notice, and the
 * special price ends with the protection. The daily sweep calls it for everyone; every read calls it for its scope,
 * so a deal is never shown as protected after its last day. Rows another transaction holds are left to it.
 */
export async function expireDueDeals({ scope }: { scope: Scope }): Promise<number> {
  return expire(inScope(scope, dealRegistrations.orgId))
}

async function expire(filter: SQL | undefined, actor: Actor = systemActor): Promise<number> {
  const { today: day } = await businessClock()
  const due = await db
    .select({ id: dealRegistrations.id })
    .from(dealRegistrations)
    .where(and(filter, eq(dealRegistrations.status, 'approved'), lt(dealRegistrations.protectedUntil, day)))
    .limit(SWEEP_BATCH)
  if (!due.length) return 0
  let expired = 0
  await db.transaction(async (tx) => {
    const { today } = await businessClock(tx)
    const rows = await tx
      .select()
      .from(dealRegistrations)
      .where(
        and(
          inArray(
            dealRegistrations.id,
            due.map((d) => d.id),
          ),
          eq(dealRegistrations.status, 'approved'),
          lt(dealRegistrations.protectedUntil, today),
        ),
      )
      .for('update', { skipLocked: true })
    for (const deal of rows) {
      await endSpecialPrice(tx, actor, deal, deal.protectedUntil!)
      await tx
        .update(dealRegistrations)
        .set({ status: 'expired', updatedAt: sql`now()` })
        .where(eq(dealRegistrations.id, deal.id))
      await recordStep(tx, actor, deal, {
        status: 'expired',
        kind: 'expired',
        audit: 'deal.closed',
        details: { outcome: 'expired', protectedUntil: deal.protectedUntil },
        notice: 'dealExpired',
        params: { untilOn: deal.protectedUntil! },
      })
      expired++
    }
  })
  if (expired) announcePriceChange()
  return expired
}

/** The in-process daily sweep: checks every hour (cheap when nothing is due), so a day's expiries happen that day. */
export function sweepExpiredDeals() {
  // Background work for every dealer, no request behind it (as the mail sender): each deal's own expiry.
  return expire(undefined)
}

export function startDealSweep(everyMs = 60 * 60 * 1000) {
  let running = false
  const tick = () => {
    if (running) return
    running = true
    sweepExpiredDeals()
      .then((n) => n && logger.info({ expired: n }, 'deal protections expired'))
      .catch((error: unknown) => logger.warn({ err: (error as Error).message }, 'deal expiry sweep failed'))
      .finally(() => {
        running = false
      })
  }
  const timer = setInterval(tick, everyMs)
  timer.unref()
  tick()
  return () => clearInterval(timer)
}
