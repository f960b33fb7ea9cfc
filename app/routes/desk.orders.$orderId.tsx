import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useState, type MouseEvent } from 'react'
import { CellInput, ErrorList, Field, FormErrors, Notice, validationTiming } from '../components/forms'
import type { MessageKey } from '../i18n'
import { formatNumber } from '../i18n/format'
import { useT } from '../i18n/react'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import { can } from '../modules/auth/permissions'
import { PromptAttention } from '../modules/crm/components/recommendations'
import { listAttentionPrompts } from '../modules/crm/prompts.server'
import { OrderView } from '../modules/ordering/components/order-view'
import { cancelOrder, confirmOrder, markDelivered, recordReturn, shipOrder } from '../modules/ordering/mutations.server'
import { reaccrueForOrder } from '../modules/prm/rebates.server'
import { getOrder } from '../modules/ordering/queries.server'
import { ConfirmButton } from '../components/confirm-button'
import { Day } from '../modules/ordering/components/order-bits'
import { committedOf, openToShipOf } from '../modules/ordering/order-state'
import { allowedActions, DeskSchema, restChoices } from '../modules/ordering/schemas'
import { unitText } from '../modules/ordering/unit-text'
import { invariantResponse, readFormData, uuidParam, parseForm } from '../utils/http.server'
import { LIST_FORM_LIMITS } from '../utils/form-input'

type DeskIntent = 'confirm' | 'ship' | 'deliver' | 'cancel' | 'return'
const doneKeys: Record<DeskIntent, MessageKey> = {
  confirm: 'desk.done.confirm',
  ship: 'desk.done.ship',
  deliver: 'desk.done.deliver',
  cancel: 'desk.done.cancel',
  return: 'desk.done.return',
}
const isDeskIntent = (v: unknown): v is DeskIntent => typeof v === 'string' && Object.prototype.hasOwnProperty.call(doneKeys, v)

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope, permissions } = await requirePermission(request, 'read:order:any')
  const order = await getOrder({ scope, orderId: uuidParam(params.orderId) })
  invariantResponse(order, 'error.notFound.title', { status: 404 })
  // The ordering customer's open regular-customer prompt or churn risk, for CRM staff (issue 15); decided on the card.
  const [prompt] = can(permissions, 'read:crm:any') ? await listAttentionPrompts({ scope, orgIds: [order.orgId] }) : []
  return json({ order, prompt: prompt ?? null })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'manage:order:any')
  const orderId = uuidParam(params.orderId)
  const submission = parseForm(await readFormData(request, LIST_FORM_LIMITS), { schema: DeskSchema })
  const intent = submission.payload.intent
  if (submission.status !== 'success') return json({ intent, result: submission.reply(), done: false }, { status: 400 })
  const v = submission.value
  const desk = { scope: auth.scope, actor: actorOf(auth, context.clientIp), orderId }
  const result =
    v.intent === 'confirm'
      ? await confirmOrder({ ...desk, input: v })
      : v.intent === 'ship'
        ? await shipOrder({ ...desk, input: v })
        : v.intent === 'deliver'
          ? await markDelivered(desk)
          : v.intent === 'return'
            ? await recordReturn({ ...desk, lines: v.lines, reason: v.reason })
            : await cancelOrder({ ...desk, reason: v.reason })
  invariantResponse(result.ok || result.status !== 404, 'error.notFound.title', { status: 404 })
  if (!result.ok)
    return json(
      { intent, result: submission.reply({ fieldErrors: result.fieldErrors, formErrors: result.formErrors }), done: false },
      { status: result.status ?? 400 },
    )
  // Returned units no longer count for rebates: the periods that counted them are accrued again.
  if (v.intent === 'return') await reaccrueForOrder({ orderId, actor: desk.actor })
  return json({ intent, result: submission.reply({ resetForm: true }), done: true })
}

type ActionData = { intent: unknown; result: SubmissionResult<string[]>; done: boolean } | undefined

export default function DeskOrderPage() {
  const { order, prompt } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionData
  const navigation = useNavigation()
  const { t, locale } = useT()
  const allowed = allowedActions[order.status]
  const lastFor = (intent: string) => (actionData?.intent === intent ? actionData.result : undefined)
  // One schema for the four forms, in the browser as on the server: each form carries its intent.
  const checked = {
    constraint: getZodConstraint(DeskSchema),
    onValidate: ({ formData }: { formData: FormData }) => parseWithZod(formData, { schema: DeskSchema }),
    ...validationTiming,
  }
  const [confirmForm] = useForm({ id: 'confirm', lastResult: lastFor('confirm'), ...checked })
  const [shipForm, shipFields] = useForm({ id: 'ship', lastResult: lastFor('ship'), ...checked })
  const [cancelForm, cancelFields] = useForm({ id: 'cancel', lastResult: lastFor('cancel'), ...checked })
  const [returnForm, returnFields] = useForm({ id: 'return', lastResult: lastFor('return'), ...checked })
  const [deliverForm] = useForm({ id: 'deliver', lastResult: lastFor('deliver'), ...checked })
  const busy = navigation.state === 'submitting'
  const unit = (u: string) => unitText(t, u)
  const qtyText = (n: number, u: string) => `${formatNumber(locale, n)} ${unit(u)}`
  // Quantities per unit ("15 шт., 20 м"), as the dialogs say what will move.
  const perUnit = (items: { qty: number; unit: string }[]) => {
    const sums = new Map<string, number>()
    for (const i of items) if (i.qty > 0) sums.set(i.unit, (sums.get(i.unit) ?? 0) + i.qty)
    return [...sums].map(([u, n]) => qtyText(n, u)).join(', ')
  }
  const reserved = perUnit(order.lines.map((l) => ({ qty: committedOf(l) - l.shippedQty, unit: l.unit }))) || qtyText(0, 'pcs')
  // A confirmation that cancels a rest cannot be taken back: then, and only then, it asks first.
  const [cancelling, setCancelling] = useState<string[]>([])
  const readCancelling = (form: HTMLFormElement) =>
    setCancelling(
      order.lines.flatMap((l, i) => ((form.elements.namedItem(`lines[${i}].rest`) as HTMLSelectElement | null)?.value === 'cancel' ? [l.sku] : [])),
    )
  const [shipping, setShipping] = useState('')
  const readShipping = (event: MouseEvent<HTMLButtonElement>) => {
    const form = event.currentTarget.form
    if (!form) return
    const sent = order.lines.flatMap((l, i) => {
      const n = Number((form.elements.namedItem(`lines[${i}].qty`) as HTMLInputElement | null)?.value ?? 0)
      return Number.isInteger(n) && n > 0 ? [`${l.sku} × ${qtyText(n, l.unit)}`] : []
    })
    setShipping(sent.join(', '))
  }
  return (
    <section aria-labelledby="desk-order-title">
      <h1 id="desk-order-title">{t('orders.order', { number: order.number })}</h1>
      <p className="actions">
        <Link to="/desk/orders">{t('desk.backToDesk')}</Link>
        <Link to={`/desk/terms/${order.orgId}`}>{t('desk.termsOf', { org: order.orgName })}</Link>
      </p>
      {prompt ? (
        <aside aria-label={t('crm.recommendations.attention.order')}>
          <PromptAttention orgId={order.orgId} name={order.orgName} prompt={prompt} />
        </aside>
      ) : null}
      {actionData?.done && isDeskIntent(actionData.intent) ? <Notice tone="success">{t(doneKeys[actionData.intent])}</Notice> : null}
      {/* A refusal for a form that is no longer shown (the status moved on in another tab) still needs saying. */}
      {actionData && !actionData.done && !allowed.includes(actionData.intent as (typeof allowed)[number]) ? (
        <FormErrors errors={actionData.result.error?.[''] ?? null} />
      ) : null}

      {allowed.includes('confirm') ? (
        <Form method="post" {...getFormProps(confirmForm)} className="card" onChange={(e) => readCancelling(e.currentTarget)}>
          <h2>{order.status === 'submitted' ? t('desk.confirm') : t('desk.change')}</h2>
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
                <th scope="col">{t('desk.rest')}</th>
                <th scope="col">{t('desk.confirmedDate')}</th>
              </tr>
            </thead>
            <tbody>
              {order.lines.map((l, i) => {
                const qtyErrors = confirmForm.allErrors[`lines[${i}].qty`]
                const restErrors = confirmForm.allErrors[`lines[${i}].rest`]
                const dateErrors = confirmForm.allErrors[`lines[${i}].date`]
                const restId = `confirm-rest-${i}`
                return (
                  <tr key={l.lineNo}>
                    <td>
                      <input type="hidden" name={`lines[${i}].lineNo`} value={l.lineNo} />
                      <code>{l.sku}</code>
                    </td>
                    <td className="num">
                      {qtyText(l.qty, l.unit)}
                      {l.cancelledQty ? (
                        <div className="muted small">{t('desk.cancelledBefore', { qty: qtyText(l.cancelledQty, l.unit) })}</div>
                      ) : null}
                    </td>
                    <td>
                      <Day day={l.requestedDate ?? l.earliestDate} />
                    </td>
                    <td>
                      <CellInput
                        id={`confirm-qty-${i}`}
                        label={t('desk.confirmedQtyFor', { sku: l.sku })}
                        errors={qtyErrors}
                        name={`lines[${i}].qty`}
                        inputMode="numeric"
                        size={6}
                        defaultValue={l.confirmedQty ?? l.qty - l.cancelledQty}
                      />
                    </td>
                    <td>
                      <label htmlFor={restId} className="visually-hidden">
                        {t('desk.restFor', { sku: l.sku })}
                      </label>
                      <select
                        id={restId}
                        name={`lines[${i}].rest`}
                        defaultValue={l.confirmedQty !== null && l.qty - l.confirmedQty - l.cancelledQty > 0 ? 'backorder' : ''}
                        aria-invalid={restErrors?.length ? true : undefined}
                        aria-describedby={restErrors?.length ? `${restId}-error` : undefined}
                      >
                        <option value="">{t('desk.rest.none')}</option>
                        {restChoices.map((r) => (
                          <option key={r} value={r}>
                            {t(`desk.rest.${r}`)}
                          </option>
                        ))}
                      </select>
                      <ErrorList id={`${restId}-error`} errors={restErrors} />
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
          {cancelling.length ? (
            <ConfirmButton
              className="primary"
              disabled={busy}
              title={t('desk.confirmDialog.title', { number: order.number })}
              consequence={t('desk.confirmDialog.text', { skus: cancelling.join(', ') })}
            >
              {order.status === 'submitted' ? t('desk.confirm') : t('desk.saveChange')}
            </ConfirmButton>
          ) : (
            <button type="submit" className="primary" disabled={busy}>
              {order.status === 'submitted' ? t('desk.confirm') : t('desk.saveChange')}
            </button>
          )}
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
                const errors = shipForm.allErrors[`lines[${i}].qty`]
                return (
                  <tr key={l.lineNo}>
                    <td>
                      <input type="hidden" name={`lines[${i}].lineNo`} value={l.lineNo} />
                      <code>{l.sku}</code>
                    </td>
                    <td className="num">{qtyText(l.confirmedQty ?? 0, l.unit)}</td>
                    <td className="num">{qtyText(l.shippedQty, l.unit)}</td>
                    <td>
                      <CellInput
                        id={`ship-qty-${i}`}
                        label={t('desk.shipNowFor', { sku: l.sku })}
                        errors={errors}
                        name={`lines[${i}].qty`}
                        inputMode="numeric"
                        size={6}
                        defaultValue={openToShipOf(l)}
                      />
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
          <FormErrors id={shipForm.errorId} errors={shipForm.errors} />
          <ConfirmButton
            className="primary"
            disabled={busy}
            onClick={readShipping}
            title={t('desk.shipDialog.title', { number: order.number })}
            consequence={shipping ? t('desk.shipDialog.text', { lines: shipping }) : t('desk.shipDialog.nothing')}
          >
            {t('desk.ship')}
          </ConfirmButton>
        </Form>
      ) : null}

      {allowed.includes('deliver') ? (
        <Form method="post" {...getFormProps(deliverForm)} className="card">
          <input type="hidden" name="intent" value="deliver" />
          <FormErrors id={deliverForm.errorId} errors={deliverForm.errors} />
          <ConfirmButton
            className="primary"
            disabled={busy}
            title={t('desk.deliverDialog.title', { number: order.number })}
            consequence={t('desk.deliverDialog.text', { number: order.number })}
          >
            {t('desk.deliver')}
          </ConfirmButton>
        </Form>
      ) : null}

      {allowed.includes('cancel') ? (
        <Form method="post" {...getFormProps(cancelForm)} className="card">
          <h2>{t('desk.cancel')}</h2>
          <input type="hidden" name="intent" value="cancel" />
          <Field meta={cancelFields.reason} label={t('desk.cancelReason')} />
          <FormErrors id={cancelForm.errorId} errors={cancelForm.errors} />
          <ConfirmButton
            className="danger"
            disabled={busy}
            title={t('desk.cancelDialog.title', { number: order.number })}
            consequence={t('desk.cancelDialog.text', { number: order.number, reserved })}
          >
            {t('desk.cancel')}
          </ConfirmButton>
        </Form>
      ) : null}

      {order.status === 'delivered' && order.lines.some((l) => l.shippedQty > l.returnedQty) ? (
        <Form method="post" {...getFormProps(returnForm)} className="card">
          <h2>{t('desk.return')}</h2>
          <input type="hidden" name="intent" value="return" />
          <div className="table-scroll">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t('catalog.sku')}</th>
                  <th scope="col" className="num">
                    {t('orders.shipped')}
                  </th>
                  <th scope="col" className="num">
                    {t('desk.returnedQty')}
                  </th>
                  <th scope="col">{t('desk.returnNow')}</th>
                </tr>
              </thead>
              <tbody>
                {order.lines.map((l, i) => (
                  <tr key={l.lineNo}>
                    <td>
                      <input type="hidden" name={`lines[${i}].lineNo`} value={l.lineNo} />
                      <code>{l.sku}</code>
                    </td>
                    <td className="num">{qtyText(l.shippedQty, l.unit)}</td>
                    <td className="num">{qtyText(l.returnedQty, l.unit)}</td>
                    <td>
                      <CellInput
                        id={`return-qty-${i}`}
                        label={t('desk.returnNowFor', { sku: l.sku })}
                        errors={returnForm.allErrors[`lines[${i}].qty`]}
                        name={`lines[${i}].qty`}
                        inputMode="numeric"
                        size={6}
                        defaultValue={0}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Field meta={returnFields.reason} label={t('desk.returnReason')} />
          <FormErrors id={returnForm.errorId} errors={returnForm.errors} />
          <button type="submit" className="primary" disabled={busy}>
            {t('desk.return')}
          </button>
        </Form>
      ) : null}

      <OrderView order={order} />
    </section>
  )
}
