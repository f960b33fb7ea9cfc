import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { auditLog, memberships, users } from '../../db/schema'
import { createMember, createOrganisation, createUser, defaultTestPassword } from '../factories'
import { startApp, type App } from '../http-harness'

// Issue 9, item 7: an organisation admin adding a person learns nothing about whether the e-mail already had an
// account anywhere on the portal. Either way it is an invitation, and it counts only once the person accepts it.

let app: App
beforeAll(async () => {
  app = await startApp()
})
afterAll(() => app.close())

/** A page's HTML, without the NUL bytes React 18's stream leaves at 2 KB chunk edges next to Cyrillic (react#26228). */
async function page(url: string, cookie: string) {
  const res = await app.request(url, { cookie })
  return { ...res, body: res.body.replaceAll('\0', '') }
}

const invite = (cookie: string, o: { email: string; displayName: string; role?: string; password?: string }) =>
  app.request('/org/users/new', {
    form: { displayName: o.displayName, email: o.email, password: o.password ?? 'initial password 1', locale: 'ru', role: o.role ?? 'dealer_buyer' },
    cookie,
  })

async function teamData(cookie: string) {
  const res = await app.request(`/org/users?_data=${encodeURIComponent('routes/org.users._index')}`, { cookie })
  expect(res.status).toBe(200)
  return (
    JSON.parse(res.body) as {
      members: { userId: string; email: string; displayName: string; role: string; status: string; disabledAt: string | null }[]
    }
  ).members
}

/** The list's table row for one person, with what the admin typed and the row's id replaced by placeholders. */
function rowOf(html: string, person: { email: string; displayName: string; userId: string }) {
  const row = html.split('<tr').find((r) => r.includes(person.email))
  expect(row, person.email).toBeDefined()
  return row!.split('</tr>')[0].replaceAll(person.userId, 'ID').replaceAll(person.email, 'EMAIL').replaceAll(person.displayName, 'NAME')
}

const memberData = async (cookie: string, userId: string) => {
  const res = await app.request(`/org/users/${userId}?_data=${encodeURIComponent('routes/org.users.$userId')}`, { cookie })
  expect(res.status).toBe(200)
  const { member } = JSON.parse(res.body) as { member: Record<string, unknown> }
  return member
}

async function dealerWithAdmin(shortName: string) {
  const org = await createOrganisation(db, { kind: 'dealer', shortName })
  const admin = await createMember(db, org, 'dealer_admin', { displayName: 'Mike Admin' })
  return { org, admin, cookie: await app.login(admin.email, defaultTestPassword) }
}

const connected = (s: ReturnType<App['socket']>) =>
  new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve())
    s.once('connect_error', reject)
  })

describe('an organisation admin adds a person by e-mail', () => {
  it('answers the same whether or not the e-mail had an account: same response, same row, same details', async () => {
    const y = await dealerWithAdmin('Invite Y')
    // The existing person works elsewhere under another name, and is blocked there: none of it may show in Y.
    const elsewhere = await createOrganisation(db, { kind: 'dealer', shortName: 'Elsewhere X' })
    const existing = await createMember(db, elsewhere, 'dealer_buyer', { displayName: 'Aaron Real', email: 'aaron.real@example.com', disabled: true })

    const toExisting = await invite(y.cookie, { email: 'Aaron.Real@Example.com', displayName: 'Yuri Existing' })
    const toNew = await invite(y.cookie, { email: 'zoe.new@example.com', displayName: 'Zoe New' })
    for (const res of [toExisting, toNew]) {
      expect(res.status).toBe(302)
      expect(res.location).toBe('/org/users?invited=1')
      expect(res.body).toBe('')
    }
    expect(toExisting.headers.getSetCookie()).toEqual(toNew.headers.getSetCookie())
    const [created] = await db.select({ id: users.id, displayName: users.displayName }).from(users).where(eq(users.email, 'zoe.new@example.com'))
    // The existing account is untouched: its name, its password, its block.
    const [after] = await db
      .select({ displayName: users.displayName, passwordHash: users.passwordHash, disabledAt: users.disabledAt })
      .from(users)
      .where(eq(users.id, existing.id))
    expect(after.displayName).toBe('Aaron Real')
    expect(after.passwordHash).toBe(existing.passwordHash)
    expect(after.disabledAt).not.toBeNull()

    const members = await teamData(y.cookie)
    const strip = ({ userId: _id, ...rest }: (typeof members)[number]) => rest
    expect(members.map((m) => m.displayName)).toEqual(['Mike Admin', 'Yuri Existing', 'Zoe New'])
    const rowExisting = members.find((m) => m.userId === existing.id)!
    const rowNew = members.find((m) => m.userId === created.id)!
    expect(strip(rowExisting)).toEqual({
      email: 'aaron.real@example.com',
      displayName: 'Yuri Existing',
      role: 'dealer_buyer',
      status: 'invited',
      disabledAt: null,
      since: expect.any(String),
    })
    expect(strip(rowNew)).toEqual({
      email: 'zoe.new@example.com',
      displayName: 'Zoe New',
      role: 'dealer_buyer',
      status: 'invited',
      disabledAt: null,
      since: expect.any(String),
    })

    const team = await page('/org/users?invited=1', y.cookie)
    expect(team.body).toContain('Приглашение отправлено.')
    expect(team.body).not.toContain('Aaron Real')
    expect(team.body).not.toContain('заблокирован')
    expect(rowOf(team.body, { email: 'aaron.real@example.com', displayName: 'Yuri Existing', userId: existing.id })).toBe(
      rowOf(team.body, { email: 'zoe.new@example.com', displayName: 'Zoe New', userId: created.id }),
    )
    expect(rowOf(team.body, { email: 'zoe.new@example.com', displayName: 'Zoe New', userId: created.id })).toContain('приглашён, ещё не принял')

    const detailExisting = await memberData(y.cookie, existing.id)
    const detailNew = await memberData(y.cookie, created.id)
    expect({ ...detailExisting, userId: 'ID', email: 'EMAIL', displayName: 'NAME', since: 'T' }).toEqual({
      ...detailNew,
      userId: 'ID',
      email: 'EMAIL',
      displayName: 'NAME',
      since: 'T',
    })
    expect(detailExisting).toMatchObject({ displayName: 'Yuri Existing', status: 'invited', disabledAt: null })
  })

  it('lets a new person sign in with the initial password; the organisation counts only after they accept', async () => {
    const y = await dealerWithAdmin('Newcomer Y')
    expect((await invite(y.cookie, { email: 'newcomer@example.com', displayName: 'Nina Newcomer', password: 'newcomer first 1' })).status).toBe(302)
    const cookie = await app.login('newcomer@example.com', 'newcomer first 1')

    const home = await page('/', cookie)
    expect(home.body).toContain('Примите приглашение организации')
    expect(home.body).toContain('«Newcomer Y» приглашает вас на роль «Закупщик». Пригласил(а): Mike Admin.')
    expect((await app.request('/catalog', { cookie })).status).toBe(403)
    const before = app.socket({ cookie })
    await connected(before)
    expect(await before.emitWithAck('session:whoami')).toMatchObject({ orgId: null, role: null })
    before.disconnect()

    const accepted = await app.request('/account/invitations', { form: { intent: 'accept', orgId: y.org.id }, cookie })
    expect(accepted.status).toBe(302)
    expect(accepted.location).toBe('/')
    const after = await page('/', cookie)
    expect(after.body).toContain('Кабинет дилера')
    expect(after.body).not.toContain('приглашает вас')
    expect((await app.request('/catalog', { cookie })).status).toBe(200)
    const s = app.socket({ cookie })
    await connected(s)
    expect(await s.emitWithAck('session:whoami')).toMatchObject({ orgId: y.org.id, role: 'dealer_buyer' })
    s.disconnect()
    const row = (await teamData(y.cookie)).find((m) => m.email === 'newcomer@example.com')
    expect(row).toMatchObject({ status: 'active', displayName: 'Nina Newcomer' })
    // Answered once: a second answer finds nothing.
    expect((await app.request('/account/invitations', { form: { intent: 'decline', orgId: y.org.id }, cookie })).status).toBe(404)
  })

  it('gives an existing person nothing in the organisation until they accept: no switch, no sign-in into it, no permissions', async () => {
    const y = await dealerWithAdmin('Existing Y')
    const x = await createOrganisation(db, { kind: 'dealer', shortName: 'Home X' })
    const person = await createMember(db, x, 'dealer_viewer', { displayName: 'Petra Person' })
    // Signed in before the invitation: the open session gains nothing either.
    const early = await app.login(person.email, defaultTestPassword)
    expect((await invite(y.cookie, { email: person.email, displayName: 'Petra', role: 'dealer_admin' })).status).toBe(302)
    const cookie = await app.login(person.email, defaultTestPassword)
    for (const c of [early, cookie]) {
      const home = await page('/', c)
      expect(home.body).toContain('«Home X»')
      expect(home.body).toContain('«Existing Y» приглашает вас на роль «Администратор дилера»')
      expect(home.body).not.toContain('org-switch')
      expect((await app.request('/org/switch', { form: { orgId: y.org.id }, cookie: c })).status).toBe(404)
      expect((await app.request('/org/users', { cookie: c })).status).toBe(403)
    }

    const answers = await page('/account/invitations', cookie)
    expect(answers.body).toContain('«Existing Y» приглашает вас')
    expect((await app.request('/account/invitations', { form: { intent: 'accept', orgId: y.org.id }, cookie })).status).toBe(302)
    expect((await app.request('/org/switch', { form: { orgId: y.org.id }, cookie: early })).status).toBe(302)
    expect((await app.request('/org/users', { cookie: early })).status).toBe(200)
  })

  it('declining removes the invitation; nobody can answer another person’s invitation', async () => {
    const y = await dealerWithAdmin('Decline Y')
    const person = await createUser(db, { displayName: 'Dana Decline' })
    const other = await createUser(db)
    expect((await invite(y.cookie, { email: person.email, displayName: 'Dana' })).status).toBe(302)
    const otherCookie = await app.login(other.email, defaultTestPassword)
    for (const intent of ['accept', 'decline'])
      expect((await app.request('/account/invitations', { form: { intent, orgId: y.org.id }, cookie: otherCookie })).status).toBe(404)
    const bad = await app.request('/account/invitations', { form: { intent: 'join', orgId: y.org.id }, cookie: otherCookie })
    expect(bad.status).toBe(400)

    const cookie = await app.login(person.email, defaultTestPassword)
    const declined = await app.request('/account/invitations', { form: { intent: 'decline', orgId: y.org.id }, cookie })
    expect(declined.status).toBe(302)
    expect(
      await db
        .select()
        .from(memberships)
        .where(and(eq(memberships.orgId, y.org.id), eq(memberships.userId, person.id))),
    ).toEqual([])
    expect((await teamData(y.cookie)).map((m) => m.displayName)).toEqual(['Mike Admin'])
    expect((await page('/', cookie)).body).not.toContain('приглашает вас')
    expect((await app.request('/account/invitations', { form: { intent: 'accept', orgId: y.org.id }, cookie })).status).toBe(404)
  })

  it('audits every step in the same way for both cases, and the account’s creation without the organisation', async () => {
    const y = await dealerWithAdmin('Audit Y')
    const existing = await createUser(db, { email: 'audit.existing@example.com' })
    await invite(y.cookie, { email: 'audit.existing@example.com', displayName: 'Existing' })
    await invite(y.cookie, { email: 'audit.new@example.com', displayName: 'New' })
    const [created] = await db.select({ id: users.id }).from(users).where(eq(users.email, 'audit.new@example.com'))
    const invited = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'membership.invited'), eq(auditLog.orgId, y.org.id)))
    expect(invited.map((e) => ({ actor: e.actorUserId, entityId: e.entityId, details: e.details }))).toEqual(
      expect.arrayContaining([
        { actor: y.admin.id, entityId: existing.id, details: { role: 'dealer_buyer', email: 'audit.existing@example.com' } },
        { actor: y.admin.id, entityId: created.id, details: { role: 'dealer_buyer', email: 'audit.new@example.com' } },
      ]),
    )
    expect(invited).toHaveLength(2)
    const accountCreated = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'user.created'), eq(auditLog.entityId, created.id)))
    expect(accountCreated).toHaveLength(1)
    expect(accountCreated[0].orgId).toBeNull()
    expect(
      await db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'user.created'), eq(auditLog.entityId, existing.id))),
    ).toEqual([])

    await app.request('/account/invitations', {
      form: { intent: 'accept', orgId: y.org.id },
      cookie: await app.login('audit.existing@example.com', defaultTestPassword),
    })
    await app.request('/account/invitations', {
      form: { intent: 'decline', orgId: y.org.id },
      cookie: await app.login('audit.new@example.com', 'initial password 1'),
    })
    const answers = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, y.org.id), eq(auditLog.entity, 'membership')))
    expect(answers.filter((e) => e.action !== 'membership.invited').map((e) => [e.action, e.actorUserId, e.entityId, e.details])).toEqual(
      expect.arrayContaining([
        ['membership.accepted', existing.id, existing.id, { role: 'dealer_buyer' }],
        ['membership.declined', created.id, created.id, { role: 'dealer_buyer' }],
      ]),
    )
  })

  it('refuses to invite someone already in the organisation, and a role of another kind', async () => {
    const y = await dealerWithAdmin('Twice Y')
    const member = await createMember(db, y.org, 'dealer_buyer')
    const again = await invite(y.cookie, { email: member.email, displayName: 'Again' })
    expect(again.status).toBe(400)
    expect(again.body.replaceAll('\0', '')).toContain('уже состоит в организации или приглашён в неё')
    await invite(y.cookie, { email: 'twice@example.com', displayName: 'Twice' })
    expect((await invite(y.cookie, { email: 'twice@example.com', displayName: 'Twice' })).status).toBe(400)
    const wrongKind = await invite(y.cookie, { email: 'kind@example.com', displayName: 'Kind', role: 'supplier_admin' })
    expect(wrongKind.status).toBe(400)
    expect(await db.select().from(users).where(eq(users.email, 'kind@example.com'))).toEqual([])
  })

  it('does not count an invited admin who has not accepted as the organisation’s remaining admin', async () => {
    const y = await dealerWithAdmin('Last admin Y')
    await invite(y.cookie, { email: 'future.admin@example.com', displayName: 'Future Admin', role: 'dealer_admin' })
    const demote = await app.request('/org/users', { form: { intent: 'change-role', userId: y.admin.id, role: 'dealer_buyer' }, cookie: y.cookie })
    expect(demote.status).toBe(400)
    expect(demote.body.replaceAll('\0', '')).toContain('хотя бы один администратор')
  })
})

describe('the operator admin’s own new-user page', () => {
  it('still says that an e-mail exists: the operator lists every account anyway', async () => {
    const operator = await createOrganisation(db, { kind: 'operator' })
    const admin = await createMember(db, operator, 'operator_admin')
    const cookie = await app.login(admin.email, defaultTestPassword)
    const org = await createOrganisation(db, { kind: 'dealer' })
    const existing = await createUser(db)
    const res = await app.request('/admin/users/new', {
      form: { displayName: 'X', email: existing.email, password: 'long enough pw', locale: 'ru', orgId: org.id, role: 'dealer_buyer' },
      cookie,
    })
    expect(res.status).toBe(400)
    expect(res.body.replaceAll('\0', '')).toContain('Пользователь с таким адресом уже есть.')
  })
})
