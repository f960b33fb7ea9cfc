import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi'

// The outbound paths of /api/v1 (filled in with their routes).
export function registerOutboundApi(registry: OpenAPIRegistry) {
  void registry
}
