import type { LoaderFunctionArgs } from '@remix-run/node'
import { env } from '../env.server'
import { translate, type MessageKey } from '../i18n'
import { formatSheetDateTime, formatZoneName } from '../i18n/format'
import { resolveLocale } from '../i18n/locale.server'
import { requirePermission } from '../modules/auth/guards.server'
import { listOrganisations } from '../modules/tenancy/queries.server'
import { OrganisationListQuery } from '../modules/tenancy/schemas'
import { csvResponse, toCsv } from '../utils/csv'

/** The organisation list as CSV, with the same filters and order as the page; times in the operator's zone. */
export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'read:organisation:any')
  const organisations = await listOrganisations({
    scope: auth.scope,
    ...OrganisationListQuery.parse(Object.fromEntries(new URL(request.url).searchParams)),
  })
  const locale = resolveLocale(request, auth.user.locale)
  const tr = (k: MessageKey) => translate(locale, k)
  return csvResponse(
    'organisations.csv',
    toCsv(
      [
        ...(
          [
            'admin.org.shortName',
            'admin.org.legalName',
            'admin.org.kind',
            'admin.org.country',
            'admin.org.inn',
            'admin.org.kpp',
            'admin.org.vatId',
            'admin.org.verification',
            'admin.org.members',
          ] as const
        ).map((k) => tr(k)),
        `${tr('admin.org.created')} (${formatZoneName(locale, env.OPERATOR_TIME_ZONE)})`,
      ],
      organisations.map((o) => [
        o.shortName,
        o.legalName,
        tr(`kind.${o.kind}`),
        o.country,
        o.inn,
        o.kpp,
        o.vatId,
        tr(`status.${o.verificationStatus}`),
        o.memberCount,
        formatSheetDateTime(locale, o.createdAt, env.OPERATOR_TIME_ZONE),
      ]),
      locale,
    ),
  )
}
