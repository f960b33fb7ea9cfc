import { and, asc, eq } from 'drizzle-orm'
import type { Tx } from '../../../db/client.server'
import { partnerProgrammes, programmeMembers, programmeTiers, tierChanges } from '../../../db/schema/prm'
import type { Actor } from '../audit/mutations.server'
import { writeAudit } from '../audit/mutations.server'
import { scheduleDealerGroup } from '../tenancy/mutations.server'
import { businessClock } from '../../utils/clock.server'

/**
 * A new dealer joins every active programme at its entry tier (rank 1), from today: activation of an application
 * and the desk's "add to programme" both call this, in their own transaction. Already a member: nothing changes.
 */
export async function enrolDealer(tx: Tx, { orgId, actor }: { orgId: string; actor: Actor }): Promise<number> {
  const { today } = await businessClock(tx)
  const entries = await tx
    .select({ programmeId: partnerProgrammes.id, tierId: programmeTiers.id, benefits: programmeTiers.benefits })
    .from(partnerProgrammes)
    .innerJoin(programmeTiers, and(eq(programmeTiers.programmeId, partnerProgrammes.id), eq(programmeTiers.rank, 1)))
    .where(eq(partnerProgrammes.active, true))
    .orderBy(asc(partnerProgrammes.createdAt))
  let joined = 0
  for (const e of entries) {
    const inserted = await tx
      .insert(programmeMembers)
      .values({ programmeId: e.programmeId, orgId, tierId: e.tierId, since: today })
      .onConflictDoNothing()
      .returning({ orgId: programmeMembers.orgId })
    if (!inserted.length) continue
    joined++
    const [change] = await tx
      .insert(tierChanges)
      .values({
        programmeId: e.programmeId,
        orgId,
        fromTierId: null,
        toTierId: e.tierId,
        reason: 'joined',
        effectiveFrom: today,
        actorId: actor.userId,
      })
      .returning({ id: tierChanges.id })
    if (e.benefits.dealerGroup !== undefined)
      await scheduleDealerGroup(tx, { orgId, dealerGroup: e.benefits.dealerGroup, effectiveFrom: today, source: `tier:${change.id}` })
    await writeAudit(tx, actor, {
      action: 'tier.changed',
      entity: 'organisation',
      entityId: orgId,
      orgId,
      details: { reason: 'joined', tierId: e.tierId },
    })
  }
  return joined
}
