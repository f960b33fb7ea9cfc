import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { sarmEventRsvps, trainingQuestions, trainingRegistrations } from '../../db/schema/sarm'
import { grantScope, type OrgScope } from '../../app/modules/auth/scope.server'
import { cancelRsvp, eventsForAssistant, rsvpEvent } from '../../app/modules/sarm/events.server'
import { cancelTraining, certificateFor, registerTraining, submitQuiz, trainingForAssistant } from '../../app/modules/sarm/trainings.server'
import { createCategory, createMember, createOrganisation, createProduct, createTaxClass, defaultTestPassword } from '../factories'
import { createAssistant, createSaleReports, createSarmEvent, createShop, createTraining } from '../factories/sarm'
import { startApp, type App } from '../http-harness'

// The scope canary for trainings, events and the honour board (issue 14, part "learning"): module functions called
// DIRECTLY, unbound (no row-level security behind them), with dealer A's scope and B's people and ids; then the
// pages as A's people read them. Nothing of B's comes back beyond what the honour board publishes by design.

const actor = { userId: null, email: null, ip: null }
let app: App
let a: { scope: OrgScope; email: string; adminEmail: string }
let b: { scope: OrgScope; userId: string; certificateNo: string; onlineId: string; inPersonId: string; eventId: string }

beforeAll(async () => {
  app = await startApp()
  const [orgA, orgB] = [
    await createOrganisation(db, { kind: 'dealer', shortName: 'Learning canary A' }),
    await createOrganisation(db, { kind: 'dealer', shortName: 'Learning canary B' }),
  ]
  const [shopA, shopB] = [await createShop(db, { orgId: orgA.id }), await createShop(db, { orgId: orgB.id, region: 'B-region' })]
  const personA = (await createAssistant(db, { orgId: orgA.id, shopId: shopA.id, displayName: 'Alpha Person' })).user
  const adminA = await createMember(db, orgA, 'dealer_admin')
  const personB = (
    await createAssistant(db, { orgId: orgB.id, shopId: shopB.id, displayName: 'Bravo Secretsurname', email: 'bravo.secret@example.test' })
  ).user
  const scopeB = grantScope('read:sarm:own', orgB.id)
  const online = await createTraining(db, {
    kind: 'online',
    passMarkPct: 50,
    questions: [
      {
        textRu: 'В?',
        textEn: 'Q?',
        options: [
          { ru: 'Да', en: 'Yes' },
          { ru: 'Нет', en: 'No' },
        ],
        correctIndex: 0,
      },
    ],
  })
  const [q] = await db.select().from(trainingQuestions).where(eq(trainingQuestions.trainingId, online.id))
  const passed = await submitQuiz({ scope: scopeB, actor, userId: personB.id, trainingId: online.id, answers: { [q.id]: 0 } })
  if (!passed.ok || !passed.certificateNo) throw new Error('B did not pass')
  const inPerson = await createTraining(db, { kind: 'in_person', capacity: 5, place: 'Hall', startsAt: new Date(Date.now() + 86_400_000 * 20) })
  await registerTraining({ scope: scopeB, actor, userId: personB.id, trainingId: inPerson.id })
  const event = await createSarmEvent(db, { startsAt: new Date(Date.now() + 86_400_000 * 20), capacity: 5 })
  await rsvpEvent({ scope: scopeB, actor, userId: personB.id, eventId: event.id })
  const [category, vat] = [await createCategory(db), await createTaxClass(db)]
  const product = await createProduct(db, { categoryId: category.id, taxClassId: vat.id })
  await createSaleReports(db, [{ orgId: orgB.id, shopId: shopB.id, userId: personB.id, productId: product.id, soldOn: '2026-11-05', qty: 3 }])
  a = { scope: grantScope('read:sarm:own', orgA.id), email: personA.email, adminEmail: adminA.email }
  b = { scope: scopeB, userId: personB.id, certificateNo: passed.certificateNo, onlineId: online.id, inPersonId: inPerson.id, eventId: event.id }
})
afterAll(() => app.close())

describe("dealer A's scope with dealer B's people", () => {
  it("reads none of B's completions, certificates, registrations or RSVPs", async () => {
    expect(await certificateFor({ scope: b.scope, userId: b.userId, trainingId: b.onlineId })).not.toBeNull()
    expect(await certificateFor({ scope: a.scope, userId: b.userId, trainingId: b.onlineId })).toBeNull()
    const online = await trainingForAssistant({ scope: a.scope, userId: b.userId, trainingId: b.onlineId })
    expect(online?.completion).toBeNull()
    const inPerson = await trainingForAssistant({ scope: a.scope, userId: b.userId, trainingId: b.inPersonId })
    expect(inPerson?.registration).toBeNull()
    const events = await eventsForAssistant({ scope: a.scope, userId: b.userId })
    expect(events.find((e) => e.id === b.eventId)?.status ?? null).toBeNull()
  })

  it("cannot cancel B's place or RSVP", async () => {
    expect(await cancelTraining({ scope: a.scope, actor, userId: b.userId, trainingId: b.inPersonId })).toMatchObject({ ok: false, status: 409 })
    expect(await cancelRsvp({ scope: a.scope, actor, userId: b.userId, eventId: b.eventId })).toMatchObject({ ok: false, status: 409 })
    const [reg] = await db
      .select()
      .from(trainingRegistrations)
      .where(and(eq(trainingRegistrations.trainingId, b.inPersonId), eq(trainingRegistrations.userId, b.userId)))
    expect(reg.status).toBe('registered')
    const [rsvp] = await db
      .select()
      .from(sarmEventRsvps)
      .where(and(eq(sarmEventRsvps.eventId, b.eventId), eq(sarmEventRsvps.userId, b.userId)))
    expect(rsvp.status).toBe('going')
  })
})

describe("dealer A's people on the pages", () => {
  it("see no byte of B's people on the training, event and consent pages; the honour board shows only what it publishes", async () => {
    const cookie = await app.login(a.email, defaultTestPassword)
    for (const path of [
      '/assistant/trainings',
      `/assistant/trainings/${b.onlineId}`,
      `/assistant/trainings/${b.inPersonId}`,
      '/assistant/events',
      '/assistant/consent',
    ]) {
      const res = await app.request(path, { cookie })
      expect(res.status, path).toBe(200)
      expect(res.body, path).not.toContain('Bravo')
      expect(res.body, path).not.toContain(b.certificateNo)
      expect(res.body, path).not.toContain(b.userId)
    }
    expect((await app.request(`/assistant/trainings/${b.onlineId}/certificate.pdf`, { cookie })).status).toBe(404)
    const board = await app.request('/honour?month=2026-11', { cookie })
    expect(board.body).toContain('Bravo S.')
    expect(board.body).not.toContain('Secretsurname')
    expect(board.body).not.toContain('bravo.secret@example.test')
  })

  it("A's dealer admin is refused the desk's lists of every dealer's people", async () => {
    const cookie = await app.login(a.adminEmail, defaultTestPassword)
    for (const path of [
      '/desk/sarm/trainings',
      `/desk/sarm/trainings/${b.inPersonId}`,
      `/desk/sarm/trainings/${b.onlineId}/completions.csv`,
      '/desk/sarm/events',
      `/desk/sarm/events/${b.eventId}`,
    ]) {
      const res = await app.request(path, { cookie })
      expect(res.status, path).toBe(403)
      expect(res.body, path).not.toContain('Bravo')
    }
  })
})
