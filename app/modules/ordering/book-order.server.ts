import { sql } from 'drizzle-orm'
import type { Tx } from '../../../db/client.server'
import { rowsOf } from '../../../db/drivers.server'
import { orderEvents, orderLines, orders } from '../../../db/schema/orders'
import { writeAudit, type Actor } from '../audit/mutations.server'
import type { OrgScope } from '../auth/scope.server'
import { reserveStockBatch } from '../catalog/mutations.server'
import { operatorYear } from '../../utils/clock.server'
import type { EvaluatedCart } from './cart.server'

// Booking an order from lines the one evaluator judged (draftOrderLines): the web checkout and the EDI pipeline
// both end here, inside their own transaction, so the same lines get the same reservation, numbers and stored
// price traces whichever way they came (issue 12). Stock is reserved through catalog: stock first, the rest against
// the next receipt, the warehouse rows locked in one statement; a line promised from stock may not quietly move to
// the receipt.

export class StockTaken extends Error {
  constructor(readonly sku: string) {
    super(`stock taken: ${sku}`)
  }
}

export interface OrderHeader {
  /** Unique per organisation: a repeated submit (or message) finds the first order by it. */
  checkoutToken: string
  channel: 'web' | 'edi'
  /** Who placed it: the buyer, or for EDI the person who issued the API key. */
  placedBy: string
  poNumber: string | null
  comment: string
  shipTo: { name: string; address: string } | null
  requestedDate: string | null
  /** Requested dates per line, by product id. */
  lineDates: Record<string, string>
}

/** Books `draft` (every line without a problem, priced, dated) as an order of the scope's organisation. Throws StockTaken. */
export async function bookOrder(
  tx: Tx,
  { scope, actor, draft, header }: { scope: OrgScope; actor: Actor; draft: EvaluatedCart; header: OrderHeader },
) {
  const reserved = await reserveStockBatch(
    tx,
    draft.lines.map((l) => ({ productId: l.productId, warehouseId: l.warehouseId!, qty: l.qty, receipt: l.fromReceiptQty > 0 })),
  )
  if (!reserved.ok) throw new StockTaken(draft.lines[reserved.index].sku)
  const fromReceipt = new Map(draft.lines.map((l, i) => [l.productId, reserved.fromReceiptQty[i]]))
  const [{ number }] = rowsOf<{ number: string }>(
    await tx.execute(sql`select ${operatorYear} || '-' || lpad(nextval('order_number_seq')::text, 6, '0') as number`),
  )
  const [order] = await tx
    .insert(orders)
    .values({
      orgId: scope.orgId,
      number,
      placedBy: header.placedBy,
      channel: header.channel,
      checkoutToken: header.checkoutToken,
      poNumber: header.poNumber,
      comment: header.comment,
      shipToName: header.shipTo?.name ?? null,
      shipToAddress: header.shipTo?.address ?? null,
      requestedDate: header.requestedDate,
      incoterm: draft.terms.incoterm,
      namedPlace: draft.terms.namedPlace,
      freightTerms: draft.terms.freightTerms,
      currency: draft.currency,
      netMinor: draft.netMinor,
      vatMinor: draft.vatMinor,
      freightMinor: draft.freightMinor,
      // The freight rule as placed: a confirmation for less re-prices freight by it, not by terms changed since.
      freeFreightMinor: draft.terms.freeFreightMinor,
      freightRateMinor: draft.terms.freightMinor,
      grossMinor: draft.grossMinor,
    })
    .returning({ id: orders.id })
  const rows = draft.lines.map((l, i) => ({
    line_no: i + 1,
    product_id: l.productId,
    sku: l.sku,
    name_ru: l.nameRu,
    name_en: l.nameEn,
    unit: l.unit,
    qty: l.qty,
    unit_price_minor: l.unitPriceMinor!,
    net_minor: l.netMinor,
    vat_bp: l.vatBp,
    vat_minor: l.vatMinor,
    price_list_name: l.priceList!,
    price_trace: l.trace,
    warehouse_id: l.warehouseId!,
    from_receipt_qty: fromReceipt.get(l.productId) ?? 0,
    earliest_date: l.earliestDate!,
    requested_date: header.lineDates[l.productId] || header.requestedDate || null,
  }))
  // One statement with the lines as one JSON parameter: drizzle's multi-row insert binds 18 placeholders a line,
  // and at 10,000 lines (an EDI order) building and binding them took three times what storing them does.
  await tx.execute(sql`
    insert into ${orderLines} (order_id, line_no, product_id, sku, name_ru, name_en, unit, qty, unit_price_minor, net_minor,
      vat_bp, vat_minor, price_list_name, price_trace, warehouse_id, from_receipt_qty, earliest_date, requested_date)
    select ${order.id}::uuid, r.line_no, r.product_id, r.sku, r.name_ru, r.name_en, r.unit, r.qty, r.unit_price_minor,
      r.net_minor, r.vat_bp, r.vat_minor, r.price_list_name, r.price_trace, r.warehouse_id, r.from_receipt_qty,
      r.earliest_date, r.requested_date
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(line_no int, product_id uuid, sku text, name_ru text,
      name_en text, unit text, qty int, unit_price_minor bigint, net_minor bigint, vat_bp int, vat_minor bigint,
      price_list_name text, price_trace jsonb, warehouse_id uuid, from_receipt_qty int, earliest_date date, requested_date date)`)
  await tx
    .insert(orderEvents)
    .values({ orderId: order.id, status: 'submitted', kind: 'placed', actorId: actor.userId, note: header.channel === 'edi' ? 'edi' : '' })
  await writeAudit(tx, actor, {
    action: 'order.placed',
    entity: 'order',
    entityId: order.id,
    orgId: scope.orgId,
    details: {
      number,
      lines: draft.lines.length,
      grossMinor: draft.grossMinor,
      currency: draft.currency,
      ...(header.channel === 'edi' ? { channel: 'edi' } : {}),
    },
  })
  return { orderId: order.id, number, productIds: draft.lines.map((l) => l.productId) }
}
