import { and, asc, desc, eq } from 'drizzle-orm'
import { db, type DbOrTx } from '../../../db/client.server'
import { ediDocuments } from '../../../db/schema/edi'
import type { OrgScope } from '../auth/scope.server'
import { getProductsForLines, listAssortment } from '../catalog/queries.server'
import type { EdiOrderForDocuments } from '../ordering/queries.server'
import type { CanonicalOrder, DespatchAdvice, Invoice, ItemIds, OrderResponse, OrderResponseLine, Party, ResponseStatus } from './document'
import type { PartnerProfile } from './partners.server'

// The desk's actions as documents (issue 12, "Outbound"): a confirmation → ORDRSP / 855 with the confirmed
// quantities and dates, a shipment → DESADV / 856, the delivery → INVOIC / 810. Every line echoes the buyer's own
// line number and article codes, read from the inbound ORDERS that booked the order, so the buyer's ERP matches
// our answer to its own order line without guessing.

type OrderLineRow = EdiOrderForDocuments['lines'][number]

/** Minor units (kopecks, cents) → a decimal string with a '.' (the serialisers apply the partner's mark). */
export const money = (minor: number) => {
  const sign = minor < 0 ? '-' : ''
  const abs = Math.abs(minor)
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

/** A VAT rate in basis points as the percent the documents carry: 2000 → "20", 1050 → "10.5". */
export const ratePercent = (bp: number) => String(bp / 100)

/** GS1 mod-10 check digit (GS1 General Specifications §7.9): weights 3,1,3… from the right. */
export function gs1CheckDigit(digits: string) {
  let sum = 0
  for (let i = 0; i < digits.length; i++) sum += Number(digits[digits.length - 1 - i]) * (i % 2 === 0 ? 3 : 1)
  return String((10 - (sum % 10)) % 10)
}

/**
 * An SSCC (GS1 AI 00): extension digit 0 + our GS1 company prefix + a serial reference, 17 digits, + check digit.
 * The company prefix is taken as the first 7 digits of our GLN (the shortest GS1 prefix, so any GLN of ours has it);
 * the serial is our gap-free document number, unique per partner and — with the partner's GLN-derived prefix
 * aside — unique enough within our prefix because the number sequence never repeats for this account.
 */
export function ssccOf(ourGln: string | null, serial: number): string | undefined {
  if (!ourGln || !/^\d{13}$/.test(ourGln)) return undefined
  const prefix = ourGln.slice(0, 7)
  const body = '0' + prefix + String(serial).padStart(9, '0').slice(-9)
  return body + gs1CheckDigit(body)
}

/** The inbound ORDERS (or 850, or JSON order) that booked this order: what the buyer wrote. */
export async function inboundOrderOf({ orgId, orderId }: { orgId: string; orderId: string }, tx: DbOrTx = db) {
  const [row] = await tx
    .select({ id: ediDocuments.id, canonical: ediDocuments.canonical, test: ediDocuments.test })
    .from(ediDocuments)
    .where(and(eq(ediDocuments.orgId, orgId), eq(ediDocuments.orderId, orderId), eq(ediDocuments.direction, 'in'), eq(ediDocuments.kind, 'order')))
    .orderBy(asc(ediDocuments.seq))
    .limit(1)
  if (!row) return null
  return { id: row.id, test: row.test, order: row.canonical as CanonicalOrder }
}

/** The last ORDRSP we sent for this order (ours at receipt, or the desk's): its lines carry our SKU beside the buyer's codes. */
async function lastResponseOf({ orgId, orderId }: { orgId: string; orderId: string }, tx: DbOrTx = db) {
  const [row] = await tx
    .select({ canonical: ediDocuments.canonical })
    .from(ediDocuments)
    .where(
      and(
        eq(ediDocuments.orgId, orgId),
        eq(ediDocuments.orderId, orderId),
        eq(ediDocuments.direction, 'out'),
        eq(ediDocuments.kind, 'order_response'),
      ),
    )
    .orderBy(desc(ediDocuments.seq))
    .limit(1)
  return row ? (row.canonical as OrderResponse) : null
}

export interface BuyerLine extends ItemIds {
  lineNo: string
  orderedQty?: string
}

/**
 * Which buyer line each of our order lines answers: by our SKU in an earlier ORDRSP, else the inbound line naming
 * the product (our SKU, its GTIN), else the next inbound line not yet matched (the order was booked in the
 * buyer's line order). Buyer lines that match none were not booked.
 */
export async function matchBuyerLines(
  { scope, order, inbound }: { scope: OrgScope; order: EdiOrderForDocuments; inbound: CanonicalOrder | null },
  tx: DbOrTx = db,
): Promise<{ byLine: Map<number, BuyerLine>; unbooked: BuyerLine[] }> {
  const byLine = new Map<number, BuyerLine>()
  const earlier = await lastResponseOf({ orgId: order.orgId, orderId: order.id }, tx)
  const bySku = new Map((earlier?.lines ?? []).filter((l) => l.supplierArticle && l.action !== 'rejected').map((l) => [l.supplierArticle!, l]))
  const buyerLines = inbound?.lines ?? []
  const used = new Set<number>()
  const gtins = new Map((inbound ? await listAssortment({ scope }) : []).map((p) => [p.sku, p.gtin]))
  for (const line of order.lines) {
    const prior = bySku.get(line.sku)
    const own: ItemIds = { supplierArticle: line.sku, description: line.nameRu }
    let idx = buyerLines.findIndex((b, i) => !used.has(i) && prior && b.lineNo === prior.lineNo)
    if (idx < 0)
      idx = buyerLines.findIndex((b, i) => !used.has(i) && (b.supplierArticle === line.sku || (!!b.gtin && b.gtin === gtins.get(line.sku))))
    if (idx < 0) idx = buyerLines.findIndex((_, i) => !used.has(i))
    if (idx >= 0) {
      used.add(idx)
      const b = buyerLines[idx]
      byLine.set(line.lineNo, {
        ...own,
        lineNo: b.lineNo,
        gtin: b.gtin ?? gtins.get(line.sku) ?? undefined,
        buyerArticle: b.buyerArticle,
        buyerPart: b.buyerPart,
        description: b.description ?? own.description,
        orderedQty: b.qty,
      })
    } else byLine.set(line.lineNo, { ...own, lineNo: prior?.lineNo ?? String(line.lineNo), gtin: gtins.get(line.sku) ?? undefined })
  }
  const unbooked = buyerLines
    .filter((_, i) => !used.has(i))
    .map((b) => ({
      lineNo: b.lineNo,
      gtin: b.gtin,
      buyerArticle: b.buyerArticle,
      buyerPart: b.buyerPart,
      description: b.description,
      orderedQty: b.qty,
    }))
  return { byLine, unbooked }
}

/** The parties as the buyer named them; our GLN as supplier when the order named none. */
function partiesOf(inbound: CanonicalOrder | null, profile: PartnerProfile): { buyer?: Party; supplier?: Party; deliveryParty?: Party } {
  return {
    buyer: inbound?.buyer ?? (profile.partnerGln ? { gln: profile.partnerGln } : undefined),
    supplier: inbound?.supplier ?? (profile.ourGln ? { gln: profile.ourGln } : undefined),
    deliveryParty: inbound?.deliveryParty,
  }
}

const strip = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as T

/** BGM 1225 / BAK02 from the lines: all accepted 29/AD, none accepted 27/RD, otherwise changed 4/AC. */
export function responseStatusOf(lines: { action: OrderResponseLine['action'] }[]): ResponseStatus {
  if (lines.every((l) => l.action === 'accepted')) return 'accepted'
  if (lines.every((l) => l.action === 'rejected')) return 'rejected'
  return 'changed'
}

function responseLine(line: OrderLineRow, buyer: BuyerLine): OrderResponseLine {
  const confirmed = line.confirmedQty ?? 0
  const requested = line.requestedDate
  const base = {
    ...strip({
      gtin: buyer.gtin,
      buyerArticle: buyer.buyerArticle,
      buyerPart: buyer.buyerPart,
      supplierArticle: line.sku,
      description: buyer.description,
    }),
    lineNo: buyer.lineNo,
    orderedQty: buyer.orderedQty ?? String(line.qty),
    qty: String(confirmed),
    unit: line.unit,
    price: money(line.unitPriceMinor),
  }
  if (confirmed === 0)
    return {
      ...base,
      action: 'rejected',
      qty: '0',
      reason: line.cancelledQty
        ? { code: 'cancelled', text: 'The line was cancelled: not available.' }
        : { code: 'not_confirmed', text: 'Not confirmed.' },
    }
  const deliveryDate = line.confirmedDate ?? undefined
  const short = confirmed < Number(base.orderedQty)
  const moved = !!requested && !!deliveryDate && deliveryDate !== requested
  if (!short && !moved) return strip({ ...base, action: 'accepted', deliveryDate })
  const reason = short
    ? line.cancelledQty
      ? { code: 'short_confirmed', text: `Confirmed ${confirmed} of ${base.orderedQty}; the rest is cancelled.` }
      : { code: 'backordered', text: `Confirmed ${confirmed} of ${base.orderedQty}; the rest follows later.` }
    : { code: 'date_changed', text: `Delivery on ${deliveryDate} instead of ${requested}.` }
  return strip({ ...base, action: 'changed', deliveryDate, reason })
}

/** ORDRSP / 855 from the order as the desk confirmed it. `documentNumber` is left for sendDocument to assign. */
export async function buildOrderResponse(
  { scope, order, profile, today }: { scope: OrgScope; order: EdiOrderForDocuments; profile: PartnerProfile; today: string },
  tx: DbOrTx = db,
): Promise<{ document: OrderResponse; answersId: string | null }> {
  const inbound = await inboundOrderOf({ orgId: order.orgId, orderId: order.id }, tx)
  const { byLine, unbooked } = await matchBuyerLines({ scope, order, inbound: inbound?.order ?? null }, tx)
  const lines: OrderResponseLine[] = order.lines.map((l) => responseLine(l, byLine.get(l.lineNo)!))
  // Buyer lines that no order line carries were refused at receipt; the answer names them again so it is complete.
  for (const b of unbooked)
    lines.push(
      strip({
        lineNo: b.lineNo,
        gtin: b.gtin,
        buyerArticle: b.buyerArticle,
        buyerPart: b.buyerPart,
        description: b.description,
        action: 'rejected' as const,
        orderedQty: b.orderedQty ?? '0',
        qty: '0',
        reason: { code: 'not_booked', text: 'The line was not accepted when the order was received.' },
      }),
    )
  const document: OrderResponse = strip({
    kind: 'order_response' as const,
    documentNumber: '',
    documentDate: today,
    status: responseStatusOf(lines),
    orderNumber: inbound?.order.documentNumber ?? order.poNumber ?? order.number,
    orderDate: inbound?.order.documentDate,
    ourOrderNumber: order.number,
    ...partiesOf(inbound?.order ?? null, profile),
    currency: order.currency,
    lines,
  })
  return { document, answersId: inbound?.id ?? null }
}

/** DESADV / 856 for one shipment: its lines, carrier, tracking and an SSCC for the package. */
export async function buildDespatchAdvice(
  {
    scope,
    order,
    shipment,
    profile,
    today,
  }: {
    scope: OrgScope
    order: EdiOrderForDocuments
    shipment: EdiOrderForDocuments['shipments'][number]
    profile: PartnerProfile
    today: string
  },
  tx: DbOrTx = db,
): Promise<DespatchAdvice> {
  const inbound = await inboundOrderOf({ orgId: order.orgId, orderId: order.id }, tx)
  const { byLine } = await matchBuyerLines({ scope, order, inbound: inbound?.order ?? null }, tx)
  const ours = new Map(order.lines.map((l) => [l.lineNo, l]))
  const confirmedDates = shipment.lines.map((s) => ours.get(s.lineNo)?.confirmedDate).filter((d): d is string => !!d)
  return strip({
    kind: 'despatch_advice' as const,
    documentNumber: '',
    documentDate: today,
    despatchDate: shipment.shippedAt.toISOString().slice(0, 10),
    expectedDeliveryDate: confirmedDates.sort().at(-1),
    orderNumber: inbound?.order.documentNumber ?? order.poNumber ?? order.number,
    ...partiesOf(inbound?.order ?? null, profile),
    carrier: shipment.carrier,
    trackingNumber: shipment.trackingNumber,
    lines: shipment.lines.map((s, i) => {
      const line = ours.get(s.lineNo)
      const buyer = byLine.get(s.lineNo)
      return strip({
        lineNo: String(i + 1),
        orderLineNo: buyer?.lineNo ?? String(s.lineNo),
        gtin: buyer?.gtin,
        buyerArticle: buyer?.buyerArticle,
        buyerPart: buyer?.buyerPart,
        supplierArticle: line?.sku,
        description: buyer?.description,
        qty: String(s.qty),
        unit: line?.unit,
      })
    }),
  })
}

/**
 * INVOIC / 810 on delivery: the lines as shipped, the VAT rate of each product's tax class in force on the invoice
 * date (a rate change between order and delivery is the invoice's, not the order's), totals and one VAT line per
 * rate (EANCOM TAX + MOA 124 per rate; X12 TXI). Freight is billed as a service at the highest rate of the lines.
 */
export async function buildInvoice(
  { scope, order, profile, today }: { scope: OrgScope; order: EdiOrderForDocuments; profile: PartnerProfile; today: string },
  tx: DbOrTx = db,
): Promise<Invoice> {
  const inbound = await inboundOrderOf({ orgId: order.orgId, orderId: order.id }, tx)
  const { byLine } = await matchBuyerLines({ scope, order, inbound: inbound?.order ?? null }, tx)
  const delivered = order.lines.filter((l) => l.shippedQty > 0)
  const products = await getProductsForLines({ scope, ids: [...new Set(delivered.map((l) => l.productId))], date: today }, tx)
  const perRate = new Map<number, { base: number; amount: number }>()
  const add = (bp: number, base: number, amount: number) => {
    const r = perRate.get(bp) ?? { base: 0, amount: 0 }
    perRate.set(bp, { base: r.base + base, amount: r.amount + amount })
  }
  const lines = delivered.map((l) => {
    const bp = products.get(l.productId)?.vatBp ?? l.vatBp
    const net = l.unitPriceMinor * l.shippedQty
    const vat = Math.round((net * bp) / 10_000)
    add(bp, net, vat)
    const buyer = byLine.get(l.lineNo)
    return strip({
      lineNo: buyer?.lineNo ?? String(l.lineNo),
      gtin: buyer?.gtin,
      buyerArticle: buyer?.buyerArticle,
      buyerPart: buyer?.buyerPart,
      supplierArticle: l.sku,
      description: buyer?.description,
      qty: String(l.shippedQty),
      unit: l.unit,
      unitPrice: money(l.unitPriceMinor),
      net: money(net),
      vatRate: ratePercent(bp),
      vat: money(vat),
    })
  })
  const freight = order.freightMinor
  if (freight > 0) {
    const bp = Math.max(0, ...perRate.keys())
    add(bp, freight, Math.round((freight * bp) / 10_000))
  }
  const netTotal = lines.reduce((s, l) => s + Math.round(Number(l.net) * 100), 0)
  const vatTotal = [...perRate.values()].reduce((s, r) => s + r.amount, 0)
  return strip({
    kind: 'invoice' as const,
    documentNumber: '',
    documentDate: today,
    orderNumber: inbound?.order.documentNumber ?? order.poNumber ?? order.number,
    ...partiesOf(inbound?.order ?? null, profile),
    invoicee: inbound?.order.invoicee,
    currency: order.currency,
    lines,
    totals: { net: money(netTotal), vat: money(vatTotal), freight: money(freight), gross: money(netTotal + freight + vatTotal) },
    vatBreakdown: [...perRate.entries()]
      .sort(([a], [b]) => b - a)
      .map(([bp, r]) => ({ rate: ratePercent(bp), base: money(r.base), amount: money(r.amount) })),
  })
}
