import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import type { ReactNode } from 'react'
import { Field, FormErrors, Notice, SelectField, validationTiming } from '../components/forms'
import type { MessageKey } from '../i18n'
import { formatDay } from '../i18n/format'
import { useT } from '../i18n/react'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import { saveReference } from '../modules/catalog/mutations.server'
import { listReferenceData } from '../modules/catalog/queries.server'
import { ReferenceInput } from '../modules/catalog/schemas'
import { parseForm, readFormData } from '../utils/http.server'

// The catalog's reference data: categories, warehouses, VAT classes with their dated rates. Each form adds a new
// entry or changes the one with the same code.

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requirePermission(request, 'manage:catalog:any')
  return json(await listReferenceData({ scope }))
}

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'manage:catalog:any')
  const submission = parseForm(await readFormData(request), { schema: ReferenceInput })
  const intent = submission.payload.intent
  if (submission.status !== 'success') return json({ intent, result: submission.reply(), done: false }, { status: 400 })
  const saved = await saveReference({ scope: auth.scope, actor: actorOf(auth, context.clientIp), input: submission.value })
  if (!saved.ok) return json({ intent, result: submission.reply({ fieldErrors: saved.fieldErrors }), done: false }, { status: 400 })
  return json({ intent, result: submission.reply({ resetForm: true }), done: true })
}

type SectionField = {
  name: 'code' | 'nameRu' | 'nameEn' | 'sort' | 'city' | 'taxClassId' | 'validFrom' | 'ratePercent'
  label: MessageKey
  type?: 'date'
  options?: { value: string; label: string }[]
}

/** One kind of reference data: what exists, and a form validated in the browser with the server's schema. */
function Section({
  intent,
  title,
  fields,
  children,
}: {
  intent: ReferenceInput['intent']
  title: MessageKey
  fields: SectionField[]
  children: ReactNode
}) {
  const { t } = useT()
  const actionData = useActionData<typeof action>()
  const mine = actionData?.intent === intent ? actionData : null
  const [form, meta] = useForm({
    id: intent,
    lastResult: mine?.result,
    constraint: getZodConstraint(ReferenceInput),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ReferenceInput }),
    ...validationTiming,
  })
  return (
    <section aria-labelledby={`${intent}-title`} className="card">
      <h2 id={`${intent}-title`}>{t(title)}</h2>
      {mine?.done ? <Notice tone="success">{t('common.saved')}</Notice> : null}
      {children}
      <Form method="post" className="toolbar" {...getFormProps(form)}>
        <input type="hidden" name="intent" value={intent} />
        {fields.map((f) =>
          f.options ? (
            <SelectField key={f.name} meta={meta[f.name]} label={t(f.label)} options={f.options} />
          ) : (
            <Field key={f.name} meta={meta[f.name]} label={t(f.label)} type={f.type} />
          ),
        )}
        <FormErrors id={form.errorId} errors={form.errors} />
        <button type="submit">{t('reference.save')}</button>
      </Form>
    </section>
  )
}

export default function ReferencePage() {
  const data = useLoaderData<typeof loader>()
  const { t, locale } = useT()
  const name = (o: { nameRu: string; nameEn: string }) => (locale === 'ru' ? o.nameRu : o.nameEn)
  return (
    <section aria-labelledby="reference-title">
      <h1 id="reference-title">{t('reference.title')}</h1>
      <p>
        <Link to="/desk/catalog">{t('deskCatalog.back')}</Link>
      </p>
      <p className="muted">{t('reference.intro')}</p>
      <Section
        intent="category"
        title="reference.categories"
        fields={[
          { name: 'code', label: 'prices.code' },
          { name: 'nameRu', label: 'deskCatalog.nameRu' },
          { name: 'nameEn', label: 'deskCatalog.nameEn' },
          { name: 'sort', label: 'reference.sort' },
        ]}
      >
        <p>{data.categories.map((c) => `${c.code} · ${name(c)}`).join('; ')}</p>
      </Section>
      <Section
        intent="warehouse"
        title="reference.warehouses"
        fields={[
          { name: 'code', label: 'prices.code' },
          { name: 'nameRu', label: 'deskCatalog.nameRu' },
          { name: 'nameEn', label: 'deskCatalog.nameEn' },
          { name: 'city', label: 'reference.city' },
        ]}
      >
        <p>{data.warehouses.map((w) => `${w.code} · ${name(w)} (${w.city})`).join('; ')}</p>
      </Section>
      <Section
        intent="tax-class"
        title="reference.taxClasses"
        fields={[
          { name: 'code', label: 'prices.code' },
          { name: 'nameRu', label: 'deskCatalog.nameRu' },
          { name: 'nameEn', label: 'deskCatalog.nameEn' },
        ]}
      >
        <ul>
          {data.taxClasses.map((c) => (
            <li key={c.id}>
              <code>{c.code}</code> {name(c)}:{' '}
              {c.rates.map((r) => t('reference.rateFrom', { rate: r.rateBp / 100, date: formatDay(locale, r.validFrom) })).join(', ')}
            </li>
          ))}
        </ul>
      </Section>
      <Section
        intent="tax-rate"
        title="reference.taxRates"
        fields={[
          {
            name: 'taxClassId',
            label: 'deskCatalog.taxClass',
            options: data.taxClasses.map((c) => ({ value: c.id, label: `${c.code} · ${name(c)}` })),
          },
          { name: 'validFrom', label: 'prices.validFrom', type: 'date' },
          { name: 'ratePercent', label: 'reference.ratePercent' },
        ]}
      >
        <p className="muted small">{t('reference.ratesIntro')}</p>
      </Section>
    </section>
  )
}
