import type { LoaderFunctionArgs } from '@remix-run/node'
import { resolveLocale } from '../i18n/locale.server'
import { requirePermission } from '../modules/auth/guards.server'
import { DealQuery } from '../modules/prm/deal-schemas'
import { dealsCsv } from '../modules/prm/deals.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'manage:partner_programme:any')
  const query = DealQuery.parse(Object.fromEntries(new URL(request.url).searchParams))
  return dealsCsv({ scope: auth.scope, query, locale: resolveLocale(request, auth.user.locale) })
}
