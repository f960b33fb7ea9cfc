import { describe, expect, it } from 'vitest'
import { dayField, dayParam, emailField, newPasswordField } from './field-schemas'

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

describe('calendar day', () => {
  const dayError = (value: unknown) => {
    const r = dayField.safeParse(value)
    return r.success ? null : r.error.issues.map((i) => i.message)
  }
  it.each([
    ['2026-02-28', null],
    ['2028-02-29', null], // a leap year
    ['2000-01-01', null],
    ['2100-12-31', null],
    ['2026-02-30', ['errors.dateInvalid']],
    ['2027-02-29', ['errors.dateInvalid']],
    ['2026-99-99', ['errors.dateInvalid']],
    ['2026-00-10', ['errors.dateInvalid']],
    ['0000-01-01', ['errors.dateOutOfRange']], // no year 0 in PostgreSQL
    ['9999-12-31', ['errors.dateOutOfRange']], // a day or a time zone later is year 10000
    ['1999-12-31', ['errors.dateOutOfRange']],
    ['2101-01-01', ['errors.dateOutOfRange']],
    ['2026-2-3', ['errors.dateInvalid']],
    ['+02026-01-01', ['errors.dateInvalid']],
    ['', ['errors.dateInvalid']],
  ])('%j → %j, one message at most', (value, messages) => expect(dayError(value)).toEqual(messages))

  it('as a URL filter, drops anything but a real business day', () => {
    for (const v of ['2026-02-30', '0000-01-01', '9999-12-31', '2026-99-99', 'x', ['2026-01-01']]) expect(dayParam.parse(v)).toBeUndefined()
    expect(dayParam.parse('2026-03-01')).toBe('2026-03-01')
    expect(dayParam.parse(undefined)).toBeUndefined()
  })
})
