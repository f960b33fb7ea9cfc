import { runForecasts } from '../app/modules/crm/forecasts.server'
import { systemActor } from '../app/modules/audit/mutations.server'
import { businessClock } from '../app/utils/clock.server'
import type { Db } from './client.server'

// CRM demo, part "forecasts" (issue 15): one forecast run over the demo's two years of delivered orders.
export async function seedDemoCrmForecasts(db: Db): Promise<void> {
  const { today } = await businessClock(db)
  await runForecasts({ actor: systemActor, today })
}
