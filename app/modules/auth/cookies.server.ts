import { env } from '../../env.server'
import { readCookie } from '../../i18n/locale.server'

// __Host- requires Secure, Path=/ and no Domain: the cookie cannot be set by a sibling subdomain (ASVS V3.3.3).
export function sessionCookieName() {
  return env.COOKIE_SECURE ? '__Host-portal_session' : 'portal_session'
}

export function readSessionToken(request: Request) {
  return readCookie(request, sessionCookieName())
}

export function sessionCookie(token: string) {
  const maxAge = env.SESSION_ABSOLUTE_HOURS * 3600
  return `${sessionCookieName()}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${env.COOKIE_SECURE ? '; Secure' : ''}`
}

export function clearSessionCookie() {
  return `${sessionCookieName()}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${env.COOKIE_SECURE ? '; Secure' : ''}`
}

// The device cookie (devices.server.ts): long-lived, HttpOnly, and like the session __Host- in production.
export function deviceCookieName() {
  return env.COOKIE_SECURE ? '__Host-portal_device' : 'portal_device'
}

export function readDeviceToken(request: Request) {
  return readCookie(request, deviceCookieName())
}

export function deviceCookie(token: string) {
  return `${deviceCookieName()}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${365 * 86400}${env.COOKIE_SECURE ? '; Secure' : ''}`
}
