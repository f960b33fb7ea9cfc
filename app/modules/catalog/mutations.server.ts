import { and, eq, ne, or, sql } from 'drizzle-orm'
import { covers, inScope, type AnyScope, type Scope } from '../auth/scope.server'
import { writeAudit, type Actor } from '../audit/mutations.server'
import { db, type Tx } from '../../../db/client.server'
import { rowsOf } from '../../../db/drivers.server'
import {
  categories,
  contractQuantityRules,
  dealerPartNumbers,
  products,
  stockLevels,
  taxClasses,
  taxRates,
  warehouses,
} from '../../../db/schema/catalog'
import { notifyCatalogChanged } from './live.server'
import type { ContractRuleInput, ProductInput, ReferenceInput, StockInput } from './schemas'

export { previewImport, startApply } from './import.server'

// The operator's side of the catalog ("manage:catalog:any"): products, stock, reference data, and each
// organisation's own quantity rules.

export type SaveResult = { ok: true; id: string } | { ok: false; fieldErrors: Record<string, string[]> }

/** Creates (`productId` null) or changes a product (its SKU stays), with its audit entry, in one transaction. */
export async function saveProduct({
  actor,
  productId: id,
  input,
}: {
  scope: AnyScope
  actor: Actor
  productId: string | null
  input: ProductInput
}): Promise<SaveResult> {
  const result = await db.transaction(async (tx): Promise<SaveResult> => {
    const clash = await tx
      .select({ sku: products.sku, gtin: products.gtin })
      .from(products)
      // The SKU is the product's key for dealers, files and EDI: fixed once created, so only a new one can clash.
      .where(
        and(
          or(id ? sql`false` : eq(sql`upper(${products.sku})`, input.sku.toUpperCase()), input.gtin ? eq(products.gtin, input.gtin) : sql`false`),
          id ? ne(products.id, id) : undefined,
        ),
      )
    const fieldErrors: Record<string, string[]> = {}
    // A well-formed id of nothing (a crafted form) is a field error, not a foreign-key failure.
    const [category] = await tx.select({ id: categories.id }).from(categories).where(eq(categories.id, input.categoryId))
    const [taxClass] = await tx.select({ id: taxClasses.id }).from(taxClasses).where(eq(taxClasses.id, input.taxClassId))
    if (!category) fieldErrors.categoryId = ['catalog.error.noSuchCategory']
    if (!taxClass) fieldErrors.taxClassId = ['catalog.error.noSuchTaxClass']
    for (const c of clash) {
      if (!id && c.sku.toUpperCase() === input.sku.toUpperCase()) fieldErrors.sku = ['catalog.error.skuTaken']
      if (input.gtin && c.gtin === input.gtin) fieldErrors.gtin = [`import.error.gtinTaken|${c.sku}`]
    }
    if (Object.keys(fieldErrors).length) return { ok: false, fieldErrors }
    const { sku, ...rest } = input
    let productId = id
    if (id) {
      const changed = await tx.update(products).set(rest).where(eq(products.id, id)).returning({ id: products.id })
      if (!changed.length) return { ok: false, fieldErrors: { '': ['errors.notFound'] } }
    } else
      productId = (
        await tx
          .insert(products)
          .values({ sku, ...rest })
          .returning({ id: products.id })
      )[0].id
    await writeAudit(tx, actor, {
      action: id ? 'product.updated' : 'product.created',
      entity: 'product',
      entityId: productId,
      details: { sku: id ? undefined : sku, ...rest },
    })
    return { ok: true, id: productId! }
  })
  if (result.ok) notifyCatalogChanged('products', [result.id])
  return result
}

export async function saveStock({ actor, productId, input }: { scope: AnyScope; actor: Actor; productId: string; input: StockInput }) {
  const saved = await db.transaction(async (tx) => {
    const [product] = await tx.select({ sku: products.sku }).from(products).where(eq(products.id, productId))
    const [warehouse] = await tx.select({ id: warehouses.id }).from(warehouses).where(eq(warehouses.id, input.warehouseId))
    if (!product || !warehouse) return false
    const values = { productId, ...input, nextReceiptDate: input.nextReceiptDate ?? null }
    await tx
      .insert(stockLevels)
      .values(values)
      .onConflictDoUpdate({ target: [stockLevels.productId, stockLevels.warehouseId], set: values })
    await writeAudit(tx, actor, { action: 'product.updated', entity: 'product', entityId: productId, details: { sku: product.sku, stock: input } })
    return true
  })
  if (saved) notifyCatalogChanged('stock', [productId])
  return saved
}

export type ContractRuleResult = { ok: true } | { ok: false; fieldErrors: Record<string, string[]> }

/**
 * Sets an organisation's own quantity rule for one product (by SKU); null fields keep the product's rule. Staff
 * name the organisation (any scope); an organisation's scope may only set its own (else: not found).
 */
export async function setContractRule({
  scope,
  actor,
  orgId,
  input,
}: {
  scope: Scope
  actor: Actor
  orgId: string
  input: ContractRuleInput
}): Promise<ContractRuleResult> {
  if (!covers(scope, orgId)) return { ok: false, fieldErrors: { '': ['errors.notFound'] } }
  const result = await db.transaction(async (tx): Promise<{ ok: true; productId: string } | { ok: false; fieldErrors: Record<string, string[]> }> => {
    const [product] = await tx
      .select({ id: products.id, minQty: products.minQty, maxQty: products.maxQty })
      .from(products)
      .where(eq(sql`upper(${products.sku})`, input.sku.toUpperCase()))
    if (!product) return { ok: false, fieldErrors: { sku: ['import.error.unknownSku'] } }
    const min = input.minQty ?? product.minQty
    const max = input.maxQty === null ? product.maxQty : input.maxQty
    if (max !== null && max < min) return { ok: false, fieldErrors: { maxQty: ['import.error.maxBelowMin'] } }
    const values = { orgId, productId: product.id, minQty: input.minQty, increment: input.increment, maxQty: input.maxQty }
    await tx
      .insert(contractQuantityRules)
      .values(values)
      .onConflictDoUpdate({ target: [contractQuantityRules.orgId, contractQuantityRules.productId], set: values })
    await writeAudit(tx, actor, { action: 'quantity_rule.changed', entity: 'product', entityId: product.id, orgId, details: { ...input } })
    return { ok: true, productId: product.id }
  })
  if (!result.ok) return result
  notifyCatalogChanged('products', [result.productId])
  return { ok: true }
}

/** Removes an organisation's own rule for one product; false when there was none (or it is not the scope's). */
export async function removeContractRule({ scope, actor, orgId, productId }: { scope: Scope; actor: Actor; orgId: string; productId: string }) {
  return db.transaction(async (tx) => {
    const gone = await tx
      .delete(contractQuantityRules)
      .where(and(eq(contractQuantityRules.orgId, orgId), inScope(scope, contractQuantityRules.orgId), eq(contractQuantityRules.productId, productId)))
      .returning({ productId: contractQuantityRules.productId })
    if (gone.length)
      await writeAudit(tx, actor, { action: 'quantity_rule.changed', entity: 'product', entityId: productId, orgId, details: { removed: true } })
    return gone.length > 0
  })
}

/** Adds or changes one piece of reference data by its code (a VAT rate by class and start date), audited. */
export async function saveReference({
  actor,
  input,
}: {
  scope: AnyScope
  actor: Actor
  input: ReferenceInput
}): Promise<{ ok: true } | { ok: false; fieldErrors: Record<string, string[]> }> {
  return db.transaction(async (tx) => {
    if (input.intent === 'tax-rate' && !(await tx.select({ id: taxClasses.id }).from(taxClasses).where(eq(taxClasses.id, input.taxClassId))).length)
      return { ok: false as const, fieldErrors: { taxClassId: ['catalog.error.noSuchTaxClass'] } }
    if (input.intent === 'category') {
      const { intent: _, ...v } = input
      await tx.insert(categories).values(v).onConflictDoUpdate({ target: categories.code, set: v })
    } else if (input.intent === 'warehouse') {
      const { intent: _, ...v } = input
      await tx.insert(warehouses).values(v).onConflictDoUpdate({ target: warehouses.code, set: v })
    } else if (input.intent === 'tax-class') {
      const { intent: _, ...v } = input
      await tx.insert(taxClasses).values(v).onConflictDoUpdate({ target: taxClasses.code, set: v })
    } else {
      const v = { taxClassId: input.taxClassId, validFrom: input.validFrom, rateBp: Math.round(input.ratePercent * 100) }
      await tx
        .insert(taxRates)
        .values(v)
        .onConflictDoUpdate({ target: [taxRates.taxClassId, taxRates.validFrom], set: { rateBp: v.rateBp } })
    }
    await writeAudit(tx, actor, { action: 'reference.saved', entity: input.intent, details: { ...input } })
    return { ok: true as const }
  })
}

// Stock reservations for ordering (checkout, the order desk). Ordering never writes stock_levels itself: it
// reserves and gives back through these, inside its own transaction (`tx`), so "stock never goes below zero" is
// kept in one place.

/**
 * Reserves `qty` units of a product at one warehouse: from its stock first, the rest against its next receipt
 * (only when `receipt` allows it). The row is locked first, so of two buyers racing for the last units exactly one
 * gets them. Returns how many units were taken from the receipt, or null when the warehouse cannot cover `qty`.
 */
export async function reserveStock(
  tx: Tx,
  input: { productId: string; warehouseId: string; qty: number; receipt: boolean },
): Promise<{ fromReceiptQty: number } | null> {
  if (input.qty <= 0) return { fromReceiptQty: 0 }
  const where = and(eq(stockLevels.productId, input.productId), eq(stockLevels.warehouseId, input.warehouseId))
  const [before] = await tx.select({ atp: stockLevels.atp, nextReceiptQty: stockLevels.nextReceiptQty }).from(stockLevels).where(where).for('update')
  if (!before) return null
  const fromReceiptQty = Math.max(0, input.qty - before.atp)
  if (fromReceiptQty > (input.receipt ? before.nextReceiptQty : 0)) return null
  await tx
    .update(stockLevels)
    .set({ atp: sql`${stockLevels.atp} - ${input.qty - fromReceiptQty}`, nextReceiptQty: sql`${stockLevels.nextReceiptQty} - ${fromReceiptQty}` })
    .where(where)
  return { fromReceiptQty }
}

/**
 * `reserveStock` for many lines at once, with the same rule per line: an EDI order of 10,000 lines locks its stock rows
 * in one statement (in key order, so two large orders cannot deadlock) and takes them in a second, instead of
 * 20,000 round trips. Lines name distinct (product, warehouse) pairs. Returns each line's units taken from the
 * receipt, in input order, or the index of the first line its warehouse cannot cover (nothing is taken then).
 */
export async function reserveStockBatch(
  tx: Tx,
  lines: { productId: string; warehouseId: string; qty: number; receipt: boolean }[],
): Promise<{ ok: true; fromReceiptQty: number[] } | { ok: false; index: number }> {
  if (!lines.length) return { ok: true, fromReceiptQty: [] }
  const keys = JSON.stringify(lines.map((l) => ({ p: l.productId, w: l.warehouseId })))
  const rows = rowsOf<{ product_id: string; warehouse_id: string; atp: number; next_receipt_qty: number }>(
    await tx.execute(sql`
      select s.product_id, s.warehouse_id, s.atp, s.next_receipt_qty
      from ${stockLevels} s
      join jsonb_to_recordset(${keys}::jsonb) as k(p uuid, w uuid) on s.product_id = k.p and s.warehouse_id = k.w
      order by s.product_id, s.warehouse_id
      for update of s`),
  )
  const level = new Map(rows.map((r) => [`${r.product_id}|${r.warehouse_id}`, r]))
  const fromReceiptQty: number[] = []
  for (const [index, l] of lines.entries()) {
    if (l.qty <= 0) {
      fromReceiptQty.push(0)
      continue
    }
    const before = level.get(`${l.productId}|${l.warehouseId}`)
    if (!before) return { ok: false, index }
    const fromReceipt = Math.max(0, l.qty - Number(before.atp))
    if (fromReceipt > (l.receipt ? Number(before.next_receipt_qty) : 0)) return { ok: false, index }
    fromReceiptQty.push(fromReceipt)
  }
  const takes = JSON.stringify(
    lines.flatMap((l, i) => (l.qty > 0 ? [{ p: l.productId, w: l.warehouseId, s: l.qty - fromReceiptQty[i], r: fromReceiptQty[i] }] : [])),
  )
  await tx.execute(sql`
    update ${stockLevels} as s set atp = s.atp - t.s, next_receipt_qty = s.next_receipt_qty - t.r
    from jsonb_to_recordset(${takes}::jsonb) as t(p uuid, w uuid, s int, r int)
    where s.product_id = t.p and s.warehouse_id = t.w`)
  return { ok: true, fromReceiptQty }
}

/** Gives back `qty` reserved units at one warehouse, `toReceiptQty` of them to its next receipt, the rest to stock. */
export async function releaseStock(tx: Tx, input: { productId: string; warehouseId: string; qty: number; toReceiptQty: number }) {
  if (input.qty <= 0) return
  await tx
    .update(stockLevels)
    .set({
      atp: sql`${stockLevels.atp} + ${input.qty - input.toReceiptQty}`,
      nextReceiptQty: sql`${stockLevels.nextReceiptQty} + ${input.toReceiptQty}`,
    })
    .where(and(eq(stockLevels.productId, input.productId), eq(stockLevels.warehouseId, input.warehouseId)))
}

export type PartNumberResult = { ok: true; sku: string } | { ok: false; reason: 'unknown_product' }

/**
 * An organisation's own article number for one of our products: the EDI mapping queue maps a buyer's PIA IN / X12
 * PO1 IN code this way, into the same table the quick order and the EDI item map read, so one mapping serves both.
 * A number already pointing elsewhere moves to the new product. Audited as 'edi.item_mapped' (its only caller);
 * `tx` lets the queue resolve its row in the same transaction.
 */
export async function setPartNumber(
  { actor, orgId, partNumber, productId }: { scope: AnyScope; actor: Actor; orgId: string; partNumber: string; productId: string },
  tx?: Tx,
): Promise<PartNumberResult> {
  const run = async (t: Tx): Promise<PartNumberResult> => {
    const [product] = await t.select({ id: products.id, sku: products.sku }).from(products).where(eq(products.id, productId))
    if (!product) return { ok: false, reason: 'unknown_product' }
    const [before] = await t
      .select({ productId: dealerPartNumbers.productId })
      .from(dealerPartNumbers)
      .where(and(eq(dealerPartNumbers.orgId, orgId), eq(dealerPartNumbers.partNumber, partNumber)))
    await t
      .insert(dealerPartNumbers)
      .values({ orgId, partNumber, productId })
      .onConflictDoUpdate({ target: [dealerPartNumbers.orgId, dealerPartNumbers.partNumber], set: { productId } })
    await writeAudit(t, actor, {
      action: 'edi.item_mapped',
      entity: 'product',
      entityId: productId,
      orgId,
      details: { code: partNumber, sku: product.sku, ...(before && before.productId !== productId ? { previousProductId: before.productId } : {}) },
    })
    return { ok: true, sku: product.sku }
  }
  return tx ? run(tx) : db.transaction(run)
}
