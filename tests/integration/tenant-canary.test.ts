import { randomUUID } from 'node:crypto'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { ServerBuild } from '@remix-run/node'
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { addToCart } from '../../app/modules/ordering/mutations.server'
import { grantScope } from '../../app/modules/auth/scope.server'
import { acceptBid } from '../../app/modules/auctions/bids.server'
import { getOrder, listOrders } from '../../app/modules/ordering/queries.server'
import { setOrderFilterDroppedForTests } from '../../db/tenant-scope.server'
import { bids, cartLines, carts, dealerPartNumbers, memberships, orders, sessions, stockLevels, users } from '../../db/schema'
import {
  createCategory,
  createMember,
  createTender,
  createOrder,
  createOrganisation,
  createPriceList,
  createProduct,
  createShipTo,
  createTaxClass,
  createWarehouse,
  defaultTestPassword,
  setDeliveryTerms,
  setStock,
} from '../factories'
import { startApp, type App } from '../http-harness'

// T-A2, the two-organisation canary: organisation B has the same shape as A, and every text field of B carries a
// marker. Signed in as A, we ask every route for B's ids: the answer is 404 (or 403 where A's role lacks the
// permission altogether), nothing of B changes, and no byte of any response contains the marker.

const MARKER = `CANARY_B_${randomUUID().replace(/-/g, '')}`
const marker = MARKER.toLowerCase()

let app: App
let build: ServerBuild
const a = {} as { orgId: string; admin: string; buyer: string; adminId: string }
const b = {} as {
  orgId: string
  adminId: string
  buyerId: string
  sessionId: string
  cookie: string
  productId: string
  orderId: string
  shipToId: string
}

beforeAll(async () => {
  app = await startApp()
  build = (await import(/* @vite-ignore */ pathToFileURL(path.resolve('build/index.js')).href)) as ServerBuild
  const orgA = await createOrganisation(db, { kind: 'dealer', shortName: 'Dealer A' })
  const adminA = await createMember(db, orgA, 'dealer_admin', { displayName: 'A admin' })
  const buyerA = await createMember(db, orgA, 'dealer_buyer', { displayName: 'A buyer' })
  Object.assign(a, {
    orgId: orgA.id,
    adminId: adminA.id,
    admin: await app.login(adminA.email, defaultTestPassword),
    buyer: await app.login(buyerA.email, defaultTestPassword),
  })

  const orgB = await createOrganisation(db, { kind: 'dealer', shortName: `Dealer ${MARKER}`, legalName: `ООО «${MARKER}»` })
  const adminB = await createMember(db, orgB, 'dealer_admin', { displayName: `Admin ${MARKER}`, email: `admin.${marker}@b.example` })
  const buyerB = await createMember(db, orgB, 'dealer_buyer', { displayName: `Buyer ${MARKER}`, email: `buyer.${marker}@b.example` })
  // B's people sign in, so B also has sessions, audit entries and a failed login with its marker.
  const cookie = await app.login(adminB.email, defaultTestPassword)
  await app.request('/login', { form: { email: buyerB.email, password: 'wrong password' } })
  // B's contract price and B's own part number for a product both organisations can buy.
  const category = await createCategory(db)
  const product = await createProduct(db, { categoryId: category.id, taxClassId: (await createTaxClass(db)).id, sku: 'SHARED-1' })
  await createPriceList(db, { assign: { scope: 'global' }, prices: { [product.id]: [[1, 500_00]] } })
  await createPriceList(db, {
    code: `B-${MARKER}`,
    name: `Contract ${MARKER}`,
    assign: { scope: 'org', orgId: orgB.id },
    prices: { [product.id]: [[1, 1_23]] },
  })
  await db.insert(dealerPartNumbers).values({ orgId: orgB.id, productId: product.id, partNumber: MARKER })
  await addToCart({ scope: grantScope('create:order:org', orgB.id), userId: adminB.id, lines: [{ productId: product.id, qty: 7 }] })
  // B's delivery terms, ship-to and an order; A has an order of its own, so A's lists are not empty.
  const warehouse = await createWarehouse(db)
  await setStock(db, { productId: product.id, warehouseId: warehouse.id, atp: 100, leadDays: 1 })
  await setDeliveryTerms(db, orgB.id, { namedPlace: `Place ${MARKER}`, poRequired: true })
  const shipTo = await createShipTo(db, { orgId: orgB.id, name: `Depot ${MARKER}`, address: `Street ${MARKER}` })
  const order = await createOrder(db, {
    orgId: orgB.id,
    placedBy: buyerB.id,
    warehouseId: warehouse.id,
    items: [{ productId: product.id, sku: 'SHARED-1', qty: 3, unitPriceMinor: 1_23 }],
    poNumber: `PO-${MARKER}`,
    comment: MARKER,
  })
  await createOrder(db, {
    orgId: orgA.id,
    placedBy: buyerA.id,
    warehouseId: warehouse.id,
    items: [{ productId: product.id, sku: 'SHARED-1', qty: 1, unitPriceMinor: 500_00 }],
  })
  Object.assign(b, { orderId: order.id, shipToId: shipTo.id })
  b.productId = product.id
  Object.assign(b, { orgId: orgB.id, adminId: adminB.id, buyerId: buyerB.id, cookie, sessionId: cookie.split('=')[1].split('.')[0] })
})
afterAll(() => app.close())

const signsInOrOut = new Set(['routes/login', 'routes/logout'])

function urlOf(routeId: string) {
  const segments: string[] = []
  for (let id: string | undefined = routeId; id; id = build.routes[id]?.parentId) {
    const p = build.routes[id]?.path
    if (p) segments.unshift(p)
  }
  return ('/' + segments.join('/'))
    .replace(':orgId', b.orgId)
    .replace(':userId', b.adminId)
    .replace(':sku', 'SHARED-1')
    .replace(':orderId', b.orderId)
    .replace(/\/\*$/, `/${b.orgId}`)
}

/** Forms aimed at B's objects, for every action that takes an id. */
function formsFor(routeId: string): Record<string, string>[] {
  const common: Record<string, string>[] = [{}, { orgId: b.orgId }, { userId: b.adminId }]
  const specific: Record<string, Record<string, string>[]> = {
    'routes/org.switch': [{ orgId: b.orgId }],
    'routes/account.sessions': [{ intent: 'revoke', sessionId: b.sessionId }],
    'routes/account.invitations': [
      { intent: 'accept', orgId: b.orgId },
      { intent: 'decline', orgId: b.orgId },
    ],
    'routes/org.users._index': [
      { intent: 'change-role', userId: b.adminId, role: 'dealer_viewer' },
      { intent: 'remove-member', userId: b.adminId },
    ],
    'routes/admin.organisations.$orgId': [{ intent: 'change-role', userId: b.adminId, role: 'dealer_viewer' }],
    'routes/admin.users.$userId': [{ intent: 'remove-membership', orgId: b.orgId }, { intent: 'revoke-sessions' }],
    'routes/cart': [
      { intent: 'set-qty', productId: b.productId, qty: '1' },
      { intent: 'remove', productId: b.productId },
    ],
    'routes/quick-order': [{ lines: `${MARKER}\t1\nSHARED-1\t1` }],
    'routes/checkout': [{ checkoutToken: randomUUID(), seen: `${b.productId}:7:123::`, shipToId: b.shipToId }],
    'routes/orders.$orderId': [{ intent: 'reorder' }],
    'routes/desk.orders.$orderId': [{ intent: 'cancel', reason: 'not yours' }, { intent: 'deliver' }],
    'routes/desk.terms.$orgId': [{ intent: 'remove-ship-to', id: b.shipToId }],
  }
  return [...common, ...(specific[routeId] ?? [])]
}

/** Every route (or those `only` keeps) as A's admin and buyer, in both languages: the leaks found, and the id routes' answers. */
async function sweep(only: (routeId: string) => boolean = () => true) {
  const leaks: string[] = []
  const idRoutesAnswered: string[] = []
  for (const [who, cookie] of [
    ['A admin', a.admin],
    ['A buyer', a.buyer],
  ] as const) {
    for (const routeId of Object.keys(build.routes).filter((id) => id !== 'root' && only(id))) {
      const url = urlOf(routeId)
      const mod = build.routes[routeId].module
      const requests: { method: 'GET' | 'POST'; form?: Record<string, string>; url: string }[] = []
      // Searching for B's marker: a prefix, so the search box echoing the query is not mistaken for a leak.
      if (mod.loader)
        for (const u of [url, `${url}?q=CANARY_B`, `${url}?orgId=${b.orgId}&userId=${b.adminId}`]) requests.push({ method: 'GET', url: u })
      // Signing in and out take no ids and would end A's own session mid-test.
      if (mod.action && !signsInOrOut.has(routeId)) for (const form of formsFor(routeId)) requests.push({ method: 'POST', url, form })
      for (const r of requests)
        for (const lang of ['ru', 'en']) {
          const res = await app.request(r.url, { method: r.method, form: r.form, cookie, headers: { cookie: `${cookie}; lang=${lang}` } })
          const text = (res.body + JSON.stringify([...res.headers])).toLowerCase()
          // B's ids count only where the request did not carry them itself (the page may echo its own URL).
          const asked = (r.url + JSON.stringify(r.form ?? {})).toLowerCase()
          const secrets = [marker, b.orgId, b.adminId, b.buyerId, b.sessionId, b.orderId, b.shipToId].filter((x) => !asked.includes(x))
          if (secrets.some((x) => text.includes(x))) leaks.push(`${who} ${r.method} ${r.url} ${JSON.stringify(r.form ?? {})}: ${res.status}`)
          if (res.status >= 500) leaks.push(`${who} ${r.method} ${r.url}: ${res.status}`)
          const asksForB =
            /:orgId|:userId|:orderId/.test(build.routes[routeId].path ?? '') || (r.method === 'POST' && routeId === 'routes/org.switch')
          if (asksForB && r.method === 'GET' && r.url === url) {
            // The API takes no cookie: a signed-in page session is refused there (401) before any id is looked at;
            // A's own key asking for B's ids is tested in edi-api-canary.test.ts.
            const refused = res.status === 404 || res.status === 403 || (res.status === 401 && r.url.startsWith('/api/v1/'))
            if (!refused) leaks.push(`${who} GET ${r.url} answered ${res.status}, not 404`)
            idRoutesAnswered.push(`${routeId}:${res.status}`)
          }
        }
    }
  }
  return { leaks, idRoutesAnswered }
}

describe('two-organisation canary', () => {
  // Every route × two callers × two languages × several requests: its own timeout.
  it('never shows organisation B to organisation A, on any route, in any language', async () => {
    const { leaks, idRoutesAnswered } = await sweep()
    expect(leaks).toEqual([])
    // A's admin may open org.users.$userId (its own members): for B's user that is a 404, not a 403.
    expect(idRoutesAnswered).toContain('routes/org.users.$userId:404')
    expect(idRoutesAnswered).toContain('routes/orders.$orderId:404')
  }, 180_000)

  // T-A4: the same canary on the order routes with the app's own filter taken out of the order queries. Only
  // row-level security stands between A and B's order now; the mutation is live (B's order is one query away
  // outside A's request), and the order routes still show A nothing of B.
  it('still shows A nothing of B’s orders with the app’s order filter removed (row-level security alone)', async () => {
    setOrderFilterDroppedForTests(true)
    try {
      expect((await getOrder({ scope: grantScope('read:order:org', a.orgId), orderId: b.orderId }))?.id).toBe(b.orderId)
      expect((await listOrders({ scope: grantScope('read:order:org', a.orgId), query: { mine: false } })).rows.map((o) => o.id)).toContain(b.orderId)
      const { leaks, idRoutesAnswered } = await sweep((id) => id.startsWith('routes/orders'))
      expect(leaks).toEqual([])
      expect(idRoutesAnswered).toContain('routes/orders.$orderId:404')
      const list = await app.request('/orders', { cookie: a.buyer })
      expect(list.status).toBe(200)
      expect(list.body.toLowerCase()).not.toContain(marker)
    } finally {
      setOrderFilterDroppedForTests(false)
    }
    expect(await getOrder({ scope: grantScope('read:order:org', a.orgId), orderId: b.orderId })).toBeNull()
  }, 120_000)

  it('left everything of B as it was', async () => {
    const roles = await db.select({ userId: memberships.userId, role: memberships.role }).from(memberships).where(eq(memberships.orgId, b.orgId))
    expect(roles.sort((x, y) => x.role.localeCompare(y.role))).toEqual([
      { userId: b.adminId, role: 'dealer_admin' },
      { userId: b.buyerId, role: 'dealer_buyer' },
    ])
    const [session] = await db
      .select()
      .from(sessions)
      .where(and(eq(sessions.id, b.sessionId), eq(sessions.userId, b.adminId)))
    expect(session?.activeOrgId).toBe(b.orgId)
    expect((await app.request('/', { cookie: b.cookie })).status).toBe(200)
    const bCart = await db
      .select({ qty: cartLines.qty })
      .from(cartLines)
      .innerJoin(carts, eq(carts.id, cartLines.cartId))
      .where(and(eq(carts.orgId, b.orgId), eq(carts.userId, b.adminId)))
    expect(bCart).toEqual([{ qty: 7 }])
    const [order] = await db.select({ status: orders.status }).from(orders).where(eq(orders.id, b.orderId))
    expect(order.status).toBe('submitted')
    expect((await db.select({ atp: stockLevels.atp }).from(stockLevels).where(eq(stockLevels.productId, b.productId)))[0].atp).toBe(100)
    const [user] = await db.select({ disabledAt: users.disabledAt }).from(users).where(eq(users.id, b.adminId))
    expect(user.disabledAt).toBeNull()
    // A's own session still points at A: the switch to B was refused.
    const aSessionId = a.admin.split('=')[1].split('.')[0]
    const [aSession] = await db.select({ org: sessions.activeOrgId }).from(sessions).where(eq(sessions.id, aSessionId))
    expect(aSession.org).toBe(a.orgId)
  })

  it('tells A’s sockets nothing about B', async () => {
    const s = app.socket({ cookie: a.admin })
    await new Promise<void>((resolve, reject) => {
      s.once('connect', () => resolve())
      s.once('connect_error', reject)
    })
    const reply = JSON.stringify(await s.emitWithAck('session:whoami')).toLowerCase()
    expect(reply).not.toContain(marker)
    expect(reply).not.toContain(b.orgId)
    s.disconnect()
  })
})

describe('two-supplier canary in the auction room', () => {
  it('never shows supplier B’s tenders, bids or identity to supplier A, on any tender route or socket event', async () => {
    const operator = await createOrganisation(db, { kind: 'operator' })
    const supA = await createOrganisation(db, { kind: 'supplier', verificationStatus: 'verified', shortName: 'Supplier A' })
    const supB = await createOrganisation(db, { kind: 'supplier', verificationStatus: 'verified', shortName: `Supplier ${MARKER}` })
    const userA = await createMember(db, supA, 'supplier_admin')
    const userB = await createMember(db, supB, 'supplier_bidder', { displayName: `Bidder ${MARKER}` })
    const cookieA = await app.login(userA.email, defaultTestPassword)
    const onlyB = await createTender(db, {
      buyerOrgId: operator.id,
      suppliers: [supB.id],
      title: `Tender ${MARKER}`,
      lots: [{ item: `Lot ${MARKER}` }],
    })
    const shared = await createTender(db, { buyerOrgId: operator.id, suppliers: [supA.id, supB.id], visibility: 'full' })
    const bBid = await acceptBid({
      lotId: shared.lots[0].id,
      supplierOrgId: supB.id,
      userId: userB.id,
      priceMinor: 99_000_00,
      clientBidId: `client-${MARKER}`,
    })
    expect(bBid.ok).toBe(true)
    const secrets = [marker, supB.id, userB.id, onlyB.tender.id, onlyB.lots[0].id]
    const leaks: string[] = []
    const check = (what: string, body: string) => secrets.some((x) => body.toLowerCase().includes(x)) && leaks.push(what)

    for (const url of ['/tenders', `/tenders/${shared.tender.id}`]) {
      const res = await app.request(url, { cookie: cookieA })
      expect(res.status).toBe(200)
      check(url, res.body)
    }
    for (const url of [`/tenders/${onlyB.tender.id}`, `/tenders/${onlyB.tender.id}/report.csv`])
      expect((await app.request(url, { cookie: cookieA })).status).toBe(404)
    // A bid aimed at B's lot through A's own tender page, and an acceptance of B's terms: refused, nothing written.
    const viaPage = await app.request(`/tenders/${shared.tender.id}?_data=${encodeURIComponent('routes/tenders.$tenderId')}`, {
      cookie: cookieA,
      form: { intent: 'bid', lotId: onlyB.lots[0].id, priceMinor: '9900000', clientBidId: 'a-1' },
    })
    expect(viaPage.status).toBe(404)
    expect((await app.request(`/tenders/${onlyB.tender.id}`, { cookie: cookieA, form: { intent: 'acceptTerms' } })).status).toBe(404)
    expect(await db.select().from(bids).where(eq(bids.lotId, onlyB.lots[0].id))).toHaveLength(0)

    const s = app.socket({ cookie: cookieA })
    await new Promise<void>((resolve, reject) => {
      s.once('connect', () => resolve())
      s.once('connect_error', reject)
    })
    expect(await s.emitWithAck('auction:watch', { tenderId: onlyB.tender.id })).toEqual({ ok: false, rule: 'not_invited' })
    expect(await s.emitWithAck('auction:sync', { lotId: onlyB.lots[0].id, afterSeq: 0 })).toEqual({ ok: false, rule: 'not_invited' })
    expect(await s.emitWithAck('auction:bid', { lotId: onlyB.lots[0].id, priceMinor: 99_000_00, clientBidId: 'a-2' })).toEqual({
      ok: false,
      rule: 'not_invited',
    })
    check('auction:watch shared', JSON.stringify(await s.emitWithAck('auction:watch', { tenderId: shared.tender.id })))
    check('auction:sync shared', JSON.stringify(await s.emitWithAck('auction:sync', { lotId: shared.lots[0].id, afterSeq: 0 })))
    s.disconnect()
    expect(leaks).toEqual([])
  })
})
