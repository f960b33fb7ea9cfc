import type { LoaderFunctionArgs } from '@remix-run/node'
import { apiDocument } from '../utils/openapi.server'

/** The OpenAPI 3.1 document of /api/v1: public (it holds no data), cacheable for an hour. */
export function loader({ request }: LoaderFunctionArgs) {
  const origin = new URL(request.url).origin
  return new Response(JSON.stringify(apiDocument(origin)), {
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'public, max-age=3600' },
  })
}
