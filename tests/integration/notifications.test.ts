import { and, eq } from 'drizzle-orm'
import nodemailer from 'nodemailer'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { mailOutbox, notifications } from '../../db/schema'
import { runInTenantScope } from '../../db/tenant-scope.server'
import { notify, queueMail, sendDueMail } from '../../app/modules/notifications/mutations.server'
import { countUnreadNotices } from '../../app/modules/notifications/queries.server'
import { grantScope } from '../../app/modules/auth/scope.server'
import { cancelOrder } from '../../app/modules/ordering/mutations.server'
import {
  createCategory,
  createMember,
  createOrder,
  createOrganisation,
  createProduct,
  createTaxClass,
  createUser,
  createWarehouse,
  defaultTestPassword,
} from '../factories'
import { startApp, type App } from '../http-harness'

// The notification module (issue 13): inbox rows for the right people in their language, the unread count in the
// shell, one's own messages only, and the mail outbox sent through a real SMTP server (smtp-server, the
// nodemailer project's own) with retries when the server is away.

let app: App
const w = {} as {
  dealer: { id: string }
  admin: { id: string; email: string }
  buyer: { id: string; email: string }
  viewer: { id: string; email: string }
  manager: { id: string; email: string }
}

beforeAll(async () => {
  app = await startApp()
  w.dealer = await createOrganisation(db, { kind: 'dealer' })
  const operator = await createOrganisation(db, { kind: 'operator' })
  w.admin = await createMember(db, w.dealer, 'dealer_admin', { locale: 'en' })
  w.buyer = await createMember(db, w.dealer, 'dealer_buyer', { locale: 'ru' })
  w.viewer = await createMember(db, w.dealer, 'dealer_viewer')
  w.manager = await createMember(db, operator, 'partner_manager', { locale: 'en' })
}, 60_000)
afterAll(() => app.close())

const inboxOf = (userId: string) => db.select().from(notifications).where(eq(notifications.userId, userId))

describe('notify', () => {
  it('reaches the organisation members of the roles named, and no one else', async () => {
    const told = await db.transaction((tx) =>
      notify(tx, {
        to: { orgId: w.dealer.id, roles: ['dealer_admin', 'dealer_buyer'] },
        kind: 'password.setup',
        params: { name: 'X', org: 'Y', expiresOn: '2026-12-05', link: '/x' },
      }),
    )
    expect(told).toBe(2)
    expect(await inboxOf(w.admin.id)).toHaveLength(1)
    expect(await inboxOf(w.buyer.id)).toHaveLength(1)
    expect(await inboxOf(w.viewer.id)).toHaveLength(0)
  })

  it('reaches the operator staff from a request bound to a dealer, which may not read their memberships', async () => {
    const before = (await inboxOf(w.manager.id)).length
    await runInTenantScope(
      () => db.transaction((tx) => notify(tx, { to: { staff: ['partner_manager'] }, kind: 'password.setup', params: {}, mail: true })),
      { orgId: w.dealer.id, userId: w.buyer.id },
    )
    expect((await inboxOf(w.manager.id)).length).toBe(before + 1)
    const mails = await db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, w.manager.email))
    // The manager reads English: the mail is rendered in it.
    expect(mails.at(-1)?.subject).toBe('Set your password for the portal')
  })
})

describe('modules that notify', () => {
  it('tells the person who placed an order that the desk cancelled it, with the reason, in their language', async () => {
    const warehouse = await createWarehouse(db)
    const category = await createCategory(db)
    const vat = await createTaxClass(db, { rates: [['2019-01-01', 2200]] })
    const product = await createProduct(db, { categoryId: category.id, taxClassId: vat.id })
    const order = await createOrder(db, {
      orgId: w.dealer.id,
      placedBy: w.admin.id,
      warehouseId: warehouse.id,
      items: [{ productId: product.id, sku: product.sku, qty: 1, unitPriceMinor: 100_00 }],
    })
    const result = await cancelOrder({
      scope: grantScope('manage:order:any', null),
      actor: { userId: w.manager.id, email: w.manager.email, ip: null },
      orderId: order.id,
      reason: 'out of production',
    })
    expect(result.ok).toBe(true)
    const cookie = await app.login(w.admin.email, defaultTestPassword)
    const page = (await app.request('/inbox', { cookie })).body.replaceAll('\0', '')
    expect(page).toContain(`Order ${order.number} cancelled`)
    expect(page).toContain('Reason: out of production')
  })
})

describe('the inbox', () => {
  it('shows each person their own messages in their language, with the unread count in the shell', async () => {
    const person = await createMember(db, w.dealer, 'dealer_viewer', { locale: 'ru' })
    await db.transaction((tx) =>
      notify(tx, {
        to: { userIds: [person.id] },
        kind: 'password.setup',
        params: { name: 'Ирина', org: 'Вектор', expiresOn: '2026-12-05', link: '/l' },
        link: '/catalog',
      }),
    )
    const cookie = await app.login(person.email, defaultTestPassword)
    const page = (await app.request('/inbox', { cookie })).body.replaceAll('\0', '')
    expect(page).toContain('Установите пароль для входа в портал')
    expect(page).toContain('Здравствуйте, Ирина!')
    expect(page).toContain('5 дек. 2026')
    expect(page).toMatch(/data-testid="unread-count"[^>]*>.*1 непрочитанное/s)
    expect(await countUnreadNotices({ userId: person.id })).toBe(1)
  })

  it('marks only one’s own message read; another person’s id changes nothing', async () => {
    const [mine] = await inboxOf(w.buyer.id)
    const [theirs] = await inboxOf(w.admin.id)
    const cookie = await app.login(w.buyer.email, defaultTestPassword)
    await app.request('/inbox', { form: { intent: 'read', id: theirs.id }, cookie })
    expect((await db.select().from(notifications).where(eq(notifications.id, theirs.id)))[0].readAt).toBeNull()
    await app.request('/inbox', { form: { intent: 'read', id: mine.id }, cookie })
    expect((await db.select().from(notifications).where(eq(notifications.id, mine.id)))[0].readAt).not.toBeNull()
  })

  it('"Open" marks the message read and follows its link inside the portal only', async () => {
    const person = await createUser(db, { locale: 'en' })
    await db.transaction((tx) => notify(tx, { to: { userIds: [person.id] }, kind: 'password.setup', link: '/account/sessions' }))
    const [n] = await inboxOf(person.id)
    const cookie = await app.login(person.email, defaultTestPassword)
    const open = await app.request(`/inbox?to=${encodeURIComponent('/account/sessions')}`, { form: { intent: 'read', id: n.id }, cookie })
    expect(open.status).toBe(302)
    expect(open.location).toBe('/account/sessions')
    const away = await app.request(`/inbox?to=${encodeURIComponent('//evil.example')}`, { form: { intent: 'read', id: n.id }, cookie })
    expect(away.status).toBe(200)
  })

  it('refuses a malformed request with 400 and changes nothing', async () => {
    const cookie = await app.login(w.admin.email, defaultTestPassword)
    const res = await app.request('/inbox', { form: { intent: 'read', id: 'not-a-uuid' }, cookie })
    expect(res.status).toBe(400)
    expect((await inboxOf(w.admin.id)).every((n) => n.readAt === null)).toBe(true)
  })

  it('marks everything read at once', async () => {
    const cookie = await app.login(w.admin.email, defaultTestPassword)
    await app.request('/inbox', { form: { intent: 'read-all' }, cookie })
    expect(await countUnreadNotices({ userId: w.admin.id })).toBe(0)
  })
})

describe('the mail outbox', () => {
  const received: { to: string; data: string }[] = []
  let server: SMTPServer
  let port = 0
  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        let data = ''
        stream.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')))
        stream.on('end', () => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), data })
          callback()
        })
      },
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    port = (server.server.address() as { port: number }).port
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it('sends what is due through SMTP, once, and records it sent', async () => {
    const address = `applicant.${Date.now()}@example.test`
    await db.transaction((tx) =>
      queueMail(tx, {
        to: address,
        name: 'Ольга',
        locale: 'ru',
        kind: 'password.setup',
        params: { name: 'Ольга', org: 'Ромашка', expiresOn: '2026-12-05', link: 'http://portal/x' },
      }),
    )
    const via = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true })
    // Others may be due too (earlier tests queued mail): send until this one has gone.
    for (let i = 0; i < 5 && !received.some((r) => r.to === address); i++) await sendDueMail({ via })
    const mine = received.filter((r) => r.to === address)
    expect(mine).toHaveLength(1)
    expect(mine[0].data).toMatch(/Subject: =\?UTF-8\?/)
    const [row] = await db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, address))
    expect(row.status).toBe('sent')
    expect(row.sentAt).not.toBeNull()
    await sendDueMail({ via })
    expect(received.filter((r) => r.to === address)).toHaveLength(1)
  })

  it('keeps a message it could not send, with the error, to try again later', async () => {
    const address = `nobody.${Date.now()}@example.test`
    await db.transaction((tx) => queueMail(tx, { to: address, locale: 'en', kind: 'password.setup' }))
    await db
      .update(mailOutbox)
      .set({ status: 'sent' })
      .where(and(eq(mailOutbox.status, 'pending')))
    await db.update(mailOutbox).set({ status: 'pending' }).where(eq(mailOutbox.toAddress, address))
    const unreachable = nodemailer.createTransport({ host: '127.0.0.1', port: 1, secure: false, connectionTimeout: 500 })
    const result = await sendDueMail({ via: unreachable })
    expect(result.failed).toBe(1)
    const [row] = await db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, address))
    expect(row.status).toBe('pending')
    expect(row.attempts).toBe(1)
    expect(row.lastError).toBeTruthy()
    expect(row.nextAttemptAt.getTime()).toBeGreaterThan(Date.now())
  })

  it('is shown to operator staff on the outgoing-mail page, with a note that no server is set', async () => {
    const cookie = await app.login(w.manager.email, defaultTestPassword)
    const page = (await app.request('/desk/mail', { cookie })).body.replaceAll('\0', '')
    expect(page).toContain('No mail server is configured')
    expect(page).toContain(w.manager.email)
  })
})
