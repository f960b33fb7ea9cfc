import type { LoaderFunctionArgs } from '@remix-run/node'
import { translate } from '../i18n'
import { formatSheetDateTime } from '../i18n/format'
import { resolveLocale } from '../i18n/locale.server'
import { requirePermission } from '../modules/auth/guards.server'
import { trainingCompletionRows, trainingForDesk } from '../modules/sarm/trainings.server'
import { operatorTimeZone } from '../utils/clock.server'
import { csvResponse, toCsv } from '../utils/csv'
import { invariantResponse, uuidParam } from '../utils/http.server'

/** A training's completions as CSV (the reader's language and separator), for the desk. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope, user } = await requirePermission(request, 'manage:sarm:any')
  const trainingId = uuidParam(params.trainingId)
  invariantResponse(await trainingForDesk({ scope, trainingId }), 'error.notFound.title', { status: 404 })
  const locale = resolveLocale(request, user.locale)
  const t = (k: Parameters<typeof translate>[1]) => translate(locale, k)
  const rows = await trainingCompletionRows(trainingId)
  const header = [
    t('sarm.deskTraining.person'),
    'E-mail',
    t('sarm.deskTraining.dealer'),
    t('sarm.deskTraining.score'),
    t('sarm.deskTraining.certificateNo'),
    t('sarm.deskTraining.completedAt'),
  ]
  const body = toCsv(
    header,
    rows.map((r) => [r.name, r.email, r.dealer, r.scorePct ?? '', r.certificateNo, formatSheetDateTime(locale, r.completedAt, operatorTimeZone)]),
    locale,
  )
  return csvResponse(`training-${trainingId}-completions.csv`, body)
}
