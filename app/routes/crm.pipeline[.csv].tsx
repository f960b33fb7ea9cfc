import type { LoaderFunctionArgs } from '@remix-run/node'
import { resolveLocale } from '../i18n/locale.server'
import { requirePermission } from '../modules/auth/guards.server'
import { PipelineQuery } from '../modules/crm/lead-schemas'
import { leadsCsv } from '../modules/crm/leads.server'
import { csvResponse } from '../utils/csv'

/** The pipeline's leads as CSV, with the page's filters and order. */
export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'read:crm:any')
  const query = PipelineQuery.parse(Object.fromEntries(new URL(request.url).searchParams))
  return csvResponse('pipeline.csv', await leadsCsv({ scope: auth.scope, query, locale: resolveLocale(request, auth.user.locale) }))
}
