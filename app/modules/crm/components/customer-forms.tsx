import { getFormProps, getInputProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { Form } from '@remix-run/react'
import { CheckboxField, Field, FormErrors, SelectField, validationTiming } from '../../../components/forms'
import { useT } from '../../../i18n/react'
import { ContactForm, InteractionForm } from '../customer-schemas'
import type { ContactView } from '../customers.server'

// The customer card's two forms: a contact (add or edit), and an interaction with its next step.

export function ContactFormView({ contact, lastResult, id }: { contact?: ContactView; lastResult?: SubmissionResult<string[]>; id: string }) {
  const { t } = useT()
  const [form, fields] = useForm({
    id,
    lastResult,
    constraint: getZodConstraint(ContactForm),
    defaultValue: contact
      ? {
          intent: 'contact',
          contactId: contact.id,
          fullName: contact.fullName,
          position: contact.position,
          phone: contact.phone ?? '',
          email: contact.email ?? '',
          locale: contact.locale,
          consent: contact.consent ? 'on' : undefined,
        }
      : { intent: 'contact', locale: 'ru' },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ContactForm }),
    ...validationTiming,
  })
  return (
    <Form
      method="post"
      {...getFormProps(form)}
      className="stack"
      aria-label={contact ? `${t('crm.card.contact.edit')}: ${contact.fullName}` : t('crm.card.contact.add')}
    >
      <input {...getInputProps(fields.intent, { type: 'hidden' })} key={fields.intent.key} />
      {contact ? <input {...getInputProps(fields.contactId, { type: 'hidden' })} key={fields.contactId.key} /> : null}
      <FormErrors id={form.errorId} errors={form.errors} />
      <div className="form-row">
        <Field meta={fields.fullName} label={t('crm.form.fullName')} autoComplete="off" />
        <Field meta={fields.position} label={t('crm.form.position')} />
        <Field meta={fields.phone} label={t('crm.form.phoneLabel')} type="text" inputMode="tel" />
        <Field meta={fields.email} label={t('crm.form.emailLabel')} type="email" />
        <SelectField
          meta={fields.locale}
          label={t('crm.form.locale')}
          options={[
            { value: 'ru', label: 'Русский' },
            { value: 'en', label: 'English' },
          ]}
        />
      </div>
      <CheckboxField meta={fields.consent} label={t('crm.form.consent')} />
      <button type="submit">{t('crm.form.save')}</button>
    </Form>
  )
}

export function InteractionFormView({
  contacts,
  today,
  lastResult,
}: {
  contacts: { id: string; fullName: string }[]
  today: string
  lastResult?: SubmissionResult<string[]>
}) {
  const { t } = useT()
  const [form, fields] = useForm({
    id: 'log-interaction',
    lastResult,
    constraint: getZodConstraint(InteractionForm),
    defaultValue: { intent: 'interaction', kind: 'call', occurredOn: today },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: InteractionForm }),
    ...validationTiming,
  })
  return (
    <Form method="post" {...getFormProps(form)} className="stack" aria-labelledby="log-title">
      <h2 id="log-title">{t('crm.card.log')}</h2>
      <input {...getInputProps(fields.intent, { type: 'hidden' })} key={fields.intent.key} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <div className="form-row">
        <SelectField
          meta={fields.kind}
          label={t('crm.form.interactionKind')}
          options={(['call', 'meeting', 'email', 'visit'] as const).map((k) => ({ value: k, label: t(`crm.interaction.${k}`) }))}
        />
        <SelectField
          meta={fields.contactId}
          label={t('crm.form.contact')}
          options={[{ value: '', label: t('crm.form.noContact') }, ...contacts.map((c) => ({ value: c.id, label: c.fullName }))]}
        />
        <Field meta={fields.occurredOn} label={t('crm.form.occurredOn')} type="date" />
      </div>
      <Field meta={fields.subject} label={t('crm.form.subject')} />
      <Field meta={fields.notes} label={t('crm.form.notes')} multiline />
      <Field meta={fields.outcome} label={t('crm.form.outcome')} />
      <div className="form-row">
        <Field meta={fields.nextStep} label={t('crm.form.nextStepLabel')} />
        <Field meta={fields.nextStepDue} label={t('crm.form.nextStepDueLabel')} type="date" />
      </div>
      <button type="submit">{t('crm.form.save')}</button>
    </Form>
  )
}
