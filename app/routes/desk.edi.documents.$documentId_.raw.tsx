import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePermission } from '../modules/auth/guards.server'
import { getRawMessage } from '../modules/edi/queries.server'
import { attachment } from '../utils/csv'
import { invariantResponse, uuidParam } from '../utils/http.server'

// The bytes exactly as received (or as sent), with their content type: what the partner's own tools can read.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requirePermission(request, 'manage:edi:any')
  const raw = await getRawMessage({ scope, documentId: uuidParam(params.documentId) })
  invariantResponse(raw, 'error.notFound.title', { status: 404 })
  return attachment(new Uint8Array(raw.bytes), raw.filename, raw.contentType)
}
