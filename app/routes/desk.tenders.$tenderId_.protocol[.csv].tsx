import type { LoaderFunctionArgs } from '@remix-run/node'
import { resolveLocale } from '../i18n/locale.server'
import { protocolCsv } from '../modules/auctions/reports-csv'
import { tenderProtocol } from '../modules/auctions/queries.server'
import { requirePermission } from '../modules/auth/guards.server'
import { csvResponse } from '../utils/csv'
import { invariantResponse, uuidParam } from '../utils/http.server'

/** The closing protocol as CSV, for the buyer organisation's procurement staff only. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope, org, user } = await requirePermission(request, 'manage:tender:any')
  const protocol = await tenderProtocol({ scope, buyerOrgId: org.id, tenderId: uuidParam(params.tenderId) })
  invariantResponse(protocol, 'error.notFound.title', { status: 404 })
  return csvResponse(`tender-protocol-${protocol.tender.id}.csv`, protocolCsv(protocol, resolveLocale(request, user.locale)))
}
