import type { LoaderFunctionArgs } from '@remix-run/node'
import { resolveLocale } from '../i18n/locale.server'
import { requirePermission } from '../modules/auth/guards.server'
import { ordersCsv } from '../modules/ordering/queries.server'
import { OrderQuery } from '../modules/ordering/schemas'

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'read:order:any')
  const query = OrderQuery.parse(Object.fromEntries(new URL(request.url).searchParams))
  return ordersCsv({ scope: auth.scope, query, locale: resolveLocale(request, auth.user.locale) })
}
