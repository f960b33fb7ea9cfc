import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { formatMoney, formatNumber } from '../i18n/format'
import { useT } from '../i18n/react'
import { requirePermission } from '../modules/auth/guards.server'
import { can } from '../modules/auth/permissions'
import { searchCatalog } from '../modules/catalog/queries.server'
import { businessClock } from '../utils/clock.server'
import { roundToRule } from '../modules/catalog/quantity-rules'
import { CatalogQuery } from '../modules/catalog/schemas'
import { addProductToCart, respondToAddToCart } from '../modules/ordering/mutations.server'
import { takeCartNotice } from '../modules/ordering/queries.server'
import { AddToCartForm } from '../modules/ordering/components/add-to-cart'
import { AddToCartSchema } from '../modules/ordering/schemas'
import { priceProducts } from '../modules/pricing/queries.server'
import { RecommendationsPanel } from '../modules/crm/components/recommendations'
import { listOwnRecommendations, type RecommendationRow } from '../modules/crm/recommendations.server'
import { parseForm, readFormData } from '../utils/http.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'read:catalog:org')
  const query = CatalogQuery.parse(Object.fromEntries(new URL(request.url).searchParams))
  const [result, { today }, recommendations] = await Promise.all([
    searchCatalog({ scope: auth.scope, ...query }),
    businessClock(),
    can(auth.permissions, 'read:recommendation:org') ? listOwnRecommendations({ scope: auth.scope, limit: 3 }) : ([] as RecommendationRow[]),
  ])
  const priced = await priceProducts({
    scope: auth.scope,
    date: today,
    items: result.rows.map((r) => ({ productId: r.id, qty: Math.max(1, r.minQty) })),
  })
  const { notice, headers } = takeCartNotice(request)
  return json(
    {
      ...result,
      rows: result.rows.map((r) => {
        const p = priced.get(r.id)
        return { ...r, price: p?.ok ? { unitPriceMinor: p.unitPriceMinor, currency: p.currency, list: p.list.name, scope: p.list.scope } : null }
      }),
      canOrder: can(auth.permissions, 'create:order:org'),
      recommendations,
      notice,
    },
    { headers },
  )
}

/** "Add to cart" from a row of the list: the same rules as the cart; back to this page and row without JavaScript. */
export async function action({ request }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'create:order:org')
  const submission = parseForm(await readFormData(request), { schema: AddToCartSchema })
  if (submission.status !== 'success') return json({ result: submission.reply() }, { status: 400 })
  const { productId, qty } = submission.value
  const { today } = await businessClock()
  const added = await addProductToCart({ scope: auth.scope, userId: auth.user.id, productId, qtyRaw: qty, date: today })
  return respondToAddToCart(request, added, `product-${productId}`)
}

export default function CatalogPage() {
  const { rows, total, page, pages, facets, brands, fuzzy, canOrder, notice, recommendations } = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  const { t, locale } = useT()
  const pageLink = (n: number) => {
    const next = new URLSearchParams(params)
    next.set('page', String(n))
    return `?${next}`
  }
  return (
    <section aria-labelledby="catalog-title">
      <h1 id="catalog-title">{t('catalog.title')}</h1>
      <Form method="get" className="toolbar" role="search">
        <div className="field">
          <label htmlFor="q">{t('catalog.search')}</label>
          <input id="q" name="q" type="search" defaultValue={params.get('q') ?? ''} />
        </div>
        <div className="field">
          <label htmlFor="category">{t('catalog.category')}</label>
          <select id="category" name="category" defaultValue={params.get('category') ?? ''}>
            <option value="">{t('common.all')}</option>
            {facets.map((f) => (
              <option key={f.code} value={f.code}>
                {locale === 'ru' ? f.nameRu : f.nameEn} ({f.n})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="brand">{t('catalog.brand')}</label>
          <select id="brand" name="brand" defaultValue={params.get('brand') ?? ''}>
            <option value="">{t('common.all')}</option>
            {brands.map((b) => (
              <option key={b.brand} value={b.brand}>
                {`${b.brand} (${b.n})`}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-checkbox">
          <input id="inContract" name="inContract" type="checkbox" defaultChecked={!!params.get('inContract')} />
          <label htmlFor="inContract">{t('catalog.inContract')}</label>
        </div>
        <button type="submit">{t('common.search')}</button>
        <a href="/catalog/prices.csv" download>
          {t('export.prices')}
        </a>
        <a href="/catalog/prices.xlsx" download>
          {t('export.pricesXlsx')}
        </a>
      </Form>
      <RecommendationsPanel items={recommendations} canOrder={canOrder} notice={notice} />
      <p className="muted" aria-live="polite">
        {fuzzy ? t('catalog.fuzzy', { q: params.get('q') ?? '', count: total }) : t('catalog.found', { count: total })}
      </p>
      <table className="data-table cards catalog-table">
        <thead>
          <tr>
            <th scope="col">{t('catalog.sku')}</th>
            <th scope="col">{t('catalog.name')}</th>
            <th scope="col">{t('catalog.yourPrice')}</th>
            <th scope="col">{t('catalog.stock')}</th>
            <th scope="col">{t('catalog.pack')}</th>
            {canOrder ? <th scope="col">{t('buy.title')}</th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} id={`product-${r.id}`}>
              <td data-label={t('catalog.sku')}>
                <code>{r.sku}</code>
                {r.partNumber ? (
                  <div className="muted small">
                    {t('catalog.partNumber')}: {r.partNumber}
                  </div>
                ) : null}
              </td>
              <td data-label={t('catalog.name')}>
                <Link to={`/catalog/${encodeURIComponent(r.sku)}`}>{locale === 'ru' ? r.nameRu : r.nameEn}</Link>
              </td>
              <td data-label={t('catalog.yourPrice')}>
                {r.price ? (
                  <>
                    {formatMoney(locale, r.price.unitPriceMinor, r.price.currency)}{' '}
                    <span className="muted small">{t('catalog.perUnit', { unit: t(`unit.${r.unit}`) })}</span>
                    <div className="muted small">
                      {r.price.list} · {t(`scope.${r.price.scope}`)}
                    </div>
                  </>
                ) : (
                  <span className="muted">{t('catalog.noPrice')}</span>
                )}
              </td>
              <td data-label={t('catalog.stock')}>
                {formatNumber(locale, r.atp)} {t(`unit.${r.unit}`)}
              </td>
              <td data-label={t('catalog.pack')}>
                {r.packSize} {t(`unit.${r.unit}`)}
              </td>
              {canOrder ? (
                <td data-label={t('buy.title')}>
                  {r.price ? (
                    <AddToCartForm
                      product={r}
                      defaultQty={roundToRule(1, { min: r.minQty, increment: r.packSize, max: null }) ?? 1}
                      notice={notice}
                    />
                  ) : null}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 ? <p>{t('common.empty')}</p> : null}
      <nav className="pager" aria-label={t('catalog.page', { page, pages })}>
        {page > 1 ? <Link to={pageLink(page - 1)}>← {t('catalog.prev')}</Link> : null}
        <span>{t('catalog.page', { page, pages })}</span>
        {page < pages ? <Link to={pageLink(page + 1)}>{t('catalog.next')} →</Link> : null}
      </nav>
    </section>
  )
}
