import { defaultLocale, isLocale, type Locale } from './index'

export const LOCALE_COOKIE = 'lang'

/**
 * Picks a supported locale from an Accept-Language header (RFC 9110 §12.5.4). Anything malformed is skipped,
 * never thrown: a broken header from a proxy must not break the page.
 */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale | null {
  if (!header || header.length > 1000) return null
  let best: { locale: Locale; q: number } | null = null
  for (const part of header.split(',')) {
    const [tag, ...params] = part.trim().split(';')
    const primary = tag?.trim().toLowerCase().split('-')[0]
    if (!isLocale(primary)) continue
    let q = 1
    for (const p of params) {
      const [k, v] = p.trim().split('=')
      if (k === 'q') q = /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(v ?? '') ? Number(v) : 0
    }
    if (q > 0 && (!best || q > best.q)) best = { locale: primary, q }
  }
  return best?.locale ?? null
}

export function readCookie(request: Request, name: string): string | null {
  const header = request.headers.get('Cookie')
  if (!header) return null
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0) continue
    if (part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim())
      } catch {
        return null
      }
    }
  }
  return null
}

/** The signed-in user's saved choice, then the language cookie, then the browser's languages, then Russian. */
export function resolveLocale(request: Request, userLocale?: string | null): Locale {
  if (isLocale(userLocale)) return userLocale
  const cookie = readCookie(request, LOCALE_COOKIE)
  if (isLocale(cookie)) return cookie
  return localeFromAcceptLanguage(request.headers.get('Accept-Language')) ?? defaultLocale
}

export function localeCookieHeader(locale: Locale) {
  return `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=31536000; SameSite=Lax`
}
