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
    orderId: order.id,
    lineNo: i + 1,
    productId: l.productId,
    sku: l.sku,
    nameRu: l.nameRu,
    nameEn: l.nameEn,
    unit: l.unit,
    qty: l.qty,
    unitPriceMinor: l.unitPriceMinor!,
    netMinor: l.netMinor,
    vatBp: l.vatBp,
    vatMinor: l.vatMinor,
    priceListName: l.priceList!,
    priceTrace: l.trace,
    warehouseId: l.warehouseId!,
    fromReceiptQty: fromReceipt.get(l.productId) ?? 0,
    earliestDate: l.earliestDate!,
    requestedDate: header.lineDates[l.productId] || header.requestedDate || null,
  }))
  // In slices: drizzle builds one statement recursively, and 10,000 rows at once overflow its stack (bench:edi).
  for (let i = 0; i < rows.length; i += 1000) await tx.insert(orderLines).values(rows.slice(i, i + 1000))
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
