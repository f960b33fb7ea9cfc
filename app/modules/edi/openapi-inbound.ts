import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi'

// The inbound paths of /api/v1 (filled in with their routes).
export function registerInboundApi(registry: OpenAPIRegistry) {
  void registry
}
