import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useT } from '../i18n/react'
import { requirePermission } from '../modules/auth/guards.server'
import { OrderFilters, OrdersTable } from '../modules/ordering/components/order-bits'
import { Pager } from '../components/pager'
import { listOrders } from '../modules/ordering/queries.server'
import { OrderQuery } from '../modules/ordering/schemas'

// The operator's order desk: every organisation's orders, the new ones first in line.
export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requirePermission(request, 'read:order:any')
  const query = OrderQuery.parse(Object.fromEntries(new URL(request.url).searchParams))
  return json({ orders: await listOrders({ scope, query }) })
}

export default function DeskPage() {
  const { orders } = useLoaderData<typeof loader>()
  const { t } = useT()
  return (
    <section aria-labelledby="desk-title">
      <h1 id="desk-title">{t('desk.title')}</h1>
      <OrderFilters csvHref="/desk/orders.csv" />
      <p className="muted" aria-live="polite">
        {t('common.count', { count: orders.total })}
      </p>
      <OrdersTable rows={orders.rows} base="/desk/orders" showOrg />
      <Pager page={orders.page} pages={orders.pages} />
    </section>
  )
}
