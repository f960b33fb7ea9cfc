import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { Notice } from '../components/forms'
import { Pager } from '../components/pager'
import { env } from '../env.server'
import { formatDateTime } from '../i18n/format'
import { useT } from '../i18n/react'
import { requirePermission } from '../modules/auth/guards.server'
import { listOutbox, OUTBOX_PAGE } from '../modules/notifications/queries.server'
import { OutboxQuery } from '../modules/notifications/schemas'

// The operator's outgoing mail: what the portal queued, and whether it left. Without SMTP_URL this page stands in
// for the mail server, so staff can pass a one-time link on to an applicant by hand.
export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requirePermission(request, 'read:mail:any')
  const query = OutboxQuery.parse(Object.fromEntries(new URL(request.url).searchParams))
  const page = query.page ?? 1
  const { mails, total } = await listOutbox({ scope, q: query.q, page })
  return json({ mails, page, pages: Math.max(1, Math.ceil(total / OUTBOX_PAGE)), q: query.q ?? '', smtp: !!env.SMTP_URL })
}

export default function OutgoingMailPage() {
  const { mails, page, pages, q, smtp } = useLoaderData<typeof loader>()
  const { t, locale, timeZone } = useT()
  return (
    <section aria-labelledby="mail-title">
      <h1 id="mail-title">{t('mail.title')}</h1>
      <Notice tone={smtp ? 'info' : 'warning'}>{t(smtp ? 'mail.viaSmtp' : 'mail.noServer')}</Notice>
      <Form method="get" className="toolbar" role="search">
        <label htmlFor="mail-q">{t('mail.search')}</label>
        <input id="mail-q" name="q" type="search" defaultValue={q} maxLength={100} />
        <button type="submit">{t('common.search')}</button>
      </Form>
      {mails.length === 0 ? <p className="muted">{t('mail.empty')}</p> : null}
      <table className="data-table cards">
        <thead>
          <tr>
            <th scope="col">{t('mail.queuedAt')}</th>
            <th scope="col">{t('mail.to')}</th>
            <th scope="col">{t('mail.subject')}</th>
            <th scope="col">{t('mail.status')}</th>
          </tr>
        </thead>
        <tbody>
          {mails.map((m) => (
            <tr key={m.id}>
              <td data-label={t('mail.queuedAt')}>{formatDateTime(locale, m.createdAt, timeZone)}</td>
              <td data-label={t('mail.to')}>{m.toName ? `${m.toName} <${m.toAddress}>` : m.toAddress}</td>
              <td data-label={t('mail.subject')}>
                <details>
                  <summary>{m.subject}</summary>
                  <pre className="mail-body">{m.textBody}</pre>
                </details>
              </td>
              <td data-label={t('mail.status')}>
                {t(`mail.status.${m.status}`)}
                {m.attempts > 0 ? <span className="muted"> · {t('mail.attempts', { count: m.attempts })}</span> : null}
                {m.lastError ? <div className="muted">{m.lastError}</div> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager page={page} pages={pages} />
    </section>
  )
}
