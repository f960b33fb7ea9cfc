import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { orderEvents, orderLines } from '../../db/schema/orders'
import { grantScope, type Scope } from '../../app/modules/auth/scope.server'
import { recordReturn } from '../../app/modules/ordering/mutations.server'
import { ownRebateProgress, periodFor } from '../../app/modules/prm/rebates.server'
import { businessClock } from '../../app/utils/clock.server'
import { createRebateProgramme } from '../factories'
import { createCategory, createDeliveredOrder, createMember, createOrganisation, createProduct, createTaxClass, createWarehouse } from '../factories'

// The scope canary for returns (issue 13, rebates): recordReturn called DIRECTLY with organisation A's scope and
// B's delivered order. The tenant filter in the query that locks the order is all that stands between them.

let b: { orderId: string }
const scopeA: { value: Scope } = { value: grantScope('create:order:org', '00000000-0000-4000-8000-000000000000') }

beforeAll(async () => {
  const [orgA, orgB] = [await createOrganisation(db, { kind: 'dealer' }), await createOrganisation(db, { kind: 'dealer' })]
  const buyerB = await createMember(db, orgB, 'dealer_buyer')
  const [category, vat, wh] = [await createCategory(db), await createTaxClass(db), await createWarehouse(db)]
  const product = await createProduct(db, { categoryId: category.id, taxClassId: vat.id })
  const order = await createDeliveredOrder(db, {
    orgId: orgB.id,
    placedBy: buyerB.id,
    warehouseId: wh.id,
    deliveredOn: '2025-06-10',
    items: [{ productId: product.id, sku: product.sku, qty: 5, unitPriceMinor: 100_00 }],
  })
  b = { orderId: order.id }
  scopeA.value = grantScope('create:order:org', orgA.id)
})

describe("organisation A's scope with organisation B's order", () => {
  it('cannot record a return on it: not found, nothing changes', async () => {
    const actor = { userId: null, email: null, ip: null }
    const result = await recordReturn({ scope: scopeA.value, actor, orderId: b.orderId, lines: [{ lineNo: 1, qty: 2 }], reason: 'canary' })
    expect(result).toEqual({ ok: false, status: 404 })
    const [line] = await db.select().from(orderLines).where(eq(orderLines.orderId, b.orderId))
    expect(line.returnedQty).toBe(0)
    const events = await db.select().from(orderEvents).where(eq(orderEvents.orderId, b.orderId))
    expect(events.map((e) => e.kind)).not.toContain('returned')
  })
})

// The dealer's rebate progress (ownRebateProgress): an organisation scope only, and A's scope never counts B's order.
describe("organisation A's rebate progress beside organisation B's delivered order", () => {
  it('refuses an any scope by type and counts nothing of B', async () => {
    const anyScope = grantScope('manage:partner_programme:any', null)
    // @ts-expect-error an AnyScope is not an OrgScope: the dealer's progress is read for one organisation only
    expect(typeof (() => ownRebateProgress({ scope: anyScope }))).toBe('function')
    const programme = await createRebateProgramme(db, { steps: [{ from: 1, rateBp: 100 }], validFrom: '2025-01-01' })
    await periodFor(db, programme.id, '2025-06-10') // B's order is in this (open) period
    await periodFor(db, programme.id, (await businessClock()).today)
    const mine = (
      await ownRebateProgress({ scope: grantScope('read:partner_programme:org', scopeA.value.kind === 'org' ? scopeA.value.orgId : '') })
    ).filter((p) => p.programmeId === programme.id)
    expect(mine.length).toBeGreaterThan(0)
    expect(mine.every((p) => p.basis === 0 && p.amountMinor === 0)).toBe(true)
  })
})
