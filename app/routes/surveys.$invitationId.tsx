import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { useState } from 'react'
import { ErrorList, FormErrors, Notice, validationTiming } from '../components/forms'
import { formatDay } from '../i18n/format'
import { useT } from '../i18n/react'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import { dimensionLabel } from '../modules/crm/components/servqual-results'
import { DIMENSION_ITEMS, DIMENSIONS, ITEMS, SCALE_MAX, SCALE_MIN, DEFAULT_IMPORTANCE } from '../modules/crm/servqual-items'
import { AnswerSchema, expectationField, importanceField, perceptionField } from '../modules/crm/survey-schemas'
import { getMyInvitation, submitAnswer } from '../modules/crm/surveys.server'
import { notFound, parseForm, readFormData, uuidParam } from '../utils/http.server'

// The SERVQUAL form (issue 15): 22 statements, each rated twice on 1–7 (what an excellent supplier would do, what the
// operator does), then 100 points over the five dimensions. Stored once, as given.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'read:survey:own')
  const invitation = await getMyInvitation({ scope: auth.scope, userId: auth.user.id, invitationId: uuidParam(params.invitationId) })
  if (!invitation) notFound()
  return json({ invitation })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'update:survey:own')
  const invitationId = uuidParam(params.invitationId)
  const submission = parseForm(await readFormData(request), { schema: AnswerSchema })
  if (submission.status !== 'success') return json({ result: submission.reply() }, { status: 400 })
  const outcome = await submitAnswer({
    scope: auth.scope,
    actor: actorOf(auth, context.clientIp),
    userId: auth.user.id,
    invitationId,
    answer: submission.value,
  })
  if (!outcome.ok && outcome.reason === 'notFound') notFound()
  if (!outcome.ok) return json({ result: submission.reply({ formErrors: [`surveys.error.${outcome.reason}`] }) }, { status: 409 })
  return redirect(`/surveys/${invitationId}`)
}

const scale = Array.from({ length: SCALE_MAX - SCALE_MIN + 1 }, (_, i) => SCALE_MIN + i)

export default function AnswerSurvey() {
  const { invitation } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as { result: SubmissionResult<string[]> } | undefined
  const navigation = useNavigation()
  const { t, tm, locale } = useT()
  const [form, fields] = useForm({
    id: 'servqual',
    lastResult: actionData?.result,
    constraint: getZodConstraint(AnswerSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AnswerSchema }),
    ...validationTiming,
  })
  const [points, setPoints] = useState<Record<string, number>>({})
  const sum = DIMENSIONS.reduce((s, d) => s + (points[d] ?? 0), 0)
  const title = locale === 'ru' ? invitation.titleRu : invitation.titleEn
  const missing = Object.entries(fields).filter(([name, f]) => name !== 'importance' && f.errors?.length).length
  const importanceErrors = (fields as Record<string, { errors?: string[] }>).importance?.errors

  if (invitation.answered)
    return (
      <section aria-labelledby="survey-title">
        <h1 id="survey-title">{title}</h1>
        <Notice tone="success">{t('surveys.thanks')}</Notice>
        <Link to="/surveys">{t('surveys.back')}</Link>
      </section>
    )
  if (invitation.status !== 'open')
    return (
      <section aria-labelledby="survey-title">
        <h1 id="survey-title">{title}</h1>
        <p>{t(invitation.status === 'closed' ? 'surveys.closed' : 'surveys.upcoming')}</p>
        <Link to="/surveys">{t('surveys.back')}</Link>
      </section>
    )

  const radios = (name: string, legend: string, itemText: string) => {
    const meta = fields[name]!
    return (
      <fieldset className="scale" aria-describedby={meta.errors?.length ? meta.errorId : undefined}>
        <legend>{legend}</legend>
        {scale.map((v) => (
          <label key={v}>
            <input
              type="radio"
              name={meta.name}
              value={v}
              defaultChecked={meta.initialValue === String(v)}
              aria-invalid={meta.errors?.length ? true : undefined}
              aria-label={t('surveys.ratingLabel', { legend, item: itemText, value: v })}
            />
            <span aria-hidden="true">{v}</span>
          </label>
        ))}
        <ErrorList id={meta.errorId} errors={meta.errors} />
      </fieldset>
    )
  }

  return (
    <section aria-labelledby="survey-title">
      <h1 id="survey-title">{title}</h1>
      <p>{t('surveys.window', { from: formatDay(locale, invitation.opensOn), to: formatDay(locale, invitation.closesOn) })}</p>
      <p>{t('surveys.howTo')}</p>
      <p className="muted" id="scale-help">
        {t('surveys.scaleHelp')}
      </p>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        {missing ? (
          <p role="alert" className="error-list">
            {t('surveys.missing', { count: missing })}
          </p>
        ) : null}
        {DIMENSIONS.map((d) => (
          <fieldset key={d} className="survey-part">
            <legend>{t(dimensionLabel(d))}</legend>
            {DIMENSION_ITEMS[d].map((i) => {
              const text = ITEMS[i - 1]![locale]
              return (
                <div key={i} className="survey-item">
                  <p className="survey-statement">
                    {i}. {text}
                  </p>
                  {radios(expectationField(i), t('surveys.expectationLegend'), text)}
                  {radios(perceptionField(i), t('surveys.perceptionLegend'), text)}
                </div>
              )
            })}
          </fieldset>
        ))}
        <fieldset className="survey-part" aria-describedby="importance-help">
          <legend>{t('surveys.importanceLegend')}</legend>
          <p id="importance-help">{t('surveys.importanceHelp')}</p>
          {DIMENSIONS.map((d, k) => {
            const meta = fields[importanceField(d)]!
            return (
              <div key={d} className="field">
                <label htmlFor={meta.id}>{t(dimensionLabel(d))}</label>
                <input
                  id={meta.id}
                  name={meta.name}
                  type="number"
                  inputMode="numeric"
                  min={0}
                  max={100}
                  step={1}
                  defaultValue={typeof meta.initialValue === 'string' ? meta.initialValue : ''}
                  placeholder={String(DEFAULT_IMPORTANCE[k])}
                  aria-invalid={meta.errors?.length ? true : undefined}
                  aria-describedby={meta.errors?.length ? meta.errorId : undefined}
                  onChange={(e) => {
                    // Read now: the updater runs later, when the event's currentTarget is already null.
                    const value = Number(e.currentTarget.value) || 0
                    setPoints((p) => ({ ...p, [d]: value }))
                  }}
                />
                <ErrorList id={meta.errorId} errors={meta.errors} />
              </div>
            )
          })}
          <p aria-live="polite" className={sum === 100 ? undefined : 'muted'}>
            {t('surveys.pointsSum', { sum })}
          </p>
          {importanceErrors?.length ? (
            <ul className="error-list" role="alert">
              {importanceErrors.map((e) => (
                <li key={e}>{tm(e)}</li>
              ))}
            </ul>
          ) : null}
        </fieldset>
        <button type="submit" className="primary" disabled={navigation.state === 'submitting'}>
          {t('surveys.submit')}
        </button>
      </Form>
    </section>
  )
}
