import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { Form } from '@remix-run/react'
import { Field, FormErrors, SelectField, validationTiming } from '../../../components/forms'
import { useT } from '../../../i18n/react'
import { organisationKinds, verificationStatuses } from '../roles'
import { OrganisationSchema, type OrganisationInput } from '../schemas'

/** Create and edit share this form; the server runs the same schema (checksums included) again. */
export function OrganisationForm({
  defaultValue,
  lastResult,
  submitLabel,
}: {
  defaultValue?: Partial<Record<keyof OrganisationInput, string>>
  lastResult?: SubmissionResult<string[]> | null
  submitLabel: string
}) {
  const { t } = useT()
  const [form, fields] = useForm({
    id: 'organisation',
    constraint: getZodConstraint(OrganisationSchema),
    defaultValue: { country: 'RU', verificationStatus: 'pending', kind: 'dealer', ...defaultValue },
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: OrganisationSchema }),
    ...validationTiming,
  })
  return (
    <Form method="post" {...getFormProps(form)} className="narrow">
      <input type="hidden" name="intent" value="save" />
      <div className="grid-2">
        <SelectField meta={fields.kind} label={t('admin.org.kind')} options={organisationKinds.map((k) => ({ value: k, label: t(`kind.${k}`) }))} />
        <SelectField
          meta={fields.verificationStatus}
          label={t('admin.org.verification')}
          options={verificationStatuses.map((s) => ({ value: s, label: t(`status.${s}`) }))}
        />
      </div>
      <Field meta={fields.legalName} label={t('admin.org.legalName')} hint={t('admin.org.legalNameHint')} />
      <Field meta={fields.shortName} label={t('admin.org.shortName')} />
      <div className="grid-2">
        <Field meta={fields.country} label={t('admin.org.country')} hint={t('admin.org.countryHint')} />
        <Field meta={fields.vatId} label={t('admin.org.vatId')} hint={t('admin.org.vatIdHint')} />
        <Field meta={fields.inn} label={t('admin.org.inn')} hint={t('admin.org.innHint')} />
        <Field meta={fields.kpp} label={t('admin.org.kpp')} />
      </div>
      <FormErrors id={form.errorId} errors={form.errors} />
      <button type="submit" className="primary">
        {submitLabel}
      </button>
    </Form>
  )
}
