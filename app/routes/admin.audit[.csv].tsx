import type { LoaderFunctionArgs } from '@remix-run/node'
import { resolveLocale } from '../i18n/locale.server'
import { auditCsv } from '../modules/audit/queries.server'
import { AuditQuery } from '../modules/audit/schemas'
import { requirePermission } from '../modules/auth/guards.server'
import { csvResponse } from '../utils/csv'

/** The filtered audit log as CSV (see `auditCsv`). */
export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'read:audit:any')
  const query = AuditQuery.parse(Object.fromEntries(new URL(request.url).searchParams))
  return csvResponse('audit-log.csv', await auditCsv({ scope: auth.scope, query, locale: resolveLocale(request, auth.user.locale) }))
}
