import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { Form } from '@remix-run/react'
import { CheckboxField, Field, FormErrors, SelectField, validationTiming } from '../../../components/forms'
import { useT } from '../../../i18n/react'
import { SegmentForm as Schema } from '../segment-schemas'

// The run form: the parameters a segmentation is computed from, with the anchor's defaults filled in.
export function SegmentForm({
  defaults,
  lastResult,
  busy,
}: {
  defaults: { basis: string; fromMonth: string; toMonth: string; cutA: number; cutB: number; xCv: number; yCv: number; discount: number }
  lastResult?: SubmissionResult<string[]>
  busy: boolean
}) {
  const { t } = useT()
  const [form, fields] = useForm({
    id: 'segment-run',
    lastResult,
    constraint: getZodConstraint(Schema),
    defaultValue: {
      ...defaults,
      cutA: String(defaults.cutA),
      cutB: String(defaults.cutB),
      xCv: String(defaults.xCv),
      yCv: String(defaults.yCv),
      discount: String(defaults.discount),
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: Schema }),
    ...validationTiming,
  })
  return (
    <Form method="post" {...getFormProps(form)} aria-labelledby="segment-form-title" className="stack">
      <h2 id="segment-form-title">{t('crm.segments.form.title')}</h2>
      <FormErrors id={form.errorId} errors={form.errors} />
      <div className="form-row">
        <SelectField
          meta={fields.basis}
          label={t('crm.segments.form.basis')}
          options={[
            { value: 'margin', label: t('crm.segments.basis.margin') },
            { value: 'revenue', label: t('crm.segments.basis.revenue') },
          ]}
        />
        <Field meta={fields.fromMonth} label={t('crm.segments.form.from')} hint="2026-01" />
        <Field meta={fields.toMonth} label={t('crm.segments.form.to')} hint="2026-12" />
      </div>
      <div className="form-row">
        <Field meta={fields.cutA} label={t('crm.segments.form.cutA')} inputMode="decimal" />
        <Field meta={fields.cutB} label={t('crm.segments.form.cutB')} inputMode="decimal" />
        <Field meta={fields.xCv} label={t('crm.segments.form.xCv')} inputMode="decimal" />
        <Field meta={fields.yCv} label={t('crm.segments.form.yCv')} inputMode="decimal" />
        <Field meta={fields.discount} label={t('crm.segments.form.discount')} inputMode="decimal" />
      </div>
      <CheckboxField meta={fields.seasonal} label={t('crm.segments.form.seasonal')} />
      <button type="submit" disabled={busy} aria-busy={busy}>
        {busy ? t('crm.segments.form.running') : t('crm.segments.form.submit')}
      </button>
    </Form>
  )
}
