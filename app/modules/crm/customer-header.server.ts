import { getOrganisation } from '../tenancy/queries.server'
import type { AnyScope } from '../auth/scope.server'

/** The customer card's heading: who the customer is (null: no such organisation, or the operator itself). */
export async function getCustomerHeader({ scope, orgId }: { scope: AnyScope; orgId: string }) {
  const org = await getOrganisation({ scope, orgId })
  if (!org || org.kind === 'operator') return null
  return org
}
