import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import type { SubmissionResult } from '@conform-to/react'
import { ConfirmButton } from '../components/confirm-button'
import { FormErrors, Notice } from '../components/forms'
import { formatMoney } from '../i18n/format'
import { useT } from '../i18n/react'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import { PartnersDeskTabs } from '../modules/prm/components/programme-tabs'
import { RebateProgrammeForm } from '../modules/prm/components/rebate-form'
import { periodLabel } from '../modules/prm/rebate-rules'
import { RebatePeriodActionSchema, RebateProgrammeSchema, toRebateProgramme } from '../modules/prm/rebate-schemas'
import {
  accrueRebatePeriod,
  closeRebatePeriod,
  getRebateProgramme,
  openCurrentPeriods,
  saveRebateProgramme,
  type AccrualSummary,
} from '../modules/prm/rebates.server'
import { LIST_FORM_LIMITS } from '../utils/form-input'
import { invariantResponse, parseForm, readFormData, uuidParam } from '../utils/http.server'

// One rebate programme: its rules (the steps editor) and its periods — status, dealers, accrued total, "accrue
// now" and "close period".

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'manage:partner_programme:any')
  const id = uuidParam(params.programmeId)
  await openCurrentPeriods()
  const found = await getRebateProgramme({ id })
  invariantResponse(found, 'error.notFound.title', { status: 404 })
  return json(found)
}

type ActionData = { intent: string; result?: SubmissionResult<string[]>; summary?: AccrualSummary; done: boolean }

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'manage:partner_programme:any')
  const id = uuidParam(params.programmeId)
  const actor = actorOf(auth, context.clientIp)
  const form = await readFormData(request, LIST_FORM_LIMITS)
  const intent = String(form.get('intent') ?? '')
  if (intent === 'accrue' || intent === 'close') {
    const submission = parseForm(form, { schema: RebatePeriodActionSchema })
    if (submission.status !== 'success') return json({ intent, result: submission.reply(), done: false } satisfies ActionData, { status: 400 })
    const found = await getRebateProgramme({ id })
    invariantResponse(
      found?.periods.some((p) => p.id === submission.value.periodId),
      'error.notFound.title',
      { status: 404 },
    )
    const result =
      submission.value.intent === 'accrue'
        ? await accrueRebatePeriod({ actor, periodId: submission.value.periodId })
        : await closeRebatePeriod({ actor, periodId: submission.value.periodId })
    if (!result.ok)
      return json(
        {
          intent,
          result: submission.reply({ formErrors: 'formErrors' in result ? result.formErrors : undefined }),
          done: false,
        } satisfies ActionData,
        { status: result.status },
      )
    return json({ intent, summary: result.summary, done: true } satisfies ActionData)
  }
  const submission = parseForm(form, { schema: RebateProgrammeSchema })
  if (submission.status !== 'success') return json({ intent: 'save', result: submission.reply(), done: false } satisfies ActionData, { status: 400 })
  const parsed = toRebateProgramme(submission.value)
  if (!parsed.ok)
    return json({ intent: 'save', result: submission.reply({ fieldErrors: parsed.fieldErrors }), done: false } satisfies ActionData, { status: 400 })
  const saved = await saveRebateProgramme({ actor, id, input: parsed.value })
  invariantResponse(saved.ok || saved.status !== 404, 'error.notFound.title', { status: 404 })
  if (!saved.ok)
    return json(
      {
        intent: 'save',
        result: submission.reply({ fieldErrors: saved.fieldErrors, formErrors: saved.formErrors }),
        done: false,
      } satisfies ActionData,
      {
        status: 400,
      },
    )
  return json({ intent: 'save', done: true } satisfies ActionData)
}

export default function RebateProgrammePage() {
  const { programme, periods } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionData | undefined
  const navigation = useNavigation()
  const { t, locale } = useT()
  const busy = navigation.state === 'submitting'
  return (
    <section aria-labelledby="rebate-title">
      <h1 id="rebate-title">{locale === 'ru' ? programme.nameRu : programme.nameEn}</h1>
      <PartnersDeskTabs />
      <p className="actions">
        <Link to="/desk/partners/rebates">{t('rebate.back')}</Link>
      </p>
      {actionData?.done && actionData.intent === 'save' ? <Notice tone="success">{t('rebate.saved')}</Notice> : null}
      {actionData?.done && actionData.summary ? (
        <Notice tone="success">
          {t('rebate.accruedDone', {
            created: actionData.summary.created,
            recalculated: actionData.summary.recalculated,
            corrected: actionData.summary.corrected,
          })}
        </Notice>
      ) : null}
      {actionData && !actionData.done && actionData.intent !== 'save' ? <FormErrors errors={actionData.result?.error?.[''] ?? null} /> : null}

      <h2>{t('rebate.periods')}</h2>
      <table className="data-table cards">
        <thead>
          <tr>
            <th scope="col">{t('rebate.periodKind')}</th>
            <th scope="col">{t('rebate.status')}</th>
            <th scope="col" className="num">
              {t('rebate.dealers')}
            </th>
            <th scope="col" className="num">
              {t('rebate.accrued')}
            </th>
            <th scope="col">
              <span className="visually-hidden">{t('rebate.accrueNow')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {periods.map((p) => {
            const label = periodLabel(programme.periodKind, p.periodStart)
            return (
              <tr key={p.id}>
                <td data-label={t('rebate.periodKind')}>{label}</td>
                <td data-label={t('rebate.status')}>{t(`rebate.periodStatus.${p.status}`)}</td>
                <td data-label={t('rebate.dealers')} className="num">
                  {p.dealers}
                </td>
                <td data-label={t('rebate.accrued')} className="num">
                  {formatMoney(locale, p.accruedMinor)}
                </td>
                <td className="actions">
                  <Form method="post">
                    <input type="hidden" name="intent" value="accrue" />
                    <input type="hidden" name="periodId" value={p.id} />
                    <button type="submit" disabled={busy}>
                      {t('rebate.accrueNow')}
                    </button>
                  </Form>
                  {p.status === 'open' ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="close" />
                      <input type="hidden" name="periodId" value={p.id} />
                      <ConfirmButton
                        className="danger"
                        disabled={busy}
                        title={t('rebate.closeDialog.title', { period: label })}
                        consequence={t('rebate.closeDialog.text')}
                      >
                        {t('rebate.closePeriod')}
                      </ConfirmButton>
                    </Form>
                  ) : null}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>

      <h2>{t('rebate.steps')}</h2>
      <RebateProgrammeForm
        id="edit-rebate"
        busy={busy}
        lastResult={actionData?.intent === 'save' ? actionData.result : undefined}
        defaults={{
          code: programme.code,
          nameRu: programme.nameRu,
          nameEn: programme.nameEn,
          periodKind: programme.periodKind,
          kind: programme.kind,
          growth: programme.growth,
          active: programme.active,
          minTierRank: programme.minTierRank,
          budgetMinor: programme.budgetMinor,
          validFrom: programme.validFrom,
          validTo: programme.validTo,
          steps: programme.steps,
        }}
      />
    </section>
  )
}
