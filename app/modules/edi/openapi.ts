import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi'

// The EDI module's part of the `/api/v1` OpenAPI document: each path with the zod schemas its route parses with
// (schemas.ts). Filled in with the routes.
export function registerEdiApi(registry: OpenAPIRegistry) {
  void registry
}
