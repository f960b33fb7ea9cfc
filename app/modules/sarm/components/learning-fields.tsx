import { ErrorList } from '../../../components/forms'
import { useT } from '../../../i18n/react'

// The plain fields of the desk's new-training and new-event forms, one markup: a label, the input (or a text area
// for the longer texts) and the field's errors under it, tied together by id for screen readers; and the part both
// forms open with (the kind, the titles and the descriptions in both languages).

type FieldErrors = Record<string, readonly (string | null | undefined)[] | null | undefined> | undefined

export function useLearningFields(errors: FieldErrors, textareaRows: number) {
  const { t } = useT()
  const err = (name: string) => <ErrorList id={`${name}-error`} errors={errors?.[name] ?? undefined} />
  const field = (name: string, label: string, type: 'text' | 'number' | 'datetime-local' = 'text', multiline = false) => (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      {multiline ? (
        <textarea id={name} name={name} rows={textareaRows} aria-describedby={`${name}-error`} />
      ) : (
        <input id={name} name={name} type={type} aria-describedby={`${name}-error`} />
      )}
      {err(name)}
    </div>
  )
  /** The kind (the first one chosen to begin with), then the title and the description in both languages. */
  const basics = <K extends string>(kinds: readonly K[], kindLabel: (kind: K) => string) => (
    <>
      <fieldset className="field">
        <legend>{t('sarm.deskTraining.kind')}</legend>
        {kinds.map((k) => (
          <label key={k} className="field-checkbox">
            <input type="radio" name="kind" value={k} defaultChecked={k === kinds[0]} /> {kindLabel(k)}
          </label>
        ))}
        {err('kind')}
      </fieldset>
      {field('titleRu', t('sarm.deskTraining.titleRu'))}
      {field('titleEn', t('sarm.deskTraining.titleEn'))}
      {field('descriptionRu', t('sarm.deskTraining.descriptionRu'), 'text', true)}
      {field('descriptionEn', t('sarm.deskTraining.descriptionEn'), 'text', true)}
    </>
  )
  return { err, field, basics }
}
