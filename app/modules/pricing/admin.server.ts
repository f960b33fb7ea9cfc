import { and, asc, eq, ne, sql } from 'drizzle-orm'
import { db } from '../../../db/client.server'
import { organisations, priceListAssignments, priceLists, prices } from '../../../db/schema'
import type { Actor } from '../audit/mutations.server'
import { writeAudit } from '../audit/mutations.server'
import { notifyCatalogChanged } from '../catalog/live.server'
import type { PriceListInput } from './schemas'

// Price lists for operator staff: header, validity, priority and who the list applies to. Two lists for the same
// buyers, currency and priority whose validity overlaps would leave the choice between them to their codes: that
// is refused, naming the other list, so every price has one clear reason.

export async function listPriceLists() {
  return db
    .select({
      id: priceLists.id,
      code: priceLists.code,
      name: priceLists.name,
      currency: priceLists.currency,
      validFrom: priceLists.validFrom,
      validTo: priceLists.validTo,
      priority: priceLists.priority,
      scope: priceListAssignments.scope,
      dealerGroup: priceListAssignments.dealerGroup,
      orgName: organisations.shortName,
      prices: sql<number>`(select count(*)::int from ${prices} where ${prices.priceListId} = ${priceLists.id})`,
    })
    .from(priceLists)
    .leftJoin(priceListAssignments, eq(priceListAssignments.priceListId, priceLists.id))
    .leftJoin(organisations, eq(organisations.id, priceListAssignments.orgId))
    .orderBy(asc(priceLists.code))
}

export async function getPriceList(id: string) {
  const [row] = await db
    .select({ id: priceLists.id, code: priceLists.code, name: priceLists.name, currency: priceLists.currency, validFrom: priceLists.validFrom, validTo: priceLists.validTo, priority: priceLists.priority, scope: priceListAssignments.scope, dealerGroup: priceListAssignments.dealerGroup, orgId: priceListAssignments.orgId })
    .from(priceLists)
    .leftJoin(priceListAssignments, eq(priceListAssignments.priceListId, priceLists.id))
    .where(eq(priceLists.id, id))
  return row ?? null
}

const overlaps = (a: { validFrom: string | null; validTo: string | null }, b: { validFrom: string | null; validTo: string | null }) =>
  (a.validFrom === null || b.validTo === null || a.validFrom <= b.validTo) && (b.validFrom === null || a.validTo === null || b.validFrom <= a.validTo)

export type SavePriceListResult = { ok: true; id: string } | { ok: false; fieldErrors: Record<string, string[]> }

export async function savePriceList(actor: Actor, id: string | null, input: PriceListInput): Promise<SavePriceListResult> {
  const result = await db.transaction(async (tx): Promise<SavePriceListResult> => {
    const fieldErrors: Record<string, string[]> = {}
    const [taken] = await tx.select({ id: priceLists.id }).from(priceLists).where(and(eq(priceLists.code, input.code), id ? ne(priceLists.id, id) : undefined))
    if (taken) fieldErrors.code = ['prices.error.codeTaken']
    if (input.scope === 'org') {
      const [org] = await tx.select({ kind: organisations.kind }).from(organisations).where(eq(organisations.id, input.orgId!))
      if (!org || (org.kind !== 'dealer' && org.kind !== 'key_account')) fieldErrors.orgId = ['errors.chooseOne']
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
    const header = { code: input.code, name: input.name, currency: input.currency, validFrom: input.validFrom, validTo: input.validTo, priority: input.priority }
    let listId = id
    if (id) {
      const changed = await tx.update(priceLists).set(header).where(eq(priceLists.id, id)).returning({ id: priceLists.id })
      if (!changed.length) return { ok: false, fieldErrors: { '': ['errors.notFound'] } }
      await tx.delete(priceListAssignments).where(eq(priceListAssignments.priceListId, id))
    } else listId = (await tx.insert(priceLists).values(header).returning({ id: priceLists.id }))[0].id
    await tx.insert(priceListAssignments).values({ priceListId: listId!, scope: input.scope, dealerGroup: input.scope === 'group' ? input.dealerGroup : null, orgId: input.scope === 'org' ? input.orgId : null })
    await writeAudit(tx, actor, { action: 'price_list.saved', entity: 'price_list', entityId: listId, orgId: input.scope === 'org' ? input.orgId : null, details: { ...input } })
    return { ok: true, id: listId! }
  })
  // Every price on the list may now resolve differently: open carts re-read theirs.
  if (result.ok) notifyCatalogChanged('prices', [])
  return result
}
