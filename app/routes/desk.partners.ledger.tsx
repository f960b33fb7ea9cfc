import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { FormErrors, Notice } from '../components/forms'
import { Pager } from '../components/pager'
import { formatMoney } from '../i18n/format'
import { useT } from '../i18n/react'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import { preparePayoutBatch } from '../modules/incentives/batches.server'
import { LedgerFilters, LedgerTable, LedgerTotals } from '../modules/incentives/components/ledger-bits'
import { holdReasons } from '../modules/incentives/hold-reasons'
import { holdLedgerLine, releaseLedgerLine, reverseLedgerLine } from '../modules/incentives/ledger.server'
import { LedgerQuery, ledgerFilterOptions, listDeskLedger } from '../modules/incentives/queries.server'
import { DeskLedgerIntent } from '../modules/incentives/schemas'
import { PartnersDeskTabs } from '../modules/prm/components/programme-tabs'
import { parseForm, readFormData } from '../utils/http.server'

// The partner managers' ledger: every dealer's lines, filtered by status, dealer, source, programme and period (the
// URL is the state), sortable; hold / release / reverse with reasons, lines into a payout.
export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requirePermission(request, 'manage:partner_programme:any')
  const query = LedgerQuery.parse(Object.fromEntries(new URL(request.url).searchParams))
  return json({ ledger: await listDeskLedger({ scope, query }), filters: await ledgerFilterOptions({ scope }) })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'manage:partner_programme:any')
  const submission = parseForm(await readFormData(request), { schema: DeskLedgerIntent })
  if (submission.status !== 'success') return json({ result: submission.reply(), prepared: null }, { status: 400 })
  const desk = { scope: auth.scope, actor: actorOf(auth, context.clientIp) }
  const v = submission.value
  if (v.intent === 'prepare') {
    const r = await preparePayoutBatch({ ...desk, lineIds: v.lineIds })
    if (!r.ok) return json({ result: submission.reply({ formErrors: [r.message] }), prepared: null }, { status: r.status })
    const prepared = { number: r.number, count: r.lineCount, totalMinor: r.totalMinor, leftOut: r.leftOutOrgs.length }
    return json({ result: submission.reply({ resetForm: true }), prepared })
  }
  const result =
    v.intent === 'hold'
      ? await holdLedgerLine({ ...desk, lineId: v.lineId, reasons: v.reasons, note: v.note })
      : v.intent === 'release'
        ? await releaseLedgerLine({ ...desk, lineId: v.lineId, note: v.note })
        : await reverseLedgerLine({ ...desk, lineId: v.lineId, reason: v.reason })
  if (!result.ok) return json({ result: submission.reply({ formErrors: [result.message] }), prepared: null }, { status: result.status })
  const prepared = null
  return json({ result: submission.reply({ resetForm: true }), prepared })
}

export default function DeskLedgerPage() {
  const { ledger, filters } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t, tm, locale } = useT()
  const errors = actionData?.result.error
  return (
    <section aria-labelledby="desk-ledger-title">
      <h1 id="desk-ledger-title">{t('ledger.desk.title')}</h1>
      <PartnersDeskTabs />
      <LedgerFilters options={filters} />
      <LedgerTotals totals={ledger.totals} />
      {errors ? <FormErrors errors={Object.values(errors).flat()} /> : null}
      {actionData?.prepared ? (
        <Notice tone="success">
          {t('ledger.prepared', {
            number: actionData.prepared.number,
            count: actionData.prepared.count,
            totalMinor: formatMoney(locale, actionData.prepared.totalMinor),
          })}
          {actionData.prepared.leftOut ? ` ${t('payout.leftOut', { orgs: actionData.prepared.leftOut })}` : null}
        </Notice>
      ) : actionData && !errors ? (
        <Notice tone="success">{t('ledger.done')}</Notice>
      ) : null}
      <Form method="post" id="prepare-form">
        <button type="submit" name="intent" value="prepare">
          {t('ledger.prepare')}
        </button>
      </Form>
      <LedgerTable rows={ledger.rows} showOrg selectForm="prepare-form" />
      <Pager page={ledger.page} pages={ledger.pages} />
      <h2>{t('ledger.col.actions')}</h2>
      {ledger.rows
        .filter((l) => (l.status === 'pending' || l.status === 'held') && !l.batchNumber)
        .map((l) => (
          <details key={l.id}>
            <summary>
              {l.orgName} · {locale === 'ru' ? l.programmeNameRu : l.programmeNameEn} · {formatMoney(locale, l.amountMinor)}
            </summary>
            <Form method="post" className="inline-form">
              <input type="hidden" name="lineId" value={l.id} />
              <fieldset>
                <legend>{t('ledger.holdReasons')}</legend>
                {holdReasons.map((r) => (
                  <label key={r}>
                    <input type="checkbox" name="reasons" value={r} /> {tm(`ledger.hold.${r}`)}
                  </label>
                ))}
              </fieldset>
              <label>
                {t('ledger.note')} <input name="note" maxLength={500} />
              </label>
              <button type="submit" name="intent" value="hold">
                {t('ledger.hold')}
              </button>
            </Form>
            {l.status === 'held' ? (
              <Form method="post" className="inline-form">
                <input type="hidden" name="lineId" value={l.id} />
                <button type="submit" name="intent" value="release">
                  {t('ledger.release')}
                </button>
              </Form>
            ) : null}
            <Form method="post" className="inline-form">
              <input type="hidden" name="lineId" value={l.id} />
              <label>
                {t('ledger.reverseReason')} <input name="reason" maxLength={500} required />
              </label>
              <button type="submit" name="intent" value="reverse">
                {t('ledger.reverse')}
              </button>
            </Form>
          </details>
        ))}
    </section>
  )
}
