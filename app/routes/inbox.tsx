import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { Notice } from '../components/forms'
import { Pager } from '../components/pager'
import { formatDateTime } from '../i18n/format'
import { resolveLocale } from '../i18n/locale.server'
import { useT } from '../i18n/react'
import { requireUser } from '../modules/auth/guards.server'
import { markAllNoticesRead, markNoticeRead } from '../modules/notifications/mutations.server'
import { INBOX_PAGE, listNotices } from '../modules/notifications/queries.server'
import { InboxIntent, InboxQuery } from '../modules/notifications/schemas'
import { parseForm, readFormData, safeRedirectPath } from '../utils/http.server'

// The person's own inbox: every signed-in person has one, whatever their organisation (read:notification:own).
export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requireUser(request)
  const query = InboxQuery.parse(Object.fromEntries(new URL(request.url).searchParams))
  const page = query.page ?? 1
  const locale = resolveLocale(request, auth.user.locale)
  const { notices, total } = await listNotices({ userId: auth.user.id, locale, unreadOnly: query.show === 'unread', page })
  return json({ notices, page, pages: Math.max(1, Math.ceil(total / INBOX_PAGE)), show: query.show ?? 'all' })
}

export async function action({ request }: ActionFunctionArgs) {
  const auth = await requireUser(request)
  const submission = parseForm(await readFormData(request), { schema: InboxIntent })
  if (submission.status !== 'success') return json({ result: submission.reply(), all: 0 }, { status: 400 })
  if (submission.value.intent === 'read-all') return json({ result: submission.reply(), all: await markAllNoticesRead({ userId: auth.user.id }) })
  await markNoticeRead({ userId: auth.user.id, id: submission.value.id })
  // "Open" marks the message read and follows its link (only a path inside the portal).
  // A prefix check let `/\host` and `/\t/host` through, which a browser reads as another host: the shared guard resolves them.
  const to = safeRedirectPath(new URL(request.url).searchParams.get('to'), '')
  if (to) throw redirect(to)
  return json({ result: submission.reply(), all: 0 })
}

export default function InboxPage() {
  const { notices, page, pages, show } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t, locale, timeZone } = useT()
  const busy = useNavigation().state !== 'idle'
  return (
    <section aria-labelledby="inbox-title">
      <h1 id="inbox-title">{t('inbox.title')}</h1>
      <div className="toolbar">
        <nav aria-label={t('inbox.title')} className="tabs">
          <Link to="?show=all" aria-current={show === 'all' ? 'page' : undefined}>
            {t('inbox.filter.all')}
          </Link>
          <Link to="?show=unread" aria-current={show === 'unread' ? 'page' : undefined}>
            {t('inbox.filter.unread')}
          </Link>
        </nav>
        <Form method="post">
          <button type="submit" name="intent" value="read-all" disabled={busy}>
            {t('inbox.markAllRead')}
          </button>
        </Form>
      </div>
      {actionData && actionData.all > 0 ? <Notice tone="success">{t('inbox.markedAll')}</Notice> : null}
      {notices.length === 0 ? <p className="muted">{t('inbox.empty')}</p> : null}
      <ul className="inbox-list">
        {notices.map((n) => (
          <li key={n.id} className={n.read ? 'inbox-item' : 'inbox-item unread'}>
            <h2 className="inbox-title">
              {n.read ? null : <span className="badge">{t('inbox.new')}</span>} {n.title}
            </h2>
            <p>{n.body}</p>
            <p className="muted">
              <time dateTime={n.createdAt}>{formatDateTime(locale, n.createdAt, timeZone)}</time>
            </p>
            <Form method="post" action={n.link ? `?to=${encodeURIComponent(n.link)}` : undefined} className="inline-form">
              <input type="hidden" name="id" value={n.id} />
              {n.link ? (
                <button type="submit" name="intent" value="read" className="link-button">
                  {t('inbox.open')}
                </button>
              ) : null}
              {!n.read && !n.link ? (
                <button type="submit" name="intent" value="read" className="link-button">
                  {t('inbox.markRead')}
                </button>
              ) : null}
            </Form>
          </li>
        ))}
      </ul>
      <Pager page={page} pages={pages} />
    </section>
  )
}
