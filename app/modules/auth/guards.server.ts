import { json, redirect } from '@remix-run/node'
import { bindTenant } from '../../../db/tenant-scope.server'
import { getAccessContacts } from '../tenancy/queries.server'
import { permissionsOf, type Forbidden, type Permission } from './permissions'
import { getUserWithMemberships, type InvitationView, type MembershipView } from './queries.server'
import { readSessionToken } from './cookies.server'
import { grantScope, type Scope, type ScopeOf } from './scope.server'
import { findSession, validateSessionToken, type SessionRecord } from './session.server'

export interface AuthContext {
  session: SessionRecord
  user: { id: string; email: string; displayName: string; locale: string }
  /** Accepted memberships only: a pending invitation counts for nothing (permissions, switcher, sockets). */
  memberships: MembershipView[]
  invitations: InvitationView[]
  /** The active organisation: the one every server-side check uses. Null for a user without memberships. */
  org: { id: string; kind: MembershipView['kind']; shortName: string } | null
  role: MembershipView['role'] | null
  permissions: readonly Permission[]
}

const cache = new WeakMap<Request, Promise<AuthContext | null>>()

async function load(request: Request): Promise<AuthContext | null> {
  const token = readSessionToken(request)
  if (!token) return null
  const session = await validateSessionToken(token)
  if (!session) return null
  return contextOf(session)
}

async function contextOf(session: SessionRecord): Promise<AuthContext | null> {
  const found = await getUserWithMemberships(session.userId)
  if (!found || found.user.disabledAt) return null
  // The session's active organisation counts only while the membership exists: a removed membership takes
  // effect on the next request, without waiting for the session to end.
  const active = found.memberships.find((m) => m.orgId === session.activeOrgId) ?? found.memberships[0] ?? null
  // From here on the database itself shows this request only its organisation's rows; staff read every tenant.
  if (active && active.kind !== 'operator') bindTenant({ orgId: active.orgId, userId: found.user.id })
  return {
    session,
    user: { id: found.user.id, email: found.user.email, displayName: found.user.displayName, locale: found.user.locale },
    memberships: found.memberships,
    invitations: found.invitations,
    org: active ? { id: active.orgId, kind: active.kind, shortName: active.shortName } : null,
    role: active?.role ?? null,
    permissions: permissionsOf(active?.role),
  }
}

/**
 * Whether what a socket was granted at its handshake still holds, read now: its session exists, the user is active,
 * and the session's active organisation and the role in it are the ones the socket carries (a removed membership, a
 * new role, a switched or deactivated organisation all say no). The same rules as every web request.
 */
export async function handshakeStillHolds(granted: {
  sessionId: string
  userId: string
  orgId: string | null
  role: string | null
}): Promise<boolean> {
  const session = await findSession(granted.sessionId)
  if (!session || session.userId !== granted.userId) return false
  const auth = await contextOf(session)
  return !!auth && (auth.org?.id ?? null) === granted.orgId && auth.role === granted.role
}

/** The signed-in user, or null. Loaded once per request. */
export function getAuth(request: Request) {
  let pending = cache.get(request)
  if (!pending) {
    pending = load(request)
    cache.set(request, pending)
  }
  return pending
}

export async function requireUser(request: Request): Promise<AuthContext> {
  const auth = await getAuth(request)
  if (!auth) {
    const url = new URL(request.url)
    const back = url.pathname + url.search
    throw redirect(back === '/' ? '/login' : `/login?redirectTo=${encodeURIComponent(back)}`)
  }
  return auth
}

export async function requireAnonymous(request: Request) {
  if (await getAuth(request)) throw redirect('/')
}

export type OrgAuthContext = AuthContext & {
  org: NonNullable<AuthContext['org']>
  role: NonNullable<AuthContext['role']>
  /** Whose data the checked permission lets this request touch: pass it to every module function. */
  scope: Scope
}

/**
 * Refuses with 403 naming the permission the active organisation's role lacks (fail closed), with what the 403
 * page needs to say whom to ask: the organisation's administrators by name, or the operator for its support.
 */
export async function requirePermission<P extends Permission>(request: Request, permission: P): Promise<OrgAuthContext & { scope: ScopeOf<P> }> {
  const auth = await requireUser(request)
  if (!auth.org || !auth.role || !auth.permissions.includes(permission)) {
    const contacts = await getAccessContacts({ orgId: auth.org?.id ?? null })
    const refusal: Forbidden = {
      permission,
      org: auth.org ? { shortName: auth.org.shortName, kind: auth.org.kind } : null,
      role: auth.role,
      ...contacts,
    }
    throw json(refusal, { status: 403, statusText: `Forbidden: ${permission}` })
  }
  return { ...auth, scope: grantScope(permission, auth.org.id) } as OrgAuthContext & { scope: ScopeOf<P> }
}

export function actorOf(auth: Pick<AuthContext, 'user'>, ip: string | null) {
  return { userId: auth.user.id, email: auth.user.email, ip }
}
