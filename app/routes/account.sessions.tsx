import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { Notice } from '../components/forms'
import { formatDateTime } from '../i18n/format'
import { useT } from '../i18n/react'
import { actorOf, requireUser } from '../modules/auth/guards.server'
import { revokeOtherSessions, revokeOwnSession } from '../modules/auth/mutations.server'
import { listOwnSessions, sessionExpiresAt } from '../modules/auth/queries.server'
import { SessionsIntent } from '../modules/auth/schemas'
import { invariantResponse, readFormData, parseForm } from '../utils/http.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requireUser(request)
  const sessions = await listOwnSessions({ userId: auth.user.id })
  return json({
    sessions: sessions.map((s) => ({ ...s, current: s.id === auth.session.id, expiresAt: sessionExpiresAt(s).toISOString() })),
  })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requireUser(request)
  const submission = parseForm(await readFormData(request), { schema: SessionsIntent })
  if (submission.status !== 'success') return json({ result: submission.reply(), ended: 0 }, { status: 400 })
  const actor = actorOf(auth, context.clientIp)
  if (submission.value.intent === 'revoke') {
    if (submission.value.sessionId === auth.session.id)
      return json({ result: submission.reply({ formErrors: ['account.sessions.useLogout'] }), ended: 0 }, { status: 400 })
    const ended = await revokeOwnSession({ userId: auth.user.id, sessionId: submission.value.sessionId, actor })
    invariantResponse(ended, 'error.notFound.title', { status: 404 })
    return json({ result: submission.reply({ resetForm: true }), ended: 1 })
  }
  const ended = await revokeOtherSessions({ userId: auth.user.id, currentSessionId: auth.session.id, actor })
  return json({ result: submission.reply({ resetForm: true }), ended })
}

/** Describes a browser from its User-Agent, well enough to recognise one's own devices. */
function describeAgent(ua: string | null) {
  if (!ua) return '—'
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /YaBrowser/.test(ua)
      ? 'Yandex Browser'
      : /Firefox\//.test(ua)
        ? 'Firefox'
        : /Chrome\//.test(ua)
          ? 'Chrome'
          : /Safari\//.test(ua)
            ? 'Safari'
            : ua.slice(0, 40)
  const os = /Windows/.test(ua)
    ? 'Windows'
    : /Android/.test(ua)
      ? 'Android'
      : /iPhone|iPad/.test(ua)
        ? 'iOS'
        : /Mac OS/.test(ua)
          ? 'macOS'
          : /Linux/.test(ua)
            ? 'Linux'
            : ''
  return os ? `${browser}, ${os}` : browser
}

export default function SessionsPage() {
  const { sessions } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t, locale, timeZone } = useT()
  const others = sessions.filter((s) => !s.current).length
  return (
    <section aria-labelledby="sessions-title">
      <h1 id="sessions-title">{t('account.sessions.title')}</h1>
      <p className="muted">{t('account.sessions.text')}</p>
      {actionData && actionData.ended > 0 ? <Notice tone="success">{t('account.sessions.ended', { count: actionData.ended })}</Notice> : null}
      <table className="data-table cards">
        <thead>
          <tr>
            <th scope="col">{t('account.sessions.device')}</th>
            <th scope="col">{t('account.sessions.ip')}</th>
            <th scope="col">{t('account.sessions.started')}</th>
            <th scope="col">{t('account.sessions.lastActive')}</th>
            <th scope="col">{t('account.sessions.expires')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('common.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((s) => (
            <tr key={s.id} aria-current={s.current ? 'true' : undefined}>
              <td data-label={t('account.sessions.device')}>
                {describeAgent(s.userAgent)}
                {s.current ? <span className="badge">{t('account.sessions.current')}</span> : null}
              </td>
              <td data-label={t('account.sessions.ip')}>{s.ip ?? '—'}</td>
              <td data-label={t('account.sessions.started')}>{formatDateTime(locale, s.createdAt, timeZone)}</td>
              <td data-label={t('account.sessions.lastActive')}>{formatDateTime(locale, s.lastActiveAt, timeZone)}</td>
              <td data-label={t('account.sessions.expires')}>{formatDateTime(locale, s.expiresAt, timeZone)}</td>
              <td>
                {s.current ? null : (
                  <Form method="post">
                    <input type="hidden" name="intent" value="revoke" />
                    <input type="hidden" name="sessionId" value={s.id} />
                    <button type="submit">{t('account.sessions.revoke')}</button>
                  </Form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {others > 0 ? (
        <Form method="post" className="actions">
          <input type="hidden" name="intent" value="revoke-others" />
          <button type="submit" className="danger">
            {t('account.sessions.revokeOthers', { count: others })}
          </button>
        </Form>
      ) : null}
    </section>
  )
}
