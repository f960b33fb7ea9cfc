import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { isMessageKey, translate } from '../../i18n'
import { kindOfRole, roles, rolesByKind } from '../tenancy/roles'
import { can, grantedPermissions, rolePermissions } from './permissions'

describe('role permissions', () => {
  it('gives every role an entry', () => {
    expect(Object.keys(rolePermissions).sort()).toEqual([...roles].sort())
  })

  it('never gives an "any" scope to a role outside the operator', () => {
    for (const role of roles)
      if (kindOfRole(role) !== 'operator')
        expect(
          rolePermissions[role].filter((p) => p.endsWith(':any')),
          role,
        ).toEqual([])
  })

  it('lets each organisation’s admin role, and only it, manage that organisation’s users', () => {
    for (const kind of Object.keys(rolesByKind) as (keyof typeof rolesByKind)[])
      for (const role of rolesByKind[kind]) expect(can(rolePermissions[role], 'manage:user:org'), role).toBe(role.endsWith('_admin'))
  })
})

describe('permission phrases', () => {
  // The 403 page says in words what is missing ("a role that may place orders"), never the permission string.
  const used = new Set<string>(grantedPermissions)
  for (const file of readdirSync('app', { recursive: true, encoding: 'utf8' }).filter((f) => /\.tsx?$/.test(f)))
    for (const [literal] of readFileSync(join('app', file), 'utf8').matchAll(
      /(?<=')(read|create|update|delete|manage|switch|bid):[a-z_]+:(own|org|any)(?=')/g,
    ))
      used.add(literal)

  it.each([...used].sort())('%s has a phrase in Russian and English', (permission) => {
    const key = `permission.${permission}`
    expect(isMessageKey(key), key).toBe(true)
    for (const locale of ['ru', 'en'] as const) {
      if (!isMessageKey(key)) continue
      const phrase = translate(locale, key)
      expect(phrase).not.toContain(permission)
      expect(phrase).not.toMatch(/[a-z]+:[a-z_]+:/)
    }
  })
})
