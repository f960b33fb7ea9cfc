import { and, eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { seedDemoCrmDuplicates } from '../../db/demo-crm-pipeline'
import { auditLog } from '../../db/schema/audit'
import { crmContacts, crmInteractions, crmMerges } from '../../db/schema/crm'
import { organisations } from '../../db/schema/tenancy'
import { countReferences } from '../../app/modules/crm/merge.server'
import { addMembership, createMember, createOrganisation, createUser, defaultTestPassword } from '../factories'
import { startApp, type App } from '../http-harness'

// The duplicates page (issue 15 "Data integrity") through the real app: it lists the demo's pairs with why they
// match; a merge moves the rows, says what moved and leaves crm_merges and audit records; a refused merge changes
// nothing and names the collision in the form; merging organisations is the operator admin's alone.

let app: App
let adminCookie: string
let salesCookie: string
let admin: { id: string; email: string }
let alfaId: string
let vectorId: string
let twinId: string

beforeAll(async () => {
  const op = await createOrganisation(db, { kind: 'operator' })
  admin = await createMember(db, op, 'operator_admin')
  // The demo's shape: its sales manager, Вектор and Альфа-Дилер with their directors.
  const sales = await createMember(db, op, 'sales_manager', { email: 'sales@technosnab.demo' })
  const vector = await createOrganisation(db, { kind: 'dealer', shortName: 'Вектор', legalName: 'ООО «Вектор»' })
  const alfa = await createOrganisation(db, { kind: 'dealer', shortName: 'Альфа-Дилер' })
  vectorId = vector.id
  alfaId = alfa.id
  await db.insert(crmContacts).values([
    { orgId: vector.id, fullName: 'Виктор Векторов', phone: '8 812 555 01 01', phoneKey: '8125550101' },
    { orgId: alfa.id, fullName: 'Алексей Альфин', phone: '+7 383 555-02-01', phoneKey: '3835550201' },
  ])
  await seedDemoCrmDuplicates(db)
  const [twin] = await db.select().from(organisations).where(eq(organisations.shortName, 'Вектор СПб'))
  twinId = twin.id
  app = await startApp()
  adminCookie = await app.login(admin.email, defaultTestPassword)
  salesCookie = await app.login(sales.email, defaultTestPassword)
})

afterAll(async () => {
  await app?.close()
})

const contactsOf = (orgId: string) => db.select().from(crmContacts).where(eq(crmContacts.orgId, orgId))
const sorted = (a: string, b: string) => (a < b ? [a, b] : [b, a])

describe('the duplicates page', () => {
  it('lists the demo’s contact and organisation pairs with why they match', async () => {
    const res = await app.request('/crm/duplicates', { cookie: salesCookie })
    expect(res.status).toBe(200)
    expect(res.body).toContain('Альфин Алексей')
    expect(res.body).toMatch(/Тот же телефон: (8 \(383\) 555-02-01|\+7 383 555-02-01)/)
    expect(res.body).toContain('Вектор СПб')
    expect(res.body).toContain('У контактов тот же телефон')
    expect(res.body).toContain('Похожие названия: сходство 100 %')
    // A sales manager merges contacts, not organisations.
    expect(res.body).toContain('Объединяет администратор оператора.')
    expect((await app.request('/crm/duplicates?sort=reason&dir=desc', { cookie: salesCookie })).status).toBe(200)
  })

  it('merges a contact pair: the rows move, the page says what moved, the merge is recorded and audited', async () => {
    const [kept, merged] = await contactsOf(alfaId).then((cs) => [
      cs.find((c) => c.fullName === 'Алексей Альфин')!,
      cs.find((c) => c.fullName === 'Альфин Алексей')!,
    ])
    await db
      .insert(crmInteractions)
      .values({ orgId: alfaId, contactId: merged.id, kind: 'call', occurredAt: new Date(), subject: 'Звонок', staffId: admin.id })
    const [aId, bId] = sorted(kept.id, merged.id)
    const form = { kind: 'contact', aId, bId, keep: aId === kept.id ? 'a' : 'b', confirm: 'on' }

    const unconfirmed = await app.request('/crm/duplicates', { cookie: salesCookie, form: { ...form, confirm: '' } })
    expect(unconfirmed.status).toBe(400)
    expect(unconfirmed.body).toContain('Подтвердите объединение')
    expect(await contactsOf(alfaId)).toHaveLength(2)

    const res = await app.request('/crm/duplicates', { cookie: salesCookie, form })
    expect(res.status).toBe(200)
    expect(res.body).toContain('Контакты объединены.')
    expect(res.body).toContain('crm_interactions.contact_id')
    expect(await contactsOf(alfaId)).toEqual([expect.objectContaining({ id: kept.id })])
    const moved = await db.select().from(crmInteractions).where(eq(crmInteractions.contactId, kept.id))
    expect(moved).toHaveLength(1)
    const [m] = await db.select().from(crmMerges).where(eq(crmMerges.mergedId, merged.id))
    expect(m).toMatchObject({ kind: 'contact', keptId: kept.id, moved: { 'crm_interactions.contact_id': 1 } })
    const audit = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'crm.merged'), eq(auditLog.entityId, kept.id)))
    expect(audit).toHaveLength(1)
    expect(audit[0].details).toMatchObject({ kind: 'contact', mergedId: merged.id })
    // The pair is gone from the list; the merge is in the history.
    const page = await app.request('/crm/duplicates', { cookie: salesCookie })
    expect(page.body).not.toContain('Альфин Алексей (')
    expect(page.body).toContain('Альфин Алексей')
  })

  it('refuses organisations to a sales manager, and a colliding merge for the admin, with nothing changed', async () => {
    const [aId, bId] = sorted(vectorId, twinId)
    const form = { kind: 'organisation', aId, bId, keep: aId === vectorId ? 'a' : 'b', confirm: 'on' }
    const before = await countReferences(db, 'organisations', twinId)

    const forbidden = await app.request('/crm/duplicates', { cookie: salesCookie, form })
    expect(forbidden.status).toBe(403)
    expect(await countReferences(db, 'organisations', twinId)).toEqual(before)

    // One person a member of both: the memberships cannot move, so nothing does.
    const user = await createUser(db)
    await addMembership(db, { userId: user.id, orgId: vectorId, role: 'dealer_admin' })
    await addMembership(db, { userId: user.id, orgId: twinId, role: 'dealer_buyer' })
    const withMember = await countReferences(db, 'organisations', twinId)
    const refused = await app.request('/crm/duplicates', { cookie: adminCookie, form })
    expect(refused.status).toBe(409)
    expect(refused.body).toContain('Объединение невозможно, ничего не изменено: обе записи есть в memberships.org_id.')
    expect(await countReferences(db, 'organisations', twinId)).toEqual(withMember)
    const [twin] = await db.select().from(organisations).where(eq(organisations.id, twinId))
    expect(twin.disabledAt).toBeNull()
    expect(await db.select().from(crmMerges).where(eq(crmMerges.mergedId, twinId))).toHaveLength(0)
  })

  it('merges the organisations for the admin once the collision is gone', async () => {
    await db.execute(sql`delete from memberships where org_id = ${twinId}::uuid and role = 'dealer_buyer'`)
    const [aId, bId] = sorted(vectorId, twinId)
    const res = await app.request('/crm/duplicates', {
      cookie: adminCookie,
      form: { kind: 'organisation', aId, bId, keep: aId === vectorId ? 'a' : 'b', confirm: 'on' },
    })
    expect(res.status).toBe(200)
    expect(res.body).toContain('Организации объединены')
    expect(res.body).toContain('crm_contacts.org_id')
    const [twin] = await db.select().from(organisations).where(eq(organisations.id, twinId))
    expect(twin.disabledAt).not.toBeNull()
    expect(await contactsOf(twinId)).toHaveLength(0)
  })
})
