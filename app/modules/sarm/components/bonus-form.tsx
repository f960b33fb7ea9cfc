import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { Form } from '@remix-run/react'
import { ErrorList, Field, FormErrors, SelectField, validationTiming } from '../../../components/forms'
import { useT } from '../../../i18n/react'
import type { BonusProgrammeInput } from '../bonus-schemas'

// The desk's bonus programme form, new and edit: period, what counts (SKUs and/or categories; none: everything),
// the dealers taking part (none: all), the norm, the rate per unit above it in roubles, an optional cap and the
// training to complete. The server checks the SKUs and the period's order, so their errors come from its reply.

/** What the form opens with: the programme as the server reads it back. */
export type BonusFormDefaults = BonusProgrammeInput

export interface BonusFormOptions {
  categories: { id: string; name_ru: string; name_en: string }[]
  dealers: { id: string; short_name: string }[]
  trainings: { id: string; titleRu: string; titleEn: string }[]
}

const roubles = (minor: number) => String(minor / 100)

export function BonusProgrammeForm({
  id,
  defaults,
  options,
  lastResult,
  busy,
}: {
  id: string
  defaults: BonusFormDefaults
  options: BonusFormOptions
  lastResult?: SubmissionResult<string[]>
  busy: boolean
}) {
  const { t, locale } = useT()
  const [form, fields] = useForm({
    id,
    lastResult,
    defaultValue: {
      nameRu: defaults.nameRu,
      nameEn: defaults.nameEn,
      periodStart: defaults.periodStart,
      periodEnd: defaults.periodEnd,
      skus: defaults.skus.join(' '),
      categoryIds: defaults.categoryIds,
      orgIds: defaults.orgIds,
      normUnits: String(defaults.normUnits),
      rate: defaults.rateMinor ? roubles(defaults.rateMinor) : '',
      cap: defaults.capMinor === null ? '' : roubles(defaults.capMinor),
      requiredTrainingId: defaults.requiredTrainingId ?? '',
      status: defaults.status,
    },
    ...validationTiming,
  })
  return (
    <Form method="post" {...getFormProps(form)} className="card">
      <input type="hidden" name="intent" value="save" />
      <FormErrors errors={form.errors} />
      <div className="grid-2">
        <Field meta={fields.nameRu} label={t('bonus.nameRu')} />
        <Field meta={fields.nameEn} label={t('bonus.nameEn')} />
        <Field meta={fields.periodStart} label={t('bonus.periodStart')} type="date" />
        <Field meta={fields.periodEnd} label={t('bonus.periodEnd')} type="date" />
        <Field meta={fields.normUnits} label={t('bonus.norm')} inputMode="numeric" hint={t('bonus.normHint')} />
        <Field meta={fields.rate} label={t('bonus.rate')} inputMode="decimal" hint={t('bonus.rateHint')} />
        <Field meta={fields.cap} label={t('bonus.cap')} inputMode="decimal" hint={t('bonus.capHint')} />
        <SelectField
          meta={fields.status}
          label={t('bonus.status')}
          options={(['active', 'draft', 'closed'] as const).map((s) => ({ value: s, label: t(`bonus.status.${s}`) }))}
        />
        <SelectField
          meta={fields.requiredTrainingId}
          label={t('bonus.training')}
          options={[
            { value: '', label: t('bonus.noTraining') },
            ...options.trainings.map((tr) => ({ value: tr.id, label: locale === 'ru' ? tr.titleRu : tr.titleEn })),
          ]}
        />
      </div>
      <Field meta={fields.skus} label={t('bonus.skus')} multiline hint={t('bonus.skusHint')} />
      <fieldset className="choice-list">
        <legend>{t('bonus.categories')}</legend>
        <p className="hint">{t('bonus.categoriesHint')}</p>
        {options.categories.map((c) => (
          <label key={c.id} className="field-checkbox">
            <input type="checkbox" name="categoryIds" value={c.id} defaultChecked={defaults.categoryIds.includes(c.id)} />{' '}
            {locale === 'ru' ? c.name_ru : c.name_en}
          </label>
        ))}
        <ErrorList errors={fields.categoryIds.errors} />
      </fieldset>
      <fieldset className="choice-list">
        <legend>{t('bonus.dealers')}</legend>
        <p className="hint">{t('bonus.dealersHint')}</p>
        {options.dealers.map((d) => (
          <label key={d.id} className="field-checkbox">
            <input type="checkbox" name="orgIds" value={d.id} defaultChecked={defaults.orgIds.includes(d.id)} /> {d.short_name}
          </label>
        ))}
        <ErrorList errors={fields.orgIds.errors} />
      </fieldset>
      <p className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {t('bonus.save')}
        </button>
      </p>
    </Form>
  )
}
