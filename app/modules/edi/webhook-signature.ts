import { createHmac, timingSafeEqual } from 'node:crypto'

// Webhook signatures, Stripe style: `X-Portal-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + '.' + body)>`.
// The timestamp is signed with the body, so a captured delivery cannot be replayed later than `toleranceS`.

export const SIGNATURE_HEADER = 'X-Portal-Signature'

export function signPayload({ secret, body, timestamp }: { secret: string; body: string; timestamp: number }) {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')
  return `t=${timestamp},v1=${v1}`
}

export type VerifyResult = { ok: true; timestamp: number } | { ok: false; reason: 'malformed' | 'mismatch' | 'too_old' }

/** Checks a signature header against the body; any v1 of several may match (a secret being rotated). */
export function verifySignature({
  secret,
  body,
  header,
  now = Math.floor(Date.now() / 1000),
  toleranceS = 300,
}: {
  secret: string
  body: string
  header: string | null
  now?: number
  toleranceS?: number
}): VerifyResult {
  if (!header || header.length > 1000) return { ok: false, reason: 'malformed' }
  const parts = header.split(',').map((p) => p.trim().split('='))
  const t = parts.find(([k]) => k === 't')?.[1]
  const signatures = parts.filter(([k, v]) => k === 'v1' && v && /^[0-9a-f]{64}$/.test(v)).map(([, v]) => v)
  if (!t || !/^\d{1,12}$/.test(t) || !signatures.length) return { ok: false, reason: 'malformed' }
  const timestamp = Number(t)
  if (Math.abs(now - timestamp) > toleranceS) return { ok: false, reason: 'too_old' }
  const expected = Buffer.from(signPayload({ secret, body, timestamp }).split('v1=')[1], 'hex')
  const match = signatures.some((s) => timingSafeEqual(Buffer.from(s, 'hex'), expected))
  return match ? { ok: true, timestamp } : { ok: false, reason: 'mismatch' }
}

/** Exponential backoff of deliveries: 1 min, 5, 30, 2 h, 12 h after the 1st…5th failure; then dead. */
export const RETRY_DELAYS_S = [60, 300, 1800, 7200, 43_200] as const

/** When the next attempt is due after `attempts` failed ones, or null when the delivery is dead. */
export function nextAttemptAfter(attempts: number, now: Date): Date | null {
  const delay = RETRY_DELAYS_S[attempts - 1]
  return delay === undefined ? null : new Date(now.getTime() + delay * 1000)
}
