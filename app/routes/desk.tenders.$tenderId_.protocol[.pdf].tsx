import type { LoaderFunctionArgs } from '@remix-run/node'
import { resolveLocale } from '../i18n/locale.server'
import { protocolPdf, tenderProtocol } from '../modules/auctions/reports.server'
import { requirePermission } from '../modules/auth/guards.server'
import { attachment } from '../utils/csv'
import { notFound, uuidParam } from '../utils/http.server'

/** The closing protocol as PDF, for the buyer organisation's procurement staff only. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'manage:tender:any')
  const protocol = await tenderProtocol(auth.org.id, uuidParam(params.tenderId))
  if (!protocol) notFound()
  const pdf = await protocolPdf(protocol, resolveLocale(request, auth.user.locale))
  return attachment(pdf, `tender-protocol-${protocol.tender.id}.pdf`, 'application/pdf')
}
