import crypto from 'node:crypto'
import type { NextFunction, Request, Response } from 'express'
import helmet from 'helmet'
import { env } from '../env.server'

export function nonceMiddleware(_req: Request, res: Response, next: NextFunction) {
  res.locals.cspNonce = crypto.randomBytes(16).toString('base64')
  next()
}

// A strict CSP: scripts only from us and with this request's nonce (Remix's inline context script carries it).
export const securityHeaders = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      'default-src': ["'self'"],
      'script-src': ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`],
      'style-src': ["'self'"],
      'img-src': ["'self'", 'data:'],
      'font-src': ["'self'"],
      'connect-src': ["'self'"],
      'form-action': ["'self'"],
      'frame-ancestors': ["'none'"],
      'base-uri': ["'none'"],
      'object-src': ["'none'"],
    },
  },
  strictTransportSecurity: env.COOKIE_SECURE ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  referrerPolicy: { policy: 'same-origin' },
  crossOriginEmbedderPolicy: false,
})

/** The origins allowed to change state: the configured list, or the request's own scheme and host. */
export function allowedOrigins(req: { protocol: string; get(name: string): string | undefined }) {
  if (env.ALLOWED_ORIGINS.length) return env.ALLOWED_ORIGINS
  const host = req.get('host')
  return host ? [`${req.protocol}://${host}`] : []
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * CSRF defence (ASVS V3.5.1–V3.5.3, the Lucia guide's approach): every state-changing request must carry an
 * Origin header naming one of our origins. A missing Origin is refused too: every browser sends it on POST.
 */
export function originCheck(req: Request, res: Response, next: NextFunction) {
  if (SAFE_METHODS.has(req.method)) return next()
  // The API authenticates by a bearer key only, never a cookie (auth/guards.server.ts requireApiKey): a forged
  // cross-site request carries no key, so there is nothing for an Origin check to protect, and ERPs send none.
  if (req.path.startsWith('/api/v1/')) return next()
  const origin = req.get('origin')
  if (origin && allowedOrigins(req).includes(origin)) return next()
  res
    .status(403)
    .type('application/problem+json')
    .send(
      JSON.stringify({
        type: 'https://portal.example/problems/origin-refused',
        title: 'Cross-origin request refused',
        status: 403,
        detail: origin
          ? `Origin ${origin.slice(0, 200)} is not allowed to change state here.`
          : 'A state-changing request must carry an Origin header.',
      }),
    )
}

const MAX_BODY_BYTES = 1024 * 1024
/** Pages that take a spreadsheet upload: 5,000 lines of CSV or XLSX fit well inside. */
const UPLOADS = new Map([
  ['/quick-order', 8 * 1024 * 1024],
  // Shop assistants: a receipt photo of up to 5 MB with its form; a POS export of a few thousand lines.
  ['/assistant/sales/new', 6 * 1024 * 1024],
  ['/shops/import', 8 * 1024 * 1024],
  ['/desk/catalog/import', 32 * 1024 * 1024],
  // EDI: an ORDERS of 10,000 lines is about 1.5 MB; 16 MiB leaves room and still refuses a 20 MB body unread.
  ['/api/v1/interchanges', 16 * 1024 * 1024],
  ['/api/v1/orders', 16 * 1024 * 1024],
  ['/edi/check', 16 * 1024 * 1024],
])

/** Forms here are small; a body larger than 1 MiB (more on upload pages) is refused before anything reads it. */
export function bodyLimit(req: Request, res: Response, next: NextFunction) {
  // A chunked body declares no length and would be read whole, however large: browsers always send
  // Content-Length with a form, so ask for one (RFC 9110 §15.5.12).
  if (req.get('transfer-encoding')) return problem(res, 411, 'Length required', 'Send the body with a Content-Length.')
  const length = Number(req.get('content-length') ?? 0)
  const limit = UPLOADS.get(req.path) ?? MAX_BODY_BYTES
  if (length > limit) return problem(res, 413, 'Request body too large', `The limit is ${limit} bytes.`)
  next()
}

function problem(res: Response, status: number, title: string, detail: string) {
  res.status(status).type('application/problem+json').send(JSON.stringify({ title, status, detail }))
}

/**
 * Only an origin-form request target (`/path?query`) reaches the app (RFC 9112 §3.2.1). Node accepts the
 * absolute form (`GET http://evil.example/login`), which would let the request name a host other than ours.
 * A NUL anywhere in the path or query is refused as well: PostgreSQL cannot store it in text, and no link of
 * ours carries one.
 */
export function requestTargetCheck(req: Request, res: Response, next: NextFunction) {
  const target = req.url
  if (!target.startsWith('/') && !(req.method === 'OPTIONS' && target === '*')) {
    return problem(res, 400, 'Bad request target', 'Send the path only (origin-form), not an absolute URL.')
  }
  if (/%00/i.test(target)) return problem(res, 400, 'Bad request target', 'The path or query contains a NUL character.')
  next()
}
