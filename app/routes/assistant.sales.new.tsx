import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { useState } from 'react'
import { ErrorList, Field, FormErrors, validationTiming } from '../components/forms'
import { useT } from '../i18n/react'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import { requireAssistant } from '../modules/sarm/assistant-guard.server'
import { BarcodeScan } from '../modules/sarm/components/barcode-scan'
import { MAX_PHOTO_BYTES } from '../modules/sarm/photo-check'
import { readPhoto } from '../modules/sarm/photo-upload.server'
import { listOwnShops, reportSale, searchDeliveredProducts } from '../modules/sarm/sale-reports.server'
import { ProductQuery, SaleReportInput } from '../modules/sarm/sale-schemas'
import { businessClock } from '../utils/clock.server'
import { parseForm, readFormData } from '../utils/http.server'

// An assistant reports a sale from the phone: the product by search among what the dealer received, or by its GTIN
// (typed, or scanned where the browser can); the photo of the receipt is optional and checked by its bytes.

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope, user } = await requireAssistant(request)
  const { q } = ProductQuery.parse(Object.fromEntries(new URL(request.url).searchParams))
  const [shops, found, { today }] = await Promise.all([
    listOwnShops({ scope, userId: user.id }),
    q ? searchDeliveredProducts({ scope, q }) : null,
    businessClock(),
  ])
  return json({ shops: shops.filter((s) => !s.endsOn || s.endsOn >= today), found, today })
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAssistant(request)
  const auth = await requirePermission(request, 'create:sale_report:own')
  const form = await readFormData(request)
  const submission = parseForm(form, { schema: SaleReportInput })
  const photo = await readPhoto(form.get('photo'))
  if (submission.status !== 'success' || !photo.ok)
    return json({ result: submission.reply(), photoError: photo.ok ? null : photo.error }, { status: 400 })
  const result = await reportSale({
    scope: auth.scope,
    actor: actorOf(auth, context.clientIp),
    userId: auth.user.id,
    input: submission.value,
    photo: photo.photo,
  })
  if (!result.ok)
    return json(
      { result: submission.reply({ fieldErrors: result.fieldErrors, formErrors: result.formErrors }), photoError: null },
      { status: result.status },
    )
  return redirect('/assistant/sales?reported=1')
}

export default function ReportSalePage() {
  const { shops, found, today } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const [params] = useSearchParams()
  const { t, locale } = useT()
  // Said before sending where the browser can: a photo over 5 MB would be refused whole by the server's body limit.
  const [tooLarge, setTooLarge] = useState(false)
  const [form, fields] = useForm({
    id: 'sale',
    lastResult: actionData?.result,
    constraint: getZodConstraint(SaleReportInput),
    defaultValue: { soldOn: today, qty: '1', shopId: shops[0]?.shopId },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SaleReportInput }),
    ...validationTiming,
  })
  if (!shops.length)
    return (
      <section aria-labelledby="new-sale-title" className="sarm-phone">
        <h1 id="new-sale-title">{t('sarm.sales.new')}</h1>
        <p>{t('sarm.sales.noShop')}</p>
      </section>
    )
  const gtin = getInputProps(fields.gtin, { type: 'text' })
  return (
    <section aria-labelledby="new-sale-title" className="sarm-phone">
      <p>
        <Link to="/assistant/sales">{t('sarm.sales.title')}</Link>
      </p>
      <h1 id="new-sale-title">{t('sarm.sales.new')}</h1>
      <Form method="get" className="filters" role="search">
        <label>
          {t('sarm.form.search')} <input type="search" name="q" defaultValue={params.get('q') ?? ''} maxLength={100} />
        </label>
        <button type="submit">{t('sarm.form.searchButton')}</button>
      </Form>
      <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="card">
        {shops.length > 1 ? (
          <div className="field">
            <label htmlFor="sale-shop">{t('sarm.form.shop')}</label>
            <select id="sale-shop" name={fields.shopId.name} defaultValue={fields.shopId.initialValue}>
              {shops.map((s) => (
                <option key={s.shopId} value={s.shopId}>
                  {s.name}
                </option>
              ))}
            </select>
            <ErrorList id={fields.shopId.errorId} errors={fields.shopId.errors} />
          </div>
        ) : (
          <>
            <input type="hidden" name={fields.shopId.name} value={shops[0].shopId} />
            <ErrorList id={fields.shopId.errorId} errors={fields.shopId.errors} />
          </>
        )}
        {found ? (
          found.length ? (
            <fieldset className="field">
              <legend>{t('sarm.form.product')}</legend>
              {found.map((p) => (
                <label key={p.id} className="field-checkbox">
                  <input type="radio" name={fields.productId.name} value={p.id} defaultChecked={found.length === 1} /> <code>{p.sku}</code>{' '}
                  {locale === 'ru' ? p.nameRu : p.nameEn}
                  {p.bySerial ? <span className="muted small"> ({t('sarm.form.bySerial')})</span> : null}
                </label>
              ))}
              <ErrorList id={fields.productId.errorId} errors={fields.productId.errors} />
            </fieldset>
          ) : (
            <p>{t('sarm.form.searchNone')}</p>
          )
        ) : (
          <ErrorList id={fields.productId.errorId} errors={fields.productId.errors} />
        )}
        <div className="field">
          <label htmlFor={fields.gtin.id}>{t('sarm.form.gtin')}</label>
          <input {...gtin} key={gtin.key} inputMode="numeric" autoComplete="off" />
          <BarcodeScan inputId={fields.gtin.id} />
          <ErrorList id={fields.gtin.errorId} errors={fields.gtin.errors} />
        </div>
        <Field meta={fields.qty} label={t('sarm.form.qty')} inputMode="numeric" />
        <Field meta={fields.serial} label={t('sarm.form.serial')} hint={t('sarm.form.serialHint')} autoComplete="off" />
        <Field meta={fields.soldOn} label={t('sarm.form.soldOn')} type="date" />
        <Field meta={fields.receiptNo} label={t('sarm.form.receiptNo')} autoComplete="off" />
        <div className="field">
          <label htmlFor="sale-photo">{t('sarm.form.photo')}</label>
          <input
            id="sale-photo"
            name="photo"
            type="file"
            accept="image/jpeg,image/png,image/webp,image/heic,.heic"
            capture="environment"
            aria-invalid={actionData?.photoError || tooLarge ? true : undefined}
            onChange={(e) => {
              const big = (e.currentTarget.files?.[0]?.size ?? 0) > MAX_PHOTO_BYTES
              setTooLarge(big)
              if (big) e.currentTarget.value = ''
            }}
            aria-describedby="sale-photo-hint sale-photo-error"
          />
          <p id="sale-photo-hint" className="hint">
            {t('sarm.form.photoHint')}
          </p>
          <ErrorList id="sale-photo-error" errors={tooLarge ? ['sarm.photo.tooLarge'] : actionData?.photoError ? [actionData.photoError] : null} />
        </div>
        <FormErrors id={form.errorId} errors={form.errors} />
        <button type="submit" className="primary" disabled={navigation.state === 'submitting'}>
          {t('sarm.form.submit')}
        </button>
      </Form>
    </section>
  )
}
