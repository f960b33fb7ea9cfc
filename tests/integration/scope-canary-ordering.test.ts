import { beforeAll, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { db } from '../../db/client.server'
import { businessClock } from '../../app/utils/clock.server'
import { cartLines, deliveryTerms, orders, shipToLocations } from '../../db/schema'
import { grantScope, type OrgScope } from '../../app/modules/auth/scope.server'
import { addShipTo, removeShipTo, saveDeliveryTerms } from '../../app/modules/delivery-terms/mutations.server'
import { findShipTo, getDeliveryTerms, listShipTo } from '../../app/modules/delivery-terms/queries.server'
import { addToCart, cancelOrder, confirmOrder, placeOrder, reorderIntoCart, setCartLineQty } from '../../app/modules/ordering/mutations.server'
import { countCartLines, evaluateCart, getOrder, listOrders, ordersCsv } from '../../app/modules/ordering/queries.server'
import {
  createCategory,
  createMember,
  createOrganisation,
  createPriceList,
  createProduct,
  createShipTo,
  createTaxClass,
  createWarehouse,
  placeCartOrder,
  setDeliveryTerms,
  setStock,
} from '../factories'

// The scope canary for ordering and delivery terms (issue 11): module functions called DIRECTLY, with organisation
// A's scope and B's ids. No guard, no route: the tenant filter in each query is all that stands between them.
// Nothing of B comes back, and nothing of B changes.

let a: { scope: OrgScope; orgId: string; userId: string }
let b: { scope: OrgScope; orgId: string; userId: string; orderId: string; number: string; shipToId: string; productId: string }
const actor = (userId: string) => ({ userId, email: null, ip: null })

beforeAll(async () => {
  const [orgA, orgB] = [
    await createOrganisation(db, { kind: 'dealer', shortName: 'Canary A' }),
    await createOrganisation(db, { kind: 'dealer', shortName: 'Canary B' }),
  ]
  const [userA, userB] = [await createMember(db, orgA, 'dealer_admin'), await createMember(db, orgB, 'dealer_admin')]
  const [category, vat, wh] = [await createCategory(db), await createTaxClass(db), await createWarehouse(db)]
  const product = await createProduct(db, { categoryId: category.id, taxClassId: vat.id, sku: 'CANARY-ORD' })
  await setStock(db, { productId: product.id, warehouseId: wh.id, atp: 100, leadDays: 1 })
  await createPriceList(db, { assign: { scope: 'global' }, prices: { [product.id]: [[1, 10_00]] } })
  const placed = await placeCartOrder({ orgId: orgB.id, userId: userB.id, lines: [{ productId: product.id, qty: 3 }] })
  await setDeliveryTerms(db, orgB.id, { poRequired: true, orderMinimumMinor: 12_345_00, namedPlace: 'B-склад' })
  const shipTo = await createShipTo(db, { orgId: orgB.id, name: 'B dock', address: 'B street 1' })
  const scopeB = grantScope('create:order:org', orgB.id)
  // B's cart holds a line too, and B's order is there.
  await addToCart({ scope: scopeB, userId: userB.id, lines: [{ productId: product.id, qty: 7 }] })
  a = { scope: grantScope('create:order:org', orgA.id), orgId: orgA.id, userId: userA.id }
  b = { scope: scopeB, orgId: orgB.id, userId: userB.id, orderId: placed.orderId, number: placed.number, shipToId: shipTo.id, productId: product.id }
})

describe("organisation A's scope with organisation B's ids", () => {
  it('reads none of B’s orders: the order, the list, the CSV', async () => {
    expect(await getOrder({ scope: b.scope, orderId: b.orderId })).not.toBeNull()
    expect(await getOrder({ scope: a.scope, orderId: b.orderId })).toBeNull()
    const list = await listOrders({ scope: a.scope, query: { mine: false } })
    expect(list.rows.map((o) => o.id)).not.toContain(b.orderId)
    expect(list.rows.map((o) => o.orgName)).not.toContain('Canary B')
    // A search for B's name or number finds nothing either.
    expect((await listOrders({ scope: a.scope, query: { mine: false, q: 'Canary B' } })).total).toBe(0)
    expect((await listOrders({ scope: a.scope, query: { mine: false, q: b.number } })).total).toBe(0)
    const csv = await (await ordersCsv({ scope: a.scope, query: { mine: false }, locale: 'en' })).text()
    expect(csv).not.toContain(b.number)
    expect(csv).not.toContain('Canary B')
  })

  it('reorders none of B’s orders into A’s cart', async () => {
    const { today } = await businessClock()
    expect(await reorderIntoCart({ scope: a.scope, userId: a.userId, orderId: b.orderId, today })).toBeNull()
    expect(await countCartLines({ scope: a.scope, userId: a.userId })).toBe(0)
  })

  it('neither reads nor changes B’s cart, even naming B’s person', async () => {
    const { today, now } = await businessClock()
    expect((await evaluateCart({ scope: a.scope, userId: b.userId, today, now })).lines).toEqual([])
    expect(await countCartLines({ scope: a.scope, userId: b.userId })).toBe(0)
    expect(await setCartLineQty({ scope: a.scope, userId: b.userId, productId: b.productId, qty: 0 })).toBe(false)
    expect(await countCartLines({ scope: b.scope, userId: b.userId })).toBe(1)
    expect((await db.select({ qty: cartLines.qty }).from(cartLines)).map((l) => l.qty)).toContain(7)
  })

  it('neither confirms nor cancels B’s order through the desk functions', async () => {
    const { today } = await businessClock()
    expect(
      await confirmOrder({
        scope: a.scope,
        actor: actor(a.userId),
        orderId: b.orderId,
        input: { note: '', lines: [{ lineNo: 1, qty: 3, date: today }] },
      }),
    ).toMatchObject({ ok: false, status: 404 })
    expect(await cancelOrder({ scope: a.scope, actor: actor(a.userId), orderId: b.orderId, reason: 'not yours' })).toMatchObject({
      ok: false,
      status: 404,
    })
    expect((await db.select({ status: orders.status }).from(orders).where(eq(orders.id, b.orderId)))[0].status).toBe('submitted')
  })

  it('reads none of B’s delivery terms or ship-to addresses, and changes none', async () => {
    expect(await getDeliveryTerms({ scope: b.scope })).toMatchObject({ poRequired: true, orderMinimumMinor: 12_345_00 })
    const seen = await getDeliveryTerms({ scope: a.scope, orgId: b.orgId })
    expect(seen).toMatchObject({ poRequired: false, orderMinimumMinor: null, namedPlace: '' })
    expect(await listShipTo({ scope: a.scope, orgId: b.orgId })).toEqual([])
    expect(await findShipTo({ scope: a.scope, id: b.shipToId })).toBeNull()
    expect(await removeShipTo({ scope: a.scope, actor: actor(a.userId), orgId: b.orgId, id: b.shipToId })).toBe(false)
    await expect(
      addShipTo({ scope: a.scope, actor: actor(a.userId), orgId: b.orgId, input: { name: 'A was here', address: 'x', isDefault: true } }),
    ).rejects.toThrow()
    const terms = {
      incoterm: 'EXW',
      namedPlace: '',
      freightTerms: 'collect',
      freeFreightMinor: null,
      freightMinor: 0,
      orderMinimumMinor: null,
      cutoff: '10:00',
      poRequired: false,
    } as const
    await expect(saveDeliveryTerms({ scope: a.scope, actor: actor(a.userId), orgId: b.orgId, input: terms })).rejects.toThrow()
    expect((await db.select().from(shipToLocations).where(eq(shipToLocations.orgId, b.orgId))).map((s) => s.name)).toEqual(['B dock'])
    expect((await db.select().from(deliveryTerms).where(eq(deliveryTerms.orgId, b.orgId)))[0]).toMatchObject({
      poRequired: true,
      orderMinimumMinor: 12_345_00,
    })
  })

  it('does not deliver A’s order to B’s ship-to address', async () => {
    await createShipTo(db, { orgId: a.orgId, name: 'A dock' })
    const { today, now } = await businessClock()
    await addToCart({ scope: a.scope, userId: a.userId, lines: [{ productId: b.productId, qty: 1 }] })
    const cart = await evaluateCart({ scope: a.scope, userId: a.userId, today, now })
    const placed = await placeOrder({
      scope: a.scope,
      actor: actor(a.userId),
      input: { checkoutToken: crypto.randomUUID(), seen: cart.fingerprint, shipToId: b.shipToId, lineDates: {} },
    })
    expect(placed).toMatchObject({ status: 'invalid', fieldErrors: { shipToId: ['checkout.error.shipTo'] } })
  })
})
