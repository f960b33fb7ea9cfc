import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { crmContacts, crmInteractions, crmMerges } from '../../db/schema/crm'
import { organisations } from '../../db/schema/tenancy'
import { grantScope } from '../../app/modules/auth/scope.server'
import { countReferences, mergeContacts, mergeOrganisations } from '../../app/modules/crm/merge.server'
import { findDuplicateContacts } from '../../app/modules/crm/duplicates.server'
import { addMembership, createMember, createOrganisation, createUser, makeInn } from '../factories'
import { createLead } from '../factories/crm-pipeline'

// Merging duplicates (issue 15 "Data integrity"): every reference moves to the kept record, nothing is lost, a
// merge with itself or one that would collide is refused with nothing changed.

const scope = grantScope('manage:crm:any', null)
let operatorId: string
let actor: { userId: string; email: string; ip: null }

beforeAll(async () => {
  const op = await createOrganisation(db, { kind: 'operator' })
  operatorId = op.id
  const staff = await createMember(db, op, 'operator_admin')
  actor = { userId: staff.id, email: staff.email, ip: null }
})

async function contact(orgId: string, fullName: string, phone: string | null) {
  const [c] = await db
    .insert(crmContacts)
    .values({ orgId, fullName, phone, phoneKey: phone ? phone.replace(/\D/g, '').slice(-10) : null })
    .returning()
  return c
}

describe('contact merge', () => {
  it('finds the same phone in two formats, moves every reference and fills empty fields', async () => {
    const org = await createOrganisation(db, { kind: 'dealer' })
    const kept = await contact(org.id, 'Иван Петров', '+7 (912) 345-67-89')
    const [merged] = await db
      .insert(crmContacts)
      .values({ orgId: org.id, fullName: 'Петров Иван', phone: '89123456789', phoneKey: '9123456789', email: 'ivan@x.ru', emailKey: 'ivan@x.ru' })
      .returning()
    await db
      .insert(crmInteractions)
      .values({ orgId: org.id, contactId: merged.id, kind: 'call', occurredAt: new Date(), subject: 'Звонок', staffId: actor.userId })
    const pairs = await findDuplicateContacts({ scope })
    expect(pairs.some((p) => p.reason === 'phone' && [p.aId, p.bId].sort().join() === [kept.id, merged.id].sort().join())).toBe(true)
    const before = await countReferences(db, 'crm_contacts', merged.id)
    const result = await mergeContacts({ scope, actor, keptId: kept.id, mergedId: merged.id })
    expect(result).toEqual({ ok: true, moved: before })
    expect(await countReferences(db, 'crm_contacts', merged.id)).toEqual({})
    const interactions = await db.select().from(crmInteractions).where(eq(crmInteractions.contactId, kept.id))
    expect(interactions).toHaveLength(1)
    const [now] = await db.select().from(crmContacts).where(eq(crmContacts.id, kept.id))
    expect(now.email).toBe('ivan@x.ru')
    expect(await db.select().from(crmContacts).where(eq(crmContacts.id, merged.id))).toHaveLength(0)
    const [m] = await db.select().from(crmMerges).where(eq(crmMerges.mergedId, merged.id))
    expect(m.mergedRecord).toMatchObject({ fullName: 'Петров Иван' })
  })

  it('refuses a merge with itself', async () => {
    const org = await createOrganisation(db, { kind: 'dealer' })
    const c = await contact(org.id, 'Один', null)
    expect(await mergeContacts({ scope, actor, keptId: c.id, mergedId: c.id })).toEqual({ ok: false, status: 400, error: 'crm.merge.error.self' })
  })
})

describe('organisation merge', () => {
  it('moves the rows of every referencing table and disables the merged one', async () => {
    const kept = await createOrganisation(db, { kind: 'dealer', shortName: 'Альфа' })
    const merged = await createOrganisation(db, { kind: 'dealer', shortName: 'Альфа-2', inn: makeInn() })
    await createMember(db, merged, 'dealer_admin')
    await contact(merged.id, 'Мария', null)
    await createLead(db, { orgId: merged.id })
    const before = await countReferences(db, 'organisations', merged.id)
    const result = await mergeOrganisations({ scope, actor, keptId: kept.id, mergedId: merged.id })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    const { 'audit_log.org_id': _audit, ...movable } = before
    expect(result.moved).toEqual(movable)
    const after = await countReferences(db, 'organisations', merged.id)
    expect(Object.keys(after).filter((k) => k !== 'audit_log.org_id')).toEqual([])
    const [m] = await db.select().from(organisations).where(eq(organisations.id, merged.id))
    expect(m.disabledAt).not.toBeNull()
    expect(m.shortName).toBe('Альфа-2 (merged into Альфа)')
  })

  it('refuses a collision (one user a member of both) and changes nothing', async () => {
    const kept = await createOrganisation(db, { kind: 'dealer' })
    const merged = await createOrganisation(db, { kind: 'dealer' })
    const user = await createUser(db)
    await addMembership(db, { userId: user.id, orgId: kept.id, role: 'dealer_admin' })
    await addMembership(db, { userId: user.id, orgId: merged.id, role: 'dealer_buyer' })
    await contact(merged.id, 'Остаётся', null)
    const before = await countReferences(db, 'organisations', merged.id)
    const result = await mergeOrganisations({ scope, actor, keptId: kept.id, mergedId: merged.id })
    expect(result).toMatchObject({ ok: false, status: 409 })
    if (!result.ok) expect(result.error).toContain('memberships.org_id')
    expect(await countReferences(db, 'organisations', merged.id)).toEqual(before)
    const [m] = await db.select().from(organisations).where(eq(organisations.id, merged.id))
    expect(m.disabledAt).toBeNull()
  })

  it('refuses a merge with itself and the operator', async () => {
    const org = await createOrganisation(db, { kind: 'dealer' })
    expect(await mergeOrganisations({ scope, actor, keptId: org.id, mergedId: org.id })).toMatchObject({ ok: false, status: 400 })
    expect(await mergeOrganisations({ scope, actor, keptId: org.id, mergedId: operatorId })).toMatchObject({ ok: false, status: 400 })
  })
})
