import { sql } from 'drizzle-orm'
import type { Tx } from '../../../db/client.server'
import { ediUnmappedItems } from '../../../db/schema/edi'
import type { OrgScope } from '../auth/scope.server'
import { findProductKeysByReference } from '../catalog/queries.server'
import { referenceKey } from '../catalog/reference-key'
import type { OrderLine } from './document'
import type { PartnerProfile } from './partners.server'

// The partner item map (anchors §2 F5): which of the line's identifiers names our product is the profile's choice,
// tried in its order — 'gtin' (LIN C212 EN/SRV, PO1 UP/EN), 'buyer_article' (the account's own part numbers: PIA
// IN/BP, PO1 IN/BP), 'sku' (our article: PIA SA, PO1 VN). Catalog's reference lookup covers all three; we keep the
// product only when the identifier that matched is one the profile allows, so a buyer's article that happens to
// equal another product's SKU never maps by accident.

export type ItemIdType = 'gtin' | 'buyer_article' | 'buyer_part' | 'sku'

export type MappedItem =
  { productId: string; sku: string; idType: ItemIdType; code: string } | { productId: null; idType: ItemIdType | null; code: string | null }

/** The identifiers a line carries, in the profile's order. */
function candidatesOf(line: Pick<OrderLine, 'gtin' | 'buyerArticle' | 'buyerPart' | 'supplierArticle'>, order: readonly string[]) {
  const out: { idType: ItemIdType; code: string }[] = []
  for (const kind of order) {
    if (kind === 'gtin' && line.gtin) out.push({ idType: 'gtin', code: line.gtin })
    if (kind === 'buyer_article') {
      if (line.buyerArticle) out.push({ idType: 'buyer_article', code: line.buyerArticle })
      if (line.buyerPart) out.push({ idType: 'buyer_part', code: line.buyerPart })
    }
    if (kind === 'sku' && line.supplierArticle) out.push({ idType: 'sku', code: line.supplierArticle })
  }
  return out
}

/** A GTIN-14 with a leading zero is the GTIN-13 (or GTIN-12 with two) our catalog keeps. */
const gtinForms = (gtin: string) => [
  gtin,
  ...(gtin.length === 14 && gtin.startsWith('0') ? [gtin.slice(1)] : []),
  ...(gtin.startsWith('00') ? [gtin.slice(2)] : []),
]

export async function mapItems({
  scope,
  profile,
  lines,
}: {
  scope: OrgScope
  profile: Pick<PartnerProfile, 'itemIds'>
  lines: Pick<OrderLine, 'gtin' | 'buyerArticle' | 'buyerPart' | 'supplierArticle'>[]
}): Promise<MappedItem[]> {
  const perLine = lines.map((l) => candidatesOf(l, profile.itemIds))
  const refs = [...new Set(perLine.flat().flatMap((c) => (c.idType === 'gtin' ? gtinForms(c.code) : [c.code])))]
  const found = refs.length ? await findProductKeysByReference({ scope, refs }) : []
  const byGtin = new Map<string, (typeof found)[number]>()
  const byPart = new Map<string, (typeof found)[number]>()
  const bySku = new Map<string, (typeof found)[number]>()
  for (const p of found) {
    if (p.gtin && !byGtin.has(p.gtin)) byGtin.set(p.gtin, p)
    if (p.partNumber && !byPart.has(referenceKey(p.partNumber))) byPart.set(referenceKey(p.partNumber), p)
    if (!bySku.has(referenceKey(p.sku))) bySku.set(referenceKey(p.sku), p)
  }
  return perLine.map((candidates): MappedItem => {
    for (const c of candidates) {
      const hit =
        c.idType === 'gtin'
          ? gtinForms(c.code)
              .map((g) => byGtin.get(g))
              .find(Boolean)
          : c.idType === 'sku'
            ? bySku.get(referenceKey(c.code))
            : byPart.get(referenceKey(c.code))
      if (hit) return { productId: hit.id, sku: hit.sku, idType: c.idType, code: c.code }
    }
    const first = candidates[0]
    return { productId: null, idType: first?.idType ?? null, code: first?.code ?? null }
  })
}

/** Unmapped codes into the desk's mapping queue: one row per (account, identifier type, code), counted. */
export async function queueUnmapped(
  tx: Tx,
  { orgId, documentId, items }: { orgId: string; documentId: string; items: { idType: ItemIdType; code: string; description?: string }[] },
) {
  const unique = new Map(items.map((i) => [`${i.idType}\u0000${i.code}`, i]))
  for (const i of unique.values())
    await tx
      .insert(ediUnmappedItems)
      .values({ orgId, idType: i.idType, code: i.code.slice(0, 70), description: i.description?.slice(0, 512) ?? null, lastDocumentId: documentId })
      .onConflictDoUpdate({
        target: [ediUnmappedItems.orgId, ediUnmappedItems.idType, ediUnmappedItems.code],
        set: {
          occurrences: sql`${ediUnmappedItems.occurrences} + 1`,
          lastSeenAt: sql`now()`,
          lastDocumentId: documentId,
          description: sql`coalesce(excluded.description, ${ediUnmappedItems.description})`,
        },
      })
}
