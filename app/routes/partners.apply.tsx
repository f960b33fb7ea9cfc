import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { CheckboxField, ErrorList, Field, FormErrors, Notice, SelectField, validationTiming } from '../components/forms'
import { translate } from '../i18n'
import { resolveLocale } from '../i18n/locale.server'
import { useT } from '../i18n/react'
import { productFormOptions } from '../modules/catalog/queries.server'
import { submitApplication } from '../modules/prm/applications.server'
import { ApplySchema, regionCodes } from '../modules/prm/application-schemas'
import { parseForm, readFormData } from '../utils/http.server'

// The public "become a partner" form (issue 13): no sign-in; the server's origin check and body limit apply as to
// every POST, and the schema bounds each field, so a 100 kB name is a field error and nothing is stored.
export const meta: MetaFunction = ({ matches }) => {
  const locale = (matches.find((m) => m.id === 'root')?.data as { locale?: 'ru' | 'en' } | undefined)?.locale ?? 'ru'
  return [{ title: translate(locale, 'application.title') }]
}

async function categoryOptions() {
  return (await productFormOptions()).categories
}

export async function loader(_: LoaderFunctionArgs) {
  return json({ categories: await categoryOptions() })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readFormData(request)
  const submission = parseForm(formData, { schema: ApplySchema })
  if (submission.status !== 'success') return json({ result: submission.reply(), sent: null }, { status: 400 })
  const known = new Set((await categoryOptions()).map((c) => c.id))
  if (submission.value.interests.some((id) => !known.has(id)))
    return json({ result: submission.reply({ fieldErrors: { interests: ['application.error.unknownInterest'] } }), sent: null }, { status: 400 })
  const locale = resolveLocale(request)
  const sent = await submitApplication({ data: submission.value, locale, ip: context.clientIp })
  return json({ result: submission.reply({ resetForm: true }), sent: { number: sent.number, email: submission.value.contactEmail } })
}

export default function ApplyPage() {
  const { categories } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const { t, locale } = useT()
  const [form, fields] = useForm({
    id: 'apply',
    constraint: getZodConstraint(ApplySchema),
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ApplySchema }),
    ...validationTiming,
  })
  if (actionData?.sent)
    return (
      <section className="card auth-card" aria-labelledby="apply-title">
        <h1 id="apply-title">{t('application.sent.title', { number: actionData.sent.number })}</h1>
        <Notice tone="success">{t('application.sent.text', { email: actionData.sent.email })}</Notice>
      </section>
    )
  const interests = fields.interests
  return (
    <section className="card" aria-labelledby="apply-title">
      <h1 id="apply-title">{t('application.title')}</h1>
      <p className="muted">{t('application.subtitle')}</p>
      <Form method="post" {...getFormProps(form)}>
        <fieldset>
          <legend>{t('application.section.company')}</legend>
          <Field meta={fields.legalName} label={t('application.legalName')} autoComplete="organization" />
          <Field meta={fields.shortName} label={t('application.shortName')} />
          <Field meta={fields.inn} label={t('application.inn')} inputMode="numeric" />
          <Field meta={fields.kpp} label={t('application.kpp')} hint={t('application.kppHint')} />
          <SelectField
            meta={fields.region}
            label={t('application.region')}
            options={[{ value: '', label: '—' }, ...regionCodes.map((r) => ({ value: r, label: t(`region.${r}`) }))]}
          />
        </fieldset>
        <fieldset aria-describedby={interests.errorId}>
          <legend>{t('application.section.interests')}</legend>
          {categories.map((c) => (
            <div className="field field-checkbox" key={c.id}>
              <input
                {...getInputProps(interests, { type: 'checkbox', value: c.id })}
                id={`interest-${c.id}`}
                key={c.id}
                name={interests.name}
                defaultChecked={(interests.initialValue as string[] | undefined)?.includes(c.id)}
              />
              <label htmlFor={`interest-${c.id}`}>{locale === 'ru' ? c.nameRu : c.nameEn}</label>
            </div>
          ))}
          <ErrorList id={interests.errorId} errors={interests.errors} />
          <Field meta={fields.interestsNote} label={t('application.interestsNote')} multiline />
        </fieldset>
        <fieldset>
          <legend>{t('application.section.contact')}</legend>
          <Field meta={fields.contactName} label={t('application.contactName')} autoComplete="name" />
          <Field meta={fields.contactEmail} label={t('application.contactEmail')} type="email" autoComplete="email" />
          <Field meta={fields.contactPhone} label={t('application.contactPhone')} autoComplete="tel" inputMode="tel" />
        </fieldset>
        <p className="consent-text">{t('application.consent.text')}</p>
        <CheckboxField meta={fields.consent} label={t('application.consent.label')} />
        <FormErrors id={form.errorId} errors={form.errors} />
        <button type="submit" className="primary" disabled={navigation.state === 'submitting'}>
          {t('application.submit')}
        </button>
      </Form>
    </section>
  )
}
