import type { LoaderFunctionArgs } from '@remix-run/node'
import { resolveLocale } from '../i18n/locale.server'
import { requirePermission } from '../modules/auth/guards.server'
import { reportsCsv } from '../modules/sarm/sale-reports.server'
import { ReportsQuery } from '../modules/sarm/sale-schemas'
import { csvResponse } from '../utils/csv'

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'read:sarm:org')
  const query = ReportsQuery.parse(Object.fromEntries(new URL(request.url).searchParams))
  return csvResponse('sale-reports.csv', await reportsCsv({ scope: auth.scope, query, locale: resolveLocale(request, auth.user.locale) }))
}
