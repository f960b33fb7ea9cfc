import {
  getFieldsetProps,
  getFormProps,
  getInputProps,
  getSelectProps,
  useForm,
  type FieldMetadata,
  type FormMetadata,
  type SubmissionResult,
} from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { Form } from '@remix-run/react'
import { useMemo } from 'react'
import { ErrorList, Field, FormErrors, SelectField, validationTiming } from '../../../components/forms'
import { useT } from '../../../i18n/react'
import type { TierFormDefaults } from '../tier-editor.server'
import { criterionKinds } from '../tier-rules'
import { MAX_CRITERIA, MAX_TIERS, tierEditorSchema, type TierEditorValue } from '../tier-schemas'

// The desk's tier editor: one fieldset per tier (names, benefits, criteria as rows), rows and tiers added and
// removed with conform's list intents — buttons that submit, so they work without JavaScript too (the server
// answers with the changed list). Only the top tier can be removed, and only when no one holds it.

type Option = { value: string; label: string }

export interface TierEditorProps {
  revision: string
  defaults: TierFormDefaults[]
  groups: Option[]
  categories: Option[]
  /** Stored tier ids that may be removed, and the holders of each stored tier. */
  removable: string[]
  held: Record<string, number>
  lastResult?: SubmissionResult<string[]>
  busy: boolean
}

type EditorForm = { intent: 'tiers'; revision: string; tiers: TierFormDefaults[] }

const newCriterion: TierFormDefaults['criteria'][number] = { kind: 'revenue_12m', op: 'gte', threshold: '', categoryIds: [] }

export function TierEditor({ revision, defaults, groups, categories, removable, held, lastResult, busy }: TierEditorProps) {
  const { t, locale } = useT()
  const schema = useMemo(() => tierEditorSchema(locale), [locale])
  const [form, fields] = useForm<EditorForm, TierEditorValue>({
    id: 'tiers',
    lastResult,
    constraint: getZodConstraint(schema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    defaultValue: { tiers: defaults },
    ...validationTiming,
  })
  const tiers = fields.tiers.getFieldList()
  const top = tiers.length - 1
  const topId = top >= 0 ? (tiers[top].getFieldset().id.initialValue as string | undefined) : undefined
  const topRemovable = tiers.length > 1 && (!topId || removable.includes(topId))
  return (
    <Form method="post" {...getFormProps(form)} className="tier-editor">
      {/* Enter in a field saves: the first submit button of a form is the one Enter presses, not "remove". */}
      <button type="submit" className="visually-hidden" tabIndex={-1} aria-hidden="true" disabled={busy}>
        {t('tierEditor.save')}
      </button>
      <input type="hidden" name="intent" value="tiers" />
      <input type="hidden" name="revision" value={revision} />
      <FormErrors id={form.errorId} errors={[...(form.errors ?? []), ...(fields.tiers.errors ?? [])]} />
      {tiers.map((tier, i) => {
        const f = tier.getFieldset()
        const name = (locale === 'ru' ? f.nameRu.initialValue : f.nameEn.initialValue) || t('tierEditor.newTier')
        return (
          <fieldset key={tier.key ?? `tier-${i}`} className="card tier-editor-tier">
            <legend>{t('tierEditor.legend', { rank: i + 1, name })}</legend>
            <input {...getInputProps(f.id, { type: 'hidden' })} key={f.id.key} />
            <input {...getInputProps(f.rank, { type: 'hidden' })} key={f.rank.key} />
            <div className="grid-2">
              <Field meta={f.nameRu} label={t('tierEditor.nameRu')} />
              <Field meta={f.nameEn} label={t('tierEditor.nameEn')} />
            </div>
            <fieldset className="tier-editor-group">
              <legend>{t('tierEditor.benefits')}</legend>
              <div className="grid-2">
                <SelectField
                  meta={f.dealerGroup}
                  label={t('tierEditor.dealerGroup')}
                  options={[{ value: '', label: t('tierEditor.noGroup') }, ...groups]}
                />
                <Field meta={f.dealProtectionDays} label={t('tierEditor.dealProtectionDays')} inputMode="numeric" />
                <Field meta={f.rebateBonus} label={t('tierEditor.rebateBonus')} inputMode="decimal" />
                <Field meta={f.dealBonus} label={t('tierEditor.dealBonus')} inputMode="decimal" />
              </div>
              <div className="grid-2">
                <Field meta={f.perksRu} label={t('tierEditor.perksRu')} multiline />
                <Field meta={f.perksEn} label={t('tierEditor.perksEn')} multiline />
              </div>
            </fieldset>
            <CriteriaRows form={form} list={f.criteria} entry={i === 0} categories={categories} />
            {i === top && tiers.length > 1 ? (
              topRemovable ? (
                <button
                  {...form.remove.getButtonProps({ name: fields.tiers.name, index: i })}
                  className="danger"
                  disabled={busy}
                  aria-label={t('tierEditor.removeTier', { name })}
                >
                  {t('tierEditor.removeTier', { name })}
                </button>
              ) : (
                <p className="muted">{topId && held[topId] ? t('tierEditor.topHeld', { count: held[topId] }) : t('tierEditor.topInHistory')}</p>
              )
            ) : null}
          </fieldset>
        )
      })}
      <p className="actions">
        {tiers.length < MAX_TIERS ? (
          <button
            {...form.insert.getButtonProps({
              name: fields.tiers.name,
              defaultValue: { rank: String(tiers.length + 1), nameRu: '', nameEn: '', criteria: [newCriterion] },
            })}
            disabled={busy}
          >
            {t('tierEditor.addTier')}
          </button>
        ) : null}
        <button type="submit" className="primary" disabled={busy}>
          {t('tierEditor.save')}
        </button>
      </p>
    </Form>
  )
}

type FormMeta = FormMetadata<EditorForm, string[]>
type ListMeta = FieldMetadata<TierFormDefaults['criteria'], EditorForm, string[]>

function CriteriaRows({ form, list, entry, categories }: { form: FormMeta; list: ListMeta; entry: boolean; categories: Option[] }) {
  const { t } = useT()
  const rows = list.getFieldList()
  const kindOptions = criterionKinds.map((k) => ({ value: k, label: t(`tier.kind.${k}`) }))
  const opOptions = (['gte', 'lte'] as const).map((o) => ({ value: o, label: t(`tier.op.${o}`) }))
  return (
    <fieldset {...getFieldsetProps(list)} className="tier-editor-group">
      <legend>{t('tierEditor.criteria')}</legend>
      <ErrorList id={list.errorId} errors={list.errors} />
      {entry && !rows.length ? <p className="muted">{t('tierEditor.entryNote')}</p> : null}
      {rows.map((row, j) => {
        const c = row.getFieldset()
        const hintId = `${c.categoryIds.id}-hint`
        const select = getSelectProps(c.categoryIds, { ariaDescribedBy: hintId })
        return (
          <fieldset key={row.key ?? `criterion-${j}`} className="tier-editor-criterion">
            <legend>{t('tierEditor.criterion', { n: j + 1 })}</legend>
            <div className="tier-editor-row">
              <SelectField meta={c.kind} label={t('tierEditor.kind')} options={kindOptions} />
              <SelectField meta={c.op} label={t('tierEditor.op')} options={opOptions} />
              <Field meta={c.threshold} label={t('tierEditor.threshold')} inputMode="decimal" hint={t('tierEditor.thresholdHint')} />
              {categories.length ? (
                <div className="field">
                  <label htmlFor={c.categoryIds.id}>{t('tierEditor.categories')}</label>
                  <select {...select} key={select.key} multiple size={Math.min(4, categories.length)}>
                    {categories.map((o) => (
                      <option key={o.value} value={o.value}>
                        {o.label}
                      </option>
                    ))}
                  </select>
                  <p id={hintId} className="hint">
                    {t('tierEditor.categoriesHint')}
                  </p>
                  <ErrorList id={c.categoryIds.errorId} errors={c.categoryIds.errors} />
                </div>
              ) : null}
            </div>
            <button {...form.remove.getButtonProps({ name: list.name, index: j })}>{t('tierEditor.removeCriterion', { n: j + 1 })}</button>
          </fieldset>
        )
      })}
      {!entry || rows.length ? (
        rows.length < MAX_CRITERIA ? (
          <button {...form.insert.getButtonProps({ name: list.name, defaultValue: newCriterion })}>{t('tierEditor.addCriterion')}</button>
        ) : null
      ) : null}
    </fieldset>
  )
}
