import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { ServerBuild } from '@remix-run/node'
import { io as ioClient, type Socket } from 'socket.io-client'
import { createPortalServer } from '../app/http/create-server.server'
import { sessionCookieName } from '../app/modules/auth/cookies.server'

// The real app in-process: the Remix build behind the real Express stack, on a random port, talking to the
// test file's own database. `npm test` builds first; a stale build tests stale routes.

export interface Response2 {
  status: number
  headers: Headers
  body: string
  location: string | null
}

export interface RequestOptions {
  method?: string
  cookie?: string | null
  form?: Record<string, string> | URLSearchParams
  body?: string
  headers?: Record<string, string>
  /** Origin header on non-GET requests; defaults to the app's own, `null` sends none. */
  origin?: string | null
}

export type App = Awaited<ReturnType<typeof startApp>>

export async function startApp() {
  const buildUrl = pathToFileURL(path.resolve('build/index.js')).href
  const build = (await import(/* @vite-ignore */ buildUrl)) as ServerBuild
  const server = await createPortalServer({ build })
  const port = await server.listen(0, '127.0.0.1')
  const origin = `http://127.0.0.1:${port}`

  async function request(pathname: string, o: RequestOptions = {}): Promise<Response2> {
    const method = o.method ?? (o.form || o.body !== undefined ? 'POST' : 'GET')
    const headers: Record<string, string> = { ...o.headers }
    if (o.cookie) headers.cookie = o.cookie
    if (method !== 'GET' && method !== 'HEAD' && o.origin !== null) headers.origin = o.origin ?? origin
    let body: string | undefined = o.body
    if (o.form) {
      body = new URLSearchParams(o.form as Record<string, string>).toString()
      headers['content-type'] ??= 'application/x-www-form-urlencoded'
    }
    const res = await fetch(origin + pathname, { method, headers, body, redirect: 'manual' })
    return { status: res.status, headers: res.headers, body: await res.text(), location: res.headers.get('location') }
  }

  /** Signs in through the login form; returns the session cookie ("name=value"). */
  async function login(email: string, password: string, o: { cookie?: string; headers?: Record<string, string> } = {}) {
    const res = await request('/login', { form: { email, password }, cookie: o.cookie, headers: o.headers })
    const cookie = sessionCookieFrom(res)
    if (res.status !== 302 || !cookie) throw new Error(`login failed for ${email}: ${res.status}`)
    return cookie
  }

  const sockets: Socket[] = []
  function socket(o: { cookie?: string | null; origin?: string | null } = {}) {
    const headers: Record<string, string> = {}
    if (o.cookie) headers.cookie = o.cookie
    if (o.origin !== null) headers.origin = o.origin ?? origin
    const s = ioClient(origin, { transports: ['websocket'], extraHeaders: headers, reconnection: false, forceNew: true })
    sockets.push(s)
    return s
  }

  return {
    origin,
    port,
    request,
    login,
    socket,
    close: async () => {
      for (const s of sockets) s.disconnect()
      await server.close()
    },
  }
}

export function sessionCookieFrom(res: { headers: Headers }): string | null {
  const name = sessionCookieName()
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(';')
    if (pair.startsWith(`${name}=`) && pair.length > name.length + 1) return pair
  }
  return null
}

export function waitForEvent<T = unknown>(s: Socket, event: string, timeoutMs = 3000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs)
    s.once(event, (value: T) => {
      clearTimeout(timer)
      resolve(value)
    })
  })
}
