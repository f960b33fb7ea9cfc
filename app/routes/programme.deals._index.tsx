import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Pager } from '../components/pager'
import { useT } from '../i18n/react'
import { requirePermission } from '../modules/auth/guards.server'
import { DealFilters, DealsTable } from '../modules/prm/components/deal-bits'
import { ProgrammeTabs } from '../modules/prm/components/programme-tabs'
import { DealQuery } from '../modules/prm/deal-schemas'
import { listDeals } from '../modules/prm/deals.server'

// The dealer's registered deals: status and protection end, sortable.
export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'read:partner_programme:org')
  const query = DealQuery.parse(Object.fromEntries(new URL(request.url).searchParams))
  return json({ deals: await listDeals({ scope: auth.scope, query }), canRegister: auth.permissions.includes('create:deal:org') })
}

export default function DealsPage() {
  const { deals, canRegister } = useLoaderData<typeof loader>()
  const { t } = useT()
  return (
    <section aria-labelledby="deals-title">
      <ProgrammeTabs />
      <h1 id="deals-title">{t('deals.title')}</h1>
      <p>{t('deals.intro')}</p>
      {canRegister ? (
        <p className="actions">
          <Link to="/programme/deals/new">{t('deals.new')}</Link>
        </p>
      ) : null}
      <DealFilters />
      <p className="muted" aria-live="polite">
        {t('common.count', { count: deals.total })}
      </p>
      <DealsTable rows={deals.rows} base="/programme/deals" />
      <Pager page={deals.page} pages={deals.pages} />
    </section>
  )
}
