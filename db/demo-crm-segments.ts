import type { Db } from './client.server'

// CRM demo, part "segments" (issue 15): seeded after the order history of db/demo-crm.ts.
export async function seedDemoCrmSegments(_db: Db): Promise<void> {}
