import type { LoaderFunctionArgs } from '@remix-run/node'
import type { ZodIssue, ZodType, ZodTypeDef } from 'zod'
import { requireApiKey, type ApiAuthContext } from '../modules/auth/guards.server'
import { recordApiCall } from '../modules/auth/mutations.server'
import type { ApiKeyScope } from '../modules/auth/schemas'
import { logger } from './logger.server'
import { problem, problemResponse, type ProblemError } from './problem'

// The one way an `/api/v1` route runs (issue 12): the API-key guard, the handler, every answer audited with its
// status, any thrown Response passed through, anything unexpected a problem+json 500 with the request id in the log
// (never a stack to the caller). Routes stay adapters: `export const action = (args) => apiRoute(args, 'orders:write',
// async (auth) => …)`.

export type ApiArgs = Pick<LoaderFunctionArgs, 'request' | 'context'>

export async function apiRoute(args: ApiArgs, need: ApiKeyScope, handle: (auth: ApiAuthContext) => Promise<Response>): Promise<Response> {
  const { request } = args
  const ip = (args.context as { clientIp?: string } | undefined)?.clientIp ?? null
  let auth: ApiAuthContext | null = null
  let response: Response
  try {
    auth = await requireApiKey(request, need, ip)
    response = await handle(auth)
  } catch (thrown) {
    if (thrown instanceof Response) response = thrown
    else {
      logger.error({ err: thrown, path: new URL(request.url).pathname }, 'api call failed')
      response = problemResponse(problem(500, 'internal', 'Internal error', { detail: 'The request failed on our side; nothing was changed.' }))
    }
  }
  if (auth) {
    const url = new URL(request.url)
    await recordApiCall({ key: auth.key, ip, method: request.method, path: url.pathname + url.search, status: response.status })
  }
  return response
}

export function apiJson(body: unknown, init: ResponseInit = {}): Response {
  return new Response(JSON.stringify(body), { ...init, headers: { 'Content-Type': 'application/json; charset=utf-8', ...init.headers } })
}

/** RFC 6901: '~' → '~0', '/' → '~1'. */
export const pointerOf = (path: (string | number)[]) => '/' + path.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')

/** zod issues as problem errors with JSON pointers; an unknown field points at itself. */
export function problemErrorsOf(issues: ZodIssue[], limit = 100): ProblemError[] {
  const out: ProblemError[] = []
  for (const i of issues) {
    if (i.code === 'unrecognized_keys')
      for (const k of i.keys) out.push({ pointer: pointerOf([...i.path, k]), code: 'unknown_field', detail: `Unknown field "${k}".` })
    else
      out.push({ pointer: pointerOf(i.path), code: i.code === 'invalid_type' && i.received === 'undefined' ? 'missing' : i.code, detail: i.message })
    if (out.length >= limit) break
  }
  return out
}

/**
 * The request body as JSON, checked by `schema`: a body that is not JSON is 400, one the schema refuses 422 with
 * every field's pointer (the first 100). The size was bounded before (app/http/security.server.ts).
 */
export async function readJson<T>(
  request: Request,
  schema: ZodType<T, ZodTypeDef, unknown>,
): Promise<{ ok: true; value: T; raw: string } | { ok: false; response: Response }> {
  const raw = await request.text()
  let data: unknown
  try {
    data = JSON.parse(raw)
  } catch {
    return { ok: false, response: problemResponse(problem(400, 'not_json', 'The body is not JSON', { detail: 'Send application/json.' })) }
  }
  const parsed = schema.safeParse(data)
  if (!parsed.success)
    return {
      ok: false,
      response: problemResponse(
        problem(422, 'invalid_body', 'The body does not match the schema', {
          detail: `${parsed.error.issues.length} problem(s); see errors.`,
          errors: problemErrorsOf(parsed.error.issues),
        }),
      ),
    }
  return { ok: true, value: parsed.data, raw }
}

/** Opaque cursors for paging: the last row's position, base64url JSON. A tampered cursor is a 400, never a 500. */
export function encodeCursor(position: Record<string, string | number>) {
  return Buffer.from(JSON.stringify(position)).toString('base64url')
}
export function decodeCursor<T extends Record<string, string | number>>(cursor: string | null, check: (v: unknown) => v is T): T | null | Response {
  if (!cursor) return null
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (check(v)) return v
  } catch {
    /* falls through to the refusal */
  }
  return problemResponse(problem(400, 'bad_cursor', 'Unknown cursor', { detail: 'Pass back the `next` value of a previous page unchanged.' }))
}
