import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { ErrorList, Field, FormErrors, validationTiming } from '../components/forms'
import { useT } from '../i18n/react'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import { searchCatalog, productFormOptions } from '../modules/catalog/queries.server'
import { ProgrammeTabs } from '../modules/prm/components/programme-tabs'
import { DealInput, ProductSearch } from '../modules/prm/deal-schemas'
import { registerDeal } from '../modules/prm/deals.server'
import { parseForm, readFormData } from '../utils/http.server'

// The dealer registers an opportunity. Products are typed as SKUs; the search above the form finds them in the
// dealer's own catalog (at most 10 shown).
export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requirePermission(request, 'create:deal:org')
  const { q } = ProductSearch.parse(Object.fromEntries(new URL(request.url).searchParams))
  const found = q ? await searchCatalog({ scope, q }) : null
  const { categories } = await productFormOptions()
  return json({
    categories,
    found: found ? found.rows.slice(0, 10).map((p) => ({ id: p.id, sku: p.sku, nameRu: p.nameRu, nameEn: p.nameEn })) : null,
  })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'create:deal:org')
  const submission = parseForm(await readFormData(request), { schema: DealInput })
  if (submission.status !== 'success') return json({ result: submission.reply() }, { status: 400 })
  const result = await registerDeal({ scope: auth.scope, actor: actorOf(auth, context.clientIp), input: submission.value })
  if (!result.ok)
    return json({ result: submission.reply({ fieldErrors: result.fieldErrors, formErrors: result.formErrors }) }, { status: result.status })
  return redirect(`/programme/deals/${result.id}?registered=1`)
}

export default function NewDealPage() {
  const { categories, found } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const [params] = useSearchParams()
  const { t, locale } = useT()
  const [form, fields] = useForm({
    id: 'deal',
    lastResult: actionData?.result,
    constraint: getZodConstraint(DealInput),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: DealInput }),
    ...validationTiming,
  })
  const name = (p: { nameRu: string; nameEn: string }) => (locale === 'ru' ? p.nameRu : p.nameEn)
  return (
    <section aria-labelledby="new-deal-title">
      <ProgrammeTabs />
      <h1 id="new-deal-title">{t('deals.new')}</h1>
      <Form method="get" className="filters" role="search">
        <label>
          {t('deals.search')} <input type="search" name="q" defaultValue={params.get('q') ?? ''} maxLength={100} />
        </label>
        <button type="submit">{t('deals.searchButton')}</button>
      </Form>
      {found ? (
        found.length ? (
          <>
            <p className="hint">{t('deals.searchHint')}</p>
            <ul className="search-results">
              {found.map((p) => (
                <li key={p.id}>
                  <code>{p.sku}</code> {name(p)}
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p>{t('deals.searchNone')}</p>
        )
      ) : null}
      <Form method="post" {...getFormProps(form)} className="card">
        <Field meta={fields.endCustomerInn} label={t('deals.inn')} inputMode="numeric" />
        <Field meta={fields.endCustomerName} label={t('deals.endCustomerName')} />
        <Field meta={fields.endCustomerRegion} label={t('deals.region')} />
        <Field meta={fields.products} label={t('deals.products')} hint={t('deals.productsHint')} multiline />
        <fieldset className="field">
          <legend>{t('deals.categories')}</legend>
          {categories.map((c) => (
            <label key={c.id} className="field-checkbox">
              <input type="checkbox" name={fields.categoryIds.name} value={c.id} /> {name(c)}
            </label>
          ))}
          <ErrorList id={fields.categoryIds.errorId} errors={fields.categoryIds.errors} />
        </fieldset>
        <Field meta={fields.expectedQty} label={t('deals.expectedQty')} inputMode="numeric" />
        <Field meta={fields.expectedValue} label={t('deals.expectedValue')} inputMode="decimal" />
        <Field meta={fields.expectedCloseOn} label={t('deals.expectedCloseOn')} type="date" />
        <Field meta={fields.note} label={t('deals.note')} multiline />
        <FormErrors id={form.errorId} errors={form.errors} />
        <button type="submit" disabled={navigation.state === 'submitting'}>
          {t('deals.submit')}
        </button>
      </Form>
    </section>
  )
}
