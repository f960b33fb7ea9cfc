import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { ErrorList, Field, FormErrors, Notice, validationTiming } from '../components/forms'
import type { MessageKey } from '../i18n'
import { formatDateTime, formatMoney } from '../i18n/format'
import { useT } from '../i18n/react'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import { DealFacts, DealStatusBadge, DealTimeline } from '../modules/prm/components/deal-bits'
import { PartnersDeskTabs } from '../modules/prm/components/programme-tabs'
import { allowedDeskActions, type DeskAction } from '../modules/prm/deal-rules'
import { DealDecision } from '../modules/prm/deal-schemas'
import { decideDeal, getDeskDeal } from '../modules/prm/deals.server'
import { invariantResponse, parseForm, readFormData, uuidParam } from '../utils/http.server'

const doneKeys: Record<DeskAction, MessageKey> = {
  approve: 'deals.done.approve',
  reject: 'deals.done.reject',
  resolve: 'deals.done.resolve',
  extend: 'deals.done.extend',
  won: 'deals.done.won',
  lost: 'deals.done.lost',
}
const isAction = (v: unknown): v is DeskAction => typeof v === 'string' && Object.prototype.hasOwnProperty.call(doneKeys, v)

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requirePermission(request, 'manage:partner_programme:any')
  const found = await getDeskDeal({ scope, dealId: uuidParam(params.dealId) })
  invariantResponse(found, 'error.notFound.title', { status: 404 })
  return json(found)
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'manage:partner_programme:any')
  const dealId = uuidParam(params.dealId)
  const submission = parseForm(await readFormData(request), { schema: DealDecision })
  const intent = submission.payload.intent
  if (submission.status !== 'success') return json({ intent, result: submission.reply(), done: false }, { status: 400 })
  const result = await decideDeal({ scope: auth.scope, actor: actorOf(auth, context.clientIp), dealId, decision: submission.value })
  invariantResponse(result.ok || result.status !== 404, 'error.notFound.title', { status: 404 })
  if (!result.ok)
    return json(
      { intent, result: submission.reply({ fieldErrors: result.fieldErrors, formErrors: result.formErrors }), done: false },
      { status: result.status },
    )
  return json({ intent, result: submission.reply({ resetForm: true }), done: true })
}

type ActionData = { intent: unknown; result: SubmissionResult<string[]>; done: boolean } | undefined

export default function DeskDealPage() {
  const data = useLoaderData<typeof loader>()
  const { deal, other } = data
  const actionData = useActionData<typeof action>() as ActionData
  const navigation = useNavigation()
  const { t, locale, timeZone } = useT()
  const allowed = allowedDeskActions[deal.status]
  const lastFor = (intent: string) => (actionData?.intent === intent ? actionData.result : undefined)
  const checked = {
    constraint: getZodConstraint(DealDecision),
    onValidate: ({ formData }: { formData: FormData }) => parseWithZod(formData, { schema: DealDecision }),
    ...validationTiming,
  }
  const [approveForm, approveFields] = useForm({
    id: 'approve',
    lastResult: lastFor('approve'),
    defaultValue: { protectionDays: String(data.protectionDays) },
    ...checked,
  })
  const [rejectForm, rejectFields] = useForm({ id: 'reject', lastResult: lastFor('reject'), ...checked })
  const [resolveForm, resolveFields] = useForm({
    id: 'resolve',
    lastResult: lastFor('resolve'),
    defaultValue: { protectionDays: String(data.protectionDays) },
    ...checked,
  })
  const [extendForm, extendFields] = useForm({ id: 'extend', lastResult: lastFor('extend'), ...checked })
  const [wonForm, wonFields] = useForm({ id: 'won', lastResult: lastFor('won'), ...checked })
  const [lostForm, lostFields] = useForm({ id: 'lost', lastResult: lastFor('lost'), ...checked })
  const busy = navigation.state === 'submitting'
  const money = (m: number | null) => (m === null ? t('deals.noPrice') : formatMoney(locale, m))
  const name = (p: { nameRu: string; nameEn: string }) => (locale === 'ru' ? p.nameRu : p.nameEn)
  return (
    <section aria-labelledby="desk-deal-title">
      <PartnersDeskTabs />
      <h1 id="desk-deal-title">{t('deals.deal', { number: deal.number })}</h1>
      <p className="actions">
        <Link to="/desk/partners/deals">{t('deals.back')}</Link>
      </p>
      {actionData?.done && isAction(actionData.intent) ? <Notice tone="success">{t(doneKeys[actionData.intent])}</Notice> : null}
      {actionData && !actionData.done && !allowed.includes(actionData.intent as DeskAction) ? (
        <FormErrors errors={actionData.result.error?.[''] ?? null} />
      ) : null}

      <div className={other ? 'side-by-side' : undefined}>
        <section aria-labelledby="this-deal">
          <h2 id="this-deal">
            {other ? `${t('deals.desk.thisDeal')}: ` : ''}
            {data.dealer.shortName}
          </h2>
          <p className="muted">
            {data.dealer.legalName} · {t('deals.createdBy')}: {deal.createdByName ?? '—'} ({deal.createdByEmail ?? '—'}),{' '}
            {formatDateTime(locale, deal.createdAt, timeZone)}
          </p>
          <DealFacts deal={deal} products={data.products} categories={data.categories} />
        </section>
        {other ? (
          <section aria-labelledby="other-deal">
            <h2 id="other-deal">
              {t('deals.desk.otherDeal')}: <Link to={`/desk/partners/deals/${other.deal.id}`}>{other.deal.number}</Link>, {other.dealer.shortName}
            </h2>
            <p className="muted">{other.dealer.legalName}</p>
            <DealFacts deal={other.deal} products={other.products} categories={other.categories} />
          </section>
        ) : null}
      </div>
      {data.challengers.length ? (
        <section aria-labelledby="challengers">
          <h2 id="challengers">{t('deals.desk.challengers')}</h2>
          <ul>
            {data.challengers.map((c) => (
              <li key={c.id}>
                <Link to={`/desk/partners/deals/${c.id}`}>{c.number}</Link> — {c.orgName} <DealStatusBadge status={c.status} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {!allowed.length ? <p>{t('deals.desk.noActions')}</p> : null}
      {allowed.includes('approve') ? (
        <Form method="post" {...getFormProps(approveForm)} className="card">
          <h2>{t('deals.desk.approve')}</h2>
          <input type="hidden" name="intent" value="approve" />
          <Field meta={approveFields.protectionDays} label={t('deals.desk.protectionDays')} inputMode="numeric" />
          {data.products.length ? (
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t('deals.product')}</th>
                  <th scope="col" className="num">
                    {t('deals.currentPrice')}
                  </th>
                  <th scope="col">{t('deals.specialPrice')}</th>
                </tr>
              </thead>
              <tbody>
                {data.products.map((p, i) => (
                  <tr key={p.id}>
                    <td>
                      {p.sku} {name(p)}
                    </td>
                    <td className="num">
                      {money(p.currentPriceMinor)} {p.currentList ? <span className="muted small">{p.currentList}</span> : null}
                    </td>
                    <td>
                      <input type="hidden" name={`prices[${i}].productId`} value={p.id} />
                      <label className="visually-hidden" htmlFor={`price-${i}`}>
                        {t('deals.specialPrice')} {p.sku}
                      </label>
                      <input id={`price-${i}`} name={`prices[${i}].price`} inputMode="decimal" maxLength={30} />
                      <ErrorList errors={approveForm.allErrors[`prices[${i}].price`]} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          <Field meta={approveFields.priceUntil} label={t('deals.desk.priceUntil')} type="date" hint={t('deals.desk.priceUntilHint')} />
          <Field meta={approveFields.note} label={t('deals.note')} />
          <FormErrors id={approveForm.errorId} errors={approveForm.errors} />
          <button type="submit" disabled={busy}>
            {t('deals.desk.approve')}
          </button>
        </Form>
      ) : null}
      {allowed.includes('resolve') ? (
        <Form method="post" {...getFormProps(resolveForm)} className="card">
          <h2>{t('deals.desk.resolve')}</h2>
          <input type="hidden" name="intent" value="resolve" />
          <fieldset>
            <legend>{t('deals.desk.keep')}</legend>
            <label>
              <input type="radio" name={resolveFields.keep.name} value="this" defaultChecked /> {t('deals.desk.keepThis')}
            </label>
            <label>
              <input type="radio" name={resolveFields.keep.name} value="other" /> {t('deals.desk.keepOther')}
            </label>
            <ErrorList id={resolveFields.keep.errorId} errors={resolveFields.keep.errors} />
          </fieldset>
          <Field meta={resolveFields.protectionDays} label={t('deals.desk.protectionDays')} inputMode="numeric" />
          <FormErrors id={resolveForm.errorId} errors={resolveForm.errors} />
          <button type="submit" disabled={busy}>
            {t('deals.desk.resolve')}
          </button>
        </Form>
      ) : null}
      {allowed.includes('extend') ? (
        <Form method="post" {...getFormProps(extendForm)} className="card">
          <h2>{t('deals.desk.extend')}</h2>
          <input type="hidden" name="intent" value="extend" />
          <Field meta={extendFields.days} label={t('deals.desk.extendDays')} inputMode="numeric" />
          <Field meta={extendFields.note} label={t('deals.note')} />
          <FormErrors id={extendForm.errorId} errors={extendForm.errors} />
          <button type="submit" disabled={busy}>
            {t('deals.desk.extend')}
          </button>
        </Form>
      ) : null}
      {allowed.includes('won') ? (
        <Form method="post" {...getFormProps(wonForm)} className="card">
          <h2>{t('deals.desk.won')}</h2>
          <input type="hidden" name="intent" value="won" />
          <fieldset>
            <legend>{t('deals.desk.wonOrders')}</legend>
            {data.dealerOrders.length ? (
              data.dealerOrders.map((o) => (
                <label key={o.id} className="field-checkbox">
                  <input type="checkbox" name={wonFields.orderIds.name} value={o.id} /> {o.number} — {formatMoney(locale, o.grossMinor)},{' '}
                  {formatDateTime(locale, o.placedAt, timeZone)}
                </label>
              ))
            ) : (
              <p>{t('deals.desk.noOrders')}</p>
            )}
            <ErrorList id={wonFields.orderIds.errorId} errors={wonFields.orderIds.errors} />
          </fieldset>
          <Field meta={wonFields.note} label={t('deals.note')} />
          <FormErrors id={wonForm.errorId} errors={wonForm.errors} />
          <button type="submit" disabled={busy}>
            {t('deals.desk.won')}
          </button>
        </Form>
      ) : null}
      {allowed.includes('lost') ? (
        <Form method="post" {...getFormProps(lostForm)} className="card">
          <h2>{t('deals.desk.lost')}</h2>
          <input type="hidden" name="intent" value="lost" />
          <Field meta={lostFields.reason} label={t('deals.desk.reason')} />
          <FormErrors id={lostForm.errorId} errors={lostForm.errors} />
          <button type="submit" disabled={busy} className="danger">
            {t('deals.desk.lost')}
          </button>
        </Form>
      ) : null}
      {allowed.includes('reject') ? (
        <Form method="post" {...getFormProps(rejectForm)} className="card">
          <h2>{t('deals.desk.reject')}</h2>
          <input type="hidden" name="intent" value="reject" />
          <Field meta={rejectFields.reason} label={t('deals.desk.reason')} />
          <FormErrors id={rejectForm.errorId} errors={rejectForm.errors} />
          <button type="submit" disabled={busy} className="danger">
            {t('deals.desk.reject')}
          </button>
        </Form>
      ) : null}
      <DealTimeline events={data.events} />
    </section>
  )
}
