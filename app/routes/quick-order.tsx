import { getFormProps, getTextareaProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useActionData, useFetcher, useNavigation } from '@remix-run/react'
import { useRef, useState } from 'react'
import { ErrorList, Notice, validationTiming } from '../components/forms'
import type { MessageKey } from '../i18n'
import { formatMoney, formatNumber } from '../i18n/format'
import { useT } from '../i18n/react'
import { lineReasonText } from '../modules/ordering/components/line-reason'
import { requirePermission } from '../modules/auth/guards.server'
import { quickOrder, type QuickOrderRefusal } from '../modules/ordering/mutations.server'
import type { AcceptedLine, RejectedLine } from '../modules/ordering/queries.server'
import { QuickOrderSchema } from '../modules/ordering/schemas'
import { unitText } from '../modules/ordering/unit-text'
import { toCsv } from '../utils/csv'
import { readFormData } from '../utils/http.server'

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'create:order:org')
  return json({})
}

/** Paste from a spreadsheet, the grid or a file: valid lines go into the cart, each rejected line comes back. */
export async function action({ request }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'create:order:org')
  const form = await readFormData(request)
  const refuse = (error: MessageKey | QuickOrderRefusal) =>
    json({ error, accepted: [] as AcceptedLine[], rejected: [] as RejectedLine[] }, { status: 400 })
  const parsed = QuickOrderSchema.safeParse({ lines: form.get('lines') ?? undefined })
  if (!parsed.success) return refuse('quick.tooLong')
  const gridQty = form.getAll('gridQty').map(String)
  const file = form.get('file')
  const grid = form.getAll('gridRef').map((ref, i) => ({ ref: String(ref), qty: gridQty[i] ?? '' }))
  const bytes = file instanceof File && file.size > 0 ? new Uint8Array(await file.arrayBuffer()) : null
  const result = await quickOrder({ scope: auth.scope, userId: auth.user.id, input: { grid, pasted: parsed.data.lines, file: bytes } })
  if (!result.ok) return refuse(result.error)
  return json({ error: null, accepted: result.accepted, rejected: result.rejected })
}

const GRID_ROWS = 5

/** A few rows to type SKUs into, with suggestions from the dealer's assortment as they type. */
function SkuGrid() {
  const { t, locale } = useT()
  const suggest = useFetcher<{ items: { sku: string; nameRu: string; nameEn: string; partNumber: string | null }[] }>()
  const [rows, setRows] = useState(GRID_ROWS)
  const timer = useRef<ReturnType<typeof setTimeout>>()
  const ask = (q: string) => {
    clearTimeout(timer.current)
    if (q.trim().length >= 2) timer.current = setTimeout(() => suggest.load(`/catalog/suggest?q=${encodeURIComponent(q.trim())}`), 200)
  }
  return (
    <fieldset className="field quick-grid">
      <legend>{t('quick.gridTitle')}</legend>
      <datalist id="sku-suggestions">
        {(suggest.data?.items ?? []).map((i) => (
          <option key={i.sku} value={i.sku}>
            {locale === 'ru' ? i.nameRu : i.nameEn}
            {i.partNumber ? ` (${i.partNumber})` : ''}
          </option>
        ))}
      </datalist>
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">{t('quick.ref')}</th>
            <th scope="col">{t('product.quantity')}</th>
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: rows }, (_, i) => (
            <tr key={i}>
              <td>
                <label htmlFor={`grid-ref-${i}`} className="visually-hidden">
                  {t('quick.gridRef', { n: i + 1 })}
                </label>
                <input
                  id={`grid-ref-${i}`}
                  name="gridRef"
                  list="sku-suggestions"
                  autoComplete="off"
                  spellCheck={false}
                  onChange={(e) => ask(e.currentTarget.value)}
                />
              </td>
              <td>
                <label htmlFor={`grid-qty-${i}`} className="visually-hidden">
                  {t('quick.gridQty', { n: i + 1 })}
                </label>
                <input id={`grid-qty-${i}`} name="gridQty" inputMode="numeric" size={6} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" className="link-button" onClick={() => setRows((n) => Math.min(n + 5, 100))}>
        {t('quick.gridMore')}
      </button>
    </fieldset>
  )
}

export default function QuickOrderPage() {
  const data = useActionData<typeof action>()
  const navigation = useNavigation()
  const { t, tm, locale } = useT()
  // Rejected lines come back into the box, fixed where we know the fix, for the buyer to correct and resend.
  const rejectedCsv = toCsv(
    [t('quick.line'), t('quick.ref'), t('product.quantity'), t('quick.reason')],
    (data?.rejected ?? []).map((r) => [r.lineNos.join(' '), r.ref, r.qtyRaw, lineReasonText(t, r)]),
    locale,
  ).replace(/^\uFEFF/, '')
  const retry = data?.rejected.map((r) => `${r.ref}\t${r.suggestion ? r.suggestion : r.qtyRaw}`).join('\n') ?? ''
  const [form, fields] = useForm({
    id: 'quick-order',
    constraint: getZodConstraint(QuickOrderSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: QuickOrderSchema }),
    ...validationTiming,
  })
  return (
    <section aria-labelledby="quick-title">
      <h1 id="quick-title">{t('quick.title')}</h1>
      <p className="muted">{t('quick.text')}</p>
      {data?.accepted.length ? (
        <Notice tone="success">
          {t('quick.added', { count: data.accepted.length })} <Link to="/cart">{t('quick.toCart')}</Link>
        </Notice>
      ) : null}
      {data?.error ? <Notice tone="warning">{tm(data.error)}</Notice> : null}
      {data?.rejected.length ? (
        <>
          <h2>{t('quick.rejectedTitle', { count: data.rejected.length })}</h2>
          <table className="data-table cards">
            <thead>
              <tr>
                <th scope="col">{t('quick.line')}</th>
                <th scope="col">{t('quick.ref')}</th>
                <th scope="col">{t('product.quantity')}</th>
                <th scope="col">{t('quick.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {data.rejected.map((r) => (
                <tr key={r.lineNos.join(',')}>
                  <td data-label={t('quick.line')}>{r.lineNos.join(', ')}</td>
                  <td data-label={t('quick.ref')}>
                    <code>{r.ref}</code>
                  </td>
                  <td data-label={t('product.quantity')}>{r.qtyRaw}</td>
                  <td data-label={t('quick.reason')}>{lineReasonText(t, r)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      {data?.rejected.length ? (
        <p>
          <a href={`data:text/csv;charset=utf-8,${encodeURIComponent(`\uFEFF${rejectedCsv}`)}`} download="rejected-lines.csv">
            {t('quick.downloadRejected')}
          </a>
        </p>
      ) : null}
      <Form method="post" key={retry} encType="multipart/form-data" {...getFormProps(form)}>
        <SkuGrid />
        <div className="field">
          <label htmlFor="lines">{data?.rejected.length ? t('quick.fixLabel') : t('quick.label')}</label>
          <textarea
            {...getTextareaProps(fields.lines)}
            id="lines"
            rows={12}
            defaultValue={retry}
            aria-describedby={fields.lines.errors ? `lines-hint ${fields.lines.errorId}` : 'lines-hint'}
            spellCheck={false}
          />
          <p id="lines-hint" className="hint">
            {t('quick.hint')}
          </p>
          <ErrorList id={fields.lines.errorId} errors={fields.lines.errors} />
        </div>
        <div className="field">
          <label htmlFor="file">{t('quick.fileLabel')}</label>
          <input
            id="file"
            name="file"
            type="file"
            accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-describedby="file-hint"
          />
          <p id="file-hint" className="hint">
            {t('quick.fileHint')}
          </p>
        </div>
        <button type="submit" className="primary" disabled={navigation.state === 'submitting'}>
          {navigation.state === 'submitting' ? t('quick.checking') : t('quick.submit')}
        </button>
      </Form>
      {data?.accepted.length ? (
        <>
          <h2>{t('quick.addedTitle')}</h2>
          <table className="data-table">
            <tbody>
              {data.accepted.map((l) => (
                <tr key={l.productId}>
                  <td>
                    <code>{l.sku}</code>
                  </td>
                  <td>{locale === 'ru' ? l.nameRu : l.nameEn}</td>
                  <td>
                    {formatNumber(locale, l.qty)} {unitText(t, l.unit)}
                  </td>
                  <td>{formatMoney(locale, l.unitPriceMinor, l.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  )
}
