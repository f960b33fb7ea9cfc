import { db } from '../../../db/client.server'
import type { Actor } from '../audit/mutations.server'
import { narrowScope, type AnyScope, type OrgScope } from '../auth/scope.server'
import { getProductsForLines, getSupply, listAssortment } from '../catalog/queries.server'
import { priceProducts } from '../pricing/queries.server'
import { businessClock } from '../../utils/clock.server'
import type { InventoryLine, InventoryReport, PriceCatalog, PriceCatalogLine } from './document'
import { money, ratePercent } from './documents-from-orders.server'
import { ProfileIncomplete, sendDocument } from './outbound.server'
import { ediEvents, ediPartners } from '../../../db/schema/edi'
import { eq } from 'drizzle-orm'

// PRICAT / 832 and INVRPT / 846 (issue 12, "Outbound"): the account's own prices through pricing's one engine
// (resolvePrice via priceProducts, one line per tier of the winning ladder), and its assortment's stock, zero-stock
// lines included (EANCOM INVRPT: a missing line means "not reported", not "none").

async function partiesOf(orgId: string) {
  const [p] = await db
    .select({ ourGln: ediPartners.ourGln, partnerGln: ediPartners.partnerGln })
    .from(ediPartners)
    .where(eq(ediPartners.orgId, orgId))
  return { buyer: p?.partnerGln ? { gln: p.partnerGln } : undefined, supplier: p?.ourGln ? { gln: p.ourGln } : undefined }
}

const strip = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as T

/** The account's price catalog on `date`: every product of its assortment with a price, each tier a line. */
export async function priceCatalogFor({ scope, date }: { scope: OrgScope; date: string }): Promise<PriceCatalog> {
  const assortment = await listAssortment({ scope })
  const prices = await priceProducts({ scope, items: assortment.map((p) => ({ productId: p.id, qty: Math.max(1, p.minQty ?? 1) })), date })
  const vat = await getProductsForLines({ scope, ids: assortment.map((p) => p.id), date })
  const lines: PriceCatalogLine[] = []
  let currency = 'RUB'
  for (const p of assortment) {
    const price = prices.get(p.id)
    if (!price?.ok) continue
    currency = price.currency
    for (const tier of price.ladder)
      lines.push(
        strip({
          lineNo: String(lines.length + 1),
          gtin: p.gtin ?? undefined,
          buyerArticle: p.partNumber ?? undefined,
          supplierArticle: p.sku,
          description: p.nameRu,
          unit: p.unit,
          price: money(tier.unitPriceMinor),
          vatRate: ratePercent(vat.get(p.id)?.vatBp ?? 0),
          minQty: String(Math.max(tier.minQty, p.minQty ?? 1)),
          packSize: p.packSize ? String(p.packSize) : undefined,
        }),
      )
  }
  return strip({
    kind: 'price_catalog' as const,
    documentNumber: '',
    documentDate: date,
    validFrom: date,
    ...(await partiesOf(scope.orgId)),
    currency,
    lines,
  })
}

/** Stock of every product in the account's assortment (available to promise, all warehouses), zeros included. */
export async function inventoryFor({ scope, date }: { scope: OrgScope; date?: string }): Promise<InventoryReport> {
  const today = date ?? (await businessClock()).today
  const assortment = await listAssortment({ scope })
  const supply = await getSupply({ productIds: assortment.map((p) => p.id) })
  const lines: InventoryLine[] = assortment.map((p, i) => {
    const rows = supply.get(p.id) ?? []
    const next = rows.filter((r) => r.nextReceiptDate && r.nextReceiptQty > 0).sort((a, b) => (a.nextReceiptDate! < b.nextReceiptDate! ? -1 : 1))[0]
    return strip({
      lineNo: String(i + 1),
      gtin: p.gtin ?? undefined,
      buyerArticle: p.partNumber ?? undefined,
      supplierArticle: p.sku,
      description: p.nameRu,
      qty: String(rows.reduce((s, r) => s + Math.max(0, r.atp), 0)),
      unit: p.unit,
      nextReceiptDate: next?.nextReceiptDate ?? undefined,
      nextReceiptQty: next ? String(next.nextReceiptQty) : undefined,
    })
  })
  return strip({ kind: 'inventory_report' as const, documentNumber: '', documentDate: today, ...(await partiesOf(scope.orgId)), lines })
}

/** The desk puts a PRICAT or INVRPT for one account in its mailbox (and announces it by webhook). */
export async function sendCatalogDocument({
  scope,
  actor,
  orgId,
  kind,
}: {
  scope: AnyScope
  actor: Actor
  orgId: string
  kind: 'price_catalog' | 'inventory_report'
}): Promise<{ ok: true; documentId: string } | { ok: false; missing: string }> {
  const account = narrowScope(scope, orgId)
  const { today } = await businessClock()
  const document =
    kind === 'price_catalog' ? await priceCatalogFor({ scope: account, date: today }) : await inventoryFor({ scope: account, date: today })
  try {
    return await db.transaction(async (tx) => {
      const sent = await sendDocument(tx, { orgId, document })
      await tx.insert(ediEvents).values({ orgId, documentId: sent.documentId, kind: 'sent_by_desk', actorId: actor.userId })
      return { ok: true as const, documentId: sent.documentId }
    })
  } catch (error) {
    if (error instanceof ProfileIncomplete) return { ok: false, missing: error.what }
    throw error
  }
}
