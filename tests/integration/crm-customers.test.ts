import { and, eq, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { auditLog } from '../../db/schema/audit'
import { crmContacts, crmInteractions, crmTasks } from '../../db/schema/crm'
import { notifications } from '../../db/schema/notifications'
import { grantScope } from '../../app/modules/auth/scope.server'
import { customerTimeline, listCustomers, logInteraction, saveContact } from '../../app/modules/crm/customers.server'
import { InteractionForm } from '../../app/modules/crm/customer-schemas'
import { listTasks, sendDueTaskReminders } from '../../app/modules/crm/tasks.server'
import { businessClock } from '../../app/utils/clock.server'
import {
  createDeliveredOrder,
  createMember,
  createOrganisation,
  createCategory,
  createProduct,
  createTaxClass,
  createWarehouse,
  defaultTestPassword,
} from '../factories'
import { startApp } from '../http-harness'

// Customer 360 (issue 15) on a real database: a call's next step becomes one task on a working day, in the same
// transaction as the call and their audit entries; a 100 kB note is refused with nothing written; the reminder
// reaches the inbox once; the timeline shows the customer's orders beside what staff logged.

const scope = grantScope('manage:crm:any', null)
let orgId: string
let staff: { id: string; email: string }
let orderNumber: string

beforeAll(async () => {
  const operator = await createOrganisation(db, { kind: 'operator' })
  const member = await createMember(db, operator, 'sales_manager')
  staff = { id: member.id, email: member.email }
  const org = await createOrganisation(db, { kind: 'dealer', shortName: 'Карточка клиента' })
  orgId = org.id
  const buyer = await createMember(db, org, 'dealer_buyer')
  const [category, vat] = [await createCategory(db), await createTaxClass(db)]
  const product = await createProduct(db, { categoryId: category.id, taxClassId: vat.id })
  const warehouse = await createWarehouse(db)
  const { today } = await businessClock()
  const order = await createDeliveredOrder(db, {
    orgId,
    placedBy: buyer.id,
    warehouseId: warehouse.id,
    deliveredOn: today,
    items: [{ productId: product.id, sku: product.sku, qty: 3, unitPriceMinor: 1000_00 }],
  })
  orderNumber = order.number
})

const actor = () => ({ userId: staff.id, email: staff.email, ip: null })
const base = {
  intent: 'interaction' as const,
  kind: 'call' as const,
  occurredOn: '2026-12-01',
  subject: 'Звонок',
  notes: '',
  outcome: 'Договорились',
}

describe('logInteraction', () => {
  it('turns a next step due on a Saturday into one task on the next working day, with audit entries', async () => {
    // 2026-12-05 is a Saturday: the task falls on Monday 2026-12-07 and says it moved.
    const outcome = await logInteraction({ scope, actor: actor(), orgId, input: { ...base, nextStep: 'Отправить КП', nextStepDue: '2026-12-05' } })
    expect(outcome).toMatchObject({ ok: true, dueOn: '2026-12-07', movedFrom: '2026-12-05' })
    if (!outcome.ok) return
    const tasks = await db.select().from(crmTasks).where(eq(crmTasks.interactionId, outcome.interactionId))
    expect(tasks).toHaveLength(1)
    expect(tasks[0]).toMatchObject({ title: 'Отправить КП', dueOn: '2026-12-07', assigneeId: staff.id, status: 'open' })
    const [planned] = await listTasks({ scope, assigneeId: staff.id, from: '2026-12-07', to: '2026-12-07' })
    expect(planned).toMatchObject({ title: 'Отправить КП', movedFrom: '2026-12-05', orgName: 'Карточка клиента' })
    const audit = await db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.orgId, orgId))
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['crm_interaction.logged', 'crm_task.saved']))
  })

  it('refuses a 100 kB note beside the field and writes nothing', async () => {
    const parsed = InteractionForm.safeParse({ ...base, notes: 'x'.repeat(100_000) })
    expect(parsed.success).toBe(false)
    expect(parsed.error!.issues[0]).toMatchObject({ path: ['notes'], message: 'crm.form.tooLong|text:10000' })
    const before = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(crmInteractions)
      .where(eq(crmInteractions.orgId, orgId))
    const app = await startApp()
    try {
      const cookie = await app.login(staff.email, defaultTestPassword)
      const res = await app.request(`/crm/customers/${orgId}?index`, { method: 'POST', cookie, form: { ...base, notes: 'x'.repeat(100_000) } })
      expect(res.status).toBe(400)
      expect(res.body).toContain('Не длиннее 10000 символов')
    } finally {
      await app.close()
    }
    const after = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(crmInteractions)
      .where(eq(crmInteractions.orgId, orgId))
    expect(after[0].n).toBe(before[0].n)
  })

  it('refuses a day the calendar does not have', () => {
    expect(InteractionForm.safeParse({ ...base, occurredOn: '2024-02-30' }).error!.issues[0]).toMatchObject({
      path: ['occurredOn'],
      message: 'crm.form.day',
    })
  })

  it('refuses a next step without its day, and a contact of another customer', async () => {
    expect(InteractionForm.safeParse({ ...base, nextStep: 'Позвонить' }).error!.issues[0].path).toEqual(['nextStepDue'])
    const other = await createOrganisation(db, { kind: 'dealer' })
    const saved = await saveContact({
      scope,
      actor: actor(),
      orgId: other.id,
      input: { intent: 'contact', fullName: 'Чужой', position: '', phone: '', email: '', locale: 'ru', consent: false },
    })
    if (!saved.ok) throw new Error('not saved')
    const outcome = await logInteraction({
      scope,
      actor: actor(),
      orgId,
      input: { ...base, contactId: saved.id, nextStep: '', nextStepDue: undefined },
    })
    expect(outcome).toEqual({ ok: false, fieldErrors: { contactId: ['crm.form.contactGone'] } })
  })
})

describe('setTaskStatus', () => {
  it('from a customer’s card, refuses a task of another customer and leaves it open', async () => {
    const other = await createOrganisation(db, { kind: 'dealer' })
    const [task] = await db.insert(crmTasks).values({ orgId: other.id, assigneeId: staff.id, title: 'Чужая задача', dueOn: '2026-12-07' }).returning()
    const { setTaskStatus } = await import('../../app/modules/crm/tasks.server')
    expect(await setTaskStatus({ scope, actor: actor(), taskId: task.id, status: 'done', orgId })).toEqual({ ok: false })
    expect((await db.select().from(crmTasks).where(eq(crmTasks.id, task.id)))[0].status).toBe('open')
  })
})

describe('saveContact', () => {
  it('keeps the phone and e-mail keys, who changed it, and a consent change as its own audit entry', async () => {
    const input = {
      intent: 'contact' as const,
      fullName: 'Пётр Закупщиков',
      position: 'закупщик',
      phone: '+7 (912) 345-67-89',
      email: 'Petr@Example.RU',
      locale: 'ru' as const,
      consent: false,
    }
    const created = await saveContact({ scope, actor: actor(), orgId, input })
    if (!created.ok) throw new Error('not saved')
    await saveContact({ scope, actor: actor(), orgId, input: { ...input, contactId: created.id, consent: true } })
    const [c] = await db.select().from(crmContacts).where(eq(crmContacts.id, created.id))
    expect(c).toMatchObject({ phoneKey: '9123456789', emailKey: 'petr@example.ru', updatedBy: staff.id })
    expect(c.consentGivenAt).not.toBeNull()
    const consent = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, created.id), eq(auditLog.action, 'crm_contact.consent')))
    expect(consent.map((a) => a.details)).toEqual([{ consent: 'given' }])
  })
})

describe('reminders and the timeline', () => {
  it('reminds the assignee of a task due today once', async () => {
    const { today } = await businessClock()
    const [task] = await db.insert(crmTasks).values({ orgId, assigneeId: staff.id, title: 'Перезвонить сегодня', dueOn: today }).returning()
    await sendDueTaskReminders()
    await sendDueTaskReminders()
    const inbox = await db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, staff.id), eq(notifications.kind, 'crmTaskDue')))
    expect(inbox.filter((n) => n.params.title === 'Перезвонить сегодня')).toHaveLength(1)
    expect(inbox.find((n) => n.params.title === 'Перезвонить сегодня')!.link).toBe(`/crm/customers/${orgId}`)
    expect((await db.select().from(crmTasks).where(eq(crmTasks.id, task.id)))[0].remindedAt).not.toBeNull()
  })

  it('shows the order and the call on one timeline, and the customer in the list with its revenue', async () => {
    const timeline = await customerTimeline({ scope, orgId })
    expect(timeline.find((e) => e.kind === 'order')).toMatchObject({ title: orderNumber, amountMinor: 3000_00 })
    expect(timeline.find((e) => e.kind === 'interaction')).toMatchObject({ title: 'Звонок' })
    const [row] = await listCustomers({ scope, q: 'Карточка клиента' })
    expect(row).toMatchObject({ orgId, revenue12mMinor: 3000_00, openTasks: 2 })
  })
})
