import { eq, inArray } from 'drizzle-orm'
import { enrolDealer } from '../app/modules/prm/enrol.server'
import { evaluateTiers, saveTarget } from '../app/modules/prm/tiers.server'
import { grantScope } from '../app/modules/auth/scope.server'
import { businessClock } from '../app/utils/clock.server'
import { createCertification, createOverdueInvoice, createProgramme } from '../tests/factories'
import type { Db } from './client.server'
import { memberships, organisations, partnerProgrammes, users } from './schema'

// Partner programme demo: the programme and its tiers (issue 13). Three ranked tiers whose criteria are data;
// the three demo dealers join at the entry tier with their certified staff and (Сибирь Электро) an overdue invoice.
// Their tiers come from a real evaluation, run by `evaluateDemoTiers` once the rebates demo has delivered their
// orders: Вектор reaches Gold, Альфа-Дилер Silver, Сибирь Электро stays a Partner (its overdue invoice).

const dealers = { vector: 'admin@vector.demo', alfa: 'admin@alfa-dealer.demo', sib: 'admin@sib-electro.demo' } as const

async function demoPeople(db: Db) {
  const rows = await db
    .select({ email: users.email, userId: users.id, orgId: memberships.orgId, kind: organisations.kind })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .innerJoin(organisations, eq(organisations.id, memberships.orgId))
    .where(inArray(users.email, [...Object.values(dealers), 'partners@technosnab.demo']))
  const of = (email: string) => rows.find((r) => r.email === email && (r.kind === 'dealer' || r.kind === 'operator'))
  return { of }
}

export async function seedDemoProgrammeIfEmpty(db: Db): Promise<boolean> {
  const [existing] = await db.select({ id: partnerProgrammes.id }).from(partnerProgrammes).limit(1)
  if (existing) return false
  const { of } = await demoPeople(db)
  const manager = of('partners@technosnab.demo')
  if (!manager || Object.values(dealers).some((e) => !of(e))) return false
  const actor = { userId: manager.userId, email: manager.email, ip: null }
  await createProgramme(db, {
    code: 'PARTNER-2026',
    nameRu: 'Партнёрская программа 2026',
    nameEn: 'Partner programme 2026',
    graceMonths: 3,
    tiers: [
      { code: 'partner', nameRu: 'Партнёр', nameEn: 'Partner', criteria: [], benefits: { dealerGroup: null, dealProtectionDays: 60 } },
      {
        code: 'silver',
        nameRu: 'Серебряный',
        nameEn: 'Silver',
        criteria: [
          { kind: 'revenue_12m', op: 'gte', threshold: 800_000_00 },
          { kind: 'certified_staff', op: 'gte', threshold: 1 },
          { kind: 'overdue_amount', op: 'lte', threshold: 0 },
        ],
        benefits: {
          dealerGroup: 'silver',
          dealProtectionDays: 90,
          rebateBonusBp: 25,
          dealBonusBp: 100,
          perks: [{ ru: 'Персональный менеджер', en: 'A personal manager' }],
        },
      },
      {
        code: 'gold',
        nameRu: 'Золотой',
        nameEn: 'Gold',
        criteria: [
          { kind: 'revenue_12m', op: 'gte', threshold: 2_000_000_00 },
          { kind: 'certified_staff', op: 'gte', threshold: 2 },
          { kind: 'overdue_amount', op: 'lte', threshold: 0 },
        ],
        benefits: {
          dealerGroup: 'gold',
          dealProtectionDays: 120,
          rebateBonusBp: 50,
          dealBonusBp: 200,
          perks: [
            { ru: 'Золотой прайс-лист', en: 'The gold price list' },
            { ru: 'Приоритетная отгрузка', en: 'Priority shipping' },
          ],
        },
      },
    ],
  })
  const { today } = await businessClock(db)
  const vector = of(dealers.vector)!.orgId
  const alfa = of(dealers.alfa)!.orgId
  const sib = of(dealers.sib)!.orgId
  await db.transaction(async (tx) => {
    for (const orgId of [vector, alfa, sib]) await enrolDealer(tx, { orgId, actor })
  })
  for (const [orgId, region] of [
    [vector, 'RU-MOW'],
    [alfa, 'RU-SPE'],
    [sib, 'RU-NVS'],
  ] as const)
    await db.update(organisations).set({ region }).where(eq(organisations.id, orgId))
  await createCertification(db, { orgId: vector, personName: 'Виктор Векторов', course: 'Светотехника: базовый курс' })
  await createCertification(db, { orgId: vector, personName: 'Вера Закупкина', course: 'Кабельная продукция' })
  await createCertification(db, {
    orgId: vector,
    personName: 'Иван Монтажников',
    course: 'Автоматика',
    completedOn: '2024-03-01',
    expiresOn: '2025-03-01',
  })
  await createCertification(db, { orgId: alfa, personName: 'Алексей Альфин', course: 'Светотехника: базовый курс' })
  await createCertification(db, { orgId: sib, personName: 'Светлана Заказова', course: 'Кабельная продукция' })
  const dueOn = new Date(Date.parse(today) - 21 * 86_400_000).toISOString().slice(0, 10)
  await createOverdueInvoice(db, { orgId: sib, amountMinor: 120_000_00, dueOn })
  const year = Number(today.slice(0, 4))
  const scope = grantScope('manage:partner_programme:any', null)
  await saveTarget({
    scope,
    actor,
    orgId: vector,
    target: { periodKind: 'year', year, quarter: null, metric: 'revenue', categoryId: null, target: 5_000_000_00 },
  })
  await saveTarget({
    scope,
    actor,
    orgId: alfa,
    target: { periodKind: 'year', year, quarter: null, metric: 'revenue', categoryId: null, target: 2_000_000_00 },
  })
  return true
}

/** The demo's first evaluation, after the delivered orders exist (db/demo-prm.ts calls it last). */
export async function evaluateDemoTiers(db: Db): Promise<void> {
  void db
  const { of } = await demoPeople(db)
  const manager = of('partners@technosnab.demo')
  if (!manager) return
  await evaluateTiers({
    scope: grantScope('manage:partner_programme:any', null),
    actor: { userId: manager.userId, email: manager.email, ip: null },
    trigger: 'on_demand',
  })
}
