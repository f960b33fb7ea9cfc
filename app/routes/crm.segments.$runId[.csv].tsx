import type { LoaderFunctionArgs } from '@remix-run/node'
import { resolveLocale } from '../i18n/locale.server'
import { requirePermission } from '../modules/auth/guards.server'
import { segmentRunExport } from '../modules/crm/segments.server'
import { invariantResponse, uuidParam } from '../utils/http.server'

// A segmentation run's customers with their figures and the sentence behind each class, as a spreadsheet.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'read:crm:any')
  const response = await segmentRunExport({
    scope: auth.scope,
    runId: uuidParam(params.runId),
    locale: resolveLocale(request, auth.user.locale),
    format: 'csv',
  })
  invariantResponse(response, 'error.notFound.title', { status: 404 })
  return response
}
