import type { LoaderFunctionArgs } from '@remix-run/node'
import { translate } from '../i18n'
import { resolveLocale } from '../i18n/locale.server'
import { supplierReport, supplierReportCsv } from '../modules/auctions/reports.server'
import { requirePermission } from '../modules/auth/guards.server'
import { csvResponse } from '../utils/csv'
import { notFound, uuidParam } from '../utils/http.server'

/** An invited supplier's own report of a finished tender; 404 for anyone not invited, as for no tender at all. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'bid:tender:org')
  const locale = resolveLocale(request, auth.user.locale)
  const report = await supplierReport(auth.org.id, uuidParam(params.tenderId))
  if (!report) notFound()
  // A download link answers in words the reader can act on, not a catalog key.
  if (report === 'not_finished') throw new Response(translate(locale, 'tenderReport.notFinished'), { status: 409, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
  return csvResponse(`tender-report-${report.tender.id}.csv`, supplierReportCsv(report, locale))
}
