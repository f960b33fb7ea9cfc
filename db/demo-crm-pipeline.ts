import type { Db } from './client.server'

// CRM demo, part "pipeline" (issue 15): seeded after the order history of db/demo-crm.ts.
export async function seedDemoCrmPipeline(_db: Db): Promise<void> {}
