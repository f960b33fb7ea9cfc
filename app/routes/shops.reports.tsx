import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { ErrorList, FormErrors, Notice, validationTiming } from '../components/forms'
import { SortableTh } from '../components/sortable-th'
import { formatDay } from '../i18n/format'
import { useT } from '../i18n/react'
import { can } from '../modules/auth/permissions'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import { decideReports, listReports, recordReturn, REPORTS_PAGE } from '../modules/sarm/sale-reports.server'
import { DecisionInput, reportStatuses, ReportsQuery, ReturnInput } from '../modules/sarm/sale-schemas'
import { listShops } from '../modules/sarm/shops.server'
import { businessClock } from '../utils/clock.server'
import { parseForm, readFormData } from '../utils/http.server'

// The dealer's sale reports: the shop's manager (or the dealer's admin) confirms or rejects them, one or many at
// once, and records a return on a confirmed one. Only confirmed units, less returns, count for bonuses and contests.

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'read:sarm:org')
  const url = new URL(request.url)
  const query = ReportsQuery.parse(Object.fromEntries(url.searchParams))
  const [rows, shops, { today }] = await Promise.all([listReports({ scope: auth.scope, query }), listShops({ scope: auth.scope }), businessClock()])
  const canDecide = can(auth.permissions, 'update:sale_report:org')
  // A shop manager decides the reports of the shops they manage; the dealer's admin any (the server checks again).
  const isAdmin = can(auth.permissions, 'manage:sarm:org')
  return json({
    today,
    search: url.search,
    // The page size goes with the data: a `.server` module's constant is not in the browser's bundle (it would
    // read undefined there, and the "first N" hint the server rendered would vanish on hydration).
    pageSize: REPORTS_PAGE,
    canDecide,
    shops: shops.map((s) => ({ id: s.id, name: s.name })),
    rows: rows.map((r) => ({
      id: r.id,
      shopName: r.shopName,
      assistant: r.assistant,
      sku: r.sku,
      nameRu: r.nameRu,
      nameEn: r.nameEn,
      qty: r.qty,
      returnedQty: r.returnedQty,
      serial: r.serial,
      soldOn: r.soldOn,
      receiptNo: r.receiptNo,
      source: r.source,
      status: r.status,
      rejectReason: r.rejectReason,
      hasPhoto: r.hasPhoto,
      mine: canDecide && (isAdmin || r.managerUserId === auth.user.id),
    })),
  })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'update:sale_report:org')
  const form = await readFormData(request)
  const decider = { userId: auth.user.id, isAdmin: can(auth.permissions, 'manage:sarm:org') }
  const actor = actorOf(auth, context.clientIp)
  if (form.get('intent') === 'return') {
    const submission = parseForm(form, { schema: ReturnInput })
    if (submission.status !== 'success')
      return json({ intent: 'return', reportId: form.get('reportId'), result: submission.reply(), done: 0 }, { status: 400 })
    const r = await recordReturn({ scope: auth.scope, actor, decider, input: submission.value })
    const result = r.ok ? submission.reply({ resetForm: true }) : submission.reply({ fieldErrors: r.fieldErrors, formErrors: r.formErrors })
    return json({ intent: 'return', reportId: submission.value.reportId, result, done: r.ok ? 1 : 0 }, { status: r.ok ? 200 : r.status })
  }
  const submission = parseForm(form, { schema: DecisionInput })
  if (submission.status !== 'success') return json({ intent: 'decide', reportId: null, result: submission.reply(), done: 0 }, { status: 400 })
  const r = await decideReports({ scope: auth.scope, actor, decider, input: submission.value })
  if (!r.ok) return json({ intent: 'decide', reportId: null, result: submission.reply({ formErrors: r.formErrors }), done: 0 }, { status: r.status })
  return json({ intent: 'decide', reportId: null, result: submission.reply({ resetForm: true }), done: submission.value.reportIds.length })
}

export default function ReportsPage() {
  const { rows, shops, canDecide, today, search, pageSize } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const [params] = useSearchParams()
  const { t, locale } = useT()
  const [form, fields] = useForm({
    id: 'decide',
    lastResult: actionData?.intent === 'decide' ? actionData.result : undefined,
    constraint: getZodConstraint(DecisionInput),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: DecisionInput }),
    ...validationTiming,
  })
  const csv = `/shops/reports.csv${search}`
  return (
    <section aria-labelledby="reports-title">
      <p>
        <Link to="/shops">{t('nav.shops')}</Link>
      </p>
      <h1 id="reports-title">{t('sarm.reports.title')}</h1>
      <p className="muted">{t('sarm.reports.intro')}</p>
      {actionData?.done ? (
        <Notice tone="success">
          {actionData.intent === 'return' ? t('sarm.reports.returnDone') : t('sarm.reports.decided', { count: actionData.done })}
        </Notice>
      ) : null}
      <Form method="get" className="filters">
        <label>
          {t('sarm.reports.shop')}{' '}
          <select name="shopId" defaultValue={params.get('shopId') ?? ''}>
            <option value="">{t('sarm.reports.allShops')}</option>
            {shops.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('sarm.reports.status')}{' '}
          <select name="status" defaultValue={params.get('status') ?? ''}>
            <option value="">{t('sarm.reports.allStatuses')}</option>
            {reportStatuses.map((s) => (
              <option key={s} value={s}>
                {t(`sarm.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t('sarm.reports.filter')}</button>
        <a href={csv} download>
          {t('sarm.reports.csv')}
        </a>
      </Form>
      {rows.length >= pageSize ? <p className="hint">{t('sarm.reports.limit', { count: pageSize })}</p> : null}
      {rows.length ? (
        <div className="table-scroll">
          <table className="data-table cards">
            <thead>
              <tr>
                {canDecide ? <th scope="col">{t('sarm.reports.select')}</th> : null}
                <SortableTh column="soldOn" label={t('sarm.reports.soldOn')} />
                <SortableTh column="shop" label={t('sarm.reports.shop')} />
                <SortableTh column="assistant" label={t('sarm.reports.assistant')} />
                <SortableTh column="product" label={t('sarm.reports.product')} />
                <SortableTh column="qty" label={t('sarm.reports.qty')} />
                <th scope="col">{t('sarm.reports.receipt')}</th>
                <SortableTh column="status" label={t('sarm.reports.status')} />
                {canDecide ? <th scope="col">{t('sarm.reports.return')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  {canDecide ? (
                    <td data-label={t('sarm.reports.select')}>
                      {r.status === 'pending' && r.mine ? (
                        <input
                          type="checkbox"
                          name={fields.reportIds.name}
                          value={r.id}
                          form={form.id}
                          aria-label={`${t('sarm.reports.select')} ${r.receiptNo}`}
                        />
                      ) : null}
                    </td>
                  ) : null}
                  <td data-label={t('sarm.reports.soldOn')}>{formatDay(locale, r.soldOn)}</td>
                  <td data-label={t('sarm.reports.shop')}>{r.shopName}</td>
                  <td data-label={t('sarm.reports.assistant')}>{r.assistant}</td>
                  <td data-label={t('sarm.reports.product')}>
                    <code>{r.sku}</code> {locale === 'ru' ? r.nameRu : r.nameEn}
                    {r.serial ? <div className="muted small">{r.serial}</div> : null}
                  </td>
                  <td data-label={t('sarm.reports.qty')} className="num">
                    {r.qty}
                    {r.returnedQty ? (
                      <div className="muted small">
                        {t('sarm.reports.returned')}: {r.returnedQty}
                      </div>
                    ) : null}
                  </td>
                  <td data-label={t('sarm.reports.receipt')}>
                    {r.receiptNo}
                    {r.source === 'pos' ? <span className="muted small"> ({t('sarm.reports.pos')})</span> : null}
                    {r.hasPhoto ? (
                      <div>
                        <a href={`/shops/reports/${r.id}/photo`} target="_blank" rel="noreferrer">
                          {t('sarm.reports.photo')}
                        </a>
                      </div>
                    ) : null}
                  </td>
                  <td data-label={t('sarm.reports.status')}>
                    <span className={`status status-${r.status}`}>{t(`sarm.status.${r.status}`)}</span>
                    {r.status === 'confirmed' ? (
                      <div className="muted small">{t('sarm.reports.counted', { count: r.qty - r.returnedQty })}</div>
                    ) : null}
                    {r.rejectReason ? <div className="muted small">{r.rejectReason}</div> : null}
                  </td>
                  {canDecide ? (
                    <td data-label={t('sarm.reports.return')}>
                      {r.status === 'confirmed' && r.mine && r.qty > r.returnedQty ? (
                        <ReturnForm id={r.id} left={r.qty - r.returnedQty} today={today} />
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t('sarm.reports.none')}</p>
      )}
      {rows.some((r) => r.status === 'pending' && r.mine) ? (
        <Form method="post" {...getFormProps(form)} className="card narrow">
          <ErrorList id={fields.reportIds.errorId} errors={fields.reportIds.errors} />
          <div className="field">
            <label htmlFor={fields.reason.id}>{t('sarm.reports.rejectReason')}</label>
            <textarea id={fields.reason.id} name={fields.reason.name} rows={2} maxLength={500} aria-describedby={fields.reason.errorId} />
            <ErrorList id={fields.reason.errorId} errors={fields.reason.errors} />
          </div>
          <FormErrors id={form.errorId} errors={form.errors} />
          <div className="actions">
            <button type="submit" name="intent" value="confirm" className="primary" disabled={navigation.state === 'submitting'}>
              {t('sarm.reports.confirm')}
            </button>
            <button type="submit" name="intent" value="reject" className="danger" disabled={navigation.state === 'submitting'}>
              {t('sarm.reports.reject')}
            </button>
          </div>
        </Form>
      ) : null}
    </section>
  )
}

function ReturnForm({ id, left, today }: { id: string; left: number; today: string }) {
  const actionData = useActionData<typeof action>()
  const { t } = useT()
  const mine = actionData?.intent === 'return' && actionData.reportId === id ? actionData.result : undefined
  const [form, fields] = useForm({
    id: `return-${id}`,
    lastResult: mine,
    constraint: getZodConstraint(ReturnInput),
    defaultValue: { returnQty: String(left), returnedOn: today },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ReturnInput }),
    ...validationTiming,
  })
  return (
    <details open={!!mine && !actionData?.done}>
      <summary>{t('sarm.reports.return')}</summary>
      <Form method="post" {...getFormProps(form)} className="sarm-return">
        <input type="hidden" name="intent" value="return" />
        <input type="hidden" name="reportId" value={id} />
        <label>
          {t('sarm.reports.returnQty')}{' '}
          <input
            name={fields.returnQty.name}
            defaultValue={fields.returnQty.initialValue}
            inputMode="numeric"
            size={4}
            aria-describedby={fields.returnQty.errorId}
          />
        </label>
        <ErrorList id={fields.returnQty.errorId} errors={fields.returnQty.errors} />
        <label>
          {t('sarm.reports.returnedOn')}{' '}
          <input
            type="date"
            name={fields.returnedOn.name}
            defaultValue={fields.returnedOn.initialValue}
            aria-describedby={fields.returnedOn.errorId}
          />
        </label>
        <ErrorList id={fields.returnedOn.errorId} errors={fields.returnedOn.errors} />
        <FormErrors id={form.errorId} errors={form.errors} />
        <button type="submit">{t('sarm.reports.returnSubmit')}</button>
      </Form>
    </details>
  )
}
