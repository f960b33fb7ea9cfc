import { and, eq } from 'drizzle-orm'
import { db, type DbOrTx } from '../../../db/client.server'
import { trustedDevices } from '../../../db/schema/auth'
import { hashSecret, newToken, parseToken, secretMatches } from './session.server'

// Known devices (OWASP "Slow Down Online Guessing Attacks with Device Cookies"): a browser that has signed in
// as a user before carries a device cookie; its sign-ins are hashed first and not subject to the per-IP block.
// The cookie grants no access by itself: the password is still required.

export async function isTrustedDevice(token: string | null, userId: string) {
  const parsed = token ? parseToken(token) : null
  if (!parsed) return false
  const [row] = await db
    .select({ secretHash: trustedDevices.secretHash })
    .from(trustedDevices)
    .where(and(eq(trustedDevices.id, parsed.id), eq(trustedDevices.userId, userId)))
    .limit(1)
  return !!row && secretMatches(parsed.secret, row.secretHash)
}

export async function trustDevice(tx: DbOrTx, userId: string) {
  const { id, secret, token } = newToken()
  await tx.insert(trustedDevices).values({ id, secretHash: hashSecret(secret), userId })
  return token
}
