import { count, eq } from 'drizzle-orm'
import { grantScope } from '../app/modules/auth/scope.server'
import { advanceApplication, submitApplication } from '../app/modules/prm/applications.server'
import { withInnCheckDigits } from '../app/modules/tenancy/tax-ids'
import type { Db } from './client.server'
import { organisations } from './schema/tenancy'
import { partnerApplications } from './schema/prm'

// Partner programme demo: applications (issue 13). Seeds only when its tables are empty; returns whether it seeded.
// Two applications in progress, made through the module's own functions: one still checking, its INN already held
// by a demo dealer (the duplicate finding the desk shows), and one with the agreement offered to the applicant.
export async function seedDemoApplicationsIfEmpty(db: Db): Promise<boolean> {
  const [{ n }] = await db.select({ n: count() }).from(partnerApplications)
  if (n > 0) return false
  const actor = { userId: null, email: 'partners@technosnab.demo', ip: null }
  const [dealer] = await db.select({ inn: organisations.inn }).from(organisations).where(eq(organisations.kind, 'dealer')).limit(1)
  await submitApplication({
    data: {
      legalName: 'ООО «Электромир Плюс»',
      shortName: 'Электромир Плюс',
      inn: dealer?.inn ?? withInnCheckDigits('770999001'),
      kpp: '770901001',
      region: 'RU-MOW',
      interests: [],
      interestsNote: 'Хотим продавать светотехнику и кабель.',
      contactName: 'Ольга Смирнова',
      contactEmail: 'olga@elektromir-plus.example',
      contactPhone: '+7 495 700-10-20',
      consent: true,
    },
    locale: 'ru',
    ip: '203.0.113.10',
  })
  const offered = await submitApplication({
    data: {
      legalName: 'ООО «Волга Энерго Снаб»',
      shortName: 'Волга Энерго Снаб',
      inn: withInnCheckDigits('631999002'),
      kpp: '631901001',
      region: 'RU-SAM',
      interests: [],
      interestsNote: '',
      contactName: 'Andrey Volkov',
      contactEmail: 'andrey@volga-energo.example',
      contactPhone: '+7 846 200-30-40',
      consent: true,
    },
    locale: 'en',
    ip: '203.0.113.11',
  })
  await advanceApplication({ scope: grantScope('manage:partner_programme:any', null), applicationId: offered.id, step: 'offer', actor })
  return true
}
