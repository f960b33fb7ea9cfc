import type { DbOrTx } from '../../db/client.server'
import { crmSegmentMembers, crmSegmentRuns, type SegmentParams } from '../../db/schema/crm'
import type { CrmWorldInput } from './crm-customers'

// Factories for the CRM's segments (issue 15): the seed, the fixtures and the tests make their rows the same way.

export const defaultSegmentParams: SegmentParams = {
  basis: 'margin',
  fromMonth: '2025-12-01',
  toMonth: '2026-11-01',
  cutABp: 8000,
  cutBBp: 9500,
  xCvBp: 1000,
  yCvBp: 2500,
  seasonal: false,
  discountBp: 1000,
}

/** A stored run with the given members (no computation: for pages and for parts that read a customer's class). */
export async function createSegmentRun(
  db: DbOrTx,
  o: {
    params?: Partial<SegmentParams>
    members: {
      orgId: string
      abc: 'A' | 'B' | 'C' | null
      xyz: 'X' | 'Y' | 'Z' | null
      valueMinor?: number
      cv?: number
      nonZeroMonths?: number
      prevCumShare?: number
    }[]
  },
) {
  const [run] = await db
    .insert(crmSegmentRuns)
    .values({
      params: { ...defaultSegmentParams, ...o.params },
      summary: { customers: o.members.length, ranked: o.members.length, classes: {}, matrix: {} },
    })
    .returning()
  if (o.members.length)
    await db.insert(crmSegmentMembers).values(
      o.members.map((m, i) => ({
        runId: run.id,
        orgId: m.orgId,
        revenueMinor: m.valueMinor ?? 1_000_00,
        marginMinor: m.valueMinor ?? 1_000_00,
        valueMinor: m.valueMinor ?? 1_000_00,
        rank: m.abc ? i + 1 : null,
        cumShare: m.abc ? 0.5 : null,
        prevCumShare: m.abc ? (m.prevCumShare ?? 0.1) : null,
        abc: m.abc,
        monthlyMean: 100,
        cv: m.cv ?? (m.xyz === 'X' ? 0.05 : m.xyz === 'Y' ? 0.2 : 0.6),
        xyz: m.xyz,
        nonZeroMonths: m.nonZeroMonths ?? 12,
        months: 12,
        retention: 0.8,
        margin12mMinor: m.valueMinor ?? 1_000_00,
        clvMinor: 2_666_67,
      })),
    )
  return run
}

/** What the permission matrix and the canary need of this part in the shared world (ids by name). */
export async function createCrmSegmentsWorld(db: DbOrTx, w: CrmWorldInput): Promise<Record<string, string>> {
  const run = await createSegmentRun(db, { members: [{ orgId: w.dealerId, abc: 'A', xyz: 'X' }] })
  return { runId: run.id }
}
