import type { DbOrTx } from '../../db/client.server'

// Factories for the CRM's customers (issue 15): the seed, the fixtures and the tests make their rows the same way.

/** What the permission matrix and the canary need of this part in the shared world (ids by name). */
export async function createCrmCustomersWorld(_db: DbOrTx, _w: CrmWorldInput): Promise<Record<string, string>> {
  return {}
}

export interface CrmWorldInput {
  operatorId: string
  dealerId: string
  keyAccountId: string
  productId: string
  categoryId: string
  /** User ids by role. */
  people: Record<string, string>
}
