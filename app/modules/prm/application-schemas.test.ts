import { describe, expect, it } from 'vitest'
import { withInnCheckDigits } from '../tenancy/tax-ids'
import { ApplySchema, regionCodeOf, regionLabel } from './application-schemas'

const good = {
  legalName: 'ООО «Ромашка»',
  shortName: 'Ромашка',
  inn: withInnCheckDigits('770123456'),
  kpp: '770101001',
  region: 'RU-MOW',
  contactName: 'Иван Петров',
  contactEmail: 'Ivan@Example.com',
  contactPhone: '+7 (495) 123-45-67',
  consent: true,
}

const errorsOf = (v: Record<string, unknown>) => {
  const r = ApplySchema.safeParse(v)
  return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join('.'), i.message]))
}

describe('the application form', () => {
  it('accepts a good application and normalises the e-mail', () => {
    const r = ApplySchema.parse(good)
    expect(r.contactEmail).toBe('ivan@example.com')
    expect(r.interests).toEqual([])
  })

  it.each([
    [{ inn: '7701234567' }, 'inn', 'errors.innInvalid'],
    [{ kpp: undefined }, 'kpp', 'errors.kppRequired'],
    [{ inn: withInnCheckDigits('7701234567'), kpp: '770101001' }, 'kpp', 'errors.kppNotForIndividual'],
    [{ kpp: '77A' }, 'kpp', 'errors.kppInvalid'],
    [{ region: 'Mars' }, 'region', 'errors.chooseOne'],
    [{ consent: false }, 'consent', 'application.error.consent'],
    [{ consent: undefined }, 'consent', 'application.error.consent'],
    [{ contactPhone: 'call me' }, 'contactPhone', 'application.error.phone'],
    [{ legalName: 'x'.repeat(100_000) }, 'legalName', 'errors.tooLong200'],
    [{ interestsNote: 'x'.repeat(2001) }, 'interestsNote', 'application.error.tooLong2000'],
    [{ interests: Array.from({ length: 51 }, () => '0b6f2c1e-8d3a-4f7b-9c2d-1e2f3a4b5c6d') }, 'interests', 'application.error.tooManyInterests'],
  ])('%j → %s: %s', (patch, field, message) => {
    expect(errorsOf({ ...good, ...patch })[field]).toBe(message)
  })
})

describe('regions', () => {
  it('name a code in the reader’s language and show text from before the codes as typed', () => {
    expect(regionLabel('ru', 'RU-MOW')).toBe('Москва')
    expect(regionLabel('en', 'RU-MOW')).toBe('Moscow')
    expect(regionLabel('en', 'Тула')).toBe('Тула')
    expect(regionLabel('ru', null)).toBe('')
  })

  it('find the code of a name in either language, case and spaces aside', () => {
    expect(regionCodeOf(' новосибирская область ')).toBe('RU-NVS')
    expect(regionCodeOf('Saint Petersburg')).toBe('RU-SPE')
    expect(regionCodeOf('RU-TA')).toBe('RU-TA')
    expect(regionCodeOf('Тула')).toBeNull()
    expect(regionCodeOf('')).toBeNull()
  })
})
