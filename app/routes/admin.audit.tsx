import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { formatDateTime } from '../i18n/format'
import { useT } from '../i18n/react'
import { auditActionLabel, describeAuditEntry } from '../modules/audit/describe'
import { auditActions, AuditQuery } from '../modules/audit/schemas'
import { listAuditEntries } from '../modules/audit/queries.server'
import { requirePermission } from '../modules/auth/guards.server'
import { listOrganisationOptions } from '../modules/tenancy/queries.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requirePermission(request, 'read:audit:any')
  const query = AuditQuery.parse(Object.fromEntries(new URL(request.url).searchParams))
  const [{ entries, nextBefore }, organisations] = await Promise.all([listAuditEntries({ scope, ...query }), listOrganisationOptions({ scope })])
  return json({ entries, nextBefore, organisations })
}

export default function AuditPage() {
  const { entries, nextBefore, organisations } = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  const { t, locale, timeZone } = useT()
  const orgNames = Object.fromEntries(organisations.map((o) => [o.id, o.shortName]))
  const older = new URLSearchParams(params)
  if (nextBefore) older.set('before', String(nextBefore))
  const newest = new URLSearchParams(params)
  newest.delete('before')
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">{t('nav.audit')}</h1>
      <Form method="get" className="toolbar" role="search">
        <div className="field">
          <label htmlFor="action">{t('audit.action')}</label>
          <select id="action" name="action" defaultValue={params.get('action') ?? ''}>
            <option value="">{t('common.all')}</option>
            {auditActions.map((a) => (
              <option key={a} value={a}>
                {t(`audit.action.${a}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="actor">{t('audit.actor')}</label>
          <input id="actor" name="actor" type="search" defaultValue={params.get('actor') ?? ''} />
        </div>
        <div className="field">
          <label htmlFor="orgId">{t('admin.user.organisation')}</label>
          <select id="orgId" name="orgId" defaultValue={params.get('orgId') ?? ''}>
            <option value="">{t('common.all')}</option>
            {organisations.map((o) => (
              <option key={o.id} value={o.id}>
                {o.shortName}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="from">{t('audit.from')}</label>
          <input id="from" name="from" type="date" defaultValue={params.get('from') ?? ''} />
        </div>
        <div className="field">
          <label htmlFor="to">{t('audit.to')}</label>
          <input id="to" name="to" type="date" defaultValue={params.get('to') ?? ''} />
        </div>
        <button type="submit">{t('common.search')}</button>
        <a href={`/admin/audit.csv?${newest}`} download>
          {t('common.exportCsv')}
        </a>
      </Form>
      <table className="data-table cards">
        <thead>
          <tr>
            <th scope="col">{t('audit.at')}</th>
            <th scope="col">{t('audit.actor')}</th>
            <th scope="col">{t('audit.action')}</th>
            <th scope="col">{t('admin.user.organisation')}</th>
            <th scope="col">{t('account.sessions.ip')}</th>
            <th scope="col">{t('audit.details')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id}>
              <td data-label={t('audit.at')}>{formatDateTime(locale, e.at, timeZone)}</td>
              <td data-label={t('audit.actor')}>{e.actorEmail ?? t('audit.system')}</td>
              <td data-label={t('audit.action')}>{auditActionLabel(locale, e.action)}</td>
              <td data-label={t('admin.user.organisation')}>{e.orgName ?? '—'}</td>
              <td data-label={t('account.sessions.ip')}>{e.ip ?? '—'}</td>
              <td data-label={t('audit.details')}>{describeAuditEntry(locale, e, { timeZone, orgNames })}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {entries.length === 0 ? <p>{t('common.empty')}</p> : null}
      <nav className="pager" aria-label={t('audit.paging')}>
        {params.get('before') ? <Link to={`?${newest}`}>{t('common.newest')}</Link> : null}
        {nextBefore ? <Link to={`?${older}`}>{t('common.older')}</Link> : null}
      </nav>
    </section>
  )
}
