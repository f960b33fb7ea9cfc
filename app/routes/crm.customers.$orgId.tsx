import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Outlet, useLoaderData } from '@remix-run/react'
import { useT } from '../i18n/react'
import { requirePermission } from '../modules/auth/guards.server'
import { CustomerTabs } from '../modules/crm/components/crm-tabs'
import { getCustomerHeader } from '../modules/crm/customer-header.server'
import { invariantResponse, uuidParam } from '../utils/http.server'

// The customer card (issue 15): who the customer is, and its parts as tabs (overview, offers, forecast, service
// rating). Each part is its own route under this one.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'read:crm:any')
  const customer = await getCustomerHeader({ scope: auth.scope, orgId: uuidParam(params.orgId) })
  invariantResponse(customer, 'error.notFound.title', { status: 404 })
  return json({ customer: { id: customer.id, shortName: customer.shortName, legalName: customer.legalName, inn: customer.inn, kind: customer.kind } })
}

export default function CustomerCard() {
  const { customer } = useLoaderData<typeof loader>()
  const { t } = useT()
  return (
    <section aria-labelledby="customer-title">
      <h1 id="customer-title">{customer.shortName}</h1>
      <p className="muted">
        {customer.legalName}
        {customer.inn ? ` · ${t('crm.card.inn')} ${customer.inn}` : ''}
      </p>
      <CustomerTabs orgId={customer.id} />
      <Outlet />
    </section>
  )
}
