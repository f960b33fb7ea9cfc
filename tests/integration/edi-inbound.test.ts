import { and, eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { ediDocuments, ediTransmissions, ediUnmappedItems, orderLines, orders } from '../../db/schema'
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
  setDeliveryTerms,
  setStock,
} from '../factories'
import { startApp, type App } from '../http-harness'

// The inbound pipeline through HTTP: an ORDERS decided line by line by the one evaluator and booked; a test
// interchange answered but never booked; an unknown GTIN rejected and queued; a syntax error answered by CONTRL with
// nothing booked; unreadable, oversized and malformed bodies refused precisely (never a 500) and nothing half-made.

let app: App
const w = {} as { orgId: string; token: string; partnerGln: string; ourGln: string; lamp: string; cable: string; last: string }

const gtin13 = (twelve: string) => {
  const sum = [...twelve].reduce((s, d, i) => s + Number(d) * (i % 2 ? 3 : 1), 0)
  return twelve + ((10 - (sum % 10)) % 10)
}

function ordersText(o: { ref: string; po: string; test?: boolean; lines: { gtin: string; qty: string; price?: string }[]; unt?: number }) {
  const body = [
    'UNH+1+ORDERS:D:96A:UN:EAN008',
    `BGM+220+${o.po}+9`,
    'DTM+137:20260301:102',
    `NAD+BY+${w.partnerGln}::9`,
    `NAD+SU+${w.ourGln}::9`,
    ...o.lines.flatMap((l, i) => [`LIN+${i + 1}++${l.gtin}:EN`, `QTY+21:${l.qty}`, ...(l.price ? [`PRI+AAA:${l.price}`] : [])]),
    'UNS+S',
    `CNT+2:${o.lines.length}`,
  ]
  return `UNA:+.? 'UNB+UNOC:3+${w.partnerGln}:14+${w.ourGln}:14+260301:1200+${o.ref}++ORDERS${o.test ? '++++1' : ''}'${body.join("'")}'UNT+${o.unt ?? body.length + 1}+1'UNZ+1+${o.ref}'`
}

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  app.request(path, { method: 'POST', body, headers: { authorization: `Bearer ${w.token}`, 'content-type': 'application/edifact', ...headers } })
const countOf = async (table: typeof orders | typeof ediTransmissions | typeof ediDocuments) =>
  (
    await db
      .select({ n: sql<number>`count(*)::int` })
      .from(table)
      .where(eq(table.orgId, w.orgId))
  )[0].n
const snapshot = async () => ({
  orders: await countOf(orders),
  transmissions: await countOf(ediTransmissions),
  documents: await countOf(ediDocuments),
})

beforeAll(async () => {
  app = await startApp()
  const org = await createOrganisation(db, { kind: 'key_account' })
  const admin = await createMember(db, org, 'account_admin')
  const partner = await createEdiPartner(db, org.id, { mode: 'production' })
  const category = await createCategory(db)
  const vat = await createTaxClass(db)
  const wh = await createWarehouse(db)
  const make = async (sku: string, gtin: string, atp: number, o: Record<string, unknown> = {}) => {
    const p = await createProduct(db, { categoryId: category.id, taxClassId: vat.id, sku, gtin, ...o })
    await setStock(db, { productId: p.id, warehouseId: wh.id, atp, leadDays: 1 })
    return p
  }
  const lamp = await make('IN-LAMP', gtin13('460700022221'), 1000)
  const cable = await make('IN-CABLE', gtin13('460700022222'), 1000, { packSize: 50, minQty: 50 })
  const last = await make('IN-LAST', gtin13('460700022223'), 3)
  await createPriceList(db, { assign: { scope: 'global' }, prices: { [lamp.id]: [[1, 100_00]], [cable.id]: [[1, 20_00]], [last.id]: [[1, 500_00]] } })
  const { token } = await createApiKey({ orgId: org.id, userId: admin.id })
  Object.assign(w, {
    orgId: org.id,
    token,
    partnerGln: partner.partnerGln!,
    ourGln: partner.ourGln!,
    lamp: lamp.gtin,
    cable: cable.gtin,
    last: last.gtin,
  })
})
afterAll(async () => app?.close())

describe('POST /api/v1/interchanges', () => {
  it('books the accepted and changed lines and answers with CONTRL; the ORDRSP says why each line changed', async () => {
    const res = await post(
      '/api/v1/interchanges',
      ordersText({
        ref: 'IN1',
        po: 'PO-IN-1',
        lines: [
          { gtin: w.lamp, qty: '10.000', price: '100.00' },
          { gtin: w.cable, qty: '60' },
          { gtin: w.last, qty: '5' },
          { gtin: w.lamp.slice(0, 11) + '99', qty: '1' },
        ],
      }),
    )
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('application/edifact')
    expect(res.body).toMatch(/^UNA:\+\.\? 'UNB\+UNOC:3\+/)
    expect(res.body).toMatch(/UCI\+IN1\+[^']*\+7'/)
    const [doc] = await db
      .select({ id: ediDocuments.id, status: ediDocuments.status, orderId: ediDocuments.orderId })
      .from(ediDocuments)
      .where(and(eq(ediDocuments.orgId, w.orgId), eq(ediDocuments.documentNumber, 'PO-IN-1'), eq(ediDocuments.direction, 'in')))
    expect(doc.status).toBe('booked')
    const lines = await db
      .select({ sku: orderLines.sku, qty: orderLines.qty, price: orderLines.unitPriceMinor })
      .from(orderLines)
      .where(eq(orderLines.orderId, doc.orderId!))
      .orderBy(orderLines.lineNo)
    expect(lines).toEqual([
      { sku: 'IN-LAMP', qty: 10, price: 100_00 },
      { sku: 'IN-CABLE', qty: 100, price: 20_00 },
      { sku: 'IN-LAST', qty: 3, price: 500_00 },
    ])
    const [answer] = await db
      .select({ canonical: ediDocuments.canonical })
      .from(ediDocuments)
      .where(and(eq(ediDocuments.answersId, doc.id), eq(ediDocuments.kind, 'order_response')))
    const response = answer.canonical as { status: string; lines: { lineNo: string; action: string; qty: string; reason?: { code: string } }[] }
    expect(response.status).toBe('changed')
    expect(response.lines.map((l) => [l.lineNo, l.action, l.qty, l.reason?.code ?? null])).toEqual([
      ['1', 'accepted', '10', null],
      ['2', 'changed', '100', 'increment'],
      ['3', 'changed', '3', 'out_of_stock'],
      ['4', 'rejected', '0', 'unmapped_item'],
    ])
    const [queued] = await db
      .select({ occurrences: ediUnmappedItems.occurrences })
      .from(ediUnmappedItems)
      .where(and(eq(ediUnmappedItems.orgId, w.orgId), eq(ediUnmappedItems.code, w.lamp.slice(0, 11) + '99')))
    expect(queued.occurrences).toBe(1)
  })

  it('a test interchange (UNB 0035 = 1) is answered but books nothing', async () => {
    const before = await countOf(orders)
    const res = await post('/api/v1/interchanges', ordersText({ ref: 'T1', po: 'PO-TEST-1', test: true, lines: [{ gtin: w.lamp, qty: '1' }] }))
    expect(res.status).toBe(200)
    expect(res.body).toMatch(/UCI\+T1\+[^']*\+7'/)
    expect(await countOf(orders)).toBe(before)
    const [doc] = await db
      .select({ status: ediDocuments.status, test: ediDocuments.test, orderId: ediDocuments.orderId })
      .from(ediDocuments)
      .where(and(eq(ediDocuments.orgId, w.orgId), eq(ediDocuments.documentNumber, 'PO-TEST-1')))
    expect(doc).toEqual({ status: 'test', test: true, orderId: null })
  })

  it('a wrong UNT count is rejected in the CONTRL and books nothing', async () => {
    const before = await countOf(orders)
    const res = await post('/api/v1/interchanges', ordersText({ ref: 'BAD1', po: 'PO-BAD-1', lines: [{ gtin: w.lamp, qty: '1' }], unt: 99 }))
    expect(res.status).toBe(200)
    expect(res.body).toMatch(/UCM\+1\+ORDERS[^']*\+4/)
    expect(await countOf(orders)).toBe(before)
  })

  it('dryRun=1 answers the same way and creates nothing', async () => {
    const before = await snapshot()
    const res = await post('/api/v1/interchanges?dryRun=1', ordersText({ ref: 'DRY1', po: 'PO-DRY-1', lines: [{ gtin: w.lamp, qty: '2' }] }))
    expect(res.status).toBe(200)
    expect(res.body).toMatch(/UCI\+DRY1\+[^']*\+7'/)
    expect(await snapshot()).toEqual(before)
  })

  it('an order below the account’s order minimum is refused whole, as checkout refuses such a cart, with an APERAK', async () => {
    await setDeliveryTerms(db, w.orgId, { orderMinimumMinor: 10_000_00 })
    try {
      const before = await countOf(orders)
      const res = await post('/api/v1/interchanges', ordersText({ ref: 'MIN1', po: 'PO-MIN-1', lines: [{ gtin: w.lamp, qty: '2' }] }))
      expect(res.status).toBe(200)
      expect(res.body).toMatch(/UCI\+MIN1\+[^']*\+7'/)
      expect(await countOf(orders)).toBe(before)
      const [doc] = await db
        .select({ id: ediDocuments.id, status: ediDocuments.status, statusReason: ediDocuments.statusReason, orderId: ediDocuments.orderId })
        .from(ediDocuments)
        .where(and(eq(ediDocuments.orgId, w.orgId), eq(ediDocuments.documentNumber, 'PO-MIN-1'), eq(ediDocuments.direction, 'in')))
      expect(doc).toMatchObject({ status: 'rejected', statusReason: 'below_minimum', orderId: null })
      const [aperak] = await db
        .select({ canonical: ediDocuments.canonical })
        .from(ediDocuments)
        .where(and(eq(ediDocuments.answersId, doc.id), eq(ediDocuments.kind, 'application_error')))
      expect((aperak.canonical as { errors: { code: string }[] }).errors.map((e) => e.code)).toEqual(['below_minimum'])
    } finally {
      await setDeliveryTerms(db, w.orgId, { orderMinimumMinor: null })
    }
  })

  it('binary bytes are a 400 problem (archived), a 20 MB body a 413 from the Express layer', async () => {
    const before = await countOf(ediTransmissions)
    const binary = await post('/api/v1/interchanges', '\u0000\u0001\u00ff\u00feGIF89a' + 'x'.repeat(100))
    expect(binary.status).toBe(400)
    expect(binary.headers.get('content-type')).toContain('application/problem+json')
    expect(JSON.parse(binary.body)).toMatchObject({ status: 400, code: 'unreadable' })
    expect(await countOf(ediTransmissions)).toBe(before + 1)
    const huge = await post('/api/v1/interchanges', 'UNB+'.padEnd(20 * 1024 * 1024, 'A'))
    expect(huge.status).toBe(413)
    expect(huge.headers.get('content-type')).toContain('application/problem+json')
  })
})

describe('POST /api/v1/orders', () => {
  const postJson = (body: string) =>
    app.request('/api/v1/orders', { method: 'POST', body, headers: { authorization: `Bearer ${w.token}`, 'content-type': 'application/json' } })

  it('refuses wrong types, extra fields and 10,001 lines with pointers, writing nothing', async () => {
    const before = await snapshot()
    const wrong = await postJson(JSON.stringify({ orderNumber: 5, lines: [{ gtin: w.lamp, qty: 'many' }] }))
    expect(wrong.status).toBe(422)
    const pointers = (JSON.parse(wrong.body) as { errors: { pointer: string }[] }).errors.map((e) => e.pointer)
    expect(pointers).toEqual(expect.arrayContaining(['/orderNumber', '/lines/0/qty']))
    const extra = await postJson(JSON.stringify({ orderNumber: 'X', lines: [{ gtin: w.lamp, qty: 1, colour: 'red' }] }))
    expect(extra.status).toBe(422)
    expect(JSON.parse(extra.body)).toMatchObject({ errors: [{ pointer: '/lines/0/colour', code: 'unknown_field' }] })
    const many = await postJson(JSON.stringify({ orderNumber: 'BIG', lines: Array.from({ length: 10_001 }, () => ({ gtin: w.lamp, qty: 1 })) }))
    expect(many.status).toBe(422)
    expect((JSON.parse(many.body) as { errors: { pointer: string }[] }).errors.map((e) => e.pointer)).toContain('/lines')
    expect(await snapshot()).toEqual(before)
  })

  it('a NUL byte in a JSON text or an EDIFACT value is refused or read as data, never a 500', async () => {
    const before = await snapshot()
    const json = await postJson(JSON.stringify({ orderNumber: 'NUL\u0000', lines: [{ buyerArticle: 'A\u0000B', qty: 1 }] }))
    expect(json.status).toBe(422)
    expect((JSON.parse(json.body) as { errors: { pointer: string }[] }).errors.map((e) => e.pointer)).toEqual(
      expect.arrayContaining(['/orderNumber', '/lines/0/buyerArticle']),
    )
    expect(await snapshot()).toEqual(before)
    const edifact = await post('/api/v1/interchanges', ordersText({ ref: 'NUL1', po: 'PO-NUL\u0000-1', lines: [{ gtin: '46\u000012', qty: '1' }] }))
    expect(edifact.status).toBe(200)
    // The CONTRL names the character outside the repertoire (0085 = 21); nothing is booked.
    expect(edifact.body).toMatch(/\+21(\+|')/)
    expect(await countOf(orders)).toBe(before.orders)
  })

  it('books a JSON order with the EDI path’s line codes', async () => {
    const res = await postJson(
      JSON.stringify({
        orderNumber: 'PO-JSON-1',
        lines: [
          { gtin: w.lamp, qty: 2 },
          { gtin: '4600000000000', qty: 1 },
        ],
      }),
    )
    expect(res.status).toBe(201)
    const answer = JSON.parse(res.body) as { status: string; orderNumber: string; issues: { pointer: string; code: string }[] }
    expect(answer.status).toBe('booked')
    expect(answer.orderNumber).toMatch(/^\d{4}-\d{6}$/)
    expect(answer.issues).toEqual([expect.objectContaining({ pointer: '/lines/1', code: 'unmapped_item' })])
  })
})
