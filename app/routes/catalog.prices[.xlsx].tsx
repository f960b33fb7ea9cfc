import type { LoaderFunctionArgs } from '@remix-run/node'
import { resolveLocale } from '../i18n/locale.server'
import { requirePermission } from '../modules/auth/guards.server'
import { priceListResponse } from '../modules/pricing/queries.server'

/** The dealer's own contract prices as an Excel workbook: the same table as the CSV. */
export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'read:catalog:org')
  return priceListResponse({ scope: auth.scope, locale: resolveLocale(request, auth.user.locale), format: 'xlsx' })
}
