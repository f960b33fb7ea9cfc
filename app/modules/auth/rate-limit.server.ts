import { and, eq, gt, inArray, sql } from 'drizzle-orm'
import { db, type DbOrTx } from '../../../db/client.server'
import { loginThrottle } from '../../../db/schema/auth'
import { env } from '../../env.server'

// Login throttling after the rate-limiter-flexible "overall example": block a login+IP pair after N consecutive
// failures, and an IP after M failures a day. Checked before argon2 runs, so a flood of guesses costs a query,
// not a hash (ASVS V6.3.1; a hash is ~11 ms of a core here).
const DAY_MS = 86_400_000

const userIpKey = (login: string, ip: string) => `user+ip:${login}|${ip}`
const ipKey = (ip: string) => `ip:${ip}`

/** Seconds until the login may be tried again from this IP, or null. A known device is not held by the IP-wide block. */
export async function loginBlockedFor(input: { login: string; ip: string; now: Date; knownDevice?: boolean }): Promise<number | null> {
  const keys = input.knownDevice ? [userIpKey(input.login, input.ip)] : [userIpKey(input.login, input.ip), ipKey(input.ip)]
  const rows = await db
    .select({ blockedUntil: loginThrottle.blockedUntil })
    .from(loginThrottle)
    .where(and(inArray(loginThrottle.key, keys), gt(loginThrottle.blockedUntil, input.now)))
  if (!rows.length) return null
  const until = Math.max(...rows.map((r) => r.blockedUntil!.getTime()))
  return Math.max(1, Math.ceil((until - input.now.getTime()) / 1000))
}

// Timestamps cross both drivers as ISO text with an explicit cast: no driver-specific Date handling in SQL.
const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`

async function bump(tx: DbOrTx, key: string, now: Date, max: number, windowMs: number, blockMs: number) {
  const windowStart = ts(new Date(now.getTime() - windowMs))
  const blockUntil = new Date(now.getTime() + blockMs)
  const nowSql = ts(now)
  // A block that has run out, or a window that has passed, starts the count again.
  const restart = sql`(${loginThrottle.blockedUntil} is not null and ${loginThrottle.blockedUntil} <= ${nowSql}) or ${loginThrottle.windowStartedAt} < ${windowStart}`
  await tx
    .insert(loginThrottle)
    .values({ key, failures: 1, windowStartedAt: now, blockedUntil: max <= 1 ? blockUntil : null })
    .onConflictDoUpdate({
      target: loginThrottle.key,
      set: {
        failures: sql`case when ${restart} then 1 else ${loginThrottle.failures} + 1 end`,
        windowStartedAt: sql`case when ${restart} then ${nowSql} else ${loginThrottle.windowStartedAt} end`,
        blockedUntil: sql`case when (case when ${restart} then 1 else ${loginThrottle.failures} + 1 end) >= ${max} then ${ts(blockUntil)} else null end`,
      },
    })
}

export async function recordLoginFailure(tx: DbOrTx, input: { login: string; ip: string; now: Date }) {
  await bump(tx, userIpKey(input.login, input.ip), input.now, env.LOGIN_MAX_FAILURES, DAY_MS, env.LOGIN_BLOCK_MINUTES * 60_000)
  await bump(tx, ipKey(input.ip), input.now, env.LOGIN_IP_MAX_FAILURES_PER_DAY, DAY_MS, DAY_MS)
}

export async function clearLoginFailures(tx: DbOrTx, input: { login: string; ip: string }) {
  await tx.delete(loginThrottle).where(eq(loginThrottle.key, userIpKey(input.login, input.ip)))
}
