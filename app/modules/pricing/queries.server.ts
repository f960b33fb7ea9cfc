import { and, asc, eq, exists, inArray, or, sql, type AnyColumn, type SQL } from 'drizzle-orm'
import type { AnyScope, OrgScope } from '../auth/scope.server'
import { dealerGroupInForce, organisationRef } from '../tenancy/queries.server'
import { db, type DbOrTx } from '../../../db/client.server'
import { anyOf } from '../../../db/sql-lists'
import { priceListAssignments, priceLists, prices } from '../../../db/schema/pricing'
import { resolvePrice, type PriceListCandidate, type PriceResult } from './price-resolution'

export { priceListResponse } from './price-export.server'

/**
 * Which price lists apply to the scope's organisation: the global lists, its dealer group's, its own contracts
 * (or, `onlyContract`, its contracts only). The one statement of the rule: the catalog's assortment and every
 * price read through it. The organisation is in the condition, so another's contract can never be a candidate.
 */
function appliesTo(scope: OrgScope, onlyContract = false): SQL {
  const contract = and(eq(priceListAssignments.scope, 'org'), eq(priceListAssignments.orgId, scope.orgId))!
  if (onlyContract) return contract
  // The group in force today: a scheduled tier change from its day on, never before (issue 13).
  return or(
    eq(priceListAssignments.scope, 'global'),
    and(eq(priceListAssignments.scope, 'group'), sql`${priceListAssignments.dealerGroup} = ${dealerGroupInForce(scope.orgId)}`),
    contract,
  )!
}

/** The ids of the lists that apply to the organisation, as a subquery other modules put in their SQL. */
export function applicablePriceLists({ scope, onlyContract = false }: { scope: OrgScope; onlyContract?: boolean }) {
  return db.select({ priceListId: priceListAssignments.priceListId }).from(priceListAssignments).where(appliesTo(scope, onlyContract))
}

/**
 * The condition "this product has a price in a list that applies to the organisation" on another module's product
 * column: the catalog's assortment (a product without a price the buyer may pay is not for sale to it).
 */
export function hasApplicablePrice({
  scope,
  productId,
  onlyContract = false,
}: {
  scope: OrgScope
  productId: AnyColumn
  onlyContract?: boolean
}): SQL {
  return exists(
    db
      .select({ one: sql`1` })
      .from(prices)
      .where(and(eq(prices.productId, productId), inArray(prices.priceListId, applicablePriceLists({ scope, onlyContract })))),
  )
}

/** The price lists that apply to an organisation with their tiers for each product: the price engine's input. */
export async function loadPriceCandidates({ scope, productIds }: { scope: OrgScope; productIds: string[] }, tx: DbOrTx = db) {
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
    .where(appliesTo(scope))
  const byProduct = new Map<string, PriceListCandidate[]>()
  if (!applicable.length || !productIds.length) {
    for (const id of productIds) byProduct.set(id, [])
    return byProduct
  }
  const rows = await tx
    .select({ listId: prices.priceListId, productId: prices.productId, minQty: prices.minQty, unitPriceMinor: prices.unitPriceMinor })
    .from(prices)
    .where(
      and(
        anyOf(prices.productId, productIds),
        inArray(
          prices.priceListId,
          applicable.map((l) => l.listId),
        ),
      ),
    )
  const tiers = new Map<string, { minQty: number; unitPriceMinor: number }[]>()
  for (const r of rows) {
    const key = `${r.productId}|${r.listId}`
    const list = tiers.get(key) ?? []
    list.push({ minQty: r.minQty, unitPriceMinor: r.unitPriceMinor })
    tiers.set(key, list)
  }
  for (const productId of productIds)
    byProduct.set(
      productId,
      applicable.map((l) => ({ ...l, tiers: tiers.get(`${productId}|${l.listId}`) ?? [] })),
    )
  return byProduct
}

/** Prices several products for an organisation in one round of queries. */
export async function priceProducts(
  input: { scope: OrgScope; items: { productId: string; qty: number }[]; date: string; currency?: string },
  tx: DbOrTx = db,
) {
  const candidates = await loadPriceCandidates({ scope: input.scope, productIds: [...new Set(input.items.map((i) => i.productId))] }, tx)
  const result = new Map<string, PriceResult>()
  for (const item of input.items)
    result.set(
      item.productId,
      resolvePrice({ qty: item.qty, date: input.date, currency: input.currency ?? 'RUB', candidates: candidates.get(item.productId) ?? [] }),
    )
  return result
}

// The operator's side ("manage:catalog:any"): every list, whoever it applies to.

/** A list and whom it applies to, as the desk's list and form show it. */
const listColumns = {
  id: priceLists.id,
  code: priceLists.code,
  name: priceLists.name,
  currency: priceLists.currency,
  validFrom: priceLists.validFrom,
  validTo: priceLists.validTo,
  priority: priceLists.priority,
  scope: priceListAssignments.scope,
  dealerGroup: priceListAssignments.dealerGroup,
}

export async function listPriceLists({ scope: _ }: { scope: AnyScope }) {
  const org = organisationRef()
  return db
    .select({
      ...listColumns,
      orgName: org.shortName,
      prices: sql<number>`(select count(*)::int from ${prices} where ${prices.priceListId} = ${priceLists.id})`,
    })
    .from(priceLists)
    .leftJoin(priceListAssignments, eq(priceListAssignments.priceListId, priceLists.id))
    .leftJoin(org, eq(org.id, priceListAssignments.orgId))
    .orderBy(asc(priceLists.code))
}

export async function getPriceList({ listId }: { scope: AnyScope; listId: string }) {
  const [row] = await db
    .select({
      ...listColumns,
      orgId: priceListAssignments.orgId,
    })
    .from(priceLists)
    .leftJoin(priceListAssignments, eq(priceListAssignments.priceListId, priceLists.id))
    .where(eq(priceLists.id, listId))
  return row ?? null
}

/** Every list's code and id: the catalog import names lists by code (background work, no scope). */
export async function listPriceListCodes(tx: DbOrTx = db) {
  return tx.select({ code: priceLists.code, id: priceLists.id }).from(priceLists)
}

/** Every tier of the given products in every list: what a price import compares its file with. */
export async function listPriceTiers({ productIds }: { productIds: string[] }, tx: DbOrTx = db) {
  if (!productIds.length) return []
  return tx
    .select({ priceListId: prices.priceListId, productId: prices.productId, minQty: prices.minQty, unitPriceMinor: prices.unitPriceMinor })
    .from(prices)
    .where(anyOf(prices.productId, productIds))
}
