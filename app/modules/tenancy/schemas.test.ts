import { describe, expect, it } from 'vitest'
import { OrganisationSchema } from './schemas'

const base = {
  kind: 'dealer',
  legalName: 'ООО «Тест»',
  shortName: 'Тест',
  country: 'RU',
  inn: '7707083893',
  kpp: '770701001',
  verificationStatus: 'verified',
}

function errorsOf(input: Record<string, unknown>) {
  const r = OrganisationSchema.safeParse(input)
  return r.success ? {} : r.error.flatten().fieldErrors
}

describe('organisation rules', () => {
  it('accepts a Russian company with INN and KPP, normalising case and spaces', () => {
    const r = OrganisationSchema.parse({ ...base, kpp: ' 7707 01001 ', country: 'ru' })
    expect(r).toMatchObject({ country: 'RU', kpp: '770701001' })
  })

  it.each([
    ['no INN', { inn: '' }, 'inn', 'errors.innRequired'],
    ['a bad INN', { inn: '1234567890' }, 'inn', 'errors.innInvalid'],
    ['no KPP for a company', { kpp: '' }, 'kpp', 'errors.kppRequired'],
    ['a KPP for a sole trader', { inn: '500100732259' }, 'kpp', 'errors.kppNotForIndividual'],
    ['a malformed KPP', { kpp: '77' }, 'kpp', 'errors.kppInvalid'],
    ['a VAT id for a Russian company', { vatId: 'DE136695976' }, 'vatId', 'errors.vatIdNotForRu'],
    ['a foreign company with an INN', { country: 'DE', vatId: 'DE136695976' }, 'inn', 'errors.innOnlyRu'],
    ['a foreign company without a VAT id', { country: 'KZ', inn: '', kpp: '' }, 'vatId', 'errors.vatIdRequired'],
    ['a VAT id from another country', { country: 'BY', inn: '', kpp: '', vatId: 'DE136695976' }, 'vatId', 'errors.vatIdCountry'],
    ['a three-letter country', { country: 'RUS' }, 'country', 'errors.country'],
    ['an empty legal name', { legalName: '   ' }, 'legalName', 'errors.required'],
    ['an unknown status', { verificationStatus: 'maybe' }, 'verificationStatus', 'errors.chooseOne'],
  ])('refuses %s', (_name, change, field, message) => {
    expect(errorsOf({ ...base, ...change })[field as keyof ReturnType<typeof errorsOf>]).toContain(message)
  })
})
