import type { LoaderFunctionArgs } from '@remix-run/node'
import { resolveLocale } from '../i18n/locale.server'
import { requirePermission } from '../modules/auth/guards.server'
import { customerQueryOf } from '../modules/crm/customer-query'
import { customersExport } from '../modules/crm/customers.server'

// The customers list with its filters and order, as a spreadsheet.
export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'read:crm:any')
  const query = customerQueryOf(new URL(request.url))
  return customersExport({
    scope: auth.scope,
    q: query.q,
    region: query.region,
    ownerId: query.mine ? auth.user.id : null,
    sort: query.sort,
    dir: query.dir,
    locale: resolveLocale(request, auth.user.locale),
    format: 'csv',
  })
}
