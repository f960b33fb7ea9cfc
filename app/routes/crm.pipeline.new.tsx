import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { ErrorList, Field, FormErrors, SelectField, validationTiming } from '../components/forms'
import { useT } from '../i18n/react'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import { CrmTabs } from '../modules/crm/components/crm-tabs'
import { LeadSchema } from '../modules/crm/lead-schemas'
import { createManualLead, listLeadOwners } from '../modules/crm/leads.server'
import { regionOptions } from '../modules/prm/application-schemas'
import { parseForm, readFormData } from '../utils/http.server'

// A lead typed in by staff; without an owner it goes to its region's owner (crm.pipeline.regions).

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'manage:crm:any')
  return json({ owners: await listLeadOwners() })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'manage:crm:any')
  const submission = parseForm(await readFormData(request), { schema: LeadSchema })
  if (submission.status !== 'success') return json({ result: submission.reply() }, { status: 400 })
  const saved = await createManualLead({ scope: auth.scope, actor: actorOf(auth, context.clientIp), input: submission.value })
  if (!saved.ok) return json({ result: submission.reply({ fieldErrors: saved.fieldErrors }) }, { status: 400 })
  return redirect(`/crm/pipeline/${saved.id}`)
}

export default function NewLead() {
  const { owners } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as { result: SubmissionResult<string[]> } | undefined
  const { t, locale } = useT()
  const [form, fields] = useForm({
    id: 'lead-new',
    lastResult: actionData?.result,
    constraint: getZodConstraint(LeadSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: LeadSchema }),
    ...validationTiming,
  })
  return (
    <section aria-labelledby="lead-new-title">
      <h1 id="lead-new-title">{t('crm.pipeline.new')}</h1>
      <CrmTabs />
      <Form method="post" {...getFormProps(form)} className="card narrow">
        <Field meta={fields.companyName} label={t('crm.pipeline.col.company')} />
        <Field meta={fields.inn} label={t('crm.pipeline.inn')} inputMode="numeric" />
        <SelectField
          meta={fields.region}
          label={t('crm.pipeline.col.region')}
          options={[{ value: '', label: '—' }, ...regionOptions(locale)]}
          hint={t('crm.pipeline.regionHint')}
        />
        <Field meta={fields.contactName} label={t('crm.pipeline.contactName')} />
        <Field meta={fields.phone} label={t('crm.pipeline.phone')} />
        <Field meta={fields.email} label={t('crm.pipeline.email')} type="email" />
        <Field meta={fields.expectedRub} label={t('crm.pipeline.expectedRub')} type="number" inputMode="numeric" />
        <div className="field">
          <label htmlFor={fields.ownerId.id}>{t('crm.pipeline.col.owner')}</label>
          <select id={fields.ownerId.id} name={fields.ownerId.name} defaultValue="">
            <option value="">{t('crm.pipeline.byRegion')}</option>
            {owners.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name} ({o.email})
              </option>
            ))}
          </select>
          <ErrorList id={fields.ownerId.errorId} errors={fields.ownerId.errors} />
        </div>
        <Field meta={fields.notes} label={t('crm.pipeline.notes')} multiline />
        <FormErrors id={form.errorId} errors={form.errors} />
        <button type="submit" className="primary">
          {t('crm.pipeline.create')}
        </button>
      </Form>
    </section>
  )
}
