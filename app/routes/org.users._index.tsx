import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { FormErrors, Notice } from '../components/forms'
import { useT } from '../i18n/react'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import { MembershipCells } from '../modules/tenancy/components/member-role-cells'
import { changeMemberRole, removeMember, type MutationResult } from '../modules/tenancy/mutations.server'
import { listOrganisationMembers } from '../modules/tenancy/queries.server'
import { rolesByKind } from '../modules/tenancy/roles'
import { ChangeRoleSchema, RemoveMemberSchema } from '../modules/tenancy/schemas'
import { invariantResponse, parseForm, readFormData } from '../utils/http.server'

// An organisation's own administrator manages its people. The organisation is always the session's active
// one (auth.org.id), never a value from the request.
export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'manage:user:org')
  const members = await listOrganisationMembers({ scope: auth.scope, orgId: auth.scope.orgId })
  return json({ org: auth.org, members, me: auth.user.id })
}

const OrgUsersIntent = z.discriminatedUnion('intent', [
  ChangeRoleSchema.extend({ intent: z.literal('change-role') }),
  RemoveMemberSchema.extend({ intent: z.literal('remove-member') }),
])

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'manage:membership:org')
  const submission = parseForm(await readFormData(request), { schema: OrgUsersIntent })
  if (submission.status !== 'success') return json({ result: submission.reply(), ok: false }, { status: 400 })
  const target = { scope: auth.scope, orgId: auth.scope.orgId, actor: actorOf(auth, context.clientIp) }
  const v = submission.value
  const result: MutationResult =
    v.intent === 'change-role'
      ? await changeMemberRole({ ...target, userId: v.userId, role: v.role })
      : await removeMember({ ...target, userId: v.userId })
  if (!result.ok) {
    invariantResponse(result.status !== 404, 'error.notFound.title', { status: 404 })
    return json({ result: submission.reply({ formErrors: [result.message] }), ok: false }, { status: 400 })
  }
  return json({ result: submission.reply(), ok: true })
}

export default function OrgUsersPage() {
  const { org, members } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const { t } = useT()
  const roleOptions = rolesByKind[org.kind].map((r) => ({ value: r, label: t(`role.${r}`) }))
  return (
    <section aria-labelledby="team-title">
      <h1 id="team-title">{t('org.users.title', { org: org.shortName })}</h1>
      <div className="toolbar">
        <Link to="new">{t('admin.user.new')}</Link>
      </div>
      {actionData?.ok ? (
        <Notice tone="success">{t('common.saved')}</Notice>
      ) : params.has('invited') ? (
        <Notice tone="success">{t('org.users.invited')}</Notice>
      ) : null}
      <FormErrors errors={actionData && !actionData.ok ? Object.values(actionData.result?.error ?? {}).flat() : null} />
      <table className="data-table cards">
        <thead>
          <tr>
            <th scope="col">{t('admin.user.name')}</th>
            <th scope="col">{t('login.email')}</th>
            <th scope="col">{t('admin.user.role')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('common.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.userId}>
              <td data-label={t('admin.user.name')}>
                <Link to={m.userId}>{m.displayName}</Link>
                {m.status === 'invited' ? <span className="badge badge-pending">{t('org.users.statusInvited')}</span> : null}
                {m.disabledAt ? <span className="badge badge-rejected">{t('admin.user.disabled')}</span> : null}
              </td>
              <td data-label={t('login.email')}>{m.email}</td>
              <MembershipCells
                field="userId"
                id={m.userId}
                role={m.role}
                roleOptions={roleOptions}
                editable
                roleLabel={t('admin.user.roleOf', { name: m.displayName })}
                removeLabel={t('admin.user.removeMember', { name: m.displayName })}
                removeIntent="remove-member"
              />
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
