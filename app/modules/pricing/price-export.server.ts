import { translate, type Locale, type MessageKey } from '../../i18n'
import { attachment, CsvDecimal, csvResponse, decimal, toCsv } from '../../utils/csv'
import { writeXlsx } from '../../utils/xlsx.server'
import type { OrgScope } from '../auth/scope.server'
import { listAssortment } from '../catalog/queries.server'
import { businessClock } from '../../utils/clock.server'
import { priceProducts } from './queries.server'

// The dealer's own contract prices, every tier of the list that applies, as CSV or XLSX: one table, two formats.
// Beside our SKU, the dealer's own part number (empty where it has none), so the file matches its own system.

async function priceTable(scope: OrgScope, locale: Locale) {
  const tr = (k: MessageKey) => translate(locale, k)
  const [assortment, { today }] = await Promise.all([listAssortment({ scope }), businessClock()])
  const priced = await priceProducts({ scope, date: today, items: assortment.map((p) => ({ productId: p.id, qty: Math.max(1, p.minQty) })) })
  const rows: (string | number | CsvDecimal | null)[][] = []
  for (const p of assortment) {
    const price = priced.get(p.id)
    if (!price?.ok) continue
    for (const tier of price.ladder)
      rows.push([
        p.sku,
        p.partNumber,
        p.gtin,
        locale === 'ru' ? p.nameRu : p.nameEn,
        tr(`unit.${p.unit}`),
        p.packSize,
        tier.minQty,
        decimal(tier.unitPriceMinor / 100),
        price.currency,
        price.list.name,
      ])
  }
  const header = [
    tr('catalog.sku'),
    tr('catalog.partNumber'),
    'GTIN',
    tr('catalog.name'),
    tr('export.unit'),
    tr('catalog.pack'),
    tr('export.fromQty'),
    tr('catalog.yourPrice'),
    tr('export.currency'),
    tr('export.priceList'),
  ]
  return { today, header, rows }
}

export async function priceListResponse({ scope, locale, format }: { scope: OrgScope; locale: Locale; format: 'csv' | 'xlsx' }) {
  const { today, header, rows } = await priceTable(scope, locale)
  if (format === 'csv') return csvResponse(`prices-${today}.csv`, toCsv(header, rows, locale))
  // A workbook keeps numbers as numbers: Excel shows them in the reader's own format.
  const cells = rows.map((r) => r.map((v) => (v instanceof CsvDecimal ? v.value : v)))
  return attachment(
    writeXlsx(translate(locale, 'export.sheetPrices'), header, cells),
    `prices-${today}.xlsx`,
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  )
}
