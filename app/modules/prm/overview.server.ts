import { and, asc, count, desc, eq, gte, isNotNull, ne, sql, sum } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import { db } from '../../../db/client.server'
import { dealRegistrations, partnerApplications, partnerProgrammes, programmeMembers, programmeTiers, tierChanges } from '../../../db/schema/prm'
import { orders } from '../../../db/schema/orders'
import { inScope, type AnyScope } from '../auth/scope.server'
import { organisationRef } from '../tenancy/queries.server'
import { operatorDayStart } from '../../utils/clock.server'
import { addDays } from '../delivery-terms/earliest-date'

// The partner manager's home (desk.partners._index): the programme at a glance, every figure an SQL aggregate.
// Staff only (`manage:partner_programme:any`): the scope is an AnyScope, still put in every WHERE on dealer data.

export const APPLICATION_STAGES = ['received', 'checking', 'agreement_offered', 'agreement_accepted', 'active', 'rejected'] as const
export const DEAL_STATES = ['submitted', 'conflict', 'approved', 'won', 'lost', 'rejected', 'expired'] as const
/** How far back "recently" goes for tier changes and how many movers are listed. */
export const MOVERS_DAYS = 90
export const MOVERS_LIMIT = 8

export type TierCount = { tierId: string; rank: number; nameRu: string; nameEn: string; region: string | null; members: number }
export type ProgrammeTiers = {
  programmeId: string
  nameRu: string
  nameEn: string
  tiers: { id: string; rank: number; nameRu: string; nameEn: string }[]
  counts: TierCount[]
}

/** Members of each active programme by tier and by the dealer's region (null: not given). */
export async function partnersByTierAndRegion({ scope }: { scope: AnyScope }): Promise<ProgrammeTiers[]> {
  const org = organisationRef()
  const programmes = await db
    .select({ id: partnerProgrammes.id, nameRu: partnerProgrammes.nameRu, nameEn: partnerProgrammes.nameEn })
    .from(partnerProgrammes)
    .where(eq(partnerProgrammes.active, true))
    .orderBy(asc(partnerProgrammes.createdAt), asc(partnerProgrammes.code))
  if (programmes.length === 0) return []
  const tiers = await db
    .select({
      id: programmeTiers.id,
      programmeId: programmeTiers.programmeId,
      rank: programmeTiers.rank,
      nameRu: programmeTiers.nameRu,
      nameEn: programmeTiers.nameEn,
    })
    .from(programmeTiers)
    .innerJoin(partnerProgrammes, eq(partnerProgrammes.id, programmeTiers.programmeId))
    .where(eq(partnerProgrammes.active, true))
    .orderBy(asc(programmeTiers.rank))
  const counts = await db
    .select({
      programmeId: programmeMembers.programmeId,
      tierId: programmeMembers.tierId,
      region: org.region,
      members: count(),
    })
    .from(programmeMembers)
    .innerJoin(org, eq(org.id, programmeMembers.orgId))
    .innerJoin(partnerProgrammes, eq(partnerProgrammes.id, programmeMembers.programmeId))
    .where(and(inScope(scope, programmeMembers.orgId), eq(partnerProgrammes.active, true)))
    .groupBy(programmeMembers.programmeId, programmeMembers.tierId, org.region)
    .orderBy(asc(org.region))
  return programmes.map((p) => {
    const own = tiers.filter((t) => t.programmeId === p.id)
    return {
      programmeId: p.id,
      nameRu: p.nameRu,
      nameEn: p.nameEn,
      tiers: own.map(({ id, rank, nameRu, nameEn }) => ({ id, rank, nameRu, nameEn })),
      counts: counts
        .filter((c) => c.programmeId === p.id)
        .map((c) => {
          const tier = own.find((t) => t.id === c.tierId)!
          return { tierId: c.tierId, rank: tier.rank, nameRu: tier.nameRu, nameEn: tier.nameEn, region: c.region, members: Number(c.members) }
        }),
    }
  })
}

/** Applications by stage: how many are at each, and the oldest one's day for those in progress. */
export async function applicationsByStage({ scope }: { scope: AnyScope }) {
  void scope // applications belong to no organisation yet; only staff reach this function (the type says so)
  const rows = await db
    .select({ status: partnerApplications.status, count: count(), oldest: sql<string | null>`min(${partnerApplications.createdAt})` })
    .from(partnerApplications)
    .groupBy(partnerApplications.status)
  return APPLICATION_STAGES.map((status) => {
    const row = rows.find((r) => r.status === status)
    return { status, count: Number(row?.count ?? 0), oldestAt: row?.oldest ? new Date(row.oldest).toISOString() : null }
  })
}

/** The deal pipeline: registrations by state, their number and expected value (kopecks). */
export async function dealPipeline({ scope }: { scope: AnyScope }) {
  const rows = await db
    .select({ status: dealRegistrations.status, count: count(), valueMinor: sum(dealRegistrations.expectedValueMinor) })
    .from(dealRegistrations)
    .where(inScope(scope, dealRegistrations.orgId))
    .groupBy(dealRegistrations.status)
  return DEAL_STATES.map((status) => {
    const row = rows.find((r) => r.status === status)
    return { status, count: Number(row?.count ?? 0), valueMinor: Number(row?.valueMinor ?? 0) }
  })
}

/** Dealers whose tier changed in the last MOVERS_DAYS days (not the joining itself), the newest first. */
export async function recentTierChanges({ scope, today }: { scope: AnyScope; today: string }) {
  const org = organisationRef()
  const from = alias(programmeTiers, 'from_tier')
  const to = alias(programmeTiers, 'to_tier')
  const rows = await db
    .select({
      orgId: tierChanges.orgId,
      orgName: org.shortName,
      reason: tierChanges.reason,
      fromRank: from.rank,
      fromRu: from.nameRu,
      fromEn: from.nameEn,
      toRank: to.rank,
      toRu: to.nameRu,
      toEn: to.nameEn,
      effectiveFrom: tierChanges.effectiveFrom,
      at: tierChanges.at,
    })
    .from(tierChanges)
    .innerJoin(org, eq(org.id, tierChanges.orgId))
    .innerJoin(to, eq(to.id, tierChanges.toTierId))
    .leftJoin(from, eq(from.id, tierChanges.fromTierId))
    .where(
      and(inScope(scope, tierChanges.orgId), ne(tierChanges.reason, 'joined'), gte(tierChanges.at, operatorDayStart(addDays(today, -MOVERS_DAYS)))),
    )
    .orderBy(desc(tierChanges.at), asc(org.shortName))
    .limit(MOVERS_LIMIT)
  return rows.map((r) => ({ ...r, at: new Date(r.at).toISOString() }))
}

/**
 * Dealers with the biggest revenue growth: net of delivered orders in the last 12 months against the 12 before
 * (by the delivery day in the operator's calendar, as tier revenue counts), biggest absolute growth first.
 */
export async function revenueGrowth({ scope, today }: { scope: AnyScope; today: string }) {
  const org = organisationRef()
  const yearAgo = operatorDayStart(addDays(today, -365))
  const twoYearsAgo = operatorDayStart(addDays(today, -730))
  const end = operatorDayStart(addDays(today, 1))
  const current = sql<string>`coalesce(sum(${orders.netMinor}) filter (where ${orders.deliveredAt} >= ${yearAgo}), 0)`
  const previous = sql<string>`coalesce(sum(${orders.netMinor}) filter (where ${orders.deliveredAt} < ${yearAgo}), 0)`
  const rows = await db
    .select({ orgId: orders.orgId, orgName: org.shortName, currentMinor: current, previousMinor: previous })
    .from(orders)
    .innerJoin(org, eq(org.id, orders.orgId))
    .where(
      and(
        inScope(scope, orders.orgId),
        sql`exists (select 1 from ${programmeMembers} where ${programmeMembers.orgId} = ${orders.orgId})`,
        isNotNull(orders.deliveredAt),
        gte(orders.deliveredAt, twoYearsAgo),
        sql`${orders.deliveredAt} < ${end}`,
      ),
    )
    .groupBy(orders.orgId, org.shortName)
    .having(sql`${current} > ${previous}`)
    .orderBy(sql`${current} - ${previous} desc`, asc(org.shortName))
    .limit(MOVERS_LIMIT)
  return rows.map((r) => {
    const currentMinor = Number(r.currentMinor)
    const previousMinor = Number(r.previousMinor)
    return {
      orgId: r.orgId,
      orgName: r.orgName,
      currentMinor,
      previousMinor,
      growthMinor: currentMinor - previousMinor,
      growthBp: previousMinor > 0 ? Math.round(((currentMinor - previousMinor) * 10000) / previousMinor) : null,
    }
  })
}

/** Everything the home shows from the programme's own tables. */
export async function prmOverview({ scope, today }: { scope: AnyScope; today: string }) {
  const [programmes, applications, deals, tierMoves, growth] = await Promise.all([
    partnersByTierAndRegion({ scope }),
    applicationsByStage({ scope }),
    dealPipeline({ scope }),
    recentTierChanges({ scope, today }),
    revenueGrowth({ scope, today }),
  ])
  return { programmes, applications, deals, tierMoves, growth }
}
