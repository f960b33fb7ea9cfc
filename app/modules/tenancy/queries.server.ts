import { and, asc, desc, eq, ilike, inArray, isNull, or, sql, type SQL } from 'drizzle-orm'
import type { z } from 'zod'
import { translate, type Locale, type MessageKey } from '../../i18n'
import { formatSheetDateTime, formatZoneName } from '../../i18n/format'
import { operatorTimeZone } from '../../utils/clock.server'
import { toCsv } from '../../utils/csv'
import { containsPattern } from '../../utils/text'
import { userRef } from '../auth/queries.server'
import { inScope, type AnyScope, type Scope } from '../auth/scope.server'
import { db, type DbOrTx } from '../../../db/client.server'
import { dealerGroupChanges, memberships, organisations } from '../../../db/schema/tenancy'
import { orgAdminRoles, type OrganisationKind, type Role } from './roles'
import type { OrganisationListQuery } from './schemas'
import type { OrganisationSort } from './sorts'

// Operator-side reads take an any scope (the type refuses an organisation's); reads an organisation's people make
// of their own organisation take its scope, and the scope is in the query, so a forgotten guard still cannot leak
// another tenant's row. People's accounts are auth's: joined through `userRef`.

const orgColumns = {
  id: organisations.id,
  kind: organisations.kind,
  legalName: organisations.legalName,
  shortName: organisations.shortName,
  country: organisations.country,
  inn: organisations.inn,
  kpp: organisations.kpp,
  vatId: organisations.vatId,
  verificationStatus: organisations.verificationStatus,
  disabledAt: organisations.disabledAt,
  createdAt: organisations.createdAt,
}

/**
 * The organisation columns other modules may join (names on an order, a supplier's verification on a bid, the
 * dealer group a price list is assigned to): a derived table, so their SQL stays one statement while the table
 * stays tenancy's (the lint refuses it elsewhere). PostgreSQL flattens it into the outer query, so it costs nothing.
 */
export function organisationRef(alias = 'organisation_ref') {
  return db
    .select({
      id: organisations.id,
      kind: organisations.kind,
      shortName: organisations.shortName,
      legalName: organisations.legalName,
      dealerGroup: organisations.dealerGroup,
      region: organisations.region,
      verificationStatus: organisations.verificationStatus,
      disabledAt: organisations.disabledAt,
    })
    .from(organisations)
    .as(alias)
}

/**
 * The dealer group in force for an organisation today (operator calendar, database clock), as an SQL expression
 * for pricing: the latest scheduled change (a tier promotion or demotion, issue 13) whose day has come, else the
 * organisation's own group. One index probe on dealer_group_changes (org_id, effective_from).
 */
export function dealerGroupInForce(orgId: string): SQL {
  const today = sql`(now() at time zone ${operatorTimeZone})::date`
  // Wrapped in an array so that a change to "no group" (null) still wins over the organisation's own group.
  return sql`(coalesce(
    (select array[${dealerGroupChanges.dealerGroup}] from ${dealerGroupChanges}
      where ${dealerGroupChanges.orgId} = ${orgId} and ${dealerGroupChanges.effectiveFrom} <= ${today}
      order by ${dealerGroupChanges.effectiveFrom} desc limit 1),
    array[(select ${organisations.dealerGroup} from ${organisations} where ${organisations.id} = ${orgId})]))[1]`
}

/** Who belongs to which organisation, as a derived table for auth (sign-in, the session's organisation). */
export function membershipRef(alias = 'membership_ref') {
  return db
    .select({
      userId: memberships.userId,
      orgId: memberships.orgId,
      role: memberships.role,
      acceptedAt: memberships.acceptedAt,
      createdAt: memberships.createdAt,
      invitedBy: memberships.invitedBy,
    })
    .from(memberships)
    .as(alias)
}

// A pending invitation shows what the inviting admin typed, never the account behind it: whether the e-mail
// already had an account (its name, its blocked state, where it sorts) stays unknown to the organisation.
const pending = sql`${memberships.acceptedAt} is null`
function memberColumns(user: ReturnType<typeof userRef>) {
  const name = sql<string>`case when ${pending} then coalesce(${memberships.invitedName}, ${user.displayName}) else ${user.displayName} end`
  return {
    columns: {
      userId: user.id,
      email: user.email,
      displayName: name,
      role: memberships.role,
      status: sql<'invited' | 'active'>`case when ${pending} then 'invited' else 'active' end`,
      disabledAt: sql<Date | null>`case when ${pending} then null else ${user.disabledAt} end`.mapWith(user.disabledAt),
      since: memberships.createdAt,
    },
    name,
  }
}

export async function listOrganisations(input: {
  scope: AnyScope
  kind?: OrganisationKind
  q?: string
  sort?: OrganisationSort
  dir?: 'asc' | 'desc'
}) {
  const filters: SQL[] = []
  if (input.kind) filters.push(eq(organisations.kind, input.kind))
  if (input.q) {
    const like = containsPattern(input.q)
    filters.push(
      or(
        ilike(organisations.shortName, like),
        ilike(organisations.legalName, like),
        ilike(organisations.inn, like),
        ilike(organisations.vatId, like),
      )!,
    )
  }
  const column = organisations[input.sort ?? 'shortName']
  return db
    .select({
      ...orgColumns,
      memberCount: sql<number>`(select count(*)::int from ${memberships} where ${memberships.orgId} = ${organisations.id} and ${memberships.acceptedAt} is not null)`,
    })
    .from(organisations)
    .where(and(...filters))
    .orderBy(input.dir === 'desc' ? desc(column) : asc(column), asc(organisations.id))
}

/** One organisation: staff name any (any scope); an organisation's scope finds only itself. */
export async function getOrganisation({ scope, orgId }: { scope: Scope; orgId: string }) {
  const [org] = await db
    .select(orgColumns)
    .from(organisations)
    .where(and(eq(organisations.id, orgId), inScope(scope, organisations.id)))
    .limit(1)
  return org ?? null
}

/** The members (and pending invitations) of an organisation: with an organisation's scope, of its own only. */
export async function listOrganisationMembers({ scope, orgId }: { scope: Scope; orgId: string }) {
  const user = userRef()
  const { columns, name } = memberColumns(user)
  return db
    .select(columns)
    .from(memberships)
    .innerJoin(user, eq(user.id, memberships.userId))
    .where(and(eq(memberships.orgId, orgId), inScope(scope, memberships.orgId)))
    .orderBy(asc(name), asc(user.id))
}

/** One member of the given organisation, or null: a user of another organisation is not found. */
export async function getOrganisationMember({ scope, orgId, userId }: { scope: Scope; orgId: string; userId: string }) {
  const user = userRef()
  const [member] = await db
    .select(memberColumns(user).columns)
    .from(memberships)
    .innerJoin(user, eq(user.id, memberships.userId))
    .where(and(eq(memberships.orgId, orgId), inScope(scope, memberships.orgId), eq(memberships.userId, userId)))
    .limit(1)
  return member ?? null
}

/**
 * The operator's user list: each person with every organisation they belong to and their role there. Accepted
 * memberships first; pending invitations come marked (`pending`), so the list never counts an invitation as a
 * membership. Memberships are read in a second query with the same filter, not one correlated subquery per row.
 */
export async function listUsers(input: { scope: AnyScope; q?: string }) {
  const user = userRef()
  const like = input.q ? containsPattern(input.q) : null
  const match = like ? or(ilike(user.email, like), ilike(user.displayName, like)) : undefined
  const [people, links] = await Promise.all([
    db
      .select({ id: user.id, email: user.email, displayName: user.displayName, disabledAt: user.disabledAt, createdAt: user.createdAt })
      .from(user)
      .where(match)
      .orderBy(asc(user.displayName), asc(user.id)),
    db
      .select({
        userId: memberships.userId,
        orgId: organisations.id,
        shortName: organisations.shortName,
        role: memberships.role,
        pending: sql<boolean>`${pending}`,
      })
      .from(memberships)
      .innerJoin(user, eq(user.id, memberships.userId))
      .innerJoin(organisations, eq(organisations.id, memberships.orgId))
      .where(match)
      .orderBy(sql`${pending}`, asc(organisations.shortName)),
  ])
  const byUser = new Map<string, { orgId: string; shortName: string; role: Role; pending: boolean }[]>()
  for (const { userId, ...link } of links) byUser.set(userId, [...(byUser.get(userId) ?? []), link])
  return people.map((p) => ({ ...p, memberships: byUser.get(p.id) ?? [] }))
}

export async function getUser({ userId }: { scope: AnyScope; userId: string }) {
  const account = userRef()
  const [user] = await db
    .select({
      id: account.id,
      email: account.email,
      displayName: account.displayName,
      locale: account.locale,
      disabledAt: account.disabledAt,
      createdAt: account.createdAt,
    })
    .from(account)
    .where(eq(account.id, userId))
    .limit(1)
  if (!user) return null
  const orgs = await db
    .select({
      orgId: organisations.id,
      shortName: organisations.shortName,
      kind: organisations.kind,
      role: memberships.role,
      pending: sql<boolean>`${pending}`,
    })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.orgId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(organisations.shortName))
  return { ...user, memberships: orgs }
}

export async function listOrganisationOptions(_: { scope: AnyScope }) {
  return db
    .select({ id: organisations.id, shortName: organisations.shortName, kind: organisations.kind })
    .from(organisations)
    .orderBy(asc(organisations.shortName))
}

/**
 * Whom a refused person can ask for access (the 403 page): their organisation's administrators by name (accepted,
 * not blocked) and the operator's name for its support. Names only: the page is shown inside the same organisation.
 * The guard's own helper, called when it refuses, so before any scope exists: it takes the active organisation's id
 * (null for a user without one, who gets the operator only), never a scope and never "every organisation".
 */
export async function getAccessContacts({ orgId }: { orgId: string | null }) {
  const user = userRef()
  const [operator] = await db
    .select({ shortName: organisations.shortName })
    .from(organisations)
    .where(eq(organisations.kind, 'operator'))
    .orderBy(asc(organisations.createdAt))
    .limit(1)
  const admins = orgId
    ? await db
        .select({ displayName: user.displayName })
        .from(memberships)
        .innerJoin(user, eq(user.id, memberships.userId))
        .where(
          and(
            eq(memberships.orgId, orgId),
            inArray(memberships.role, [...orgAdminRoles]),
            sql`${memberships.acceptedAt} is not null`,
            isNull(user.disabledAt),
          ),
        )
        .orderBy(asc(user.displayName))
        .limit(5)
    : []
  return { operatorName: operator?.shortName ?? null, admins: admins.map((a) => a.displayName) }
}

export interface LegalDetails {
  orgId: string
  legalName: string
  country: string
  inn: string | null
  kpp: string | null
  vatId: string | null
  legalAddress: string | null
}

const legalColumns = {
  orgId: organisations.id,
  legalName: organisations.legalName,
  country: organisations.country,
  inn: organisations.inn,
  kpp: organisations.kpp,
  vatId: organisations.vatId,
  legalAddress: organisations.legalAddress,
}

/** The parties' legal details as documents print them (order confirmations, tender protocols), by organisation id. */
export async function getLegalDetails({ orgIds }: { orgIds: string[] }): Promise<Map<string, LegalDetails>> {
  if (!orgIds.length) return new Map()
  const rows = await db.select(legalColumns).from(organisations).where(inArray(organisations.id, orgIds))
  return new Map(rows.map((r) => [r.orgId, r]))
}

/** The operator: the seller on every order confirmation. The first one created, should there ever be two. */
export async function getOperatorLegalDetails(): Promise<LegalDetails | null> {
  const [row] = await db
    .select(legalColumns)
    .from(organisations)
    .where(eq(organisations.kind, 'operator'))
    .orderBy(asc(organisations.createdAt))
    .limit(1)
  return row ?? null
}

/** The organisation list as CSV, with the same filters and order as the page; times in the operator's zone. */
export async function organisationsCsv({ scope, query, locale }: { scope: AnyScope; query: z.infer<typeof OrganisationListQuery>; locale: Locale }) {
  const organisations = await listOrganisations({ scope, ...query })
  const tr = (k: MessageKey) => translate(locale, k)
  return toCsv(
    [
      ...(
        [
          'admin.org.shortName',
          'admin.org.legalName',
          'admin.org.kind',
          'admin.org.country',
          'admin.org.inn',
          'admin.org.kpp',
          'admin.org.vatId',
          'admin.org.verification',
          'admin.org.members',
        ] as const
      ).map((k) => tr(k)),
      `${tr('admin.org.created')} (${formatZoneName(locale, operatorTimeZone)})`,
    ],
    organisations.map((o) => [
      o.shortName,
      o.legalName,
      tr(`kind.${o.kind}`),
      o.country,
      o.inn,
      o.kpp,
      o.vatId,
      tr(`status.${o.verificationStatus}`),
      o.memberCount,
      formatSheetDateTime(locale, o.createdAt, operatorTimeZone),
    ]),
    locale,
  )
}

/**
 * Organisations registered with an INN: the partner programme's duplicate check (issue 13), which also runs when an
 * anonymous applicant submits. Its answer is stored for staff and never shown to the applicant.
 */
export async function findOrganisationsByInn({ inn }: { inn: string }, tx: DbOrTx = db) {
  return tx
    .select({ id: organisations.id, shortName: organisations.shortName, inn: organisations.inn })
    .from(organisations)
    .where(eq(organisations.inn, inn))
    .orderBy(asc(organisations.shortName))
    .limit(10)
}
