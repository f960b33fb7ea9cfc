import { json, redirect } from '@remix-run/node'
import { z } from 'zod'
import { env } from '../../env.server'
import { readCookie } from '../../i18n/locale.server'
import { safeRedirectPath } from '../../utils/http.server'
import type { AddToCartResult } from './cart.server'

// What "add to cart" answers. The hydrated page asked with fetch() and gets the result as data, so it stays where
// it is. A plain form post (no JavaScript: the browser loads a document) is sent back to the page it came from,
// same query string, with the product's anchor, and the result travels in a short-lived cookie the next page view
// reads once and clears: the URL stays the one the buyer had, and a reload does not post again nor repeat the
// notice. Which of the two it is, the browser says itself (Fetch Metadata, Sec-Fetch-Dest: "document" for a
// page load); a browser that does not say gets the redirect, which a script-driven page follows as well.

const cookieName = () => (env.COOKIE_SECURE ? '__Host-portal_cart_notice' : 'portal_cart_notice')
const attributes = () => `Path=/; HttpOnly; SameSite=Lax${env.COOKIE_SECURE ? '; Secure' : ''}`

const count = z.number().int().min(0).max(1_000_000)
const Notice = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('added'),
    productId: z.string().uuid(),
    sku: z.string().max(64),
    nameRu: z.string().max(500),
    nameEn: z.string().max(500),
    unit: z.string().max(16),
    added: count,
    total: count,
    rounded: z.object({ rule: z.enum(['not_whole', 'min', 'increment', 'max']), min: count, step: count, max: count.nullable() }).nullable(),
  }),
  z.object({
    status: z.literal('refused'),
    productId: z.string().uuid(),
    qtyRaw: z.string().max(32),
    reason: z.enum(['not_a_number', 'not_positive', 'too_large', 'full', 'not_in_assortment', 'discontinued', 'out_of_stock']),
    total: count.optional(),
    max: count.nullable().optional(),
    available: count.optional(),
  }),
]) satisfies z.ZodType<AddToCartResult>

/** The answer to an add-to-cart post: data for a script, else back to the page at `anchor` with the notice. */
export function respondToAddToCart(request: Request, added: AddToCartResult, anchor: string) {
  const dest = request.headers.get('Sec-Fetch-Dest')
  // A refusal is an answer, not a failed request: the result says it, beside the field.
  if (dest && dest !== 'document') return json({ added })
  const url = new URL(request.url)
  // Remix marks a post to an index route with ?index; the page itself has no such parameter.
  url.searchParams.delete('index')
  const back = safeRedirectPath(`${url.pathname}${url.search}#${anchor}`, url.pathname)
  const value = Buffer.from(JSON.stringify(added)).toString('base64url')
  return redirect(back, { status: 303, headers: { 'Set-Cookie': `${cookieName()}=${value}; ${attributes()}; Max-Age=60` } })
}

/** The notice a plain form post left for this page view, and the header that clears it; nothing if none or forged. */
export function takeCartNotice(request: Request): { notice: AddToCartResult | null; headers: HeadersInit } {
  const raw = readCookie(request, cookieName())
  if (!raw) return { notice: null, headers: {} }
  const headers = { 'Set-Cookie': `${cookieName()}=; ${attributes()}; Max-Age=0` }
  if (raw.length > 3000) return { notice: null, headers }
  try {
    const parsed = Notice.safeParse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')))
    return { notice: parsed.success ? parsed.data : null, headers }
  } catch {
    return { notice: null, headers }
  }
}
