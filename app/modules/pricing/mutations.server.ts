import { and, eq, ne, sql } from 'drizzle-orm'
import type { AnyScope } from '../auth/scope.server'
import { writeAudit, type Actor } from '../audit/mutations.server'
import { notifyCatalogChanged } from '../catalog/live.server'
import { organisationRef } from '../tenancy/queries.server'
import { db, type Tx } from '../../../db/client.server'
import { priceListAssignments, priceLists, prices } from '../../../db/schema/pricing'
import type { PriceListInput } from './schemas'

// Price lists for operator staff: header, validity, priority and who the list applies to. Two lists for the same
// buyers, currency and priority whose validity overlaps would leave the choice between them to their codes: that
// is refused, naming the other list, so every price has one clear reason.

const overlaps = (a: { validFrom: string | null; validTo: string | null }, b: { validFrom: string | null; validTo: string | null }) =>
  (a.validFrom === null || b.validTo === null || a.validFrom <= b.validTo) && (b.validFrom === null || a.validTo === null || b.validFrom <= a.validTo)

export type SavePriceListResult = { ok: true; id: string } | { ok: false; fieldErrors: Record<string, string[]> }

/** Creates (`listId` null) or changes a price list and whom it applies to, audited. Staff only: any scope. */
export async function savePriceList({
  actor,
  listId: id,
  input,
}: {
  scope: AnyScope
  actor: Actor
  listId: string | null
  input: PriceListInput
}): Promise<SavePriceListResult> {
  const result = await db.transaction(async (tx): Promise<SavePriceListResult> => {
    const fieldErrors: Record<string, string[]> = {}
    const [taken] = await tx
      .select({ id: priceLists.id })
      .from(priceLists)
      .where(and(eq(priceLists.code, input.code), id ? ne(priceLists.id, id) : undefined))
    if (taken) fieldErrors.code = ['prices.error.codeTaken']
    if (input.scope === 'org') {
      const org = organisationRef()
      const [buyer] = await tx.select({ kind: org.kind }).from(org).where(eq(org.id, input.orgId!))
      if (!buyer || (buyer.kind !== 'dealer' && buyer.kind !== 'key_account')) fieldErrors.orgId = ['errors.chooseOne']
    }
    // Same buyers, currency and priority, overlapping days: which list applies would be a coin toss.
    const rivals = await tx
      .select({ code: priceLists.code, validFrom: priceLists.validFrom, validTo: priceLists.validTo })
      .from(priceLists)
      .innerJoin(priceListAssignments, eq(priceListAssignments.priceListId, priceLists.id))
      .where(
        and(
          id ? ne(priceLists.id, id) : undefined,
          eq(priceLists.currency, input.currency),
          eq(priceLists.priority, input.priority),
          eq(priceListAssignments.scope, input.scope),
          input.scope === 'group' ? eq(priceListAssignments.dealerGroup, input.dealerGroup!) : undefined,
          input.scope === 'org' ? eq(priceListAssignments.orgId, input.orgId!) : undefined,
        ),
      )
    const clash = rivals.find((r) => overlaps(r, input))
    if (clash) fieldErrors.validFrom = [`prices.error.overlap|${clash.code}`]
    if (Object.keys(fieldErrors).length) return { ok: false, fieldErrors }
    const header = {
      code: input.code,
      name: input.name,
      currency: input.currency,
      validFrom: input.validFrom,
      validTo: input.validTo,
      priority: input.priority,
    }
    let listId = id
    if (id) {
      const changed = await tx.update(priceLists).set(header).where(eq(priceLists.id, id)).returning({ id: priceLists.id })
      if (!changed.length) return { ok: false, fieldErrors: { '': ['errors.notFound'] } }
      await tx.delete(priceListAssignments).where(eq(priceListAssignments.priceListId, id))
    } else listId = (await tx.insert(priceLists).values(header).returning({ id: priceLists.id }))[0].id
    await tx.insert(priceListAssignments).values({
      priceListId: listId!,
      scope: input.scope,
      dealerGroup: input.scope === 'group' ? input.dealerGroup : null,
      orgId: input.scope === 'org' ? input.orgId : null,
    })
    await writeAudit(tx, actor, {
      action: 'price_list.saved',
      entity: 'price_list',
      entityId: listId,
      orgId: input.scope === 'org' ? input.orgId : null,
      details: { ...input },
    })
    return { ok: true, id: listId! }
  })
  // Every price on the list may now resolve differently: open carts re-read theirs.
  if (result.ok) notifyCatalogChanged('prices', [])
  return result
}

/** Creates or changes price tiers in the caller's transaction (a catalog import applying its price rows). */
export async function upsertPriceTiers(tx: Tx, values: { priceListId: string; productId: string; minQty: number; unitPriceMinor: number }[]) {
  if (!values.length) return
  await tx
    .insert(prices)
    .values(values)
    .onConflictDoUpdate({ target: [prices.priceListId, prices.productId, prices.minQty], set: { unitPriceMinor: sql`excluded.unit_price_minor` } })
}
