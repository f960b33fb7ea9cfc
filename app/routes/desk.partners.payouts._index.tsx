import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Pager } from '../components/pager'
import { formatMoney } from '../i18n/format'
import { useT } from '../i18n/react'
import { requirePermission } from '../modules/auth/guards.server'
import { listPayoutBatches } from '../modules/incentives/queries.server'
import { PartnersDeskTabs } from '../modules/prm/components/programme-tabs'

// Payout batches: who prepared each, who approved it, where it stands.
export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requirePermission(request, 'manage:partner_programme:any')
  const page = Math.min(10_000, Math.max(1, Number(new URL(request.url).searchParams.get('page')) || 1))
  return json({ batches: await listPayoutBatches({ scope, page }) })
}

export default function PayoutsPage() {
  const { batches } = useLoaderData<typeof loader>()
  const { t, locale } = useT()
  return (
    <section aria-labelledby="payouts-title">
      <h1 id="payouts-title">{t('payout.list.title')}</h1>
      <PartnersDeskTabs />
      {batches.rows.length === 0 ? <p className="muted">{t('payout.empty')}</p> : null}
      <table className="data-table cards">
        <thead>
          <tr>
            <th scope="col">{t('payout.number')}</th>
            <th scope="col">{t('payout.status')}</th>
            <th scope="col">{t('payout.total')}</th>
            <th scope="col">{t('payout.lines')}</th>
            <th scope="col">{t('payout.preparedBy')}</th>
            <th scope="col">{t('payout.approvedBy')}</th>
          </tr>
        </thead>
        <tbody>
          {batches.rows.map((b) => (
            <tr key={b.id}>
              <td data-label={t('payout.number')}>
                <Link to={`/desk/partners/payouts/${b.id}`}>{b.number}</Link>
              </td>
              <td data-label={t('payout.status')}>{t(`payout.status.${b.status}`)}</td>
              <td data-label={t('payout.total')} className="num">
                {formatMoney(locale, b.totalMinor, b.currency)}
              </td>
              <td data-label={t('payout.lines')}>{b.lineCount}</td>
              <td data-label={t('payout.preparedBy')}>{b.preparedBy}</td>
              <td data-label={t('payout.approvedBy')}>{b.approvedBy ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager page={batches.page} pages={batches.pages} />
    </section>
  )
}
