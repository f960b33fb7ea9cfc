import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { grantScope } from '../../app/modules/auth/scope.server'
import { listUsers } from '../../app/modules/tenancy/queries.server'
import { addMembership, createMember, createOrganisation, createUser, defaultTestPassword } from '../factories'
import { startApp, type App } from '../http-harness'

// Issue 10, item 5: the operator's user list showed "—" for everyone's organisations (a correlated subquery whose
// unqualified "id" bound to the membership row, not the user). It lists each person's organisations with the role
// there, counting accepted memberships only; a pending invitation is marked as one.

let app: App
let admin: string
beforeAll(async () => {
  app = await startApp()
  const operator = await createOrganisation(db, { kind: 'operator' })
  const user = await createMember(db, operator, 'operator_admin')
  admin = await app.login(user.email, defaultTestPassword)
})
afterAll(() => app.close())

describe('the operator’s user list', () => {
  it('gives each person their organisations and roles, with invitations marked as pending', async () => {
    const dealer = await createOrganisation(db, { kind: 'dealer', shortName: 'Альфа Тест' })
    const supplier = await createOrganisation(db, { kind: 'supplier', shortName: 'Бета Тест' })
    const tag = Date.now().toString(36)
    const both = await createMember(db, dealer, 'dealer_buyer', { displayName: `Двое ${tag}` })
    await addMembership(db, { userId: both.id, orgId: supplier.id, role: 'supplier_bidder', acceptedAt: null })
    const none = await createUser(db, { displayName: `Никто ${tag}` })

    const rows = await listUsers({ scope: grantScope('read:user:any', null), q: tag })
    expect(rows.map((r) => r.id).sort()).toEqual([both.id, none.id].sort())
    expect(rows.find((r) => r.id === both.id)!.memberships).toEqual([
      { orgId: dealer.id, shortName: 'Альфа Тест', role: 'dealer_buyer', pending: false },
      { orgId: supplier.id, shortName: 'Бета Тест', role: 'supplier_bidder', pending: true },
    ])
    expect(rows.find((r) => r.id === none.id)!.memberships).toEqual([])

    const page = (await app.request(`/admin/users?q=${tag}`, { cookie: admin })).body.replaceAll('\0', '')
    expect(page).toContain('Альфа Тест — Закупщик')
    expect(page).toMatch(/Бета Тест — [^<]+<span class="badge badge-pending">приглашение не принято/)
    expect(page).toContain('нет организаций')
  })
})
