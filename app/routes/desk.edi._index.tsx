import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { SortableTh } from '../components/sortable-th'
import { useT } from '../i18n/react'
import { requirePermission } from '../modules/auth/guards.server'
import { listEdiPartners } from '../modules/edi/queries.server'

// The EDI desk: every key account with its profile's mode and syntax and its last 30 days by status.
export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requirePermission(request, 'manage:edi:any')
  return json({ partners: await listEdiPartners({ scope }) })
}

const columns = ['shortName', 'mode', 'syntax', 'received', 'rejected', 'held', 'booked', 'answered', 'ackOverdue'] as const
type Column = (typeof columns)[number]

export default function EdiDeskPage() {
  const { partners } = useLoaderData<typeof loader>()
  const { t } = useT()
  const [params] = useSearchParams()
  // A few dozen key accounts at most: sorted here, from the link the header gives.
  const sort = (columns as readonly string[]).includes(params.get('sort') ?? '') ? (params.get('sort') as Column) : 'shortName'
  const dir = params.get('dir') === 'desc' ? -1 : 1
  const rows = [...partners].sort((a, b) => (a[sort] < b[sort] ? -dir : a[sort] > b[sort] ? dir : 0))
  const label: Record<Column, string> = {
    shortName: t('edi.desk.account'),
    mode: t('edi.profile.mode'),
    syntax: t('edi.profile.syntax'),
    received: t('edi.status.received'),
    rejected: t('edi.status.rejected'),
    held: t('edi.status.held'),
    booked: t('edi.status.booked'),
    answered: t('edi.status.answered'),
    ackOverdue: t('edi.status.ack_overdue'),
  }
  return (
    <section aria-labelledby="edi-desk-title" className="edi-page">
      <h1 id="edi-desk-title">{t('edi.desk.title')}</h1>
      <p className="toolbar">
        <Link to="/desk/edi/mapping">{t('edi.mapping.title')}</Link>
      </p>
      <p className="muted">{t('edi.desk.intro')}</p>
      {rows.length ? (
        <table className="data-table cards">
          <thead>
            <tr>
              {columns.map((c) => (
                <SortableTh key={c} column={c} label={label[c]} />
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => (
              <tr key={p.orgId} className={p.ackOverdue ? 'changed' : undefined}>
                <td data-label={label.shortName}>
                  <Link to={p.orgId}>{p.shortName}</Link>
                  {' · '}
                  <Link to={`${p.orgId}/profile`} aria-label={t('edi.desk.profileOf', { org: p.shortName })}>
                    {t('edi.profile.short')}
                  </Link>
                </td>
                <td data-label={label.mode}>
                  <span className={`badge ${p.mode === 'production' ? 'badge-verified' : 'badge-pending'}`}>{t(`edi.mode.${p.mode}`)}</span>
                </td>
                <td data-label={label.syntax}>{t(`edi.syntax.${p.syntax}`)}</td>
                <td data-label={label.received} className="num">
                  {p.received}
                </td>
                <td data-label={label.rejected} className="num">
                  {p.rejected}
                </td>
                <td data-label={label.held} className="num">
                  {p.held}
                </td>
                <td data-label={label.booked} className="num">
                  {p.booked}
                </td>
                <td data-label={label.answered} className="num">
                  {p.answered}
                </td>
                <td data-label={label.ackOverdue} className="num">
                  {p.ackOverdue ? <strong className="badge badge-rejected">{p.ackOverdue}</strong> : 0}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">{t('edi.desk.none')}</p>
      )}
    </section>
  )
}
