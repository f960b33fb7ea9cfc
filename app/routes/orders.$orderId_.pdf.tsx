import type { LoaderFunctionArgs } from '@remix-run/node'
import { resolveLocale } from '../i18n/locale.server'
import { requirePermission } from '../modules/auth/guards.server'
import { orderConfirmationPdf } from '../modules/ordering/confirmation-pdf.server'
import { getOrder } from '../modules/ordering/orders.server'
import { attachment } from '../utils/csv'
import { notFound, uuidParam } from '../utils/http.server'

/** The order confirmation as PDF, for the organisation's own orders only. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'read:order:org')
  const order = await getOrder({ orgId: auth.org.id }, uuidParam(params.orderId))
  if (!order) notFound()
  const pdf = await orderConfirmationPdf(order, resolveLocale(request, auth.user.locale))
  return attachment(pdf, `order-${order.number}.pdf`, 'application/pdf')
}
