import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { ErrorList, Notice } from '../components/forms'
import { formatDateTime, formatNumber } from '../i18n/format'
import { useT } from '../i18n/react'
import { actorOf } from '../modules/auth/guards.server'
import { requireAssistant } from '../modules/sarm/assistant-guard.server'
import { MAX_QUESTIONS } from '../modules/sarm/learning-schemas'
import { cancelTraining, registerTraining, submitQuiz, trainingForAssistant } from '../modules/sarm/trainings.server'
import { invariantResponse, readFormData, uuidParam } from '../utils/http.server'

// One training for the assistant: online, the material and the quiz (checked on the server: the score, which
// answers were wrong, a pass completes it); in person, a place or the waiting list with the place on it.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope, user } = await requireAssistant(request)
  const found = await trainingForAssistant({ scope, userId: user.id, trainingId: uuidParam(params.trainingId) })
  invariantResponse(found, 'error.notFound.title', { status: 404 })
  return json(found)
}

type Result =
  | { kind: 'quiz'; scorePct: number; passMarkPct: number; passed: boolean; wrong: string[]; certificateNo: string | null }
  | { kind: 'registered'; status: 'registered' | 'waitlisted'; position: number }
  | { kind: 'cancelled'; promoted: number }

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requireAssistant(request)
  const trainingId = uuidParam(params.trainingId)
  const form = await readFormData(request)
  const intent = form.get('intent')
  const base = { scope: auth.scope, actor: actorOf(auth, context.clientIp), userId: auth.user.id, trainingId }
  const fail = (error: string, status: number, answers?: Record<string, number>) =>
    json({ result: null as Result | null, error, answers: answers ?? null }, { status })
  if (intent === 'quiz') {
    const answers: Record<string, number> = {}
    for (const [name, value] of form.entries()) {
      const m = /^q\.([0-9a-f-]{36})$/.exec(name)
      if (!m || typeof value !== 'string' || !/^\d$/.test(value)) continue
      if (Object.keys(answers).length >= MAX_QUESTIONS) break
      answers[m[1]] = Number(value)
    }
    const r = await submitQuiz({ ...base, answers })
    if (!r.ok) return fail(r.error, r.status, answers)
    const { ok: _ok, ...rest } = r
    void _ok
    return json({ result: { kind: 'quiz', ...rest } as Result, error: null, answers })
  }
  if (intent === 'register') {
    const r = await registerTraining(base)
    if (!r.ok) return fail(r.error, r.status)
    return json({ result: { kind: 'registered', status: r.status, position: r.position } as Result, error: null, answers: null })
  }
  if (intent === 'cancel') {
    const r = await cancelTraining(base)
    if (!r.ok) return fail(r.error, r.status)
    return json({ result: { kind: 'cancelled', promoted: r.promoted } as Result, error: null, answers: null })
  }
  invariantResponse(false, 'errors.notAForm', { status: 400 })
}

export default function AssistantTraining() {
  const { training, questions, completion, registration, seatsLeft, position } = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const navigation = useNavigation()
  const { t, locale, timeZone } = useT()
  const ru = locale === 'ru'
  const result = data?.result ?? null
  const quiz = result?.kind === 'quiz' ? result : null
  const wrong = new Set(quiz?.wrong ?? [])
  const busy = navigation.state === 'submitting'
  const description = ru ? training.descriptionRu : training.descriptionEn
  return (
    <section aria-labelledby="training-title" className="sarm-learning">
      <p>
        <Link to="/assistant/trainings">{t('sarm.training.back')}</Link>
      </p>
      <h1 id="training-title">{ru ? training.titleRu : training.titleEn}</h1>
      <p className="muted">{t(`sarm.training.kind.${training.kind}`)}</p>
      {description ? <p>{description}</p> : null}
      {data?.error ? <ErrorList errors={[data.error]} /> : null}
      {completion ? (
        <Notice tone="success">
          {t('sarm.training.completed', { number: completion.certificateNo })}{' '}
          <a href={`/assistant/trainings/${training.id}/certificate.pdf`} download>
            {t('sarm.training.certificate')}
          </a>
        </Notice>
      ) : null}
      {quiz ? (
        <Notice tone={quiz.passed ? 'success' : 'warning'}>
          {t(quiz.passed ? 'sarm.training.quizPassed' : 'sarm.training.quizFailed', {
            score: quiz.scorePct,
            mark: quiz.passMarkPct,
            wrong: formatNumber(locale, quiz.wrong.length),
          })}
        </Notice>
      ) : null}
      {result?.kind === 'registered' ? (
        <Notice tone={result.status === 'registered' ? 'success' : 'warning'}>
          {result.status === 'registered' ? t('sarm.training.registeredNow') : t('sarm.training.waitlistedNow', { position: result.position })}
        </Notice>
      ) : null}
      {result?.kind === 'cancelled' ? <Notice>{t('sarm.training.cancelledNow')}</Notice> : null}

      {training.kind === 'online' ? (
        <>
          <article className="card training-material">
            <h2>{t('sarm.training.material')}</h2>
            {(ru ? training.materialRu : training.materialEn).split(/\n{2,}/).map((p, i) => (
              <p key={i}>{p}</p>
            ))}
          </article>
          {questions.length && !completion ? (
            <Form method="post" className="card quiz">
              <input type="hidden" name="intent" value="quiz" />
              <h2>{t('sarm.training.quiz', { mark: training.passMarkPct })}</h2>
              {questions.map((q, qi) => (
                <fieldset key={q.id} className={`field quiz-question${wrong.has(q.id) ? ' quiz-wrong' : ''}`}>
                  <legend>
                    {qi + 1}. {ru ? q.textRu : q.textEn}
                  </legend>
                  {q.options.map((o, oi) => (
                    <label key={oi} className="field-checkbox">
                      <input type="radio" name={`q.${q.id}`} value={oi} defaultChecked={data?.answers?.[q.id] === oi} required /> {ru ? o.ru : o.en}
                    </label>
                  ))}
                  {wrong.has(q.id) ? (
                    <p className="error-list" role="alert">
                      {t('sarm.training.wrongAnswer')}
                    </p>
                  ) : null}
                </fieldset>
              ))}
              <button type="submit" disabled={busy}>
                {t('sarm.training.submitQuiz')}
              </button>
            </Form>
          ) : null}
        </>
      ) : (
        <article className="card">
          <p>
            {training.startsAt ? formatDateTime(locale, training.startsAt, timeZone) : ''} · {training.place}
          </p>
          <p>{t('sarm.training.seats', { left: seatsLeft ?? 0, capacity: training.capacity ?? 0 })}</p>
          {registration === 'registered' ? <p>{t('sarm.training.my.registered')}</p> : null}
          {registration === 'waitlisted' ? <p>{t('sarm.training.waitlistedNow', { position })}</p> : null}
          {completion ? null : registration === 'registered' || registration === 'waitlisted' ? (
            <Form method="post">
              <input type="hidden" name="intent" value="cancel" />
              <button type="submit" className="danger" disabled={busy}>
                {t('sarm.training.cancel')}
              </button>
            </Form>
          ) : (
            <Form method="post">
              <input type="hidden" name="intent" value="register" />
              <button type="submit" disabled={busy}>
                {seatsLeft ? t('sarm.training.register') : t('sarm.training.joinWaitlist')}
              </button>
            </Form>
          )}
        </article>
      )}
    </section>
  )
}
