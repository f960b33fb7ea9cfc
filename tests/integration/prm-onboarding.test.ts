import { and, eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import {
  memberships,
  organisations,
  partnerApplications,
  passwordSetupTokens,
  programmeMembers,
  programmeTiers,
  partnerProgrammes,
  users,
} from '../../db/schema'
import { grantScope } from '../../app/modules/auth/scope.server'
import { latestMailTo } from '../../app/modules/notifications/queries.server'
import { advanceApplication, getApplicationStatus, submitApplication } from '../../app/modules/prm/applications.server'
import { applicationForm, applicationInput, createMember, createOrganisation, makeInn } from '../factories'
import { startApp, type App } from '../http-harness'

// Issue 13, "Onboarding": the public application, its check, the stages, activation and the one-time password link.

let app: App
const staff = grantScope('manage:partner_programme:any', null)
const mail = grantScope('read:mail:any', null)
const actor = { userId: null, email: 'pm@example.com', ip: '127.0.0.1' }

beforeAll(async () => {
  app = await startApp()
  const [programme] = await db
    .insert(partnerProgrammes)
    .values({ code: `onb-${Date.now()}`, nameRu: 'Программа', nameEn: 'Programme' })
    .returning()
  await db.insert(programmeTiers).values({ programmeId: programme.id, rank: 1, code: 'partner', nameRu: 'Партнёр', nameEn: 'Partner' })
})
afterAll(() => app.close())

const html = (s: string) => s.replaceAll('\0', '')
const linkIn = (body: string, path: string) => new RegExp(`https?://[^\\s]+(${path.replace(/\//g, '\\/')}[^\\s]+)`).exec(body)?.[1] ?? null
const countApplications = async (inn: string) =>
  (
    await db
      .select({ n: sql<number>`count(*)::int` })
      .from(partnerApplications)
      .where(eq(partnerApplications.inn, inn))
  )[0].n

describe('the public application form', () => {
  it('refuses a bad INN, a missing KPP and a 100 kB field with field errors, storing nothing', async () => {
    const badInn = applicationForm({ inn: '7701234567' })
    let res = await app.request('/partners/apply', { form: badInn })
    expect(res.status).toBe(400)
    expect(html(res.body)).toContain('контрольн')
    expect(await countApplications('7701234567')).toBe(0)

    const inn = makeInn()
    res = await app.request('/partners/apply', { form: { ...applicationForm({ inn }), kpp: '' } })
    expect(res.status).toBe(400)
    expect(html(res.body)).toContain('нужен КПП')

    res = await app.request('/partners/apply', { form: { ...applicationForm({ inn }), legalName: 'x'.repeat(100_000) } })
    expect(res.status).toBe(400)
    expect(html(res.body)).toContain('Не длиннее 200 символов')
    expect(await countApplications(inn)).toBe(0)

    res = await app.request('/partners/apply', { form: { ...applicationForm({ inn }), consent: '' } })
    expect(res.status).toBe(400)
    expect(await countApplications(inn)).toBe(0)
  })

  it('takes a good application: a number, the consent text, a status link mailed, the check run', async () => {
    const form = applicationForm()
    const res = await app.request('/partners/apply', { form })
    expect(res.status).toBe(200)
    const [row] = await db.select().from(partnerApplications).where(eq(partnerApplications.inn, form.inn))
    expect(row.number).toMatch(/^P-\d{4}-\d{6}$/)
    expect(row.status).toBe('checking')
    expect(row.verificationStatus).toBe('passed')
    expect(row.consentText).toContain('152-ФЗ')
    expect(row.consentIp).toBeTruthy()
    const mailed = await latestMailTo({ scope: mail, address: form.contactEmail })
    const link = linkIn(mailed!.textBody, '/partners/apply/')
    expect(link).toContain(row.id)
    // Only the hash of the link's secret is stored.
    expect(row.statusSecretHash).not.toContain(link!.split('.')[1])
    const status = await app.request(link!)
    expect(status.status).toBe(200)
    expect(html(status.body)).toContain(row.number)
  })

  it('finds a duplicate INN against organisations and other applications, naming them to staff only', async () => {
    const inn = makeInn()
    await createOrganisation(db, { kind: 'dealer', inn, shortName: 'Already Here Ltd' })
    const first = await submitApplication({ data: applicationInput({ inn }), locale: 'ru', ip: null })
    const [row] = await db.select().from(partnerApplications).where(eq(partnerApplications.id, first.id))
    expect(row.verificationStatus).toBe('failed')
    expect(JSON.stringify(row.verification)).toContain('Already Here Ltd')
    // The failed check blocks the offer, with a message; nothing changes.
    expect(await advanceApplication({ scope: staff, applicationId: first.id, step: 'offer', actor })).toEqual({
      ok: false,
      message: 'application.error.checkFailed',
    })
    const status = await getApplicationStatus({ token: first.statusLink.split('/').pop() })
    expect(status!.status).toBe('checking')
    expect(JSON.stringify(status)).not.toContain('Already Here Ltd')

    const inn2 = makeInn()
    const a = await submitApplication({ data: applicationInput({ inn: inn2, shortName: 'First Applicant' }), locale: 'en', ip: null })
    const b = await submitApplication({ data: applicationInput({ inn: inn2 }), locale: 'en', ip: null })
    const [rowB] = await db.select().from(partnerApplications).where(eq(partnerApplications.id, b.id))
    expect(rowB.verificationStatus).toBe('failed')
    expect(JSON.stringify(rowB.verification)).toContain('First Applicant')
    expect(a.number).not.toBe(b.number)
  })
})

describe('from application to active dealer', () => {
  it('runs the stages, creates the organisation, its admin and programme membership; the link works once', async () => {
    const data = applicationInput({ region: 'RU-SPE' })
    const submitted = await submitApplication({ data, locale: 'ru', ip: '10.0.0.1' })
    const id = submitted.id
    // Impossible steps are refused with a message.
    expect(await advanceApplication({ scope: staff, applicationId: id, step: 'activate', actor })).toMatchObject({
      ok: false,
      message: 'application.error.stage',
    })
    expect(await advanceApplication({ scope: staff, applicationId: id, step: 'offer', actor })).toEqual({ ok: true })

    // The offer's mail carries no link: it points to the first message, whose link still works.
    const offerMail = await latestMailTo({ scope: mail, address: data.contactEmail })
    expect(offerMail!.textBody).toContain('по ссылке из нашего первого письма')
    expect(linkIn(offerMail!.textBody, '/partners/apply/')).toBeNull()
    const statusLink = submitted.statusLink
    const page = await app.request(statusLink)
    expect(html(page.body)).toContain('Партнёрское соглашение')
    expect((await app.request(statusLink, { form: { intent: 'accept', accept: 'on' } })).status).toBe(200)
    expect((await app.request(statusLink, { form: { intent: 'accept', accept: 'on' } })).status).toBe(409)

    expect(await advanceApplication({ scope: staff, applicationId: id, step: 'activate', actor })).toEqual({ ok: true })
    const [row] = await db.select().from(partnerApplications).where(eq(partnerApplications.id, id))
    expect(row.status).toBe('active')
    const [org] = await db.select().from(organisations).where(eq(organisations.id, row.orgId!))
    expect(org).toMatchObject({ kind: 'dealer', inn: data.inn, kpp: data.kpp, region: 'RU-SPE', verificationStatus: 'verified' })
    const [admin] = await db.select().from(users).where(eq(users.email, data.contactEmail))
    const [membership] = await db
      .select()
      .from(memberships)
      .where(and(eq(memberships.orgId, org.id), eq(memberships.userId, admin.id)))
    expect(membership.role).toBe('dealer_admin')
    expect((await db.select().from(programmeMembers).where(eq(programmeMembers.orgId, org.id))).length).toBeGreaterThan(0)

    // The one-time link from the outgoing mail: it works once, then the person signs in with the new password.
    const setupMail = (await db.execute(
      sql`select text_body from mail_outbox where to_address = ${data.contactEmail} and kind = 'password.setup'`,
    )) as unknown
    const body = ((setupMail as { rows?: { text_body: string }[] }).rows ?? (setupMail as { text_body: string }[]))[0].text_body
    const setup = linkIn(body, '/account/set-password/')!
    expect((await app.request(setup)).status).toBe(200)
    const mismatch = await app.request(setup, { form: { newPassword: 'a fine new password', confirmPassword: 'another one' } })
    expect(mismatch.status).toBe(400)
    const set = await app.request(setup, { form: { newPassword: 'a fine new password', confirmPassword: 'a fine new password' } })
    expect(set.status).toBe(302)
    expect((await app.request(setup)).status).toBe(404)
    expect((await app.request(setup, { form: { newPassword: 'yet another password', confirmPassword: 'yet another password' } })).status).toBe(404)
    await app.login(data.contactEmail, 'a fine new password')
    // The applicant's first link still opens the status page once the dealer is active.
    const active = await app.request(statusLink)
    expect(active.status).toBe(200)
    expect(html(active.body)).toContain(row.number)
  })

  it('refuses an expired set-up link', async () => {
    const data = applicationInput()
    const { id } = await submitApplication({ data, locale: 'en', ip: null })
    await advanceApplication({ scope: staff, applicationId: id, step: 'offer', actor })
    await db.update(partnerApplications).set({ status: 'agreement_accepted' }).where(eq(partnerApplications.id, id))
    await advanceApplication({ scope: staff, applicationId: id, step: 'activate', actor })
    const [admin] = await db.select().from(users).where(eq(users.email, data.contactEmail))
    await db
      .update(passwordSetupTokens)
      .set({ expiresAt: sql`now() - interval '1 minute'` })
      .where(eq(passwordSetupTokens.userId, admin.id))
    const mailed = await latestMailTo({ scope: mail, address: data.contactEmail })
    void mailed
    const rows = (await db.execute(
      sql`select text_body from mail_outbox where to_address = ${data.contactEmail} and kind = 'password.setup'`,
    )) as unknown
    const body = ((rows as { rows?: { text_body: string }[] }).rows ?? (rows as { text_body: string }[]))[0].text_body
    const setup = linkIn(body, '/account/set-password/')!
    expect((await app.request(setup)).status).toBe(404)
  })

  it('adds a membership for an e-mail that already has an account, without a new password', async () => {
    const other = await createOrganisation(db, { kind: 'dealer' })
    const existing = await createMember(db, other, 'dealer_buyer')
    const data = applicationInput({ contactEmail: existing.email })
    const { id } = await submitApplication({ data, locale: 'ru', ip: null })
    await advanceApplication({ scope: staff, applicationId: id, step: 'offer', actor })
    await db.update(partnerApplications).set({ status: 'agreement_accepted' }).where(eq(partnerApplications.id, id))
    expect(await advanceApplication({ scope: staff, applicationId: id, step: 'activate', actor })).toEqual({ ok: true })
    const [row] = await db.select().from(partnerApplications).where(eq(partnerApplications.id, id))
    const [m] = await db
      .select()
      .from(memberships)
      .where(and(eq(memberships.orgId, row.orgId!), eq(memberships.userId, existing.id)))
    expect(m.role).toBe('dealer_admin')
    expect(await db.select().from(passwordSetupTokens).where(eq(passwordSetupTokens.userId, existing.id))).toHaveLength(0)
  })
})

describe('the applicant status link', () => {
  it('is mailed once and works for the whole life of the application; every later mail points to it, in the applicant language', async () => {
    const data = applicationInput()
    const submitted = await submitApplication({ data, locale: 'en', ip: null })
    const firstMail = await latestMailTo({ scope: mail, address: data.contactEmail })
    const link = linkIn(firstMail!.textBody, '/partners/apply/')!
    expect(link).toBe(submitted.statusLink)
    expect(firstMail!.textBody).toContain('Keep this message')
    const [before] = await db.select().from(partnerApplications).where(eq(partnerApplications.id, submitted.id))
    expect(await advanceApplication({ scope: staff, applicationId: submitted.id, step: 'check', actor })).toEqual({ ok: true })
    expect(await advanceApplication({ scope: staff, applicationId: submitted.id, step: 'offer', actor })).toEqual({ ok: true })
    expect((await app.request(link, { form: { intent: 'accept', accept: 'on' } })).status).toBe(200)
    expect(await advanceApplication({ scope: staff, applicationId: submitted.id, step: 'activate', actor })).toEqual({ ok: true })
    // Nothing rotated the secret: the stored hash is the one made at submission, and the first link opens the page.
    const [after] = await db.select().from(partnerApplications).where(eq(partnerApplications.id, submitted.id))
    expect(after.statusSecretHash).toBe(before.statusSecretHash)
    expect(after.statusSecretHash).not.toBe('')
    const page = await app.request(link)
    expect(page.status).toBe(200)
    expect(html(page.body)).toContain(after.number)
    // Every mail to the applicant after the first carries no status link and names the first message instead.
    const rows = (await db.execute(
      sql`select kind, text_body from mail_outbox where to_address = ${data.contactEmail} and kind like 'application.%' order by created_at, id`,
    )) as unknown
    const mails = (rows as { rows?: { kind: string; text_body: string }[] }).rows ?? (rows as { kind: string; text_body: string }[])
    expect(mails.map((m) => m.kind)).toEqual([
      'application.received',
      'application.agreementOffered',
      'application.agreementAccepted',
      'application.active',
    ])
    for (const m of mails.slice(1)) expect(linkIn(m.text_body, '/partners/apply/'), m.kind).toBeNull()
    expect(mails[1].text_body).toContain('open the link in our first message')
    expect(mails[3].text_body).toContain('the link in our first message')
  })
})

describe('the applicant status page', () => {
  it('shows the rejection reason; another applicant token never shows the first one; wrong tokens are 404', async () => {
    const first = applicationInput({ shortName: 'Rejected Co' })
    const a = await submitApplication({ data: first, locale: 'ru', ip: null })
    const b = await submitApplication({ data: applicationInput({ shortName: 'Second Co' }), locale: 'ru', ip: null })
    expect(await advanceApplication({ scope: staff, applicationId: a.id, step: 'reject', reason: '', actor })).toMatchObject({
      ok: false,
      field: 'reason',
    })
    expect(await advanceApplication({ scope: staff, applicationId: a.id, step: 'reject', reason: 'Регион уже закрыт дилером', actor })).toEqual({
      ok: true,
    })
    const mailed = await latestMailTo({ scope: mail, address: first.contactEmail })
    expect(mailed!.textBody).toContain('Регион уже закрыт дилером')
    expect(linkIn(mailed!.textBody, '/partners/apply/')).toBeNull()
    const page = html((await app.request(a.statusLink)).body)
    expect(page).toContain('Регион уже закрыт дилером')
    expect(page).toContain('Rejected Co')

    const second = html((await app.request(b.statusLink)).body)
    expect(second).toContain('Second Co')
    expect(second).not.toContain('Rejected Co')
    // b's secret with a's id, a made-up secret, garbage: all 404.
    const bSecret = b.statusLink.split('.').pop()!
    expect((await app.request(`/partners/apply/${a.id}.${bSecret}`)).status).toBe(404)
    expect((await app.request(`/partners/apply/${a.id}.aaaaaaaaaaaaaaaaaaaaaaaa`)).status).toBe(404)
    expect((await app.request('/partners/apply/nonsense')).status).toBe(404)
    // A rejected application takes no further step.
    expect(await advanceApplication({ scope: staff, applicationId: a.id, step: 'offer', actor })).toMatchObject({
      ok: false,
      message: 'application.error.closed',
    })
  })
})
