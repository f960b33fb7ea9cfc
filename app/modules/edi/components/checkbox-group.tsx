import { getCollectionProps, type FieldMetadata } from '@conform-to/react'
import { ErrorList } from '../../../components/forms'

// A set of checkboxes for one list field (API-key scopes, the messages a partner exchanges): a fieldset whose
// legend names it, its error tied to every box with aria-describedby, as the single fields do.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ListField = FieldMetadata<any, any, string[]>

export function CheckboxGroup({ meta, legend, options }: { meta: ListField; legend: string; options: { value: string; label: string }[] }) {
  const boxes = getCollectionProps(meta, { type: 'checkbox', options: options.map((o) => o.value) })
  return (
    <fieldset
      className="field"
      aria-invalid={meta.errors?.length ? true : undefined}
      aria-describedby={meta.errors?.length ? meta.errorId : undefined}
    >
      <legend>{legend}</legend>
      {boxes.map((props, i) => (
        <div className="field-checkbox" key={props.key}>
          <input {...props} key={props.key} />
          <label htmlFor={props.id}>{options[i].label}</label>
        </div>
      ))}
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </fieldset>
  )
}
