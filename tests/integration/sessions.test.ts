import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { auditLog, memberships, sessions } from '../../db/schema'
import { createSession, sessionLimits, validateSessionToken } from '../../app/modules/auth/session.server'
import { addMembership, createMember, createOrganisation, defaultTestPassword } from '../factories'
import { sessionCookieFrom, startApp, type App } from '../http-harness'

let app: App
let org: { id: string }
beforeAll(async () => {
  app = await startApp()
  org = await createOrganisation(db, { kind: 'dealer' })
})
afterAll(() => app.close())

const newUser = () => createMember(db, org, 'dealer_buyer')

describe('sign-in', () => {
  it('opens, on a first sign-in, the organisation the person administers when two were joined at the same moment', async () => {
    // A seed or an operator sets up a dealer group's memberships together: their times tie, and the order of
    // the organisations' ids must not decide (it put the group's admin into the group member it only views).
    const a = await createOrganisation(db, { kind: 'dealer' })
    const b = await createOrganisation(db, { kind: 'dealer' })
    const [administered, viewed] = a.id > b.id ? [a, b] : [b, a]
    const person = await createMember(db, administered, 'dealer_admin')
    await addMembership(db, { userId: person.id, orgId: viewed.id, role: 'dealer_viewer' })
    await db
      .update(memberships)
      .set({ acceptedAt: new Date('2026-01-15T09:00:00Z') })
      .where(eq(memberships.userId, person.id))
    const cookie = await app.login(person.email, defaultTestPassword)
    const [session] = await db.select({ orgId: sessions.activeOrgId }).from(sessions).where(eq(sessions.userId, person.id))
    expect(session.orgId).toBe(administered.id)
    expect((await app.request('/org/users', { cookie })).status).toBe(200)
  })

  it('issues a new session id at every sign-in and ends the session the browser already had', async () => {
    const user = await newUser()
    const first = await app.login(user.email, defaultTestPassword)
    const second = await app.login(user.email, defaultTestPassword, { cookie: first })
    expect(second).not.toBe(first)
    expect(second.split('=')[1].split('.')[0]).not.toBe(first.split('=')[1].split('.')[0])
    const old = await app.request('/', { cookie: first })
    expect(old.status).toBe(302)
    expect(old.location).toBe('/login')
    expect((await app.request('/', { cookie: second })).status).toBe(200)
  })

  it('stores only a hash of the session secret', async () => {
    const user = await newUser()
    const cookie = await app.login(user.email, defaultTestPassword)
    const [id, secret] = cookie.split('=')[1].split('.')
    const [row] = await db.select().from(sessions).where(eq(sessions.id, id))
    expect(row).toBeDefined()
    expect(JSON.stringify(row)).not.toContain(secret)
    expect(row.secretHash).toMatch(/^[0-9a-f]{64}$/)
  })

  it('sets an HttpOnly, SameSite=Lax cookie', async () => {
    const user = await newUser()
    const res = await app.request('/login', { form: { email: user.email, password: defaultTestPassword } })
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('portal_session='))!
    expect(setCookie).toMatch(/HttpOnly/)
    expect(setCookie).toMatch(/SameSite=Lax/)
    expect(setCookie).toMatch(/Path=\//)
  })

  it('writes the sign-in and the failed sign-in to the audit log', async () => {
    const user = await newUser()
    await app.login(user.email, defaultTestPassword)
    const failed = await app.request('/login', { form: { email: user.email, password: 'wrong password here' } })
    expect(failed.status).toBe(401)
    const entries = await db.select().from(auditLog).where(eq(auditLog.actorEmail, user.email))
    expect(entries.map((e) => e.action).sort()).toEqual(['auth.login', 'auth.login_failed'])
  })
})

describe('session lifetime', () => {
  it('ends a session after the idle timeout and after the absolute lifetime, and slides on activity', async () => {
    const user = await newUser()
    const { idleMs, absoluteMs } = sessionLimits()
    const t0 = new Date('2030-01-01T08:00:00Z')
    const { token } = await createSession(db, { userId: user.id, activeOrgId: org.id, ip: null, userAgent: null, now: t0 })
    expect(await validateSessionToken(token, new Date(t0.getTime() + idleMs - 60_000))).not.toBeNull()
    // Activity renewed the idle window: another almost-idle period later it is still valid.
    expect(await validateSessionToken(token, new Date(t0.getTime() + 2 * idleMs - 180_000))).not.toBeNull()
    expect(await validateSessionToken(token, new Date(t0.getTime() + 3 * idleMs))).toBeNull()
    // And gone for good: a valid-looking later time does not revive it.
    expect(await validateSessionToken(token, new Date(t0.getTime() + 60_000))).toBeNull()

    const s2 = await createSession(db, { userId: user.id, activeOrgId: org.id, ip: null, userAgent: null, now: t0 })
    let now = t0.getTime()
    // Active every half idle period, the session still ends at the absolute lifetime.
    while (now + idleMs / 2 < t0.getTime() + absoluteMs) {
      now += idleMs / 2
      expect(await validateSessionToken(s2.token, new Date(now))).not.toBeNull()
    }
    expect(await validateSessionToken(s2.token, new Date(t0.getTime() + absoluteMs))).toBeNull()
  })

  it.each([
    ['a forged token', 'portal_session=aaaaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbb'],
    ['a malformed token', 'portal_session=%%%garbage'],
    ['an empty token', 'portal_session='],
    ['a 10 kB token', `portal_session=${'a'.repeat(10_000)}`],
  ])('treats %s as signed out, without an error', async (_name, cookie) => {
    const res = await app.request('/account/sessions', { cookie })
    expect(res.status).toBe(302)
    expect(res.location).toBe('/login?redirectTo=%2Faccount%2Fsessions')
  })

  it('refuses a real session id with a wrong secret', async () => {
    const user = await newUser()
    const cookie = await app.login(user.email, defaultTestPassword)
    const id = cookie.split('=')[1].split('.')[0]
    const res = await app.request('/', { cookie: `portal_session=${id}.${'a'.repeat(24)}` })
    expect(res.status).toBe(302)
    expect(res.location).toBe('/login')
    // The guess did not end the real session.
    expect((await app.request('/', { cookie })).status).toBe(200)
  })

  it.each([
    ['idle', (idleMs: number) => ({ lastActiveAt: new Date(Date.now() - idleMs - 1000) })],
    ['past its absolute lifetime', (_idleMs: number, absoluteMs: number) => ({ createdAt: new Date(Date.now() - absoluteMs - 1000) })],
  ])('sends a browser whose session is %s to sign in again, and forgets the session', async (_name, age) => {
    const user = await newUser()
    const cookie = await app.login(user.email, defaultTestPassword)
    const id = cookie.split('=')[1].split('.')[0]
    const { idleMs, absoluteMs } = sessionLimits()
    await db.update(sessions).set(age(idleMs, absoluteMs)).where(eq(sessions.id, id))
    const res = await app.request('/account/sessions', { cookie })
    expect(res.status).toBe(302)
    expect(res.location).toBe('/login?redirectTo=%2Faccount%2Fsessions')
    expect(await db.select().from(sessions).where(eq(sessions.id, id))).toEqual([])
  })
})

describe('signing out', () => {
  it('logout ends the session on the server', async () => {
    const user = await newUser()
    const cookie = await app.login(user.email, defaultTestPassword)
    const res = await app.request('/logout', { form: {}, cookie })
    expect(res.status).toBe(302)
    expect(res.location).toBe('/login')
    expect((await app.request('/', { cookie })).status).toBe(302)
  })

  it('"my sessions" signs out the other sessions and keeps this one', async () => {
    const user = await newUser()
    const a = await app.login(user.email, defaultTestPassword)
    const b = await app.login(user.email, defaultTestPassword)
    const c = await app.login(user.email, defaultTestPassword)
    const page = await app.request('/account/sessions', { cookie: a })
    expect(page.status).toBe(200)
    const res = await app.request('/account/sessions', { form: { intent: 'revoke-others' }, cookie: a })
    expect(res.status).toBe(200)
    expect((await app.request('/', { cookie: a })).status).toBe(200)
    expect((await app.request('/', { cookie: b })).status).toBe(302)
    expect((await app.request('/', { cookie: c })).status).toBe(302)
  })

  it('signs out one other session, but not another user’s', async () => {
    const user = await newUser()
    const other = await newUser()
    const a = await app.login(user.email, defaultTestPassword)
    const b = await app.login(user.email, defaultTestPassword)
    const theirs = await app.login(other.email, defaultTestPassword)
    const theirId = theirs.split('=')[1].split('.')[0]
    const refused = await app.request('/account/sessions', { form: { intent: 'revoke', sessionId: theirId }, cookie: a })
    expect(refused.status).toBe(404)
    expect((await app.request('/', { cookie: theirs })).status).toBe(200)
    const bId = b.split('=')[1].split('.')[0]
    expect((await app.request('/account/sessions', { form: { intent: 'revoke', sessionId: bId }, cookie: a })).status).toBe(200)
    expect((await app.request('/', { cookie: b })).status).toBe(302)
  })

  it('a password change ends the other sessions and the new password works', async () => {
    const user = await newUser()
    const a = await app.login(user.email, defaultTestPassword)
    const b = await app.login(user.email, defaultTestPassword)
    const wrong = await app.request('/account/password', {
      form: { currentPassword: 'not my password', newPassword: 'a brand new secret', confirmPassword: 'a brand new secret' },
      cookie: a,
    })
    expect(wrong.status).toBe(400)
    expect(wrong.body).toContain('Текущий пароль введён неверно.')
    expect((await app.request('/', { cookie: b })).status).toBe(200)
    const ok = await app.request('/account/password', {
      form: { currentPassword: defaultTestPassword, newPassword: 'a brand new secret', confirmPassword: 'a brand new secret' },
      cookie: a,
    })
    expect(ok.status).toBe(200)
    expect((await app.request('/', { cookie: a })).status).toBe(200)
    expect((await app.request('/', { cookie: b })).status).toBe(302)
    await app.login(user.email, 'a brand new secret')
    const old = await app.request('/login', { form: { email: user.email, password: defaultTestPassword } })
    expect(old.status).toBe(401)
    expect(sessionCookieFrom(old)).toBeNull()
  })
})
