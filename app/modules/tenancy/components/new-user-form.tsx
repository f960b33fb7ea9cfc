import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { Form } from '@remix-run/react'
import type { z } from 'zod'
import { Field, FormErrors, SelectField, validationTiming } from '../../../components/forms'
import { useT } from '../../../i18n/react'

/**
 * A new user with an initial password the administrator hands over; the user changes it after signing in. An
 * organisation admin's form invites (the password serves only if the address has no account yet).
 */
export function NewUserForm({
  schema,
  lastResult,
  roleOptions,
  orgOptions,
  submitLabel,
}: {
  schema: z.ZodTypeAny
  lastResult?: SubmissionResult<string[]> | null
  roleOptions: { value: string; label: string }[]
  orgOptions?: { value: string; label: string }[]
  submitLabel?: string
}) {
  const { t } = useT()
  const [form, fields] = useForm({
    id: 'new-user',
    constraint: getZodConstraint(schema),
    defaultValue: { locale: 'ru', role: roleOptions[0]?.value, orgId: orgOptions?.[0]?.value },
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    ...validationTiming,
  })
  return (
    <Form method="post" {...getFormProps(form)} className="narrow">
      <Field meta={fields.displayName} label={t('admin.user.name')} autoComplete="off" />
      <Field meta={fields.email} label={t('login.email')} type="email" autoComplete="off" />
      <Field
        meta={fields.password}
        label={t('admin.user.initialPassword')}
        type="password"
        autoComplete="new-password"
        hint={t('admin.user.initialPasswordHint')}
      />
      <SelectField
        meta={fields.locale}
        label={t('admin.user.language')}
        options={[
          { value: 'ru', label: 'Русский' },
          { value: 'en', label: 'English' },
        ]}
      />
      {orgOptions ? <SelectField meta={fields.orgId} label={t('admin.user.organisation')} options={orgOptions} /> : null}
      <SelectField meta={fields.role} label={t('admin.user.role')} options={roleOptions} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <button type="submit" className="primary">
        {submitLabel ?? t('admin.user.create')}
      </button>
    </Form>
  )
}
