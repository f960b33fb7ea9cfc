import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useT } from '../i18n/react'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import { NewUserForm } from '../modules/tenancy/components/new-user-form'
import { createUser } from '../modules/tenancy/mutations.server'
import { listOrganisationOptions } from '../modules/tenancy/queries.server'
import { roles } from '../modules/tenancy/roles'
import { NewOrgUserSchema } from '../modules/tenancy/schemas'
import { uuidField } from '../utils/field-schemas'
import { readFormData, parseForm } from '../utils/http.server'

const NewUserWithOrgSchema = NewOrgUserSchema.extend({ orgId: uuidField })

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requirePermission(request, 'manage:user:any')
  return json({ organisations: await listOrganisationOptions({ scope }) })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'manage:user:any')
  const submission = parseForm(await readFormData(request), { schema: NewUserWithOrgSchema })
  if (submission.status !== 'success') return json({ result: submission.reply({ hideFields: ['password'] }) }, { status: 400 })
  const { orgId, role, ...data } = submission.value
  const result = await createUser({ scope: auth.scope, data, membership: { orgId, role }, actor: actorOf(auth, context.clientIp) })
  if (!result.ok) {
    const reply = submission.reply({
      ...(result.field ? { fieldErrors: { [result.field]: [result.message] } } : { formErrors: [result.message] }),
      hideFields: ['password'],
    })
    return json({ result: reply }, { status: result.status === 404 ? 404 : 400 })
  }
  return redirect(`/admin/users/${result.value}`)
}

export default function NewUserPage() {
  const { organisations } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useT()
  return (
    <section aria-labelledby="new-user-title">
      <h1 id="new-user-title">{t('admin.user.new')}</h1>
      <NewUserForm
        schema={NewUserWithOrgSchema}
        lastResult={actionData?.result}
        orgOptions={organisations.map((o) => ({ value: o.id, label: `${o.shortName} · ${t(`kind.${o.kind}`)}` }))}
        roleOptions={roles.map((r) => ({ value: r, label: t(`role.${r}`) }))}
      />
    </section>
  )
}
