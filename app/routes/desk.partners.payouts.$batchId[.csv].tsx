import type { LoaderFunctionArgs } from '@remix-run/node'
import { resolveLocale } from '../i18n/locale.server'
import { requirePermission } from '../modules/auth/guards.server'
import { payoutBatchResponse } from '../modules/incentives/exports.server'
import { invariantResponse, uuidParam } from '../utils/http.server'

// A payout batch for the bank (one row per recipient), as a spreadsheet.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'manage:partner_programme:any')
  const response = await payoutBatchResponse({
    scope: auth.scope,
    batchId: uuidParam(params.batchId),
    locale: resolveLocale(request, auth.user.locale),
    format: 'csv',
  })
  invariantResponse(response, 'error.notFound.title', { status: 404 })
  return response
}
