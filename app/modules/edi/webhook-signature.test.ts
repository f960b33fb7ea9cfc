import { describe, expect, it } from 'vitest'
import { nextAttemptAfter, signPayload, verifySignature } from './webhook-signature'

const secret = 'whsec-test-0123456789abcdef'
const body = '{"id":"d1","kind":"invoice"}'

describe('webhook signature', () => {
  it('signs t and body with HMAC-SHA256 (a known vector)', () => {
    // echo -n '1700000000.{"id":"d1","kind":"invoice"}' | openssl dgst -sha256 -hmac 'whsec-test-0123456789abcdef'
    expect(signPayload({ secret, body, timestamp: 1_700_000_000 })).toBe(
      't=1700000000,v1=e3f7eb9ee41fcb55cc33b8a94c83d00a76474dcb24d399b12cac8a7e079e7423',
    )
  })

  it.each([
    ['the same body', body, secret, 1_700_000_010, { ok: true, timestamp: 1_700_000_000 }],
    ['another body', body + ' ', secret, 1_700_000_010, { ok: false, reason: 'mismatch' }],
    ['another secret', body, secret + 'x', 1_700_000_010, { ok: false, reason: 'mismatch' }],
    ['too late', body, secret, 1_700_000_301, { ok: false, reason: 'too_old' }],
  ])('verifies %s', (_, checked, key, now, expected) => {
    const header = signPayload({ secret, body, timestamp: 1_700_000_000 })
    expect(verifySignature({ secret: key, body: checked, header, now })).toEqual(expected)
  })

  it.each([null, '', 'v1=abc', 't=x,v1=' + 'a'.repeat(64), 't=1700000000', 't=1700000000,v1=zz'])('refuses a malformed header %s', (header) => {
    expect(verifySignature({ secret, body, header, now: 1_700_000_000 })).toEqual({ ok: false, reason: 'malformed' })
  })

  it('accepts any of several v1 values (rotation)', () => {
    const good = signPayload({ secret, body, timestamp: 1_700_000_000 }).split(',')[1]
    const header = `t=1700000000,v1=${'0'.repeat(64)},${good}`
    expect(verifySignature({ secret, body, header, now: 1_700_000_000 }).ok).toBe(true)
  })

  it('backs off 1 min, 5, 30, 2 h, 12 h, then gives up', () => {
    const now = new Date('2026-01-01T00:00:00Z')
    const delays = [1, 2, 3, 4, 5, 6].map((n) => nextAttemptAfter(n, now)?.getTime())
    expect(delays.map((t) => (t === undefined ? null : (t - now.getTime()) / 1000))).toEqual([60, 300, 1800, 7200, 43200, null])
  })
})
