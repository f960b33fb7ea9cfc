import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { requirePermission } from '../modules/auth/guards.server'
import { searchCatalog } from '../modules/catalog/queries.server'
import { CatalogQuery } from '../modules/catalog/schemas'

/** Typeahead for the quick-order grid: the first ten products of the organisation's assortment for what was typed. */
export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'read:catalog:org')
  const { q } = CatalogQuery.parse(Object.fromEntries(new URL(request.url).searchParams))
  if (!q || q.length < 2) return json({ items: [] })
  const found = await searchCatalog({ scope: auth.scope, q })
  return json({ items: found.rows.slice(0, 10).map((r) => ({ sku: r.sku, nameRu: r.nameRu, nameEn: r.nameEn, partNumber: r.partNumber })) })
}
