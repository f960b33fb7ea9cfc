import { getFormProps, getSelectProps, getTextareaProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { CellInput, ErrorList, Field, FormErrors, Notice, validationTiming } from '../components/forms'
import { formatDay, formatMoney, formatNumber } from '../i18n/format'
import { useT } from '../i18n/react'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import { changedReasonKeys } from '../modules/ordering/components/line-reason'
import { LiveNotice, useLiveCatalog } from '../modules/ordering/components/live-updates'
import { Day, FreightProgress, TermsSummary, Totals } from '../modules/ordering/components/order-bits'
import { placeOrder } from '../modules/ordering/mutations.server'
import { prepareCheckout } from '../modules/ordering/queries.server'
import { CheckoutSchema } from '../modules/ordering/schemas'
import { unitText } from '../modules/ordering/unit-text'
import { readFormData, parseForm } from '../utils/http.server'
import { LIST_FORM_LIMITS } from '../utils/form-input'

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'create:order:org')
  const { cart, shipTo, today } = await prepareCheckout({ scope: auth.scope, userId: auth.user.id })
  if (!cart.lines.length) throw redirect('/cart')
  // A fresh token per page view: the same form submitted twice places one order.
  return json({ cart, shipTo, today, checkoutToken: crypto.randomUUID() })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'create:order:org')
  const submission = parseForm(await readFormData(request, LIST_FORM_LIMITS), { schema: CheckoutSchema })
  if (submission.status !== 'success') return json({ result: submission.reply(), changes: null }, { status: 400 })
  const v = submission.value
  const lineDates = Object.fromEntries(Object.entries(v.lineDate ?? {}).filter((e): e is [string, string] => !!e[1]))
  const result = await placeOrder({ scope: auth.scope, actor: actorOf(auth, context.clientIp), input: { ...v, lineDates } })
  switch (result.status) {
    case 'placed':
      return redirect(`/orders/${result.orderId}?placed=1`)
    case 'empty':
      return json({ result: submission.reply({ formErrors: ['checkout.error.empty'] }), changes: null }, { status: 409 })
    case 'changed':
      return json({ result: submission.reply({ formErrors: ['checkout.changed'] }), changes: result.changes }, { status: 409 })
    case 'invalid':
      return json({ result: submission.reply({ fieldErrors: result.fieldErrors, formErrors: result.formErrors }), changes: null }, { status: 400 })
  }
}

export default function CheckoutPage() {
  const { cart, shipTo, today, checkoutToken } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const { t, locale } = useT()
  const money = (m: number) => formatMoney(locale, m, cart.currency)
  const updatedAt = useLiveCatalog(cart.lines.map((l) => l.productId))
  const [form, fields] = useForm({
    id: 'checkout',
    constraint: getZodConstraint(CheckoutSchema),
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CheckoutSchema }),
    ...validationTiming,
  })
  const latestEarliest = cart.lines.reduce((m, l) => (l.earliestDate && l.earliestDate > m ? l.earliestDate : m), today)
  // What the buyer typed survives a refusal: conform keeps the submitted values in the reply.
  const submitted = actionData?.result.initialValue as { lineDate?: Record<string, string> } | null | undefined
  const requestedBefore = (productId: string) => submitted?.lineDate?.[productId] ?? ''
  const blocked = cart.lines.some((l) => l.problem) || cart.shortOfMinimumMinor > 0
  return (
    <section aria-labelledby="checkout-title">
      <h1 id="checkout-title">{t('checkout.title')}</h1>
      <p>
        <Link to="/cart">{t('checkout.backToCart')}</Link>
      </p>
      <LiveNotice updatedAt={updatedAt} />
      {actionData?.changes?.length ? (
        <div className="notice notice-warning" role="alert">
          <p>{t('checkout.changed')}</p>
          <ul>
            {actionData.changes.map((c, i) => (
              <li key={i}>
                <code>{c.sku}</code>:{' '}
                {c.kind === 'price'
                  ? t('checkout.change.price', { before: c.before === null ? '—' : money(c.before), after: c.after === null ? '—' : money(c.after) })
                  : c.kind === 'date'
                    ? t('checkout.change.date', { before: c.before ?? '—', after: c.after ?? '—' })
                    : c.kind === 'qty'
                      ? t('checkout.change.qty', { before: c.before, after: c.after })
                      : c.kind === 'problem'
                        ? t(changedReasonKeys[c.problem])
                        : t(`checkout.change.${c.kind}`)}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="checkoutToken" value={checkoutToken} />
        <input type="hidden" name="seen" value={cart.fingerprint} />
        <h2>{t('terms.title')}</h2>
        <TermsSummary terms={cart.terms} />
        <FreightProgress
          netMinor={cart.netMinor}
          thresholdMinor={cart.terms.freeFreightMinor}
          missingMinor={cart.missingForFreeFreightMinor}
          currency={cart.currency}
        />
        <div className="grid-2">
          {shipTo.length ? (
            <div className="field">
              <label htmlFor={fields.shipToId.id}>{t('checkout.shipTo')}</label>
              <select
                {...getSelectProps(fields.shipToId)}
                key={fields.shipToId.key}
                defaultValue={(fields.shipToId.initialValue as string | undefined) ?? shipTo[0].id}
              >
                {shipTo.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}: {s.address}
                  </option>
                ))}
              </select>
              <ErrorList id={fields.shipToId.errorId} errors={fields.shipToId.errors} />
            </div>
          ) : null}
          <Field meta={fields.poNumber} label={cart.terms.poRequired ? t('checkout.poNumberRequired') : t('checkout.poNumber')} />
          <Field
            meta={fields.requestedDate}
            label={t('checkout.requestedDate')}
            type="date"
            hint={t('checkout.requestedDateHint', { date: formatDay(locale, latestEarliest) })}
          />
        </div>
        <h2>{t('checkout.lines')}</h2>
        <table className="data-table cards">
          <thead>
            <tr>
              <th scope="col">{t('catalog.sku')}</th>
              <th scope="col">{t('catalog.name')}</th>
              <th scope="col" className="num">
                {t('product.quantity')}
              </th>
              <th scope="col" className="num">
                {t('catalog.yourPrice')}
              </th>
              <th scope="col" className="num">
                {t('cart.lineNet')}
              </th>
              <th scope="col">{t('checkout.earliest')}</th>
              <th scope="col">{t('checkout.lineDate')}</th>
            </tr>
          </thead>
          <tbody>
            {cart.lines.map((l) => {
              const errors = form.allErrors[`lineDate.${l.productId}`]
              return (
                <tr key={l.productId}>
                  <td data-label={t('catalog.sku')}>
                    <code>{l.sku}</code>
                  </td>
                  <td data-label={t('catalog.name')}>
                    {locale === 'ru' ? l.nameRu : l.nameEn}
                    {l.problem ? (
                      <div className="error-list" role="alert">
                        {t('checkout.error.problems')}
                      </div>
                    ) : null}
                  </td>
                  <td className="num" data-label={t('product.quantity')}>
                    {formatNumber(locale, l.qty)} {unitText(t, l.unit)}
                  </td>
                  <td className="num" data-label={t('catalog.yourPrice')}>
                    {l.unitPriceMinor !== null ? money(l.unitPriceMinor) : '—'}
                  </td>
                  <td className="num" data-label={t('cart.lineNet')}>
                    {money(l.netMinor)}
                  </td>
                  <td data-label={t('checkout.earliest')}>
                    <Day day={l.earliestDate} />
                  </td>
                  <td data-label={t('checkout.lineDate')}>
                    <CellInput
                      id={`line-date-${l.productId}`}
                      label={t('checkout.lineDateFor', { sku: l.sku })}
                      errors={errors}
                      name={`lineDate.${l.productId}`}
                      type="date"
                      min={l.earliestDate ?? undefined}
                      defaultValue={requestedBefore(l.productId)}
                    />
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
        <Totals
          netMinor={cart.netMinor}
          vatMinor={cart.vatMinor}
          freightMinor={cart.freightMinor}
          grossMinor={cart.grossMinor}
          currency={cart.currency}
          rule={cart.terms}
        />
        <div className="field">
          <label htmlFor={fields.comment.id}>{t('checkout.comment')}</label>
          <textarea {...getTextareaProps(fields.comment)} key={fields.comment.key} rows={2} />
          <ErrorList id={fields.comment.errorId} errors={fields.comment.errors} />
        </div>
        {cart.shortOfMinimumMinor > 0 ? (
          <Notice tone="warning">{t('checkout.error.minimum', { value: money(cart.shortOfMinimumMinor) })}</Notice>
        ) : null}
        <FormErrors id={form.errorId} errors={actionData?.changes?.length ? null : form.errors} />
        <div className="actions">
          <button type="submit" className="primary" disabled={blocked || navigation.state === 'submitting'}>
            {actionData?.changes?.length ? t('checkout.confirmAgain') : t('checkout.place')}
          </button>
        </div>
      </Form>
    </section>
  )
}
