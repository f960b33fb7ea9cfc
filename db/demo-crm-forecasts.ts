import type { Db } from './client.server'

// CRM demo, part "forecasts" (issue 15): seeded after the order history of db/demo-crm.ts.
export async function seedDemoCrmForecasts(_db: Db): Promise<void> {}
