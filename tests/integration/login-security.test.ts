import http from 'node:http'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { sessions } from '../../db/schema'
import { argon2Calls } from '../../app/modules/auth/password.server'
import { createMember, createOrganisation, defaultTestPassword } from '../factories'
import { startApp, type App } from '../http-harness'

let app: App
let org: { id: string }
beforeAll(async () => {
  app = await startApp()
  org = await createOrganisation(db, { kind: 'dealer' })
})
afterAll(() => app.close())

const sessionCount = async () => (await db.select({ id: sessions.id }).from(sessions)).length

describe('login throttle', () => {
  it('answers the 11th attempt after 10 failures with 429 and Retry-After, without hashing', async () => {
    const user = await createMember(db, org, 'dealer_buyer')
    const start = argon2Calls.verify
    for (let i = 0; i < 10; i++) {
      const res = await app.request('/login', { form: { email: user.email, password: `wrong-${i}` } })
      expect(res.status).toBe(401)
    }
    // The counter sees the server's hashing (one process-wide counter, shared with the build's copy of the module).
    expect(argon2Calls.verify - start).toBe(10)
    const before = argon2Calls.verify
    // Even the right password is refused while blocked: a guess must not be confirmed.
    const blocked = await app.request('/login', { form: { email: user.email, password: defaultTestPassword } })
    expect(blocked.status).toBe(429)
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(blocked.body).toContain('Слишком много неудачных попыток')
    expect(argon2Calls.verify).toBe(before)
  })

  it('ignores X-Forwarded-For from an untrusted client: rotating it does not open a new bucket', async () => {
    const user = await createMember(db, org, 'dealer_buyer')
    for (let i = 0; i < 10; i++)
      await app.request('/login', { form: { email: user.email, password: `wrong-${i}` }, headers: { 'x-forwarded-for': `203.0.113.${i}` } })
    const res = await app.request('/login', { form: { email: user.email, password: 'wrong-again' }, headers: { 'x-forwarded-for': '198.51.100.77' } })
    expect(res.status).toBe(429)
  })

  it('blocks the login+IP pair only: another login from the same IP still signs in', async () => {
    const victim = await createMember(db, org, 'dealer_buyer')
    const other = await createMember(db, org, 'dealer_buyer')
    for (let i = 0; i < 10; i++) await app.request('/login', { form: { email: victim.email, password: `wrong-${i}` } })
    expect((await app.request('/login', { form: { email: other.email, password: defaultTestPassword } })).status).toBe(302)
  })

  it('a successful sign-in clears the count of failures', async () => {
    const user = await createMember(db, org, 'dealer_buyer')
    for (let i = 0; i < 9; i++) await app.request('/login', { form: { email: user.email, password: `wrong-${i}` } })
    await app.login(user.email, defaultTestPassword)
    for (let i = 0; i < 9; i++) expect((await app.request('/login', { form: { email: user.email, password: `wrong-${i}` } })).status).toBe(401)
  })
})

describe('bad input at sign-in', () => {
  it.each([
    ['an empty login', { email: '', password: 'x' }, 'Заполните это поле.'],
    ['a 10 kB login', { email: `${'a'.repeat(10_000)}@example.com`, password: 'x' }, 'Не длиннее 254 символов.'],
    ['a Cyrillic look-alike login', { email: 'аdmin@example.com', password: 'x' }, 'русские буквы'],
    ['a login that is not an e-mail', { email: 'admin', password: 'x' }, 'Введите адрес электронной почты'],
    ['a missing password', { email: 'admin@example.com' }, 'Заполните это поле.'],
  ])('answers %s with a specific message and writes nothing', async (_name, form, message) => {
    const before = await sessionCount()
    const res = await app.request('/login', { form: form as Record<string, string> })
    expect(res.status).toBe(400)
    expect(res.body).toContain(message)
    expect(await sessionCount()).toBe(before)
  })

  it('answers an unknown login like a wrong password', async () => {
    const res = await app.request('/login', { form: { email: 'nobody@example.com', password: 'whatever-it-is' } })
    expect(res.status).toBe(401)
    expect(res.body).toContain('Неверная почта или пароль.')
  })

  it('refuses a disabled user with the same message', async () => {
    const user = await createMember(db, org, 'dealer_buyer', { disabled: true })
    const res = await app.request('/login', { form: { email: user.email, password: defaultTestPassword } })
    expect(res.status).toBe(401)
  })

  it('answers a JSON body with 400, not 500', async () => {
    const res = await app.request('/login', { body: '{"email":"a@b.c"}', headers: { 'content-type': 'application/json' } })
    expect(res.status).toBe(400)
  })

  it.each([
    ['empty', ''],
    ['garbage', 'xx-YY;q=abc, ,,;;'],
    ['an out-of-range q', 'en;q=2'],
    ['a wildcard', '*'],
    ['unsupported languages', 'de-DE, fr;q=0.5'],
    ['5 000 characters', 'e'.repeat(5000)],
  ])('survives an Accept-Language header that is %s and falls back to Russian', async (_name, header) => {
    const res = await app.request('/login', { headers: { 'accept-language': header } })
    expect(res.status).toBe(200)
    expect(res.body).toContain('<html lang="ru"')
  })

  it.each([
    ['garbage', 'xx-YY;q=abc, ,,;;', 'Неверная почта или пароль.'],
    ['5 000 characters', 'e'.repeat(5000), 'Неверная почта или пароль.'],
    ['English with a broken q', 'en;q=0.5;q=x, en-GB', 'Wrong e-mail or password.'],
  ])('answers a wrong password with an Accept-Language header that is %s with 401 and the message', async (_name, header, message) => {
    const user = await createMember(db, org, 'dealer_buyer')
    const before = await sessionCount()
    const res = await app.request('/login', { form: { email: user.email, password: 'not the password' }, headers: { 'accept-language': header } })
    expect(res.status).toBe(401)
    expect(res.body).toContain(message)
    expect(await sessionCount()).toBe(before)
  })

  it('picks English from Accept-Language', async () => {
    const res = await app.request('/login', { headers: { 'accept-language': 'de-DE,en-US;q=0.8,ru;q=0.3' } })
    expect(res.body).toContain('<html lang="en"')
    expect(res.body).toContain('Sign in')
  })
})

describe('cross-site requests', () => {
  it('refuses a POST from a foreign Origin with a problem+json 403 and changes nothing', async () => {
    const user = await createMember(db, org, 'dealer_buyer')
    const before = await sessionCount()
    const res = await app.request('/login', { form: { email: user.email, password: defaultTestPassword }, origin: 'https://evil.test' })
    expect(res.status).toBe(403)
    expect(res.headers.get('content-type')).toContain('application/problem+json')
    expect(JSON.parse(res.body).detail).toContain('https://evil.test')
    expect(await sessionCount()).toBe(before)
  })

  it('refuses a POST without an Origin', async () => {
    const user = await createMember(db, org, 'dealer_buyer')
    const cookie = await app.login(user.email, defaultTestPassword)
    const res = await app.request('/logout', { form: {}, cookie, origin: null })
    expect(res.status).toBe(403)
    expect((await app.request('/', { cookie })).status).toBe(200)
  })

  it('sends the security headers and a fresh CSP nonce per response', async () => {
    const a = await app.request('/login')
    const b = await app.request('/login')
    const csp = a.headers.get('content-security-policy')!
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/)
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).not.toBe(b.headers.get('content-security-policy'))
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]
    expect(a.body).toContain(`nonce="${nonce}"`)
    expect(a.headers.get('x-content-type-options')).toBe('nosniff')
    expect(a.headers.get('referrer-policy')).toBe('same-origin')
  })

  it('refuses a body over 1 MiB before reading it', async () => {
    const res = await app.request('/login', { body: 'x'.repeat(1024 * 1024 + 10), headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    expect(res.status).toBe(413)
  })

  it('refuses a chunked body, which declares no length, without reading it', async () => {
    // The body never ends: only a server that answers before reading it can answer at all.
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${app.origin}/login`, {
        method: 'POST',
        headers: { origin: app.origin, 'content-type': 'application/x-www-form-urlencoded' },
      })
      req.on('response', (res) => {
        res.resume()
        resolve(res.statusCode!)
        req.destroy()
      })
      req.on('error', reject)
      req.write(`email=${'a'.repeat(64 * 1024)}`)
      setTimeout(() => {
        req.destroy()
        reject(new Error('no answer while the body was still coming'))
      }, 5000).unref()
    })
    expect(status).toBe(411)
  })
})

describe('audit of sign-in attempts', () => {
  it('keeps failures in the audit log', async () => {
    const user = await createMember(db, org, 'dealer_buyer')
    await app.request('/login', { form: { email: user.email, password: 'nope-nope' } })
    const { auditLog } = await import('../../db/schema')
    const rows = await db.select().from(auditLog).where(eq(auditLog.actorEmail, user.email))
    expect(rows.some((r) => r.action === 'auth.login_failed' && r.ip)).toBe(true)
  })
})

describe('known devices', () => {
  it('gives a browser a device cookie at its first sign-in, and lets it through an IP-wide block', async () => {
    const { env } = await import('../../app/env.server')
    const person = await createMember(db, org, 'dealer_buyer')
    const first = await app.request('/login', { form: { email: person.email, password: defaultTestPassword }, headers: { 'x-test': 'device' } })
    const device = first.headers.getSetCookie().find((c) => c.startsWith('portal_device='))
    expect(device).toMatch(/HttpOnly/)
    const devicePair = device!.split(';')[0]
    // The same browser signing in again keeps its device: no new cookie.
    const again = await app.request('/login', { form: { email: person.email, password: defaultTestPassword }, cookie: devicePair })
    expect(again.headers.getSetCookie().some((c) => c.startsWith('portal_device='))).toBe(false)

    // A guesser on this IP uses up the IP's daily allowance of failures…
    for (let i = 0; i < env.LOGIN_IP_MAX_FAILURES_PER_DAY; i++)
      await app.request('/login', { form: { email: `guess-${i}@example.com`, password: 'guess' } })
    const stranger = await createMember(db, org, 'dealer_buyer')
    expect((await app.request('/login', { form: { email: stranger.email, password: defaultTestPassword } })).status).toBe(429)
    // …but the person on their known device still signs in.
    expect((await app.request('/login', { form: { email: person.email, password: defaultTestPassword }, cookie: devicePair })).status).toBe(302)
    // A device cookie of another user does not count.
    expect((await app.request('/login', { form: { email: stranger.email, password: defaultTestPassword }, cookie: devicePair })).status).toBe(429)
  })
})
