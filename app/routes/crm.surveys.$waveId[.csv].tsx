import type { LoaderFunctionArgs } from '@remix-run/node'
import { resolveLocale } from '../i18n/locale.server'
import { translate } from '../i18n'
import { requirePermission } from '../modules/auth/guards.server'
import { DIMENSIONS, ITEM_COUNT } from '../modules/crm/servqual-items'
import { waveAnswers } from '../modules/crm/surveys.server'
import { csvResponse, toCsv } from '../utils/csv'
import { uuidParam } from '../utils/http.server'

/** A wave's answers as given (one row per answer, the organisation named, no person), to recompute any score. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'read:crm:any')
  const locale = resolveLocale(request, auth.user.locale)
  const rows = await waveAnswers({ scope: auth.scope, waveId: uuidParam(params.waveId) })
  const items = Array.from({ length: ITEM_COUNT }, (_, i) => i + 1)
  const header = [
    translate(locale, 'crm.surveys.col.organisation'),
    translate(locale, 'crm.surveys.col.submitted'),
    ...items.map((i) => `E${i}`),
    ...items.map((i) => `P${i}`),
    ...DIMENSIONS.map((d) => `${translate(locale, 'crm.surveys.col.importance')}: ${translate(locale, `crm.surveys.dim.${d}`)}`),
  ]
  const body = rows.map((r) => [r.orgName, r.submittedAt, ...r.expectations, ...r.perceptions, ...r.importance])
  return csvResponse('servqual-answers.csv', toCsv(header, body, locale))
}
