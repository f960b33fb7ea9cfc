import { eq } from 'drizzle-orm'
import { grantScope } from '../app/modules/auth/scope.server'
import { runContestChecks } from '../app/modules/sarm/contest-run.server'
import { createAssistant, createContest, createSaleReports, createShop, type SaleRow } from '../tests/factories/sarm'
import type { Db } from './client.server'
import { contests } from './schema/sarm'

// Shop assistants demo: a finished contest (issue 14 "Demo data"). Last month, over the first demo dealer's two
// shops: in one, the anchors' worked example (§3.3) — five sellers at 20 % each for six months, then 85/5/5/5/0 of
// the same 60 units — so its winner trips R1, R2 and R4 and the prize is held; in the other a clean winner whose
// prize waits for payment. The checks have run, so the desk shows the held prize with its figures and chart.

const day = (base: Date, offsetDays: number) => new Date(base.getTime() + offsetDays * 86_400_000).toISOString().slice(0, 10)

/**
 * Creates the contest and what it needs (the two shops, their assistants and six months of their confirmed sales)
 * unless a contest already exists. `dealerOrgIds[0]` gets the shops; `productIds[0]` is what they sell.
 */
export async function seedDemoContestsIfEmpty(
  db: Db,
  { dealerOrgIds, productIds, managerUserId = null }: { dealerOrgIds: string[]; productIds: string[]; managerUserId?: string | null },
): Promise<boolean> {
  const [existing] = await db.select({ id: contests.id }).from(contests).limit(1)
  if (existing || !dealerOrgIds.length || !productIds.length) return false
  const made = await createWorkedExampleContest(db, { orgId: dealerOrgIds[0], productId: productIds[0], managerUserId })
  return made.ok
}

/**
 * The worked-example contest for one dealer and product, checked (the demo's, and the end-to-end test's through its
 * fixture): its id, name, and the held winner's name.
 */
export async function createWorkedExampleContest(
  db: Db,
  { orgId, productId, managerUserId = null, tag = '' }: { orgId: string; productId: string; managerUserId?: string | null; tag?: string },
) {
  // Last calendar month, and the six periods of the same length before it.
  const now = new Date()
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1))
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 0))
  const len = Math.round((end.getTime() - start.getTime()) / 86_400_000) + 1
  const periodStart = day(start, 0)

  const star = await createShop(db, { orgId, code: 'DEMO-TV-1', name: 'ТЦ «Галерея», секция ТВ', region: 'Тула' })
  const clean = await createShop(db, { orgId, code: 'DEMO-TV-2', name: 'ул. Тверская, 12', region: 'Москва' })
  const people = async (shopId: string, names: string[]) => {
    const ids: string[] = []
    for (const [i, displayName] of names.entries())
      ids.push(
        (
          await createAssistant(db, {
            orgId,
            shopId,
            displayName,
            email: `seller.${shopId.slice(0, 8)}.${i + 1}@contest.demo`,
            startsOn: day(start, -8 * len),
          })
        ).user.id,
      )
    return ids
  }
  const starSellers = await people(star.id, ['Анна Звонарёва', 'Борис Белов', 'Вера Волкова', 'Глеб Гусев', 'Дина Дёмина'])
  const cleanSellers = await people(clean.id, ['Егор Ершов', 'Жанна Жукова', 'Зоя Зайцева', 'Иван Ильин', 'Кира Крылова'])
  // One report per seller and period, in the period's middle, so the figures read exactly as the anchors' example.
  const sales = (shopId: string, sellers: string[], contest: number[]): SaleRow[] =>
    [contest, ...Array.from({ length: 6 }, () => [12, 12, 12, 12, 12])].flatMap((units, k) =>
      units.flatMap((qty, i) => (qty > 0 ? [{ orgId, shopId, userId: sellers[i], productId, qty, soldOn: day(start, -k * len + 10) }] : [])),
    )
  await createSaleReports(db, [...sales(star.id, starSellers, [51, 3, 3, 3, 0]), ...sales(clean.id, cleanSellers, [14, 13, 12, 12, 11])])

  const contest = await createContest(db, {
    periodStart,
    periodEnd: day(end, 0),
    orgIds: [orgId],
    prizes: [
      { rank: 1, amountMinor: 15_000_00 },
      { rank: 2, amountMinor: 7_500_00 },
    ],
    nameRu: `Телевизоры месяца${tag}`,
    nameEn: `Televisions of the month${tag}`,
  })
  await db
    .update(contests)
    .set({
      rulesRu:
        'Считаются подтверждённые продажи телевизоров за месяц за вычетом возвратов. Призы: 1-е место — 15 000 ₽, 2-е — 7 500 ₽, один приз на продавца. ' +
        'Магазин участвует, если в нём продавали не меньше трёх человек. Перед выплатой итоги проверяются; необычные результаты задерживаются до проверки.',
      rulesEn:
        'Confirmed television sales in the month count, less returns. Prizes: 15,000 ₽ for first place, 7,500 ₽ for second, one prize per seller. ' +
        'A shop takes part when at least three people sold there. The results are checked before payout; unusual ones are held for review.',
      createdBy: managerUserId,
    })
    .where(eq(contests.id, contest.id))
  const ran = await runContestChecks({
    scope: grantScope('manage:sarm:any', null),
    actor: { userId: managerUserId, email: null, ip: null },
    contestId: contest.id,
  })
  return { ok: ran.ok, contestId: contest.id, nameRu: contest.nameRu, heldSeller: 'Анна Звонарёва' }
}
