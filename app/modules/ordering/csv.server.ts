import { translate, type Locale, type MessageKey } from '../../i18n'
import { csvResponse, decimal, toCsv } from '../../utils/csv'
import { listOrders } from './orders.server'
import type { OrderQuery } from './schemas'

const MAX_EXPORT_ROWS = 10_000

/** The filtered order list as CSV, for the dealer's history (its organisation) and the desk (`orgId: null`). */
export async function ordersCsv(scope: { orgId: string | null }, query: OrderQuery & { userId?: string }, locale: Locale) {
  const { rows } = await listOrders(scope, { ...query, page: 1 }, MAX_EXPORT_ROWS)
  const tr = (k: MessageKey) => translate(locale, k)
  return csvResponse(
    'orders.csv',
    toCsv(
      [tr('orders.number'), tr('admin.user.organisation'), tr('orders.placedAt'), tr('orders.placedBy'), tr('checkout.poNumber'), tr('orders.status'), tr('checkout.requestedDate'), tr('orders.lines'), tr('product.net'), tr('product.gross'), tr('export.currency')],
      rows.map((o) => [o.number, o.orgName, o.placedAt, o.placedBy, o.poNumber, tr(`orderStatus.${o.status}` as MessageKey), o.requestedDate, o.lines, decimal(o.netMinor / 100), decimal(o.grossMinor / 100), o.currency]),
      locale,
    ),
  )
}
