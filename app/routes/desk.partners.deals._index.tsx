import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { Pager } from '../components/pager'
import { useT } from '../i18n/react'
import { requirePermission } from '../modules/auth/guards.server'
import { DealFilters, DealsTable } from '../modules/prm/components/deal-bits'
import { PartnersDeskTabs } from '../modules/prm/components/programme-tabs'
import { DealQuery } from '../modules/prm/deal-schemas'
import { listDeals } from '../modules/prm/deals.server'

// The partner managers' deal registrations: every dealer's, conflicts first (they wait for a decision).
export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requirePermission(request, 'manage:partner_programme:any')
  const query = DealQuery.parse(Object.fromEntries(new URL(request.url).searchParams))
  return json({ deals: await listDeals({ scope, query }) })
}

export default function DeskDealsPage() {
  const { deals } = useLoaderData<typeof loader>()
  const { t } = useT()
  return (
    <section aria-labelledby="desk-deals-title">
      <PartnersDeskTabs />
      <h1 id="desk-deals-title">{t('deals.desk.title')}</h1>
      <DealFilters csvHref="/desk/partners/deals.csv" />
      <p className="muted" aria-live="polite">
        {t('common.count', { count: deals.total })}
      </p>
      <DealsTable rows={deals.rows} base="/desk/partners/deals" showOrg />
      <Pager page={deals.page} pages={deals.pages} />
    </section>
  )
}
