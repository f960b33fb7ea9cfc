import type { Db } from './client.server'

// CRM demo, part "customers" (issue 15): seeded after the order history of db/demo-crm.ts.
export async function seedDemoCrmCustomers(_db: Db): Promise<void> {}
