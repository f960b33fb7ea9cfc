import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { auditLog, memberships, organisations, users } from '../../db/schema'
import { withInnCheckDigits } from '../../app/modules/tenancy/tax-ids'
import { createMember, createOrganisation, defaultTestPassword, makeInn } from '../factories'
import { startApp, type App } from '../http-harness'

let app: App
let admin: string
beforeAll(async () => {
  app = await startApp()
  const operator = await createOrganisation(db, { kind: 'operator' })
  const user = await createMember(db, operator, 'operator_admin')
  admin = await app.login(user.email, defaultTestPassword)
})
afterAll(() => app.close())

const validOrg = (o: Record<string, string> = {}) => ({
  intent: 'save',
  kind: 'dealer',
  legalName: 'ООО «Ромашка»',
  shortName: 'Ромашка',
  country: 'RU',
  inn: makeInn(),
  kpp: '770101001',
  verificationStatus: 'pending',
  ...o,
})

describe('operator administration of organisations', () => {
  it('creates an organisation and writes the audit entry', async () => {
    const form = validOrg()
    const res = await app.request('/admin/organisations/new', { form, cookie: admin })
    expect(res.status).toBe(302)
    const id = res.location!.split('/').pop()!
    const [org] = await db.select().from(organisations).where(eq(organisations.id, id))
    expect(org).toMatchObject({ shortName: 'Ромашка', inn: form.inn, kpp: '770101001', verificationStatus: 'pending' })
    const [entry] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'organisation.created'), eq(auditLog.entityId, id)))
    expect(entry).toBeDefined()
    expect((await app.request(`/admin/organisations/${id}`, { cookie: admin })).body).toContain('Ромашка')
  })

  it.each([
    ['an INN with a wrong check digit', { inn: '7707083894' }, 'ИНН не прошёл проверку контрольных цифр'],
    ['a company without a KPP', { kpp: '' }, 'нужен КПП'],
    ['a sole trader with a KPP', { inn: withInnCheckDigits('5001007322') }, 'У ИП (ИНН из 12 цифр) нет КПП.'],
    ['a foreign company without a VAT id', { country: 'DE', inn: '', kpp: '' }, 'нужен налоговый номер'],
    ['a German VAT id with a wrong check digit', { country: 'DE', inn: '', kpp: '', vatId: 'DE136695975' }, 'не прошёл проверку контрольной цифры'],
    ['an unknown kind', { kind: 'pirate' }, 'Выберите значение из списка.'],
  ])('refuses %s with a field error and writes nothing', async (_name, change, message) => {
    const before = await db.select({ id: organisations.id }).from(organisations)
    const res = await app.request('/admin/organisations/new', { form: validOrg(change), cookie: admin })
    expect(res.status).toBe(400)
    expect(res.body).toContain(message)
    expect(await db.select({ id: organisations.id }).from(organisations)).toHaveLength(before.length)
  })

  it('refuses a second organisation with the same INN', async () => {
    const form = validOrg()
    expect((await app.request('/admin/organisations/new', { form, cookie: admin })).status).toBe(302)
    const again = await app.request('/admin/organisations/new', { form: { ...form, shortName: 'Копия' }, cookie: admin })
    expect(again.status).toBe(400)
    expect(again.body).toContain('Организация с таким ИНН уже есть.')
  })

  it('adds a member by e-mail with a role of the organisation’s kind only, and keeps the last admin', async () => {
    const org = await createOrganisation(db, { kind: 'supplier' })
    const person = await createMember(db, await createOrganisation(db, { kind: 'dealer' }), 'dealer_buyer')
    const url = `/admin/organisations/${org.id}`
    const wrongKind = await app.request(url, { form: { intent: 'add-member', email: person.email, role: 'dealer_admin' }, cookie: admin })
    expect(wrongKind.status).toBe(400)
    expect(wrongKind.body).toContain('Эта роль не подходит')
    expect((await app.request(url, { form: { intent: 'add-member', email: person.email, role: 'supplier_admin' }, cookie: admin })).status).toBe(200)
    const [m] = await db
      .select()
      .from(memberships)
      .where(and(eq(memberships.orgId, org.id), eq(memberships.userId, person.id)))
    expect(m.role).toBe('supplier_admin')
    const demote = await app.request(url, { form: { intent: 'change-role', userId: person.id, role: 'supplier_bidder' }, cookie: admin })
    expect(demote.status).toBe(400)
    expect(demote.body).toContain('хотя бы один администратор')
    const unknown = await app.request(url, { form: { intent: 'add-member', email: 'nobody@example.com', role: 'supplier_bidder' }, cookie: admin })
    expect(unknown.body).toContain('Пользователь с таким адресом не найден.')
  })

  it('does not change an organisation’s kind while it has members', async () => {
    const org = await createOrganisation(db, { kind: 'dealer' })
    await createMember(db, org, 'dealer_admin')
    const res = await app.request(`/admin/organisations/${org.id}`, {
      form: validOrg({ kind: 'supplier', inn: org.inn!, kpp: org.kpp! }),
      cookie: admin,
    })
    expect(res.status).toBe(400)
    const [after] = await db.select({ kind: organisations.kind }).from(organisations).where(eq(organisations.id, org.id))
    expect(after.kind).toBe('dealer')
  })
})

describe('operator administration of users', () => {
  it('creates a user in an organisation, who can then sign in', async () => {
    const org = await createOrganisation(db, { kind: 'dealer' })
    const res = await app.request('/admin/users/new', {
      form: {
        displayName: 'Новый Человек',
        email: 'New.Person@Example.com',
        password: 'first password 1',
        locale: 'en',
        orgId: org.id,
        role: 'dealer_buyer',
      },
      cookie: admin,
    })
    expect(res.status).toBe(302)
    const cookie = await app.login('new.person@example.com', 'first password 1')
    const home = await app.request('/', { cookie })
    expect(home.body).toContain('Dealer workspace')
  })

  it('disabling a user ends their sessions at once', async () => {
    const org = await createOrganisation(db, { kind: 'dealer' })
    const person = await createMember(db, org, 'dealer_buyer')
    const cookie = await app.login(person.email, defaultTestPassword)
    const res = await app.request(`/admin/users/${person.id}`, {
      form: { intent: 'save', displayName: 'Blocked', locale: 'ru', disabled: 'on' },
      cookie: admin,
    })
    expect(res.status).toBe(200)
    expect((await app.request('/', { cookie })).status).toBe(302)
    expect((await app.request('/login', { form: { email: person.email, password: defaultTestPassword } })).status).toBe(401)
  })
})

describe('a dealer admin manages their own team only', () => {
  it('invites a member to the active organisation with one of its roles', async () => {
    const org = await createOrganisation(db, { kind: 'dealer' })
    const dealerAdmin = await createMember(db, org, 'dealer_admin')
    const cookie = await app.login(dealerAdmin.email, defaultTestPassword)
    const bad = await app.request('/org/users/new', {
      form: { displayName: 'X', email: 'x1@example.com', password: 'long enough pw', locale: 'ru', role: 'operator_admin' },
      cookie,
    })
    expect(bad.status).toBe(400)
    expect(await db.select().from(users).where(eq(users.email, 'x1@example.com'))).toHaveLength(0)
    const ok = await app.request('/org/users/new', {
      form: { displayName: 'Кладовщик', email: 'x2@example.com', password: 'long enough pw', locale: 'ru', role: 'dealer_viewer' },
      cookie,
    })
    expect(ok.status).toBe(302)
    expect(ok.location).toBe('/org/users?invited=1')
    const team = await app.request('/org/users', { cookie })
    expect(team.body).toContain('Кладовщик')
    const [created] = await db.select().from(users).where(eq(users.email, 'x2@example.com'))
    const [m] = await db.select().from(memberships).where(eq(memberships.userId, created.id))
    // An invitation until the person accepts it (tests/integration/invitations.test.ts).
    expect(m).toMatchObject({ orgId: org.id, role: 'dealer_viewer', acceptedAt: null, invitedBy: dealerAdmin.id })
  })

  it('changes a member’s role and refuses to remove the last admin', async () => {
    const org = await createOrganisation(db, { kind: 'dealer' })
    const dealerAdmin = await createMember(db, org, 'dealer_admin')
    const buyer = await createMember(db, org, 'dealer_buyer')
    const cookie = await app.login(dealerAdmin.email, defaultTestPassword)
    expect((await app.request('/org/users', { form: { intent: 'change-role', userId: buyer.id, role: 'dealer_approver' }, cookie })).status).toBe(200)
    const [m] = await db
      .select()
      .from(memberships)
      .where(and(eq(memberships.orgId, org.id), eq(memberships.userId, buyer.id)))
    expect(m.role).toBe('dealer_approver')
    const self = await app.request('/org/users', { form: { intent: 'remove-member', userId: dealerAdmin.id }, cookie })
    expect(self.status).toBe(400)
    expect(self.body).toContain('хотя бы один администратор')
    const audit = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'membership.role_changed'), eq(auditLog.entityId, buyer.id)))
    expect(audit[0].details).toEqual({ from: 'dealer_buyer', to: 'dealer_approver' })
  })
})

describe('audit log page', () => {
  it('filters by action and exports CSV with formulas neutralised', async () => {
    const org = await createOrganisation(db, { kind: 'dealer', shortName: '=HYPERLINK("http://evil")' })
    await createMember(db, org, 'dealer_admin', { email: 'audit.check@example.com' })
    await app.request('/login', { form: { email: 'audit.check@example.com', password: 'wrong password!' } })
    const page = await app.request('/admin/audit?action=auth.login_failed&actor=audit.check', { cookie: admin })
    expect(page.status).toBe(200)
    expect(page.body).toContain('audit.check@example.com')
    expect(page.body).not.toContain('Вход</td>')
    const csv = await app.request('/admin/audit.csv?action=auth.login_failed&actor=audit.check', { cookie: admin })
    expect(csv.headers.get('content-type')).toContain('text/csv')
    expect(csv.headers.get('content-disposition')).toContain('attachment')
    expect(csv.body).toContain('audit.check@example.com')
    const orgs = await app.request('/admin/organisations.csv', { cookie: admin })
    expect(orgs.body).toContain(`"'=HYPERLINK(""http://evil"")"`)
    expect(orgs.body).not.toMatch(/(^|,)=HYPERLINK/m)
  })
})
