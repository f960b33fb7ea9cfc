import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { auditLog, memberships, sessions } from '../../db/schema'
import type { WhoAmI } from '../../realtime/events'
import { addMembership, createMember, createOrganisation, defaultTestPassword } from '../factories'
import { startApp, waitForEvent, type App } from '../http-harness'

let app: App
beforeAll(async () => {
  app = await startApp()
})
afterAll(() => app.close())

function connected(s: ReturnType<App['socket']>) {
  return new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve())
    s.once('connect_error', (e) => reject(e))
  })
}

describe('socket handshake', () => {
  it('refuses a socket without a session', async () => {
    const s = app.socket()
    const error = await waitForEvent<Error>(s, 'connect_error')
    expect(error.message).toBe('unauthorized')
  })

  it('refuses a socket from a foreign Origin, even with a valid session', async () => {
    const org = await createOrganisation(db, { kind: 'dealer' })
    const user = await createMember(db, org, 'dealer_buyer')
    const cookie = await app.login(user.email, defaultTestPassword)
    const s = app.socket({ cookie, origin: 'https://evil.test' })
    const error = await waitForEvent<Error>(s, 'connect_error')
    expect(s.connected).toBe(false)
    expect(error).toBeInstanceOf(Error)
  })

  it('authenticates by the session cookie and disconnects within a second when the session is revoked', async () => {
    const org = await createOrganisation(db, { kind: 'dealer' })
    const user = await createMember(db, org, 'dealer_buyer')
    const cookie = await app.login(user.email, defaultTestPassword)
    const s = app.socket({ cookie })
    await connected(s)
    const me = await s.emitWithAck('session:whoami')
    expect(me).toEqual({ userId: user.id, orgId: org.id, role: 'dealer_buyer' } satisfies WhoAmI)
    const gone = waitForEvent(s, 'disconnect', 1000)
    await app.request('/logout', { form: {}, cookie })
    expect(await gone).toBe('io server disconnect')
  })

  it('disconnects the other sessions’ sockets when the user signs them out', async () => {
    const org = await createOrganisation(db, { kind: 'dealer' })
    const user = await createMember(db, org, 'dealer_buyer')
    const here = await app.login(user.email, defaultTestPassword)
    const there = await app.login(user.email, defaultTestPassword)
    const mine = app.socket({ cookie: here })
    const theirs = app.socket({ cookie: there })
    await Promise.all([connected(mine), connected(theirs)])
    const gone = waitForEvent(theirs, 'disconnect', 1000)
    await app.request('/account/sessions', { form: { intent: 'revoke-others' }, cookie: here })
    await gone
    expect(mine.connected).toBe(true)
  })
})

describe('active organisation', () => {
  it('switches only to an organisation the user belongs to, and every page follows the switch', async () => {
    const a = await createOrganisation(db, { kind: 'dealer', shortName: 'Switch A' })
    const b = await createOrganisation(db, { kind: 'dealer', shortName: 'Switch B' })
    const foreign = await createOrganisation(db, { kind: 'dealer', shortName: 'Foreign C' })
    const user = await createMember(db, a, 'dealer_admin')
    await addMembership(db, { userId: user.id, orgId: b.id, role: 'dealer_viewer' })
    const cookie = await app.login(user.email, defaultTestPassword)
    const sessionId = cookie.split('=')[1].split('.')[0]

    const refused = await app.request('/org/switch', { form: { orgId: foreign.id }, cookie })
    expect(refused.status).toBe(404)
    expect(refused.body).not.toContain('Foreign C')
    const [unchanged] = await db.select({ org: sessions.activeOrgId }).from(sessions).where(eq(sessions.id, sessionId))
    expect(unchanged.org).toBe(a.id)
    expect((await app.request('/org/users', { cookie })).status).toBe(200)

    expect((await app.request('/org/switch', { form: { orgId: 'not-a-uuid' }, cookie })).status).toBe(400)

    const switched = await app.request('/org/switch', { form: { orgId: b.id }, cookie })
    expect(switched.status).toBe(302)
    const home = await app.request('/', { cookie })
    expect(home.body).toContain('Switch B')
    // As a viewer in B the admin pages of A are no longer open: the permission follows the active organisation.
    const team = await app.request('/org/users', { cookie })
    expect(team.status).toBe(403)
    expect(team.body).toContain('manage:user:org')
    const audit = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'session.org_switched'), eq(auditLog.entityId, sessionId)))
    expect(audit).toHaveLength(1)
  })

  it('drops a removed membership at the next request', async () => {
    const a = await createOrganisation(db, { kind: 'dealer' })
    const b = await createOrganisation(db, { kind: 'dealer', shortName: 'Leaving B' })
    const user = await createMember(db, a, 'dealer_buyer')
    await addMembership(db, { userId: user.id, orgId: b.id, role: 'dealer_admin' })
    const cookie = await app.login(user.email, defaultTestPassword)
    await app.request('/org/switch', { form: { orgId: b.id }, cookie })
    expect((await app.request('/org/users', { cookie })).status).toBe(200)
    await db.delete(memberships).where(and(eq(memberships.userId, user.id), eq(memberships.orgId, b.id)))
    expect((await app.request('/org/users', { cookie })).status).toBe(403)
  })
})
