import { getFormProps, getTextareaProps, useForm, type SubmissionResult } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { CheckboxField, ErrorList, Field, FormErrors, Notice, SelectField } from '../components/forms'
import type { MessageKey } from '../i18n'
import { useT } from '../i18n/react'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import { getProductForDesk, productFormOptions, saveProduct, saveStock } from '../modules/catalog/admin.server'
import { ProductInput, StockInput } from '../modules/catalog/schemas'
import { newOrIdParam, notFound, readFormData, parseForm } from '../utils/http.server'

// One product for operator staff: its data, and its stock per warehouse. `/desk/catalog/new` creates one.

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'manage:catalog:any')
  const id = newOrIdParam(params.productId)
  const found = id ? await getProductForDesk(id) : null
  if (id && !found) notFound()
  return json({ found, options: await productFormOptions() })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'manage:catalog:any')
  const id = newOrIdParam(params.productId)
  const form = await readFormData(request)
  const intent = form.get('intent')
  const actor = actorOf(auth, context.clientIp)
  if (intent === 'stock') {
    if (!id) notFound()
    const submission = parseForm(form, { schema: StockInput })
    if (submission.status !== 'success') return json({ intent, result: submission.reply(), done: false }, { status: 400 })
    if (!(await saveStock(actor, id, submission.value))) notFound()
    return json({ intent, result: submission.reply(), done: true })
  }
  const submission = parseForm(form, { schema: ProductInput })
  if (submission.status !== 'success') return json({ intent: 'product', result: submission.reply(), done: false }, { status: 400 })
  const saved = await saveProduct(actor, id, submission.value)
  if (!saved.ok && saved.fieldErrors['']?.includes('errors.notFound')) notFound()
  if (!saved.ok) return json({ intent: 'product', result: submission.reply({ fieldErrors: saved.fieldErrors }), done: false }, { status: 400 })
  if (!id) return redirect(`/desk/catalog/${saved.id}?created=1`)
  return json({ intent: 'product', result: submission.reply(), done: true })
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
    defaultValue: p
      ? { ...p, gtin: p.gtin ?? '', maxQty: p.maxQty ?? '', active: p.active ? 'on' : undefined }
      : { unit: 'pcs', packSize: '1', active: 'on', categoryId: options.categories[0]?.id, taxClassId: options.taxClasses[0]?.id },
  })
  const name = (o: { nameRu: string; nameEn: string }) => (locale === 'ru' ? o.nameRu : o.nameEn)
  const stockErrors = actionData?.intent === 'stock' && !actionData.done ? actionData.result.error : null
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
          <SelectField meta={f.unit} label={t('export.unit')} options={['pcs', 'm', 'kg', 'l', 'pack', 'set'].map((u) => ({ value: u, label: t(`unit.${u}` as MessageKey) }))} />
          <Field meta={f.packSize} label={t('catalog.pack')} />
          <Field meta={f.minQty} label={t('deskCatalog.minQty')} hint={t('deskCatalog.minQtyHint')} />
          <Field meta={f.maxQty} label={t('deskCatalog.maxQty')} hint={t('terms.emptyNone')} />
          <SelectField meta={f.categoryId} label={t('catalog.category')} options={options.categories.map((c) => ({ value: c.id, label: name(c) }))} />
          <SelectField meta={f.taxClassId} label={t('deskCatalog.taxClass')} options={options.taxClasses.map((c) => ({ value: c.id, label: name(c) }))} />
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
          {options.warehouses.map((w) => {
            const s = found.stock.find((x) => x.warehouseId === w.id)
            return (
              <Form method="post" key={w.id} className="card" aria-label={t('deskCatalog.stockAt', { warehouse: w.code })}>
                <h3>
                  {w.code} · {name(w)}
                </h3>
                <input type="hidden" name="intent" value="stock" />
                <input type="hidden" name="warehouseId" value={w.id} />
                <div className="grid-2">
                  {(
                    [
                      ['atp', 'deskCatalog.atp', s?.atp ?? 0, 'text'],
                      ['nextReceiptDate', 'deskCatalog.nextReceiptDate', s?.nextReceiptDate ?? '', 'date'],
                      ['nextReceiptQty', 'deskCatalog.nextReceiptQty', s?.nextReceiptQty ?? 0, 'text'],
                      ['leadDays', 'deskCatalog.leadDays', s?.leadDays ?? 1, 'text'],
                    ] as const
                  ).map(([field, label, value, type]) => (
                    <div className="field" key={field}>
                      <label htmlFor={`${w.code}-${field}`}>{t(label)}</label>
                      <input id={`${w.code}-${field}`} name={field} type={type} defaultValue={value} inputMode={type === 'text' ? 'numeric' : undefined} />
                    </div>
                  ))}
                </div>
                <ErrorList errors={stockErrors ? Object.values(stockErrors).flat() : null} />
                <button type="submit">{t('common.save')}</button>
              </Form>
            )
          })}
        </>
      ) : null}
    </section>
  )
}
