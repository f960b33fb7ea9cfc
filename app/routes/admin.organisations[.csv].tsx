import type { LoaderFunctionArgs } from '@remix-run/node'
import { resolveLocale } from '../i18n/locale.server'
import { requirePermission } from '../modules/auth/guards.server'
import { organisationsCsv } from '../modules/tenancy/queries.server'
import { OrganisationListQuery } from '../modules/tenancy/schemas'
import { csvResponse } from '../utils/csv'

/** The organisation list as CSV, with the same filters and order as the page; times in the operator's zone. */
export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'read:organisation:any')
  const query = OrganisationListQuery.parse(Object.fromEntries(new URL(request.url).searchParams))
  return csvResponse('organisations.csv', await organisationsCsv({ scope: auth.scope, query, locale: resolveLocale(request, auth.user.locale) }))
}
