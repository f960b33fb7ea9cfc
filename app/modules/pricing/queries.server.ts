import { and, eq, inArray, or, sql } from 'drizzle-orm'
import type { OrgScope } from '../auth/scope.server'
import { db, type DbOrTx } from '../../../db/client.server'
import { isoText, rowsOf } from '../../../db/drivers.server'
import { organisations, priceListAssignments, priceLists, prices } from '../../../db/schema'
import { resolvePrice, type PriceListCandidate, type PriceResult } from './price-resolution'

/**
 * The price lists that apply to an organisation — the global lists, its group's, its own contracts — with their
 * tiers for each product. Another organisation's contract can never be a candidate: the organisation is in the
 * query.
 */
export async function loadPriceCandidates({ scope, productIds }: { scope: OrgScope; productIds: string[] }, tx: DbOrTx = db) {
  const orgId = scope.orgId
  const applicable = await tx
    .select({
      listId: priceLists.id,
      code: priceLists.code,
      name: priceLists.name,
      currency: priceLists.currency,
      validFrom: priceLists.validFrom,
      validTo: priceLists.validTo,
      priority: priceLists.priority,
      scope: priceListAssignments.scope,
    })
    .from(priceListAssignments)
    .innerJoin(priceLists, eq(priceLists.id, priceListAssignments.priceListId))
    .innerJoin(organisations, eq(organisations.id, orgId))
    .where(
      or(
        eq(priceListAssignments.scope, 'global'),
        and(eq(priceListAssignments.scope, 'group'), eq(priceListAssignments.dealerGroup, organisations.dealerGroup)),
        and(eq(priceListAssignments.scope, 'org'), eq(priceListAssignments.orgId, orgId)),
      ),
    )
  const byProduct = new Map<string, PriceListCandidate[]>()
  if (!applicable.length || !productIds.length) {
    for (const id of productIds) byProduct.set(id, [])
    return byProduct
  }
  const rows = await tx
    .select({ listId: prices.priceListId, productId: prices.productId, minQty: prices.minQty, unitPriceMinor: prices.unitPriceMinor })
    .from(prices)
    .where(and(inArray(prices.productId, productIds), inArray(prices.priceListId, applicable.map((l) => l.listId))))
  const tiers = new Map<string, { minQty: number; unitPriceMinor: number }[]>()
  for (const r of rows) {
    const key = `${r.productId}|${r.listId}`
    const list = tiers.get(key) ?? []
    list.push({ minQty: r.minQty, unitPriceMinor: r.unitPriceMinor })
    tiers.set(key, list)
  }
  for (const productId of productIds) byProduct.set(productId, applicable.map((l) => ({ ...l, tiers: tiers.get(`${productId}|${l.listId}`) ?? [] })))
  return byProduct
}


/** Prices several products for an organisation in one round of queries. */
export async function priceProducts(input: { scope: OrgScope; items: { productId: string; qty: number }[]; date: string; currency?: string }, tx: DbOrTx = db) {
  const candidates = await loadPriceCandidates({ scope: input.scope, productIds: [...new Set(input.items.map((i) => i.productId))] }, tx)
  const result = new Map<string, PriceResult>()
  for (const item of input.items)
    result.set(item.productId, resolvePrice({ qty: item.qty, date: input.date, currency: input.currency ?? 'RUB', candidates: candidates.get(item.productId) ?? [] }))
  return result
}
