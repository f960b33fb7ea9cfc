import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { orderEvents, orderLines } from '../../db/schema/orders'
import { grantScope, type Scope } from '../../app/modules/auth/scope.server'
import { recordReturn } from '../../app/modules/ordering/mutations.server'
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
