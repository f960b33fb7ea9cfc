import { json } from '@remix-run/node'
import type { MessageKey } from '../i18n'

/** Throws a Response when the condition fails: expected failures are Responses (STYLE.md). */
export function invariantResponse(condition: unknown, message: MessageKey, init: { status: number }): asserts condition {
  if (!condition) throw json({ message }, init)
}

export function notFound(): never {
  throw json({ message: 'error.notFound.title' satisfies MessageKey }, { status: 404 })
}

/** Only same-site paths: "//evil.example" and "/\evil" are protocol-relative and would leave the site. */
export function safeRedirectPath(to: FormDataEntryValue | string | null | undefined, fallback = '/') {
  if (typeof to !== 'string' || !to.startsWith('/') || to.startsWith('//') || to.startsWith('/\\')) return fallback
  return to
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

/** The submitted form, or a 400 when the body is not a form (JSON, binary, truncated): never a 500. */
export async function readFormData(request: Request): Promise<FormData> {
  try {
    return await request.formData()
  } catch {
    throw json({ message: 'errors.notAForm' satisfies MessageKey }, { status: 400 })
  }
}
