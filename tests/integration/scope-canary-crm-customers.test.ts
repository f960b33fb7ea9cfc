import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { crmContacts, crmInteractions, crmTasks } from '../../db/schema/crm'
import { bindTenant, runInTenantScope } from '../../db/tenant-scope.server'
import { grantScope } from '../../app/modules/auth/scope.server'
import { assignOwner, customerTimeline, getOwner, listContacts, logInteraction, saveContact } from '../../app/modules/crm/customers.server'
import { listTasks, setTaskStatus } from '../../app/modules/crm/tasks.server'
import { createMember, createOrganisation, defaultTestPassword } from '../factories'
import { startApp } from '../http-harness'

// The tenant canary for Customer 360 (issue 15): contacts, interactions, tasks and the timeline are the operator's
// own notes about its customers. Their functions take only an `any` scope (the type checker refuses a dealer's
// org scope); a dealer's people never open the pages (403 naming the permission); and a request bound to dealer A
// — a forgotten guard — reads and changes none of B's rows (row-level security), while staff see both.

/** A call the type checker must refuse (`@ts-expect-error` inside): compiled, never run. */
const refusedByType = (call: () => unknown) => expect(typeof call).toBe('function')

const staffScope = grantScope('manage:crm:any', null)
const everything = { from: '2000-01-01', to: '2999-12-31' }
let a: { orgId: string; adminEmail: string; adminId: string; contactId: string; taskId: string }
let b: { orgId: string; contactId: string; interactionId: string; taskId: string }
let staff: { id: string; email: string }

/** One contact, one call about it and the call's next step as a task, saved by staff (unbound) as the card does. */
async function notesFor(orgId: string, tag: string) {
  const actor = { userId: staff.id, email: staff.email, ip: null }
  const contact = await saveContact({
    scope: staffScope,
    actor,
    orgId,
    input: { intent: 'contact', fullName: `Canary contact ${tag}`, position: '', phone: '', email: '', locale: 'ru', consent: true },
  })
  if (!contact.ok) throw new Error('contact not saved')
  const logged = await logInteraction({
    scope: staffScope,
    actor: { ...actor, userId: staff.id },
    orgId,
    input: {
      intent: 'interaction',
      kind: 'call',
      contactId: contact.id,
      occurredOn: '2026-12-01',
      subject: `Canary call ${tag}`,
      notes: '',
      outcome: '',
      nextStep: `Canary task ${tag}`,
      nextStepDue: '2026-12-03',
    },
  })
  if (!logged.ok || !logged.taskId) throw new Error('interaction not logged')
  return { contactId: contact.id, interactionId: logged.interactionId, taskId: logged.taskId }
}

beforeAll(async () => {
  const orgA = await createOrganisation(db, { kind: 'dealer', shortName: 'Canary customers A' })
  const orgB = await createOrganisation(db, { kind: 'dealer', shortName: 'Canary customers B' })
  const operator = await createOrganisation(db, { kind: 'operator' })
  const member = await createMember(db, operator, 'sales_manager')
  staff = { id: member.id, email: member.email }
  const admin = await createMember(db, orgA, 'dealer_admin')
  const notesA = await notesFor(orgA.id, 'ALPHA')
  const notesB = await notesFor(orgB.id, 'BRAVO')
  a = { orgId: orgA.id, adminEmail: admin.email, adminId: admin.id, contactId: notesA.contactId, taskId: notesA.taskId }
  b = { orgId: orgB.id, ...notesB }
  expect(
    (await assignOwner({ scope: staffScope, actor: { userId: staff.id, email: staff.email, ip: null }, orgId: b.orgId, ownerId: staff.id })).ok,
  ).toBe(true)
})

/** Runs `fn` as a request the guard bound to dealer A (its admin signed in). */
const asDealerA = <T>(fn: () => Promise<T>) =>
  runInTenantScope(async () => {
    bindTenant({ orgId: a.orgId, userId: a.adminId })
    return fn()
  })

describe('the customer functions', () => {
  it('refuse an organisation scope by type', () => {
    const org = grantScope('read:recommendation:org', a.orgId)
    const actor = { userId: a.adminId, email: a.adminEmail, ip: null }
    // @ts-expect-error an OrgScope is not an AnyScope
    refusedByType(() => listContacts({ scope: org, orgId: b.orgId }))
    // @ts-expect-error an OrgScope is not an AnyScope
    refusedByType(() => customerTimeline({ scope: org, orgId: b.orgId }))
    // @ts-expect-error an OrgScope is not an AnyScope
    refusedByType(() => getOwner({ scope: org, orgId: b.orgId }))
    // @ts-expect-error an OrgScope is not an AnyScope
    refusedByType(() => listTasks({ scope: org, ...everything }))
    // @ts-expect-error an OrgScope is not an AnyScope
    refusedByType(() => setTaskStatus({ scope: org, actor, taskId: b.taskId, status: 'done' }))
    // @ts-expect-error an OrgScope is not an AnyScope
    refusedByType(() => assignOwner({ scope: org, actor, orgId: b.orgId, ownerId: null }))
  })
})

describe('customer pages and exports', () => {
  it('refuse a dealer admin and show staff the customer', async () => {
    const app = await startApp()
    try {
      const dealer = await app.login(a.adminEmail, defaultTestPassword)
      const staffCookie = await app.login(staff.email, defaultTestPassword)
      for (const path of ['/crm', '/crm/customers', '/crm/customers.csv', '/crm/customers.xlsx', `/crm/customers/${b.orgId}`, '/crm/tasks']) {
        const refused = await app.request(path, { cookie: dealer })
        expect(refused.status, path).toBe(403)
        expect(refused.body).not.toContain('BRAVO')
      }
      const refusedClose = await app.request(`/crm/customers/${b.orgId}?index`, {
        cookie: dealer,
        form: { intent: 'task', taskId: b.taskId, status: 'done' },
      })
      expect(refusedClose.status).toBe(403)
      const card = await app.request(`/crm/customers/${b.orgId}`, { cookie: staffCookie })
      expect(card.status).toBe(200)
      expect(card.body).toContain('Canary contact BRAVO')
      expect(card.body).toContain('Canary call BRAVO')
    } finally {
      await app.close()
    }
    const [task] = await db.select({ status: crmTasks.status }).from(crmTasks).where(eq(crmTasks.id, b.taskId))
    expect(task.status).toBe('open')
  })
})

describe('row-level security under the customer functions', () => {
  it("shows a request bound to A none of B's contacts, interactions, tasks, owner or timeline", async () => {
    // Unbound (staff), B's rows are there: each empty answer below is the backstop's, not an empty table's.
    expect((await listContacts({ scope: staffScope, orgId: b.orgId })).map((c) => c.id)).toEqual([b.contactId])
    const timelineB = await customerTimeline({ scope: staffScope, orgId: b.orgId })
    expect(timelineB.map((e) => e.title)).toContain('Canary call BRAVO')
    expect((await getOwner({ scope: staffScope, orgId: b.orgId })).ownerId).toBe(staff.id)
    const allTasks = (await listTasks({ scope: staffScope, ...everything })).map((t) => t.id)
    expect(allTasks).toEqual(expect.arrayContaining([a.taskId, b.taskId]))
    expect((await listTasks({ scope: staffScope, ...everything, orgId: b.orgId })).map((t) => t.id)).toEqual([b.taskId])

    const bound = await asDealerA(async () => ({
      contactsB: await listContacts({ scope: staffScope, orgId: b.orgId }),
      contactsA: await listContacts({ scope: staffScope, orgId: a.orgId }),
      timelineB: await customerTimeline({ scope: staffScope, orgId: b.orgId }),
      ownerB: await getOwner({ scope: staffScope, orgId: b.orgId }),
      tasks: await listTasks({ scope: staffScope, ...everything }),
      tasksB: await listTasks({ scope: staffScope, ...everything, orgId: b.orgId }),
    }))
    expect(bound.contactsB).toEqual([])
    expect(bound.contactsA.map((c) => c.id)).toEqual([a.contactId])
    expect(bound.timelineB).toEqual([])
    expect(bound.ownerB.ownerId).toBeNull()
    expect(bound.tasks.map((t) => t.id)).toEqual([a.taskId])
    expect(bound.tasksB).toEqual([])
  })

  it("lets a request bound to A change none of B's rows", async () => {
    const actor = { userId: staff.id, email: staff.email, ip: null }
    const renamed = await asDealerA(() =>
      saveContact({
        scope: staffScope,
        actor,
        orgId: b.orgId,
        input: {
          intent: 'contact',
          contactId: b.contactId,
          fullName: 'Renamed by A',
          position: '',
          phone: '',
          email: '',
          locale: 'ru',
          consent: false,
        },
      }),
    )
    expect(renamed.ok).toBe(false)
    const closed = await asDealerA(() => setTaskStatus({ scope: staffScope, actor, taskId: b.taskId, status: 'done' }))
    expect(closed.ok).toBe(false)
    await expect(
      asDealerA(() =>
        logInteraction({
          scope: staffScope,
          actor: { ...actor, userId: staff.id },
          orgId: b.orgId,
          input: { intent: 'interaction', kind: 'call', occurredOn: '2026-12-02', subject: 'Planted by A', notes: '', outcome: '', nextStep: '' },
        }),
      ),
    ).rejects.toThrow()

    const [contact] = await db
      .select({ fullName: crmContacts.fullName, consent: crmContacts.consentGivenAt, withdrawn: crmContacts.consentWithdrawnAt })
      .from(crmContacts)
      .where(eq(crmContacts.id, b.contactId))
    expect(contact).toMatchObject({ fullName: 'Canary contact BRAVO', withdrawn: null })
    expect(contact.consent).not.toBeNull()
    const [task] = await db.select({ status: crmTasks.status, doneAt: crmTasks.doneAt }).from(crmTasks).where(eq(crmTasks.id, b.taskId))
    expect(task).toEqual({ status: 'open', doneAt: null })
    const interactions = await db.select({ subject: crmInteractions.subject }).from(crmInteractions).where(eq(crmInteractions.orgId, b.orgId))
    expect(interactions.map((i) => i.subject)).toEqual(['Canary call BRAVO'])
    // The same change of A's own task goes through: the refusals above were the tenant's, not a broken call.
    expect((await asDealerA(() => setTaskStatus({ scope: staffScope, actor, taskId: a.taskId, status: 'done' }))).ok).toBe(true)
  })
})
