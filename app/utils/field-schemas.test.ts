import { describe, expect, it } from 'vitest'
import { emailField, newPasswordField } from './field-schemas'

const errorOf = (schema: typeof emailField | typeof newPasswordField, value: unknown) => {
  const r = schema.safeParse(value)
  return r.success ? null : r.error.issues[0].message
}

describe('login field', () => {
  it.each([
    ['', 'errors.required'],
    ['   ', 'errors.required'],
    [`${'a'.repeat(10_000)}@example.com`, 'errors.tooLong254'],
    ['аdmin@example.com', 'errors.cyrillicInLogin'], // Cyrillic "а"
    ['admin@exаmple.com', 'errors.cyrillicInLogin'],
    ['admin', 'errors.email'],
    ['admin@@example.com', 'errors.email'],
  ])('refuses %j with %s', (value, message) => expect(errorOf(emailField, value)).toBe(message))

  it('normalises case, spaces and compatibility characters', () => {
    expect(emailField.parse('  Admin@Example.COM ')).toBe('admin@example.com')
  })
})

describe('new password', () => {
  it.each([
    ['short', 'errors.passwordTooShort'],
    ['aaaaaaaaaaaa', 'errors.passwordTooSimple'],
    ['x'.repeat(300), 'errors.tooLong256'],
  ])('refuses %j', (value, message) => expect(errorOf(newPasswordField, value)).toBe(message))
  it('accepts a passphrase', () => expect(errorOf(newPasswordField, 'correct horse battery')).toBeNull())
})
