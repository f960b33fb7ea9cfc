import { getInputProps, getSelectProps, getTextareaProps, type FieldMetadata } from '@conform-to/react'
import type { InputHTMLAttributes, ReactNode } from 'react'
import { useT } from '../i18n/react'

// The one form pattern (STYLE.md): conform + zod, errors beside the field, tied to it with aria-describedby.

/**
 * When every form shows its field errors: not before the first submit, so leaving an empty field with Tab or
 * Shift+Tab says nothing yet; after it, as the person types, so an error goes the moment it is fixed and the
 * submit button does not move under the pointer (stack-notes P8). Spread it into each `useForm` that validates.
 */
export const validationTiming = { shouldValidate: 'onSubmit', shouldRevalidate: 'onInput' } as const

// Field components take any conform field: the schema, not this component, decides the value's type.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyField = FieldMetadata<any, any, string[]>

export function ErrorList({ id, errors }: { id?: string; errors?: readonly (string | null | undefined)[] | null }) {
  const { tm } = useT()
  const list = errors?.filter((e): e is string => !!e)
  if (!list?.length) return null
  return (
    <ul id={id} className="error-list" role="alert">
      {list.map((e) => (
        <li key={e}>{tm(e)}</li>
      ))}
    </ul>
  )
}

type InputType = 'text' | 'email' | 'password' | 'search' | 'date' | 'datetime-local' | 'number'

export function Field({
  meta,
  label,
  type = 'text',
  hint,
  autoComplete,
  autoFocus,
  inputMode,
  multiline,
}: {
  meta: AnyField
  label: string
  type?: InputType
  hint?: string
  autoComplete?: string
  autoFocus?: boolean
  inputMode?: InputHTMLAttributes<HTMLInputElement>['inputMode']
  /** A text area, for longer text such as terms. */
  multiline?: boolean
}) {
  const hintId = hint ? `${meta.id}-hint` : undefined
  const props = getInputProps(meta, { type, ariaDescribedBy: hintId })
  const { key, ...textarea } = getTextareaProps(meta, { ariaDescribedBy: hintId })
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      {multiline ? (
        <textarea {...textarea} key={key} rows={4} />
      ) : (
        <input {...props} key={props.key} autoComplete={autoComplete} autoFocus={autoFocus} inputMode={inputMode} />
      )}
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  )
}

export function SelectField({
  meta,
  label,
  options,
  hint,
}: {
  meta: AnyField
  label: string
  options: { value: string; label: string }[]
  hint?: string
}) {
  const hintId = hint ? `${meta.id}-hint` : undefined
  const props = getSelectProps(meta, { ariaDescribedBy: hintId })
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      <select {...props} key={props.key}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  )
}

export function CheckboxField({ meta, label }: { meta: AnyField; label: string }) {
  const props = getInputProps(meta, { type: 'checkbox' })
  return (
    <div className="field field-checkbox">
      <input {...props} key={props.key} />
      <label htmlFor={meta.id}>{label}</label>
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  )
}

export function FormErrors({ id, errors }: { id?: string; errors?: readonly (string | null | undefined)[] | null }) {
  return <ErrorList id={id} errors={errors} />
}

export function Notice({ children, tone = 'info' }: { children: ReactNode; tone?: 'info' | 'success' | 'warning' }) {
  return (
    <p className={`notice notice-${tone}`} role="status">
      {children}
    </p>
  )
}

/**
 * An input inside a table row: its label is for screen readers (the column header says it to sighted users), and
 * its errors sit under it, tied with aria-describedby. For forms with one field per line (checkout dates, the
 * order desk's quantities).
 */
export function CellInput({
  id,
  label,
  errors,
  ...input
}: { id: string; label: string; errors?: readonly string[] | null } & Omit<InputHTMLAttributes<HTMLInputElement>, 'id'>) {
  const invalid = !!errors?.length
  return (
    <>
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <input id={id} aria-invalid={invalid ? true : undefined} aria-describedby={invalid ? `${id}-error` : undefined} {...input} />
      <ErrorList id={`${id}-error`} errors={errors} />
    </>
  )
}
