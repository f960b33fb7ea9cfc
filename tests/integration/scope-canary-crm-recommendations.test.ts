import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { crmRecommendationDismissals } from '../../db/schema/crm'
import { bindTenant, runInTenantScope } from '../../db/tenant-scope.server'
import { grantScope } from '../../app/modules/auth/scope.server'
import {
  dismissRecommendation,
  listCustomerRecommendations,
  listOwnRecommendations,
  listRecommendationCounts,
} from '../../app/modules/crm/recommendations.server'
import { createCategory, createMember, createOrganisation, createProduct, createTaxClass, defaultTestPassword } from '../factories'
import { createRecommendation } from '../factories/crm-recommendations'
import { startApp } from '../http-harness'

// The tenant canary for recommendations (issue 15): a dealer sees only its own, on the catalog's panel, and
// dismisses only its own. Module functions called DIRECTLY, unbound, with dealer A's org scope and B's product
// ids: the tenant filter in each query is all that stands between them; then the same read in a request bound to
// A with B's scope (row-level security); then the pages. Staff, with an `any` scope, see both dealers.

/** A call the type checker must refuse (`@ts-expect-error` inside): compiled, never run. */
const refusedByType = (call: () => unknown) => expect(typeof call).toBe('function')

const staffScope = grantScope('manage:crm:any', null)
let a: { orgId: string; adminId: string; adminEmail: string }
let b: { orgId: string; adminId: string }
/** Recommended to A only, to B only, and to both. */
let p: { antecedent: string; onlyA: string; onlyB: string; both: string }
let sku: { onlyA: string; onlyB: string; both: string }

beforeAll(async () => {
  const orgA = await createOrganisation(db, { kind: 'dealer', shortName: 'Canary recommendations A' })
  const orgB = await createOrganisation(db, { kind: 'dealer', shortName: 'Canary recommendations B' })
  const [adminA, adminB] = [await createMember(db, orgA, 'dealer_admin'), await createMember(db, orgB, 'dealer_admin')]
  a = { orgId: orgA.id, adminId: adminA.id, adminEmail: adminA.email }
  b = { orgId: orgB.id, adminId: adminB.id }
  const [category, vat] = [await createCategory(db), await createTaxClass(db)]
  const product = (s: string) => createProduct(db, { categoryId: category.id, taxClassId: vat.id, sku: s, nameRu: s, nameEn: s })
  const [antecedent, onlyA, onlyB, both] = [
    await product('CANARY-REC-ANTE'),
    await product('CANARY-REC-ALPHA'),
    await product('CANARY-REC-BRAVO'),
    await product('CANARY-REC-BOTH'),
  ]
  p = { antecedent: antecedent.id, onlyA: onlyA.id, onlyB: onlyB.id, both: both.id }
  sku = { onlyA: onlyA.sku, onlyB: onlyB.sku, both: both.sku }
  for (const [orgId, productId] of [
    [a.orgId, p.onlyA],
    [a.orgId, p.both],
    [b.orgId, p.onlyB],
    [b.orgId, p.both],
  ])
    await createRecommendation(db, { orgId, productId, antecedentId: p.antecedent })
})

const own = async (orgId: string) =>
  (await listOwnRecommendations({ scope: grantScope('read:recommendation:org', orgId) })).map((r) => r.productId).sort()
const dismissals = async (orgId: string) =>
  (
    await db
      .select({ productId: crmRecommendationDismissals.productId })
      .from(crmRecommendationDismissals)
      .where(eq(crmRecommendationDismissals.orgId, orgId))
  ).map((d) => d.productId)

describe('the staff-side recommendation reads', () => {
  it('refuse an organisation scope by type, and show staff both dealers', async () => {
    const org = grantScope('read:recommendation:org', a.orgId)
    // @ts-expect-error an OrgScope is not an AnyScope
    refusedByType(() => listCustomerRecommendations({ scope: org, orgId: b.orgId }))
    // @ts-expect-error an OrgScope is not an AnyScope
    refusedByType(() => listRecommendationCounts({ scope: org }))
    expect((await listCustomerRecommendations({ scope: staffScope, orgId: b.orgId })).map((r) => r.productId).sort()).toEqual(
      [p.onlyB, p.both].sort(),
    )
    const counts = await listRecommendationCounts({ scope: staffScope })
    expect(counts.filter((c) => c.orgId === a.orgId || c.orgId === b.orgId).map((c) => [c.orgId, c.count])).toEqual(
      expect.arrayContaining([
        [a.orgId, 2],
        [b.orgId, 2],
      ]),
    )
  })
})

describe("dealer A's scope with dealer B's recommendations (module functions, unbound)", () => {
  it("lists only A's own", async () => {
    expect(await own(b.orgId)).toEqual([p.onlyB, p.both].sort())
    expect(await own(a.orgId)).toEqual([p.onlyA, p.both].sort())
  })

  it("dismisses none of B's: B's own product is refused, the shared one is dismissed for A only", async () => {
    const scopeA = grantScope('update:recommendation:org', a.orgId)
    expect(await dismissRecommendation({ scope: scopeA, userId: a.adminId, productId: p.onlyB })).toBe(false)
    expect(await dismissals(a.orgId)).toEqual([])
    expect(await dismissals(b.orgId)).toEqual([])
    expect(await own(b.orgId)).toEqual([p.onlyB, p.both].sort())

    expect(await dismissRecommendation({ scope: scopeA, userId: a.adminId, productId: p.both })).toBe(true)
    expect(await dismissals(a.orgId)).toEqual([p.both])
    expect(await dismissals(b.orgId)).toEqual([])
    expect(await own(a.orgId)).toEqual([p.onlyA])
    expect(await own(b.orgId)).toEqual([p.onlyB, p.both].sort())
  })
})

describe('row-level security on the recommendations', () => {
  it("shows a request bound to A none of B's rows, even asked with B's scope", async () => {
    const bound = await runInTenantScope(async () => {
      bindTenant({ orgId: a.orgId, userId: a.adminId })
      return {
        asB: await own(b.orgId),
        staffOfB: await listCustomerRecommendations({ scope: staffScope, orgId: b.orgId }),
        dismissedAsB: await dismissRecommendation({ scope: grantScope('update:recommendation:org', b.orgId), userId: a.adminId, productId: p.onlyB }),
      }
    })
    expect(bound).toEqual({ asB: [], staffOfB: [], dismissedAsB: false })
    expect(await dismissals(b.orgId)).toEqual([])
    expect(await own(b.orgId)).toEqual([p.onlyB, p.both].sort())
  })
})

describe("dealer A's pages", () => {
  it("show A's panel without B's recommendation, refuse to dismiss B's, and keep the staff pages closed", async () => {
    const app = await startApp()
    try {
      const dealer = await app.login(a.adminEmail, defaultTestPassword)
      const catalog = await app.request('/catalog', { cookie: dealer })
      expect(catalog.status).toBe(200)
      expect(catalog.body).toContain(`data-product="${sku.onlyA}"`)
      expect(catalog.body).not.toContain(`data-product="${sku.onlyB}"`)
      const refused = await app.request('/recommendations/dismiss', { cookie: dealer, form: { productId: p.onlyB } })
      expect(refused.status).toBe(404)
      for (const path of ['/crm/recommendations', '/crm/recommendations.csv', `/crm/customers/${b.orgId}/offers`]) {
        const res = await app.request(path, { cookie: dealer })
        expect(res.status, path).toBe(403)
        expect(res.body).not.toContain(sku.onlyB)
      }
    } finally {
      await app.close()
    }
    expect(await dismissals(b.orgId)).toEqual([])
    expect(await own(b.orgId)).toEqual([p.onlyB, p.both].sort())
  })
})
