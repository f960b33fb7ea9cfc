import { describe, expect, it } from 'vitest'
import { localeFromAcceptLanguage, resolveLocale } from './locale.server'

describe('Accept-Language', () => {
  it.each([
    ['ru-RU,ru;q=0.9,en;q=0.8', 'ru'],
    ['en-US,en;q=0.9', 'en'],
    ['de-DE,en;q=0.7,ru;q=0.3', 'en'],
    ['de-DE,ru;q=0.7,en;q=0.9', 'en'],
    ['EN', 'en'],
    ['en;q=0, ru;q=0.1', 'ru'],
    ['en;q=0', null],
    ['fr, de', null],
    ['', null],
    [';;;,,,q=', null],
    ['en;q=abc', null],
    ['en;q=1.5', null],
    ['*', null],
    [`${'x'.repeat(2000)}, en`, null],
  ])('%j → %s', (header, locale) => expect(localeFromAcceptLanguage(header)).toBe(locale))
})

describe('resolveLocale', () => {
  const req = (headers: Record<string, string>) => new Request('http://x/', { headers })
  it('prefers the user’s saved choice, then the cookie, then the browser, then Russian', () => {
    expect(resolveLocale(req({ cookie: 'lang=ru', 'accept-language': 'ru' }), 'en')).toBe('en')
    expect(resolveLocale(req({ cookie: 'a=b; lang=en', 'accept-language': 'ru' }))).toBe('en')
    expect(resolveLocale(req({ cookie: 'lang=xx', 'accept-language': 'en' }))).toBe('en')
    expect(resolveLocale(req({}))).toBe('ru')
    expect(resolveLocale(req({ cookie: 'lang=%E0%A4%A' }))).toBe('ru')
  })
})
