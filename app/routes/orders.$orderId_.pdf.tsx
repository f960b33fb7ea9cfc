import type { LoaderFunctionArgs } from '@remix-run/node'
import { resolveLocale } from '../i18n/locale.server'
import { requirePermission } from '../modules/auth/guards.server'
import { getOrder, orderConfirmationPdf } from '../modules/ordering/queries.server'
import { attachment } from '../utils/csv'
import { invariantResponse, uuidParam } from '../utils/http.server'

/** The order confirmation as PDF, for the organisation's own orders only. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'read:order:org')
  const order = await getOrder({ scope: auth.scope, orderId: uuidParam(params.orderId) })
  invariantResponse(order, 'error.notFound.title', { status: 404 })
  const pdf = await orderConfirmationPdf(order, resolveLocale(request, auth.user.locale))
  return attachment(pdf, `order-${order.number}.pdf`, 'application/pdf')
}
