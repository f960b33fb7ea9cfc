import type { LoaderFunctionArgs } from '@remix-run/node'
import { env } from '../env.server'
import { translate, type MessageKey } from '../i18n'
import { formatSheetDateTime, formatZoneName } from '../i18n/format'
import { resolveLocale } from '../i18n/locale.server'
import { auditActionLabel, describeAuditEntry } from '../modules/audit/describe'
import { listAuditEntries } from '../modules/audit/queries.server'
import { AuditQuery } from '../modules/audit/schemas'
import { requirePermission } from '../modules/auth/guards.server'
import { listOrganisationOptions } from '../modules/tenancy/queries.server'
import { csvResponse, toCsv } from '../utils/csv'

const MAX_EXPORT_ROWS = 10_000

/** The filtered audit log as CSV (newest first, at most 10 000 rows: narrow the dates for more), in operator time. */
export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'read:audit:any')
  const query = AuditQuery.parse(Object.fromEntries(new URL(request.url).searchParams))
  const [{ entries }, organisations] = await Promise.all([
    listAuditEntries({ scope: auth.scope, ...query, before: undefined, limit: MAX_EXPORT_ROWS }),
    listOrganisationOptions({ scope: auth.scope }),
  ])
  const orgNames = Object.fromEntries(organisations.map((o) => [o.id, o.shortName]))
  const locale = resolveLocale(request, auth.user.locale)
  const tr = (k: MessageKey) => translate(locale, k)
  return csvResponse(
    'audit-log.csv',
    toCsv(
      [
        `${tr('audit.at')} (${formatZoneName(locale, env.OPERATOR_TIME_ZONE)})`,
        tr('audit.actor'),
        tr('audit.action'),
        tr('audit.entity'),
        tr('admin.user.organisation'),
        tr('account.sessions.ip'),
        tr('audit.details'),
      ],
      entries.map((e) => [
        formatSheetDateTime(locale, e.at, env.OPERATOR_TIME_ZONE),
        e.actorEmail,
        auditActionLabel(locale, e.action),
        `${e.entity}${e.entityId ? ` ${e.entityId}` : ''}`,
        e.orgName,
        e.ip,
        describeAuditEntry(locale, e, { timeZone: env.OPERATOR_TIME_ZONE, orgNames }),
      ]),
      locale,
    ),
  )
}
