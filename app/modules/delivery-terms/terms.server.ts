import { and, asc, desc, eq } from 'drizzle-orm'
import { db, type DbOrTx } from '../../../db/client.server'
import { operatorTimeZone } from '../../utils/clock.server'
import { deliveryTerms, shipToLocations } from '../../../db/schema'
import type { Actor } from '../audit/mutations.server'
import { writeAudit } from '../audit/mutations.server'
import { freightFor as deriveFreight, termsContradictions, type FreightRule } from './freight'
import type { DeliveryTermsInput } from './schemas'

// Delivery terms per buying organisation, read by the product page, the cart and checkout (DESIGN.md §4).

export type DeliveryTerms = Omit<typeof deliveryTerms.$inferSelect, 'updatedAt'>

/** The operator's defaults for an organisation that has no terms of its own yet. */
export const defaultTerms = (orgId: string): DeliveryTerms => ({
  orgId,
  incoterm: 'DAP',
  namedPlace: '',
  freightTerms: 'prepaid_add',
  freeFreightMinor: null,
  freightMinor: 0,
  orderMinimumMinor: null,
  cutoff: '14:00',
  timeZone: operatorTimeZone,
  poRequired: false,
})

export async function getDeliveryTerms(orgId: string, tx: DbOrTx = db): Promise<DeliveryTerms> {
  const [row] = await tx.select().from(deliveryTerms).where(eq(deliveryTerms.orgId, orgId)).limit(1)
  if (!row) return defaultTerms(orgId)
  const { updatedAt: _, ...terms } = row
  return terms
}

export async function listShipTo(orgId: string, tx: DbOrTx = db) {
  return tx
    .select({ id: shipToLocations.id, name: shipToLocations.name, address: shipToLocations.address, isDefault: shipToLocations.isDefault })
    .from(shipToLocations)
    .where(eq(shipToLocations.orgId, orgId))
    .orderBy(desc(shipToLocations.isDefault), asc(shipToLocations.name))
}

export async function findShipTo(orgId: string, id: string, tx: DbOrTx = db) {
  const [row] = await tx.select().from(shipToLocations).where(and(eq(shipToLocations.orgId, orgId), eq(shipToLocations.id, id))).limit(1)
  return row ?? null
}

/** Freight for a net order value under the terms (freight.ts: derived from the Incoterm and the freight terms). */
export function freightFor(terms: FreightRule, netMinor: number) {
  return deriveFreight(terms, netMinor)
}

/** Operator staff set an organisation's terms; one transaction with its audit entry. Contradictions are refused by field. */
export async function saveDeliveryTerms(actor: Actor, orgId: string, input: DeliveryTermsInput): Promise<{ ok: true } | { ok: false; fieldErrors: Record<string, string[]> }> {
  const fieldErrors = termsContradictions(input)
  if (Object.keys(fieldErrors).length) return { ok: false, fieldErrors }
  await db.transaction(async (tx) => {
    const values = { ...input, orgId, updatedAt: new Date() }
    await tx.insert(deliveryTerms).values(values).onConflictDoUpdate({ target: deliveryTerms.orgId, set: values })
    await writeAudit(tx, actor, { action: 'delivery_terms.updated', entity: 'organisation', entityId: orgId, orgId, details: { ...input } })
  })
  return { ok: true }
}

export async function addShipTo(actor: Actor, orgId: string, input: { name: string; address: string; isDefault: boolean }) {
  return db.transaction(async (tx) => {
    if (input.isDefault) await tx.update(shipToLocations).set({ isDefault: false }).where(eq(shipToLocations.orgId, orgId))
    const [row] = await tx.insert(shipToLocations).values({ ...input, orgId }).returning({ id: shipToLocations.id })
    await writeAudit(tx, actor, { action: 'ship_to.added', entity: 'ship_to', entityId: row.id, orgId, details: input })
    return row.id
  })
}

export async function removeShipTo(actor: Actor, orgId: string, id: string) {
  return db.transaction(async (tx) => {
    const gone = await tx.delete(shipToLocations).where(and(eq(shipToLocations.orgId, orgId), eq(shipToLocations.id, id))).returning({ name: shipToLocations.name })
    if (gone.length) await writeAudit(tx, actor, { action: 'ship_to.removed', entity: 'ship_to', entityId: id, orgId, details: { name: gone[0].name } })
    return gone.length > 0
  })
}
