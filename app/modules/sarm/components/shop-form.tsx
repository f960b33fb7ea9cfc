import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { Form } from '@remix-run/react'
import { ErrorList, Field, FormErrors, validationTiming } from '../../../components/forms'
import { useT } from '../../../i18n/react'
import { ShopInput } from '../sale-schemas'

/** A shop's fields, to create one (no `shop`) or edit it; the manager is one of the dealer's shop managers or admins. */
export function ShopForm({
  shop,
  managers,
  lastResult,
}: {
  shop?: { id: string; code: string; name: string; address: string; region: string; managerUserId: string | null }
  managers: { userId: string; name: string; email: string }[]
  lastResult?: SubmissionResult<string[]>
}) {
  const { t } = useT()
  const [form, fields] = useForm({
    id: shop ? `shop-${shop.id}` : 'shop-new',
    lastResult,
    constraint: getZodConstraint(ShopInput),
    defaultValue: shop ? { ...shop, managerUserId: shop.managerUserId ?? '' } : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ShopInput }),
    ...validationTiming,
  })
  return (
    <Form method="post" {...getFormProps(form)} className="card narrow">
      <input type="hidden" name="intent" value="saveShop" />
      {shop ? <input type="hidden" name="shopId" value={shop.id} /> : null}
      <Field meta={fields.code} label={t('sarm.shops.code')} hint={t('sarm.shops.codeHint')} />
      <Field meta={fields.name} label={t('sarm.shops.name')} />
      <Field meta={fields.address} label={t('sarm.shops.address')} />
      <Field meta={fields.region} label={t('sarm.shops.region')} />
      <div className="field">
        <label htmlFor={fields.managerUserId.id}>{t('sarm.shops.manager')}</label>
        <select id={fields.managerUserId.id} name={fields.managerUserId.name} defaultValue={fields.managerUserId.initialValue ?? ''}>
          <option value="">{t('sarm.shops.noManager')}</option>
          {managers.map((m) => (
            <option key={m.userId} value={m.userId}>
              {m.name} ({m.email})
            </option>
          ))}
        </select>
        <ErrorList id={fields.managerUserId.errorId} errors={fields.managerUserId.errors} />
      </div>
      <FormErrors id={form.errorId} errors={form.errors} />
      <button type="submit" className="primary">
        {shop ? t('sarm.shops.save') : t('sarm.shops.create')}
      </button>
    </Form>
  )
}
