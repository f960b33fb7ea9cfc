import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding'
import { and, asc, count, desc, eq, ilike, ne, or, sql } from 'drizzle-orm'
import { db, type Tx } from '../../../db/client.server'
import { partnerApplicationEvents, partnerApplications } from '../../../db/schema/prm'
import { translate, type Locale, type MessageKey } from '../../i18n'
import { businessClock } from '../../utils/clock.server'
import { createLeadFromApplication } from '../crm/leads.server'
import { writeAudit, type Actor } from '../audit/mutations.server'
import { hashPassword, issuePasswordSetup } from '../auth/mutations.server'
import type { AnyScope } from '../auth/scope.server'
import { hashSecret, secretMatches } from '../auth/session.server'
import { absoluteUrl, notify, queueMail } from '../notifications/mutations.server'
import { admitDealer } from '../tenancy/mutations.server'
import { findOrganisationsByInn } from '../tenancy/queries.server'
import { isValidInn } from '../tenancy/tax-ids'
import {
  applicationNumber,
  parseStatusToken,
  serialOf,
  statusPath,
  stepVerdict,
  verificationOf,
  type ApplicationStage,
  type ApplicationStep,
  type DuplicateFinding,
  type Verification,
  type VerificationStatus,
} from './application-rules'
import { CONSENT_VERSION, type ApplicationListQueryInput, type ApplyInput } from './application-schemas'
import { enrolDealer } from './enrol.server'

// Partner onboarding (issue 13): the public application, its automatic check, the desk's stages and activation.
// Each step is one transaction with its event row, its audit entry and the applicant's mail.

export const AGREEMENT_VERSION = '2026-01'
const STAFF = ['partner_manager', 'operator_admin'] as const

export type StepResult = { ok: true } | { ok: false; message: MessageKey; field?: string }

function randomSecret() {
  const bytes = new Uint8Array(15)
  crypto.getRandomValues(bytes)
  return encodeBase32LowerCaseNoPadding(bytes)
}

// The applicant's status link (/partners/apply/<id>.<secret>) lives as long as the application: its secret is
// drawn once at submission and only its hash is kept, so the link cannot be re-derived, and it is mailed ONCE, in
// the first message; every later mail names the application and points to "the link from our first message".
// Chosen over deriving the secret by HMAC from a server key and the id, which would let every mail carry the link:
// that key would be one more master secret (not set on a fresh clone, unlike the session machinery) whose leak
// opens every applicant's page with its personal data, and each extra copy of the link in a mailbox is one more
// place it can leak from. One random secret per application, mailed once, leaves nothing to steal but that mail
// (OWASP ASVS 5.0 V7.2: unguessable tokens stored as hashes; no secret re-derivable by the server).

type Row = typeof partnerApplications.$inferSelect
type MailedApplication = Pick<Row, 'id' | 'contactEmail' | 'contactName' | 'locale' | 'number'>

/** A later stage's mail: no link (the applicant keeps the first message's), the application named by its number. */
async function mailApplicant(tx: Tx, app: MailedApplication, kind: ApplicantNotice, params: Record<string, string> = {}) {
  await queueMail(tx, { to: app.contactEmail, name: app.contactName, locale: app.locale, kind, params: { number: app.number, ...params } })
}

type ApplicantNotice =
  'application.received' | 'application.agreementOffered' | 'application.agreementAccepted' | 'application.active' | 'application.rejected'

async function addEvent(tx: Tx, applicationId: string, status: ApplicationStage, actor: Actor, note = '') {
  await tx.insert(partnerApplicationEvents).values({ applicationId, status, note, actorId: actor.userId })
}

/** The check: the INN's check digits, and nobody else on the portal with it (organisations, live applications). */
async function runCheck(tx: Tx, app: Pick<Row, 'id' | 'inn'>, actor: Actor): Promise<VerificationStatus> {
  const orgs = await findOrganisationsByInn({ inn: app.inn }, tx)
  const others = await tx
    .select({
      id: partnerApplications.id,
      number: partnerApplications.number,
      name: partnerApplications.shortName,
      status: partnerApplications.status,
    })
    .from(partnerApplications)
    .where(and(eq(partnerApplications.inn, app.inn), ne(partnerApplications.id, app.id), ne(partnerApplications.status, 'rejected')))
    .orderBy(asc(partnerApplications.createdAt))
    .limit(10)
  const duplicates: DuplicateFinding[] = [
    ...orgs.map((o) => ({ kind: 'organisation' as const, id: o.id, name: o.shortName, inn: app.inn })),
    // An active application made the organisation already listed above.
    ...others.filter((o) => o.status !== 'active').map((o) => ({ kind: 'application' as const, ...o, inn: app.inn })),
  ]
  const innValid = isValidInn(app.inn)
  const status = verificationOf({ innValid, duplicates })
  const { now } = await businessClock(tx)
  const verification: Verification = { checkedAt: now.toISOString(), innValid, duplicates }
  await tx
    .update(partnerApplications)
    .set({ verification: verification as unknown as Record<string, unknown>, verificationStatus: status, status: 'checking', updatedAt: sql`now()` })
    .where(eq(partnerApplications.id, app.id))
  await writeAudit(tx, actor, {
    action: 'partner_application.checked',
    entity: 'partner_application',
    entityId: app.id,
    details: { verificationStatus: status, duplicates: duplicates.length },
  })
  return status
}

async function nextNumber(tx: Tx, year: string) {
  // One numbering at a time: the advisory lock ends with the transaction (PostgreSQL and PGlite alike).
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('partner_application_number'))`)
  const [last] = await tx
    .select({ number: partnerApplications.number })
    .from(partnerApplications)
    .where(sql`${partnerApplications.number} like ${`P-${year}-%`}`)
    .orderBy(desc(partnerApplications.number))
    .limit(1)
  return applicationNumber(year, (last ? (serialOf(last.number, year) ?? 0) : 0) + 1)
}

/**
 * A "become a partner" application from the public form: stored with the exact consent text shown, checked at once
 * (stage "checking"), the applicant mailed their status link, the partner managers told in their inbox.
 */
export async function submitApplication(input: { data: ApplyInput; locale: Locale; ip: string | null }) {
  const actor: Actor = { userId: null, email: input.data.contactEmail, ip: input.ip }
  return db.transaction(async (tx) => {
    const { today } = await businessClock(tx)
    const number = await nextNumber(tx, today.slice(0, 4))
    const d = input.data
    const secret = randomSecret()
    const [app] = await tx
      .insert(partnerApplications)
      .values({
        number,
        legalName: d.legalName,
        shortName: d.shortName,
        inn: d.inn,
        kpp: d.kpp ?? null,
        region: d.region,
        interestCategoryIds: d.interests,
        interestsNote: d.interestsNote,
        contactName: d.contactName,
        contactEmail: d.contactEmail,
        contactPhone: d.contactPhone,
        locale: input.locale,
        consentText: translate(input.locale, 'application.consent.text'),
        consentVersion: CONSENT_VERSION,
        consentAt: sql`now()`,
        consentIp: input.ip,
        statusSecretHash: hashSecret(secret),
      })
      .returning()
    await addEvent(tx, app.id, 'received', actor)
    await writeAudit(tx, actor, {
      action: 'partner_application.received',
      entity: 'partner_application',
      entityId: app.id,
      details: { number, inn: d.inn },
    })
    await createLeadFromApplication(tx, actor, app)
    await runCheck(tx, app, actor)
    await addEvent(tx, app.id, 'checking', actor)
    // The one mail that carries the status link (see above).
    const link = statusPath(app.id, secret)
    await queueMail(tx, {
      to: app.contactEmail,
      name: app.contactName,
      locale: app.locale,
      kind: 'application.received',
      params: { number: app.number, link: absoluteUrl(link) },
      link,
    })
    await notify(tx, {
      to: { staff: STAFF },
      kind: 'application.new',
      params: { number, name: d.shortName, inn: d.inn },
      link: `/desk/partners/applications/${app.id}`,
    })
    return { id: app.id, number, statusLink: link }
  })
}

async function lockApplication(tx: Tx, applicationId: string) {
  const [app] = await tx.select().from(partnerApplications).where(eq(partnerApplications.id, applicationId)).for('update')
  return app ?? null
}

/** Staff's steps on the desk: re-check, offer the agreement, activate, reject with a reason. */
export async function advanceApplication(input: {
  scope: AnyScope
  applicationId: string
  step: Exclude<ApplicationStep, 'accept'>
  reason?: string
  actor: Actor
}): Promise<StepResult> {
  void input.scope
  // Hashed before the transaction: an account made on activation gets a random password nobody knows.
  const unusable = input.step === 'activate' ? await hashPassword(randomSecret() + randomSecret()) : ''
  return db.transaction(async (tx) => {
    const app = await lockApplication(tx, input.applicationId)
    if (!app) return { ok: false, message: 'error.notFound.title' }
    const verdict = stepVerdict(app.status, input.step, app.verificationStatus)
    if (!verdict.ok) return verdict
    const base = { entity: 'partner_application', entityId: app.id } as const
    switch (input.step) {
      case 'check': {
        const status = await runCheck(tx, app, input.actor)
        if (app.status !== 'checking') await addEvent(tx, app.id, 'checking', input.actor)
        else await addEvent(tx, app.id, 'checking', input.actor, status)
        return { ok: true }
      }
      case 'offer': {
        await tx
          .update(partnerApplications)
          .set({ status: 'agreement_offered', agreementVersion: AGREEMENT_VERSION, agreementOfferedAt: sql`now()`, updatedAt: sql`now()` })
          .where(eq(partnerApplications.id, app.id))
        await addEvent(tx, app.id, 'agreement_offered', input.actor)
        await writeAudit(tx, input.actor, { action: 'partner_application.agreement_offered', ...base, details: { version: AGREEMENT_VERSION } })
        await mailApplicant(tx, app, 'application.agreementOffered')
        return { ok: true }
      }
      case 'reject': {
        const reason = input.reason?.trim() ?? ''
        if (!reason) return { ok: false, message: 'application.error.reasonRequired', field: 'reason' }
        await tx
          .update(partnerApplications)
          .set({ status: 'rejected', rejectionReason: reason, updatedAt: sql`now()` })
          .where(eq(partnerApplications.id, app.id))
        await addEvent(tx, app.id, 'rejected', input.actor, reason)
        await writeAudit(tx, input.actor, { action: 'partner_application.rejected', ...base, details: { reason } })
        await mailApplicant(tx, app, 'application.rejected', { reason })
        return { ok: true }
      }
      case 'activate':
        return activate(tx, app, unusable, input.actor)
    }
  })
}

/**
 * Activation: the dealer organisation and its first admin (or, for an e-mail that has an account, a membership and
 * a notice), enrolment in the active programmes at the entry tier, and a one-time password set-up link.
 */
async function activate(tx: Tx, app: Row, unusableHash: string, actor: Actor): Promise<StepResult> {
  const admitted = await admitDealer(tx, {
    org: { legalName: app.legalName, shortName: app.shortName, inn: app.inn, kpp: app.kpp, region: app.region, legalAddress: app.legalAddress },
    admin: { email: app.contactEmail, displayName: app.contactName, locale: app.locale, passwordHash: unusableHash },
    actor,
  })
  if (!admitted.ok) return { ok: false, message: admitted.message }
  const { orgId, userId, newAccount } = admitted.value!
  await enrolDealer(tx, { orgId, actor })
  if (newAccount) {
    const setup = await issuePasswordSetup(tx, { userId, actor, orgId })
    await queueMail(tx, {
      to: app.contactEmail,
      name: app.contactName,
      locale: app.locale,
      kind: 'password.setup',
      params: { name: app.contactName, org: app.shortName, expiresOn: setup.expiresOn, link: absoluteUrl(setup.path) },
      link: setup.path,
      userId,
    })
  } else
    await notify(tx, { to: { userIds: [userId] }, kind: 'application.membershipAdded', params: { org: app.shortName }, link: '/', orgId, mail: true })
  await tx
    .update(partnerApplications)
    .set({ status: 'active', orgId, updatedAt: sql`now()` })
    .where(eq(partnerApplications.id, app.id))
  await addEvent(tx, app.id, 'active', actor)
  await writeAudit(tx, actor, {
    action: 'partner_application.activated',
    entity: 'partner_application',
    entityId: app.id,
    orgId,
    details: { orgId, userId, newAccount },
  })
  await mailApplicant(tx, app, 'application.active')
  return { ok: true }
}

async function findByToken(token: string | undefined) {
  const parsed = parseStatusToken(token)
  if (!parsed) return null
  const [app] = await db.select().from(partnerApplications).where(eq(partnerApplications.id, parsed.id))
  if (!app || !app.statusSecretHash || !secretMatches(parsed.secret, app.statusSecretHash)) return null
  return app
}

/** What the applicant's status page shows: their own application only; a wrong or old token finds nothing. */
export async function getApplicationStatus({ token }: { token: string | undefined }) {
  const app = await findByToken(token)
  if (!app) return null
  const events = await db
    .select({ status: partnerApplicationEvents.status, at: partnerApplicationEvents.at })
    .from(partnerApplicationEvents)
    .where(eq(partnerApplicationEvents.applicationId, app.id))
    .orderBy(asc(partnerApplicationEvents.at), asc(partnerApplicationEvents.id))
  return {
    number: app.number,
    shortName: app.shortName,
    status: app.status,
    rejectionReason: app.status === 'rejected' ? app.rejectionReason : null,
    agreementVersion: app.agreementVersion,
    agreementAcceptedAt: app.agreementAcceptedAt?.toISOString() ?? null,
    createdAt: app.createdAt.toISOString(),
    // Stages only, never staff's notes (a re-check's note names no one, but the page shows stages alone).
    timeline: events.map((e) => ({ status: e.status, at: e.at.toISOString() })),
  }
}

/** The applicant accepts the offered agreement on their status page. */
export async function acceptAgreement({ token, ip }: { token: string | undefined; ip: string | null }): Promise<StepResult | null> {
  const found = await findByToken(token)
  if (!found) return null
  return db.transaction(async (tx) => {
    const app = await lockApplication(tx, found.id)
    if (!app) return { ok: false, message: 'error.notFound.title' }
    const verdict = stepVerdict(app.status, 'accept')
    if (!verdict.ok) return verdict
    const actor: Actor = { userId: null, email: app.contactEmail, ip }
    await tx
      .update(partnerApplications)
      .set({ status: 'agreement_accepted', agreementAcceptedAt: sql`now()`, updatedAt: sql`now()` })
      .where(eq(partnerApplications.id, app.id))
    await addEvent(tx, app.id, 'agreement_accepted', actor)
    await writeAudit(tx, actor, {
      action: 'partner_application.agreement_accepted',
      entity: 'partner_application',
      entityId: app.id,
      details: { version: app.agreementVersion },
    })
    await notify(tx, {
      to: { staff: STAFF },
      kind: 'application.acceptedByApplicant',
      params: { number: app.number, name: app.shortName },
      link: `/desk/partners/applications/${app.id}`,
    })
    await queueMail(tx, {
      to: app.contactEmail,
      name: app.contactName,
      locale: app.locale,
      kind: 'application.agreementAccepted',
      params: { number: app.number },
    })
    return { ok: true }
  })
}

export const APPLICATIONS_PAGE = 25

const sortColumns = {
  number: partnerApplications.number,
  createdAt: partnerApplications.createdAt,
  shortName: partnerApplications.shortName,
  status: partnerApplications.status,
}

/** The desk's list: every application, filtered by stage and a search over number, names and INN. */
export async function listApplications({ scope, query }: { scope: AnyScope; query: ApplicationListQueryInput }) {
  void scope
  const like = query.q ? `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null
  const where = and(
    query.status ? eq(partnerApplications.status, query.status) : undefined,
    like
      ? or(
          ilike(partnerApplications.number, like),
          ilike(partnerApplications.shortName, like),
          ilike(partnerApplications.legalName, like),
          ilike(partnerApplications.inn, like),
        )
      : undefined,
  )
  const page = query.page ?? 1
  const column = sortColumns[query.sort ?? 'createdAt']
  const order = (query.dir ?? (query.sort ? 'asc' : 'desc')) === 'asc' ? asc(column) : desc(column)
  const [rows, [{ total }]] = await Promise.all([
    db
      .select({
        id: partnerApplications.id,
        number: partnerApplications.number,
        shortName: partnerApplications.shortName,
        inn: partnerApplications.inn,
        region: partnerApplications.region,
        status: partnerApplications.status,
        verificationStatus: partnerApplications.verificationStatus,
        createdAt: partnerApplications.createdAt,
      })
      .from(partnerApplications)
      .where(where)
      .orderBy(order, desc(partnerApplications.id))
      .limit(APPLICATIONS_PAGE)
      .offset((page - 1) * APPLICATIONS_PAGE),
    db.select({ total: count() }).from(partnerApplications).where(where),
  ])
  return {
    rows: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
    total,
    page,
    pages: Math.max(1, Math.ceil(total / APPLICATIONS_PAGE)),
  }
}

/** One application for the desk, with its findings (duplicates named: staff only) and its timeline. */
export async function getApplicationForDesk({ scope, applicationId }: { scope: AnyScope; applicationId: string }) {
  void scope
  const [app] = await db.select().from(partnerApplications).where(eq(partnerApplications.id, applicationId))
  if (!app) return null
  const events = await db
    .select({ status: partnerApplicationEvents.status, note: partnerApplicationEvents.note, at: partnerApplicationEvents.at })
    .from(partnerApplicationEvents)
    .where(eq(partnerApplicationEvents.applicationId, app.id))
    .orderBy(asc(partnerApplicationEvents.at), asc(partnerApplicationEvents.id))
  const v = app.verification as Partial<Verification>
  return {
    id: app.id,
    number: app.number,
    status: app.status,
    legalName: app.legalName,
    shortName: app.shortName,
    inn: app.inn,
    kpp: app.kpp,
    region: app.region,
    interestCategoryIds: app.interestCategoryIds,
    interestsNote: app.interestsNote,
    contactName: app.contactName,
    contactEmail: app.contactEmail,
    contactPhone: app.contactPhone,
    locale: app.locale,
    consentText: app.consentText,
    consentVersion: app.consentVersion,
    consentAt: app.consentAt.toISOString(),
    consentIp: app.consentIp,
    verificationStatus: app.verificationStatus,
    verification: { checkedAt: v.checkedAt ?? null, innValid: v.innValid ?? null, duplicates: v.duplicates ?? [] },
    rejectionReason: app.rejectionReason,
    agreementVersion: app.agreementVersion,
    orgId: app.orgId,
    createdAt: app.createdAt.toISOString(),
    timeline: events.map((e) => ({ status: e.status, note: e.note, at: e.at.toISOString() })),
  }
}
