import { parseWithZod } from '@conform-to/zod'
import { json } from '@remix-run/node'
import type { ZodTypeAny } from 'zod'
import type { MessageKey } from '../i18n'
import { checkFormBounds, FORM_LIMITS, keepKnownFields, type FormLimits } from './form-input'

/** The statuses a route answers with on its own: an expected failure, never a server error. */
export type ExpectedStatus = 400 | 401 | 403 | 404 | 405 | 409 | 410 | 413 | 422 | 429

/**
 * The one 404/400 helper (Epic's `invariantResponse`): when the condition fails, throws a Response whose body is
 * `{ message }`, a catalog key the error boundary shows in the reader's language. Expected failures are Responses
 * (STYLE.md). Without arguments beyond the condition it is the 404 "page not found":
 * `invariantResponse(order)`, `invariantResponse(tender.verified, 'error.notFound.title', { status: 404 })`,
 * `invariantResponse(false, 'errors.notAForm', { status: 400 })`.
 */
export function invariantResponse(
  condition: unknown,
  message: MessageKey = 'error.notFound.title',
  init: { status: ExpectedStatus; headers?: HeadersInit } = { status: 404 },
): asserts condition {
  if (!condition) throw json({ message }, init)
}

/** The 404 where there is no condition to state (the splat route, a malformed id): invariantResponse's. */
export function notFound(): never {
  invariantResponse(false)
}

// Any origin serves as the base: only whether the result stays on it matters.
const REDIRECT_BASE = 'http://portal.invalid'

/**
 * A same-origin path to send the browser to, or the fallback. The value is resolved the way a browser resolves
 * a Location header (tabs and newlines dropped, a backslash read as `/`), so `/\t/host` or `/\\host` cannot become
 * `//host`; the answer is the parser's own serialisation, percent-encoded and therefore ASCII, as a header must be.
 */
export function safeRedirectPath(to: FormDataEntryValue | string | null | undefined, fallback = '/') {
  // eslint-disable-next-line no-control-regex
  if (typeof to !== 'string' || !to.startsWith('/') || to.length > 2_000 || /[\u0000-\u001f\u007f]/.test(to)) return fallback
  let url: URL
  try {
    url = new URL(to, REDIRECT_BASE)
  } catch {
    return fallback
  }
  // `/a/..//host` resolves to the path `//host`, which a browser would read as another host again.
  if (url.origin !== REDIRECT_BASE || url.pathname.startsWith('//')) return fallback
  return url.pathname + url.search + url.hash
}

/** Parses a UUID route parameter; anything else is a 404, never a database error. */
export function uuidParam(value: string | undefined): string {
  if (!value || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) notFound()
  return value.toLowerCase()
}

/** A `…/new` page's id parameter: null for "new", else a UUID (anything else is a 404). */
export function newOrIdParam(value: string | undefined): string | null {
  return value === 'new' ? null : uuidParam(value)
}

const boundsMessage = {
  tooManyFields: 'errors.formTooLarge',
  badFieldName: 'errors.formTooLarge',
  badCharacter: 'errors.badCharacter',
} as const satisfies Record<string, MessageKey>

/**
 * The submitted form, or a 400 when the body is not a form (JSON, binary, truncated) or breaks the form limits
 * (field count, name length and depth, list index, NUL in a value): never a 500, and nothing built beyond them.
 * Multipart bodies (uploads) get the same check on their text fields.
 */
export async function readFormData(request: Request, limits: Partial<FormLimits> = {}): Promise<FormData> {
  let form: FormData
  try {
    form = await request.formData()
  } catch {
    invariantResponse(false, 'errors.notAForm', { status: 400 })
  }
  const broken = checkFormBounds(form.entries(), { ...FORM_LIMITS, ...limits })
  if (broken) invariantResponse(false, boundsMessage[broken], { status: 400 })
  return form
}

/**
 * conform's parseWithZod on the fields the schema knows only: what is not in the schema is neither parsed nor
 * echoed back by `submission.reply()`. Every action parses its form through this.
 */
export function parseForm<Schema extends ZodTypeAny>(form: FormData, options: { schema: Schema }) {
  return parseWithZod(keepKnownFields(form, options.schema), options)
}
