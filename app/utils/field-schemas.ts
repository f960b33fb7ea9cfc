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

export const passwordField = z
  .string({ required_error: 'errors.required' })
  .min(1, 'errors.required')
  .max(256, 'errors.tooLong256')

export const newPasswordField = z
  .string({ required_error: 'errors.required' })
  .min(10, 'errors.passwordTooShort')
  .max(256, 'errors.tooLong256')
  .refine((v) => !/^(.)\1+$/.test(v), 'errors.passwordTooSimple')

export const nameField = z
  .string({ required_error: 'errors.required' })
  .trim()
  .min(1, 'errors.required')
  .max(200, 'errors.tooLong200')

export const uuidField = z.string({ required_error: 'errors.required' }).uuid('errors.invalidId')

/** A free-text filter from the URL: trimmed, empty means none, and anything odd is dropped rather than refused. */
export const searchParam = z
  .string()
  .trim()
  .max(100)
  .optional()
  .catch(undefined)
  .transform((v) => v || undefined)

/** A calendar day as a date input sends it (YYYY-MM-DD), and a real one (no 31 February). */
export const dayField = z
  .string({ required_error: 'errors.required' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'errors.dateInvalid')
  // One message per field: the calendar check runs only on something shaped like a date.
  .pipe(
    z.string().refine((v) => {
      const d = new Date(`${v}T00:00:00Z`)
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v
    }, 'errors.dateInvalid'),
  )
