import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { Field, FormErrors, Notice, SelectField, validationTiming } from '../components/forms'
import { useT } from '../i18n/react'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import { savePriceList } from '../modules/pricing/mutations.server'
import { getPriceList } from '../modules/pricing/queries.server'
import { assignmentScopes, currencies, PriceListInput } from '../modules/pricing/schemas'
import { listOrganisationOptions } from '../modules/tenancy/queries.server'
import { invariantResponse, newOrIdParam, parseForm, readFormData } from '../utils/http.server'

// One price list: its header, validity, priority and who it applies to. `/desk/prices/new` creates one.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requirePermission(request, 'manage:catalog:any')
  const listId = newOrIdParam(params.listId)
  const list = listId ? await getPriceList({ scope, listId }) : null
  invariantResponse(!listId || list, 'error.notFound.title', { status: 404 })
  const buyers = (await listOrganisationOptions({ scope })).filter((o) => o.kind === 'dealer' || o.kind === 'key_account')
  return json({ list, buyers })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'manage:catalog:any')
  const listId = newOrIdParam(params.listId)
  const submission = parseForm(await readFormData(request), { schema: PriceListInput })
  if (submission.status !== 'success') return json({ result: submission.reply(), done: false }, { status: 400 })
  const saved = await savePriceList({ scope: auth.scope, actor: actorOf(auth, context.clientIp), listId, input: submission.value })
  invariantResponse(saved.ok || !saved.fieldErrors['']?.includes('errors.notFound'), 'error.notFound.title', { status: 404 })
  if (!saved.ok) return json({ result: submission.reply({ fieldErrors: saved.fieldErrors }), done: false }, { status: 400 })
  if (!listId) return redirect(`/desk/prices/${saved.id}?created=1`)
  return json({ result: submission.reply(), done: true })
}

export default function PriceListPage() {
  const { list, buyers } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as { result: SubmissionResult<string[]>; done: boolean } | undefined
  const { t } = useT()
  const [form, f] = useForm({
    id: 'price-list',
    lastResult: actionData?.result,
    constraint: getZodConstraint(PriceListInput),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PriceListInput }),
    ...validationTiming,
    defaultValue: list
      ? {
          ...list,
          validFrom: list.validFrom ?? '',
          validTo: list.validTo ?? '',
          dealerGroup: list.dealerGroup ?? '',
          orgId: list.orgId ?? '',
          scope: list.scope ?? 'global',
        }
      : { currency: 'RUB', priority: '0', scope: 'global' },
  })
  return (
    <section aria-labelledby="list-title" className="narrow">
      <h1 id="list-title">{list ? `${list.code} · ${list.name}` : t('prices.new')}</h1>
      <p>
        <Link to="/desk/prices">{t('prices.back')}</Link>
      </p>
      {actionData?.done ? <Notice tone="success">{t('common.saved')}</Notice> : null}
      <Form method="post" {...getFormProps(form)}>
        <Field meta={f.code} label={t('prices.code')} />
        <Field meta={f.name} label={t('prices.name')} />
        <SelectField meta={f.currency} label={t('export.currency')} options={currencies.map((c) => ({ value: c, label: c }))} />
        <div className="grid-2">
          <Field meta={f.validFrom} label={t('prices.validFrom')} type="date" hint={t('prices.openHint')} />
          <Field meta={f.validTo} label={t('prices.validTo')} type="date" hint={t('prices.openHint')} />
        </div>
        <Field meta={f.priority} label={t('prices.priority')} hint={t('prices.priorityHint')} />
        <SelectField
          meta={f.scope}
          label={t('prices.appliesTo')}
          options={assignmentScopes.map((s) => ({ value: s, label: t(`prices.scope.${s}`) }))}
        />
        <Field meta={f.dealerGroup} label={t('prices.dealerGroup')} hint={t('prices.dealerGroupHint')} />
        <SelectField
          meta={f.orgId}
          label={t('prices.organisation')}
          options={[{ value: '', label: '—' }, ...buyers.map((b) => ({ value: b.id, label: b.shortName }))]}
        />
        <FormErrors id={form.errorId} errors={form.errors} />
        <button type="submit" className="primary">
          {t('common.save')}
        </button>
      </Form>
    </section>
  )
}
