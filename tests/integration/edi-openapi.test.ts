import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { createApiKey, createEdiPartner, createMember, createOrganisation } from '../factories'
import { startApp, type App } from '../http-harness'

// Issue 12 "The JSON API": the OpenAPI 3.1 document at /api/v1/openapi.json names every /api/v1 route the app has,
// with every method it answers, each guarded by the bearer key and failing as problem+json, and every $ref resolves.
// The routes come from the routes folder itself, so a new route without its documentation fails here.

type Operation = {
  security?: Record<string, string[]>[]
  parameters?: { name: string; in: string }[]
  responses?: Record<string, { content?: Record<string, unknown> }>
}
type Doc = {
  openapi: string
  security?: Record<string, string[]>[]
  paths: Record<string, Record<string, Operation>>
  components?: { securitySchemes?: Record<string, { type: string; scheme?: string }> } & Record<string, unknown>
}

let app: App
let doc: Doc
let token: string
const methods = ['get', 'post', 'put', 'patch', 'delete'] as const

/** `api.v1.orders.$orderId.ts` → `/api/v1/orders/{orderId}`; `_index` is its folder; `[.json]` escapes the dot. */
function remixPath(file: string) {
  const base = file.replace(/\.tsx?$/, '')
  const segments: string[] = []
  let rest = base
  while (rest.length) {
    // A [..] escape belongs to the segment it is in.
    const m = /^((?:[^.[]|\[[^\]]*\])+)(?:\.|$)/.exec(rest)!
    segments.push(m[1])
    rest = rest.slice(m[0].length)
  }
  return (
    '/' +
    segments
      .filter((s) => s !== '_index')
      .map((s) => (s.startsWith('$') ? `{${s.slice(1)}}` : s.replace(/\[([^\]]*)\]/g, '$1')))
      .join('/')
  )
}

const routesDir = path.resolve('app/routes')
const routeFiles = fs
  .readdirSync(routesDir)
  .filter((f) => /^api\.v1\..+\.tsx?$/.test(f))
  .sort()
const exportsOf = (file: string) => {
  const text = fs.readFileSync(path.join(routesDir, file), 'utf8')
  return {
    loader: /export\s+(?:const|(?:async\s+)?function)\s+loader\b/.test(text),
    action: /export\s+(?:const|(?:async\s+)?function)\s+action\b/.test(text),
  }
}
/** A concrete URL for a documented path: a made-up uuid for each parameter. */
const concrete = (p: string) => p.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000')

beforeAll(async () => {
  app = await startApp()
  const org = await createOrganisation(db, { kind: 'key_account' })
  const admin = await createMember(db, org, 'account_admin')
  await createEdiPartner(db, org.id)
  token = (await createApiKey({ orgId: org.id, userId: admin.id })).token
  const res = await app.request('/api/v1/openapi.json')
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toContain('application/json')
  doc = JSON.parse(res.body) as Doc
})
afterAll(async () => app?.close())

describe('GET /api/v1/openapi.json', () => {
  it('is OpenAPI 3.1 with a bearer security scheme', () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/)
    const bearer = Object.values(doc.components?.securitySchemes ?? {}).filter((s) => s.type === 'http' && s.scheme === 'bearer')
    expect(bearer).toHaveLength(1)
  })

  it('derives the paths from the route files as Remix does', () => {
    expect(remixPath('api.v1.orders.$orderId.ts')).toBe('/api/v1/orders/{orderId}')
    expect(remixPath('api.v1.orders._index.ts')).toBe('/api/v1/orders')
    expect(remixPath('api.v1.messages.$messageId.ack.ts')).toBe('/api/v1/messages/{messageId}/ack')
    expect(remixPath('api.v1.openapi[.json].ts')).toBe('/api/v1/openapi.json')
    expect(routeFiles.length).toBeGreaterThan(10)
  })

  // The document itself and its HTML reference are public descriptions of the API, not operations on an account's
  // data: they are in the document (as public, security []) but not held to the key and problem rules below.
  const described = routeFiles.filter((f) => !['api.v1.openapi[.json].ts', 'api.v1.docs.tsx'].includes(f))

  it.each(described)('%s: its path and every method it answers are documented, and no other', async (file) => {
    const p = remixPath(file)
    const item = doc.paths[p]
    expect(item, `${p} is missing from paths`).toBeDefined()
    const { loader, action } = exportsOf(file)
    // What the route answers, asked over HTTP with a valid key: a method the route refuses with 405 (a loader that
    // only says "use POST") is not an operation; one it handles must be documented.
    const answered: string[] = []
    for (const m of methods) {
      if (m === 'get' ? !loader : !action) continue
      const res = await app.request(concrete(p), {
        method: m.toUpperCase(),
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(m === 'get' ? {} : { body: '{}' }),
      })
      expect(res.status, `${m.toUpperCase()} ${p}`).not.toBe(500)
      if (res.status !== 405) answered.push(m)
    }
    expect(answered.length, `${file} answers no method`).toBeGreaterThan(0)
    const documented = Object.keys(item).filter((k) => (methods as readonly string[]).includes(k))
    expect(documented.sort(), p).toEqual(answered.sort())
    // Path parameters named as in the route file.
    for (const name of [...p.matchAll(/\{([^}]+)\}/g)].map((x) => x[1]))
      for (const m of documented)
        expect(
          item[m].parameters?.some((q) => q.in === 'path' && q.name === name),
          `${m} ${p} declares {${name}}`,
        ).toBe(true)
  })

  it('every account operation requires the bearer key and declares a problem+json error', () => {
    const schemes = doc.components?.securitySchemes ?? {}
    const publicPaths = ['/api/v1/openapi.json', '/api/v1/docs']
    for (const [p, item] of Object.entries(doc.paths)) {
      for (const [m, op] of Object.entries(item)) {
        if (!(methods as readonly string[]).includes(m)) continue
        if (publicPaths.includes(p)) {
          expect(op.security, `${m} ${p} is public`).toEqual([])
          continue
        }
        const security = op.security ?? doc.security ?? []
        expect(
          security.some((req) => Object.keys(req).some((name) => schemes[name]?.type === 'http' && schemes[name]?.scheme === 'bearer')),
          `${m} ${p} requires the bearer key`,
        ).toBe(true)
        const errors = Object.entries(op.responses ?? {}).filter(([status]) => /^[45]\d\d$/.test(status))
        expect(
          errors.some(([, r]) => r.content && 'application/problem+json' in r.content),
          `${m} ${p} declares a problem+json error`,
        ).toBe(true)
        // The key's own failure is documented where it happens.
        expect(op.responses?.['401']?.content, `${m} ${p} documents 401`).toHaveProperty(['application/problem+json'])
      }
    }
  })

  it('every $ref resolves inside the document', () => {
    const refs: string[] = []
    const walk = (v: unknown) => {
      if (Array.isArray(v)) v.forEach(walk)
      else if (v && typeof v === 'object')
        for (const [k, x] of Object.entries(v)) {
          if (k === '$ref' && typeof x === 'string') refs.push(x)
          else walk(x)
        }
    }
    walk(doc)
    expect(refs.length).toBeGreaterThan(0)
    for (const ref of new Set(refs)) {
      expect(ref.startsWith('#/'), ref).toBe(true)
      const target = ref
        .slice(2)
        .split('/')
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
        .reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), doc)
      expect(target, `${ref} resolves`).toBeDefined()
    }
  })
})

describe('GET /api/v1/docs', () => {
  it('renders the reference and links the document', async () => {
    const res = await app.request('/api/v1/docs')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/html')
    expect(res.body).toMatch(/<a [^>]*href="\/api\/v1\/openapi\.json"/)
    // Every documented operation is on the page.
    for (const [p, item] of Object.entries(doc.paths))
      for (const m of Object.keys(item)) expect(res.body, `${m} ${p}`).toContain(`${m.toUpperCase()}</code> <code`)
    const link = await app.request('/api/v1/openapi.json')
    expect(link.status).toBe(200)
  })
})
