import { describe, expect, it } from 'vitest'
import { catalog, translate, type Entry } from './index'
import { formatMoney } from './format'
import type { OrganisationKind, Role } from '../modules/tenancy/roles'

const placeholders = (text: Entry['ru']) =>
  [...new Set((typeof text === 'string' ? text : Object.values(text).join(' ')).match(/\{\w+\}/g) ?? [])].sort()

describe('message catalogs', () => {
  it.each(Object.entries(catalog as Record<string, Entry>))('%s exists in Russian and English with the same placeholders', (_key, entry) => {
    for (const text of [entry.ru, entry.en]) {
      if (typeof text === 'string') expect(text.trim()).not.toBe('')
      else expect(text.other.trim()).not.toBe('')
    }
    expect(placeholders(entry.ru)).toEqual(placeholders(entry.en))
  })

  // CLDR plural categories: Russian needs one/few/many (other for fractions), English one/other.
  const pluralForms = { ru: ['few', 'many', 'one', 'other'], en: ['one', 'other'] } as const
  it.each(Object.entries(catalog as Record<string, Entry>).filter(([, e]) => typeof e.ru !== 'string' || typeof e.en !== 'string'))(
    '%s has every plural form of both languages',
    (_key, entry) => {
      for (const locale of ['ru', 'en'] as const) {
        const text = entry[locale]
        expect(typeof text, locale).toBe('object')
        expect(Object.keys(text).sort(), locale).toEqual(pluralForms[locale])
        for (const form of Object.values(text)) expect(form.trim(), locale).not.toBe('')
      }
    },
  )

  it('picks Russian plural forms', () => {
    expect(translate('ru', 'account.sessions.ended', { count: 1 })).toBe('Завершён 1 сеанс.')
    expect(translate('ru', 'account.sessions.ended', { count: 3 })).toBe('Завершено 3 сеанса.')
    expect(translate('ru', 'account.sessions.ended', { count: 5 })).toBe('Завершено 5 сеансов.')
    expect(translate('en', 'account.sessions.ended', { count: 1 })).toBe('1 session signed out.')
  })

  it('formats money from minor units with Intl', () => {
    expect(formatMoney('ru', 123456).replace(/\s/g, ' ')).toBe('1 234,56 ₽')
    expect(formatMoney('en', 123456)).toBe('₽1,234.56')
  })
})

describe('typed keys', () => {
  it('makes a key built from a code a checked key, and a missing key a type error', () => {
    const role = 'dealer_viewer' as Role
    const kind = 'supplier' as OrganisationKind
    // Each role and each organisation kind has its entry: these compile only because every one exists.
    expect(translate('en', `role.${role}`)).not.toBe(`role.${role}`)
    expect(translate('en', `home.title.${kind}`)).not.toBe(`home.title.${kind}`)
    // @ts-expect-error: not in the catalog, so the compiler refuses it (issue 11)
    expect(translate('en', 'role.nobody')).toBe('role.nobody')
  })
})
