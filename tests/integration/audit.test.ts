import { and, asc, eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { database, db } from '../../db/client.server'
import { auditLog, sessions, users } from '../../db/schema'
import { addMembership, createMember, createOrganisation, defaultTestPassword } from '../factories'
import { startApp, type App } from '../http-harness'

// ASVS V16.3: who did what, from where, for sign-in, sign-out, password change and organisation switch;
// V16.4.2: the log cannot be changed. The entry is written in the same transaction as the change it records.

let app: App
let org: { id: string }
beforeAll(async () => {
  app = await startApp()
  org = await createOrganisation(db, { kind: 'dealer' })
})
afterAll(() => app.close())

const sessionIdOf = (cookie: string) => cookie.split('=')[1].split('.')[0]
const entriesOf = (email: string) => db.select().from(auditLog).where(eq(auditLog.actorEmail, email)).orderBy(asc(auditLog.id))
const sessionRows = async (userId: string) =>
  (await db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, userId))).map((r) => r.id)
const newPassword = 'a brand new secret'
const passwordForm = { currentPassword: defaultTestPassword, newPassword, confirmPassword: newPassword }

describe('audit entries', () => {
  it('records sign-in, failed sign-in, organisation switch, password change and sign-out with actor and IP', async () => {
    const second = await createOrganisation(db, { kind: 'dealer' })
    const user = await createMember(db, org, 'dealer_admin')
    await addMembership(db, { userId: user.id, orgId: second.id, role: 'dealer_viewer' })

    expect((await app.request('/login', { form: { email: user.email, password: 'not the password' } })).status).toBe(401)
    const cookie = await app.login(user.email, defaultTestPassword)
    const sessionId = sessionIdOf(cookie)
    expect((await app.request('/org/switch', { form: { orgId: second.id }, cookie })).status).toBe(302)
    expect((await app.request('/account/password', { form: passwordForm, cookie })).status).toBe(200)
    expect((await app.request('/logout', { form: {}, cookie })).status).toBe(302)

    const entries = await entriesOf(user.email)
    expect(entries.map((e) => [e.action, e.entityId])).toEqual([
      ['auth.login_failed', user.id],
      ['auth.login', sessionId],
      ['session.org_switched', sessionId],
      ['auth.password_changed', user.id],
      ['auth.logout', sessionId],
    ])
    for (const e of entries) {
      expect(e.actorUserId).toBe(user.id)
      expect(e.ip).toBeTruthy()
    }
    expect(entries[2].orgId).toBe(second.id)
    expect(entries[0].details).toEqual({ reason: 'wrong_password' })
    // The log names the change, never the secret: no password and no session token in any entry.
    const text = JSON.stringify(entries)
    expect(text).not.toContain(defaultTestPassword)
    expect(text).not.toContain(newPassword)
    expect(text).not.toContain(cookie.split('=')[1])
  })
})

describe('the entry and the change commit together', () => {
  // A trigger refusing this user's audit entries stands in for any failure of the audit write: the change
  // it records must not happen without it.
  async function refuseAuditFor(userId: string) {
    // DDL: the tables' owner, not the app's role, may add a trigger.
    await database.executeAsOwner(`CREATE OR REPLACE FUNCTION test_refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit write failed (test)'; END $$`)
    await database.executeAsOwner(`CREATE TRIGGER test_refuse_audit BEFORE INSERT ON audit_log FOR EACH ROW
      WHEN (NEW.actor_user_id = '${userId}') EXECUTE FUNCTION test_refuse_audit()`)
    return () => database.executeAsOwner('DROP TRIGGER test_refuse_audit ON audit_log')
  }

  it('no sign-in without its entry', async () => {
    const user = await createMember(db, org, 'dealer_buyer')
    const allow = await refuseAuditFor(user.id)
    try {
      const res = await app.request('/login', { form: { email: user.email, password: defaultTestPassword } })
      expect(res.status).toBe(500)
      expect(res.headers.getSetCookie().some((c) => c.startsWith('portal_session='))).toBe(false)
    } finally {
      await allow()
    }
    expect(await sessionRows(user.id)).toEqual([])
  })

  it('no sign-out, password change or organisation switch without its entry', async () => {
    const second = await createOrganisation(db, { kind: 'dealer' })
    const user = await createMember(db, org, 'dealer_buyer')
    // Joined a second later: sign-in starts in the organisation joined first, and two memberships made in the same
    // millisecond would tie and fall to the organisations' random ids.
    await addMembership(db, { userId: user.id, orgId: second.id, role: 'dealer_buyer', acceptedAt: new Date(Date.now() + 1000) })
    const here = await app.login(user.email, defaultTestPassword)
    const there = await app.login(user.email, defaultTestPassword)
    const [before] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, user.id))
    const allow = await refuseAuditFor(user.id)
    try {
      expect((await app.request('/account/password', { form: passwordForm, cookie: here })).status).toBe(500)
      expect((await app.request('/org/switch', { form: { orgId: second.id }, cookie: here })).status).toBe(500)
      expect((await app.request('/logout', { form: {}, cookie: here })).status).toBe(500)
    } finally {
      await allow()
    }
    const [after] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, user.id))
    expect(after.passwordHash).toBe(before.passwordHash)
    expect((await sessionRows(user.id)).sort()).toEqual([sessionIdOf(here), sessionIdOf(there)].sort())
    const [active] = await db
      .select({ orgId: sessions.activeOrgId })
      .from(sessions)
      .where(eq(sessions.id, sessionIdOf(here)))
    expect(active.orgId).toBe(org.id)
    expect((await app.request('/', { cookie: here })).status).toBe(200)
    expect((await app.request('/', { cookie: there })).status).toBe(200)
    const entries = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.actorUserId, user.id), eq(auditLog.action, 'auth.password_changed')))
    expect(entries).toEqual([])
  })
})

describe('the audit log is append-only in the database itself', () => {
  // TRUNCATE is refused before the trigger: the app's role holds no TRUNCATE at all (migration 0014).
  it.each([
    ['UPDATE', 'update audit_log set action = $$auth.logout$$', 'audit_log is append-only'],
    ['DELETE', 'delete from audit_log', 'audit_log is append-only'],
    ['TRUNCATE', 'truncate audit_log', 'permission denied for table audit_log'],
    ['UPDATE of no rows', 'update audit_log set action = action where false', 'audit_log is append-only'],
  ])('refuses %s', async (_name, statement, refusal) => {
    const user = await createMember(db, org, 'dealer_buyer')
    await app.login(user.email, defaultTestPassword)
    const before = await db.select().from(auditLog).orderBy(asc(auditLog.id))
    expect(before.length).toBeGreaterThan(0)
    // drizzle wraps the driver's error; the database's own message is the cause.
    const error = await db.execute(sql.raw(statement)).then(
      () => null,
      (e: Error) => e,
    )
    expect((error?.cause as Error | undefined)?.message).toBe(refusal)
    expect(await db.select().from(auditLog).orderBy(asc(auditLog.id))).toEqual(before)
  })
})
