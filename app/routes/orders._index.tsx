import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { useLoaderData, useSearchParams } from '@remix-run/react'
import { useT } from '../i18n/react'
import { requirePermission } from '../modules/auth/guards.server'
import { OrderFilters, OrdersTable } from '../modules/ordering/components/order-bits'
import { Pager } from '../components/pager'
import { listOrders } from '../modules/ordering/queries.server'
import { OrderQuery } from '../modules/ordering/schemas'

// The organisation's order history: everyone in the company with "read:order:org" sees every order of it.
export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'read:order:org')
  const query = OrderQuery.parse(Object.fromEntries(new URL(request.url).searchParams))
  return json({ orders: await listOrders({ scope: auth.scope, query: { ...query, userId: auth.user.id } }) })
}

export default function OrdersPage() {
  const { orders } = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  const { t } = useT()
  return (
    <section aria-labelledby="orders-title">
      <h1 id="orders-title">{t('orders.title')}</h1>
      <OrderFilters csvHref="/orders.csv">
        <div className="field field-checkbox">
          <input id="mine" name="mine" type="checkbox" value="1" defaultChecked={params.get('mine') === '1'} />
          <label htmlFor="mine">{t('orders.mine')}</label>
        </div>
      </OrderFilters>
      <p className="muted" aria-live="polite">
        {t('common.count', { count: orders.total })}
      </p>
      <OrdersTable rows={orders.rows} base="/orders" />
      <Pager page={orders.page} pages={orders.pages} />
    </section>
  )
}
