import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { FormErrors } from '../components/forms'
import { Pager } from '../components/pager'
import { formatDateTime, formatDay, formatMoney } from '../i18n/format'
import { useT } from '../i18n/react'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import { addDisputeMessage, closeDispute } from '../modules/incentives/disputes.server'
import { listDisputes } from '../modules/incentives/queries.server'
import { DisputeIntent } from '../modules/incentives/schemas'
import { PartnersDeskTabs } from '../modules/prm/components/programme-tabs'
import { parseForm, readFormData } from '../utils/http.server'

// Partners' queries on their ledger lines: open ones first; the partner manager answers or closes each here.
export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requirePermission(request, 'manage:partner_programme:any')
  const page = Math.min(10_000, Math.max(1, Number(new URL(request.url).searchParams.get('page')) || 1))
  return json({ disputes: await listDisputes({ scope, page }) })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'manage:partner_programme:any')
  const submission = parseForm(await readFormData(request), { schema: DisputeIntent })
  if (submission.status !== 'success') return json({ result: submission.reply() }, { status: 400 })
  const actor = actorOf(auth, context.clientIp)
  const v = submission.value
  const result =
    v.intent === 'answer'
      ? await addDisputeMessage({ scope: auth.scope, actor, disputeId: v.disputeId, body: v.body })
      : await closeDispute({ scope: auth.scope, actor, disputeId: v.disputeId })
  if (!result.ok) return json({ result: submission.reply({ formErrors: [result.message] }) }, { status: result.status })
  return json({ result: submission.reply({ resetForm: true }) })
}

export default function DisputesPage() {
  const { disputes } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  const { t, locale, timeZone } = useT()
  return (
    <section aria-labelledby="disputes-title">
      <h1 id="disputes-title">{t('dispute.desk.title')}</h1>
      <PartnersDeskTabs />
      <FormErrors errors={actionData?.result.error?.[''] ?? null} />
      {disputes.rows.length === 0 ? <p className="muted">{t('dispute.empty')}</p> : null}
      {disputes.rows.map((d) => (
        <article key={d.id} className="card" aria-labelledby={`dispute-${d.id}`}>
          <h2 id={`dispute-${d.id}`}>
            {d.orgName} · {locale === 'ru' ? d.programmeNameRu : d.programmeNameEn} · {formatDay(locale, d.periodStart)} –{' '}
            {formatDay(locale, d.periodEnd)} · {formatMoney(locale, d.amountMinor)}
          </h2>
          <p>
            <strong>{t(`dispute.status.${d.status}`)}</strong>
          </p>
          <ol className="thread">
            {d.messages.map((m) => (
              <li key={m.id}>
                <span className="muted">
                  {t(`dispute.side.${m.side}`)} · {m.author ?? '—'} · {formatDateTime(locale, m.at, timeZone)}
                </span>
                <p>{m.body}</p>
              </li>
            ))}
          </ol>
          {d.status !== 'closed' ? (
            <>
              <Form method="post">
                <input type="hidden" name="disputeId" value={d.id} />
                <label htmlFor={`answer-${d.id}`}>{t('dispute.message')}</label>
                <textarea id={`answer-${d.id}`} name="body" required maxLength={2000} rows={3} />
                <button type="submit" name="intent" value="answer" disabled={busy}>
                  {t('dispute.answer')}
                </button>
              </Form>
              <Form method="post">
                <input type="hidden" name="disputeId" value={d.id} />
                <button type="submit" name="intent" value="close" className="secondary" disabled={busy}>
                  {t('dispute.close')}
                </button>
              </Form>
            </>
          ) : null}
        </article>
      ))}
      <Pager page={disputes.page} pages={disputes.pages} />
    </section>
  )
}
