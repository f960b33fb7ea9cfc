import { translate, type Locale, type MessageKey } from '../../i18n'
import { attachment, csvResponse, decimal, toCsv } from '../../utils/csv'
import { writeXlsx } from '../../utils/xlsx.server'
import { listAssortment } from '../catalog/queries.server'
import { businessClock, priceProducts } from './queries.server'

// The dealer's own contract prices, every tier of the list that applies, as CSV or XLSX: one table, two formats.

async function priceTable(orgId: string, locale: Locale) {
  const tr = (k: MessageKey) => translate(locale, k)
  const [assortment, { today }] = await Promise.all([listAssortment({ orgId }), businessClock()])
  const priced = await priceProducts({ orgId, date: today, items: assortment.map((p) => ({ productId: p.id, qty: Math.max(1, p.minQty) })) })
  const rows: (string | number | null)[][] = []
  for (const p of assortment) {
    const price = priced.get(p.id)
    if (!price?.ok) continue
    for (const tier of price.ladder) rows.push([p.sku, p.gtin, locale === 'ru' ? p.nameRu : p.nameEn, tr(`unit.${p.unit}` as MessageKey), p.packSize, tier.minQty, tier.unitPriceMinor / 100, price.currency, price.list.name])
  }
  const header = [tr('catalog.sku'), 'GTIN', tr('catalog.name'), tr('export.unit'), tr('catalog.pack'), tr('export.fromQty'), tr('catalog.yourPrice'), tr('export.currency'), tr('export.priceList')]
  return { today, header, rows }
}

export async function priceListResponse(orgId: string, locale: Locale, format: 'csv' | 'xlsx') {
  const { today, header, rows } = await priceTable(orgId, locale)
  if (format === 'csv') return csvResponse(`prices-${today}.csv`, toCsv(header, rows.map((r) => r.map((v, i) => (i === 6 ? decimal(v as number) : v))), locale))
  return attachment(writeXlsx(translate(locale, 'export.sheetPrices'), header, rows), `prices-${today}.xlsx`, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
}
