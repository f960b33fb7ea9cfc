import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { formatDate } from '../i18n/format'
import { useT } from '../i18n/react'
import { requirePermission } from '../modules/auth/guards.server'
import { can } from '../modules/auth/permissions'
import { listUsers } from '../modules/tenancy/queries.server'
import { UserListQuery } from '../modules/tenancy/schemas'

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'read:user:any')
  const { q } = UserListQuery.parse(Object.fromEntries(new URL(request.url).searchParams))
  const users = await listUsers({ scope: auth.scope, q })
  return json({ users, canManage: can(auth.permissions, 'manage:user:any') })
}

export default function UsersPage() {
  const { users, canManage } = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  const { t, locale, timeZone } = useT()
  return (
    <section aria-labelledby="users-title">
      <h1 id="users-title">{t('nav.users')}</h1>
      <Form method="get" className="toolbar" role="search">
        <div className="field">
          <label htmlFor="q">{t('admin.user.search')}</label>
          <input id="q" name="q" type="search" defaultValue={params.get('q') ?? ''} />
        </div>
        <button type="submit">{t('common.search')}</button>
        {canManage ? <Link to="new">{t('admin.user.new')}</Link> : null}
      </Form>
      <p className="muted" aria-live="polite">
        {t('common.count', { count: users.length })}
      </p>
      <table className="data-table cards">
        <thead>
          <tr>
            <th scope="col">{t('admin.user.name')}</th>
            <th scope="col">{t('login.email')}</th>
            <th scope="col">{t('admin.user.memberships')}</th>
            <th scope="col">{t('admin.org.created')}</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id}>
              <td data-label={t('admin.user.name')}>
                <Link to={u.id}>{u.displayName}</Link>
                {u.disabledAt ? <span className="badge badge-rejected">{t('admin.user.disabled')}</span> : null}
              </td>
              <td data-label={t('login.email')}>{u.email}</td>
              <td data-label={t('admin.user.memberships')}>
                {u.memberships.length ? (
                  <ul className="plain-list">
                    {u.memberships.map((m) => (
                      <li key={m.orgId}>
                        {t('admin.user.membershipLine', { org: m.shortName, role: t(`role.${m.role}`) })}
                        {m.pending ? <span className="badge badge-pending">{t('admin.user.invitationPending')}</span> : null}
                      </li>
                    ))}
                  </ul>
                ) : (
                  <span className="muted">{t('admin.user.noOrganisation')}</span>
                )}
              </td>
              <td data-label={t('admin.org.created')}>{formatDate(locale, u.createdAt, timeZone)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {users.length === 0 ? <p>{t('common.empty')}</p> : null}
    </section>
  )
}
