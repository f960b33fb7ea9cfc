import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { auditLog } from '../../db/schema/audit'
import { crmContacts, crmSurveyInvitations, crmSurveyResponses } from '../../db/schema/crm'
import { notifications } from '../../db/schema/notifications'
import { grantScope } from '../../app/modules/auth/scope.server'
import { scoreGroup } from '../../app/modules/crm/servqual'
import { createWave, customerServiceQuality, listMyInvitations, listWaves, waveResults } from '../../app/modules/crm/surveys.server'
import { businessClock } from '../../app/utils/clock.server'
import { addDays } from '../../app/modules/delivery-terms/earliest-date'
import { createMember, createOrganisation, defaultTestPassword } from '../factories'
import { createInvitation, createRespondents, createResponse, createSurveyWave, syntheticAnswer } from '../factories/crm-surveys'
import { startApp, type App } from '../http-harness'

// SERVQUAL (issue 15) through the real app and the module: a wave reaches only people who may be asked, each
// through the inbox; an answer is stored once, as given, and only by its own invitee while the wave is open; a bad
// form names each missing rating and stores nothing; no organisation gets a score below the minimum; the trend says
// "better" only when the interval leaves zero out.

const staff = grantScope('manage:crm:any', null)
let app: App
let today: string
let manager: { id: string; email: string }
let dealerA: string
let dealerB: string
let a: { userId: string; contactId: string; email: string }
let b: { userId: string; contactId: string; email: string }
let noConsent: string
let waveId: string

const full = (seed: number) => {
  const answer = syntheticAnswer(seed, { expect: 6, perceive: { tangibles: 5, reliability: 4, responsiveness: 5, assurance: 6, empathy: 5 } })
  const form: Record<string, string> = {}
  answer.expectations.forEach((v, i) => (form[`e${i + 1}`] = String(v)))
  answer.perceptions.forEach((v, i) => (form[`p${i + 1}`] = String(v)))
  ;['tangibles', 'reliability', 'responsiveness', 'assurance', 'empathy'].forEach((d, k) => (form[`w_${d}`] = String(answer.importance[k])))
  return { answer, form }
}

beforeAll(async () => {
  ;({ today } = await businessClock())
  const op = await createOrganisation(db, { kind: 'operator' })
  manager = await createMember(db, op, 'sales_manager')
  dealerA = (await createOrganisation(db, { kind: 'dealer' })).id
  dealerB = (await createOrganisation(db, { kind: 'dealer' })).id
  const [pa] = await createRespondents(db, { orgId: dealerA, count: 1, role: 'dealer_buyer', emailPrefix: 'sq-a', namePrefix: 'A' })
  const [pb] = await createRespondents(db, { orgId: dealerB, count: 1, role: 'dealer_buyer', emailPrefix: 'sq-b', namePrefix: 'B' })
  a = { ...pa!, email: 'sq-a01@example.test' }
  b = { ...pb!, email: 'sq-b01@example.test' }
  const [withdrawn] = await createRespondents(db, { orgId: dealerA, count: 1, role: 'dealer_viewer', emailPrefix: 'sq-w', namePrefix: 'W' })
  await db.update(crmContacts).set({ consentWithdrawnAt: new Date() }).where(eq(crmContacts.id, withdrawn!.contactId))
  noConsent = withdrawn!.contactId
  app = await startApp()
})

afterAll(async () => {
  await app?.close()
})

describe('a wave', () => {
  it('is refused with a field error, and nothing stored, when a chosen contact withdrew consent', async () => {
    const input = {
      titleRu: 'Опрос',
      titleEn: 'Survey',
      opensOn: today,
      closesOn: addDays(today, 7),
      minAnswers: 2,
      contactIds: [a.contactId, noConsent],
    }
    const outcome = await createWave({ scope: staff, actor: { userId: manager.id, email: manager.email, ip: null }, input })
    expect(outcome).toEqual({ ok: false, fieldErrors: { contactIds: ['crm.surveys.error.notInvitable|1'] } })
    expect(await db.select().from(crmSurveyInvitations).where(eq(crmSurveyInvitations.userId, a.userId))).toHaveLength(0)
  })

  it('invites each chosen person once, with an inbox message linking to their form', async () => {
    const input = {
      titleRu: 'Опрос',
      titleEn: 'Survey',
      opensOn: today,
      closesOn: addDays(today, 7),
      minAnswers: 2,
      contactIds: [a.contactId, b.contactId],
    }
    const outcome = await createWave({ scope: staff, actor: { userId: manager.id, email: manager.email, ip: null }, input })
    expect(outcome).toMatchObject({ ok: true, invited: 2 })
    waveId = (outcome as { id: string }).id
    const [invitation] = await db.select().from(crmSurveyInvitations).where(eq(crmSurveyInvitations.userId, a.userId))
    const [notice] = await db.select().from(notifications).where(eq(notifications.userId, a.userId))
    expect(notice).toMatchObject({ kind: 'crmSurveyInvite', link: `/surveys/${invitation!.id}` })
    const [audit] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'crm_survey.saved'), eq(auditLog.entityId, waveId)))
    expect(audit).toBeDefined()
  })
})

describe('answering', () => {
  it('shows a person only their own invitations, and another person’s form is a 404', async () => {
    const mine = await listMyInvitations({ scope: grantScope('read:survey:own', dealerA), userId: a.userId })
    expect(mine.map((i) => i.waveId)).toEqual([waveId])
    expect(await listMyInvitations({ scope: grantScope('read:survey:own', dealerA), userId: b.userId })).toEqual([])
    const [theirs] = await db.select().from(crmSurveyInvitations).where(eq(crmSurveyInvitations.userId, b.userId))
    const cookie = await app.login(a.email, defaultTestPassword)
    expect((await app.request(`/surveys/${theirs!.id}`, { cookie })).status).toBe(404)
    const post = await app.request(`/surveys/${theirs!.id}`, { cookie, form: full(1).form })
    expect(post.status).toBe(404)
    expect(await db.select().from(crmSurveyResponses).where(eq(crmSurveyResponses.invitationId, theirs!.id))).toHaveLength(0)
  })

  it('names each missing rating and a wrong points total, and stores nothing', async () => {
    const [mine] = await db.select().from(crmSurveyInvitations).where(eq(crmSurveyInvitations.userId, a.userId))
    const cookie = await app.login(a.email, defaultTestPassword)
    const { form } = full(2)
    delete form.p7
    const res = await app.request(`/surveys/${mine!.id}`, { cookie, form })
    expect(res.status).toBe(400)
    expect(res.body).toContain('Утверждение 7: оцените нас от 1 до 7')
    const points = { ...full(2).form, w_empathy: String(Number(full(2).form.w_empathy) + 5) }
    const sum = await app.request(`/surveys/${mine!.id}`, { cookie, form: points })
    expect(sum.status).toBe(400)
    expect(sum.body).toContain('Сейчас распределено 105 баллов, а нужно ровно 100')
    expect(await db.select().from(crmSurveyResponses).where(eq(crmSurveyResponses.invitationId, mine!.id))).toHaveLength(0)
  })

  it('stores the answer as given, once: a second submit is refused and changes nothing', async () => {
    const [mine] = await db.select().from(crmSurveyInvitations).where(eq(crmSurveyInvitations.userId, a.userId))
    const cookie = await app.login(a.email, defaultTestPassword)
    const { answer, form } = full(3)
    const res = await app.request(`/surveys/${mine!.id}`, { cookie, form })
    expect(res.status).toBe(302)
    const [stored] = await db.select().from(crmSurveyResponses).where(eq(crmSurveyResponses.invitationId, mine!.id))
    expect(stored).toMatchObject({
      orgId: dealerA,
      expectations: answer.expectations,
      perceptions: answer.perceptions,
      importance: answer.importance,
    })
    const again = await app.request(`/surveys/${mine!.id}`, { cookie, form: full(4).form })
    expect(again.status).toBe(409)
    const rows = await db.select().from(crmSurveyResponses).where(eq(crmSurveyResponses.invitationId, mine!.id))
    expect(rows).toHaveLength(1)
    expect(rows[0]!.expectations).toEqual(answer.expectations)
    expect((await app.request(`/surveys/${mine!.id}`, { cookie })).body).toMatch(/Спасибо|Thank you/)
  })

  it('refuses an answer once the wave has closed', async () => {
    const closed = await createSurveyWave(db, { opensOn: addDays(today, -30), closesOn: addDays(today, -1) })
    const invitation = await createInvitation(db, { waveId: closed.id, orgId: dealerB, userId: b.userId })
    const cookie = await app.login(b.email, defaultTestPassword)
    const res = await app.request(`/surveys/${invitation.id}`, { cookie, form: full(5).form })
    expect(res.status).toBe(409)
    expect(await db.select().from(crmSurveyResponses).where(eq(crmSurveyResponses.invitationId, invitation.id))).toHaveLength(0)
  })
})

describe('scores', () => {
  it('withholds an organisation’s score below the minimum, gives it at the minimum, and tracks the change between waves', async () => {
    const org = (await createOrganisation(db, { kind: 'key_account' })).id
    const people = await createRespondents(db, { orgId: org, count: 30, role: 'account_buyer', emailPrefix: 'sq-k', namePrefix: 'K' })
    const spring = await createSurveyWave(db, { opensOn: addDays(today, -200), closesOn: addDays(today, -180) })
    const autumn = await createSurveyWave(db, { opensOn: addDays(today, -10), closesOn: addDays(today, 10) })
    const low = { tangibles: 5, reliability: 4, responsiveness: 5, assurance: 6, empathy: 5 }
    const high = { ...low, reliability: 5.5 }
    const springAnswers = []
    for (const [k, p] of people.entries()) {
      const answer = syntheticAnswer(100 + k, { expect: 6, perceive: low })
      springAnswers.push(answer)
      await createResponse(db, { invitation: await createInvitation(db, { waveId: spring.id, orgId: org, userId: p.userId }), answer })
    }
    for (const [k, p] of people.slice(0, 12).entries())
      await createResponse(db, {
        invitation: await createInvitation(db, { waveId: autumn.id, orgId: org, userId: p.userId }),
        answer: syntheticAnswer(200 + k, { expect: 6, perceive: high }),
      })

    const springResults = (await waveResults({ scope: staff, waveId: spring.id }))!
    const row = springResults.organisations.find((o) => o.orgId === org)!
    expect(row).toMatchObject({ invited: 30, answered: 30 })
    expect(row.group.scores!.sqWeighted.mean).toBeCloseTo(scoreGroup(springAnswers, 30).scores!.sqWeighted.mean, 12)
    expect(row.group.scores!.dimensions.find((d) => d.dimension === 'reliability')!.gap.mean).toBeLessThan(-1)

    const autumnRow = (await waveResults({ scope: staff, waveId: autumn.id }))!.organisations.find((o) => o.orgId === org)!
    expect(autumnRow.group).toEqual({ n: 12, minAnswers: 30, scores: null })

    for (const [k, p] of people.slice(12).entries())
      await createResponse(db, {
        invitation: await createInvitation(db, { waveId: autumn.id, orgId: org, userId: p.userId }),
        answer: syntheticAnswer(300 + k, { expect: 6, perceive: high }),
      })
    const trend = await customerServiceQuality({ scope: staff, orgId: org })
    expect(trend.map((p) => p.group.n)).toEqual([30, 30])
    expect(trend[1]!.change).toMatchObject({ verdict: 'better' })
    expect(trend[1]!.change!.lo).toBeGreaterThan(0)
    // The waves' list counts each wave's own invitations and answers (it once showed 0 for every wave).
    const listed = await listWaves({ scope: staff })
    expect(listed.find((w) => w.id === spring.id)).toMatchObject({ invited: 30, answered: 30, organisations: 1 })
    expect(listed.find((w) => w.id === autumn.id)).toMatchObject({ invited: 30, answered: 30, organisations: 1 })
  })

  it('shows staff “пока мало ответов: 1 из 2” on the results page for the organisation with one answer', async () => {
    const cookie = await app.login(manager.email, defaultTestPassword)
    const res = await app.request(`/crm/surveys/${waveId}`, { cookie })
    expect(res.status).toBe(200)
    expect(res.body).toContain('пока мало ответов: 1 из 2')
    const csv = await app.request(`/crm/surveys/${waveId}.csv`, { cookie })
    expect(csv.status).toBe(200)
    expect(csv.body.trim().split('\r\n')).toHaveLength(2)
  })
})
