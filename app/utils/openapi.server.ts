import { OpenAPIRegistry, OpenApiGeneratorV31, extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi'
import { z } from 'zod'
import { registerEdiApi } from '../modules/edi/openapi'

// The OpenAPI 3.1 document of `/api/v1`, generated from the same zod schemas the routes parse with
// (@asteasolutions/zod-to-openapi): a module adds its paths through its `openapi.ts` registrar; nothing is written
// by hand twice. Built once per process.
extendZodWithOpenApi(z)

let built: object | null = null

export function apiDocument(serverUrl: string) {
  if (!built) {
    const registry = new OpenAPIRegistry()
    registry.registerComponent('securitySchemes', 'apiKey', {
      type: 'http',
      scheme: 'bearer',
      description: 'An API key issued by the key account’s administrator (Settings → API keys). Never in the URL.',
    })
    registerEdiApi(registry)
    built = new OpenApiGeneratorV31(registry.definitions).generateDocument({
      openapi: '3.1.0',
      info: {
        title: 'Partner portal API',
        version: '1.0.0',
        description:
          'Orders, order responses, despatch advices, invoices, the price catalog, inventory and the message mailbox for key accounts. Errors are RFC 9457 problem+json with JSON pointers; the codes are the EDI path’s.',
      },
      security: [{ apiKey: [] }],
    })
  }
  return { ...built, servers: [{ url: serverUrl }] }
}
