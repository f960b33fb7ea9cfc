import { and, eq, inArray, isNull } from 'drizzle-orm'
import { grantScope } from '../app/modules/auth/scope.server'
import { addDays } from '../app/modules/delivery-terms/earliest-date'
import { createWave } from '../app/modules/crm/surveys.server'
import { businessClock } from '../app/utils/clock.server'
import { createInvitation, createRespondents, createResponse, createSurveyWave, syntheticAnswer } from '../tests/factories/crm-surveys'
import type { Db } from './client.server'
import { DEMO_PASSWORD } from './demo-data'
import { crmContacts, crmSurveyInvitations } from './schema/crm'
import { organisations, users } from './schema'

// CRM demo, part "surveys" (issue 15): two SERVQUAL waves. In spring the key account's 31 store managers answered
// (reliability well below expectations); the autumn wave is open now: 34 of them have answered (reliability better,
// a clear change), Альфа-Дилер's 12 people have answered (not enough for a score: "12 of 30"), and the demo buyer
// of Вектор has an open invitation in the inbox. Seeded after the customers' contacts (db/demo-crm-customers.ts).
export async function seedDemoCrmSurveys(db: Db): Promise<void> {
  const orgs = await db
    .select({ id: organisations.id, name: organisations.shortName })
    .from(organisations)
    .where(inArray(organisations.shortName, ['Гипермаркет Плюс', 'Альфа-Дилер', 'Вектор']))
  const org = (name: string) => orgs.find((o) => o.name === name)?.id
  const [sales] = await db.select({ id: users.id }).from(users).where(eq(users.email, 'sales@technosnab.demo'))
  const hyper = org('Гипермаркет Плюс')
  const alfa = org('Альфа-Дилер')
  const vector = org('Вектор')
  if (!hyper || !alfa || !vector || !sales) return
  const { today } = await businessClock(db)

  const stores = await createRespondents(db, {
    orgId: hyper,
    count: 34,
    role: 'account_buyer',
    emailPrefix: 'store',
    emailDomain: 'hypermarket.demo',
    namePrefix: 'Управляющий магазином',
    password: DEMO_PASSWORD,
  })
  const alfaPeople = await createRespondents(db, {
    orgId: alfa,
    count: 12,
    role: 'dealer_viewer',
    emailPrefix: 'manager',
    emailDomain: 'alfa-dealer.demo',
    namePrefix: 'Менеджер Альфа-Дилера',
    password: DEMO_PASSWORD,
  })

  // Spring: closed, answered directly with its days in the past.
  const springOpens = addDays(today, -240)
  const spring = await createSurveyWave(db, {
    titleRu: 'Весна 2026',
    titleEn: 'Spring 2026',
    opensOn: springOpens,
    closesOn: addDays(springOpens, 21),
    createdBy: sales.id,
  })
  const before = { tangibles: 5.6, reliability: 4.4, responsiveness: 5.0, assurance: 5.8, empathy: 5.2 }
  for (const [k, p] of stores.slice(0, 31).entries()) {
    const invitation = await createInvitation(db, { waveId: spring.id, orgId: hyper, userId: p.userId, contactId: p.contactId })
    await createResponse(db, {
      invitation,
      answer: syntheticAnswer(1000 + k, { expect: 6, perceive: before }),
      at: new Date(`${addDays(springOpens, 1 + (k % 14))}T09:00:00Z`),
    })
  }

  // Autumn: open, sent through the module (an inbox message for everyone asked), most answers already in.
  const [vectorBuyer] = await db
    .select({ id: crmContacts.id })
    .from(crmContacts)
    .innerJoin(users, eq(users.id, crmContacts.userId))
    .where(and(eq(users.email, 'buyer@vector.demo'), eq(crmContacts.orgId, vector)))
  const autumn = await createWave({
    scope: grantScope('manage:crm:any', null),
    actor: { userId: sales.id, email: 'sales@technosnab.demo', ip: null },
    input: {
      titleRu: 'Осень 2026',
      titleEn: 'Autumn 2026',
      opensOn: addDays(today, -20),
      closesOn: addDays(today, 14),
      minAnswers: 30,
      contactIds: [...stores, ...alfaPeople].map((p) => p.contactId).concat(vectorBuyer ? [vectorBuyer.id] : []),
    },
  })
  if (!autumn.ok) throw new Error(`demo survey wave: ${JSON.stringify(autumn.fieldErrors)}`)
  const after = { tangibles: 5.7, reliability: 5.3, responsiveness: 5.2, assurance: 5.9, empathy: 5.3 }
  const invitations = await db
    .select()
    .from(crmSurveyInvitations)
    .where(and(eq(crmSurveyInvitations.waveId, autumn.id), isNull(crmSurveyInvitations.answeredAt)))
  const byUser = new Map(invitations.map((i) => [i.userId, i]))
  for (const [k, p] of [...stores, ...alfaPeople].entries()) {
    const invitation = byUser.get(p.userId)
    if (!invitation) continue
    const alfaPerson = k >= stores.length
    await createResponse(db, {
      invitation,
      answer: syntheticAnswer(2000 + k, { expect: 6, perceive: alfaPerson ? { ...after, reliability: 4.8 } : after }),
      at: new Date(`${addDays(today, -19 + (k % 18))}T10:00:00Z`),
    })
  }
}
