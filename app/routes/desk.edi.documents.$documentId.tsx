import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { ConfirmButton } from '../components/confirm-button'
import { Notice } from '../components/forms'
import { useT } from '../i18n/react'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import { StatusBadge, Time, useCodeText } from '../modules/edi/components/edi-bits'
import { MessageView, type MessageViewData } from '../modules/edi/components/message-view'
import { replayDocument, resendDelivery, type ReplayResult } from '../modules/edi/mutations.server'
import { getMessageDetail } from '../modules/edi/queries.server'
import { getOrder } from '../modules/ordering/queries.server'
import { invariantResponse, parseForm, readFormData, uuidParam } from '../utils/http.server'

// The operator's view of one message: raw beside canonical, the offending segment marked, the timeline and acks;
// download, replay (a dry run first, its difference to the first run; commit only where idempotency allows) and
// resend of a webhook delivery.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requirePermission(request, 'manage:edi:any')
  const message = await getMessageDetail({ scope, documentId: uuidParam(params.documentId) })
  invariantResponse(message, 'error.notFound.title', { status: 404 })
  const order = message.orderId ? await getOrder({ scope, orderId: message.orderId }) : null
  return json({ message, order: order ? { href: `/desk/orders/${order.id}`, number: order.number } : null })
}

const DocumentIntent = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('replay') }),
  z.object({ intent: z.literal('replay-commit') }),
  z.object({ intent: z.literal('resend'), deliveryId: z.string().uuid() }),
])

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'manage:edi:any')
  const documentId = uuidParam(params.documentId)
  const submission = parseForm(await readFormData(request), { schema: DocumentIntent })
  if (submission.status !== 'success') return json({ replay: null, resent: false, result: submission.reply() }, { status: 400 })
  const actor = actorOf(auth, context.clientIp)
  const v = submission.value
  if (v.intent === 'resend') {
    invariantResponse(await resendDelivery({ scope: auth.scope, actor, deliveryId: v.deliveryId, documentId }), 'error.notFound.title', {
      status: 404,
    })
    return json({ replay: null, resent: true, result: submission.reply() })
  }
  const replay = await replayDocument({ scope: auth.scope, actor, documentId, commit: v.intent === 'replay-commit' })
  invariantResponse(replay, 'error.notFound.title', { status: 404 })
  return json({ replay, resent: false, result: submission.reply() })
}

export default function DeskDocumentPage() {
  const { message, order } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const { t } = useT()
  const replay = actionData?.replay as ReplayResult | null | undefined
  const m = message as unknown as MessageViewData & {
    deliveries: { id: string; status: string; attempts: number; lastStatus: number | null; lastError: string | null; createdAt: string }[]
  }
  const actions = (
    <div className="actions">
      <a href={`/desk/edi/documents/${m.id}/raw`} download>
        {t('edi.document.download')}
      </a>
      {m.direction === 'in' ? (
        <Form method="post" className="inline-form">
          <button type="submit" name="intent" value="replay" disabled={busy}>
            {t('edi.document.replay')}
          </button>
        </Form>
      ) : null}
    </div>
  )
  return (
    <section aria-labelledby="message-title" className="edi-page">
      <p>
        <Link to={`/desk/edi/${message.orgId}`}>{t('edi.monitor.back')}</Link>
      </p>
      {actionData?.resent ? <Notice tone="success">{t('edi.document.resent')}</Notice> : null}
      {replay ? <ReplayReport replay={replay} /> : null}
      <MessageView message={m} base="/desk/edi/documents" order={order} actions={actions} />
      {m.deliveries.length ? (
        <>
          <h2>{t('edi.document.deliveries')}</h2>
          <table className="data-table cards">
            <thead>
              <tr>
                <th scope="col">{t('edi.log.time')}</th>
                <th scope="col">{t('edi.log.status')}</th>
                <th scope="col">{t('edi.document.attempts')}</th>
                <th scope="col">{t('edi.document.lastError')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {m.deliveries.map((d) => (
                <tr key={d.id}>
                  <td data-label={t('edi.log.time')}>
                    <Time value={d.createdAt} />
                  </td>
                  <td data-label={t('edi.log.status')}>
                    <StatusBadge status={`webhook_${d.status}`} />
                  </td>
                  <td data-label={t('edi.document.attempts')} className="num">
                    {d.attempts}
                  </td>
                  <td data-label={t('edi.document.lastError')}>{[d.lastStatus, d.lastError].filter(Boolean).join(' · ') || '—'}</td>
                  <td>
                    {d.status !== 'delivered' ? (
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="deliveryId" value={d.id} />
                        <button type="submit" name="intent" value="resend" disabled={busy}>
                          {t('edi.document.resend')}
                        </button>
                      </Form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  )
}

/** The dry run's difference to the first run, as a table; "commit" only when the idempotency rules allow it. */
function ReplayReport({ replay }: { replay: ReplayResult }) {
  const { t } = useT()
  const text = useCodeText()
  const header = [
    { field: t('edi.log.status'), before: text('edi.status', replay.before.status), after: text('edi.status', replay.after.status) },
    {
      field: t('edi.replay.booked'),
      before: t(replay.before.booked ? 'common.yes' : 'common.no'),
      after: t(replay.after.booked ? 'common.yes' : 'common.no'),
    },
  ].filter((h) => h.before !== h.after)
  return (
    <section className="card" aria-labelledby="replay-title" aria-live="polite">
      <h2 id="replay-title">{replay.committed ? t('edi.replay.committed') : t('edi.replay.dryRun')}</h2>
      {replay.differences.length || header.length ? (
        <table className="data-table cards">
          <thead>
            <tr>
              <th scope="col">{t('edi.check.line')}</th>
              <th scope="col">{t('edi.replay.field')}</th>
              <th scope="col">{t('edi.replay.before')}</th>
              <th scope="col">{t('edi.replay.after')}</th>
            </tr>
          </thead>
          <tbody>
            {header.map((h) => (
              <tr key={h.field}>
                <td data-label={t('edi.check.line')}>{t('edi.replay.header')}</td>
                <td data-label={t('edi.replay.field')}>{h.field}</td>
                <td data-label={t('edi.replay.before')}>{h.before}</td>
                <td data-label={t('edi.replay.after')}>{h.after}</td>
              </tr>
            ))}
            {replay.differences.map((d, i) => (
              <tr key={i}>
                <td data-label={t('edi.check.line')}>{d.lineNo}</td>
                <td data-label={t('edi.replay.field')}>{t(`edi.replay.field.${d.field}`)}</td>
                <td data-label={t('edi.replay.before')}>{d.before ?? '—'}</td>
                <td data-label={t('edi.replay.after')}>{d.after ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{t('edi.replay.same')}</p>
      )}
      {!replay.committed && replay.allowed ? (
        <Form method="post">
          <ConfirmButton
            name="intent"
            value="replay-commit"
            className="primary"
            title={t('edi.replay.commitTitle')}
            consequence={t('edi.replay.commitConsequence')}
          >
            {t('edi.replay.commit')}
          </ConfirmButton>
        </Form>
      ) : !replay.committed ? (
        <p className="muted">
          {t('edi.replay.notAllowed')}
          {replay.refusal ? `: ${t(`edi.replay.refusal.${replay.refusal}`)}` : ''}
        </p>
      ) : null}
    </section>
  )
}
