// What server.ts hands every loader and action besides the request.
export interface PortalLoadContext {
  /** Per-request CSP nonce; reaches <Scripts> through entry.server, never through loader data (remix#5162). */
  cspNonce: string
  /** The client IP from the trusted proxy hop only (TRUST_PROXY_HOPS), for rate limits and the audit log. */
  clientIp: string
}

declare module '@remix-run/node' {
  interface AppLoadContext extends PortalLoadContext {}
}
