import { eq, inArray, sql } from 'drizzle-orm'
import { addDays, addWorkingDays, nextWorkingDayOnOrAfter } from '../app/modules/delivery-terms/earliest-date'
import { ruCalendar } from '../app/modules/delivery-terms/ru-calendar'
import { emailKey, phoneKey } from '../app/modules/crm/contact-keys'
import { businessClock } from '../app/utils/clock.server'
import type { Db } from './client.server'
import { crmAccounts, crmContacts, crmInteractions, crmTasks } from './schema/crm'
import { organisations, users } from './schema'

// CRM demo, part "customers" (issue 15): the sales manager owns the demo dealers, the key account and half of the
// history's dealers (the partner manager the rest); each demo customer has people (one of them the demo buyer's own
// account, one without consent to be contacted), a few weeks of calls and visits, and tasks: one due today, one
// overdue, some later.
export async function seedDemoCrmCustomers(db: Db): Promise<void> {
  const staff = await db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(inArray(users.email, ['sales@technosnab.demo', 'partners@technosnab.demo']))
  const sales = staff.find((s) => s.email === 'sales@technosnab.demo')
  const partners = staff.find((s) => s.email === 'partners@technosnab.demo')
  if (!sales || !partners) return
  const customers = await db
    .select({ id: organisations.id, name: organisations.shortName })
    .from(organisations)
    .where(sql`${organisations.kind} in ('dealer', 'key_account')`)
    .orderBy(organisations.shortName)
  const main = ['Вектор', 'Альфа-Дилер', 'Гипермаркет Плюс']
  await db
    .insert(crmAccounts)
    .values(customers.map((c, i) => ({ orgId: c.id, ownerId: main.includes(c.name) || i % 2 === 0 ? sales.id : partners.id, updatedBy: sales.id })))
  const [buyer] = await db.select({ id: users.id }).from(users).where(eq(users.email, 'buyer@vector.demo'))
  const people: Record<string, { fullName: string; position: string; phone: string; email: string; consent: boolean; user?: string }[]> = {
    Вектор: [
      { fullName: 'Вера Закупкина', position: 'закупщик', phone: '+7 (812) 555-01-02', email: 'buyer@vector.demo', consent: true, user: buyer?.id },
      { fullName: 'Виктор Векторов', position: 'директор', phone: '8 812 555 01 01', email: 'admin@vector.demo', consent: true },
      { fullName: 'Олег Складов', position: 'начальник склада', phone: '+7 921 555-01-09', email: 'sklad@vector.demo', consent: false },
    ],
    'Альфа-Дилер': [
      { fullName: 'Алексей Альфин', position: 'директор', phone: '+7 383 555-02-01', email: 'admin@alfa-dealer.demo', consent: true },
      { fullName: 'Анна Счётова', position: 'бухгалтер', phone: '+7 383 555-02-07', email: 'buh@alfa-dealer.demo', consent: false },
    ],
    'Гипермаркет Плюс': [
      { fullName: 'Ирина Категорийная', position: 'категорийный менеджер', phone: '+7 495 555-03-03', email: 'edi@hypermarket.demo', consent: true },
    ],
  }
  const { today } = await businessClock(db)
  const at = (daysAgo: number) => sql`now() - make_interval(days => ${daysAgo})` as unknown as Date
  for (const [name, list] of Object.entries(people)) {
    const org = customers.find((c) => c.name === name)
    if (!org) continue
    const contacts = await db
      .insert(crmContacts)
      .values(
        list.map((p) => ({
          orgId: org.id,
          fullName: p.fullName,
          position: p.position,
          phone: p.phone,
          phoneKey: phoneKey(p.phone),
          email: p.email,
          emailKey: emailKey(p.email),
          consentGivenAt: p.consent ? at(60) : null,
          userId: p.user ?? null,
          createdBy: sales.id,
          updatedBy: sales.id,
        })),
      )
      .returning({ id: crmContacts.id })
    const log = [
      { kind: 'call' as const, days: 20, subject: 'Планы закупок на сезон', outcome: 'Ждут прайс на светильники', next: '' },
      { kind: 'visit' as const, days: 9, subject: 'Визит в офис', outcome: 'Показали новые автоматы', next: 'Отправить коммерческое предложение' },
      { kind: 'email' as const, days: 2, subject: 'Условия отсрочки', outcome: 'Просят 30 дней', next: 'Согласовать отсрочку с финансами' },
    ]
    for (const [k, l] of log.entries()) {
      const [i] = await db
        .insert(crmInteractions)
        .values({
          orgId: org.id,
          contactId: contacts[k % contacts.length].id,
          kind: l.kind,
          occurredAt: at(l.days),
          subject: l.subject,
          outcome: l.outcome,
          nextStep: l.next,
          staffId: sales.id,
        })
        .returning({ id: crmInteractions.id })
      if (!l.next) continue
      // Вектор's visit follow-up is overdue, its e-mail's is due today; the others' come later.
      const due =
        name === 'Вектор'
          ? k === 1
            ? previousWorkingDay(addDays(today, -2))
            : nextWorkingDayOnOrAfter(today, ruCalendar)
          : addWorkingDays(today, k + 2, ruCalendar)
      await db.insert(crmTasks).values({
        orgId: org.id,
        contactId: contacts[k % contacts.length].id,
        interactionId: i.id,
        assigneeId: sales.id,
        title: l.next,
        dueOn: due,
        createdBy: sales.id,
      })
    }
  }
}

/** The working day on or before a day (an overdue task was due on a working day). */
function previousWorkingDay(day: string) {
  let d = day
  for (let i = 0; i < 30 && !ruCalendar.isWorkingDay(d); i++) d = addDays(d, -1)
  return d
}
