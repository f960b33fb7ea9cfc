import { io as ioClient } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { grantScope } from '../../app/modules/auth/scope.server'
import { revokeApiKey } from '../../app/modules/auth/mutations.server'
import {
  createApiKey,
  createCategory,
  createEdiPartner,
  createMember,
  createOrganisation,
  createPriceList,
  createProduct,
  createTaxClass,
  createWarehouse,
  defaultTestPassword,
  setStock,
} from '../factories'
import { startApp, type App } from '../http-harness'

// The API's tenant canary (issue 12, "Tests"): account A's key never reads account B's orders or messages; a revoked
// key is refused at once; a key is no credential for a page or a socket, and never accepted in a URL.

let app: App
const a = {} as { token: string; keyId: string; adminId: string; orgId: string; email: string }
const b = {} as { token: string; orderId: string; messageId: string }

const gtin13 = (twelve: string) => twelve + ((10 - ([...twelve].reduce((s, d, i) => s + Number(d) * (i % 2 ? 3 : 1), 0) % 10)) % 10)
const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

beforeAll(async () => {
  app = await startApp()
  const category = await createCategory(db)
  const vat = await createTaxClass(db)
  const wh = await createWarehouse(db)
  const gtin = gtin13('460700022222')
  const p = await createProduct(db, { categoryId: category.id, taxClassId: vat.id, sku: 'CANARY-API-1', gtin })
  await setStock(db, { productId: p.id, warehouseId: wh.id, atp: 1000, leadDays: 1 })
  await createPriceList(db, { assign: { scope: 'global' }, prices: { [p.id]: [[1, 99_00]] } })
  for (const side of [a, b] as const) {
    const org = await createOrganisation(db, { kind: 'key_account' })
    const admin = await createMember(db, org, 'account_admin')
    await createEdiPartner(db, org.id, { mode: 'production', syntax: 'json' })
    const key = await createApiKey({ orgId: org.id, userId: admin.id })
    Object.assign(side, { token: key.token, keyId: key.id, adminId: admin.id, orgId: org.id, email: admin.email })
  }
  // B books an order over JSON: its order and its order response are B's alone.
  const res = await app.request('/api/v1/orders', {
    method: 'POST',
    body: JSON.stringify({ orderNumber: 'PO-CANARY-B', lines: [{ gtin, qty: 2 }] }),
    headers: { ...bearer(b.token), 'content-type': 'application/json' },
  })
  expect(res.status).toBe(201)
  b.orderId = (JSON.parse(res.body) as { orderId: string }).orderId
  const box = await app.request('/api/v1/messages', { headers: bearer(b.token) })
  b.messageId = (JSON.parse(box.body) as { items: { id: string }[] }).items[0].id
  expect(b.orderId).toBeTruthy()
  expect(b.messageId).toBeTruthy()
})
afterAll(async () => app?.close())

describe('API keys and tenants', () => {
  it("B's key reads its own order and message; A's key gets 404 for both and sees none of B's in its lists", async () => {
    expect((await app.request(`/api/v1/orders/${b.orderId}`, { headers: bearer(b.token) })).status).toBe(200)
    expect((await app.request(`/api/v1/messages/${b.messageId}`, { headers: bearer(b.token) })).status).toBe(200)
    expect((await app.request(`/api/v1/orders/${b.orderId}`, { headers: bearer(a.token) })).status).toBe(404)
    expect((await app.request(`/api/v1/messages/${b.messageId}`, { headers: bearer(a.token) })).status).toBe(404)
    const ack = await app.request(`/api/v1/messages/${b.messageId}/ack`, { method: 'POST', body: '', headers: bearer(a.token) })
    expect(ack.status).toBe(404)
    for (const path of ['/api/v1/orders', '/api/v1/messages', '/api/v1/order-responses']) {
      const list = await app.request(path, { headers: bearer(a.token) })
      expect(list.status, path).toBe(200)
      expect(list.body, path).not.toContain(b.orderId)
      expect(list.body, path).not.toContain('PO-CANARY-B')
    }
  })

  it('refuses a revoked key at once, with problem+json', async () => {
    const extra = await createApiKey({ orgId: a.orgId, userId: a.adminId })
    expect((await app.request('/api/v1/orders', { headers: bearer(extra.token) })).status).toBe(200)
    await revokeApiKey({ scope: grantScope('manage:api_key:org', a.orgId), actor: { userId: a.adminId, email: null, ip: null }, keyId: extra.id })
    const res = await app.request('/api/v1/orders', { headers: bearer(extra.token) })
    expect(res.status).toBe(401)
    expect(res.headers.get('content-type')).toContain('application/problem+json')
    expect(JSON.parse(res.body)).toMatchObject({ code: 'key_revoked' })
  })

  it('never takes a key in the URL, and a key is no credential for pages or sockets', async () => {
    const inUrl = await app.request(`/api/v1/orders?api_key=${a.token}`)
    expect(inUrl.status).toBe(400)
    expect(JSON.parse(inUrl.body)).toMatchObject({ code: 'key_in_url' })
    const page = await app.request('/orders', { headers: bearer(a.token) })
    expect(page.status).toBe(302)
    expect(page.location).toContain('/login')
    const s = ioClient(app.origin, {
      transports: ['websocket'],
      extraHeaders: { origin: app.origin, ...bearer(a.token) },
      reconnection: false,
      forceNew: true,
    })
    const outcome = await new Promise<string>((resolve) => {
      s.once('connect_error', () => resolve('refused'))
      s.once('connect', () => resolve('connected'))
    })
    s.disconnect()
    expect(outcome).toBe('refused')
    // And a person's session is no credential for the API.
    const cookie = await app.login(a.email, defaultTestPassword)
    expect((await app.request('/api/v1/orders', { cookie })).status).toBe(401)
  })
})
