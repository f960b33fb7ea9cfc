import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm'
import { db, type DbOrTx } from '../../../db/client.server'
import { invitations, lots, organisations, tenders } from '../../../db/schema'
import { env } from '../../env.server'
import { fromLocalInput } from '../../i18n/format'
import { writeAudit, type Actor } from '../audit/mutations.server'
import { stepAmount } from './rules'
import type { LotInput, TenderInput } from './schemas'
import { tenderStatusOf, type LotProgress, type TenderStatus } from './tender-status'

// Setting up tenders (the procurement officer) and finding them (the officer and invited suppliers). A tender is
// edited only as a draft; scheduling fixes each lot's start and end, and from then on only the clock and the
// buyer's controls (control.server.ts) move it. Every query is filtered by the buyer organisation or by the
// supplier's invitation.

export type SetupError = 'errors.notFound' | 'tenders.error.notDraft' | 'tenders.error.noLots' | 'tenders.error.noSuppliers' | 'tenders.error.startPassed' | 'tenders.error.notVerified'
export type SetupResult<T = object> = ({ ok: true } & T) | { ok: false; fieldErrors: Record<string, SetupError[]> }

const fail = (key: string, error: SetupError): { ok: false; fieldErrors: Record<string, SetupError[]> } => ({ ok: false, fieldErrors: { [key]: [error] } })

/** The buyer's tender, read in the caller's transaction (PGlite has one connection: a read outside would wait on it). */
async function ownTender(tx: DbOrTx, buyerOrgId: string, tenderId: string) {
  const [t] = await tx.select({ id: tenders.id, status: tenders.status }).from(tenders).where(and(eq(tenders.id, tenderId), eq(tenders.buyerOrgId, buyerOrgId)))
  return t
}

const tenderValues = (input: TenderInput) => ({
  title: input.title,
  terms: input.terms,
  visibility: input.visibility,
  disclosure: input.disclosure ?? null,
  // The form's wall-clock time, in the operator's zone: the zone the page shows beside the field.
  startsAt: fromLocalInput(input.startsAt, env.OPERATOR_TIME_ZONE)!,
  durationMs: input.durationMinutes * 60_000,
  staggerMs: input.staggerMinutes * 60_000,
  softWindowMs: input.softWindowMinutes * 60_000,
  softExtensionMs: input.softExtensionMinutes * 60_000,
  maxExtensions: input.maxExtensions,
})

/** Creates a draft (id null) or edits one. */
export async function saveTender(actor: Actor, buyerOrgId: string, id: string | null, input: TenderInput): Promise<SetupResult<{ id: string }>> {
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
export async function saveLot(actor: Actor, buyerOrgId: string, tenderId: string, lotId: string | null, input: LotInput): Promise<SetupResult> {
  const spec = (value: number) => (input.stepKind === 'percent' ? ({ kind: 'percent', basisPoints: Math.round(value * 100) } as const) : ({ kind: 'amount', minor: Math.round(value * 100) } as const))
  const minStepMinor = stepAmount(spec(input.minStep), input.startPrice, 'up')
  const maxStepMinor = Math.max(minStepMinor, stepAmount(spec(input.maxStep), input.startPrice, 'down'))
  const values = { item: input.item, quantity: input.quantity, unit: input.unit, startPriceMinor: input.startPrice, reserveMinor: input.reserve ?? null, minStepMinor, maxStepMinor }
  return db.transaction(async (tx) => {
    const [t] = await tx.select({ status: tenders.status, startsAt: tenders.startsAt }).from(tenders).where(and(eq(tenders.id, tenderId), eq(tenders.buyerOrgId, buyerOrgId))).for('update')
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
      const [{ n }] = await tx.select({ n: sql<number>`coalesce(max(${lots.lineNo}), 0)::int` }).from(lots).where(eq(lots.tenderId, tenderId))
      // Times are placeholders until the tender is scheduled.
      const at = t.startsAt ?? new Date()
      await tx.insert(lots).values({ tenderId, lineNo: n + 1, ...values, startsAt: at, endsAt: at })
    }
    await writeAudit(tx, actor, { action: 'tender.saved', entity: 'tender', entityId: tenderId, orgId: buyerOrgId, details: { lot: input.item } })
    return { ok: true }
  })
}

export async function removeLot(actor: Actor, buyerOrgId: string, tenderId: string, lotId: string): Promise<SetupResult> {
  return db.transaction(async (tx) => {
    const t = await ownTender(tx, buyerOrgId, tenderId)
    if (!t) return fail('', 'errors.notFound')
    if (t.status !== 'draft') return fail('', 'tenders.error.notDraft')
    const removed = await tx.delete(lots).where(and(eq(lots.id, lotId), eq(lots.tenderId, tenderId))).returning({ id: lots.id })
    // A lot of another tender (or one already gone) is not found, not silently "removed".
    if (!removed.length) return fail('', 'errors.notFound')
    await writeAudit(tx, actor, { action: 'tender.saved', entity: 'tender', entityId: tenderId, orgId: buyerOrgId, details: { removedLot: lotId } })
    return { ok: true }
  })
}

/** Sets who is invited, while the tender is a draft or scheduled. Only verified supplier organisations. */
export async function setInvitations(actor: Actor, buyerOrgId: string, tenderId: string, supplierOrgIds: string[]): Promise<SetupResult> {
  return db.transaction(async (tx) => {
    const [t] = await tx.select({ status: tenders.status }).from(tenders).where(and(eq(tenders.id, tenderId), eq(tenders.buyerOrgId, buyerOrgId))).for('update')
    if (!t) return fail('', 'errors.notFound')
    if (t.status !== 'draft' && t.status !== 'scheduled') return fail('', 'tenders.error.notDraft')
    const wanted = [...new Set(supplierOrgIds)]
    const verified = wanted.length
      ? (await tx.select({ id: organisations.id }).from(organisations).where(and(inArray(organisations.id, wanted), eq(organisations.kind, 'supplier'), eq(organisations.verificationStatus, 'verified'), isNull(organisations.disabledAt)))).map((o) => o.id)
      : []
    if (verified.length !== wanted.length) return fail('suppliers', 'tenders.error.notVerified')
    const current = (await tx.select({ id: invitations.supplierOrgId }).from(invitations).where(eq(invitations.tenderId, tenderId))).map((i) => i.id)
    const removed = current.filter((id) => !wanted.includes(id))
    if (removed.length) await tx.delete(invitations).where(and(eq(invitations.tenderId, tenderId), inArray(invitations.supplierOrgId, removed)))
    const added = wanted.filter((id) => !current.includes(id))
    if (added.length) await tx.insert(invitations).values(added.map((supplierOrgId) => ({ tenderId, supplierOrgId })))
    await writeAudit(tx, actor, { action: 'tender.saved', entity: 'tender', entityId: tenderId, orgId: buyerOrgId, details: { invited: wanted.length } })
    return { ok: true }
  })
}

/**
 * Draft → scheduled: fixes each lot's start and end (lots close together, or staggered by the set gap) on the
 * database clock. `now` starts it at once; otherwise the start must still be ahead.
 */
export async function scheduleTender(actor: Actor, buyerOrgId: string, tenderId: string, o: { now?: boolean } = {}): Promise<SetupResult> {
  return db.transaction(async (tx) => {
    const [t] = await tx
      .select({ status: tenders.status, startsAt: tenders.startsAt, durationMs: tenders.durationMs, staggerMs: tenders.staggerMs, passed: sql<boolean>`coalesce(${tenders.startsAt} <= clock_timestamp(), true)` })
      .from(tenders)
      .where(and(eq(tenders.id, tenderId), eq(tenders.buyerOrgId, buyerOrgId)))
      .for('update')
    if (!t) return fail('', 'errors.notFound')
    if (t.status !== 'draft') return fail('', 'tenders.error.notDraft')
    const lotRows = await tx.select({ id: lots.id }).from(lots).where(eq(lots.tenderId, tenderId)).orderBy(asc(lots.lineNo))
    if (!lotRows.length) return fail('', 'tenders.error.noLots')
    const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(invitations).where(eq(invitations.tenderId, tenderId))
    if (!n) return fail('', 'tenders.error.noSuppliers')
    if (!o.now && t.passed) return fail('startsAt', 'tenders.error.startPassed')
    await tx.update(tenders).set({ status: 'scheduled', ...(o.now ? { startsAt: sql`clock_timestamp()` } : {}) }).where(eq(tenders.id, tenderId))
    const start = sql`(select ${tenders.startsAt} from ${tenders} where ${tenders.id} = ${tenderId})`
    await tx.execute(sql`
      update ${lots} set status = 'scheduled', seq = 0, starts_at = ${start},
        ends_at = ${start} + make_interval(secs => (${t.durationMs} + (${lots.lineNo} - 1) * ${t.staggerMs}) / 1000.0)
      where ${lots.tenderId} = ${tenderId}`)
    await writeAudit(tx, actor, { action: 'tender.scheduled', entity: 'tender', entityId: tenderId, orgId: buyerOrgId, details: { now: !!o.now } })
    return { ok: true }
  })
}

/** The supplier accepts the tender's terms: from then on it may enter the room. */
export async function acceptTerms(actor: Actor, supplierOrgId: string, tenderId: string): Promise<SetupResult> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(invitations)
      .set({ acceptedTermsAt: sql`now()` })
      .where(and(eq(invitations.tenderId, tenderId), eq(invitations.supplierOrgId, supplierOrgId), isNull(invitations.acceptedTermsAt), sql`exists (select 1 from ${tenders} where ${tenders.id} = ${tenderId} and ${tenders.status} in ('scheduled', 'live'))`))
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
export async function listTendersForBuyer(buyerOrgId: string) {
  const rows = await db.select(tenderColumns).from(tenders).where(eq(tenders.buyerOrgId, buyerOrgId)).orderBy(desc(tenders.createdAt))
  const invitedRows = rows.length
    ? await db
        .select({ tenderId: invitations.tenderId, n: sql<number>`count(*)::int` })
        .from(invitations)
        .where(inArray(invitations.tenderId, rows.map((r) => r.id)))
        .groupBy(invitations.tenderId)
    : []
  const invited = new Map(invitedRows.map((r) => [r.tenderId, r.n]))
  return (await withProgress(rows)).map((r) => ({ ...r, invited: invited.get(r.id) ?? 0 }))
}

export async function getTenderForBuyer(buyerOrgId: string, tenderId: string) {
  const [tender] = await db.select(tenderColumns).from(tenders).where(and(eq(tenders.id, tenderId), eq(tenders.buyerOrgId, buyerOrgId)))
  if (!tender) return null
  const lotRows = await db.select().from(lots).where(eq(lots.tenderId, tenderId)).orderBy(asc(lots.lineNo))
  tender.status = tenderStatusOf(tender.status, lotRows.map((l) => ({ status: l.status, awarded: l.awardedSupplierId !== null })))
  const invited = await db
    .select({ orgId: invitations.supplierOrgId, name: organisations.shortName, acceptedTermsAt: invitations.acceptedTermsAt })
    .from(invitations)
    .innerJoin(organisations, eq(organisations.id, invitations.supplierOrgId))
    .where(eq(invitations.tenderId, tenderId))
    .orderBy(asc(organisations.shortName))
  return { tender, lots: lotRows, invited }
}

/** Verified supplier organisations, for the invitation list. */
export async function verifiedSuppliers() {
  return db
    .select({ id: organisations.id, name: organisations.shortName })
    .from(organisations)
    .where(and(eq(organisations.kind, 'supplier'), eq(organisations.verificationStatus, 'verified'), isNull(organisations.disabledAt)))
    .orderBy(asc(organisations.shortName))
}

/** The tenders a supplier is invited to (drafts are invisible), with whether it accepted the terms. */
export async function listInvitations(supplierOrgId: string) {
  const rows = await db
    .select({ ...tenderColumns, acceptedTermsAt: invitations.acceptedTermsAt })
    .from(invitations)
    .innerJoin(tenders, eq(tenders.id, invitations.tenderId))
    .where(and(eq(invitations.supplierOrgId, supplierOrgId), sql`${tenders.status} <> 'draft'`))
    .orderBy(desc(tenders.startsAt))
  return withProgress(rows)
}

export async function getInvitation(supplierOrgId: string, tenderId: string) {
  const [row] = await db
    .select({ ...tenderColumns, acceptedTermsAt: invitations.acceptedTermsAt, verified: sql<boolean>`${organisations.verificationStatus} = 'verified'` })
    .from(invitations)
    .innerJoin(tenders, eq(tenders.id, invitations.tenderId))
    .innerJoin(organisations, eq(organisations.id, invitations.supplierOrgId))
    .where(and(eq(invitations.supplierOrgId, supplierOrgId), eq(invitations.tenderId, tenderId), sql`${tenders.status} <> 'draft'`))
  return row ? (await withProgress([row]))[0] : null
}
