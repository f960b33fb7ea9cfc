import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { useActionData } from '@remix-run/react'
import { useT } from '../i18n/react'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import { OrganisationForm } from '../modules/tenancy/components/organisation-form'
import { createOrganisation } from '../modules/tenancy/mutations.server'
import { OrganisationSchema } from '../modules/tenancy/schemas'
import { readFormData, parseForm } from '../utils/http.server'

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'manage:organisation:any')
  return json({})
}

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'manage:organisation:any')
  const submission = parseForm(await readFormData(request), { schema: OrganisationSchema })
  if (submission.status !== 'success') return json({ result: submission.reply() }, { status: 400 })
  const result = await createOrganisation({ scope: auth.scope, data: submission.value, actor: actorOf(auth, context.clientIp) })
  if (!result.ok)
    return json(
      { result: submission.reply(result.field ? { fieldErrors: { [result.field]: [result.message] } } : { formErrors: [result.message] }) },
      { status: 400 },
    )
  return redirect(`/admin/organisations/${result.value}`)
}

export default function NewOrganisationPage() {
  const actionData = useActionData<typeof action>()
  const { t } = useT()
  return (
    <section aria-labelledby="new-org-title">
      <h1 id="new-org-title">{t('admin.org.new')}</h1>
      <OrganisationForm lastResult={actionData?.result} submitLabel={t('admin.org.create')} />
    </section>
  )
}
