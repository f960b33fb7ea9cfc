import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { ErrorList, Field, FormErrors, Notice, validationTiming } from '../components/forms'
import { formatDay } from '../i18n/format'
import { useT } from '../i18n/react'
import { can } from '../modules/auth/permissions'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import { ShopForm } from '../modules/sarm/components/shop-form'
import { addAssistant, decideRegistration, endAssistant, listRoster } from '../modules/sarm/roster.server'
import { AddAssistantInput, DecideRegistrationInput, EndAssistantInput, ShopInput } from '../modules/sarm/sale-schemas'
import { getShop, listManagerOptions, saveShop } from '../modules/sarm/shops.server'
import { businessClock } from '../utils/clock.server'
import { notFound, parseForm, readFormData, uuidParam } from '../utils/http.server'

// One shop: its roster with start and end dates, the self-registrations waiting for the dealer, and (for the
// dealer's admin) the shop's details, adding an assistant and ending one's time at the shop.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'read:sarm:org')
  const shopId = uuidParam(params.shopId)
  const shop = await getShop({ scope: auth.scope, shopId })
  if (!shop) notFound()
  const canManage = can(auth.permissions, 'manage:sarm:org')
  const [roster, managers, { today }] = await Promise.all([
    listRoster({ scope: auth.scope, shopId }),
    canManage ? listManagerOptions({ scope: auth.scope }) : Promise.resolve([] as { userId: string; name: string; email: string }[]),
    businessClock(),
  ])
  return json({
    shop: { id: shop.id, code: shop.code, name: shop.name, address: shop.address, region: shop.region, managerUserId: shop.managerUserId },
    roster,
    managers,
    canManage,
    today,
  })
}

const schemas = {
  saveShop: ShopInput,
  addAssistant: AddAssistantInput,
  endAssistant: EndAssistantInput,
  confirmRegistration: DecideRegistrationInput,
  rejectRegistration: DecideRegistrationInput,
} as const

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'manage:sarm:org')
  const shopId = uuidParam(params.shopId)
  const form = await readFormData(request)
  const raw = String(form.get('intent') ?? '')
  const intent = (raw in schemas ? raw : 'addAssistant') as keyof typeof schemas
  const actor = actorOf(auth, context.clientIp)
  const submission = parseForm(form, { schema: schemas[intent] })
  if (submission.status !== 'success')
    return json({ intent, result: submission.reply(), done: false, rosterId: form.get('rosterId') }, { status: 400 })
  const v = submission.value
  const scope = auth.scope
  const r =
    v.intent === 'saveShop'
      ? await saveShop({ scope, actor, input: { ...v, shopId } })
      : v.intent === 'addAssistant'
        ? await addAssistant({ scope, actor, shopId, input: v })
        : v.intent === 'endAssistant'
          ? await endAssistant({ scope, actor, rosterId: v.rosterId, endsOn: v.endsOn })
          : await decideRegistration({ scope, actor, rosterId: v.rosterId, confirm: v.intent === 'confirmRegistration' })
  const rosterId = 'rosterId' in v ? v.rosterId : null
  if (!r.ok)
    return json(
      { intent, result: submission.reply({ fieldErrors: r.fieldErrors, formErrors: r.formErrors }), done: false, rosterId },
      { status: r.status },
    )
  return json({ intent, result: submission.reply({ resetForm: true }), done: true, rosterId })
}

export default function ShopPage() {
  const { shop, roster, managers, canManage, today } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t, locale } = useT()
  const pending = roster.filter((r) => r.status === 'pending')
  const listed = roster.filter((r) => r.status !== 'pending')
  const rowError = (id: string) => (actionData && !actionData.done && actionData.rosterId === id ? actionData.result : null)
  return (
    <section aria-labelledby="shop-title">
      <p>
        <Link to="/shops">{t('sarm.shops.title')}</Link>
      </p>
      <h1 id="shop-title">
        {shop.name} <span className="muted">{shop.code}</span>
      </h1>
      <p className="muted">
        {shop.address}, {shop.region}
      </p>
      {actionData?.done ? <Notice tone="success">{t(`sarm.roster.done.${actionData.intent}`)}</Notice> : null}
      {pending.length ? (
        <>
          <h2>{t('sarm.roster.pending')}</h2>
          <ul className="sarm-pending">
            {pending.map((r) => (
              <li key={r.id} className="card">
                <strong>{r.name}</strong> · {r.email}
                {r.phone ? ` · ${r.phone}` : ''}
                {canManage ? (
                  <Form method="post" className="actions">
                    <input type="hidden" name="rosterId" value={r.id} />
                    <button type="submit" name="intent" value="confirmRegistration" className="primary">
                      {t('sarm.roster.confirm')}
                    </button>
                    <button type="submit" name="intent" value="rejectRegistration" className="danger">
                      {t('sarm.roster.reject')}
                    </button>
                  </Form>
                ) : null}
                <ErrorList errors={(rowError(r.id)?.error?.[''] as string[] | undefined) ?? null} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>{t('sarm.roster.title')}</h2>
      {listed.length ? (
        <div className="table-scroll">
          <table className="data-table cards">
            <thead>
              <tr>
                <th scope="col">{t('sarm.roster.name')}</th>
                <th scope="col">{t('sarm.roster.email')}</th>
                <th scope="col">{t('sarm.roster.posCode')}</th>
                <th scope="col">{t('sarm.roster.startsOn')}</th>
                <th scope="col">{t('sarm.roster.endsOn')}</th>
                {canManage ? <th scope="col">{t('sarm.roster.end')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {listed.map((r) => {
                const err = rowError(r.id)
                return (
                  <tr key={r.id}>
                    <td data-label={t('sarm.roster.name')}>
                      {r.name}
                      {r.status === 'rejected' ? <span className="muted small"> ({t('sarm.roster.rejected')})</span> : null}
                    </td>
                    <td data-label={t('sarm.roster.email')}>{r.email}</td>
                    <td data-label={t('sarm.roster.posCode')}>{r.posCode ?? ''}</td>
                    <td data-label={t('sarm.roster.startsOn')}>{formatDay(locale, r.startsOn)}</td>
                    <td data-label={t('sarm.roster.endsOn')}>{r.endsOn ? formatDay(locale, r.endsOn) : '—'}</td>
                    {canManage ? (
                      <td data-label={t('sarm.roster.end')}>
                        {r.status === 'active' && !r.endsOn ? (
                          <Form method="post" className="sarm-inline">
                            <input type="hidden" name="intent" value="endAssistant" />
                            <input type="hidden" name="rosterId" value={r.id} />
                            <input type="date" name="endsOn" defaultValue={today} aria-label={t('sarm.roster.endsOn')} />
                            <button type="submit">{t('sarm.roster.end')}</button>
                            <ErrorList
                              errors={[
                                ...((err?.error?.endsOn as string[] | undefined) ?? []),
                                ...((err?.error?.[''] as string[] | undefined) ?? []),
                              ]}
                            />
                          </Form>
                        ) : null}
                      </td>
                    ) : null}
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t('sarm.roster.none')}</p>
      )}
      {canManage ? (
        <>
          <h2>{t('sarm.roster.add')}</h2>
          <AddAssistantForm today={today} lastResult={actionData?.intent === 'addAssistant' ? actionData.result : undefined} />
          <h2>{t('sarm.shops.edit')}</h2>
          <ShopForm shop={shop} managers={managers} lastResult={actionData?.intent === 'saveShop' ? actionData.result : undefined} />
        </>
      ) : null}
    </section>
  )
}

function AddAssistantForm({ today, lastResult }: { today: string; lastResult?: SubmissionResult<string[]> }) {
  const { t } = useT()
  const [form, fields] = useForm({
    id: 'add-assistant',
    lastResult,
    constraint: getZodConstraint(AddAssistantInput),
    defaultValue: { startsOn: today },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AddAssistantInput }),
    ...validationTiming,
  })
  return (
    <Form method="post" {...getFormProps(form)} className="card narrow">
      <input type="hidden" name="intent" value="addAssistant" />
      <Field meta={fields.displayName} label={t('sarm.roster.name')} />
      <Field meta={fields.email} label={t('sarm.roster.email')} type="email" hint={t('sarm.roster.emailHint')} />
      <Field meta={fields.phone} label={t('sarm.roster.phone')} inputMode="tel" />
      <Field meta={fields.posCode} label={t('sarm.roster.posCode')} hint={t('sarm.roster.posCodeHint')} />
      <Field meta={fields.startsOn} label={t('sarm.roster.startsOn')} type="date" />
      <FormErrors id={form.errorId} errors={form.errors} />
      <button type="submit" className="primary">
        {t('sarm.roster.addSubmit')}
      </button>
    </Form>
  )
}
