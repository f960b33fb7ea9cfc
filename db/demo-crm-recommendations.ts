import type { Db } from './client.server'

// CRM demo, part "recommendations" (issue 15): seeded after the order history of db/demo-crm.ts.
export async function seedDemoCrmRecommendations(_db: Db): Promise<void> {}
