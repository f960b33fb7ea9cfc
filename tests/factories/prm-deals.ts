// Factories for the partner programme's deals (issue 13): the seed and the tests make their rows the same way.
import { grantScope } from '../../app/modules/auth/scope.server'
import { addDays } from '../../app/modules/prm/deal-rules'
import type { DealInput } from '../../app/modules/prm/deal-schemas'
import { registerDeal } from '../../app/modules/prm/deals.server'
import { businessClock } from '../../app/utils/clock.server'

/** Registers a deal for an organisation through the module (with its conflict check); throws if refused. */
export async function registerTestDeal(o: { orgId: string; userId: string; input: Partial<DealInput> & Pick<DealInput, 'endCustomerInn'> }) {
  const { today } = await businessClock()
  const r = await registerDeal({
    scope: grantScope('create:deal:org', o.orgId),
    actor: { userId: o.userId, email: null, ip: null },
    input: {
      endCustomerName: 'Test customer',
      endCustomerRegion: 'Test region',
      products: [],
      categoryIds: [],
      expectedQty: 1,
      expectedValue: 1_000_00,
      expectedCloseOn: addDays(today, 30),
      note: '',
      ...o.input,
    },
  })
  if (!r.ok) throw new Error(`deal refused: ${JSON.stringify(r)}`)
  return r
}
