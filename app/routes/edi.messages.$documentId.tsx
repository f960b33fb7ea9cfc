import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useT } from '../i18n/react'
import { requirePermission } from '../modules/auth/guards.server'
import { MessageView, type MessageViewData } from '../modules/edi/components/message-view'
import { getMessageDetail } from '../modules/edi/queries.server'
import { getOrder } from '../modules/ordering/queries.server'
import { invariantResponse, uuidParam } from '../utils/http.server'

// One message of the account's own log; another account's id is not found (the scope is in the query).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requirePermission(request, 'read:edi:org')
  const message = await getMessageDetail({ scope, documentId: uuidParam(params.documentId) })
  invariantResponse(message, 'error.notFound.title', { status: 404 })
  const order = message.orderId ? await getOrder({ scope, orderId: message.orderId }) : null
  return json({ message, order: order ? { href: `/orders/${order.id}`, number: order.number } : null })
}

export default function EdiMessagePage() {
  const { message, order } = useLoaderData<typeof loader>()
  const { t } = useT()
  return (
    <section aria-labelledby="message-title" className="edi-page">
      <p>
        <Link to="/edi">{t('edi.log.back')}</Link>
      </p>
      <MessageView message={message as unknown as MessageViewData} base="/edi/messages" order={order} />
    </section>
  )
}
