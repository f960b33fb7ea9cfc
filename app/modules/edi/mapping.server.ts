import { and, eq, isNull } from 'drizzle-orm'
import { db } from '../../../db/client.server'
import { ediUnmappedItems } from '../../../db/schema/edi'
import { writeAudit, type Actor } from '../audit/mutations.server'
import type { AnyScope } from '../auth/scope.server'
import { setPartNumber } from '../catalog/mutations.server'
import { getProductForDesk, listProductsForDesk } from '../catalog/queries.server'
import type { MapItemInput } from './profile-schemas'

// The desk's mapping queue (anchors §2 F5): a code a partner sent that named none of our products. A buyer's own
// article (PIA IN / BP, X12 PO1 IN / BP) becomes the account's part number in the catalog, which the pipeline's
// item map reads, so the next order with that code maps by itself. A GTIN or our SKU cannot be "mapped": they
// are facts of the product, so the queue only closes them when the chosen product really carries that code.

export type MapItemResult = { ok: true; sku: string } | { ok: false; status?: 404; fieldErrors: Record<string, string[]> }

export async function mapUnmappedItem({
  scope,
  actor,
  input,
}: {
  scope: AnyScope
  actor: Actor & { userId: string | null }
  input: MapItemInput
}): Promise<MapItemResult> {
  const found = await listProductsForDesk({ scope, q: input.sku })
  const hit = found.rows.find((p) => p.sku.toUpperCase() === input.sku.toUpperCase())
  if (!hit) return { ok: false, fieldErrors: { sku: ['import.error.unknownSku'] } }
  const product = (await getProductForDesk({ scope, productId: hit.id }))?.product
  if (!product) return { ok: false, fieldErrors: { sku: ['import.error.unknownSku'] } }
  if (input.idType === 'gtin' && product.gtin !== input.code) return { ok: false, fieldErrors: { sku: ['edi.mapping.error.gtin'] } }
  if (input.idType === 'sku' && product.sku.toUpperCase() !== input.code.toUpperCase())
    return { ok: false, fieldErrors: { sku: ['edi.mapping.error.sku'] } }
  return db.transaction(async (tx): Promise<MapItemResult> => {
    const open = and(
      eq(ediUnmappedItems.orgId, input.orgId),
      eq(ediUnmappedItems.idType, input.idType),
      eq(ediUnmappedItems.code, input.code),
      isNull(ediUnmappedItems.resolvedAt),
    )
    const [row] = await tx.select({ code: ediUnmappedItems.code }).from(ediUnmappedItems).where(open).for('update')
    if (!row) return { ok: false, status: 404, fieldErrors: { '': ['error.notFound.title'] } }
    if (input.idType === 'buyer_article' || input.idType === 'buyer_part') {
      const set = await setPartNumber({ scope, actor, orgId: input.orgId, partNumber: input.code, productId: product.id }, tx)
      if (!set.ok) return { ok: false, fieldErrors: { sku: ['import.error.unknownSku'] } }
    } else
      await writeAudit(tx, actor, {
        action: 'edi.item_mapped',
        entity: 'product',
        entityId: product.id,
        orgId: input.orgId,
        details: { code: input.code, sku: product.sku },
      })
    await tx.update(ediUnmappedItems).set({ productId: product.id, resolvedAt: new Date(), resolvedBy: actor.userId }).where(open)
    return { ok: true, sku: product.sku }
  })
}
