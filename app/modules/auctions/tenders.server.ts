import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm'
import { businessClock, operatorTimeZone } from '../../utils/clock.server'
import { db, type DbOrTx } from '../../../db/client.server'
import { invitations, lots, tenders } from '../../../db/schema/auctions'
import { fromLocalInput } from '../../i18n/format'
import { writeAudit, type Actor } from '../audit/mutations.server'
import type { AnyScope, OrgScope } from '../auth/scope.server'
import { organisationRef } from '../tenancy/queries.server'
import { stepAmount } from './rules'
import type { LotInput, TenderInput } from './schemas'
import { invitationsOpen, tenderStatusOf, type LotProgress, type TenderStatus } from './tender-status'
import { buyerView, loadLots } from './views.server'
import type { BuyerLotView } from './views'

// Setting up tenders (the procurement officer) and finding them (the officer and invited suppliers). A tender is
// edited only as a draft; scheduling fixes each lot's start and end, and from then on only the clock and the
// buyer's controls (control.server.ts) move it. Every query is filtered by the buyer organisation or by the
// supplier's invitation (views.server.ts `readable`).

/** The procurement officer's side: an `any` scope (manage:tender:any) acting for the buyer organisation it names. */
export interface Buyer {
  scope: AnyScope
  buyerOrgId: string
}

export type SetupError =
  | 'errors.notFound'
  | 'tenders.error.notDraft'
  | 'tenders.error.noLots'
  | 'tenders.error.noSuppliers'
  | 'tenders.error.startPassed'
  | 'tenders.error.notVerified'
type SetupFailure = { ok: false; fieldErrors: Record<string, SetupError[]>; notFound: boolean }
export type SetupResult<T = object> = ({ ok: true } & T) | SetupFailure

const fail = (key: string, error: SetupError): SetupFailure => ({ ok: false, fieldErrors: { [key]: [error] }, notFound: error === 'errors.notFound' })

/** The buyer's tender, read in the caller's transaction (PGlite has one connection: a read outside would wait on it). */
async function ownTender(tx: DbOrTx, buyerOrgId: string, tenderId: string) {
  const [t] = await tx
    .select({ id: tenders.id, status: tenders.status })
    .from(tenders)
    .where(and(eq(tenders.id, tenderId), eq(tenders.buyerOrgId, buyerOrgId)))
  return t
}

const tenderValues = (input: TenderInput) => ({
  title: input.title,
  terms: input.terms,
  visibility: input.visibility,
  disclosure: input.disclosure ?? null,
  // The form's wall-clock time, in the operator's zone: the zone the page shows beside the field.
  startsAt: fromLocalInput(input.startsAt, operatorTimeZone)!,
  durationMs: input.durationMinutes * 60_000,
  staggerMs: input.staggerMinutes * 60_000,
  softWindowMs: input.softWindowMinutes * 60_000,
  softExtensionMs: input.softExtensionMinutes * 60_000,
  maxExtensions: input.maxExtensions,
})

/** Creates a draft (id null) or edits one. */
export async function saveTender({
  actor,
  buyerOrgId,
  tenderId,
  input,
}: Buyer & { actor: Actor; tenderId: string | null; input: TenderInput }): Promise<SetupResult<{ id: string }>> {
  let id = tenderId
  return db.transaction(async (tx) => {
    if (id) {
      const [t] = await tx
        .update(tenders)
        .set(tenderValues(input))
        .where(and(eq(tenders.id, id), eq(tenders.buyerOrgId, buyerOrgId), eq(tenders.status, 'draft')))
        .returning({ id: tenders.id })
      if (!t) return fail('', (await ownTender(tx, buyerOrgId, id)) ? 'tenders.error.notDraft' : 'errors.notFound')
    } else {
      const [t] = await tx
        .insert(tenders)
        .values({ buyerOrgId, createdBy: actor.userId, ...tenderValues(input) })
        .returning({ id: tenders.id })
      id = t.id
    }
    await writeAudit(tx, actor, { action: 'tender.saved', entity: 'tender', entityId: id, orgId: buyerOrgId, details: { title: input.title } })
    return { ok: true, id }
  })
}

/** Adds a lot to a draft (lotId null) or edits one. Steps in percent are turned into amounts of the start price. */
export async function saveLot({
  actor,
  buyerOrgId,
  tenderId,
  lotId,
  input,
}: Buyer & { actor: Actor; tenderId: string; lotId: string | null; input: LotInput }): Promise<SetupResult> {
  const spec = (value: number) =>
    input.stepKind === 'percent'
      ? ({ kind: 'percent', basisPoints: Math.round(value * 100) } as const)
      : ({ kind: 'amount', minor: Math.round(value * 100) } as const)
  const minStepMinor = stepAmount(spec(input.minStep), input.startPrice, 'up')
  const maxStepMinor = Math.max(minStepMinor, stepAmount(spec(input.maxStep), input.startPrice, 'down'))
  const values = {
    item: input.item,
    quantity: input.quantity,
    unit: input.unit,
    startPriceMinor: input.startPrice,
    reserveMinor: input.reserve ?? null,
    minStepMinor,
    maxStepMinor,
  }
  return db.transaction(async (tx) => {
    const [t] = await tx
      .select({ status: tenders.status, startsAt: tenders.startsAt })
      .from(tenders)
      .where(and(eq(tenders.id, tenderId), eq(tenders.buyerOrgId, buyerOrgId)))
      .for('update')
    if (!t) return fail('', 'errors.notFound')
    if (t.status !== 'draft') return fail('', 'tenders.error.notDraft')
    if (lotId) {
      const [l] = await tx
        .update(lots)
        .set(values)
        .where(and(eq(lots.id, lotId), eq(lots.tenderId, tenderId)))
        .returning({ id: lots.id })
      if (!l) return fail('', 'errors.notFound')
    } else {
      const [{ n }] = await tx
        .select({ n: sql<number>`coalesce(max(${lots.lineNo}), 0)::int` })
        .from(lots)
        .where(eq(lots.tenderId, tenderId))
      // Times are placeholders until the tender is scheduled.
      const at = t.startsAt ?? new Date()
      await tx.insert(lots).values({ tenderId, lineNo: n + 1, ...values, startsAt: at, endsAt: at })
    }
    await writeAudit(tx, actor, { action: 'tender.saved', entity: 'tender', entityId: tenderId, orgId: buyerOrgId, details: { lot: input.item } })
    return { ok: true }
  })
}

export async function removeLot({
  actor,
  buyerOrgId,
  tenderId,
  lotId,
}: Buyer & { actor: Actor; tenderId: string; lotId: string }): Promise<SetupResult> {
  return db.transaction(async (tx) => {
    const t = await ownTender(tx, buyerOrgId, tenderId)
    if (!t) return fail('', 'errors.notFound')
    if (t.status !== 'draft') return fail('', 'tenders.error.notDraft')
    const removed = await tx
      .delete(lots)
      .where(and(eq(lots.id, lotId), eq(lots.tenderId, tenderId)))
      .returning({ id: lots.id })
    // A lot of another tender (or one already gone) is not found, not silently "removed".
    if (!removed.length) return fail('', 'errors.notFound')
    await writeAudit(tx, actor, { action: 'tender.saved', entity: 'tender', entityId: tenderId, orgId: buyerOrgId, details: { removedLot: lotId } })
    return { ok: true }
  })
}

/** Sets who is invited, while the tender is a draft or scheduled. Only verified supplier organisations. */
export async function setInvitations({
  actor,
  buyerOrgId,
  tenderId,
  supplierOrgIds,
}: Buyer & { actor: Actor; tenderId: string; supplierOrgIds: string[] }): Promise<SetupResult> {
  return db.transaction(async (tx) => {
    const [t] = await tx
      .select({ status: tenders.status })
      .from(tenders)
      .where(and(eq(tenders.id, tenderId), eq(tenders.buyerOrgId, buyerOrgId)))
      .for('update')
    if (!t) return fail('', 'errors.notFound')
    if (!invitationsOpen(t.status)) return fail('', 'tenders.error.notDraft')
    const wanted = [...new Set(supplierOrgIds)]
    const org = organisationRef()
    const verified = wanted.length
      ? (
          await tx
            .select({ id: org.id })
            .from(org)
            .where(and(inArray(org.id, wanted), eq(org.kind, 'supplier'), eq(org.verificationStatus, 'verified'), isNull(org.disabledAt)))
        ).map((o) => o.id)
      : []
    if (verified.length !== wanted.length) return fail('suppliers', 'tenders.error.notVerified')
    const current = (await tx.select({ id: invitations.supplierOrgId }).from(invitations).where(eq(invitations.tenderId, tenderId))).map((i) => i.id)
    const removed = current.filter((id) => !wanted.includes(id))
    if (removed.length) await tx.delete(invitations).where(and(eq(invitations.tenderId, tenderId), inArray(invitations.supplierOrgId, removed)))
    const added = wanted.filter((id) => !current.includes(id))
    if (added.length) await tx.insert(invitations).values(added.map((supplierOrgId) => ({ tenderId, supplierOrgId })))
    await writeAudit(tx, actor, {
      action: 'tender.saved',
      entity: 'tender',
      entityId: tenderId,
      orgId: buyerOrgId,
      details: { invited: wanted.length },
    })
    return { ok: true }
  })
}

/**
 * Draft → scheduled: fixes each lot's start and end (lots close together, or staggered by the set gap) on the
 * database clock. `now` starts it at once; otherwise the start must still be ahead.
 */
export async function scheduleTender({
  actor,
  buyerOrgId,
  tenderId,
  now,
}: Buyer & { actor: Actor; tenderId: string; now?: boolean }): Promise<SetupResult> {
  const o = { now }
  return db.transaction(async (tx) => {
    const [t] = await tx
      .select({
        status: tenders.status,
        startsAt: tenders.startsAt,
        durationMs: tenders.durationMs,
        staggerMs: tenders.staggerMs,
        passed: sql<boolean>`coalesce(${tenders.startsAt} <= clock_timestamp(), true)`,
      })
      .from(tenders)
      .where(and(eq(tenders.id, tenderId), eq(tenders.buyerOrgId, buyerOrgId)))
      .for('update')
    if (!t) return fail('', 'errors.notFound')
    if (t.status !== 'draft') return fail('', 'tenders.error.notDraft')
    const lotRows = await tx.select({ id: lots.id }).from(lots).where(eq(lots.tenderId, tenderId)).orderBy(asc(lots.lineNo))
    if (!lotRows.length) return fail('', 'tenders.error.noLots')
    const [{ n }] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(invitations)
      .where(eq(invitations.tenderId, tenderId))
    if (!n) return fail('', 'tenders.error.noSuppliers')
    if (!o.now && t.passed) return fail('startsAt', 'tenders.error.startPassed')
    await tx
      .update(tenders)
      .set({ status: 'scheduled', ...(o.now ? { startsAt: sql`clock_timestamp()` } : {}) })
      .where(eq(tenders.id, tenderId))
    const start = sql`(select ${tenders.startsAt} from ${tenders} where ${tenders.id} = ${tenderId})`
    await tx.execute(sql`
      update ${lots} set status = 'scheduled', seq = 0, starts_at = ${start},
        ends_at = ${start} + make_interval(secs => (${t.durationMs} + (${lots.lineNo} - 1) * ${t.staggerMs}) / 1000.0)
      where ${lots.tenderId} = ${tenderId}`)
    await writeAudit(tx, actor, { action: 'tender.scheduled', entity: 'tender', entityId: tenderId, orgId: buyerOrgId, details: { now: !!o.now } })
    return { ok: true }
  })
}

/** The supplier accepts the tender's terms, for its own organisation: from then on it may enter the room. */
export async function acceptTerms({ scope, actor, tenderId }: { scope: OrgScope; actor: Actor; tenderId: string }): Promise<SetupResult> {
  const supplierOrgId = scope.orgId
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(invitations)
      .set({ acceptedTermsAt: sql`now()` })
      .where(
        and(
          eq(invitations.tenderId, tenderId),
          eq(invitations.supplierOrgId, supplierOrgId),
          isNull(invitations.acceptedTermsAt),
          sql`exists (select 1 from ${tenders} where ${tenders.id} = ${tenderId} and ${tenders.status} in ('scheduled', 'live'))`,
        ),
      )
      .returning({ tenderId: invitations.tenderId })
    if (!row) return fail('', 'errors.notFound')
    await writeAudit(tx, actor, { action: 'tender.terms_accepted', entity: 'tender', entityId: tenderId, orgId: supplierOrgId })
    return { ok: true }
  })
}

const tenderColumns = {
  id: tenders.id,
  title: tenders.title,
  status: tenders.status,
  visibility: tenders.visibility,
  disclosure: tenders.disclosure,
  startsAt: tenders.startsAt,
  durationMs: tenders.durationMs,
  staggerMs: tenders.staggerMs,
  softWindowMs: tenders.softWindowMs,
  softExtensionMs: tenders.softExtensionMs,
  maxExtensions: tenders.maxExtensions,
  terms: tenders.terms,
  cancelReason: tenders.cancelReason,
  createdAt: tenders.createdAt,
}

/**
 * Each tender's lots as its status needs them (tender-status.ts) and their count. Read apart from the tender rows:
 * a count written as a correlated subquery in a one-table select loses its table names (drizzle writes bare column
 * names there), so "tender_id = id" compared a lot with itself and every tender showed 0 lots.
 */
async function lotProgress(tenderIds: string[]) {
  const byTender = new Map<string, LotProgress[]>()
  if (!tenderIds.length) return byTender
  const rows = await db
    .select({ tenderId: lots.tenderId, status: lots.status, awarded: sql<boolean>`${lots.awardedSupplierId} is not null` })
    .from(lots)
    .where(inArray(lots.tenderId, tenderIds))
  for (const r of rows) byTender.set(r.tenderId, [...(byTender.get(r.tenderId) ?? []), { status: r.status, awarded: r.awarded }])
  return byTender
}

/** The tender row as people see it: the status follows its lots, the lot count is counted. */
async function withProgress<T extends { id: string; status: TenderStatus }>(rows: T[]) {
  const progress = await lotProgress(rows.map((r) => r.id))
  return rows.map((r) => {
    const lotList = progress.get(r.id) ?? []
    return { ...r, status: tenderStatusOf(r.status, lotList), lots: lotList.length }
  })
}

/** The buyer's tenders, newest first, with lot and invitation counts. */
export async function listTendersForBuyer({ buyerOrgId }: Buyer) {
  const rows = await db.select(tenderColumns).from(tenders).where(eq(tenders.buyerOrgId, buyerOrgId)).orderBy(desc(tenders.createdAt))
  const invitedRows = rows.length
    ? await db
        .select({ tenderId: invitations.tenderId, n: sql<number>`count(*)::int` })
        .from(invitations)
        .where(
          inArray(
            invitations.tenderId,
            rows.map((r) => r.id),
          ),
        )
        .groupBy(invitations.tenderId)
    : []
  const invited = new Map(invitedRows.map((r) => [r.tenderId, r.n]))
  return (await withProgress(rows)).map((r) => ({ ...r, invited: invited.get(r.id) ?? 0 }))
}

export async function getTenderForBuyer({ buyerOrgId, tenderId }: Buyer & { tenderId: string }) {
  const [tender] = await db
    .select(tenderColumns)
    .from(tenders)
    .where(and(eq(tenders.id, tenderId), eq(tenders.buyerOrgId, buyerOrgId)))
  if (!tender) return null
  const lotRows = await db.select().from(lots).where(eq(lots.tenderId, tenderId)).orderBy(asc(lots.lineNo))
  tender.status = tenderStatusOf(
    tender.status,
    lotRows.map((l) => ({ status: l.status, awarded: l.awardedSupplierId !== null })),
  )
  const org = organisationRef()
  const invited = await db
    .select({ orgId: invitations.supplierOrgId, name: org.shortName, acceptedTermsAt: invitations.acceptedTermsAt })
    .from(invitations)
    .innerJoin(org, eq(org.id, invitations.supplierOrgId))
    .where(eq(invitations.tenderId, tenderId))
    .orderBy(asc(org.shortName))
  return { tender, lots: lotRows, invited }
}

/** Verified supplier organisations, for the invitation list: the officer reads across organisations (`any`). */
async function verifiedSuppliers(_scope: AnyScope) {
  const org = organisationRef()
  return db
    .select({ id: org.id, name: org.shortName })
    .from(org)
    .where(and(eq(org.kind, 'supplier'), eq(org.verificationStatus, 'verified'), isNull(org.disabledAt)))
    .orderBy(asc(org.shortName))
}

/** The tenders a supplier is invited to (drafts are invisible), with whether it accepted the terms. */
export async function listInvitations({ scope }: { scope: OrgScope }) {
  const rows = await db
    .select({ ...tenderColumns, acceptedTermsAt: invitations.acceptedTermsAt })
    .from(invitations)
    .innerJoin(tenders, eq(tenders.id, invitations.tenderId))
    .where(and(eq(invitations.supplierOrgId, scope.orgId), sql`${tenders.status} <> 'draft'`))
    .orderBy(desc(tenders.startsAt))
  return withProgress(rows)
}

/** The invitation of the scope's organisation to one tender (out of draft), or null: the supplier's tender page. */
export async function getInvitation({ scope, tenderId }: { scope: OrgScope; tenderId: string }) {
  const org = organisationRef()
  const [row] = await db
    .select({ ...tenderColumns, acceptedTermsAt: invitations.acceptedTermsAt, verified: sql<boolean>`${org.verificationStatus} = 'verified'` })
    .from(invitations)
    .innerJoin(tenders, eq(tenders.id, invitations.tenderId))
    .innerJoin(org, eq(org.id, invitations.supplierOrgId))
    .where(and(eq(invitations.supplierOrgId, scope.orgId), eq(invitations.tenderId, tenderId), sql`${tenders.status} <> 'draft'`))
  // The start is shown on the operator's wall clock; the page names the zone.
  return row ? { ...(await withProgress([row]))[0], timeZone: operatorTimeZone } : null
}

/**
 * The officer's tender page: the tender with its lots and invitations, the live views once it is launched, and
 * the verified suppliers to invite while invitations are open; for a new tender (id null) an empty form whose
 * start is the next full hour but one, chosen here so the server's and the browser's form agree. Times are typed
 * and shown on the operator's wall clock (`timeZone`). Null: not this buyer organisation's tender.
 */
export async function getTenderDesk({ scope, buyerOrgId, tenderId }: Buyer & { tenderId: string | null }) {
  const timeZone = operatorTimeZone
  if (!tenderId) {
    const { now } = await businessClock()
    const defaultStartsAt = new Date(Math.ceil((now.getTime() + 3600_000) / 3600_000) * 3600_000).toISOString()
    type Found = NonNullable<Awaited<ReturnType<typeof getTenderForBuyer>>>
    return {
      tender: null,
      lots: [] as Found['lots'],
      invited: [] as Found['invited'],
      suppliers: await verifiedSuppliers(scope),
      views: [] as BuyerLotView[],
      timeZone,
      defaultStartsAt,
    }
  }
  const found = await getTenderForBuyer({ scope, buyerOrgId, tenderId })
  if (!found) return null
  const views =
    found.tender.status === 'draft'
      ? []
      : (
          await loadLots(
            found.lots.map((l) => l.id),
            { scope, buyerOrgId },
          )
        ).map((s) => buyerView(s))
  return { ...found, suppliers: invitationsOpen(found.tender.status) ? await verifiedSuppliers(scope) : [], views, timeZone, defaultStartsAt: null }
}
