import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useT } from '../i18n/react'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import { NewUserForm } from '../modules/tenancy/components/new-user-form'
import { inviteMember } from '../modules/tenancy/mutations.server'
import { rolesByKind } from '../modules/tenancy/roles'
import { NewOrgUserSchema } from '../modules/tenancy/schemas'
import { readFormData, parseForm } from '../utils/http.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'manage:user:org')
  return json({ org: auth.org })
}

/**
 * Invites a person to the active organisation; the role must be one of its kind. The answer is the same whether or
 * not the e-mail already had an account (no account enumeration through this form).
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'manage:user:org')
  const submission = parseForm(await readFormData(request), { schema: NewOrgUserSchema })
  if (submission.status !== 'success') return json({ result: submission.reply({ hideFields: ['password'] }) }, { status: 400 })
  const { role, ...data } = submission.value
  const result = await inviteMember({ scope: auth.scope, orgId: auth.scope.orgId, role, data, actor: actorOf(auth, context.clientIp) })
  if (!result.ok)
    return json(
      {
        result: submission.reply({
          ...(result.field ? { fieldErrors: { [result.field]: [result.message] } } : { formErrors: [result.message] }),
          hideFields: ['password'],
        }),
      },
      { status: 400 },
    )
  return redirect('/org/users?invited=1')
}

export default function NewOrgUserPage() {
  const { org } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useT()
  return (
    <section aria-labelledby="new-member-title">
      <h1 id="new-member-title">{t('org.users.new', { org: org.shortName })}</h1>
      <p className="muted">{t('org.users.inviteHint')}</p>
      <NewUserForm
        schema={NewOrgUserSchema}
        lastResult={actionData?.result}
        roleOptions={rolesByKind[org.kind].map((r) => ({ value: r, label: t(`role.${r}`) }))}
        submitLabel={t('org.users.invite')}
      />
    </section>
  )
}
