import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { FormErrors, Notice } from '../components/forms'
import { formatDateTime, formatDay, formatMoney } from '../i18n/format'
import { useT } from '../i18n/react'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import { StatusText } from '../modules/incentives/components/ledger-bits'
import { addDisputeMessage, openDispute } from '../modules/incentives/disputes.server'
import { renderExplanation } from '../modules/incentives/explain'
import { getLedgerLine } from '../modules/incentives/queries.server'
import { LineDisputeForm } from '../modules/incentives/schemas'
import { ProgrammeTabs } from '../modules/prm/components/programme-tabs'
import { invariantResponse, parseForm, readFormData, uuidParam } from '../utils/http.server'

// One of the dealer's lines: how it was worked out, its history, and the query thread (the dealer's admin writes).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requirePermission(request, 'read:partner_programme:org')
  const found = await getLedgerLine({ scope, lineId: uuidParam(params.lineId) })
  invariantResponse(found, 'error.notFound.title', { status: 404 })
  return json(found)
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'manage:partner_programme:org')
  const lineId = uuidParam(params.lineId)
  const submission = parseForm(await readFormData(request), { schema: LineDisputeForm })
  if (submission.status !== 'success') return json({ result: submission.reply(), ok: false }, { status: 400 })
  const found = await getLedgerLine({ scope: auth.scope, lineId })
  invariantResponse(found, 'error.notFound.title', { status: 404 })
  const actor = actorOf(auth, context.clientIp)
  const open = found.dispute && found.dispute.status !== 'closed'
  const result = open
    ? await addDisputeMessage({ scope: auth.scope, actor, disputeId: found.dispute!.id, body: submission.value.body })
    : await openDispute({ scope: auth.scope, actor, lineId, body: submission.value.body })
  invariantResponse(result.ok || result.status !== 404, 'error.notFound.title', { status: 404 })
  if (!result.ok) return json({ result: submission.reply({ formErrors: [result.message] }), ok: false }, { status: 409 })
  return json({ result: submission.reply({ resetForm: true }), ok: true })
}

export default function OwnLedgerLinePage() {
  const { line, events, dispute } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t, tm, locale, timeZone } = useT()
  const errors = actionData?.result.error
  return (
    <section aria-labelledby="line-title">
      <h1 id="line-title">
        {locale === 'ru' ? line.programmeNameRu : line.programmeNameEn}: {formatMoney(locale, line.amountMinor, line.currency)}
      </h1>
      <ProgrammeTabs />
      <p>
        <Link to="/programme/ledger">{t('ledger.back')}</Link>
      </p>
      <dl>
        <dt>{t('ledger.col.period')}</dt>
        <dd>
          {formatDay(locale, line.periodStart)} – {formatDay(locale, line.periodEnd)}
        </dd>
        <dt>{t('ledger.col.status')}</dt>
        <dd>
          <StatusText status={line.status} holdReasons={line.holdReasons} />
        </dd>
        <dt>{t('ledger.col.explanation')}</dt>
        <dd>{renderExplanation(locale, line.explanation)}</dd>
      </dl>
      <h2>{t('ledger.events')}</h2>
      <ol>
        {events.map((e) => (
          <li key={e.id}>
            {formatDateTime(locale, e.at, timeZone)} — {tm(`ledger.event.${e.kind}`)}
          </li>
        ))}
      </ol>
      <h2>{t('dispute.title')}</h2>
      {dispute ? <p className="muted">{t(`dispute.status.${dispute.status}`)}</p> : null}
      <ul className="inbox-list">
        {dispute?.messages.map((m) => (
          <li key={m.id} className="inbox-item">
            <strong>{t(`dispute.side.${m.side}`)}</strong> {m.author ? `(${m.author})` : null} · {formatDateTime(locale, m.at, timeZone)}
            <p>{m.body}</p>
          </li>
        ))}
      </ul>
      {actionData?.ok ? <Notice tone="success">{t('ledger.done')}</Notice> : null}
      {dispute?.status !== 'closed' || !dispute ? (
        <Form method="post">
          <label htmlFor="dispute-body">{dispute ? t('dispute.message') : t('dispute.ask')}</label>
          <textarea id="dispute-body" name="body" maxLength={2000} required rows={4} />
          <FormErrors errors={errors?.body ?? errors?.[''] ?? null} />
          <button type="submit">{t('dispute.send')}</button>
        </Form>
      ) : null}
    </section>
  )
}
