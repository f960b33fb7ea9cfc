import type { LoaderFunctionArgs } from '@remix-run/node'
import { translate } from '../i18n'
import { resolveLocale } from '../i18n/locale.server'
import { supplierReport } from '../modules/auctions/queries.server'
import { supplierReportCsv } from '../modules/auctions/reports-csv'
import { requirePermission } from '../modules/auth/guards.server'
import { csvResponse } from '../utils/csv'
import { invariantResponse, uuidParam } from '../utils/http.server'

/** An invited supplier's own report of a finished tender; 404 for anyone not invited, as for no tender at all. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope, user } = await requirePermission(request, 'bid:tender:org')
  const locale = resolveLocale(request, user.locale)
  const report = await supplierReport({ scope, tenderId: uuidParam(params.tenderId) })
  invariantResponse(report, 'error.notFound.title', { status: 404 })
  // A download link answers in words the reader can act on, not a catalog key.
  if (report === 'not_finished')
    throw new Response(translate(locale, 'tenderReport.notFinished'), { status: 409, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
  return csvResponse(`tender-report-${report.tender.id}.csv`, supplierReportCsv(report, locale))
}
