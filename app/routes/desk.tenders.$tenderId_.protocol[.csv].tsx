import type { LoaderFunctionArgs } from '@remix-run/node'
import { resolveLocale } from '../i18n/locale.server'
import { protocolCsv, tenderProtocol } from '../modules/auctions/reports.server'
import { requirePermission } from '../modules/auth/guards.server'
import { csvResponse } from '../utils/csv'
import { notFound, uuidParam } from '../utils/http.server'

/** The closing protocol as CSV, for the buyer organisation's procurement staff only. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'manage:tender:any')
  const protocol = await tenderProtocol(auth.org.id, uuidParam(params.tenderId))
  if (!protocol) notFound()
  return csvResponse(`tender-protocol-${protocol.tender.id}.csv`, protocolCsv(protocol, resolveLocale(request, auth.user.locale)))
}
