import { and, asc, desc, eq, isNull } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import { membershipRef, organisationRef } from '../tenancy/queries.server'
import type { OrganisationKind, Role } from '../tenancy/roles'
import { database, db } from '../../../db/client.server'
import { sessions, users } from '../../../db/schema/auth'

export { deviceCookieName, readDeviceToken } from './cookies.server'
export { hashingSaturated } from './password.server'
export { sessionExpiresAt } from './session.server'
export { listApiKeys, type ApiKeyIdentity } from './api-keys.server'

export interface MembershipView {
  orgId: string
  role: Role
  kind: OrganisationKind
  shortName: string
}

/** An organisation's invitation the user has not answered yet: it grants nothing until accepted. */
export interface InvitationView {
  orgId: string
  role: Role
  shortName: string
  invitedByName: string | null
  invitedAt: Date
}

const inviter = alias(users, 'inviter')

/** The person columns other modules may join (who placed an order, who bid): see `organisationRef` in tenancy. */
export function userRef(alias = 'user_ref') {
  return db
    .select({
      id: users.id,
      email: users.email,
      displayName: users.displayName,
      locale: users.locale,
      disabledAt: users.disabledAt,
      createdAt: users.createdAt,
    })
    .from(users)
    .as(alias)
}

/** The user, the memberships that count for authority (accepted ones only), and their pending invitations. */
export async function getUserWithMemberships(userId: string) {
  const [user] = await db
    .select({
      id: users.id,
      email: users.email,
      displayName: users.displayName,
      locale: users.locale,
      disabledAt: users.disabledAt,
    })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1)
  if (!user) return null
  const membership = membershipRef()
  const org = organisationRef()
  const rows = await db
    .select({
      orgId: membership.orgId,
      role: membership.role,
      kind: org.kind,
      shortName: org.shortName,
      acceptedAt: membership.acceptedAt,
      invitedAt: membership.createdAt,
      invitedByName: inviter.displayName,
    })
    .from(membership)
    // A deactivated organisation's memberships give no authority: nobody acts for it.
    .innerJoin(org, and(eq(org.id, membership.orgId), isNull(org.disabledAt)))
    .leftJoin(inviter, eq(inviter.id, membership.invitedBy))
    .where(eq(membership.userId, userId))
    .orderBy(asc(org.shortName), asc(org.id))
  const accepted: MembershipView[] = rows
    .filter((r) => r.acceptedAt)
    .map((r) => ({ orgId: r.orgId, role: r.role, kind: r.kind, shortName: r.shortName }))
  const invitations: InvitationView[] = rows
    .filter((r) => !r.acceptedAt)
    .map((r) => ({ orgId: r.orgId, role: r.role, shortName: r.shortName, invitedByName: r.invitedByName, invitedAt: r.invitedAt }))
  return { user, memberships: accepted, invitations }
}

/** The signed-in user's own sessions, newest activity first: only their own rows, by user id in the query. */
export async function listOwnSessions({ userId }: { userId: string }) {
  return db
    .select({
      id: sessions.id,
      createdAt: sessions.createdAt,
      lastActiveAt: sessions.lastActiveAt,
      ip: sessions.ip,
      userAgent: sessions.userAgent,
    })
    .from(sessions)
    .where(eq(sessions.userId, userId))
    .orderBy(desc(sessions.lastActiveAt))
}

/** Whether the database behind sessions answers, and which driver it is: the process's readiness probe. */
export async function checkDatabase() {
  try {
    await database.ping()
    return { ready: true, database: database.kind }
  } catch {
    return { ready: false, database: database.kind }
  }
}

export { getPasswordSetup } from './password-setup.server'
