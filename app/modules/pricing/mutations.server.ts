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

/**
 * Lists a registered deal gives (PRM, issue 13) rank above every contract of the dealer: both are assigned to the
 * organisation, so resolvePrice compares their priorities, and the deal's special price must win while it is valid.
 */
export const DEAL_PRICE_PRIORITY = 1000

/**
 * A price list for one organisation only, for a stated period, above its contracts: a deal's special prices. Made
 * in the caller's transaction (the deal's approval) and audited there; one tier per product from one unit.
 */
export async function createDealPriceList(
  tx: Tx,
  {
    actor,
    code,
    name,
    orgId,
    validFrom,
    validTo,
    prices: items,
  }: {
    actor: Actor
    code: string
    name: string
    orgId: string
    validFrom: string
    validTo: string
    prices: { productId: string; unitPriceMinor: number }[]
  },
): Promise<string> {
  const [top] = await tx
    .select({ priority: sql<number>`coalesce(max(${priceLists.priority}), 0)::int` })
    .from(priceLists)
    .innerJoin(priceListAssignments, eq(priceListAssignments.priceListId, priceLists.id))
    .where(and(eq(priceListAssignments.scope, 'org'), eq(priceListAssignments.orgId, orgId)))
  const priority = Math.max(DEAL_PRICE_PRIORITY, Number(top?.priority ?? 0) + 1)
  const [list] = await tx.insert(priceLists).values({ code, name, currency: 'RUB', validFrom, validTo, priority }).returning({ id: priceLists.id })
  await tx.insert(priceListAssignments).values({ priceListId: list.id, scope: 'org', orgId })
  await upsertPriceTiers(
    tx,
    items.map((p) => ({ priceListId: list.id, productId: p.productId, minQty: 1, unitPriceMinor: p.unitPriceMinor })),
  )
  await writeAudit(tx, actor, {
    action: 'price_list.saved',
    entity: 'price_list',
    entityId: list.id,
    orgId,
    details: { code, name, scope: 'org', orgId, validFrom, validTo, priority, products: items.length },
  })
  return list.id
}

/** Moves the last valid day of a list (a deal's protection extended, or ended), audited in the caller's transaction. */
export async function setPriceListValidTo(tx: Tx, { actor, listId, validTo }: { actor: Actor; listId: string; validTo: string }) {
  const [row] = await tx
    .update(priceLists)
    .set({ validTo })
    .where(eq(priceLists.id, listId))
    .returning({ id: priceLists.id, code: priceLists.code, validFrom: priceLists.validFrom })
  if (!row) return false
  await writeAudit(tx, actor, { action: 'price_list.saved', entity: 'price_list', entityId: listId, details: { code: row.code, validTo } })
  return true
}

/** After a transaction changed prices outside savePriceList: open carts and catalog pages re-read theirs. */
export function announcePriceChange() {
  notifyCatalogChanged('prices', [])
}

/**
 * A contract price list for one organisation (the CRM's regular-customer prompt, issue 15), in the caller's
 * transaction and audited there: ranked above the organisation's other contracts but below any deal's list, so
 * a registered deal's special price still wins while it is valid. One tier per product from one unit.
 */
export async function createContractPriceList(
  tx: Tx,
  {
    actor,
    code,
    name,
    orgId,
    validFrom,
    validTo,
    prices: items,
  }: {
    actor: Actor
    code: string
    name: string
    orgId: string
    validFrom: string
    validTo: string
    prices: { productId: string; unitPriceMinor: number }[]
  },
): Promise<string> {
  const [top] = await tx
    .select({ priority: sql<number>`coalesce(max(${priceLists.priority}), 0)::int` })
    .from(priceLists)
    .innerJoin(priceListAssignments, eq(priceListAssignments.priceListId, priceLists.id))
    .where(and(eq(priceListAssignments.scope, 'org'), eq(priceListAssignments.orgId, orgId), sql`${priceLists.priority} < ${DEAL_PRICE_PRIORITY}`))
  const priority = Math.min(DEAL_PRICE_PRIORITY - 1, Number(top?.priority ?? 0) + 1)
  const [list] = await tx.insert(priceLists).values({ code, name, currency: 'RUB', validFrom, validTo, priority }).returning({ id: priceLists.id })
  await tx.insert(priceListAssignments).values({ priceListId: list.id, scope: 'org', orgId })
  await upsertPriceTiers(
    tx,
    items.map((p) => ({ priceListId: list.id, productId: p.productId, minQty: 1, unitPriceMinor: p.unitPriceMinor })),
  )
  await writeAudit(tx, actor, {
    action: 'price_list.saved',
    entity: 'price_list',
    entityId: list.id,
    orgId,
    details: { code, name, scope: 'org', orgId, validFrom, validTo, priority, products: items.length },
  })
  return list.id
}
