import { and, eq, gt, isNull, sql } from 'drizzle-orm'
import { db, type Tx } from '../../../db/client.server'
import { rowsOf } from '../../../db/drivers.server'
import { passwordSetupTokens, users } from '../../../db/schema/auth'
import { writeAudit, type Actor } from '../audit/mutations.server'
import { operatorTimeZone } from '../../utils/clock.server'
import { hashPassword } from './password.server'
import { announceRevoked, deleteSessions, hashSecret, newToken, parseToken, secretMatches } from './session.server'

// One-time password set-up links (issue 13: a new dealer's first admin; ASVS V6.4.1 "initial passwords or activation
// codes are securely randomly generated, expire after a short time, and are single use"). The link carries
// `<id>.<secret>` as a session does; only SHA-256(secret) is stored. It works once and expires after 72 hours, by
// the database's clock.

export const SETUP_LINK_HOURS = 72

export const setupPath = (token: string) => `/account/set-password/${token}`

/**
 * Issues a set-up link for a person, in the caller's transaction; earlier unused links of theirs stop working.
 * `expiresOn` is the last day (operator's calendar) for the mail.
 */
export async function issuePasswordSetup(tx: Tx, { userId, actor, orgId }: { userId: string; actor: Actor; orgId?: string | null }) {
  const { id, secret, token } = newToken()
  await tx.delete(passwordSetupTokens).where(and(eq(passwordSetupTokens.userId, userId), isNull(passwordSetupTokens.usedAt)))
  const [row] = rowsOf<{ expires_on: string }>(
    await tx.execute(
      sql`select to_char((now() + make_interval(hours => ${SETUP_LINK_HOURS})) at time zone ${operatorTimeZone}, 'YYYY-MM-DD') as expires_on`,
    ),
  )
  await tx.insert(passwordSetupTokens).values({
    id,
    secretHash: hashSecret(secret),
    userId,
    expiresAt: sql`now() + make_interval(hours => ${SETUP_LINK_HOURS})`,
  })
  await writeAudit(tx, actor, { action: 'password.setup_link_issued', entity: 'user', entityId: userId, orgId: orgId ?? null })
  return { token, path: setupPath(token), expiresOn: row.expires_on }
}

/** The person a link is for, while it is unused and unexpired; null for anything else (the page is then a 404). */
export async function getPasswordSetup({ token }: { token: string }) {
  const parsed = parseToken(token)
  if (!parsed) return null
  const [row] = await db
    .select({ secretHash: passwordSetupTokens.secretHash, email: users.email, displayName: users.displayName })
    .from(passwordSetupTokens)
    .innerJoin(users, eq(users.id, passwordSetupTokens.userId))
    .where(and(eq(passwordSetupTokens.id, parsed.id), isNull(passwordSetupTokens.usedAt), gt(passwordSetupTokens.expiresAt, sql`now()`)))
  if (!row || !secretMatches(parsed.secret, row.secretHash)) return null
  return { email: row.email, displayName: row.displayName }
}

export type SetPasswordResult = { ok: true; email: string } | { ok: false; reason: 'invalid' }

/**
 * Sets the person's password through a link, once: the link is spent in the same transaction (a second use finds
 * it used), and every session the account had ends (ASVS V7.4.3).
 */
export async function setPasswordByLink({
  token,
  newPassword,
  ip,
}: {
  token: string
  newPassword: string
  ip: string | null
}): Promise<SetPasswordResult> {
  const parsed = parseToken(token)
  if (!parsed) return { ok: false, reason: 'invalid' }
  const passwordHash = await hashPassword(newPassword)
  const result = await db.transaction(async (tx) => {
    const [row] = await tx
      .select({ secretHash: passwordSetupTokens.secretHash, userId: passwordSetupTokens.userId })
      .from(passwordSetupTokens)
      .where(and(eq(passwordSetupTokens.id, parsed.id), isNull(passwordSetupTokens.usedAt), gt(passwordSetupTokens.expiresAt, sql`now()`)))
      .for('update')
    if (!row || !secretMatches(parsed.secret, row.secretHash)) return null
    await tx
      .update(passwordSetupTokens)
      .set({ usedAt: sql`now()` })
      .where(eq(passwordSetupTokens.id, parsed.id))
    const [user] = await tx
      .update(users)
      .set({ passwordHash, passwordChangedAt: new Date() })
      .where(eq(users.id, row.userId))
      .returning({ email: users.email })
    const ended = await deleteSessions(tx, { userId: row.userId })
    await writeAudit(tx, { userId: row.userId, email: user.email, ip }, { action: 'password.set_by_link', entity: 'user', entityId: row.userId })
    return { email: user.email, ended }
  })
  if (!result) return { ok: false, reason: 'invalid' }
  announceRevoked(result.ended)
  return { ok: true, email: result.email }
}
