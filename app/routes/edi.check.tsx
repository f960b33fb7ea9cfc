import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useState, type FormEvent } from 'react'
import { ErrorList } from '../components/forms'
import { formatDay, formatNumber } from '../i18n/format'
import { useT } from '../i18n/react'
import { requirePermission } from '../modules/auth/guards.server'
import { IssueList, RawText, useCodeText } from '../modules/edi/components/edi-bits'
import { unitText } from '../modules/ordering/unit-text'
import { CHECK_MAX_BYTES } from '../modules/edi/profile-schemas'
import { checkFile } from '../modules/edi/queries.server'
import { readFormData } from '../utils/http.server'

// "Check a file" (issue 12): the account uploads or pastes an interchange and sees the CONTRL / 997 we would send,
// the errors in words and what each order line would get. The pipeline runs as a dry run: nothing is created.
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'read:edi:org')
  return json({ maxBytes: CHECK_MAX_BYTES })
}

export async function action({ request }: ActionFunctionArgs) {
  const { scope } = await requirePermission(request, 'read:edi:org')
  const form = await readFormData(request)
  const file = form.get('file')
  const text = form.get('text')
  const bytes =
    file instanceof File && file.size > 0
      ? Buffer.from(await file.arrayBuffer())
      : typeof text === 'string' && text.trim()
        ? Buffer.from(text, 'utf8')
        : null
  if (!bytes) return json({ error: 'edi.check.error.empty', result: null }, { status: 400 })
  if (bytes.length > CHECK_MAX_BYTES) return json({ error: 'edi.check.error.tooLarge', result: null }, { status: 413 })
  return json({ error: null, result: await checkFile({ scope, bytes }) })
}

/** A number as the parsers write it ("13.000", "120.50"), in the reader's way; anything else as it came. */
const numberText = (locale: 'ru' | 'en', v: string | undefined) =>
  v === undefined ? '—' : /^-?\d+(\.\d+)?$/.test(v) ? formatNumber(locale, Number(v), { maximumFractionDigits: 3 }) : v

export default function CheckFilePage() {
  const { maxBytes } = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const navigation = useNavigation()
  const { t, locale } = useT()
  const text = useCodeText()
  // Our unit codes (pcs, m …) in the reader's words; a partner's own code shows as it came.
  const unitOf = (u: string | undefined) => (u ? unitText(t, u) : '')
  const busy = navigation.state === 'submitting'
  // Checked here first: a paste over the server's body limit (16 MiB) is refused before any action runs, and that
  // refusal would be the error page instead of this field's message.
  const [clientError, setClientError] = useState<string | null>(null)
  const error = clientError ? [clientError] : data?.error ? [data.error] : null
  const checkSize = (e: FormEvent<HTMLFormElement>) => {
    const form = e.currentTarget
    const file = (form.elements.namedItem('file') as HTMLInputElement | null)?.files?.[0]
    const pasted = (form.elements.namedItem('text') as HTMLTextAreaElement | null)?.value ?? ''
    const size = file && file.size > 0 ? file.size : new Blob([pasted]).size
    const problem = size > maxBytes ? 'edi.check.error.tooLarge' : !(file && file.size > 0) && !pasted.trim() ? 'edi.check.error.empty' : null
    setClientError(problem)
    if (problem) e.preventDefault()
  }
  return (
    <section aria-labelledby="check-title" className="edi-page">
      <h1 id="check-title">{t('edi.check.title')}</h1>
      <p>
        <Link to="/edi">{t('edi.log.back')}</Link>
      </p>
      <p className="muted">{t('edi.check.intro')}</p>
      <Form method="post" encType="multipart/form-data" className="narrow" onSubmit={checkSize}>
        <div className="field">
          <label htmlFor="check-file">{t('edi.check.file')}</label>
          <input
            id="check-file"
            name="file"
            type="file"
            accept=".edi,.txt,.x12,.edifact,text/plain"
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'check-hint check-error' : 'check-hint'}
          />
        </div>
        <div className="field">
          <label htmlFor="check-text">{t('edi.check.paste')}</label>
          <textarea
            id="check-text"
            name="text"
            rows={8}
            spellCheck={false}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'check-hint check-error' : 'check-hint'}
          />
          <p id="check-hint" className="hint">
            {t('edi.check.hint')}
          </p>
          <ErrorList id="check-error" errors={error} />
        </div>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('edi.check.checking') : t('edi.check.submit')}
        </button>
      </Form>
      {data?.result ? (
        <section aria-labelledby="check-result-title" aria-live="polite">
          <h2 id="check-result-title">{t('edi.check.result')}</h2>
          <p className="lead">{data.result.issues.some((i) => i.severity === 'error') ? t('edi.check.hasErrors') : t('edi.check.noErrors')}</p>
          <IssueList issues={data.result.issues as never} />
          <h3>{t('edi.check.ack', { type: data.result.ack.contentType })}</h3>
          <RawText text={data.result.ack.body} issues={[]} span={null} label={t('edi.check.ack', { type: data.result.ack.contentType })} />
          <h3>{t('edi.check.documents')}</h3>
          {data.result.documents.length ? (
            data.result.documents.map((d) => (
              <article key={d.ref} className="card">
                <h4>
                  {d.type} {d.number ?? ''} <span className="muted small">({t('edi.check.lines', { count: d.lines })})</span>
                </h4>
                {d.decisions.length ? (
                  <table className="data-table cards">
                    <thead>
                      <tr>
                        <th scope="col">{t('edi.check.line')}</th>
                        <th scope="col">{t('edi.check.item')}</th>
                        <th scope="col">{t('edi.check.ordered')}</th>
                        <th scope="col">{t('edi.check.confirmed')}</th>
                        <th scope="col">{t('edi.check.price')}</th>
                        <th scope="col">{t('edi.check.date')}</th>
                        <th scope="col">{t('edi.check.decision')}</th>
                        <th scope="col">{t('edi.log.reason')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {d.decisions.map((l) => (
                        <tr key={l.lineNo}>
                          <td data-label={t('edi.check.line')}>{l.lineNo}</td>
                          <td data-label={t('edi.check.item')}>{l.item ? <code>{l.item}</code> : '—'}</td>
                          <td data-label={t('edi.check.ordered')} className="num">
                            {numberText(locale, l.orderedQty)} {unitOf(l.unit)}
                          </td>
                          <td data-label={t('edi.check.confirmed')} className={`num${l.qty !== l.orderedQty ? ' changed' : ''}`}>
                            {numberText(locale, l.qty)} {unitOf(l.unit)}
                          </td>
                          <td data-label={t('edi.check.price')} className="num">
                            {numberText(locale, l.price)}
                          </td>
                          <td data-label={t('edi.check.date')}>
                            {l.deliveryDate && /^\d{4}-\d{2}-\d{2}$/.test(l.deliveryDate)
                              ? formatDay(locale, l.deliveryDate)
                              : (l.deliveryDate ?? '—')}
                          </td>
                          <td data-label={t('edi.check.decision')}>{text('edi.status', `line_${l.action}`)}</td>
                          {/* In English, the sentence the ORDRSP's FTX carries to the ERP; else our words for its code (the
                              sentence is English only, and was shown after the Russian words before). */}
                          <td data-label={t('edi.log.reason')}>
                            {l.reason ? (locale === 'en' ? l.reason.text : text('edi.reason', l.reason.code)) : '—'}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                ) : null}
              </article>
            ))
          ) : (
            <p className="muted">{t('edi.check.noDocuments')}</p>
          )}
        </section>
      ) : null}
    </section>
  )
}
