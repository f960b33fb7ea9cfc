import { beforeAll, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { db } from '../../db/client.server'
import { crmAccounts, crmForecastRuns, crmForecasts } from '../../db/schema/crm'
import { orders } from '../../db/schema/orders'
import { carts, cartLines } from '../../db/schema/ordering'
import { partnerTargets } from '../../db/schema/prm'
import { translate, type MessageKey, type Params } from '../../app/i18n'
import { sessionCookieName } from '../../app/modules/auth/cookies.server'
import { createSession } from '../../app/modules/auth/session.server'
import { recommendationReason, type RecommendationView } from '../../app/modules/crm/components/recommendations'
import { businessClock } from '../../app/utils/clock.server'
import { action as cartAction, loader as cartLoader } from '../../app/routes/cart'
import { loader as crmHomeLoader } from '../../app/routes/crm._index'
import { loader as deskOrderLoader } from '../../app/routes/desk.orders.$orderId'
import { loader as deskPartnerLoader } from '../../app/routes/desk.partners.$orgId'
import { loader as programmeLoader } from '../../app/routes/programme._index'
import {
  createCategory,
  createMember,
  createOrder,
  createOrganisation,
  createPriceList,
  createProduct,
  createTaxClass,
  createWarehouse,
  setStock,
} from '../factories'
import { createRecommendation } from '../factories/crm-recommendations'
import { createSegmentRun } from '../factories/crm-segments'

// Where the CRM's findings meet people outside the CRM pages (issue 15): the dealer's cart shows the catalog's
// recommendations, the operator's order page and the CRM home the regular-customer prompt and churn risk, the PRM
// targets the sales forecast for the rest of the period. Loaders called as the signed-in person would.

const context = { cspNonce: '', clientIp: '127.0.0.1' }
async function cookieOf(userId: string, orgId: string) {
  const { token } = await createSession(db, { userId, activeOrgId: orgId, ip: null, userAgent: null })
  return `${sessionCookieName()}=${token}`
}
async function get<T>(loader: (args: never) => Promise<Response>, path: string, cookie: string, params: Record<string, string> = {}) {
  const request = new Request(`http://portal.test${path}`, { headers: { cookie } })
  const res = await loader({ request, params, context } as never)
  return (await res.json()) as T
}
const en = (key: MessageKey, params?: Params) => translate('en', key, params)

const w = {} as {
  category: string
  product: Record<'cable' | 'lamp' | 'socket', { id: string; sku: string }>
  dealer: string
  buyer: string
  buyerCookie: string
  regular: string
  regularOrder: string
  quiet: string
  quietOrder: string
  leaving: string
  managerCookie: string
  partnerCookie: string
  dealerAdminCookie: string
  unforecast: string
}

/** A day `monthsAgo` whole months before this one, on the 15th at noon (UTC). */
function monthsAgo(n: number) {
  const d = new Date()
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - n, 15, 12))
}

beforeAll(async () => {
  const [category, vat, wh] = [await createCategory(db), await createTaxClass(db), await createWarehouse(db)]
  w.category = category.id
  const make = async (sku: string, nameEn: string) => {
    const p = await createProduct(db, { categoryId: category.id, taxClassId: vat.id, sku, nameEn, packSize: 1, minQty: 1 })
    await setStock(db, { productId: p.id, warehouseId: wh.id, atp: 500, leadDays: 1 })
    return p
  }
  w.product = { cable: await make('SRF-CABLE', 'Cable'), lamp: await make('SRF-LAMP', 'Lamp'), socket: await make('SRF-SOCKET', 'Socket') }
  await createPriceList(db, { assign: { scope: 'global' }, prices: Object.fromEntries(Object.values(w.product).map((p) => [p.id, [[1, 10_00]]])) })

  // The dealer buys cables; similar dealers also buy lamps and sockets. A lamp is already in its cart.
  const dealer = await createOrganisation(db, { kind: 'dealer' })
  w.dealer = dealer.id
  const buyer = await createMember(db, dealer, 'dealer_buyer', { locale: 'en' })
  w.buyer = buyer.id
  w.buyerCookie = await cookieOf(buyer.id, dealer.id)
  await createRecommendation(db, { orgId: dealer.id, productId: w.product.lamp.id, antecedentId: w.product.cable.id })
  await createRecommendation(db, { orgId: dealer.id, productId: w.product.socket.id, antecedentId: w.product.cable.id, lift: 1.3 })
  const [cart] = await db.insert(carts).values({ orgId: dealer.id, userId: buyer.id }).returning()
  await db.insert(cartLines).values({ cartId: cart.id, productId: w.product.lamp.id, qty: 2 })

  // Three customers of one sales manager: a regular one (orders in 8 of the last 12 months, segment AX), one at
  // churn risk (3 orders 10 days apart, the last 80 days ago) and a quiet one (a single order).
  const operator = await createOrganisation(db, { kind: 'operator' })
  const manager = await createMember(db, operator, 'sales_manager', { locale: 'en' })
  w.managerCookie = await cookieOf(manager.id, operator.id)
  const customer = async (placed: Date[]) => {
    const org = await createOrganisation(db, { kind: 'dealer' })
    const user = await createMember(db, org, 'dealer_buyer')
    let last = ''
    for (const on of placed) {
      const order = await createOrder(db, {
        orgId: org.id,
        placedBy: user.id,
        warehouseId: wh.id,
        items: [{ productId: w.product.cable.id, sku: w.product.cable.sku, qty: 1, unitPriceMinor: 10_00 }],
      })
      await db.update(orders).set({ placedAt: on }).where(eq(orders.id, order.id))
      last = order.id
    }
    await db.insert(crmAccounts).values({ orgId: org.id, ownerId: manager.id })
    return { id: org.id, lastOrder: last }
  }
  const day = 86_400_000
  const regular = await customer([...Array.from({ length: 8 }, (_, k) => monthsAgo(8 - k)), new Date(Date.now() - day)])
  const leaving = await customer([100, 90, 80].map((n) => new Date(Date.now() - n * day)))
  const quiet = await customer([new Date(Date.now() - 2 * day)])
  Object.assign(w, { regular: regular.id, regularOrder: regular.lastOrder, leaving: leaving.id, quiet: quiet.id, quietOrder: quiet.lastOrder })
  await createSegmentRun(db, {
    members: [
      { orgId: regular.id, abc: 'A', xyz: 'X', prevCumShare: 0.12, cv: 0.08 },
      { orgId: leaving.id, abc: 'C', xyz: 'Z' },
    ],
  })

  // A dealer with a revenue target this quarter and a forecast for every coming month; another without forecasts.
  const { today } = await businessClock()
  const partner = await createMember(db, operator, 'partner_manager', { locale: 'en' })
  w.partnerCookie = await cookieOf(partner.id, operator.id)
  w.dealerAdminCookie = await cookieOf((await createMember(db, dealer, 'dealer_admin', { locale: 'en' })).id, dealer.id)
  const unforecast = await createOrganisation(db, { kind: 'dealer' })
  w.unforecast = unforecast.id
  const [y, m] = today.split('-').map(Number) as [number, number]
  const q = Math.floor((m - 1) / 3)
  const periodStart = `${y}-${String(q * 3 + 1).padStart(2, '0')}-01`
  const periodEnd = new Date(Date.UTC(y, q * 3 + 3, 0)).toISOString().slice(0, 10)
  for (const orgId of [dealer.id, unforecast.id])
    await db.insert(partnerTargets).values({ orgId, periodKind: 'quarter', periodStart, periodEnd, metric: 'revenue', target: 10_000_00 })
  const [run] = await db.insert(crmForecastRuns).values({ params: {}, seriesCount: 1 }).returning()
  const month = (k: number) => new Date(Date.UTC(y, m - 1 + k, 1)).toISOString().slice(0, 10)
  await db.insert(crmForecasts).values({
    runId: run.id,
    seriesKey: `org:${dealer.id}:cat:${category.id}`,
    level: 'customer_category',
    orgId: dealer.id,
    categoryId: category.id,
    firstMonth: month(-24),
    history: Array.from({ length: 24 }, () => 300_00),
    method: 'holt_winters',
    reason: 'hw_beats_baseline',
    accuracy: { holt_winters: { mae: 10, wmape: 0.1, mase: 0.62 }, seasonal_naive: { mae: 15, wmape: 0.15, mase: 0.9 } },
    points: Array.from({ length: 6 }, (_, k) => ({ month: month(k), value: 300_00, lo: 200_00, hi: 400_00 })),
  })
}, 60_000)

type CartData = { cart: { lines: { productId: string }[] }; recommendations: RecommendationView[] }

describe('the cart', () => {
  it('shows the recommendations with their reason, without what the cart holds', async () => {
    const data = await get<CartData>(cartLoader, '/cart', w.buyerCookie)
    expect(data.recommendations.map((r) => r.sku)).toEqual([w.product.socket.sku])
    expect(recommendationReason(en, 'en', data.recommendations[0])).toBe(
      'Bought by 8 of 11 similar dealers in your group (class A) who also buy “Cable”: confidence 73 %, 1.3× the group’s usual rate (usually 10 of 20 buy it).',
    )
  })
  it('adds a recommended product from the panel; it then leaves the panel', async () => {
    const request = new Request('http://portal.test/cart', {
      method: 'POST',
      headers: { cookie: w.buyerCookie, 'content-type': 'application/x-www-form-urlencoded', 'Sec-Fetch-Dest': 'empty' },
      body: new URLSearchParams({ intent: 'add-to-cart', productId: w.product.socket.id, qty: '3' }).toString(),
    })
    const res = await cartAction({ request, params: {}, context } as never)
    expect(((await res.json()) as { added: { status: string; total: number } }).added).toMatchObject({ status: 'added', total: 3 })
    const data = await get<CartData>(cartLoader, '/cart', w.buyerCookie)
    expect(data.cart.lines.map((l) => l.productId)).toContain(w.product.socket.id)
    expect(data.recommendations).toEqual([])
  })
})

type Prompt = { orgId: string; qualifies: boolean; discountBp: number | null; orderMonths: number; churn: { judged: boolean; atRisk?: boolean } }

describe('the prompt outside the customer card', () => {
  it('the order page of a regular customer says so; another customer’s says nothing', async () => {
    const regular = await get<{ prompt: Prompt | null }>(deskOrderLoader, `/desk/orders/${w.regularOrder}`, w.managerCookie, {
      orderId: w.regularOrder,
    })
    expect(regular.prompt).toMatchObject({ orgId: w.regular, qualifies: true, discountBp: 300, orderMonths: 8 })
    const quiet = await get<{ prompt: Prompt | null }>(deskOrderLoader, `/desk/orders/${w.quietOrder}`, w.managerCookie, { orderId: w.quietOrder })
    expect(quiet.prompt).toBeNull()
  })
  it('the CRM home lists the manager’s customers to act on, with their figures', async () => {
    const home = await get<{ prompts: (Prompt & { name: string })[] }>(crmHomeLoader, '/crm', w.managerCookie)
    expect(home.prompts.map((p) => p.orgId).sort()).toEqual([w.regular, w.leaving].sort())
    expect(home.prompts.find((p) => p.orgId === w.leaving)).toMatchObject({ qualifies: false, churn: { judged: true, atRisk: true } })
    expect(home.prompts.every((p) => p.name.length > 0)).toBe(true)
  })
})

type Pace = { kind: string; total?: number; rest?: number; leftDays?: number; monthDays?: number; wholeMonths?: number; method?: string }
type TierData = { view: { targets: { value: number; pace: Pace | null }[] } }

describe('the PRM target’s pace from the sales forecast', () => {
  it('adds the forecast for the rest of the quarter, for the partner manager and the dealer alike', async () => {
    const { today } = await businessClock()
    const [y, m, d] = today.split('-').map(Number) as [number, number, number]
    const monthDays = new Date(Date.UTC(y, m, 0)).getUTCDate()
    const wholeMonths = 2 - ((m - 1) % 3)
    const rest = Math.round((300_00 * (monthDays - d)) / monthDays) + wholeMonths * 300_00
    const desk = await get<TierData>(deskPartnerLoader, `/desk/partners/${w.dealer}`, w.partnerCookie, { orgId: w.dealer })
    expect(desk.view.targets[0].pace).toMatchObject({ kind: 'forecast', method: 'holt_winters', rest, wholeMonths, leftDays: monthDays - d })
    const own = await get<TierData>(programmeLoader, '/programme', w.dealerAdminCookie)
    expect(own.view.targets[0].pace).toEqual(desk.view.targets[0].pace)
  })
  it('says there is no forecast for a dealer without one', async () => {
    const desk = await get<TierData>(deskPartnerLoader, `/desk/partners/${w.unforecast}`, w.partnerCookie, { orgId: w.unforecast })
    expect(desk.view.targets[0].pace).toEqual({ kind: 'none' })
  })
})
