import { and, asc, desc, eq, isNull } from 'drizzle-orm'
import { db } from '../../../db/client.server'
import { memberships, organisations, sessions, users } from '../../../db/schema'
import type { OrganisationKind, Role } from '../tenancy/roles'

export interface MembershipView {
  orgId: string
  role: Role
  kind: OrganisationKind
  shortName: string
}

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
  const rows: MembershipView[] = await db
    .select({ orgId: memberships.orgId, role: memberships.role, kind: organisations.kind, shortName: organisations.shortName })
    .from(memberships)
    // A deactivated organisation's memberships give no authority: nobody acts for it.
    .innerJoin(organisations, and(eq(organisations.id, memberships.orgId), isNull(organisations.disabledAt)))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(organisations.shortName))
  return { user, memberships: rows }
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
