import { eq } from 'drizzle-orm'
import { grantScope } from '../app/modules/auth/scope.server'
import { segmentDefaults } from '../app/modules/crm/segment-schemas'
import { paramsFromForm, runSegmentation } from '../app/modules/crm/segments.server'
import { businessClock } from '../app/utils/clock.server'
import type { Db } from './client.server'
import { users } from './schema'

// CRM demo, part "segments" (issue 15): one run with the anchor's defaults (the last 12 months, by margin, 80/95 %,
// CV 10/25 %, d = 10 %) over the order history, run by the demo sales manager, so every segment page has figures.
export async function seedDemoCrmSegments(db: Db): Promise<void> {
  const [sales] = await db.select({ id: users.id, email: users.email }).from(users).where(eq(users.email, 'sales@technosnab.demo'))
  const { today } = await businessClock(db)
  await runSegmentation({
    scope: grantScope('manage:crm:any', null),
    actor: { userId: sales?.id ?? null, email: sales?.email ?? null, ip: null },
    params: paramsFromForm(segmentDefaults(today)),
  })
}
