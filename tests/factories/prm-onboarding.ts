import type { ApplyInput } from '../../app/modules/prm/application-schemas'
import { makeInn } from './index'

// Factories for the partner programme's onboarding (issue 13): the seed and the tests make their rows the same way.

let n = 0

/** A valid application as the public form would send it once parsed (a 10-digit INN with its KPP). */
export function applicationInput(o: Partial<ApplyInput> = {}): ApplyInput {
  n++
  return {
    legalName: `ООО «Заявитель ${n}»`,
    shortName: `Заявитель ${n}`,
    inn: o.inn ?? makeInn(),
    kpp: '770101001',
    region: 'RU-MOW',
    interests: [],
    interestsNote: '',
    contactName: `Контакт ${n}`,
    contactEmail: `applicant-${n}-${Date.now() % 1_000_000}@example.com`,
    contactPhone: '+7 495 123-45-67',
    consent: true,
    ...o,
  }
}

/** The same application as the form's fields (strings), for requests through the page. */
export function applicationForm(o: Partial<ApplyInput> = {}): Record<string, string> {
  const v = applicationInput(o)
  return {
    legalName: v.legalName,
    shortName: v.shortName,
    inn: v.inn,
    kpp: v.kpp ?? '',
    region: v.region,
    interestsNote: v.interestsNote,
    contactName: v.contactName,
    contactEmail: v.contactEmail,
    contactPhone: v.contactPhone,
    consent: 'on',
  }
}
