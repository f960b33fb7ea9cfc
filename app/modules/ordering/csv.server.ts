import { env } from '../../env.server'
import { translate, type Locale, type MessageKey } from '../../i18n'
import { formatSheetDateTime, formatSheetDay, formatZoneName } from '../../i18n/format'
import { csvResponse, decimal, toCsv } from '../../utils/csv'
import { listOrders } from './orders.server'
import type { OrderQuery } from './schemas'

const MAX_EXPORT_ROWS = 10_000

/**
 * The filtered order list as CSV, for the dealer's history (its organisation) and the desk (`orgId: null`). Times
 * are the operator's, as on the pages, and the header says which zone; amounts are numbers in the reader's dialect.
 */
export async function ordersCsv(scope: { orgId: string | null }, query: OrderQuery & { userId?: string }, locale: Locale) {
  const { rows } = await listOrders(scope, { ...query, page: 1 }, MAX_EXPORT_ROWS)
  const tr = (k: MessageKey) => translate(locale, k)
  const zone = formatZoneName(locale, env.OPERATOR_TIME_ZONE)
  return csvResponse(
    'orders.csv',
    toCsv(
      [tr('orders.number'), tr('admin.user.organisation'), `${tr('orders.placedAt')} (${zone})`, tr('orders.placedBy'), tr('checkout.poNumber'), tr('orders.status'), tr('checkout.requestedDate'), tr('orders.lines'), tr('product.net'), tr('product.gross'), tr('export.currency')],
      rows.map((o) => [o.number, o.orgName, formatSheetDateTime(locale, o.placedAt, env.OPERATOR_TIME_ZONE), o.placedBy, o.poNumber, tr(`orderStatus.${o.status}` as MessageKey), o.requestedDate ? formatSheetDay(locale, o.requestedDate) : null, o.lines, decimal(o.netMinor / 100), decimal(o.grossMinor / 100), o.currency]),
      locale,
    ),
  )
}
