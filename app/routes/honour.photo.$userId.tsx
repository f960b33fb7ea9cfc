import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePermission } from '../modules/auth/guards.server'
import { honourPhoto } from '../modules/sarm/honour.server'
import { notFound, uuidParam } from '../utils/http.server'

// A person's honour-board photo, while their consent stands (the row goes with the consent); else 404. Never
// cached by shared caches, and revalidated, so a withdrawal takes the photo off every screen at the next look.
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'read:honour_board:org')
  const photo = await honourPhoto(uuidParam(params.userId))
  if (!photo) notFound()
  return new Response(new Uint8Array(photo.bytes), {
    headers: {
      'content-type': photo.mime,
      'cache-control': 'private, no-cache',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'",
    },
  })
}
