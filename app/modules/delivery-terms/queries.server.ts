import { and, asc, desc, eq } from 'drizzle-orm'
import { db, type DbOrTx } from '../../../db/client.server'
import { operatorTimeZone } from '../../utils/clock.server'
import { deliveryTerms, shipToLocations } from '../../../db/schema/delivery'
import { inScope, type Scope } from '../auth/scope.server'

// Delivery terms per buying organisation, read by the product page, the cart and checkout (DESIGN.md §4), and by
// the desk for the organisation it names. With an organisation's scope the target is that organisation (an `orgId`
// naming another one finds nothing); an `any` scope names its target.

export type DeliveryTerms = Omit<typeof deliveryTerms.$inferSelect, 'updatedAt'>

/** Whose terms a call means: the scope's own organisation, or the one staff named. */
export function targetOrgOf(scope: Scope, orgId?: string): string {
  if (orgId) return orgId
  if (scope.kind === 'org') return scope.orgId
  throw new Error('an any scope names the organisation it acts on')
}

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

export async function getDeliveryTerms({ scope, orgId }: { scope: Scope; orgId?: string }, tx: DbOrTx = db): Promise<DeliveryTerms> {
  const target = targetOrgOf(scope, orgId)
  const [row] = await tx
    .select()
    .from(deliveryTerms)
    .where(and(eq(deliveryTerms.orgId, target), inScope(scope, deliveryTerms.orgId)))
    .limit(1)
  if (!row) return defaultTerms(target)
  const { updatedAt: _, ...terms } = row
  return terms
}

export async function listShipTo({ scope, orgId }: { scope: Scope; orgId?: string }, tx: DbOrTx = db) {
  return tx
    .select({ id: shipToLocations.id, name: shipToLocations.name, address: shipToLocations.address, isDefault: shipToLocations.isDefault })
    .from(shipToLocations)
    .where(and(eq(shipToLocations.orgId, targetOrgOf(scope, orgId)), inScope(scope, shipToLocations.orgId)))
    .orderBy(desc(shipToLocations.isDefault), asc(shipToLocations.name))
}

/** One ship-to address of the scope's organisation (or of `orgId`, for staff); null when not theirs. */
export async function findShipTo({ scope, orgId, id }: { scope: Scope; orgId?: string; id: string }, tx: DbOrTx = db) {
  const [row] = await tx
    .select({ id: shipToLocations.id, name: shipToLocations.name, address: shipToLocations.address })
    .from(shipToLocations)
    .where(and(eq(shipToLocations.orgId, targetOrgOf(scope, orgId)), inScope(scope, shipToLocations.orgId), eq(shipToLocations.id, id)))
    .limit(1)
  return row ?? null
}
