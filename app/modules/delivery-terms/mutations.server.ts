import { and, eq } from 'drizzle-orm'
import { db } from '../../../db/client.server'
import { operatorTimeZone } from '../../utils/clock.server'
import { deliveryTerms, shipToLocations } from '../../../db/schema/delivery'
import type { Actor } from '../audit/mutations.server'
import { writeAudit } from '../audit/mutations.server'
import { covers, inScope, type Scope } from '../auth/scope.server'
import { termsContradictions } from './freight'
import type { DeliveryTermsInput } from './schemas'

// Operator staff set an organisation's terms and ship-to addresses (an `any` scope naming the organisation); with
// an organisation's scope only its own. Each change is one transaction with its audit entry.

/** Saves the terms; contradictions are refused by field. False (`forbidden`) when the scope does not cover `orgId`. */
export async function saveDeliveryTerms({
  scope,
  actor,
  orgId,
  input,
}: {
  scope: Scope
  actor: Actor
  orgId: string
  input: DeliveryTermsInput
}): Promise<{ ok: true } | { ok: false; fieldErrors: Record<string, string[]> }> {
  if (!covers(scope, orgId)) throw new Error('delivery terms of another organisation')
  const fieldErrors = termsContradictions(input)
  if (Object.keys(fieldErrors).length) return { ok: false, fieldErrors }
  await db.transaction(async (tx) => {
    const values = { ...input, orgId, updatedAt: new Date() }
    // The cut-off's zone is the operator's until a buyer's own is set: written here, not a column default.
    await tx
      .insert(deliveryTerms)
      .values({ ...values, timeZone: operatorTimeZone })
      .onConflictDoUpdate({ target: deliveryTerms.orgId, set: values })
    await writeAudit(tx, actor, { action: 'delivery_terms.updated', entity: 'organisation', entityId: orgId, orgId, details: { ...input } })
  })
  return { ok: true }
}

export async function addShipTo({
  scope,
  actor,
  orgId,
  input,
}: {
  scope: Scope
  actor: Actor
  orgId: string
  input: { name: string; address: string; isDefault: boolean }
}) {
  if (!covers(scope, orgId)) throw new Error('ship-to of another organisation')
  return db.transaction(async (tx) => {
    if (input.isDefault)
      await tx
        .update(shipToLocations)
        .set({ isDefault: false })
        .where(and(eq(shipToLocations.orgId, orgId), inScope(scope, shipToLocations.orgId)))
    const [row] = await tx
      .insert(shipToLocations)
      .values({ name: input.name, address: input.address, isDefault: input.isDefault, orgId })
      .returning({ id: shipToLocations.id })
    await writeAudit(tx, actor, { action: 'ship_to.added', entity: 'ship_to', entityId: row.id, orgId, details: input })
    return row.id
  })
}

/** Removes one ship-to address of `orgId`; false when there is none in scope. */
export async function removeShipTo({ scope, actor, orgId, id }: { scope: Scope; actor: Actor; orgId: string; id: string }) {
  return db.transaction(async (tx) => {
    const gone = await tx
      .delete(shipToLocations)
      .where(and(eq(shipToLocations.orgId, orgId), inScope(scope, shipToLocations.orgId), eq(shipToLocations.id, id)))
      .returning({ name: shipToLocations.name })
    if (gone.length)
      await writeAudit(tx, actor, { action: 'ship_to.removed', entity: 'ship_to', entityId: id, orgId, details: { name: gone[0].name } })
    return gone.length > 0
  })
}
