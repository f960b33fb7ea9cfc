import { eq, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { database, db } from '../../db/client.server'
import { rowsOf } from '../../db/drivers.server'
import { auditLog, memberships, orders, shipToLocations } from '../../db/schema'
import { runInTenantScope, type TenantBinding } from '../../db/tenant-scope.server'
import {
  createCategory,
  createMember,
  createOrder,
  createOrganisation,
  createProduct,
  createShipTo,
  createTaxClass,
  createWarehouse,
} from '../factories'

// Row-level security, the second layer under the app's tenant filter (migration 0014, db/tenant-scope.server.ts):
// the app acts as a role the policies apply to, and a statement bound to organisation A sees and changes only A's
// rows whatever its WHERE clause says. The HTTP side (the canary with the app's filter removed) is in
// tenant-canary.test.ts.

const tenantTables = [
  'orders',
  'carts',
  'delivery_terms',
  'ship_to_locations',
  'dealer_part_numbers',
  'contract_quantity_rules',
  'price_list_assignments',
  'memberships',
  'audit_log',
]

const a = {} as { orgId: string; userId: string; orderId: string }
const b = {} as { orgId: string; userId: string; orderId: string; shipToId: string }
let asA: TenantBinding

beforeAll(async () => {
  const warehouse = await createWarehouse(db)
  const product = await createProduct(db, { categoryId: (await createCategory(db)).id, taxClassId: (await createTaxClass(db)).id })
  for (const [side, name] of [
    [a, 'A'],
    [b, 'B'],
  ] as const) {
    const org = await createOrganisation(db, { kind: 'dealer', shortName: `RLS ${name}` })
    const user = await createMember(db, org, 'dealer_buyer')
    const order = await createOrder(db, {
      orgId: org.id,
      placedBy: user.id,
      warehouseId: warehouse.id,
      items: [{ productId: product.id, sku: product.sku, qty: 1, unitPriceMinor: 100 }],
    })
    Object.assign(side, { orgId: org.id, userId: user.id, orderId: order.id })
  }
  b.shipToId = (await createShipTo(db, { orgId: b.orgId, name: 'B depot' })).id
  asA = { orgId: a.orgId, userId: a.userId }
})

// drizzle's queries start when awaited: awaited inside the scope, as a request's loader does.
const asOrgA = <T>(fn: () => PromiseLike<T>) => runInTenantScope(async () => await fn(), asA)
const cause = (e: unknown) => ((e as { cause?: { message?: string } }).cause ?? e) as { message?: string; code?: string }

describe('the app’s database role', () => {
  it('is neither superuser nor owner of the tenant tables, cannot bypass row-level security, and the tables force it', async () => {
    const [me] = rowsOf<{ role: string; rolsuper: boolean; rolbypassrls: boolean }>(
      await db.execute(sql`select current_user as role, rolsuper, rolbypassrls from pg_roles where rolname = current_user`),
    )
    expect(me).toEqual({ role: 'portal_app', rolsuper: false, rolbypassrls: false })
    const tables = rowsOf<{ name: string; owner: string; rls: boolean; forced: boolean }>(
      await db.execute(sql`select c.relname as name, pg_get_userbyid(c.relowner) as owner, c.relrowsecurity as rls, c.relforcerowsecurity as forced
        from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind = 'r'`),
    )
    for (const name of tenantTables) expect(tables.find((t) => t.name === name)).toMatchObject({ rls: true, forced: true })
    expect(tables.filter((t) => t.owner === 'portal_app')).toEqual([])
    // TRUNCATE ignores row-level security, so the app may not truncate at all.
    const truncate = await db.execute(sql`truncate orders cascade`).then(() => null, cause)
    expect(truncate?.message).toMatch(/permission denied/)
    expect(database.kind).toMatch(/pglite|postgres/)
  })
})

describe('a statement bound to organisation A', () => {
  it('sees only A’s orders and memberships, even when its query has no tenant filter', async () => {
    const everyOrder = await db.select({ id: orders.id }).from(orders)
    expect(everyOrder.map((o) => o.id)).toEqual(expect.arrayContaining([a.orderId, b.orderId]))
    const seen = await asOrgA(() => db.select({ id: orders.id, orgId: orders.orgId }).from(orders))
    expect(seen).toEqual([{ id: a.orderId, orgId: a.orgId }])
    expect(await asOrgA(() => db.select().from(orders).where(eq(orders.id, b.orderId)))).toEqual([])
    const members = await asOrgA(() => db.select({ orgId: memberships.orgId }).from(memberships))
    expect(new Set(members.map((m) => m.orgId))).toEqual(new Set([a.orgId]))
  })

  it('holds inside a transaction and in raw SQL too', async () => {
    const inTx = await asOrgA(() => db.transaction((tx) => tx.select({ id: orders.id }).from(orders)))
    expect(inTx.map((o) => o.id)).toEqual([a.orderId])
    const raw = await asOrgA(async () => rowsOf<{ id: string }>(await db.execute(sql`select id from orders`)))
    expect(raw.map((o) => o.id)).toEqual([a.orderId])
  })

  it('cannot change or add B’s rows', async () => {
    const updated = await asOrgA(() =>
      db.update(orders).set({ comment: 'changed by A' }).where(eq(orders.id, b.orderId)).returning({ id: orders.id }),
    )
    expect(updated).toEqual([])
    const deleted = await asOrgA(() => db.delete(shipToLocations).where(eq(shipToLocations.id, b.shipToId)).returning({ id: shipToLocations.id }))
    expect(deleted).toEqual([])
    const added = await asOrgA(() => db.insert(shipToLocations).values({ orgId: b.orgId, name: 'planted by A', address: 'x' })).then(
      () => null,
      cause,
    )
    expect(added?.message).toMatch(/row-level security/)
    const [order] = await db.select({ comment: orders.comment }).from(orders).where(eq(orders.id, b.orderId))
    expect(order.comment).not.toBe('changed by A')
    expect(await db.select().from(shipToLocations).where(eq(shipToLocations.orgId, b.orgId))).toHaveLength(1)
  })

  it('appends audit entries about A or no organisation, not about B', async () => {
    await asOrgA(() => db.insert(auditLog).values({ action: 'auth.logout', entity: 'session', orgId: a.orgId }))
    await asOrgA(() => db.insert(auditLog).values({ action: 'auth.logout', entity: 'session', orgId: null }))
    const forged = await asOrgA(() => db.insert(auditLog).values({ action: 'auth.logout', entity: 'session', orgId: b.orgId })).then(
      () => null,
      cause,
    )
    expect(forged?.message).toMatch(/row-level security/)
    const visible = await asOrgA(() => db.select({ orgId: auditLog.orgId }).from(auditLog))
    expect(visible.length).toBeGreaterThan(0)
    expect(visible.every((e) => e.orgId === a.orgId)).toBe(true)
  })
})

describe('a session that binds nothing', () => {
  it('sees no tenant rows at all (the app’s own connections default to every tenant, a bare one to none)', async () => {
    const seen = await db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('app.scope', '', true)`)
      return tx.select({ id: orders.id }).from(orders)
    })
    expect(seen).toEqual([])
  })
})
