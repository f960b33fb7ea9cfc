import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { FormErrors, Notice } from '../components/forms'
import { formatDay, formatMoney } from '../i18n/format'
import { useT } from '../i18n/react'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import { approvePayoutBatch, markBatchPaid } from '../modules/incentives/batches.server'
import { StatusText } from '../modules/incentives/components/ledger-bits'
import { getPayoutBatch } from '../modules/incentives/queries.server'
import { BatchIntent } from '../modules/incentives/schemas'
import { PartnersDeskTabs } from '../modules/prm/components/programme-tabs'
import { invariantResponse, parseForm, readFormData, uuidParam } from '../utils/http.server'

// One payout batch, its lines by dealer: another manager approves it (four eyes), then it is marked paid.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'manage:partner_programme:any')
  const found = await getPayoutBatch({ scope: auth.scope, batchId: uuidParam(params.batchId) })
  invariantResponse(found, 'error.notFound.title', { status: 404 })
  return json({ ...found, mine: found.batch.preparedById === auth.user.id })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'manage:partner_programme:any')
  const batchId = uuidParam(params.batchId)
  const submission = parseForm(await readFormData(request), { schema: BatchIntent })
  if (submission.status !== 'success') return json({ result: submission.reply(), done: null, params: null }, { status: 400 })
  const desk = { scope: auth.scope, actor: actorOf(auth, context.clientIp), batchId }
  const result = submission.value.intent === 'approve' ? await approvePayoutBatch(desk) : await markBatchPaid(desk)
  invariantResponse(result.ok || result.status !== 404, 'error.notFound.title', { status: 404 })
  if (!result.ok) return json({ result: submission.reply(), done: null, error: result.message, params: result.params ?? null }, { status: 409 })
  return json({ result: submission.reply(), done: submission.value.intent, params: null })
}

export default function PayoutBatchPage() {
  const { batch, groups, mine } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t, locale } = useT()
  const error = actionData && 'error' in actionData ? actionData.error : null
  return (
    <section aria-labelledby="batch-title">
      <h1 id="batch-title">
        {batch.number}: {t(`payout.status.${batch.status}`)}
      </h1>
      <PartnersDeskTabs />
      <p>
        {t('payout.total')}: {formatMoney(locale, batch.totalMinor, batch.currency)} · {t('payout.lines')}: {batch.lineCount} ·{' '}
        {t('payout.preparedBy')}: {batch.preparedBy} · {t('payout.approvedBy')}: {batch.approvedBy ?? '—'}
      </p>
      <p>
        <a href={`/desk/partners/payouts/${batch.id}.csv`}>{t('payout.exportCsv')}</a> ·{' '}
        <a href={`/desk/partners/payouts/${batch.id}.xlsx`}>{t('payout.exportXlsx')}</a>
      </p>
      {error ? <FormErrors errors={[t(error, actionData?.params ?? undefined)]} /> : null}
      {actionData?.done === 'approve' ? <Notice tone="success">{t('payout.approved')}</Notice> : null}
      {actionData?.done === 'paid' ? <Notice tone="success">{t('payout.paidDone')}</Notice> : null}
      {batch.status === 'prepared' ? (
        mine ? (
          <Notice tone="warning">{t('payout.error.fourEyes')}</Notice>
        ) : (
          <Form method="post">
            <button type="submit" name="intent" value="approve">
              {t('payout.approve')}
            </button>
          </Form>
        )
      ) : null}
      {batch.status === 'approved' ? (
        <Form method="post">
          <button type="submit" name="intent" value="paid">
            {t('payout.markPaid')}
          </button>
        </Form>
      ) : null}
      {groups.map((g) => (
        <section key={g.orgId} aria-label={g.orgName}>
          <h2>{t('payout.dealerTotal', { org: g.orgName, totalMinor: formatMoney(locale, g.totalMinor) })}</h2>
          <table className="data-table cards">
            <thead>
              <tr>
                <th scope="col">{t('ledger.col.programme')}</th>
                <th scope="col">{t('ledger.col.period')}</th>
                <th scope="col">{t('ledger.col.amount')}</th>
                <th scope="col">{t('ledger.col.status')}</th>
              </tr>
            </thead>
            <tbody>
              {g.lines.map((l) => (
                <tr key={l.id}>
                  <td data-label={t('ledger.col.programme')}>{locale === 'ru' ? l.programmeNameRu : l.programmeNameEn}</td>
                  <td data-label={t('ledger.col.period')}>
                    {formatDay(locale, l.periodStart)} – {formatDay(locale, l.periodEnd)}
                  </td>
                  <td data-label={t('ledger.col.amount')} className="num">
                    {formatMoney(locale, l.amountMinor)}
                  </td>
                  <td data-label={t('ledger.col.status')}>
                    <StatusText status={l.status} holdReasons={[]} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </section>
  )
}
