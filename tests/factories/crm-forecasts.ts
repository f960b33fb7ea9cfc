import type { DbOrTx } from '../../db/client.server'
import type { CrmWorldInput } from './crm-customers'

// Factories for the CRM's forecasts (issue 15): the seed, the fixtures and the tests make their rows the same way.

/** What the permission matrix and the canary need of this part in the shared world (ids by name). */
export async function createCrmForecastsWorld(_db: DbOrTx, _w: CrmWorldInput): Promise<Record<string, string>> {
  return {}
}
