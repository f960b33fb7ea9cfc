import type { Db } from './client.server'
import { evaluateDemoTiers, seedDemoProgrammeIfEmpty } from './demo-prm-tiers'
import { seedDemoApplicationsIfEmpty } from './demo-prm-applications'
import { seedDemoDealsIfEmpty } from './demo-prm-deals'
import { seedDemoRebatesIfEmpty } from './demo-prm-rebates'
import { seedDemoPayoutsIfEmpty } from './demo-prm-payouts'

// The partner programme's demo (issue 13), after the people, catalog and orders it stands on: a programme with three
// tiers and dealers in each, two applications in progress, deals in several states including a conflict, a stepped
// rebate with accruals and a payout batch waiting for approval. Each part seeds only into its own empty tables.
export async function seedDemoPrmIfEmpty(db: Db): Promise<boolean> {
  const programme = await seedDemoProgrammeIfEmpty(db)
  const applications = await seedDemoApplicationsIfEmpty(db)
  const rebates = await seedDemoRebatesIfEmpty(db)
  // The tiers from a real evaluation, now that the dealers' delivered orders exist; the deals after it, so the won
  // one earns the deal bonus of the tier its dealer really holds (Вектор: gold).
  if (programme) await evaluateDemoTiers(db)
  const deals = await seedDemoDealsIfEmpty(db)
  const payouts = await seedDemoPayoutsIfEmpty(db)
  return programme || applications || deals || rebates || payouts
}
