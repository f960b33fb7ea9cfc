import { sha256 } from '@oslojs/crypto/sha2'
import { constantTimeEqual } from '@oslojs/crypto/subtle'
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding'
import { and, eq, inArray, ne } from 'drizzle-orm'
import { db, type DbOrTx } from '../../../db/client.server'
import { sessions } from '../../../db/schema/auth'
import { env } from '../../env.server'
import { publishSessionsRevoked } from './live.server'

// The Lucia session design (lucia-auth.com/sessions/basic): a token `<id>.<secret>`, each part 120 random bits;
// only SHA-256(secret) is stored and compared in constant time. Idle and absolute expiry are enforced here
// (ASVS V7.3.1, V7.3.2); activity is written at most once a minute so reads stay reads.
const ACTIVITY_WRITE_INTERVAL_MS = 60_000

export interface SessionRecord {
  id: string
  userId: string
  activeOrgId: string | null
  createdAt: Date
  lastActiveAt: Date
}

function randomString() {
  const bytes = new Uint8Array(15)
  crypto.getRandomValues(bytes)
  return encodeBase32LowerCaseNoPadding(bytes)
}

export function hashSecret(secret: string) {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(secret)))
}

/** A new `<id>.<secret>` token: what the cookie carries; the database keeps the id and hashSecret(secret). */
export function newToken() {
  const id = randomString()
  const secret = randomString()
  return { id, secret, token: `${id}.${secret}` }
}

/** Splits a token from a cookie, or null if it cannot be one of ours. */
export function parseToken(token: string): { id: string; secret: string } | null {
  const parts = token.split('.')
  if (parts.length !== 2 || !/^[a-z2-7]{24}$/.test(parts[0]) || !/^[a-z2-7]{24}$/.test(parts[1])) return null
  return { id: parts[0], secret: parts[1] }
}

/** Constant-time comparison of a presented secret with a stored hash. */
export function secretMatches(secret: string, storedHash: string) {
  const encoder = new TextEncoder()
  return constantTimeEqual(encoder.encode(hashSecret(secret)), encoder.encode(storedHash))
}

export function sessionLimits() {
  return { idleMs: env.SESSION_IDLE_MINUTES * 60_000, absoluteMs: env.SESSION_ABSOLUTE_HOURS * 3_600_000 }
}

export function sessionExpiresAt(s: Pick<SessionRecord, 'createdAt' | 'lastActiveAt'>) {
  const { idleMs, absoluteMs } = sessionLimits()
  return new Date(Math.min(s.lastActiveAt.getTime() + idleMs, s.createdAt.getTime() + absoluteMs))
}

export async function createSession(
  tx: DbOrTx,
  input: { userId: string; activeOrgId: string | null; ip: string | null; userAgent: string | null; now?: Date },
) {
  const now = input.now ?? new Date()
  const { id, secret, token } = newToken()
  const record: SessionRecord = { id, userId: input.userId, activeOrgId: input.activeOrgId, createdAt: now, lastActiveAt: now }
  await tx.insert(sessions).values({
    ...record,
    secretHash: hashSecret(secret),
    ip: input.ip,
    userAgent: input.userAgent?.slice(0, 300) ?? null,
  })
  return { token, session: record }
}

/** Returns the session for a token, renewing its activity (sliding idle expiry), or null if invalid or expired. */
export async function validateSessionToken(token: string, now = new Date()): Promise<SessionRecord | null> {
  const parsed = parseToken(token)
  if (!parsed) return null
  const { id, secret } = parsed
  const [row] = await db.select().from(sessions).where(eq(sessions.id, id)).limit(1)
  if (!row || !secretMatches(secret, row.secretHash)) return null
  if (now >= sessionExpiresAt(row)) {
    await db.delete(sessions).where(eq(sessions.id, id))
    return null
  }
  if (now.getTime() - row.lastActiveAt.getTime() >= ACTIVITY_WRITE_INTERVAL_MS) {
    await db.update(sessions).set({ lastActiveAt: now }).where(eq(sessions.id, id))
    row.lastActiveAt = now
  }
  return { id: row.id, userId: row.userId, activeOrgId: row.activeOrgId, createdAt: row.createdAt, lastActiveAt: row.lastActiveAt }
}

/** A session by id, as it is now (for a socket that proved its token at the handshake); null if gone or expired.
 * A read only: activity is renewed by the pages, not by socket events. */
export async function findSession(id: string, now = new Date()): Promise<SessionRecord | null> {
  const [row] = await db
    .select({
      id: sessions.id,
      userId: sessions.userId,
      activeOrgId: sessions.activeOrgId,
      createdAt: sessions.createdAt,
      lastActiveAt: sessions.lastActiveAt,
    })
    .from(sessions)
    .where(eq(sessions.id, id))
    .limit(1)
  return row && now < sessionExpiresAt(row) ? row : null
}

export async function setActiveOrg(tx: DbOrTx, sessionId: string, orgId: string) {
  await tx.update(sessions).set({ activeOrgId: orgId }).where(eq(sessions.id, sessionId))
}

/** Deletes sessions and disconnects their sockets. Call after the transaction that deleted them commits. */
export async function deleteSessions(tx: DbOrTx, where: { userId: string; exceptId?: string; activeOrgId?: string } | { ids: string[] }) {
  const condition =
    'ids' in where
      ? inArray(sessions.id, where.ids)
      : and(
          eq(sessions.userId, where.userId),
          where.exceptId ? ne(sessions.id, where.exceptId) : undefined,
          where.activeOrgId ? eq(sessions.activeOrgId, where.activeOrgId) : undefined,
        )
  const deleted = await tx.delete(sessions).where(condition).returning({ id: sessions.id })
  return deleted.map((d) => d.id)
}

export function announceRevoked(ids: string[]) {
  if (ids.length) publishSessionsRevoked(ids)
}
