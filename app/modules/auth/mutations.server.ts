import { and, asc, desc, eq, isNotNull, isNull, sql } from 'drizzle-orm'
import { db, type Tx } from '../../../db/client.server'
import { sessions, users } from '../../../db/schema/auth'
import type { MessageKey } from '../../i18n'
import { writeAudit, type Actor } from '../audit/mutations.server'
import { membershipRef, organisationRef } from '../tenancy/queries.server'
import type { AnyScope } from './scope.server'
import { isTrustedDevice, trustDevice } from './devices.server'
import { isGateFull } from './hash-gate'
import { hashPassword, verifyAgainstDummy, verifyPassword } from './password.server'
import { clearLoginFailures, loginBlockedFor, recordLoginFailure } from './rate-limit.server'
import { publishAuthorityChanged } from './live.server'
import { announceRevoked, createSession, deleteSessions, setActiveOrg } from './session.server'
import { orgAdminRoles } from '../tenancy/roles'

export { clearSessionCookie, deviceCookie, sessionCookie } from './cookies.server'
export { hashPassword } from './password.server'
export { createApiKey, recordApiCall, revokeApiKey } from './api-keys.server'
export { announceRevoked, deleteSessions } from './session.server'
export { issuePasswordSetup, setPasswordByLink, setupPath } from './password-setup.server'

export type LoginResult =
  | { ok: true; token: string; userId: string; deviceToken: string | null }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled' | 'busy'; retryAfterSeconds: number }

/**
 * Signs in with a login (already normalised by the schema) and password. The throttle is consulted before any
 * hash is computed; unknown logins cost the same hash as wrong passwords; hashing goes through the gate, where
 * known devices come first. A new session id is issued on every sign-in (ASVS V7.2.4), so a fixed cookie cannot
 * be carried into an authenticated session. A browser signing in for the first time gets a device cookie.
 */
export async function login(input: {
  email: string
  password: string
  ip: string
  userAgent: string | null
  deviceToken?: string | null
  now?: Date
}): Promise<LoginResult> {
  const now = input.now ?? new Date()
  const [user] = await db
    .select({ id: users.id, passwordHash: users.passwordHash, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(users.email, input.email))
    .limit(1)
  const knownDevice = user ? await isTrustedDevice(input.deviceToken ?? null, user.id) : false
  const key = { login: input.email, ip: input.ip, now, knownDevice }
  const blockedFor = await loginBlockedFor(key)
  if (blockedFor !== null) {
    await writeAudit(
      db,
      { userId: null, email: input.email, ip: input.ip },
      {
        action: 'auth.login_throttled',
        entity: 'user',
        details: { retryAfterSeconds: blockedFor },
      },
    )
    return { ok: false, reason: 'throttled', retryAfterSeconds: blockedFor }
  }

  let valid: boolean
  try {
    valid = user ? await verifyPassword(user.passwordHash, input.password, knownDevice ? 'known' : 'other') : await verifyAgainstDummy(input.password)
  } catch (error) {
    // Shed load: too many unknown sign-ins are waiting for a hash. Cheap to answer, safe to retry.
    if (isGateFull(error)) return { ok: false, reason: 'busy', retryAfterSeconds: 2 }
    throw error
  }
  const actor: Actor = { userId: user?.id ?? null, email: input.email, ip: input.ip }

  if (!user || !valid || user.disabledAt) {
    await db.transaction(async (tx) => {
      await recordLoginFailure(tx, key)
      await writeAudit(tx, actor, {
        action: 'auth.login_failed',
        entity: 'user',
        entityId: user?.id ?? null,
        details: { reason: !user ? 'unknown_login' : user.disabledAt ? 'disabled' : 'wrong_password' },
      })
    })
    return { ok: false, reason: 'invalid' }
  }

  return db.transaction(async (tx) => {
    // Resume in the organisation the user last worked in, if the membership still exists.
    const membership = membershipRef()
    const [last] = await tx
      .select({ orgId: sessions.activeOrgId })
      .from(sessions)
      .innerJoin(membership, and(eq(membership.orgId, sessions.activeOrgId), eq(membership.userId, user.id), isNotNull(membership.acceptedAt)))
      .where(eq(sessions.userId, user.id))
      .orderBy(desc(sessions.lastActiveAt))
      .limit(1)
    // Else the organisation they joined first: an explicit order, not whatever plan the database picks. Memberships
    // made together (a seed, an operator setting up a dealer group) tie on the time: the one they administer wins.
    const [first] = last
      ? []
      : await tx
          .select({ orgId: membership.orgId })
          .from(membership)
          .where(and(eq(membership.userId, user.id), isNotNull(membership.acceptedAt)))
          .orderBy(
            asc(membership.acceptedAt),
            sql`${membership.role}::text in (${sql.join(
              orgAdminRoles.map((r) => sql`${r}`),
              sql`, `,
            )}) desc`,
            asc(membership.orgId),
          )
          .limit(1)
    const { token, session } = await createSession(tx, {
      userId: user.id,
      activeOrgId: last?.orgId ?? first?.orgId ?? null,
      ip: input.ip,
      userAgent: input.userAgent,
      now,
    })
    await clearLoginFailures(tx, key)
    await writeAudit(tx, actor, { action: 'auth.login', entity: 'session', entityId: session.id, orgId: session.activeOrgId })
    const deviceToken = knownDevice ? null : await trustDevice(tx, user.id)
    return { ok: true as const, token, userId: user.id, deviceToken }
  })
}

export async function logout(input: { sessionId: string; actor: Actor }) {
  const ids = await db.transaction(async (tx) => {
    const ids = await deleteSessions(tx, { ids: [input.sessionId] })
    await writeAudit(tx, input.actor, { action: 'auth.logout', entity: 'session', entityId: input.sessionId })
    return ids
  })
  announceRevoked(ids)
}

/** Signs out one of the user's own sessions; another user's session id is simply not found. */
export async function revokeOwnSession(input: { userId: string; sessionId: string; actor: Actor }) {
  const ids = await db.transaction(async (tx) => {
    const deleted = await tx
      .delete(sessions)
      .where(and(eq(sessions.id, input.sessionId), eq(sessions.userId, input.userId)))
      .returning({ id: sessions.id })
    if (deleted.length) await writeAudit(tx, input.actor, { action: 'session.revoked', entity: 'session', entityId: input.sessionId })
    return deleted.map((d) => d.id)
  })
  announceRevoked(ids)
  return ids.length > 0
}

export async function revokeOtherSessions(input: { userId: string; currentSessionId: string; actor: Actor }) {
  const ids = await db.transaction(async (tx) => {
    const ids = await deleteSessions(tx, { userId: input.userId, exceptId: input.currentSessionId })
    if (ids.length)
      await writeAudit(tx, input.actor, { action: 'session.revoked', entity: 'user', entityId: input.userId, details: { count: ids.length } })
    return ids
  })
  announceRevoked(ids)
  return ids.length
}

/** Operator admins end every session of a user ("delete:session:any"), e.g. for a lost laptop. */
export async function revokeAllSessionsOfUser(input: { userId: string; actor: Actor }) {
  const ids = await db.transaction(async (tx) => {
    const ids = await deleteSessions(tx, { userId: input.userId })
    await writeAudit(tx, input.actor, { action: 'session.revoked', entity: 'user', entityId: input.userId, details: { count: ids.length } })
    return ids
  })
  announceRevoked(ids)
  return ids.length
}

export type ChangePasswordResult = { ok: true; endedSessions: number } | { ok: false; reason: 'wrong_current' }

/** A password change ends every other session of the user (ASVS V7.4.3). */
export async function changePassword(input: {
  userId: string
  currentSessionId: string
  currentPassword: string
  newPassword: string
  actor: Actor
}): Promise<ChangePasswordResult> {
  const [user] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, input.userId))
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) return { ok: false, reason: 'wrong_current' }
  const passwordHash = await hashPassword(input.newPassword)
  const ids = await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, passwordChangedAt: new Date() }).where(eq(users.id, input.userId))
    const ids = await deleteSessions(tx, { userId: input.userId, exceptId: input.currentSessionId })
    await writeAudit(tx, input.actor, {
      action: 'auth.password_changed',
      entity: 'user',
      entityId: input.userId,
      details: { endedSessions: ids.length },
    })
    return ids
  })
  announceRevoked(ids)
  return { ok: true, endedSessions: ids.length }
}

/** Makes one of the user's organisations active for this session; any other organisation is not found. */
export async function switchOrganisation(input: { userId: string; sessionId: string; orgId: string; actor: Actor }) {
  const switched = await db.transaction(async (tx) => {
    const membership = membershipRef()
    const org = organisationRef()
    const [found] = await tx
      .select({ orgId: membership.orgId })
      .from(membership)
      .innerJoin(org, and(eq(org.id, membership.orgId), isNull(org.disabledAt)))
      .where(and(eq(membership.userId, input.userId), eq(membership.orgId, input.orgId), isNotNull(membership.acceptedAt)))
    if (!found) return false
    await setActiveOrg(tx, input.sessionId, input.orgId)
    await writeAudit(tx, input.actor, { action: 'session.org_switched', entity: 'session', entityId: input.sessionId, orgId: input.orgId })
    return true
  })
  // The session's open sockets still act for the organisation it had: they are closed and re-handshake.
  if (switched) publishAuthorityChanged({ sessionIds: [input.sessionId] })
  return switched
}

export async function setUserLocale(input: { userId: string; locale: 'ru' | 'en' }) {
  await db.update(users).set({ locale: input.locale }).where(eq(users.id, input.userId))
}

// People's accounts, written for tenancy's user administration (an operator creating a user, an organisation
// inviting one) in the caller's transaction, so the account and its membership commit together.

export type AccountInput = { email: string; displayName: string; locale: 'ru' | 'en'; passwordHash: string }

/** A new account; a taken e-mail fails with the database's unique violation, for the caller to name. */
export async function createAccount(tx: Tx, input: AccountInput) {
  const [user] = await tx.insert(users).values(input).returning({ id: users.id })
  return user
}

/** The account for an e-mail, made now if there was none (`created` says which). */
export async function ensureAccount(tx: Tx, input: AccountInput) {
  const [created] = await tx.insert(users).values(input).onConflictDoNothing({ target: users.email }).returning({ id: users.id })
  if (created) return { id: created.id, created: true }
  const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, input.email))
  return { id: existing.id, created: false }
}

/** An account's id by e-mail or id, or null. */
export async function findAccountId(tx: Tx, user: { email: string } | { id: string }) {
  const [found] = await tx
    .select({ id: users.id })
    .from(users)
    .where('email' in user ? eq(users.email, user.email) : eq(users.id, user.id))
  return found?.id ?? null
}

export type AccountUpdateResult = { ok: true } | { ok: false; field?: string; message: MessageKey; status?: number }

/** Operator admins edit any user ("manage:user:any"); disabling one ends all their sessions at once. */
export async function updateUser(input: {
  scope: AnyScope
  userId: string
  data: { displayName: string; locale: 'ru' | 'en'; disabled: boolean }
  actor: Actor
}): Promise<AccountUpdateResult> {
  const fail = (message: MessageKey, field?: string, status?: number) => ({ ok: false as const, message, field, status })
  const result = await db.transaction(async (tx) => {
    const [before] = await tx
      .select({ displayName: users.displayName, locale: users.locale, disabledAt: users.disabledAt })
      .from(users)
      .where(eq(users.id, input.userId))
      .for('update')
    if (!before) return { res: fail('errors.notFound', undefined, 404), revoked: [] as string[] }
    if (input.data.disabled && input.actor.userId === input.userId) return { res: fail('errors.cannotDisableSelf', 'disabled'), revoked: [] }
    const disabledAt = input.data.disabled ? (before.disabledAt ?? new Date()) : null
    await tx.update(users).set({ displayName: input.data.displayName, locale: input.data.locale, disabledAt }).where(eq(users.id, input.userId))
    const revoked = input.data.disabled ? await deleteSessions(tx, { userId: input.userId }) : []
    await writeAudit(tx, input.actor, {
      action: 'user.updated',
      entity: 'user',
      entityId: input.userId,
      details: { displayName: input.data.displayName, locale: input.data.locale, disabled: input.data.disabled, endedSessions: revoked.length },
    })
    return { res: { ok: true as const }, revoked }
  })
  announceRevoked(result.revoked)
  if (result.res.ok && input.data.disabled) publishAuthorityChanged({ userIds: [input.userId] })
  return result.res
}
