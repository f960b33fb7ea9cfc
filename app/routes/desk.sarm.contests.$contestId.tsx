import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import type { SubmissionResult } from '@conform-to/react'
import { ConfirmButton } from '../components/confirm-button'
import { ErrorList, Notice } from '../components/forms'
import { formatDateTime, formatDay, formatMoney } from '../i18n/format'
import { useT } from '../i18n/react'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import { flagSentence, ShareChart } from '../modules/sarm/components/contest-bits'
import { ContestForm } from '../modules/sarm/components/contest-form'
import { runContestChecks } from '../modules/sarm/contest-run.server'
import { ContestSchema, DecisionSchema, toContest } from '../modules/sarm/contest-schemas'
import { contestFormOptions, decideContestPrize, getContestReview, saveContest } from '../modules/sarm/contests.server'
import { LIST_FORM_LIMITS } from '../utils/form-input'
import { invariantResponse, parseForm, readFormData, uuidParam } from '../utils/http.server'

// One contest on the partner manager's desk: its settings and rules, "run the checks" once it has ended, the
// standings, each flag in words with its figures and limits, per flagged shop its sellers' shares beside the
// baseline, and the held prizes to release or reverse with a reason.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requirePermission(request, 'manage:sarm:any')
  const review = await getContestReview({ scope, contestId: uuidParam(params.contestId) })
  invariantResponse(review, 'error.notFound.title', { status: 404 })
  return json({ ...review, options: review.contest.status === 'running' ? await contestFormOptions({ scope }) : null })
}

type ActionData = { intent: string; result?: SubmissionResult<string[]>; message?: string; done?: boolean; awardId?: string }

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'manage:sarm:any')
  const contestId = uuidParam(params.contestId)
  const actor = actorOf(auth, context.clientIp)
  const form = await readFormData(request, LIST_FORM_LIMITS)
  const intent = String(form.get('intent') ?? '')
  if (intent === 'run') {
    const ran = await runContestChecks({ scope: auth.scope, actor, contestId })
    if (!ran.ok) return json({ intent, message: ran.message } satisfies ActionData, { status: ran.status })
    return json({ intent, done: true } satisfies ActionData)
  }
  if (intent === 'release' || intent === 'reverse') {
    const submission = parseForm(form, { schema: DecisionSchema })
    const awardId = String(form.get('awardId') ?? '')
    if (submission.status !== 'success') return json({ intent, awardId, result: submission.reply() } satisfies ActionData, { status: 400 })
    const { awardId: id, reason } = submission.value
    const decided = await decideContestPrize({ scope: auth.scope, actor, contestId, awardId: id, decision: submission.value.intent, reason })
    if (!decided.ok) return json({ intent, awardId: id, message: decided.message } satisfies ActionData, { status: decided.status })
    return json({ intent, awardId: id, done: true } satisfies ActionData)
  }
  const submission = parseForm(form, { schema: ContestSchema })
  if (submission.status !== 'success') return json({ intent: 'save', result: submission.reply() } satisfies ActionData, { status: 400 })
  const parsed = toContest(submission.value)
  if (!parsed.ok) return json({ intent: 'save', result: submission.reply({ fieldErrors: parsed.fieldErrors }) } satisfies ActionData, { status: 400 })
  const saved = await saveContest({ scope: auth.scope, actor, contestId, input: parsed.value })
  if (!saved.ok)
    return json({ intent: 'save', result: submission.reply({ formErrors: [saved.message] }) } satisfies ActionData, { status: saved.status })
  return json({ intent: 'save', done: true } satisfies ActionData)
}

export default function ContestReviewPage() {
  const { contest, run, awards, flags, charts, options } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionData | undefined
  const navigation = useNavigation()
  const { t, tm, locale, timeZone } = useT()
  const running = navigation.state !== 'idle' && navigation.formData?.get('intent') === 'run'
  const name = locale === 'ru' ? contest.nameRu : contest.nameEn
  return (
    <section aria-labelledby="contest-title">
      <h1 id="contest-title">{name}</h1>
      <p>
        {formatDay(locale, contest.periodStart)} – {formatDay(locale, contest.periodEnd)} · {tm(`sarm.contest.status.${contest.status}`)} ·{' '}
        {t('sarm.contest.metricIs', { metric: tm(`sarm.contest.metric.${contest.metric}`) })}
        {contest.improvement ? ` · ${t('sarm.contest.improvement')}` : ''}
      </p>
      <p>
        {t('sarm.contest.prizesAre', {
          prizes: contest.prizes.map((p) => `${p.rank}: ${formatMoney(locale, p.amountMinor)}`).join(', '),
          min: contest.minActiveSellers,
        })}
      </p>

      <h2>{t('sarm.contest.checks')}</h2>
      {run ? (
        <p>
          {t('sarm.contest.ranAt', {
            at: formatDateTime(locale, run.at, timeZone),
            ms: run.durationMs,
            flags: flags.length,
            held: awards.filter((a) => a.status === 'held').length,
          })}
        </p>
      ) : (
        <Form method="post" className="card">
          <input type="hidden" name="intent" value="run" />
          <p>{t('sarm.contest.runExplain')}</p>
          <ConfirmButton className="primary" title={t('sarm.contest.runConfirm')} consequence={t('sarm.contest.runConsequence')} disabled={running}>
            {t('sarm.contest.run')}
          </ConfirmButton>
          <p aria-live="polite" className="muted">
            {running ? (
              <>
                <progress aria-label={t('sarm.contest.running')} /> {t('sarm.contest.running')}
              </>
            ) : null}
          </p>
          {actionData?.intent === 'run' && actionData.message ? <ErrorList errors={[actionData.message]} /> : null}
        </Form>
      )}
      {actionData?.intent === 'run' && actionData.done ? <Notice tone="success">{t('sarm.contest.ranNotice')}</Notice> : null}

      {awards.length ? (
        <>
          <h2>{t('sarm.contest.awards')}</h2>
          <div className="table-scroll">
            <table className="data-table cards">
              <thead>
                <tr>
                  <th scope="col">{t('sarm.contest.rank')}</th>
                  <th scope="col">{t('sarm.contest.seller')}</th>
                  <th scope="col">{t('sarm.contest.dealerShop')}</th>
                  <th scope="col">{t('sarm.contest.score')}</th>
                  <th scope="col">{t('sarm.contest.prize')}</th>
                  <th scope="col">{t('sarm.contest.prizeStatus')}</th>
                </tr>
              </thead>
              <tbody>
                {awards.map((a) => (
                  <tr key={a.id}>
                    <td data-label={t('sarm.contest.rank')} className="num">
                      {a.rank}
                    </td>
                    <td data-label={t('sarm.contest.seller')}>{a.seller}</td>
                    <td data-label={t('sarm.contest.dealerShop')}>
                      {a.dealer} · {a.shop}
                    </td>
                    <td data-label={t('sarm.contest.score')} className="num">
                      {contest.metric === 'revenue' ? formatMoney(locale, a.score) : a.score}
                    </td>
                    <td data-label={t('sarm.contest.prize')} className="num">
                      {formatMoney(locale, a.amountMinor)}
                    </td>
                    <td data-label={t('sarm.contest.prizeStatus')}>
                      {a.status ? tm(`ledger.status.${a.status}`) : '—'}
                      {a.holdReasons.length ? <span className="muted"> · {a.holdReasons.map((r) => tm(`ledger.hold.${r}`)).join(', ')}</span> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}

      {awards
        .filter((a) => a.status === 'held')
        .map((a) => {
          const mine = actionData?.awardId === a.id ? actionData : undefined
          const errors = mine?.result?.error
          return (
            <Form method="post" key={a.id} className="card" aria-labelledby={`decide-${a.id}`}>
              <h3 id={`decide-${a.id}`}>
                {t('sarm.contest.decideTitle', { rank: a.rank, seller: a.seller, amount: formatMoney(locale, a.amountMinor) })}
              </h3>
              <ul>
                {flags
                  .filter((f) => f.shopId === a.shopId)
                  .map((f) => (
                    <li key={f.id}>
                      <strong>{f.rule}</strong> {flagSentence(t, locale, f)}
                    </li>
                  ))}
              </ul>
              <input type="hidden" name="awardId" value={a.id} />
              <div className="field">
                <label htmlFor={`reason-${a.id}`}>{t('sarm.contest.reason')}</label>
                <textarea
                  id={`reason-${a.id}`}
                  name="reason"
                  rows={2}
                  required
                  minLength={3}
                  maxLength={1000}
                  aria-describedby={`reason-${a.id}-error`}
                />
                <ErrorList id={`reason-${a.id}-error`} errors={errors?.reason ?? (mine?.message ? [mine.message] : undefined)} />
              </div>
              <div className="actions">
                <button type="submit" name="intent" value="release" className="primary">
                  {t('sarm.contest.release')}
                </button>{' '}
                <button type="submit" name="intent" value="reverse" className="danger">
                  {t('sarm.contest.reverse')}
                </button>
              </div>
            </Form>
          )
        })}
      {actionData?.done && (actionData.intent === 'release' || actionData.intent === 'reverse') ? (
        <Notice tone="success">{t(actionData.intent === 'release' ? 'sarm.contest.released' : 'sarm.contest.reversed')}</Notice>
      ) : null}

      {flags.length ? (
        <>
          <h2>{t('sarm.contest.flags')}</h2>
          <div className="table-scroll">
            <table className="data-table cards">
              <thead>
                <tr>
                  <th scope="col">{t('sarm.contest.dealerShop')}</th>
                  <th scope="col">{t('sarm.contest.rule')}</th>
                  <th scope="col">{t('sarm.contest.figures')}</th>
                </tr>
              </thead>
              <tbody>
                {flags.map((f) => (
                  <tr key={f.id}>
                    <td data-label={t('sarm.contest.dealerShop')}>
                      {f.dealer} · {f.shop}
                      {f.seller ? <span className="muted"> · {f.seller}</span> : null}
                    </td>
                    <td data-label={t('sarm.contest.rule')}>
                      {f.rule} · {tm(`sarm.reason.${f.reason}`)}
                    </td>
                    <td data-label={t('sarm.contest.figures')}>{flagSentence(t, locale, f)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="chart-grid-2">
            {charts.map((c) => (
              <ShareChart key={c.shopId} shop={c.shop} sellers={c.sellers} />
            ))}
          </div>
        </>
      ) : run ? (
        <p>{t('sarm.contest.noFlags')}</p>
      ) : null}

      <h2>{t('sarm.contest.rules')}</h2>
      <p className="prewrap">{locale === 'ru' ? contest.rulesRu : contest.rulesEn}</p>
      {run ? (
        <details>
          <summary>{t('sarm.contest.thresholdsUsed')}</summary>
          <ul>
            {Object.entries(run.thresholds).map(([k, v]) => (
              <li key={k}>
                {tm(`sarm.threshold.${k}`)}: {v}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {options ? (
        <>
          <h2>{t('sarm.contest.edit')}</h2>
          {actionData?.intent === 'save' && actionData.done ? <Notice tone="success">{t('sarm.contest.saved')}</Notice> : null}
          <ContestForm
            id="edit-contest"
            busy={navigation.state === 'submitting'}
            lastResult={actionData?.intent === 'save' ? actionData.result : undefined}
            options={options}
            defaults={{ ...contest, thresholds: contest.thresholds }}
          />
        </>
      ) : null}
    </section>
  )
}
