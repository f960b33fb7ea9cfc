import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import type { SubmissionResult } from '@conform-to/react'
import { FormErrors, Notice } from '../components/forms'
import { formatMoney } from '../i18n/format'
import { useT } from '../i18n/react'
import { renderExplanation } from '../modules/incentives/explain'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import { BonusNormRemoveSchema, BonusNormSchema, BonusProgrammeSchema, toBonusProgramme } from '../modules/sarm/bonus-schemas'
import {
  getBonusProgramme,
  recalculateBonusProgramme,
  removeBonusNorm,
  saveBonusNorm,
  saveBonusProgramme,
  type BonusAccrualSummary,
} from '../modules/sarm/bonuses.server'
import { BonusProgrammeForm } from '../modules/sarm/components/bonus-form'
import { DeskSarmTabs } from '../modules/sarm/components/desk-sarm-tabs'
import { LedgerStatus } from '../modules/sarm/components/ledger-status'
import { holdReasonText } from '../modules/sarm/hold-text'
import { LIST_FORM_LIMITS } from '../utils/form-input'
import { invariantResponse, parseForm, readFormData, uuidParam } from '../utils/http.server'

// One bonus programme: its rules, the norms set per shop or per person, "recalculate" (every assistant's line in
// the ledger, a correction where a line was already approved or paid) and the accrued lines with their status.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'manage:sarm:any')
  const found = await getBonusProgramme({ scope: auth.scope, id: uuidParam(params.programmeId) })
  invariantResponse(found, 'error.notFound.title', { status: 404 })
  return json(found)
}

type ActionData = { intent: string; result?: SubmissionResult<string[]>; formErrors?: string[]; summary?: BonusAccrualSummary; done: boolean }
const reply = (data: ActionData, status = 200) => json(data, { status })

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'manage:sarm:any')
  const programmeId = uuidParam(params.programmeId)
  const actor = actorOf(auth, context.clientIp)
  const form = await readFormData(request, LIST_FORM_LIMITS)
  const intent = String(form.get('intent') ?? '')
  if (intent === 'recalculate') {
    const result = await recalculateBonusProgramme({ scope: auth.scope, actor, programmeId })
    invariantResponse(result.ok || result.status !== 404, 'error.notFound.title', { status: 404 })
    if (!result.ok) return reply({ intent, formErrors: result.formErrors ?? [], done: false }, result.status)
    return reply({ intent, summary: result.summary, done: true })
  }
  if (intent === 'norm') {
    const submission = parseForm(form, { schema: BonusNormSchema })
    if (submission.status !== 'success') return reply({ intent, result: submission.reply(), done: false }, 400)
    const { target, shopId, email, normUnits } = submission.value
    if (target === 'shop' ? !shopId : !email)
      return reply(
        { intent, result: submission.reply({ fieldErrors: { [target === 'shop' ? 'shopId' : 'email']: ['errors.required'] } }), done: false },
        400,
      )
    const saved = await saveBonusNorm({
      scope: auth.scope,
      actor,
      programmeId,
      target: target === 'shop' ? { shopId: shopId! } : { email: email! },
      normUnits,
    })
    invariantResponse(saved.ok || saved.status !== 404, 'error.notFound.title', { status: 404 })
    if (!saved.ok) return reply({ intent, result: submission.reply({ fieldErrors: saved.fieldErrors }), done: false }, 400)
    return reply({ intent, done: true })
  }
  if (intent === 'removeNorm') {
    const submission = parseForm(form, { schema: BonusNormRemoveSchema })
    if (submission.status !== 'success') return reply({ intent, result: submission.reply(), done: false }, 400)
    const removed = await removeBonusNorm({ scope: auth.scope, actor, programmeId, normId: submission.value.normId })
    invariantResponse(removed.ok, 'error.notFound.title', { status: 404 })
    return reply({ intent, done: true })
  }
  const submission = parseForm(form, { schema: BonusProgrammeSchema })
  if (submission.status !== 'success') return reply({ intent: 'save', result: submission.reply(), done: false }, 400)
  const parsed = toBonusProgramme(submission.value)
  if (!parsed.ok) return reply({ intent: 'save', result: submission.reply({ fieldErrors: parsed.fieldErrors }), done: false }, 400)
  const saved = await saveBonusProgramme({ actor, id: programmeId, input: parsed.value })
  invariantResponse(saved.ok || saved.status !== 404, 'error.notFound.title', { status: 404 })
  if (!saved.ok) return reply({ intent: 'save', result: submission.reply({ fieldErrors: saved.fieldErrors }), done: false }, 400)
  return reply({ intent: 'save', done: true })
}

export default function BonusProgrammePage() {
  const { programme, norms, lines, options } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionData | undefined
  const navigation = useNavigation()
  const { t, locale } = useT()
  const busy = navigation.state === 'submitting'
  const normErrors = actionData?.intent === 'norm' ? actionData.result?.error : undefined
  return (
    <section aria-labelledby="bonus-title">
      <h1 id="bonus-title">{locale === 'ru' ? programme.nameRu : programme.nameEn}</h1>
      <DeskSarmTabs />
      <p className="actions">
        <Link to="/desk/sarm/bonuses">{t('bonus.back')}</Link>
      </p>
      {actionData?.done && actionData.intent === 'save' ? <Notice tone="success">{t('bonus.saved')}</Notice> : null}
      {actionData?.done && actionData.intent === 'norm' ? <Notice tone="success">{t('bonus.normSaved')}</Notice> : null}
      {actionData?.done && actionData.summary ? (
        <Notice tone="success">
          {t('bonus.recalculated', {
            assistants: actionData.summary.assistants,
            created: actionData.summary.created,
            recalculated: actionData.summary.recalculated,
            corrected: actionData.summary.corrected,
          })}
        </Notice>
      ) : null}
      {actionData && !actionData.done && actionData.intent === 'recalculate' ? <FormErrors errors={actionData.formErrors ?? null} /> : null}

      <Form method="post" className="actions">
        <input type="hidden" name="intent" value="recalculate" />
        <button type="submit" className="primary" disabled={busy}>
          {t('bonus.recalculate')}
        </button>
        <span className="muted small">{t('bonus.recalculateHint')}</span>
      </Form>

      <h2>{t('bonus.norms')}</h2>
      <p className="muted">{t('bonus.normsLead', { norm: programme.normUnits })}</p>
      {norms.length ? (
        <div className="table-scroll">
          <table className="data-table cards">
            <thead>
              <tr>
                <th scope="col">{t('bonus.normFor')}</th>
                <th scope="col">{t('bonus.dealer')}</th>
                <th scope="col" className="num">
                  {t('bonus.norm')}
                </th>
                <th scope="col">
                  <span className="visually-hidden">{t('bonus.removeNorm')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {norms.map((n) => (
                <tr key={n.id}>
                  <td data-label={t('bonus.normFor')}>
                    {t(`bonus.target.${n.kind}`)}: {n.label}
                  </td>
                  <td data-label={t('bonus.dealer')}>{n.orgName}</td>
                  <td data-label={t('bonus.norm')} className="num">
                    {n.normUnits}
                  </td>
                  <td className="actions">
                    <Form method="post">
                      <input type="hidden" name="intent" value="removeNorm" />
                      <input type="hidden" name="normId" value={n.id} />
                      <button type="submit" disabled={busy}>
                        {t('bonus.removeNorm')}
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <Form method="post" className="card filters" aria-label={t('bonus.addNorm')}>
        <input type="hidden" name="intent" value="norm" />
        <div className="field">
          <label htmlFor="norm-target">{t('bonus.normFor')}</label>
          <select id="norm-target" name="target" defaultValue="shop">
            <option value="shop">{t('bonus.target.shop')}</option>
            <option value="person">{t('bonus.target.person')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="norm-shop">{t('bonus.target.shop')}</label>
          <select id="norm-shop" name="shopId" defaultValue="" aria-describedby="norm-shop-error">
            <option value="">—</option>
            {options.shops.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
          </select>
          <FormErrors id="norm-shop-error" errors={normErrors?.shopId} />
        </div>
        <div className="field">
          <label htmlFor="norm-email">{t('bonus.personEmail')}</label>
          <input id="norm-email" name="email" type="email" autoComplete="off" aria-describedby="norm-email-error" />
          <FormErrors id="norm-email-error" errors={normErrors?.email} />
        </div>
        <div className="field">
          <label htmlFor="norm-units">{t('bonus.norm')}</label>
          <input id="norm-units" name="normUnits" inputMode="numeric" required aria-describedby="norm-units-error" size={6} />
          <FormErrors id="norm-units-error" errors={normErrors?.normUnits} />
        </div>
        <FormErrors errors={normErrors?.target} />
        <button type="submit" disabled={busy}>
          {t('bonus.addNorm')}
        </button>
      </Form>

      <h2>{t('bonus.lines')}</h2>
      {lines.length === 0 ? (
        <p className="muted">{t('bonus.noLines')}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table cards">
            <thead>
              <tr>
                <th scope="col">{t('bonus.dealer')}</th>
                <th scope="col">{t('shopResults.assistant')}</th>
                <th scope="col">{t('bonus.lineStatus')}</th>
                <th scope="col" className="num">
                  {t('shopResults.amount')}
                </th>
                <th scope="col">{t('shopResults.explanation')}</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((l) => (
                <tr key={l.id}>
                  <td data-label={t('bonus.dealer')}>{l.orgName}</td>
                  <td data-label={t('shopResults.assistant')}>{l.name ?? '—'}</td>
                  <td data-label={t('bonus.lineStatus')}>
                    <LedgerStatus status={l.status} />
                    {l.holdReasons.length ? (
                      <div className="muted small">{l.holdReasons.map((r) => holdReasonText(locale, r)).join('; ')}</div>
                    ) : null}
                  </td>
                  <td data-label={t('shopResults.amount')} className="num">
                    {formatMoney(locale, l.amountMinor)}
                  </td>
                  <td data-label={t('shopResults.explanation')} className="small">
                    {renderExplanation(locale, l.explanation)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>{t('bonus.rules')}</h2>
      <BonusProgrammeForm
        id="edit-bonus"
        busy={busy}
        lastResult={actionData?.intent === 'save' ? actionData.result : undefined}
        options={options}
        defaults={{
          nameRu: programme.nameRu,
          nameEn: programme.nameEn,
          periodStart: programme.periodStart,
          periodEnd: programme.periodEnd,
          skus: programme.skus,
          categoryIds: programme.categoryIds,
          orgIds: programme.orgIds,
          normUnits: programme.normUnits,
          rateMinor: programme.rateMinor,
          capMinor: programme.capMinor,
          requiredTrainingId: programme.requiredTrainingId,
          status: programme.status,
        }}
      />
      <p className="muted small">{t('bonus.rulesHint')}</p>
    </section>
  )
}
