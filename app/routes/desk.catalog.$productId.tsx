import { getFormProps, getTextareaProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { CheckboxField, ErrorList, Field, FormErrors, Notice, SelectField, validationTiming } from '../components/forms'
import { useT } from '../i18n/react'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import { saveProduct, saveStock } from '../modules/catalog/mutations.server'
import { getProductForDesk, productFormOptions } from '../modules/catalog/queries.server'
import { ProductInput, StockInput, units } from '../modules/catalog/schemas'
import { invariantResponse, newOrIdParam, parseForm, readFormData } from '../utils/http.server'

// One product for operator staff: its data, and its stock per warehouse. `/desk/catalog/new` creates one.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requirePermission(request, 'manage:catalog:any')
  const productId = newOrIdParam(params.productId)
  const found = productId ? await getProductForDesk({ scope, productId }) : null
  invariantResponse(!productId || found, 'error.notFound.title', { status: 404 })
  return json({ found, options: await productFormOptions() })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'manage:catalog:any')
  const productId = newOrIdParam(params.productId)
  const form = await readFormData(request)
  const intent = form.get('intent') === 'stock' ? 'stock' : 'product'
  const who = { scope: auth.scope, actor: actorOf(auth, context.clientIp) }
  if (intent === 'stock') {
    invariantResponse(productId, 'error.notFound.title', { status: 404 })
    const submission = parseForm(form, { schema: StockInput })
    if (submission.status !== 'success') return json({ intent, result: submission.reply(), done: false }, { status: 400 })
    invariantResponse(await saveStock({ ...who, productId, input: submission.value }), 'error.notFound.title', { status: 404 })
    return json({ intent, result: submission.reply(), done: true })
  }
  const submission = parseForm(form, { schema: ProductInput })
  if (submission.status !== 'success') return json({ intent, result: submission.reply(), done: false }, { status: 400 })
  const saved = await saveProduct({ ...who, productId, input: submission.value })
  invariantResponse(saved.ok || !saved.fieldErrors['']?.includes('errors.notFound'), 'error.notFound.title', { status: 404 })
  if (!saved.ok) return json({ intent, result: submission.reply({ fieldErrors: saved.fieldErrors }), done: false }, { status: 400 })
  if (!productId) return redirect(`/desk/catalog/${saved.id}?created=1`)
  return json({ intent, result: submission.reply(), done: true })
}

type ActionData = { intent: unknown; result: SubmissionResult<string[]>; done: boolean } | undefined

export default function DeskProductPage() {
  const { found, options } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionData
  const { t, locale } = useT()
  const p = found?.product
  const [form, f] = useForm({
    id: 'product',
    lastResult: actionData?.intent === 'product' ? actionData.result : undefined,
    constraint: getZodConstraint(ProductInput),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ProductInput }),
    ...validationTiming,
    defaultValue: p
      ? {
          ...p,
          gtin: p.gtin ?? '',
          packSize: String(p.packSize),
          minQty: String(p.minQty),
          maxQty: p.maxQty === null ? '' : String(p.maxQty),
          active: p.active ? 'on' : undefined,
        }
      : { unit: 'pcs', packSize: '1', active: 'on', categoryId: options.categories[0]?.id, taxClassId: options.taxClasses[0]?.id },
  })
  const name = (o: { nameRu: string; nameEn: string }) => (locale === 'ru' ? o.nameRu : o.nameEn)
  return (
    <section aria-labelledby="product-title" className="narrow">
      <h1 id="product-title">{p ? `${p.sku} · ${name(p)}` : t('deskCatalog.new')}</h1>
      <p>
        <Link to="/desk/catalog">{t('deskCatalog.back')}</Link>
      </p>
      {actionData?.done ? <Notice tone="success">{t('common.saved')}</Notice> : null}
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="product" />
        {p ? <input type="hidden" name="sku" value={p.sku} /> : <Field meta={f.sku} label={t('catalog.sku')} hint={t('deskCatalog.skuHint')} />}
        <Field meta={f.gtin} label="GTIN" hint={t('deskCatalog.gtinHint')} />
        <Field meta={f.nameRu} label={t('deskCatalog.nameRu')} />
        <Field meta={f.nameEn} label={t('deskCatalog.nameEn')} />
        <div className="field">
          <label htmlFor={f.descriptionRu.id}>{t('deskCatalog.descriptionRu')}</label>
          <textarea {...getTextareaProps(f.descriptionRu)} key={f.descriptionRu.key} rows={3} />
          <ErrorList id={f.descriptionRu.errorId} errors={f.descriptionRu.errors} />
        </div>
        <div className="field">
          <label htmlFor={f.descriptionEn.id}>{t('deskCatalog.descriptionEn')}</label>
          <textarea {...getTextareaProps(f.descriptionEn)} key={f.descriptionEn.key} rows={3} />
          <ErrorList id={f.descriptionEn.errorId} errors={f.descriptionEn.errors} />
        </div>
        <div className="grid-2">
          <SelectField meta={f.unit} label={t('export.unit')} options={units.map((u) => ({ value: u, label: t(`unit.${u}`) }))} />
          <Field meta={f.packSize} label={t('catalog.pack')} />
          <Field meta={f.minQty} label={t('deskCatalog.minQty')} hint={t('deskCatalog.minQtyHint')} />
          <Field meta={f.maxQty} label={t('deskCatalog.maxQty')} hint={t('terms.emptyNone')} />
          <SelectField meta={f.categoryId} label={t('catalog.category')} options={options.categories.map((c) => ({ value: c.id, label: name(c) }))} />
          <SelectField
            meta={f.taxClassId}
            label={t('deskCatalog.taxClass')}
            options={options.taxClasses.map((c) => ({ value: c.id, label: name(c) }))}
          />
        </div>
        <CheckboxField meta={f.active} label={t('deskCatalog.activeLabel')} />
        <FormErrors id={form.errorId} errors={form.errors} />
        <button type="submit" className="primary">
          {t('common.save')}
        </button>
      </Form>
      {p ? (
        <>
          <h2>{t('deskCatalog.stock')}</h2>
          {options.warehouses.map((w) => (
            <StockForm
              key={w.id}
              warehouse={w}
              name={name(w)}
              stock={found.stock.find((x) => x.warehouseId === w.id)}
              lastResult={actionData?.intent === 'stock' ? actionData.result : undefined}
            />
          ))}
        </>
      ) : null}
    </section>
  )
}

type StockRow = { warehouseId: string; atp: number; nextReceiptDate: string | null; nextReceiptQty: number; leadDays: number }

/** One warehouse's stock: its own form, validated in the browser with the server's schema. */
function StockForm({
  warehouse: w,
  name,
  stock: s,
  lastResult,
}: {
  warehouse: { id: string; code: string }
  name: string
  stock?: StockRow
  lastResult?: SubmissionResult<string[]>
}) {
  const { t } = useT()
  const [form, f] = useForm({
    id: `stock-${w.code}`,
    // Only the warehouse whose form was sent shows the server's answer.
    lastResult: lastResult?.initialValue?.warehouseId === w.id ? lastResult : undefined,
    defaultValue: {
      warehouseId: w.id,
      atp: String(s?.atp ?? 0),
      nextReceiptDate: s?.nextReceiptDate ?? '',
      nextReceiptQty: String(s?.nextReceiptQty ?? 0),
      leadDays: String(s?.leadDays ?? 1),
    },
    constraint: getZodConstraint(StockInput),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: StockInput }),
    ...validationTiming,
  })
  return (
    <Form method="post" {...getFormProps(form)} className="card" aria-label={t('deskCatalog.stockAt', { warehouse: w.code })}>
      <h3>
        {w.code} · {name}
      </h3>
      <input type="hidden" name="intent" value="stock" />
      <input type="hidden" name="warehouseId" value={w.id} />
      <div className="grid-2">
        <Field meta={f.atp} label={t('deskCatalog.atp')} inputMode="numeric" />
        <Field meta={f.nextReceiptDate} label={t('deskCatalog.nextReceiptDate')} type="date" />
        <Field meta={f.nextReceiptQty} label={t('deskCatalog.nextReceiptQty')} inputMode="numeric" />
        <Field meta={f.leadDays} label={t('deskCatalog.leadDays')} inputMode="numeric" />
      </div>
      <FormErrors id={form.errorId} errors={form.errors} />
      <button type="submit">{t('common.save')}</button>
    </Form>
  )
}
