import { db } from '../db/client.server'
import { rolesByKind, type OrganisationKind, type Role } from '../app/modules/tenancy/roles'
import { createCategory, createMember, createOrganisation, createPriceList, createProduct, createTaxClass, defaultTestPassword } from './factories'

export type Identity = { role: Role; kind: OrganisationKind; orgId: string; userId: string; email: string; password: string }

/**
 * One organisation of each kind and one person in each role: the cast of the permission matrix.
 * `marker` goes into every text field, for the canary tests.
 */
export async function createWorld(marker = '') {
  const orgs = {} as Record<OrganisationKind, { id: string; shortName: string }>
  const people = {} as Record<Role, Identity>
  for (const kind of Object.keys(rolesByKind) as OrganisationKind[]) {
    const org = await createOrganisation(db, { kind, shortName: `${kind} ${marker}`.trim() })
    orgs[kind] = org
    for (const role of rolesByKind[kind]) {
      const user = await createMember(db, org, role, { displayName: `${role} ${marker}`.trim() })
      people[role] = { role, kind, orgId: org.id, userId: user.id, email: user.email, password: defaultTestPassword }
    }
  }
  // One product on a global list, so every buyer-side role has a catalog to open.
  const category = await createCategory(db)
  const vat = await createTaxClass(db)
  const product = await createProduct(db, { categoryId: category.id, taxClassId: vat.id, nameRu: `Товар ${marker}`.trim() })
  await createPriceList(db, { assign: { scope: 'global' }, prices: { [product.id]: [[1, 100_00]] } })
  return { orgs, people, product }
}
