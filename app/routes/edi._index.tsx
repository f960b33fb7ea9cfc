import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useT } from '../i18n/react'
import { requirePermission } from '../modules/auth/guards.server'
import { MessageFilters, MessagesTable } from '../modules/edi/components/edi-bits'
import { Pager } from '../components/pager'
import { MessageQuery } from '../modules/edi/profile-schemas'
import { listMessages } from '../modules/edi/queries.server'

// The key account's own EDI message log: everything it sent us and we sent it, with status and reason.
export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requirePermission(request, 'read:edi:org')
  const query = MessageQuery.parse(Object.fromEntries(new URL(request.url).searchParams))
  return json({ messages: await listMessages({ scope, query }) })
}

export default function EdiLogPage() {
  const { messages } = useLoaderData<typeof loader>()
  const { t } = useT()
  return (
    <section aria-labelledby="edi-log-title" className="edi-page">
      <h1 id="edi-log-title">{t('edi.log.title')}</h1>
      <p className="toolbar">
        <Link to="/edi/check">{t('edi.check.title')}</Link>
      </p>
      <MessageFilters csvHref="/edi.csv" />
      <p className="muted" aria-live="polite">
        {t('common.count', { count: messages.total })}
      </p>
      <MessagesTable rows={messages.rows} base="/edi/messages" />
      <Pager page={messages.page} pages={messages.pages} />
    </section>
  )
}
