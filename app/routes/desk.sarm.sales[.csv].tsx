import type { LoaderFunctionArgs } from '@remix-run/node'
import { resolveLocale } from '../i18n/locale.server'
import { requirePermission } from '../modules/auth/guards.server'
import { deskSalesCsv } from '../modules/sarm/bonuses.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'manage:sarm:any')
  return deskSalesCsv({ scope: auth.scope, locale: resolveLocale(request, auth.user.locale) })
}
