import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { CellInput, Field, FormErrors, Notice } from '../components/forms'
import type { MessageKey } from '../i18n'
import { formatNumber } from '../i18n/format'
import { useT } from '../i18n/react'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import { OrderView } from '../modules/ordering/components/order-view'
import { cancelOrder, confirmOrder, markDelivered, shipOrder } from '../modules/ordering/order-desk.server'
import { getOrder } from '../modules/ordering/orders.server'
import { allowedActions } from '../modules/ordering/schemas'
import { dayField } from '../utils/field-schemas'
import { notFound, readFormData, uuidParam, parseForm } from '../utils/http.server'
import { LIST_FORM_LIMITS } from '../utils/form-input'

const qty = z.coerce
  .number({ invalid_type_error: 'errors.number', required_error: 'errors.required' })
  .int('errors.wholeNumber')
  .min(0, 'errors.notNegative')
  .max(10_000_000, 'errors.tooLarge')
const lineNo = z.coerce.number().int().min(1).max(100_000)

const DeskSchema = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('confirm'),
    note: z.string().trim().max(500, 'errors.tooLong500').default(''),
    lines: z.array(z.object({ lineNo, qty, date: dayField })).min(1),
  }),
  z.object({
    intent: z.literal('ship'),
    carrier: z.string({ required_error: 'errors.required' }).trim().min(1, 'errors.required').max(100, 'errors.tooLong100'),
    trackingNumber: z.string({ required_error: 'errors.required' }).trim().min(1, 'errors.required').max(100, 'errors.tooLong100'),
    lines: z.array(z.object({ lineNo, qty })).min(1),
  }),
  z.object({ intent: z.literal('deliver') }),
  z.object({ intent: z.literal('cancel'), reason: z.string({ required_error: 'desk.error.reasonRequired' }).trim().min(3, 'desk.error.reasonRequired').max(500, 'errors.tooLong500') }),
])

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'read:order:any')
  const order = await getOrder({ orgId: null }, uuidParam(params.orderId))
  if (!order) notFound()
  return json({ order })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'manage:order:any')
  const orderId = uuidParam(params.orderId)
  const submission = parseForm(await readFormData(request, LIST_FORM_LIMITS), { schema: DeskSchema })
  const intent = submission.payload.intent
  if (submission.status !== 'success') return json({ intent, result: submission.reply(), done: false }, { status: 400 })
  const v = submission.value
  const actor = actorOf(auth, context.clientIp)
  const result =
    v.intent === 'confirm'
      ? await confirmOrder(actor, orderId, v)
      : v.intent === 'ship'
        ? await shipOrder(actor, orderId, v)
        : v.intent === 'deliver'
          ? await markDelivered(actor, orderId)
          : await cancelOrder(actor, orderId, v.reason)
  if (!result.ok && result.status === 404) notFound()
  if (!result.ok) return json({ intent, result: submission.reply({ fieldErrors: result.fieldErrors, formErrors: result.formErrors }), done: false }, { status: result.status ?? 400 })
  return json({ intent, result: submission.reply({ resetForm: true }), done: true })
}

type ActionData = { intent: unknown; result: SubmissionResult<string[]>; done: boolean } | undefined

export default function DeskOrderPage() {
  const { order } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionData
  const navigation = useNavigation()
  const { t, locale } = useT()
  const allowed = allowedActions[order.status]
  const lastFor = (intent: string) => (actionData?.intent === intent ? actionData.result : undefined)
  const [confirmForm] = useForm({ id: 'confirm', lastResult: lastFor('confirm') })
  const [shipForm, shipFields] = useForm({ id: 'ship', lastResult: lastFor('ship') })
  const [cancelForm, cancelFields] = useForm({ id: 'cancel', lastResult: lastFor('cancel') })
  const [deliverForm] = useForm({ id: 'deliver', lastResult: lastFor('deliver') })
  const busy = navigation.state === 'submitting'
  const unit = (u: string) => t(`unit.${u}` as MessageKey)
  return (
    <section aria-labelledby="desk-order-title">
      <h1 id="desk-order-title">{t('orders.order', { number: order.number })}</h1>
      <p className="actions">
        <Link to="/desk/orders">{t('desk.backToDesk')}</Link>
        <Link to={`/desk/terms/${order.orgId}`}>{t('desk.termsOf', { org: order.orgName })}</Link>
      </p>
      {actionData?.done ? <Notice tone="success">{t(`desk.done.${String(actionData.intent)}` as MessageKey)}</Notice> : null}
      {/* A refusal for a form that is no longer shown (the status moved on in another tab) still needs saying. */}
      {actionData && !actionData.done && !allowed.includes(actionData.intent as (typeof allowed)[number]) ? <FormErrors errors={actionData.result.error?.[''] ?? null} /> : null}

      {allowed.includes('confirm') ? (
        <Form method="post" {...getFormProps(confirmForm)} className="card">
          <h2>{order.status === 'confirmed' ? t('desk.change') : t('desk.confirm')}</h2>
          <input type="hidden" name="intent" value="confirm" />
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('catalog.sku')}</th>
                <th scope="col" className="num">
                  {t('orders.ordered')}
                </th>
                <th scope="col">{t('orders.requested')}</th>
                <th scope="col">{t('desk.confirmedQty')}</th>
                <th scope="col">{t('desk.confirmedDate')}</th>
              </tr>
            </thead>
            <tbody>
              {order.lines.map((l, i) => {
                const qtyErrors = confirmForm.allErrors[`lines[${i}].qty`]
                const dateErrors = confirmForm.allErrors[`lines[${i}].date`]
                return (
                  <tr key={l.lineNo}>
                    <td>
                      <input type="hidden" name={`lines[${i}].lineNo`} value={l.lineNo} />
                      <code>{l.sku}</code>
                    </td>
                    <td className="num">
                      {formatNumber(locale, l.qty)} {unit(l.unit)}
                    </td>
                    <td>{l.requestedDate ?? l.earliestDate}</td>
                    <td>
                      <CellInput id={`confirm-qty-${i}`} label={t('desk.confirmedQtyFor', { sku: l.sku })} errors={qtyErrors} name={`lines[${i}].qty`} inputMode="numeric" size={6} defaultValue={l.confirmedQty ?? l.qty} />
                    </td>
                    <td>
                      <CellInput
                        id={`confirm-date-${i}`}
                        label={t('desk.confirmedDateFor', { sku: l.sku })}
                        errors={dateErrors}
                        name={`lines[${i}].date`}
                        type="date"
                        defaultValue={l.confirmedDate ?? l.requestedDate ?? l.earliestDate}
                      />
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
          <div className="field">
            <label htmlFor="confirm-note">{t('desk.note')}</label>
            <input id="confirm-note" name="note" maxLength={500} />
          </div>
          <FormErrors id={confirmForm.errorId} errors={confirmForm.errors} />
          <button type="submit" className="primary" disabled={busy}>
            {order.status === 'confirmed' ? t('desk.saveChange') : t('desk.confirm')}
          </button>
        </Form>
      ) : null}

      {allowed.includes('ship') ? (
        <Form method="post" {...getFormProps(shipForm)} className="card">
          <h2>{t('desk.ship')}</h2>
          <input type="hidden" name="intent" value="ship" />
          <div className="grid-2">
            <Field meta={shipFields.carrier} label={t('desk.carrier')} />
            <Field meta={shipFields.trackingNumber} label={t('desk.tracking')} />
          </div>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('catalog.sku')}</th>
                <th scope="col" className="num">
                  {t('orders.confirmed')}
                </th>
                <th scope="col" className="num">
                  {t('orders.shipped')}
                </th>
                <th scope="col">{t('desk.shipNow')}</th>
              </tr>
            </thead>
            <tbody>
              {order.lines.map((l, i) => {
                const open = (l.confirmedQty ?? 0) - l.shippedQty
                const errors = shipForm.allErrors[`lines[${i}].qty`]
                return (
                  <tr key={l.lineNo}>
                    <td>
                      <input type="hidden" name={`lines[${i}].lineNo`} value={l.lineNo} />
                      <code>{l.sku}</code>
                    </td>
                    <td className="num">{formatNumber(locale, l.confirmedQty ?? 0)}</td>
                    <td className="num">{formatNumber(locale, l.shippedQty)}</td>
                    <td>
                      <CellInput id={`ship-qty-${i}`} label={t('desk.shipNowFor', { sku: l.sku })} errors={errors} name={`lines[${i}].qty`} inputMode="numeric" size={6} defaultValue={open} />
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
          <FormErrors id={shipForm.errorId} errors={shipForm.errors} />
          <button type="submit" className="primary" disabled={busy}>
            {t('desk.ship')}
          </button>
        </Form>
      ) : null}

      {allowed.includes('deliver') ? (
        <Form method="post" {...getFormProps(deliverForm)} className="card">
          <input type="hidden" name="intent" value="deliver" />
          <FormErrors id={deliverForm.errorId} errors={deliverForm.errors} />
          <button type="submit" className="primary" disabled={busy}>
            {t('desk.deliver')}
          </button>
        </Form>
      ) : null}

      {allowed.includes('cancel') ? (
        <Form method="post" {...getFormProps(cancelForm)} className="card">
          <h2>{t('desk.cancel')}</h2>
          <input type="hidden" name="intent" value="cancel" />
          <Field meta={cancelFields.reason} label={t('desk.cancelReason')} />
          <FormErrors id={cancelForm.errorId} errors={cancelForm.errors} />
          <button type="submit" className="danger" disabled={busy}>
            {t('desk.cancel')}
          </button>
        </Form>
      ) : null}

      <OrderView order={order} />
    </section>
  )
}
