import { sha256 } from '@oslojs/crypto/sha2'
import { encodeHexLowerCase } from '@oslojs/encoding'
import { and, desc, eq, gte, sql } from 'drizzle-orm'
import { nextWorkingDayOnOrAfter } from '../app/modules/delivery-terms/earliest-date'
import { ruCalendar } from '../app/modules/delivery-terms/ru-calendar'
import { withGtinCheckDigit } from '../app/modules/catalog/gtin'
import { grantScope } from '../app/modules/auth/scope.server'
import { authenticateApiKey } from '../app/modules/auth/api-keys.server'
import { confirmOrder, markDelivered, shipOrder } from '../app/modules/ordering/mutations.server'
import { getOrder } from '../app/modules/ordering/queries.server'
import { dispatchOrderEvents, receiveInterchange, receiveJsonOrder, sendCatalogDocument } from '../app/modules/edi/mutations.server'
import { getProfile } from '../app/modules/edi/queries.server'
import { edifactSettingsOf } from '../app/modules/edi/partners.server'
import { parseEdifact, writeContrl, writeEdifact } from '../app/modules/edi/edifact'
import type { CanonicalOrder } from '../app/modules/edi/document'
import { JsonOrder } from '../app/modules/edi/schemas'
import { businessClock } from '../app/utils/clock.server'
import { createEdiPartner, createShipTo, mapShipToGln, setDeliveryTerms } from '../tests/factories'
import type { Db } from './client.server'
import { rowsOf } from './drivers.server'
import {
  apiKeys,
  dealerPartNumbers,
  ediDocuments,
  ediTransmissions,
  memberships,
  organisations,
  prices,
  products,
  stockLevels,
  users,
} from './schema'

// The demo key account's EDI, made by the real pipeline (issue 12): a profile, a key for local use (its token is in
// the README's demo section; only its hash is stored, like every key), and messages of each kind: an ORDERS booked
// with its automatic ORDRSP, then confirmed, shipped and delivered on the desk (ORDRSP, DESADV, INVOIC in the
// mailbox, the partner's CONTRL for our ORDRSP), an ORDERS with a changed line, an unmapped GTIN and a buyer's
// article number, one rejected with a CONTRL (wrong segment count), a business duplicate held for review, a
// byte-identical resend, a JSON order, and a price catalog and inventory report in the mailbox.

/** The demo key's token: `pk_<id>_<secret>`. For the local demo only; a real key is made on the API keys page. */
export const DEMO_API_KEY = 'pk_demohypermarkets_demokeyforlocaluseonlyrotateme22'
const SALES = 'sales@technosnab.demo'
const ACCOUNT_ADMIN = 'edi@hypermarket.demo'
const PARTNER_GLN = withGtinCheckDigit('460123450001')
const OUR_GLN = withGtinCheckDigit('460700012345')
const DC_MOSCOW = withGtinCheckDigit('460123450101')
const DC_KAZAN = withGtinCheckDigit('460123450102')

async function userId(db: Db, email: string) {
  const [u] = await db.select({ id: users.id }).from(users).where(eq(users.email, email))
  return u?.id ?? null
}

export async function seedDemoEdiIfEmpty(db: Db): Promise<boolean> {
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(ediTransmissions)
  if (n > 0) return false
  const [admin, sales] = [await userId(db, ACCOUNT_ADMIN), await userId(db, SALES)]
  if (!admin || !sales) return false
  const [account] = await db
    .select({ id: organisations.id })
    .from(organisations)
    .innerJoin(memberships, eq(memberships.orgId, organisations.id))
    .where(and(eq(memberships.userId, admin), eq(organisations.kind, 'key_account')))
  if (!account) return false
  const orgId = account.id
  // Products a retailer orders by barcode: active, in stock, priced, sold by the piece; one sold in packs.
  const picks = await db
    .selectDistinct({ id: products.id, sku: products.sku, gtin: products.gtin, packSize: products.packSize, price: prices.unitPriceMinor })
    .from(products)
    .innerJoin(stockLevels, and(eq(stockLevels.productId, products.id), gte(stockLevels.atp, 60)))
    .innerJoin(prices, and(eq(prices.productId, products.id), eq(prices.minQty, 1)))
    .where(and(eq(products.active, true), sql`${products.gtin} is not null`, sql`${products.minQty} <= 1`))
    .orderBy(desc(prices.unitPriceMinor), products.sku)
  const single = [...new Map(picks.filter((p) => p.packSize === 1).map((p) => [p.id, p])).values()]
  // One sold in packs, ordered as a number that is not a whole number of packs: the ORDRSP changes its quantity.
  const [packed] = await db
    .select({ id: products.id, gtin: products.gtin, packSize: products.packSize, minQty: products.minQty })
    .from(products)
    .innerJoin(stockLevels, and(eq(stockLevels.productId, products.id), gte(stockLevels.atp, 500)))
    .where(and(eq(products.active, true), sql`${products.gtin} is not null`, sql`${products.packSize} > 1`))
    .orderBy(products.sku)
    .limit(1)
  if (single.length < 4 || !packed) return false

  await db.transaction(async (tx) => {
    await setDeliveryTerms(tx, orgId, { incoterm: 'DAP', namedPlace: 'РЦ «Гипермаркет Плюс», Москва', freightTerms: 'prepaid', cutoff: '14:00' })
    const moscow = await createShipTo(tx, {
      orgId,
      name: 'РЦ Москва (Домодедово)',
      address: 'Московская обл., Домодедово, мкр. Северный, 7',
      isDefault: true,
    })
    const kazan = await createShipTo(tx, { orgId, name: 'РЦ Казань', address: 'Казань, ул. Поперечно-Базарная, 17' })
    await createEdiPartner(tx, orgId, {
      mode: 'production',
      syntax: 'edifact',
      partnerGln: PARTNER_GLN,
      ourGln: OUR_GLN,
      edifactDirectory: 'D96A',
      edifactCharset: 'UNOE',
      orderResponse: 'automatic',
      updatedBy: sales,
    })
    await mapShipToGln(tx, { orgId, gln: DC_MOSCOW, shipToId: moscow.id })
    await mapShipToGln(tx, { orgId, gln: DC_KAZAN, shipToId: kazan.id })
    // The buyer's own article number for one product (PIA+1+HM-77001:IN maps through it).
    await tx.insert(dealerPartNumbers).values({ orgId, partNumber: 'HM-77001', productId: single[3].id })
    const [, id, secret] = DEMO_API_KEY.split('_')
    await tx.insert(apiKeys).values({
      id,
      orgId,
      name: 'ERP (демо)',
      secretHash: encodeHexLowerCase(sha256(new TextEncoder().encode(secret))),
      scopes: ['orders:write', 'orders:read', 'documents:read', 'catalog:read', 'inventory:read'],
      createdBy: admin,
    })
  })

  const found = await authenticateApiKey(DEMO_API_KEY, null)
  if (!found.ok) throw new Error(`demo key refused: ${found.reason}`)
  const account$ = {
    scope: grantScope('create:order:org', orgId),
    key: found.key,
    actor: { userId: admin, email: ACCOUNT_ADMIN, ip: null },
  }
  const profile = (await getProfile({ scope: account$.scope, orgId }))!
  const { today } = await businessClock()
  const firstDay = nextWorkingDayOnOrAfter(today, ruCalendar)
  let ref = 0
  const ordersBytes = (order: Omit<CanonicalOrder, 'kind' | 'function' | 'buyer' | 'supplier'>) =>
    Buffer.from(
      writeEdifact({
        sender: { id: PARTNER_GLN, qualifier: '14' },
        recipient: { id: OUR_GLN, qualifier: '14' },
        controlRef: `HM${String(++ref).padStart(6, '0')}`,
        preparedAt: new Date(),
        test: false,
        settings: edifactSettingsOf(profile),
        documents: [{ kind: 'order', function: 'original', buyer: { gln: PARTNER_GLN }, supplier: { gln: OUR_GLN }, ...order }],
      }).bytes,
    )
  const post = (bytes: Buffer) => receiveInterchange({ ...account$, bytes, contentType: 'application/edifact', channel: 'interchanges' })

  // 1. Booked at once, answered by the automatic ORDRSP; then handled on the desk.
  const first = ordersBytes({
    documentNumber: 'HM-2026-0412',
    documentDate: today,
    requestedDate: firstDay,
    deliveryParty: { gln: DC_MOSCOW },
    note: 'Поставка к открытию сезона',
    lines: [
      { lineNo: '1', gtin: single[0].gtin!, qty: '4', description: 'Позиция 1' },
      { lineNo: '2', gtin: single[1].gtin!, qty: '6' },
      { lineNo: '3', gtin: single[2].gtin!, qty: '2' },
    ],
  })
  await post(first)
  // 2. A byte-identical resend: the stored CONTRL again, nothing new.
  await post(first)
  // 3. A changed line (not a whole number of packs), a GTIN we do not sell (to the mapping queue), a buyer article.
  await post(
    ordersBytes({
      documentNumber: 'HM-2026-0413',
      documentDate: today,
      deliveryParty: { gln: DC_KAZAN },
      lines: [
        { lineNo: '1', gtin: single[0].gtin!, qty: '3' },
        { lineNo: '2', gtin: packed.gtin!, qty: String(Math.max(packed.minQty, packed.packSize) + 1) },
        { lineNo: '3', gtin: withGtinCheckDigit('460999999999'), qty: '5', description: 'Гирлянда уличная 10 м' },
        { lineNo: '4', buyerArticle: 'HM-77001', qty: '2' },
      ],
    }),
  )
  // 4. Rejected by its CONTRL: the UNT count is wrong (29).
  const broken = ordersBytes({ documentNumber: 'HM-2026-0414', documentDate: today, lines: [{ lineNo: '1', gtin: single[1].gtin!, qty: '1' }] })
    .toString('latin1')
    .replace(/UNT\+(\d+)\+/, (_m, n: string) => `UNT+${Number(n) + 3}+`)
  await post(Buffer.from(broken, 'latin1'))
  // 5. A business duplicate: the order number of (1) again in a new interchange, held for review.
  await post(ordersBytes({ documentNumber: 'HM-2026-0412', documentDate: today, lines: [{ lineNo: '1', gtin: single[0].gtin!, qty: '4' }] }))
  // 6. The same account over JSON, with an Idempotency-Key.
  const json = JsonOrder.parse({
    orderNumber: 'HM-2026-0415',
    orderDate: today,
    deliveryPointGln: DC_MOSCOW,
    lines: [{ lineNo: '1', gtin: single[2].gtin!, qty: 3 }],
  })
  await receiveJsonOrder({ ...account$, idempotencyKey: 'demo-hm-2026-0415', raw: JSON.stringify(json), order: json })

  // The desk confirms, ships and delivers order 1: ORDRSP, DESADV, INVOIC go to the mailbox in the partner's syntax.
  const desk = { scope: grantScope('manage:order:any', null), actor: { userId: sales, email: SALES, ip: null } }
  const [booked] = rowsOf<{ order_id: string }>(
    await db.execute(
      sql`select order_id from edi_documents where org_id = ${orgId} and direction = 'in' and document_number = 'HM-2026-0412' and order_id is not null limit 1`,
    ),
  )
  if (booked) {
    const order = (await getOrder({ scope: desk.scope, orderId: booked.order_id }))!
    const confirmed = await confirmOrder({
      ...desk,
      orderId: order.id,
      input: {
        note: 'Подтверждено по EDI',
        lines: order.lines.map((l) => ({ lineNo: l.lineNo, qty: l.qty, date: l.earliestDate > firstDay ? l.earliestDate : firstDay })),
      },
    })
    if (!confirmed.ok) throw new Error(`demo EDI order not confirmed: ${JSON.stringify(confirmed)}`)
    await dispatchOrderEvents()
    const shipped = await shipOrder({
      ...desk,
      orderId: order.id,
      input: { carrier: 'Деловые Линии', trackingNumber: 'DL-26-4412-07', lines: order.lines.map((l) => ({ lineNo: l.lineNo, qty: l.qty })) },
    })
    if (!shipped.ok) throw new Error(`demo EDI order not shipped: ${JSON.stringify(shipped)}`)
    await dispatchOrderEvents()
    if (!(await markDelivered({ ...desk, orderId: order.id })).ok) throw new Error('demo EDI order not delivered')
    await dispatchOrderEvents()
  }
  const staff = { scope: grantScope('manage:edi:any', null), actor: desk.actor }
  await sendCatalogDocument({ ...staff, orgId, kind: 'price_catalog' })
  await sendCatalogDocument({ ...staff, orgId, kind: 'inventory_report' })

  // The partner's CONTRL for our first outbound ORDRSP: acknowledged on the monitor.
  // Our first ORDRSP as it was sent (its archived bytes, in the partner's charset).
  const [ours] = await db
    .select({ raw: ediTransmissions.raw })
    .from(ediDocuments)
    .innerJoin(ediTransmissions, eq(ediTransmissions.id, ediDocuments.transmissionId))
    .where(and(eq(ediDocuments.orgId, orgId), eq(ediDocuments.direction, 'out'), eq(ediDocuments.kind, 'order_response')))
    .orderBy(ediDocuments.seq)
    .limit(1)
  if (ours) {
    const parsed = parseEdifact(ours.raw, { tolerant: true })
    if (parsed.interchanges[0]) {
      const ack = writeContrl({
        answering: parsed.interchanges[0],
        sender: { id: PARTNER_GLN, qualifier: '14' },
        recipient: { id: OUR_GLN, qualifier: '14' },
        controlRef: 'HMACK000001',
        preparedAt: new Date(),
        settings: edifactSettingsOf(profile),
      })
      await post(Buffer.from(ack.bytes))
    }
  }
  return true
}
