import type { LoaderFunctionArgs } from '@remix-run/node'
import { resolveLocale } from '../i18n/locale.server'
import { requirePermission } from '../modules/auth/guards.server'
import { dealerResultsCsv } from '../modules/sarm/bonuses.server'
import { ResultsQuerySchema } from '../modules/sarm/bonus-schemas'

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'read:sarm:org')
  const query = ResultsQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  return dealerResultsCsv({ scope: auth.scope, locale: resolveLocale(request, auth.user.locale), query })
}
