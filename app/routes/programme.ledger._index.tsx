import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { Pager } from '../components/pager'
import { useT } from '../i18n/react'
import { requirePermission } from '../modules/auth/guards.server'
import { LedgerFilters, LedgerTable, LedgerTotals } from '../modules/incentives/components/ledger-bits'
import { LedgerQuery, ledgerFilterOptions, listOwnLedger } from '../modules/incentives/queries.server'
import { ProgrammeTabs } from '../modules/prm/components/programme-tabs'
import { RebateProgressPanel } from '../modules/prm/components/rebate-progress'
import { ownRebateProgress } from '../modules/prm/rebates.server'

// The dealer's own incentive lines, explained, with totals by status; above them the rebates of its open periods.
export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requirePermission(request, 'read:partner_programme:org')
  const query = LedgerQuery.parse(Object.fromEntries(new URL(request.url).searchParams))
  return json({
    ledger: await listOwnLedger({ scope, query }),
    filters: await ledgerFilterOptions({ scope }),
    rebates: await ownRebateProgress({ scope }),
  })
}

export default function OwnLedgerPage() {
  const { ledger, filters, rebates } = useLoaderData<typeof loader>()
  const { t } = useT()
  return (
    <section aria-labelledby="ledger-title">
      <h1 id="ledger-title">{t('ledger.own.title')}</h1>
      <ProgrammeTabs />
      <RebateProgressPanel items={rebates} />
      <LedgerFilters options={filters} />
      <LedgerTotals totals={ledger.totals} />
      <LedgerTable rows={ledger.rows} base="/programme/ledger" />
      <Pager page={ledger.page} pages={ledger.pages} />
    </section>
  )
}
