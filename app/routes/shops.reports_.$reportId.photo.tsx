import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePermission } from '../modules/auth/guards.server'
import { getReceiptPhoto } from '../modules/sarm/sale-reports.server'
import { notFound, uuidParam } from '../utils/http.server'

// A report's receipt photo for the dealer who confirms it; another dealer's report reads as not found. The type was
// checked by the bytes on upload; `nosniff` keeps the browser from guessing another.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requirePermission(request, 'read:sarm:org')
  const photo = await getReceiptPhoto({ scope, reportId: uuidParam(params.reportId) })
  if (!photo) notFound()
  return new Response(new Uint8Array(photo.bytes), {
    headers: { 'Content-Type': photo.mime, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'private, no-store' },
  })
}
