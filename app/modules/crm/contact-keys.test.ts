import { describe, expect, it } from 'vitest'
import { emailKey, phoneKey } from './contact-keys'

describe('phoneKey', () => {
  it.each([
    ['+7 (912) 345-67-89', '9123456789'],
    ['8 912 345 67 89', '9123456789'],
    ['89123456789', '9123456789'],
    ['912-345-67-89', '9123456789'],
    ['345-67-89', null],
    ['', null],
    [null, null],
  ])('%s → %s', (phone, key) => expect(phoneKey(phone)).toBe(key))
})

describe('emailKey', () => {
  it.each([
    [' Ivan.Petrov@Vector.RU ', 'ivan.petrov@vector.ru'],
    ['', null],
    [null, null],
  ])('%s → %s', (email, key) => expect(emailKey(email)).toBe(key))
})
