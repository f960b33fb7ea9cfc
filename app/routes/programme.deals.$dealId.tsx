import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { Notice } from '../components/forms'
import { formatMoney } from '../i18n/format'
import { useT } from '../i18n/react'
import { requirePermission } from '../modules/auth/guards.server'
import { DealFacts, DealTimeline } from '../modules/prm/components/deal-bits'
import { ProgrammeTabs } from '../modules/prm/components/programme-tabs'
import { getDeal } from '../modules/prm/deals.server'
import { invariantResponse, uuidParam } from '../utils/http.server'

// One of the dealer's deals: facts, special prices, linked orders, the timeline. A conflict reads as "already
// registered by another partner", never by whom.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requirePermission(request, 'read:partner_programme:org')
  const found = await getDeal({ scope, dealId: uuidParam(params.dealId) })
  invariantResponse(found, 'error.notFound.title', { status: 404 })
  return json({ deal: found.deal, products: found.products, categories: found.categories, events: found.events, orders: found.orders })
}

export default function DealPage() {
  const { deal, products, categories, events, orders } = useLoaderData<typeof loader>()
  const { t, locale } = useT()
  const [params] = useSearchParams()
  const priced = products.filter((p) => p.specialPriceMinor !== null)
  return (
    <section aria-labelledby="deal-title">
      <ProgrammeTabs />
      <h1 id="deal-title">{t('deals.deal', { number: deal.number })}</h1>
      <p className="actions">
        <Link to="/programme/deals">{t('deals.back')}</Link>
      </p>
      {params.get('registered') === '1' && deal.status === 'submitted' ? (
        <Notice tone="success">{t('deals.registered', { number: deal.number })}</Notice>
      ) : null}
      {deal.status === 'conflict' ? <Notice tone="warning">{t('deals.conflictNotice')}</Notice> : null}
      <DealFacts deal={deal} products={products} categories={categories} />
      {priced.length ? (
        <section aria-labelledby="deal-prices">
          <h2 id="deal-prices">{t('deals.specialPrices')}</h2>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('deals.product')}</th>
                <th scope="col" className="num">
                  {t('deals.specialPrice')}
                </th>
              </tr>
            </thead>
            <tbody>
              {priced.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link to={`/catalog/${encodeURIComponent(p.sku)}`}>{p.sku}</Link> {locale === 'ru' ? p.nameRu : p.nameEn}
                  </td>
                  <td className="num">{formatMoney(locale, p.specialPriceMinor!)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      {orders.length ? (
        <section aria-labelledby="deal-orders">
          <h2 id="deal-orders">{t('deals.linkedOrders')}</h2>
          <ul>
            {orders.map((o) => (
              <li key={o.id}>
                <Link to={`/orders/${o.id}`}>{o.number}</Link> — {formatMoney(locale, o.grossMinor, o.currency)}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <DealTimeline events={events} />
    </section>
  )
}
