import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi'
import { registerInboundApi } from './openapi-inbound'
import { registerOutboundApi } from './openapi-outbound'

// The EDI module's part of the `/api/v1` OpenAPI document: each path with the zod schemas its route parses with.
export function registerEdiApi(registry: OpenAPIRegistry) {
  registerInboundApi(registry)
  registerOutboundApi(registry)
}
