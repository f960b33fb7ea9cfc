import type { LoaderFunctionArgs } from '@remix-run/node'
import { resolveLocale } from '../i18n/locale.server'
import { protocolPdf, tenderProtocol } from '../modules/auctions/queries.server'
import { requirePermission } from '../modules/auth/guards.server'
import { attachment } from '../utils/csv'
import { invariantResponse, uuidParam } from '../utils/http.server'

/** The closing protocol as PDF, for the buyer organisation's procurement staff only. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope, org, user } = await requirePermission(request, 'manage:tender:any')
  const protocol = await tenderProtocol({ scope, buyerOrgId: org.id, tenderId: uuidParam(params.tenderId) })
  invariantResponse(protocol, 'error.notFound.title', { status: 404 })
  const pdf = await protocolPdf(protocol, resolveLocale(request, user.locale))
  return attachment(pdf, `tender-protocol-${protocol.tender.id}.pdf`, 'application/pdf')
}
