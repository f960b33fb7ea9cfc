import { and, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { contractQuantityRules, dealerPartNumbers, memberships } from '../../db/schema'
import { listAuditEntries } from '../../app/modules/audit/queries.server'
import { writeAudit, type Actor } from '../../app/modules/audit/mutations.server'
import { grantScope } from '../../app/modules/auth/scope.server'
import { removeContractRule, setContractRule } from '../../app/modules/catalog/mutations.server'
import {
  findProductsByReference,
  getCatalogProduct,
  listAssortment,
  listContractRules,
  listProductsForDesk,
  searchCatalog,
} from '../../app/modules/catalog/queries.server'
import { loadPriceCandidates, listPriceLists, priceListResponse, priceProducts } from '../../app/modules/pricing/queries.server'
import { changeMemberRole, inviteMember, removeMember } from '../../app/modules/tenancy/mutations.server'
import { getOrganisation, getOrganisationMember, listOrganisationMembers, listUsers } from '../../app/modules/tenancy/queries.server'
import { createCategory, createMember, createOrganisation, createPriceList, createProduct, createTaxClass } from '../factories'

// The platform modules' own canary (issue 11): catalog, pricing, tenancy and audit functions called directly, with
// organisation A's scope, for organisation B's ids and data. Nothing of B comes back and nothing of B changes:
// the tenant filter is in each query, not in a route in front of it. The routes' canary is tenant-canary.test.ts.

const w = {} as {
  a: { id: string }
  b: { id: string }
  adminA: Actor
  adminB: { id: string }
  bOnly: { id: string; sku: string }
  shared: { id: string; sku: string }
}
const scopeA = () => grantScope('read:catalog:org', w.a.id)
/** A call the type checker must refuse (`@ts-expect-error` inside): compiled, never run. */
const refusedByType = (call: () => unknown) => expect(typeof call).toBe('function')
const day = '2026-11-22'

beforeAll(async () => {
  const tag = Date.now().toString(36).toUpperCase()
  const a = await createOrganisation(db, { kind: 'dealer', dealerGroup: `canary-a-${tag}` })
  const b = await createOrganisation(db, { kind: 'dealer', dealerGroup: `canary-b-${tag}` })
  const adminA = await createMember(db, a, 'dealer_admin')
  const adminB = await createMember(db, b, 'dealer_admin')
  await createMember(db, b, 'dealer_buyer')
  const category = await createCategory(db, { code: `CANARY-${tag}` })
  const vat = await createTaxClass(db, { rates: [['2019-01-01', 2000]] })
  const bOnly = await createProduct(db, {
    categoryId: category.id,
    taxClassId: vat.id,
    sku: `CAN-B-${tag}`,
    nameRu: 'Только для Б',
    nameEn: 'B only',
  })
  const shared = await createProduct(db, { categoryId: category.id, taxClassId: vat.id, sku: `CAN-S-${tag}`, nameRu: 'Общий', nameEn: 'Shared' })
  await createPriceList(db, {
    code: `CAN-A-${tag}`,
    name: `Contract A ${tag}`,
    assign: { scope: 'org', orgId: a.id },
    prices: { [shared.id]: [[1, 50_00]] },
  })
  await createPriceList(db, {
    code: `CAN-B-${tag}`,
    name: `Contract B ${tag}`,
    assign: { scope: 'org', orgId: b.id },
    prices: { [shared.id]: [[1, 1_00]], [bOnly.id]: [[1, 10_00]] },
  })
  await db.insert(dealerPartNumbers).values({ orgId: b.id, productId: shared.id, partNumber: `B-SECRET-${tag}` })
  await db.insert(contractQuantityRules).values({ orgId: b.id, productId: shared.id, minQty: 7, increment: 7, maxQty: 70 })
  await writeAudit(
    db,
    { userId: adminB.id, email: adminB.email, ip: null },
    { action: 'organisation.updated', entity: 'organisation', entityId: b.id, orgId: b.id, details: { canary: tag } },
  )
  Object.assign(w, { a, b, adminA: { userId: adminA.id, email: adminA.email, ip: null }, adminB, bOnly, shared })
})

describe('catalog with A’s scope', () => {
  it('never finds B’s contract-only product, nor B’s part number', async () => {
    // (The typo-tolerant fallback may offer A's own similar SKU: never B's product.)
    const found = await searchCatalog({ scope: scopeA(), q: w.bOnly.sku })
    expect(found.rows.map((r) => r.sku)).not.toContain(w.bOnly.sku)
    expect(found.rows.every((r) => r.partNumber === null)).toBe(true)
    expect(await getCatalogProduct({ scope: scopeA(), sku: w.bOnly.sku, date: day })).toBeNull()
    expect(await findProductsByReference({ scope: scopeA(), refs: [`B-SECRET-${w.bOnly.sku.slice(6)}`] })).toEqual([])
    const shared = await getCatalogProduct({ scope: scopeA(), sku: w.shared.sku, date: day })
    // A sees the product it has a price for, with its own rules: not B's part number, not B's quantity rule.
    expect(shared).toMatchObject({ partNumber: null, minQty: 1, packSize: 1 })
    const assortment = await listAssortment({ scope: scopeA() })
    expect(assortment.map((p) => p.sku)).not.toContain(w.bOnly.sku)
    expect(assortment.find((p) => p.sku === w.shared.sku)).toMatchObject({ partNumber: null, minQty: 1 })
  })

  it('reads and changes no contract rule of B', async () => {
    const scope = grantScope('manage:membership:org', w.a.id)
    expect(await listContractRules({ scope, orgId: w.b.id })).toEqual([])
    const set = await setContractRule({ scope, actor: w.adminA, orgId: w.b.id, input: { sku: w.shared.sku, minQty: 1, increment: 1, maxQty: null } })
    expect(set.ok).toBe(false)
    expect(await removeContractRule({ scope, actor: w.adminA, orgId: w.b.id, productId: w.shared.id })).toBe(false)
    const [rule] = await db
      .select()
      .from(contractQuantityRules)
      .where(and(eq(contractQuantityRules.orgId, w.b.id), eq(contractQuantityRules.productId, w.shared.id)))
    expect(rule).toMatchObject({ minQty: 7, increment: 7, maxQty: 70 })
  })

  it('refuses an organisation’s scope where staff read every product (type-level)', () => {
    refusedByType(() =>
      // @ts-expect-error listProductsForDesk takes the desk's AnyScope ("manage:catalog:any"), never an OrgScope
      listProductsForDesk({ scope: scopeA() }),
    )
  })
})

describe('pricing with A’s scope', () => {
  it('prices from A’s lists only: B’s contract is no candidate, and B’s product has no price for A', async () => {
    const candidates = (await loadPriceCandidates({ scope: scopeA(), productIds: [w.shared.id, w.bOnly.id] })).get(w.shared.id)!
    expect(candidates.map((c) => c.code)).not.toContain(`CAN-B-${w.bOnly.sku.slice(6)}`)
    const priced = await priceProducts({
      scope: scopeA(),
      date: day,
      items: [
        { productId: w.shared.id, qty: 1 },
        { productId: w.bOnly.id, qty: 1 },
      ],
    })
    const shared = priced.get(w.shared.id)!
    expect(shared.ok && shared.unitPriceMinor).toBe(50_00)
    expect(priced.get(w.bOnly.id)!.ok).toBe(false)
  })

  it('exports a price list without B’s product, price list or part number', async () => {
    const tag = w.bOnly.sku.slice(6)
    const csv = await (await priceListResponse({ scope: scopeA(), locale: 'en', format: 'csv' })).text()
    expect(csv).toContain(w.shared.sku)
    for (const secret of [w.bOnly.sku, `B-SECRET-${tag}`, `Contract B ${tag}`]) expect(csv).not.toContain(secret)
  })

  it('refuses an organisation’s scope for the staff list of price lists (type-level)', () => {
    refusedByType(() =>
      // @ts-expect-error listPriceLists takes the desk's AnyScope
      listPriceLists({ scope: scopeA() }),
    )
  })
})

describe('tenancy with A’s scope', () => {
  it('reads neither B nor its people', async () => {
    const scope = grantScope('read:user:org', w.a.id)
    expect(await getOrganisation({ scope, orgId: w.b.id })).toBeNull()
    expect(await listOrganisationMembers({ scope, orgId: w.b.id })).toEqual([])
    expect(await getOrganisationMember({ scope, orgId: w.b.id, userId: w.adminB.id })).toBeNull()
  })

  it('changes no membership of B: no role change, no removal, no invitation', async () => {
    const scope = grantScope('manage:membership:org', w.a.id)
    const changed = await changeMemberRole({ scope, orgId: w.b.id, userId: w.adminB.id, role: 'dealer_viewer', actor: w.adminA })
    expect(changed).toMatchObject({ ok: false, status: 404 })
    expect(await removeMember({ scope, orgId: w.b.id, userId: w.adminB.id, actor: w.adminA })).toMatchObject({ ok: false, status: 404 })
    const email = `canary-${Date.now().toString(36)}@example.test`
    const invited = await inviteMember({
      scope,
      orgId: w.b.id,
      role: 'dealer_buyer',
      data: { email, displayName: 'Canary', password: 'correct horse battery staple', locale: 'en' },
      actor: w.adminA,
    })
    expect(invited.ok).toBe(false)
    const bMembers = await db.select({ userId: memberships.userId, role: memberships.role }).from(memberships).where(eq(memberships.orgId, w.b.id))
    expect(bMembers).toHaveLength(2)
    expect(bMembers.find((m) => m.userId === w.adminB.id)?.role).toBe('dealer_admin')
  })

  it('refuses an organisation’s scope for the operator’s user list (type-level)', () => {
    refusedByType(() =>
      // @ts-expect-error listUsers takes "read:user:any"'s AnyScope
      listUsers({ scope: grantScope('read:user:org', w.a.id) }),
    )
  })
})

describe('audit with A’s scope', () => {
  it('returns none of B’s entries, even when asked for B by name', async () => {
    const scope = grantScope('read:user:org', w.a.id)
    expect((await listAuditEntries({ scope, orgId: w.b.id })).entries).toEqual([])
    const { entries } = await listAuditEntries({ scope, limit: 500 })
    expect(entries.filter((e) => e.orgId !== w.a.id)).toEqual([])
    // The same search with the operator's scope does find it: the entry exists.
    const any = await listAuditEntries({ scope: grantScope('read:audit:any', null), orgId: w.b.id })
    expect(any.entries.some((e) => e.entityId === w.b.id)).toBe(true)
  })

  it('has no search without a scope (type-level)', () => {
    refusedByType(() =>
      // @ts-expect-error the audit search needs a scope: there is no "every organisation" by omission
      listAuditEntries({ orgId: w.b.id }),
    )
  })
})
