import type { LoaderFunctionArgs } from '@remix-run/node'
import { resolveLocale } from '../i18n/locale.server'
import { translate } from '../i18n'
import { formatSheetDateTime } from '../i18n/format'
import { requirePermission } from '../modules/auth/guards.server'
import { groupKey } from '../modules/crm/components/recommendations'
import { listRecommendationCounts } from '../modules/crm/recommendations.server'
import { operatorTimeZone } from '../utils/clock.server'
import { csvResponse, toCsv } from '../utils/csv'

/** Every customer's recommendation count as CSV, in the reader's dialect. */
export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'read:crm:any')
  const locale = resolveLocale(request, auth.user.locale)
  const rows = await listRecommendationCounts({ scope: auth.scope })
  const header = ['crm.recommendations.customer', 'crm.recommendations.count', 'crm.recommendations.group', 'crm.recommendations.computedAt'] as const
  return csvResponse(
    'recommendations.csv',
    toCsv(
      header.map((k) => translate(locale, k)),
      rows.map((r) => [
        r.shortName,
        r.count,
        `${translate(locale, groupKey[r.groupKind as keyof typeof groupKey] ?? groupKey.all, { label: r.groupLabel })} (${r.groupSize})`,
        formatSheetDateTime(locale, r.computedAt, operatorTimeZone),
      ]),
      locale,
    ),
  )
}
