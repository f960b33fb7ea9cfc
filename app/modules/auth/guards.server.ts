import { json, redirect } from '@remix-run/node'
import { problem, problemResponse } from '../../utils/problem'
import { authenticateApiKey, takeApiToken, type ApiKeyIdentity } from './api-keys.server'
import type { ApiKeyScope } from './schemas'
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

/** The permission each API-key scope stands for: what the scope lets a module function touch. */
const permissionOfKeyScope = {
  'orders:write': 'create:order:org',
  'orders:read': 'read:order:org',
  'documents:read': 'read:edi:org',
  'catalog:read': 'read:catalog:org',
  'inventory:read': 'read:catalog:org',
} as const satisfies Record<ApiKeyScope, Permission>

export interface ApiAuthContext {
  key: ApiKeyIdentity
  scope: ScopeOf<(typeof permissionOfKeyScope)[ApiKeyScope]>
  actor: { userId: string; email: string; ip: string | null }
}

const refusalText = {
  malformed: 'The bearer token is not an API key of this portal.',
  unknown: 'No such API key.',
  revoked: 'This API key has been revoked.',
  expired: 'This API key has expired.',
  not_key_account: 'This API key belongs to no active key account.',
} as const

/**
 * The API-key guard for `/api/v1` (DESIGN.md §6): the key only in `Authorization: Bearer` (never in the URL, where
 * logs and proxies keep it; never a cookie, so no page's session can act through the API and no cross-site form can
 * either), valid now, holding `need`, within its rate. Refusals are problem+json: 401 (no or bad key), 403 (scope),
 * 429 (rate, with Retry-After). Binds the tenant for row-level security, like the web guard.
 */
export async function requireApiKey(request: Request, need: ApiKeyScope, ip: string | null): Promise<ApiAuthContext> {
  const url = new URL(request.url)
  for (const name of url.searchParams.keys())
    if (/^(api[_-]?key|access[_-]?token|token|key|authorization)$/i.test(name))
      throw problemResponse(
        problem(400, 'key_in_url', 'API key in the URL', {
          detail: 'Send the key only in the Authorization header (Bearer); a URL is logged and cached.',
        }),
      )
  const header = request.headers.get('authorization') ?? ''
  const m = /^Bearer +(\S+)$/i.exec(header.trim())
  const challenge = { 'WWW-Authenticate': 'Bearer realm="api"' }
  if (!m) throw problemResponse(problem(401, 'unauthenticated', 'API key required', { detail: 'Send Authorization: Bearer <key>.' }), challenge)
  const found = await authenticateApiKey(m[1], ip)
  if (!found.ok)
    throw problemResponse(problem(401, `key_${found.reason}`, 'API key refused', { detail: refusalText[found.reason] }), {
      'WWW-Authenticate': 'Bearer realm="api", error="invalid_token"',
    })
  const { key } = found
  const wait = takeApiToken(key.id)
  if (wait > 0)
    throw problemResponse(problem(429, 'rate_limited', 'Too many requests', { detail: `This key may make more calls in ${wait} s.` }), {
      'Retry-After': String(wait),
    })
  if (!key.scopes.includes(need))
    throw problemResponse(problem(403, 'scope_missing', 'The key lacks a scope', { detail: `This call needs the scope ${need}.`, scope: need }))
  bindTenant({ orgId: key.orgId, userId: key.createdBy })
  return { key, scope: grantScope(permissionOfKeyScope[need], key.orgId), actor: { userId: key.createdBy, email: key.createdByEmail, ip } }
}
