import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { Pager } from '../components/pager'
import { SortableTh } from '../components/sortable-th'
import { formatDateTime } from '../i18n/format'
import { useT } from '../i18n/react'
import { requirePermission } from '../modules/auth/guards.server'
import { PartnersDeskTabs } from '../modules/prm/components/programme-tabs'
import { listApplications } from '../modules/prm/applications.server'
import { applicationStages } from '../modules/prm/application-rules'
import { ApplicationListQuery } from '../modules/prm/application-schemas'

// The partner managers' applications: filtered by stage, searched, sorted, paged.
export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requirePermission(request, 'manage:partner_programme:any')
  const query = ApplicationListQuery.parse(Object.fromEntries(new URL(request.url).searchParams))
  return json({ list: await listApplications({ scope, query }), status: query.status ?? '', q: query.q ?? '' })
}

export default function DeskApplicationsPage() {
  const { list, status, q } = useLoaderData<typeof loader>()
  const { t, locale, timeZone } = useT()
  return (
    <section aria-labelledby="applications-title">
      <PartnersDeskTabs />
      <h1 id="applications-title">{t('application.desk.title')}</h1>
      <Form method="get" className="toolbar" role="search">
        <label htmlFor="app-status">{t('application.statusPage.stage')}</label>
        <select id="app-status" name="status" defaultValue={status}>
          <option value="">{t('application.desk.all')}</option>
          {applicationStages.map((s) => (
            <option key={s} value={s}>
              {t(`application.status.${s}`)}
            </option>
          ))}
        </select>
        <label htmlFor="app-q">{t('application.desk.search')}</label>
        <input id="app-q" name="q" type="search" defaultValue={q} maxLength={100} />
        <button type="submit">{t('common.search')}</button>
      </Form>
      <p className="muted" aria-live="polite">
        {t('common.count', { count: list.total })}
      </p>
      {list.rows.length === 0 ? <p className="muted">{t('application.desk.empty')}</p> : null}
      <table className="data-table cards">
        <thead>
          <tr>
            <SortableTh column="number" label={t('application.desk.number')} />
            <SortableTh column="shortName" label={t('application.desk.company')} />
            <th scope="col">{t('application.inn')}</th>
            <th scope="col">{t('application.region')}</th>
            <SortableTh column="status" label={t('application.statusPage.stage')} />
            <th scope="col">{t('application.desk.check')}</th>
            <SortableTh column="createdAt" label={t('application.desk.createdAt')} />
          </tr>
        </thead>
        <tbody>
          {list.rows.map((r) => (
            <tr key={r.id}>
              <td data-label={t('application.desk.number')}>
                <Link to={`/desk/partners/applications/${r.id}`}>{r.number}</Link>
              </td>
              <td data-label={t('application.desk.company')}>{r.shortName}</td>
              <td data-label={t('application.inn')}>{r.inn}</td>
              <td data-label={t('application.region')}>{t(`region.${r.region as 'other'}`)}</td>
              <td data-label={t('application.statusPage.stage')}>{t(`application.status.${r.status}`)}</td>
              <td data-label={t('application.desk.check')}>{t(`application.verification.${r.verificationStatus}`)}</td>
              <td data-label={t('application.desk.createdAt')}>{formatDateTime(locale, r.createdAt, timeZone)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager page={list.page} pages={list.pages} />
    </section>
  )
}
