import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { SortableTh } from '../components/sortable-th'
import { formatDate } from '../i18n/format'
import { useT } from '../i18n/react'
import { can } from '../modules/auth/permissions'
import { requirePermission } from '../modules/auth/guards.server'
import { listOrganisations } from '../modules/tenancy/queries.server'
import { organisationKinds } from '../modules/tenancy/roles'
import { OrganisationListQuery } from '../modules/tenancy/schemas'

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'read:organisation:any')
  const query = OrganisationListQuery.parse(Object.fromEntries(new URL(request.url).searchParams))
  const organisations = await listOrganisations({ scope: auth.scope, ...query })
  return json({ organisations, canManage: can(auth.permissions, 'manage:organisation:any') })
}

export default function OrganisationsPage() {
  const { organisations, canManage } = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  const { t, locale, timeZone } = useT()
  return (
    <section aria-labelledby="orgs-title">
      <h1 id="orgs-title">{t('nav.organisations')}</h1>
      <Form method="get" className="toolbar" role="search">
        <div className="field">
          <label htmlFor="q">{t('admin.org.search')}</label>
          <input id="q" name="q" type="search" defaultValue={params.get('q') ?? ''} />
        </div>
        <div className="field">
          <label htmlFor="kind">{t('admin.org.kind')}</label>
          <select id="kind" name="kind" defaultValue={params.get('kind') ?? ''}>
            <option value="">{t('common.all')}</option>
            {organisationKinds.map((k) => (
              <option key={k} value={k}>
                {t(`kind.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{t('common.search')}</button>
        <a href={`/admin/organisations.csv?${params}`} download>
          {t('common.exportCsv')}
        </a>
        {canManage ? <Link to="new">{t('admin.org.new')}</Link> : null}
      </Form>
      <p className="muted" aria-live="polite">
        {t('common.count', { count: organisations.length })}
      </p>
      <table className="data-table cards">
        <thead>
          <tr>
            <SortableTh column="shortName" label={t('admin.org.shortName')} />
            <SortableTh column="kind" label={t('admin.org.kind')} />
            <th scope="col">{t('admin.org.taxId')}</th>
            <SortableTh column="verificationStatus" label={t('admin.org.verification')} />
            <th scope="col">{t('admin.org.members')}</th>
            <SortableTh column="createdAt" label={t('admin.org.created')} />
          </tr>
        </thead>
        <tbody>
          {organisations.map((o) => (
            <tr key={o.id}>
              <td data-label={t('admin.org.shortName')}>
                <Link to={o.id}>{o.shortName}</Link>
                <div className="muted small">{o.legalName}</div>
              </td>
              <td data-label={t('admin.org.kind')}>{t(`kind.${o.kind}`)}</td>
              <td data-label={t('admin.org.taxId')}>{o.inn ? `${o.inn}${o.kpp ? ` / ${o.kpp}` : ''}` : o.vatId}</td>
              <td data-label={t('admin.org.verification')}>
                <span className={`badge badge-${o.verificationStatus}`}>{t(`status.${o.verificationStatus}`)}</span>
              </td>
              <td data-label={t('admin.org.members')}>{o.memberCount}</td>
              <td data-label={t('admin.org.created')}>{formatDate(locale, o.createdAt, timeZone)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {organisations.length === 0 ? <p>{t('common.empty')}</p> : null}
    </section>
  )
}
