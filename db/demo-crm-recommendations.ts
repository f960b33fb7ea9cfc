import { grantScope } from '../app/modules/auth/scope.server'
import { computeRecommendations } from '../app/modules/crm/recommendations.server'
import { businessClock } from '../app/utils/clock.server'
import type { Db } from './client.server'

// CRM demo, part "recommendations" (issue 15): "similar dealers bought" for every customer, within the ABC classes of
// the segments demo's run, over the history's bundles (customers who left an item of a bundle out get it offered).
export async function seedDemoCrmRecommendations(db: Db): Promise<void> {
  const { today } = await businessClock(db)
  await computeRecommendations({ scope: grantScope('manage:crm:any', null), today }, db)
}
