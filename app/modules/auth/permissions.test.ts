import { describe, expect, it } from 'vitest'
import { kindOfRole, roles, rolesByKind } from '../tenancy/roles'
import { can, rolePermissions } from './permissions'

describe('role permissions', () => {
  it('gives every role an entry', () => {
    expect(Object.keys(rolePermissions).sort()).toEqual([...roles].sort())
  })

  it('never gives an "any" scope to a role outside the operator', () => {
    for (const role of roles)
      if (kindOfRole(role) !== 'operator') expect(rolePermissions[role].filter((p) => p.endsWith(':any')), role).toEqual([])
  })

  it('lets each organisation’s admin role, and only it, manage that organisation’s users', () => {
    for (const kind of Object.keys(rolesByKind) as (keyof typeof rolesByKind)[])
      for (const role of rolesByKind[kind]) expect(can(rolePermissions[role], 'manage:user:org'), role).toBe(role.endsWith('_admin'))
  })
})
