import type { LoaderFunctionArgs } from '@remix-run/node'
import { translate, type MessageKey } from '../i18n'
import { resolveLocale } from '../i18n/locale.server'
import { requirePermission } from '../modules/auth/guards.server'
import { listAssortment } from '../modules/catalog/queries.server'
import { businessClock, priceProducts } from '../modules/pricing/queries.server'
import { csvResponse, toCsv } from '../utils/csv'

/** The dealer's own contract prices as CSV: every tier of the list that applies, formula-safe for Excel. */
export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'read:catalog:org')
  const locale = resolveLocale(request, auth.user.locale)
  const tr = (k: MessageKey) => translate(locale, k)
  const [assortment, { today }] = await Promise.all([listAssortment({ orgId: auth.org.id }), businessClock()])
  const priced = await priceProducts({ orgId: auth.org.id, date: today, items: assortment.map((p) => ({ productId: p.id, qty: Math.max(1, p.minQty) })) })
  const rows: unknown[][] = []
  for (const p of assortment) {
    const price = priced.get(p.id)
    if (!price?.ok) continue
    for (const tier of price.ladder)
      rows.push([p.sku, p.gtin, locale === 'ru' ? p.nameRu : p.nameEn, tr(`unit.${p.unit}` as MessageKey), p.packSize, tier.minQty, (tier.unitPriceMinor / 100).toFixed(2), price.currency, price.list.name])
  }
  return csvResponse(
    `prices-${today}.csv`,
    toCsv([tr('catalog.sku'), 'GTIN', tr('catalog.name'), tr('export.unit'), tr('catalog.pack'), tr('export.fromQty'), tr('catalog.yourPrice'), tr('export.currency'), tr('export.priceList')], rows),
  )
}
