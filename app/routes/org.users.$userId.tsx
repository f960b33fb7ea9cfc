import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { formatDate } from '../i18n/format'
import { useT } from '../i18n/react'
import { requirePermission } from '../modules/auth/guards.server'
import { getOrganisationMember } from '../modules/tenancy/queries.server'
import { invariantResponse, uuidParam } from '../utils/http.server'

// One member of the active organisation. Another organisation's user is "not found", never "forbidden":
// the answer must not confirm that the id exists elsewhere.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'read:user:org')
  const member = await getOrganisationMember({ scope: auth.scope, orgId: auth.scope.orgId, userId: uuidParam(params.userId) })
  invariantResponse(member, 'error.notFound.title', { status: 404 })
  return json({ member, org: auth.org })
}

export default function OrgMemberPage() {
  const { member, org } = useLoaderData<typeof loader>()
  const { t, locale, timeZone } = useT()
  return (
    <section aria-labelledby="member-title">
      <p>
        <Link to="/org/users">← {t('org.users.title', { org: org.shortName })}</Link>
      </p>
      <h1 id="member-title">{member.displayName}</h1>
      <dl className="details">
        <dt>{t('login.email')}</dt>
        <dd>{member.email}</dd>
        <dt>{t('admin.user.role')}</dt>
        <dd>{t(`role.${member.role}`)}</dd>
        <dt>{t('org.users.since')}</dt>
        <dd>{formatDate(locale, member.since, timeZone)}</dd>
        <dt>{t('admin.user.status')}</dt>
        <dd>{member.status === 'invited' ? t('org.users.statusInvited') : member.disabledAt ? t('admin.user.disabled') : t('admin.user.active')}</dd>
      </dl>
    </section>
  )
}
