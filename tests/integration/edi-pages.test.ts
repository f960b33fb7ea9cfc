import { createHash } from 'node:crypto'
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import {
  apiKeys,
  auditLog,
  dealerPartNumbers,
  ediDocuments,
  ediPartners,
  ediShipToGlns,
  ediTransmissions,
  ediUnmappedItems,
  orderLines,
  orders,
} from '../../db/schema'
import { grantScope } from '../../app/modules/auth/scope.server'
import { withGtinCheckDigit } from '../../app/modules/catalog/gtin'
import { findProductsByReference } from '../../app/modules/catalog/queries.server'
import {
  createApiKey,
  createCategory,
  createMember,
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

// The EDI web pages through HTTP (issue 12): the API-key page shows a token once and keeps only its hash; the
// partner profile refuses bad GLNs and UNA strings field by field and audits what a save changed; the mapping queue
// turns a buyer's article into the account's part number; an account reads its own messages only.

let app: App
const w = {} as {
  orgA: string
  orgB: string
  adminA: string
  buyerA: string
  dealerAdmin: string
  desk: string
  productId: string
  sku: string
  shipToId: string
  docA: string
  docB: string
  token: string
}

beforeAll(async () => {
  app = await startApp()
  const operator = await createOrganisation(db, { kind: 'operator' })
  const a = await createOrganisation(db, { kind: 'key_account', shortName: 'Сеть А' })
  const b = await createOrganisation(db, { kind: 'key_account', shortName: 'Сеть Б' })
  const dealer = await createOrganisation(db, { kind: 'dealer' })
  const adminA = await createMember(db, a, 'account_admin', { locale: 'en' })
  const buyerA = await createMember(db, a, 'account_buyer', { locale: 'en' })
  const dealerAdmin = await createMember(db, dealer, 'dealer_admin', { locale: 'en' })
  const sales = await createMember(db, operator, 'sales_manager', { locale: 'en' })
  const product = await createProduct(db, { categoryId: (await createCategory(db)).id, taxClassId: (await createTaxClass(db)).id, sku: 'EDIP-LAMP' })
  const shipTo = await createShipTo(db, { orgId: a.id, name: 'DC North', address: 'Склад 1', isDefault: true })
  // What an EDI order needs to be booked: a price, stock, delivery terms (the same as a web order's).
  await createPriceList(db, { assign: { scope: 'global' }, prices: { [product.id]: [[1, 120_00]] } })
  await setStock(db, { productId: product.id, warehouseId: (await createWarehouse(db)).id, atp: 100, leadDays: 1 })
  await setDeliveryTerms(db, a.id)
  const { token } = await createApiKey({ orgId: a.id, userId: adminA.id })
  const [docA] = await db
    .insert(ediDocuments)
    .values({ orgId: a.id, direction: 'in', syntax: 'edifact', messageType: 'ORDERS', kind: 'order', documentNumber: 'PO-A-1001', status: 'booked' })
    .returning()
  const [docB] = await db
    .insert(ediDocuments)
    .values({
      orgId: b.id,
      direction: 'in',
      syntax: 'edifact',
      messageType: 'ORDERS',
      kind: 'order',
      documentNumber: 'PO-B-SECRET-77',
      status: 'held',
    })
    .returning()
  Object.assign(w, {
    orgA: a.id,
    orgB: b.id,
    adminA: await app.login(adminA.email, defaultTestPassword),
    buyerA: await app.login(buyerA.email, defaultTestPassword),
    dealerAdmin: await app.login(dealerAdmin.email, defaultTestPassword),
    desk: await app.login(sales.email, defaultTestPassword),
    productId: product.id,
    sku: product.sku,
    shipToId: shipTo.id,
    docA: docA.id,
    docB: docB.id,
    token,
  })
})
afterAll(() => app.close())

const TOKEN = /pk_[a-z2-7]{16}_[a-z2-7]{32}/

describe('API keys page', () => {
  it('shows a new token once; the list never does; the database keeps only its hash', async () => {
    const form = new URLSearchParams([
      ['intent', 'create'],
      ['name', 'SAP production'],
      ['scopes', 'orders:write'],
      ['scopes', 'documents:read'],
    ])
    const created = await app.request('/org/api-keys', { cookie: w.adminA, form })
    expect(created.status).toBe(200)
    const token = TOKEN.exec(created.body)?.[0]
    expect(token).toBeDefined()
    expect(created.body).toContain('will not be shown again')
    const [, id, secret] = token!.split('_')
    const [row] = await db.select().from(apiKeys).where(eq(apiKeys.id, id))
    expect(row.secretHash).toBe(createHash('sha256').update(secret).digest('hex'))
    expect(JSON.stringify(row)).not.toContain(secret)
    expect(row.scopes).toEqual(['orders:write', 'documents:read'])

    const list = await app.request('/org/api-keys', { cookie: w.adminA })
    expect(list.status).toBe(200)
    expect(list.body).toContain('SAP production')
    expect(list.body).not.toMatch(TOKEN)
    expect(list.body).not.toContain(secret)
  })

  it('refuses a key without scopes with the field error, creating nothing', async () => {
    const before = await db.select().from(apiKeys).where(eq(apiKeys.orgId, w.orgA))
    const res = await app.request('/org/api-keys', { cookie: w.adminA, form: { intent: 'create', name: 'No scopes' } })
    expect(res.status).toBe(400)
    expect(res.body).toContain('Choose at least one scope.')
    expect(await db.select().from(apiKeys).where(eq(apiKeys.orgId, w.orgA))).toHaveLength(before.length)
  })

  it('revokes a key, audited; revoking it again is not found', async () => {
    const created = await app.request('/org/api-keys', {
      cookie: w.adminA,
      form: new URLSearchParams([
        ['intent', 'create'],
        ['name', 'Old ERP'],
        ['scopes', 'orders:read'],
      ]),
    })
    const keyId = TOKEN.exec(created.body)![0].split('_')[1]
    const res = await app.request('/org/api-keys', { cookie: w.adminA, form: { intent: 'revoke', keyId } })
    expect(res.status).toBe(200)
    const [row] = await db.select().from(apiKeys).where(eq(apiKeys.id, keyId))
    expect(row.revokedAt).not.toBeNull()
    const audit = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'api_key.revoked'), eq(auditLog.entityId, keyId)))
    expect(audit).toHaveLength(1)
    expect((await app.request('/org/api-keys', { cookie: w.adminA, form: { intent: 'revoke', keyId } })).status).toBe(404)
  })

  it('is closed to a dealer admin and to the account buyer (403)', async () => {
    expect((await app.request('/org/api-keys', { cookie: w.dealerAdmin })).status).toBe(403)
    expect((await app.request('/org/api-keys', { cookie: w.buyerA })).status).toBe(403)
  })
})

/** A valid profile form, as the page submits it; `over` replaces fields. */
function profileForm(over: Record<string, string> = {}) {
  const fields: Record<string, string> = {
    intent: 'profile',
    mode: 'production',
    syntax: 'edifact',
    partnerGln: withGtinCheckDigit('460123400001'),
    ourGln: withGtinCheckDigit('460700000001'),
    edifactQualifier: '14',
    edifactDirectory: 'D01B',
    edifactCharset: 'UNOC',
    edifactSyntaxVersion: '3',
    una: ":+.? '",
    x12Version: '004010',
    sendContrl: 'on',
    orderResponse: 'review',
    ackExpectedHours: '12',
    duplicateWindowDays: '30',
    tolerance: 'tolerant',
    itemIds: 'buyer_article,gtin,sku',
    unknownItem: 'hold',
    webhookUrl: 'https://erp.example/hooks/portal',
    ...over,
  }
  const form = new URLSearchParams(Object.entries(fields))
  form.append('messages', 'ORDERS')
  form.append('messages', 'ORDRSP')
  return form
}

describe('partner profile', () => {
  const profileUrl = () => `/desk/edi/${w.orgA}/profile`
  const profileAudits = () =>
    db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'edi.profile_saved'), eq(auditLog.orgId, w.orgA)))

  it('refuses a GLN with a bad check digit and a 5-character UNA with field errors, and changes nothing', async () => {
    const good = withGtinCheckDigit('460123400001')
    const bad = good.slice(0, 12) + String((Number(good[12]) + 1) % 10)
    const res = await app.request(profileUrl(), { cookie: w.desk, form: profileForm({ partnerGln: bad, una: ":+.?'" }) })
    expect(res.status).toBe(400)
    expect(res.body).toContain('A GLN is 13 digits with a valid check digit.')
    expect(res.body).toContain('UNA is exactly 6 characters.')
    // Each error is tied to its field for screen readers.
    expect(res.body).toMatch(/id="[^"]*partnerGln[^"]*"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="[^"]*partnerGln/)
    expect(await db.select().from(ediPartners).where(eq(ediPartners.orgId, w.orgA))).toHaveLength(0)
    expect(await profileAudits()).toHaveLength(0)
  })

  it('refuses a plain-http webhook to another host', async () => {
    const res = await app.request(profileUrl(), { cookie: w.desk, form: profileForm({ webhookUrl: 'http://erp.example/hook' }) })
    expect(res.status).toBe(400)
    expect(await db.select().from(ediPartners).where(eq(ediPartners.orgId, w.orgA))).toHaveLength(0)
  })

  it('saves every field and audits what changed', async () => {
    const res = await app.request(profileUrl(), { cookie: w.desk, form: profileForm() })
    expect(res.status).toBe(200)
    const [p] = await db.select().from(ediPartners).where(eq(ediPartners.orgId, w.orgA))
    expect(p).toMatchObject({
      mode: 'production',
      edifactDirectory: 'D01B',
      orderResponse: 'review',
      ackExpectedHours: 12,
      duplicateWindowDays: 30,
      tolerant: true,
      itemIds: ['buyer_article', 'gtin', 'sku'],
      unknownItem: 'hold',
      messages: ['ORDERS', 'ORDRSP'],
      sendContrl: true,
      send997: false,
      una: ":+.? '",
    })
    const [audit] = await profileAudits()
    expect(audit.details.changes).toContain('mode: test → production')
    expect(audit.details.changes).toContain('edifactDirectory: D96A → D01B')
    expect(audit.details.changes).not.toContain('edifactCharset')
  })

  it('maps a delivery-point GLN to one of the account’s ship-to addresses, and refuses another account’s', async () => {
    const gln = withGtinCheckDigit('460123409999')
    const otherShipTo = await createShipTo(db, { orgId: w.orgB, name: 'Not yours' })
    const refused = await app.request(profileUrl(), { cookie: w.desk, form: { intent: 'map-gln', gln, shipToId: otherShipTo.id } })
    expect(refused.status).toBe(400)
    const ok = await app.request(profileUrl(), { cookie: w.desk, form: { intent: 'map-gln', gln, shipToId: w.shipToId, blocked: 'on' } })
    expect(ok.status).toBe(200)
    expect(await db.select().from(ediShipToGlns).where(eq(ediShipToGlns.orgId, w.orgA))).toEqual([
      { orgId: w.orgA, gln, shipToId: w.shipToId, blocked: true },
    ])
  })
})

describe('mapping queue', () => {
  it('maps a buyer article to a product: the account’s part number, so the next order finds it', async () => {
    await db.insert(ediUnmappedItems).values({ orgId: w.orgA, idType: 'buyer_article', code: 'ART-555', description: 'Лампа', occurrences: 3 })
    const page = await app.request('/desk/edi/mapping', { cookie: w.desk })
    expect(page.status).toBe(200)
    expect(page.body).toContain('ART-555')

    const unknown = await app.request('/desk/edi/mapping', {
      cookie: w.desk,
      form: { orgId: w.orgA, idType: 'buyer_article', code: 'ART-555', sku: 'NO-SUCH' },
    })
    expect(unknown.status).toBe(400)
    expect(await db.select().from(dealerPartNumbers).where(eq(dealerPartNumbers.orgId, w.orgA))).toHaveLength(0)

    const res = await app.request('/desk/edi/mapping', {
      cookie: w.desk,
      form: { orgId: w.orgA, idType: 'buyer_article', code: 'ART-555', sku: w.sku.toLowerCase() },
    })
    expect(res.status).toBe(200)
    const [queued] = await db.select().from(ediUnmappedItems).where(eq(ediUnmappedItems.code, 'ART-555'))
    expect(queued.productId).toBe(w.productId)
    expect(queued.resolvedAt).not.toBeNull()
    expect((await app.request('/desk/edi/mapping', { cookie: w.desk })).body).not.toContain('ART-555')
    // What the pipeline's item map reads for a buyer article (catalog's reference lookup, the account's scope).
    const found = await findProductsByReference({ scope: grantScope('read:catalog:org', w.orgA), refs: ['ART-555'] })
    expect(found.map((p) => p.id)).toEqual([w.productId])
    const audit = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'edi.item_mapped'), eq(auditLog.orgId, w.orgA)))
    expect(audit).toHaveLength(1)
    expect(audit[0].details).toMatchObject({ code: 'ART-555', sku: w.sku })
  })

  it('does not "map" a GTIN onto a product that lacks it', async () => {
    await db.insert(ediUnmappedItems).values({ orgId: w.orgA, idType: 'gtin', code: withGtinCheckDigit('460000000777') })
    const res = await app.request('/desk/edi/mapping', {
      cookie: w.desk,
      form: { orgId: w.orgA, idType: 'gtin', code: withGtinCheckDigit('460000000777'), sku: w.sku },
    })
    expect(res.status).toBe(400)
    expect(res.body).toContain('a GTIN is a fact of the product')
    const [queued] = await db.select().from(ediUnmappedItems).where(eq(ediUnmappedItems.idType, 'gtin'))
    expect(queued.resolvedAt).toBeNull()
  })
})

/** A small EANCOM D.96A ORDERS from account A (the GLNs of the profile saved above), one line naming a buyer article. */
function orders96a(ref: string, po: string, article: string) {
  const partner = withGtinCheckDigit('460123400001')
  const us = withGtinCheckDigit('460700000001')
  const body = [
    `UNH+1+ORDERS:D:96A:UN:EAN008`,
    `BGM+220+${po}+9`,
    `DTM+137:20261201:102`,
    `NAD+BY+${partner}::9`,
    `NAD+SU+${us}::9`,
    `LIN+1`,
    `PIA+5+${article}:IN`,
    `QTY+21:2`,
    `UNS+S`,
  ]
  return (
    [`UNA:+.? '`, `UNB+UNOC:3+${partner}:14+${us}:14+261201:1200+${ref}`, ...body, `UNT+${body.length + 1}+1`, `UNZ+1+${ref}`].join("'\n") + "'\n"
  )
}

const post = (bytes: string) =>
  app.request('/api/v1/interchanges', { body: bytes, headers: { authorization: `Bearer ${w.token}`, 'content-type': 'application/edifact' } })

describe('mapping queue, end to end', () => {
  it('holds an order naming an unknown buyer article; once mapped on the desk, the next order books it', async () => {
    const first = await post(orders96a('MAP1', 'PO-MAP-1', 'ART-900'))
    expect(first.status).toBe(200)
    const [held] = await db
      .select()
      .from(ediDocuments)
      .where(and(eq(ediDocuments.orgId, w.orgA), eq(ediDocuments.documentNumber, 'PO-MAP-1')))
    expect(held.status).toBe('held')
    expect((await app.request('/desk/edi/mapping', { cookie: w.desk })).body).toContain('ART-900')

    const mapped = await app.request('/desk/edi/mapping', {
      cookie: w.desk,
      form: { orgId: w.orgA, idType: 'buyer_article', code: 'ART-900', sku: w.sku },
    })
    expect(mapped.status).toBe(200)

    const second = await post(orders96a('MAP2', 'PO-MAP-2', 'ART-900'))
    expect(second.status).toBe(200)
    const [booked] = await db
      .select()
      .from(ediDocuments)
      .where(and(eq(ediDocuments.orgId, w.orgA), eq(ediDocuments.documentNumber, 'PO-MAP-2')))
    expect(booked.status).toBe('booked')
    const lines = await db
      .select({ productId: orderLines.productId })
      .from(orderLines)
      .innerJoin(orders, eq(orders.id, orderLines.orderId))
      .where(eq(orders.id, booked.orderId!))
    expect(lines).toEqual([{ productId: w.productId }])
    // The account's log shows both, and the booked one's page links its order.
    const log = await app.request('/edi', { cookie: w.buyerA })
    expect(log.body).toContain('PO-MAP-1')
    expect(log.body).toContain('PO-MAP-2')
    const page = await app.request(`/edi/messages/${booked.id}`, { cookie: w.buyerA })
    expect(page.status).toBe(200)
    expect(page.body).toContain(`/orders/${booked.orderId}`)
  })
})

describe('check a file', () => {
  it('answers with the CONTRL we would send and the errors in words, and creates nothing', async () => {
    const before = (await db.select({ id: ediTransmissions.id }).from(ediTransmissions).where(eq(ediTransmissions.orgId, w.orgA))).length
    const broken = orders96a('CHK1', 'PO-CHK-1', 'ART-900').replace('UNT+10+1', 'UNT+99+1')
    const res = await app.request('/edi/check', { cookie: w.buyerA, form: { text: broken } })
    expect(res.status).toBe(200)
    expect(res.body).toContain('UCI+')
    expect(res.body).toContain('Wrong count of segments or messages')
    expect((await db.select({ id: ediTransmissions.id }).from(ediTransmissions).where(eq(ediTransmissions.orgId, w.orgA))).length).toBe(before)
    expect(await db.select().from(ediDocuments).where(eq(ediDocuments.documentNumber, 'PO-CHK-1'))).toHaveLength(0)
  })

  it('shows each line’s ordered and confirmed quantity, our price and date, and the reason in words', async () => {
    // 150 of a product with 100 in stock: the line is changed, and the page says to what and why.
    const res = await app.request('/edi/check', {
      cookie: w.buyerA,
      form: { text: orders96a('CHK2', 'PO-CHK-2', 'ART-900').replace('QTY+21:2', 'QTY+21:150') },
    })
    expect(res.status).toBe(200)
    const row = /<tr>(?:(?!<\/tr>).)*data-label="Ordered"(?:(?!<\/tr>).)*<\/tr>/s.exec(res.body)?.[0] ?? ''
    const cells = [...row.matchAll(/data-label="([^"]+)"[^>]*>(.*?)<\/td>/gs)].map(([, label, html]) => [label, html.replace(/<[^>]+>/g, '').trim()])
    const line = Object.fromEntries(cells) as Record<string, string>
    // What stock is left after the orders above: less than ordered, whatever the exact figure.
    expect(Number.parseInt(line.Confirmed)).toBeLessThan(150)
    expect(line).toMatchObject({
      Line: '1',
      Item: 'ART-900',
      Ordered: '150 pcs',
      Confirmed: expect.stringMatching(/^\d+ pcs$/),
      'Our price': '120',
      Decision: 'Changed',
      Reason: 'Not enough stock: the available quantity is confirmed.',
    })
    expect(await db.select().from(ediDocuments).where(eq(ediDocuments.documentNumber, 'PO-CHK-2'))).toHaveLength(0)
  })

  it('asks for a file or text when given neither', async () => {
    const res = await app.request('/edi/check', { cookie: w.buyerA, form: { text: '' } })
    expect(res.status).toBe(400)
    expect(res.body).toContain('Choose a file or paste the text.')
  })
})

describe('message log', () => {
  it('shows the account its own messages only: another account’s document is not found', async () => {
    const log = await app.request('/edi', { cookie: w.buyerA })
    expect(log.status).toBe(200)
    expect(log.body).toContain('PO-A-1001')
    expect(log.body).not.toContain('PO-B-SECRET-77')
    expect((await app.request(`/edi/messages/${w.docA}`, { cookie: w.buyerA })).status).toBe(200)
    const other = await app.request(`/edi/messages/${w.docB}`, { cookie: w.buyerA })
    expect(other.status).toBe(404)
    expect(other.body).not.toContain('PO-B-SECRET-77')
    const csv = await app.request('/edi.csv', { cookie: w.buyerA })
    expect(csv.status).toBe(200)
    expect(csv.body).toContain('PO-A-1001')
    expect(csv.body).not.toContain('PO-B-SECRET-77')
  })

  it('filters by status and direction', async () => {
    const held = await app.request('/edi?status=held', { cookie: w.buyerA })
    expect(held.body).not.toContain('PO-A-1001')
    const booked = await app.request('/edi?status=booked&direction=in', { cookie: w.buyerA })
    expect(booked.body).toContain('PO-A-1001')
  })

  it('shows the desk every partner and each partner’s messages', async () => {
    const overview = await app.request('/desk/edi', { cookie: w.desk })
    expect(overview.status).toBe(200)
    expect(overview.body).toContain('Сеть А')
    expect(overview.body).toContain('Сеть Б')
    const monitor = await app.request(`/desk/edi/${w.orgB}?status=held`, { cookie: w.desk })
    expect(monitor.body).toContain('PO-B-SECRET-77')
    expect((await app.request(`/desk/edi/documents/${w.docB}`, { cookie: w.desk })).status).toBe(200)
  })
})

describe('stored codes in words', () => {
  const visible = (html: string) =>
    html
      .replace(/<script[\s\S]*?<\/script>/g, '')
      .replace(/<[^>]+>/g, '')
      .replace(/\s+/g, ' ')
  const documentOf = async (number: string, kind?: string) =>
    (await db.select().from(ediDocuments).where(eq(ediDocuments.documentNumber, number))).find((d) => !kind || d.kind === kind)!

  it('a syntax-rejected message says what was wrong; a booked one how its lines went; our CONTRL what it said', async () => {
    expect((await post(orders96a('WRD1', 'PO-WRD-1', 'ART-900').replace('UNT+10+1', 'UNT+99+1'))).status).toBe(200)
    // A syntax-rejected message has no document number (nothing was read): it is account A's only rejected one.
    const [rejected] = await db
      .select()
      .from(ediDocuments)
      .where(and(eq(ediDocuments.orgId, w.orgA), eq(ediDocuments.status, 'rejected')))
    expect(rejected.statusReason).toBe('count_mismatch')
    const page = visible((await app.request(`/edi/messages/${rejected.id}`, { cookie: w.buyerA })).body)
    expect(page).toContain('Rejected: Wrong count of segments or messages')
    expect(page).not.toContain('count_mismatch')
    const log = visible((await app.request('/edi?status=rejected', { cookie: w.buyerA })).body)
    expect(log).toContain('Wrong count of segments or messages')
    expect(log).not.toContain('count_mismatch')

    expect((await post(orders96a('WRD2', 'PO-WRD-2', 'ART-900'))).status).toBe(200)
    const booked = await documentOf('PO-WRD-2')
    const bookedPage = visible((await app.request(`/desk/edi/documents/${booked.id}`, { cookie: w.desk })).body)
    expect(bookedPage).toContain('Lines decided: 1 accepted, 0 changed, 0 not accepted')
    const contrl = await documentOf('WRD2', 'syntax_ack')
    const ackPage = visible((await app.request(`/edi/messages/${contrl.id}`, { cookie: w.buyerA })).body)
    expect(ackPage).toContain('Our CONTRL sent: accepted')
    expect(ackPage).not.toMatch(/\back_sent\b/)
  })
})
