import { and, asc, eq, inArray } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { notifications } from '../../db/schema'
import { partnerCertifications, partnerProgrammes, programmeMembers, programmeTiers } from '../../db/schema/prm'
import {
  contestAwards,
  contestRuns,
  honourPhotos,
  sarmEventRsvps,
  shopAssistants,
  trainingCompletions,
  trainingQuestions,
  trainingRegistrations,
  trainings,
} from '../../db/schema/sarm'
import { grantScope } from '../../app/modules/auth/scope.server'
import { cancelRsvp, rsvpEvent } from '../../app/modules/sarm/events.server'
import { cancelTraining, registerTraining, submitQuiz } from '../../app/modules/sarm/trainings.server'
import { createCategory, createMember, createOrganisation, createProduct, createTaxClass, defaultTestPassword } from '../factories'
import { createAssistant, createContest, createSaleReports, createSarmEvent, createShop, createTraining } from '../factories/sarm'
import { startApp, type App } from '../http-harness'
import { pdfText } from '../pdf-text'

// Trainings, events, consents and the honour board (issue 14, part "learning"), on a real database: what the
// assistant, the dealer and the desk observe.

let app: App
const actor = { userId: null, email: null, ip: null }
const w = {} as {
  dealerA: string
  dealerB: string
  shopA: string
  shopB: string
  productId: string
  categoryId: string
}

const scopeOf = (orgId: string) => grantScope('read:sarm:own', orgId)
const future = () => new Date(Date.now() + 30 * 86_400_000)
/** A 1×1 PNG: the smallest image the sniffing takes as one. */
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
  'hex',
)

async function assistant(orgId: string, shopId: string, displayName?: string) {
  const { user } = await createAssistant(db, { orgId, shopId, displayName })
  return user
}

beforeAll(async () => {
  app = await startApp()
  const a = await createOrganisation(db, { shortName: 'Дилер А' })
  const b = await createOrganisation(db, { shortName: 'Дилер Б' })
  w.dealerA = a.id
  w.dealerB = b.id
  w.shopA = (await createShop(db, { orgId: a.id, region: 'Москва' })).id
  w.shopB = (await createShop(db, { orgId: b.id, region: 'Казань' })).id
  const category = await createCategory(db)
  const vat = await createTaxClass(db)
  w.categoryId = category.id
  w.productId = (await createProduct(db, { categoryId: category.id, taxClassId: vat.id })).id
})
afterAll(async () => {
  await app.close()
})

describe('an online training', () => {
  const questions = [0, 1, 2, 3, 4].map((i) => ({
    textRu: `Вопрос ${i}`,
    textEn: `Question ${i}`,
    options: [
      { ru: 'А', en: 'A' },
      { ru: 'Б', en: 'B' },
    ],
    correctIndex: i % 2,
  }))

  it('fails below the pass mark, naming the wrong answers, and passes at it with a certificate and a partner certification', async () => {
    const t = await createTraining(db, {
      kind: 'online',
      passMarkPct: 80,
      titleRu: 'Холодильники: основы',
      titleEn: 'Fridges: the basics',
      questions,
    })
    const person = await assistant(w.dealerA, w.shopA, 'Анна Петрова')
    const qs = await db.select().from(trainingQuestions).where(eq(trainingQuestions.trainingId, t.id)).orderBy(asc(trainingQuestions.position))
    const right = Object.fromEntries(qs.map((q) => [q.id, q.correctIndex]))
    // Three of five right: 60 % < 80 %.
    const twoWrong = { ...right, [qs[0].id]: 1 - qs[0].correctIndex, [qs[1].id]: 1 - qs[1].correctIndex }
    const failed = await submitQuiz({ scope: scopeOf(w.dealerA), actor, userId: person.id, trainingId: t.id, answers: twoWrong })
    expect(failed).toMatchObject({ ok: true, passed: false, scorePct: 60, wrong: [qs[0].id, qs[1].id], certificateNo: null })
    expect(await db.select().from(trainingCompletions).where(eq(trainingCompletions.userId, person.id))).toHaveLength(0)
    // Four of five: exactly the mark.
    const oneWrong = { ...right, [qs[4].id]: 1 - qs[4].correctIndex }
    const passed = await submitQuiz({ scope: scopeOf(w.dealerA), actor, userId: person.id, trainingId: t.id, answers: oneWrong })
    expect(passed).toMatchObject({ ok: true, passed: true, scorePct: 80, wrong: [qs[4].id] })
    const [done] = await db.select().from(trainingCompletions).where(eq(trainingCompletions.userId, person.id))
    expect(done.scorePct).toBe(80)
    expect(passed.ok && passed.certificateNo).toBe(done.certificateNo)
    const certs = await db.select().from(partnerCertifications).where(eq(partnerCertifications.userId, person.id))
    expect(certs).toMatchObject([{ orgId: w.dealerA, personName: 'Анна Петрова', course: 'Холодильники: основы' }])
    // Passing again makes no second certification.
    await submitQuiz({ scope: scopeOf(w.dealerA), actor, userId: person.id, trainingId: t.id, answers: right })
    expect(await db.select().from(partnerCertifications).where(eq(partnerCertifications.userId, person.id))).toHaveLength(1)

    // The certificate PDF, in the reader's language, names the person and the training.
    const cookie = await app.login(person.email, defaultTestPassword)
    const pdf = await fetch(`${app.origin}/assistant/trainings/${t.id}/certificate.pdf`, { headers: { cookie } })
    expect(pdf.status).toBe(200)
    expect(pdf.headers.get('content-type')).toContain('application/pdf')
    const text = pdfText(Buffer.from(await pdf.arrayBuffer())).flat
    expect(text).toContain('Анна Петрова')
    expect(text).toContain('Холодильники: основы')
    expect(text).toContain('Сертификат')
    // The quiz page never sends the right answers to the browser.
    const page = await app.request(`/assistant/trainings/${t.id}`, { cookie })
    expect(page.status).toBe(200)
    expect(page.body).not.toContain('correctIndex')
  })

  it('refuses an unanswered quiz clearly and records nothing', async () => {
    const t = await createTraining(db, { kind: 'online', questions })
    const person = await assistant(w.dealerA, w.shopA)
    const cookie = await app.login(person.email, defaultTestPassword)
    const res = await app.request(`/assistant/trainings/${t.id}`, { cookie, form: { intent: 'quiz' } })
    expect(res.status).toBe(400)
    expect(res.body).toContain('sarm.training.error.answerAll')
    expect(await db.select().from(trainingCompletions).where(eq(trainingCompletions.userId, person.id))).toHaveLength(0)
  })
})

describe('an in-person training', () => {
  it('puts the third person on the waiting list; a cancellation moves them up and tells them', async () => {
    const t = await createTraining(db, {
      kind: 'in_person',
      startsAt: future(),
      place: 'Калуга',
      capacity: 2,
      titleRu: 'Очный курс',
      titleEn: 'Session',
    })
    const [p1, p2] = [await assistant(w.dealerA, w.shopA), await assistant(w.dealerB, w.shopB)]
    const p3 = await assistant(w.dealerA, w.shopA)
    expect(await registerTraining({ scope: scopeOf(w.dealerA), actor, userId: p1.id, trainingId: t.id })).toMatchObject({
      ok: true,
      status: 'registered',
    })
    expect(await registerTraining({ scope: scopeOf(w.dealerB), actor, userId: p2.id, trainingId: t.id })).toMatchObject({
      ok: true,
      status: 'registered',
    })
    expect(await registerTraining({ scope: scopeOf(w.dealerA), actor, userId: p3.id, trainingId: t.id })).toEqual({
      ok: true,
      status: 'waitlisted',
      position: 1,
    })
    // Another dealer's person cancels: the waiting one (dealer A) moves up and gets a notice.
    expect(await cancelTraining({ scope: scopeOf(w.dealerB), actor, userId: p2.id, trainingId: t.id })).toEqual({ ok: true, promoted: 1 })
    const cookie = await app.login(p3.email, defaultTestPassword)
    const page = await app.request(`/assistant/trainings/${t.id}`, { cookie })
    expect(page.body).toContain('Вы записаны')
    const notices = await db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, p3.id), eq(notifications.kind, 'sarmTrainingSeat')))
    expect(notices).toHaveLength(1)
  })
})

describe('an event', () => {
  it('gives the last seat to exactly one of two simultaneous RSVPs; the other waits', async () => {
    const e = await createSarmEvent(db, { startsAt: future(), capacity: 1 })
    const [x, y] = [await assistant(w.dealerA, w.shopA), await assistant(w.dealerB, w.shopB)]
    const results = await Promise.all([
      rsvpEvent({ scope: scopeOf(w.dealerA), actor, userId: x.id, eventId: e.id }),
      rsvpEvent({ scope: scopeOf(w.dealerB), actor, userId: y.id, eventId: e.id }),
    ])
    expect(results.map((r) => r.ok && r.status).sort()).toEqual(['going', 'waitlisted'])
    const rows = await db.select().from(sarmEventRsvps).where(eq(sarmEventRsvps.eventId, e.id))
    expect(rows.filter((r) => r.status === 'going')).toHaveLength(1)
    expect(rows.filter((r) => r.status === 'waitlisted')).toHaveLength(1)
  })

  it('answers an RSVP beyond capacity with the waiting list and the place; a cancellation moves the first up and tells them', async () => {
    const e = await createSarmEvent(db, { startsAt: future(), capacity: 1, titleRu: 'Экскурсия на завод', titleEn: 'Factory tour' })
    const [x, y, z] = [await assistant(w.dealerA, w.shopA), await assistant(w.dealerA, w.shopA), await assistant(w.dealerB, w.shopB)]
    await rsvpEvent({ scope: scopeOf(w.dealerA), actor, userId: x.id, eventId: e.id })
    const cookieY = await app.login(y.email, defaultTestPassword)
    const res = await app.request('/assistant/events', { cookie: cookieY, form: { intent: 'rsvp', eventId: e.id } })
    expect(res.status).toBe(200)
    expect(res.body).toContain('"status":"waitlisted","position":1')
    expect(await rsvpEvent({ scope: scopeOf(w.dealerB), actor, userId: z.id, eventId: e.id })).toEqual({
      ok: true,
      status: 'waitlisted',
      position: 2,
    })
    expect(await cancelRsvp({ scope: scopeOf(w.dealerA), actor, userId: x.id, eventId: e.id })).toEqual({ ok: true, promoted: 1 })
    const [yRow] = await db
      .select()
      .from(sarmEventRsvps)
      .where(and(eq(sarmEventRsvps.eventId, e.id), eq(sarmEventRsvps.userId, y.id)))
    expect(yRow.status).toBe('going')
    const told = await db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, y.id), eq(notifications.kind, 'sarmEventSeat')))
    expect(told).toHaveLength(1)
    // The one behind is now first in the queue.
    const page = await app.request('/assistant/events', { cookie: await app.login(z.email, defaultTestPassword) })
    expect(page.body).toContain('ваше место в очереди — 1')
  })

  it('refuses an ineligible person clearly and changes nothing; a contest winner or a tier holder is admitted', async () => {
    const contest = await createContest(db, { periodStart: '2026-10-01', periodEnd: '2026-10-31', prizes: [{ rank: 1, amountMinor: 1000_00 }] })
    const winners = await createSarmEvent(db, { startsAt: future(), capacity: 5, eligibility: { contestWinnersOf: [contest.id] } })
    const outsider = await assistant(w.dealerA, w.shopA)
    const winner = await assistant(w.dealerA, w.shopA)
    // A run for the award to hang on (the contest checks write these; here only the award matters).
    const [run] = await db.insert(contestRuns).values({ contestId: contest.id, thresholds: {}, summary: {}, durationMs: 1 }).returning()
    await db.insert(contestAwards).values({
      contestId: contest.id,
      runId: run.id,
      orgId: w.dealerA,
      shopId: w.shopA,
      userId: winner.id,
      rank: 1,
      score: 10,
      amountMinor: 1000_00,
    })
    const cookie = await app.login(outsider.email, defaultTestPassword)
    const res = await app.request('/assistant/events', { cookie, form: { intent: 'rsvp', eventId: winners.id } })
    expect(res.status).toBe(403)
    expect(res.body).toContain('sarm.event.error.notEligible')
    expect(await db.select().from(sarmEventRsvps).where(eq(sarmEventRsvps.eventId, winners.id))).toHaveLength(0)
    expect(await rsvpEvent({ scope: scopeOf(w.dealerA), actor, userId: winner.id, eventId: winners.id })).toMatchObject({ ok: true, status: 'going' })

    // A minimum tier: dealer B holds rank 2, dealer A nothing.
    const [programme] = await db.insert(partnerProgrammes).values({ code: 'learning-test', nameRu: 'Программа', nameEn: 'Programme' }).returning()
    const [silver] = await db
      .insert(programmeTiers)
      .values({ programmeId: programme.id, rank: 2, code: 'silver', nameRu: 'Серебро', nameEn: 'Silver' })
      .returning()
    await db.insert(programmeMembers).values({ programmeId: programme.id, orgId: w.dealerB, tierId: silver.id, since: '2026-01-01' })
    const tierEvent = await createSarmEvent(db, { startsAt: future(), capacity: 5, eligibility: { minTierRank: 2 } })
    const inB = await assistant(w.dealerB, w.shopB)
    expect(await rsvpEvent({ scope: scopeOf(w.dealerB), actor, userId: inB.id, eventId: tierEvent.id })).toMatchObject({ ok: true, status: 'going' })
    expect(await rsvpEvent({ scope: scopeOf(w.dealerA), actor, userId: outsider.id, eventId: tierEvent.id })).toMatchObject({
      ok: false,
      status: 403,
    })
  })
})

describe('consents and the honour board', () => {
  it('shows a consented photo on /honour; withdrawing removes it from every page at once', async () => {
    const star = await assistant(w.dealerB, w.shopB, 'Мария Иванова')
    await createSaleReports(db, [
      { orgId: w.dealerB, shopId: w.shopB, userId: star.id, productId: w.productId, soldOn: '2026-11-10', qty: 7, returnedQty: 2 },
    ])
    const cookie = await app.login(star.email, defaultTestPassword)
    // Upload the photo through the consent page (multipart), consent ticked.
    const upload = new FormData()
    upload.set('intent', 'give-photo')
    upload.set('agree', 'on')
    upload.set('photo', new Blob([new Uint8Array(PNG)], { type: 'image/png' }), 'me.png')
    const given = await fetch(`${app.origin}/assistant/consent`, {
      method: 'POST',
      body: upload,
      headers: { cookie, origin: app.origin },
      redirect: 'manual',
    })
    expect(given.status).toBe(200)
    expect(await db.select().from(honourPhotos).where(eq(honourPhotos.userId, star.id))).toHaveLength(1)

    // Another dealer's assistant sees the board: the published name, the dealer, the region, 5 units, the photo.
    const viewer = await assistant(w.dealerA, w.shopA)
    const viewerCookie = await app.login(viewer.email, defaultTestPassword)
    const board = await app.request('/honour?month=2026-11', { cookie: viewerCookie })
    expect(board.status).toBe(200)
    expect(board.body).toContain('Мария И.')
    expect(board.body).not.toContain('Иванова')
    expect(board.body).toContain('Дилер Б')
    expect(board.body).toMatch(/5\s*шт\./)
    expect(board.body).toContain(`/honour/photo/${star.id}`)
    const photo = await fetch(`${app.origin}/honour/photo/${star.id}`, { headers: { cookie: viewerCookie } })
    expect(photo.status).toBe(200)
    expect(Buffer.from(await photo.arrayBuffer()).equals(PNG)).toBe(true)

    // Withdrawn: the board no longer references the photo and the photo 404s.
    const withdrawn = await app.request('/assistant/consent', { cookie, form: { intent: 'withdraw-photo' } })
    expect(withdrawn.status).toBe(200)
    const after = await app.request('/honour?month=2026-11', { cookie: viewerCookie })
    expect(after.body).toContain('Мария И.')
    expect(after.body).not.toContain(`/honour/photo/${star.id}`)
    expect((await app.request(`/honour/photo/${star.id}`, { cookie: viewerCookie })).status).toBe(404)
    expect((await app.request('/assistant/consent', { cookie })).body).not.toContain(`/honour/photo/${star.id}`)
  })

  it('refuses a photo that is not an image, or too large, with nothing stored', async () => {
    const person = await assistant(w.dealerA, w.shopA)
    const cookie = await app.login(person.email, defaultTestPassword)
    const send = async (bytes: Buffer, name: string) => {
      const f = new FormData()
      f.set('intent', 'give-photo')
      f.set('agree', 'on')
      f.set('photo', new Blob([new Uint8Array(bytes)], { type: 'image/png' }), name)
      const res = await fetch(`${app.origin}/assistant/consent`, {
        method: 'POST',
        body: f,
        headers: { cookie, origin: app.origin },
        redirect: 'manual',
      })
      return { status: res.status, body: await res.text() }
    }
    const notImage = await send(Buffer.from('%PDF-1.4 not an image'), 'fake.png')
    expect(notImage.status).toBe(400)
    expect(notImage.body).toContain('sarm.consent.error.photoType')
    const large = await send(Buffer.concat([PNG, Buffer.alloc(3 * 1024 * 1024)]), 'big.png')
    expect(large.status).toBe(413)
    expect(await db.select().from(honourPhotos).where(eq(honourPhotos.userId, person.id))).toHaveLength(0)
  })

  it('withdrawing the processing consent ends the roster today, deletes the photo, and sends the person back to the consent page', async () => {
    const person = await assistant(w.dealerA, w.shopA, 'Олег Смирнов')
    await db.insert(honourPhotos).values({ userId: person.id, orgId: w.dealerA, mime: 'image/png', bytes: PNG })
    const cookie = await app.login(person.email, defaultTestPassword)
    const res = await app.request('/assistant/consent', { cookie, form: { intent: 'withdraw-processing' } })
    expect(res.status).toBe(200)
    const [roster] = await db.select().from(shopAssistants).where(eq(shopAssistants.userId, person.id))
    expect(roster.endsOn).not.toBeNull()
    expect(await db.select().from(honourPhotos).where(eq(honourPhotos.userId, person.id))).toHaveLength(0)
    const trainings = await app.request('/assistant/trainings', { cookie })
    expect(trainings.status).toBe(302)
    expect(trainings.location).toBe('/assistant/consent?redirectTo=%2Fassistant%2Ftrainings')
    // Giving it again returns to where the guard sent them from, never outside the portal.
    const back = await app.request('/assistant/consent', {
      cookie,
      form: { intent: 'give-processing', agree: 'on', redirectTo: '/assistant/trainings' },
    })
    expect(back.status).toBe(302)
    expect(back.location).toBe('/assistant/trainings')
    await app.request('/assistant/consent', { cookie, form: { intent: 'withdraw-processing' } })
    const offsite = await app.request('/assistant/consent', {
      cookie,
      form: { intent: 'give-processing', agree: 'on', redirectTo: '//evil.example/x' },
    })
    expect(offsite.location).toBe('/assistant/consent?given=1')
    const unticked = await app.request('/assistant/consent', { cookie, form: { intent: 'give-processing' } })
    expect(unticked.status).toBe(400)
    expect(unticked.body).toContain('sarm.consent.error.agree')
  })

  it('a shop manager without the assistant permission is refused the consent page', async () => {
    const manager = await createMember(db, { id: w.dealerA }, 'shop_manager')
    const res = await app.request('/assistant/consent', { cookie: await app.login(manager.email, defaultTestPassword) })
    expect(res.status).toBe(403)
  })
})

describe('the demo', () => {
  it('seeds trainings with completions, a full tour with a waiting list and one consented photo, once', async () => {
    const { seedDemoSarmLearningIfEmpty } = await import('../../db/demo-sarm-learning')
    const people = [
      await assistant(w.dealerA, w.shopA, 'Демо Один'),
      await assistant(w.dealerA, w.shopA, 'Демо Два'),
      await assistant(w.dealerB, w.shopB, 'Демо Три'),
      await assistant(w.dealerB, w.shopB, 'Демо Четыре'),
    ]
    const args = { dealerOrgIds: [w.dealerA, w.dealerB], assistantUserIds: people.map((p) => p.id) }
    expect(await seedDemoSarmLearningIfEmpty(db, args)).toBe(true)
    expect(await seedDemoSarmLearningIfEmpty(db, args)).toBe(false)
    const done = await db.select().from(trainingCompletions).where(inArray(trainingCompletions.userId, args.assistantUserIds))
    // Two passed the quiz, two attended the session.
    expect(done).toHaveLength(4)
    const rsvps = await db.select().from(sarmEventRsvps).where(inArray(sarmEventRsvps.userId, args.assistantUserIds))
    expect(rsvps.filter((r) => r.status === 'going')).toHaveLength(3)
    expect(rsvps.filter((r) => r.status === 'waitlisted')).toHaveLength(1)
    const [photo] = await db.select().from(honourPhotos).where(inArray(honourPhotos.userId, args.assistantUserIds))
    expect(photo.mime).toBe('image/png')
  })
})

describe('the desk', () => {
  it('creates an online training with its quiz; bad input gets field errors and creates nothing', async () => {
    const manager = await createMember(db, { id: (await createOrganisation(db, { kind: 'operator' })).id }, 'partner_manager')
    const cookie = await app.login(manager.email, defaultTestPassword)
    const before = (await db.select().from(trainings)).length
    const bad = await app.request('/desk/sarm/trainings', {
      cookie,
      form: {
        kind: 'online',
        titleRu: 'Курс',
        titleEn: '',
        materialRu: 'М',
        materialEn: 'M',
        passMarkPct: '150',
        'questions[0].textRu': 'В?',
        'questions[0].textEn': 'Q?',
        'questions[0].options': 'Да | Yes\nНет | No',
      },
    })
    expect(bad.status).toBe(400)
    expect(bad.body).toContain('"titleEn":["errors.required"]')
    expect(bad.body).toContain('sarm.learning.error.between|1–100')
    expect(bad.body).toContain('sarm.training.error.options')
    expect((await db.select().from(trainings)).length).toBe(before)
    const good = await app.request('/desk/sarm/trainings', {
      cookie,
      form: {
        kind: 'online',
        titleRu: 'Курс по стиральным машинам',
        titleEn: 'Washing machines',
        materialRu: 'Материал',
        materialEn: 'Material',
        passMarkPct: '50',
        'questions[0].textRu': 'Сколько оборотов?',
        'questions[0].textEn': 'How many rpm?',
        'questions[0].options': '400 | 400\n*1400 | 1400',
        'questions[1].textRu': '',
        'questions[1].textEn': '',
        'questions[1].options': '',
      },
    })
    expect(good.status).toBe(302)
    const id = good.location!.split('/').pop()!
    const qs = await db.select().from(trainingQuestions).where(eq(trainingQuestions.trainingId, id))
    expect(qs).toMatchObject([
      {
        textRu: 'Сколько оборотов?',
        correctIndex: 1,
        options: [
          { ru: '400', en: '400' },
          { ru: '1400', en: '1400' },
        ],
      },
    ])
    expect((await app.request(`/desk/sarm/trainings/${id}`, { cookie })).body).toContain('Курс по стиральным машинам')
  })

  it('marks attendance of an in-person training, which completes it; the CSV lists the completion', async () => {
    const manager = await createMember(db, { id: (await createOrganisation(db, { kind: 'operator' })).id }, 'partner_manager')
    const cookie = await app.login(manager.email, defaultTestPassword)
    const t = await createTraining(db, {
      kind: 'in_person',
      startsAt: future(),
      place: 'Цех',
      capacity: 3,
      titleRu: 'Практикум',
      titleEn: 'Workshop',
    })
    const [came, missed] = [await assistant(w.dealerA, w.shopA, 'Пришедший Продавец'), await assistant(w.dealerB, w.shopB, 'Непришедший Продавец')]
    await registerTraining({ scope: scopeOf(w.dealerA), actor, userId: came.id, trainingId: t.id })
    await registerTraining({ scope: scopeOf(w.dealerB), actor, userId: missed.id, trainingId: t.id })
    const [reg] = await db
      .select()
      .from(trainingRegistrations)
      .where(and(eq(trainingRegistrations.trainingId, t.id), eq(trainingRegistrations.userId, came.id)))
    const res = await app.request(`/desk/sarm/trainings/${t.id}`, { cookie, form: { intent: 'attendance', attended: reg.id } })
    expect(res.status).toBe(200)
    const done = await db.select().from(trainingCompletions).where(eq(trainingCompletions.trainingId, t.id))
    expect(done.map((d) => d.userId)).toEqual([came.id])
    expect(await db.select().from(partnerCertifications).where(eq(partnerCertifications.userId, came.id))).toHaveLength(1)
    const csv = await app.request(`/desk/sarm/trainings/${t.id}/completions.csv`, { cookie })
    expect(csv.status).toBe(200)
    expect(csv.body).toContain('Пришедший Продавец')
    expect(csv.body).toContain(done[0].certificateNo)
    expect(csv.body).not.toContain('Непришедший')
  })

  it('creates an event for an invitation list; an unknown e-mail or a past date is refused by field', async () => {
    const manager = await createMember(db, { id: (await createOrganisation(db, { kind: 'operator' })).id }, 'partner_manager')
    const cookie = await app.login(manager.email, defaultTestPassword)
    const guest = await assistant(w.dealerA, w.shopA)
    const form = {
      kind: 'event',
      titleRu: 'Новогодний вечер',
      titleEn: 'New Year party',
      startsLocal: '2030-12-25T18:00',
      place: 'Москва',
      capacity: '50',
      eligibility: 'invited',
    }
    const unknown = await app.request('/desk/sarm/events', { cookie, form: { ...form, invited: `${guest.email}\nnobody@example.test` } })
    expect(unknown.status).toBe(400)
    expect(unknown.body).toContain('sarm.event.error.unknownEmails|nobody@example.test')
    const past = await app.request('/desk/sarm/events', { cookie, form: { ...form, startsLocal: '2020-01-01T10:00', invited: guest.email } })
    expect(past.status).toBe(400)
    expect(past.body).toContain('"startsLocal":["sarm.learning.error.past"]')
    const ok = await app.request('/desk/sarm/events', { cookie, form: { ...form, invited: guest.email.toUpperCase() } })
    expect(ok.status).toBe(302)
    const eventId = ok.location!.split('/').pop()!
    expect(await rsvpEvent({ scope: scopeOf(w.dealerA), actor, userId: guest.id, eventId })).toMatchObject({ ok: true, status: 'going' })
    const other = await assistant(w.dealerA, w.shopA)
    expect(await rsvpEvent({ scope: scopeOf(w.dealerA), actor, userId: other.id, eventId })).toMatchObject({ ok: false, status: 403 })
    const remind = await app.request(`/desk/sarm/events/${eventId}`, { cookie, form: { intent: 'remind' } })
    expect(remind.status).toBe(200)
    expect(
      await db
        .select()
        .from(notifications)
        .where(and(eq(notifications.userId, guest.id), eq(notifications.kind, 'sarmEventReminder'))),
    ).toHaveLength(1)
  })
})
