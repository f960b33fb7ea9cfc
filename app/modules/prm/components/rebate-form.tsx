import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { Form } from '@remix-run/react'
import type { RebateStep } from '../../../../db/schema/prm'
import { CellInput, CheckboxField, Field, FormErrors, SelectField, validationTiming } from '../../../components/forms'
import { useT } from '../../../i18n/react'

// The desk's rebate programme form, for a new programme and for editing one: the steps are rows of threshold and
// rate (roubles and percent, or units and roubles per unit); empty rows are ignored. The server checks everything
// (the steps' rules need the whole list), so the form shows its field errors from the reply.

export interface RebateFormDefaults {
  code: string
  nameRu: string
  nameEn: string
  periodKind: string
  kind: 'percent' | 'per_unit'
  growth: boolean
  active: boolean
  minTierRank: number | null
  budgetMinor: number | null
  validFrom: string
  validTo: string | null
  steps: RebateStep[]
}

const stepText = (kind: 'percent' | 'per_unit', s: RebateStep) =>
  kind === 'percent'
    ? { from: String(s.from / 100), rate: String((s.rateBp ?? 0) / 100) }
    : { from: String(s.from), rate: String((s.amountPerUnitMinor ?? 0) / 100) }

export function RebateProgrammeForm({
  id,
  defaults,
  lastResult,
  busy,
}: {
  id: string
  defaults: RebateFormDefaults
  lastResult?: SubmissionResult<string[]>
  busy: boolean
}) {
  const { t } = useT()
  const [form, fields] = useForm({
    id,
    lastResult,
    defaultValue: {
      ...defaults,
      growth: defaults.growth ? 'on' : undefined,
      active: defaults.active ? 'on' : undefined,
      minTierRank: defaults.minTierRank ?? undefined,
      budget: defaults.budgetMinor === null ? '' : String(defaults.budgetMinor / 100),
      validTo: defaults.validTo ?? undefined,
      steps: undefined,
    },
    ...validationTiming,
  })
  const rows = Math.min(10, Math.max(4, defaults.steps.length + 2))
  const kind = defaults.kind
  return (
    <Form method="post" {...getFormProps(form)} className="card">
      <input type="hidden" name="intent" value="save" />
      <div className="grid-2">
        <Field meta={fields.code} label={t('rebate.code')} />
        <SelectField
          meta={fields.periodKind}
          label={t('rebate.periodKind')}
          options={(['quarter', 'month', 'year'] as const).map((p) => ({ value: p, label: t(`rebate.period.${p}`) }))}
        />
        <Field meta={fields.nameRu} label={t('rebate.nameRu')} />
        <Field meta={fields.nameEn} label={t('rebate.nameEn')} />
        <SelectField
          meta={fields.kind}
          label={t('rebate.kind')}
          options={(['percent', 'per_unit'] as const).map((k) => ({ value: k, label: t(`rebate.kind.${k}`) }))}
        />
        <Field meta={fields.minTierRank} label={t('rebate.minTierRank')} inputMode="numeric" />
        <Field meta={fields.budget} label={t('rebate.budget')} inputMode="decimal" />
        <Field meta={fields.validFrom} label={t('rebate.validFrom')} type="date" />
        <Field meta={fields.validTo} label={t('rebate.validTo')} type="date" />
      </div>
      <CheckboxField meta={fields.growth} label={t('rebate.growth')} />
      <CheckboxField meta={fields.active} label={t('rebate.active')} />
      <fieldset>
        <legend>{t('rebate.steps')}</legend>
        <FormErrors errors={form.allErrors.steps} />
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t(`rebate.stepFrom.${kind}`)}</th>
              <th scope="col">{t(`rebate.stepRate.${kind}`)}</th>
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: rows }, (_, i) => {
              const d = defaults.steps[i] ? stepText(kind, defaults.steps[i]) : { from: '', rate: '' }
              return (
                <tr key={i}>
                  <td>
                    <CellInput
                      id={`${id}-step-from-${i}`}
                      label={t('rebate.stepFromFor', { n: i + 1 })}
                      name={`steps[${i}].from`}
                      errors={form.allErrors[`steps[${i}].from`]}
                      inputMode="decimal"
                      size={12}
                      defaultValue={d.from}
                    />
                  </td>
                  <td>
                    <CellInput
                      id={`${id}-step-rate-${i}`}
                      label={t('rebate.stepRateFor', { n: i + 1 })}
                      name={`steps[${i}].rate`}
                      errors={form.allErrors[`steps[${i}].rate`]}
                      inputMode="decimal"
                      size={6}
                      defaultValue={d.rate}
                    />
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </fieldset>
      <FormErrors id={form.errorId} errors={form.errors} />
      <button type="submit" className="primary" disabled={busy}>
        {t('rebate.save')}
      </button>
    </Form>
  )
}
