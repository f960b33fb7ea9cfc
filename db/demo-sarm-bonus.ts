import { eq } from 'drizzle-orm'
import { grantScope } from '../app/modules/auth/scope.server'
import { recalculateBonusProgramme } from '../app/modules/sarm/bonuses.server'
import { monthStarts } from '../app/modules/sarm/bonus-period'
import { businessClock } from '../app/utils/clock.server'
import type { Db } from './client.server'
import { sarmBonusNorms, sarmBonusProgrammes, users } from './schema'

// Shop assistants' demo, part "bonus" (issue 14): a bonus above a norm running this month for the shops' products —
// norm 25 units, ₽50 a unit above it, at most ₽1 500 — with a lower norm for the second shop given (a new shop) and
// its own norm for one assistant; accrued from this month's confirmed sales, so the desk, the dealers' results and
// the assistants' homes show lines. The demo login seller@vector.demo sells 24 in the base demo: one unit short.
// Seeds only when there is no bonus programme yet; returns the programme's id.

export interface DemoSarmBonusInput {
  /** The dealers taking part (the base demo's three). */
  orgIds: string[]
  /** Shops in the base demo's order; the second gets its own, lower norm. */
  shopIds: string[]
  /** Assistants; the last gets a personal norm. */
  assistantUserIds: string[]
  /** What counts. */
  productIds: string[]
}

export async function seedDemoSarmBonusIfEmpty(db: Db, input: DemoSarmBonusInput): Promise<string | null> {
  const [existing] = await db.select({ id: sarmBonusProgrammes.id }).from(sarmBonusProgrammes).limit(1)
  if (existing || !input.productIds.length || !input.assistantUserIds.length) return null
  const [manager] = await db.select({ id: users.id, email: users.email }).from(users).where(eq(users.email, 'partners@technosnab.demo'))
  const { today } = await businessClock(db)
  const { thisMonth, monthEnd } = monthStarts(today)
  const [programme] = await db
    .insert(sarmBonusProgrammes)
    .values({
      nameRu: 'Бонус за продажи сверх нормы',
      nameEn: 'Bonus above the norm',
      periodStart: thisMonth,
      periodEnd: monthEnd,
      productIds: input.productIds,
      orgIds: input.orgIds,
      normUnits: 25,
      rateMinor: 50_00,
      capMinor: 1_500_00,
      status: 'active',
      createdBy: manager?.id ?? null,
    })
    .returning({ id: sarmBonusProgrammes.id })
  const norms: (typeof sarmBonusNorms.$inferInsert)[] = []
  if (input.shopIds[1]) norms.push({ programmeId: programme.id, shopId: input.shopIds[1], normUnits: 15 })
  norms.push({ programmeId: programme.id, userId: input.assistantUserIds[input.assistantUserIds.length - 1], normUnits: 10 })
  await db.insert(sarmBonusNorms).values(norms)
  const actor = { userId: manager?.id ?? null, email: manager?.email ?? null, ip: null }
  const result = await recalculateBonusProgramme({ scope: grantScope('manage:sarm:any', null), actor, programmeId: programme.id })
  if (!result.ok) throw new Error(`demo bonus accrual failed: ${result.status}`)
  return programme.id
}
