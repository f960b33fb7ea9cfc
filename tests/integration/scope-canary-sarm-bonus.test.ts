import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { grantScope } from '../../app/modules/auth/scope.server'
import { holdLedgerLine } from '../../app/modules/incentives/ledger.server'
import { assistantHome, bonusAccrualKey, dealerResults, deskSarmOverview, recalculateBonusProgramme } from '../../app/modules/sarm/bonuses.server'
import { businessClock } from '../../app/utils/clock.server'
import { ledgerLines } from '../../db/schema/incentives'
import { eq } from 'drizzle-orm'
import { createCategory, createMember, createOrganisation, createProduct, createTaxClass, defaultTestPassword } from '../factories'
import { createAssistant, createBonusProgramme, createSaleReports, createShop } from '../factories/sarm'
import { startApp } from '../http-harness'

// The tenant canary for the bonus pages (issue 14, part "bonus"): dealer A's admin, shop manager and assistant never
// see a byte of dealer B's shops, assistants, results or payout lines — on the pages, in the CSV, and through the
// module functions called directly with A's scope.

const refusedByType = (call: () => unknown) => expect(typeof call).toBe('function')
const desk = grantScope('manage:sarm:any', null)
const actor = { userId: null, email: null, ip: null }

let a: { orgId: string; adminEmail: string; managerEmail: string; assistantEmail: string; assistantId: string }
let b: { orgId: string; assistantId: string; lineId: string }

beforeAll(async () => {
  const { today } = await businessClock()
  const [category, vat] = [await createCategory(db), await createTaxClass(db)]
  const product = await createProduct(db, { categoryId: category.id, taxClassId: vat.id })
  const dealer = async (tag: 'A' | 'B', qty: number) => {
    const org = await createOrganisation(db, { kind: 'dealer', shortName: `Canary dealer ${tag}` })
    const manager = await createMember(db, org, 'shop_manager')
    const admin = await createMember(db, org, 'dealer_admin')
    const shop = await createShop(db, { orgId: org.id, name: `Canary shop ${tag}`, managerUserId: manager.id })
    const { user } = await createAssistant(db, {
      orgId: org.id,
      shopId: shop.id,
      displayName: `Canary seller ${tag}`,
      startsOn: `${today.slice(0, 7)}-01`,
    })
    await createSaleReports(db, [{ orgId: org.id, shopId: shop.id, userId: user.id, productId: product.id, soldOn: today, qty }])
    return { org, admin, manager, user }
  }
  const dealerA = await dealer('A', 3)
  const dealerB = await dealer('B', 777)
  // ₽7.77 a unit above a norm of 0: B's seller earns 777 × 7.77 = ₽6,037.29, a figure found nowhere else.
  const p = await createBonusProgramme(db, {
    periodStart: `${today.slice(0, 7)}-01`,
    periodEnd: today,
    normUnits: 0,
    rateMinor: 7_77,
    nameEn: 'Canary bonus',
    nameRu: 'Канареечный бонус',
  })
  await recalculateBonusProgramme({ scope: desk, actor, programmeId: p.id })
  const [lineB] = await db
    .select()
    .from(ledgerLines)
    .where(eq(ledgerLines.accrualKey, bonusAccrualKey(p.id, dealerB.user.id)))
  await holdLedgerLine({ scope: grantScope('manage:partner_programme:any', null), actor, lineId: lineB.id, reasons: ['review'] })
  a = {
    orgId: dealerA.org.id,
    adminEmail: dealerA.admin.email,
    managerEmail: dealerA.manager.email,
    assistantEmail: dealerA.user.email,
    assistantId: dealerA.user.id,
  }
  b = { orgId: dealerB.org.id, assistantId: dealerB.user.id, lineId: lineB.id }
})

/** B's figures in any format: 777 units, ₽6,037.29 / 6 037,29 ₽, its names. */
const expectNothingOfB = (body: string) => {
  expect(body).not.toContain('Canary shop B')
  expect(body).not.toContain('Canary seller B')
  expect(body).not.toContain('Canary dealer B')
  expect(body).not.toMatch(/6[\s\u00a0\u202f,.']?037/)
  expect(body).not.toContain(b.assistantId)
  expect(body).not.toContain(b.lineId)
}

describe("dealer A's pages beside dealer B's results and held line", () => {
  it("the results page and its CSV show A's shop and seller only", async () => {
    const app = await startApp()
    try {
      for (const email of [a.adminEmail, a.managerEmail]) {
        const cookie = await app.login(email, defaultTestPassword)
        const page = await app.request('/shops/results', { cookie })
        expect(page.status).toBe(200)
        expect(page.body).toContain('Canary shop A')
        expect(page.body).toContain('Canary seller A')
        expectNothingOfB(page.body)
        const csv = await app.request('/shops/results.csv?sort=amount&dir=desc', { cookie })
        expect(csv.status).toBe(200)
        expect(csv.body).toContain('Canary seller A')
        expectNothingOfB(csv.body)
      }
    } finally {
      await app.close()
    }
  })

  it("A's assistant's home shows her own bonus and none of B's", async () => {
    const app = await startApp()
    try {
      const cookie = await app.login(a.assistantEmail, defaultTestPassword)
      // A shop assistant's home is /assistant.
      expect((await app.request('/', { cookie })).location).toBe('/assistant')
      const page = await app.request('/assistant', { cookie })
      expect(page.status).toBe(200)
      expect(page.body).toContain('Канареечный бонус')
      expect(page.body).toMatch(/23,31/) // 3 × 7,77 ₽
      expectNothingOfB(page.body)
    } finally {
      await app.close()
    }
  })
})

describe("the module functions with A's scope", () => {
  it("never return B's rows", async () => {
    const scopeA = grantScope('read:sarm:org', a.orgId)
    const results = await dealerResults({ scope: scopeA })
    expect(results.rows.map((r) => r.userId)).toContain(a.assistantId)
    expect(results.rows.map((r) => r.userId)).not.toContain(b.assistantId)
    expect(results.held.map((h) => h.id)).not.toContain(b.lineId)
    // B's assistant id with A's scope: the dealer filter is in the query, so nothing of B comes back.
    const home = await assistantHome({ scope: grantScope('read:sarm:own', a.orgId), userId: b.assistantId })
    expect(home.lines).toEqual([])
    expect(home.running).toEqual([])
  })

  it('keep the desk overview to an `any` scope, by type', () => {
    // @ts-expect-error an OrgScope is not an AnyScope
    refusedByType(() => deskSarmOverview({ scope: grantScope('read:sarm:org', a.orgId) }))
  })
})
