import { z } from 'zod'

// Reusable field schemas: one definition of each field, shared by browser and server. Messages are catalog
// keys (app/i18n), translated where they are shown.

// Cyrillic letters that look like Latin ones: a login typed on the wrong keyboard layout fails silently
// otherwise, since "аdmin" with a Cyrillic "а" is simply another login.
const LOOKALIKE = /[\u0400-\u04FF]/

export const emailField = z
  .string({ required_error: 'errors.required' })
  .trim()
  .min(1, 'errors.required')
  .max(254, 'errors.tooLong254')
  .refine((v) => !LOOKALIKE.test(v), 'errors.cyrillicInLogin')
  .pipe(z.string().email('errors.email'))
  .transform((v) => v.normalize('NFKC').toLowerCase())

export const passwordField = z.string({ required_error: 'errors.required' }).min(1, 'errors.required').max(256, 'errors.tooLong256')

export const newPasswordField = z
  .string({ required_error: 'errors.required' })
  .min(10, 'errors.passwordTooShort')
  .max(256, 'errors.tooLong256')
  .refine((v) => !/^(.)\1+$/.test(v), 'errors.passwordTooSimple')

export const nameField = z.string({ required_error: 'errors.required' }).trim().min(1, 'errors.required').max(200, 'errors.tooLong200')

export const uuidField = z.string({ required_error: 'errors.required' }).uuid('errors.invalidId')

/** A free-text filter from the URL: trimmed, empty means none, and anything odd is dropped rather than refused. */
export const searchParam = z
  .string()
  .trim()
  .max(100)
  .optional()
  .catch(undefined)
  .transform((v) => v || undefined)

// Business dates (orders, stock receipts, tax rates, tenders, filters) lie in 2000–2100. A wider day passes a JS
// Date but not the database (PostgreSQL has no year 0) or overflows once a day or a time zone is added (9999-12-31).
export const FIRST_DAY = '2000-01-01'
export const LAST_DAY = '2100-12-31'

/** Why a day as a date input sends it (YYYY-MM-DD) is refused: not a real one (31 February), or out of range. */
export function dayProblem(v: string): 'errors.dateInvalid' | 'errors.dateOutOfRange' | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return 'errors.dateInvalid'
  const d = new Date(`${v}T00:00:00Z`)
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v) return 'errors.dateInvalid'
  return v < FIRST_DAY || v > LAST_DAY ? 'errors.dateOutOfRange' : null
}

export const isBusinessDay = (v: string) => dayProblem(v) === null

/** A calendar day as a date input sends it (YYYY-MM-DD), a real one (no 31 February), from 2000 to 2100. */
export const dayField = z
  .string({ required_error: 'errors.required' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'errors.dateInvalid')
  // One message per field: the calendar check runs only on something shaped like a date.
  .pipe(
    z.string().superRefine((v, ctx) => {
      const problem = dayProblem(v)
      if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem })
    }),
  )

/** A day filter from the URL: like `searchParam`, anything but a real business day is dropped, not refused. */
export const dayParam = z.string().refine(isBusinessDay).optional().catch(undefined)
