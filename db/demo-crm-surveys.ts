import type { Db } from './client.server'

// CRM demo, part "surveys" (issue 15): seeded after the order history of db/demo-crm.ts.
export async function seedDemoCrmSurveys(_db: Db): Promise<void> {}
