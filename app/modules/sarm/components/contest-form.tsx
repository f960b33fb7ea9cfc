import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { Form } from '@remix-run/react'
import { CheckboxField, ErrorList, Field, FormErrors, SelectField, validationTiming } from '../../../components/forms'
import { useT } from '../../../i18n/react'
import { defaultThresholds, type Thresholds } from '../contest-checks'
import { thresholdKeys, type ContestInput } from '../contest-schemas'

// The desk's contest form, new and edit: period, metric, products' categories and dealers taking part, prizes by
// place (roubles), the minimum of active sellers per shop, the rules published to participants, and the checks'
// thresholds (empty: the default shown beside it). The server checks everything and answers with field errors.

/** What the form opens with: the contest as stored, its thresholds null when it keeps every default. */
export type ContestFormDefaults = Omit<ContestInput, 'thresholds'> & { thresholds: Partial<Thresholds> | null }

export function ContestForm({
  id,
  defaults,
  options,
  lastResult,
  busy,
}: {
  id: string
  defaults: ContestFormDefaults
  options: { categories: { id: string; name: string }[]; dealers: { id: string; name: string }[] }
  lastResult?: SubmissionResult<string[]>
  busy: boolean
}) {
  const { t } = useT()
  const [form, fields] = useForm({
    id,
    lastResult,
    defaultValue: {
      ...defaults,
      improvement: defaults.improvement ? 'on' : undefined,
      prizes: defaults.prizes.map((p) => String(p.amountMinor / 100)).join('; '),
      minActiveSellers: String(defaults.minActiveSellers),
      thresholds: Object.fromEntries(thresholdKeys.map((k) => [k, defaults.thresholds?.[k] === undefined ? '' : String(defaults.thresholds[k])])),
    },
    ...validationTiming,
  })
  const thresholds = fields.thresholds.getFieldset()
  return (
    <Form method="post" {...getFormProps(form)} className="card">
      <input type="hidden" name="intent" value="save" />
      <div className="grid-2">
        <Field meta={fields.nameRu} label={t('sarm.contest.nameRu')} />
        <Field meta={fields.nameEn} label={t('sarm.contest.nameEn')} />
        <Field meta={fields.periodStart} label={t('sarm.contest.periodStart')} type="date" />
        <Field meta={fields.periodEnd} label={t('sarm.contest.periodEnd')} type="date" />
        <SelectField
          meta={fields.metric}
          label={t('sarm.contest.metric')}
          options={[
            { value: 'units', label: t('sarm.contest.metric.units') },
            { value: 'revenue', label: t('sarm.contest.metric.revenue') },
          ]}
        />
        <Field
          meta={fields.minActiveSellers}
          label={t('sarm.contest.minActiveSellers')}
          inputMode="numeric"
          hint={t('sarm.contest.minActiveSellersHint')}
        />
      </div>
      <CheckboxField meta={fields.improvement} label={t('sarm.contest.improvement')} />
      <Field meta={fields.prizes} label={t('sarm.contest.prizes')} hint={t('sarm.contest.prizesHint')} />
      <div className="grid-2">
        <div className="field">
          <label htmlFor={`${id}-categories`}>{t('sarm.contest.categories')}</label>
          <select id={`${id}-categories`} name="categoryIds" multiple size={6} defaultValue={defaults.categoryIds}>
            {options.categories.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
          <p className="hint">{t('sarm.contest.categoriesHint')}</p>
          <ErrorList errors={fields.categoryIds.errors} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-dealers`}>{t('sarm.contest.dealers')}</label>
          <select id={`${id}-dealers`} name="orgIds" multiple size={6} defaultValue={defaults.orgIds}>
            {options.dealers.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
          <p className="hint">{t('sarm.contest.dealersHint')}</p>
          <ErrorList errors={fields.orgIds.errors} />
        </div>
      </div>
      <Field meta={fields.rulesRu} label={t('sarm.contest.rulesRu')} multiline />
      <Field meta={fields.rulesEn} label={t('sarm.contest.rulesEn')} multiline />
      <details>
        <summary>{t('sarm.contest.thresholds')}</summary>
        <div className="grid-2">
          {thresholdKeys.map((k) => (
            <Field
              key={k}
              meta={thresholds[k]}
              label={t(`sarm.threshold.${k}` as 'sarm.threshold.r2Tail')}
              inputMode="decimal"
              hint={t('sarm.contest.thresholdDefault', { value: String(defaultThresholds[k]) })}
            />
          ))}
        </div>
      </details>
      <FormErrors id={form.errorId} errors={form.errors} />
      <button type="submit" className="primary" disabled={busy}>
        {t('sarm.contest.save')}
      </button>
    </Form>
  )
}
