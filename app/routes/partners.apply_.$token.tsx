import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { CheckboxField, FormErrors, Notice, validationTiming } from '../components/forms'
import { formatDateTime } from '../i18n/format'
import { useT } from '../i18n/react'
import { acceptAgreement, getApplicationStatus } from '../modules/prm/applications.server'
import { AcceptAgreementSchema } from '../modules/prm/application-schemas'
import { invariantResponse, parseForm, readFormData } from '../utils/http.server'

// The applicant's status page (issue 13): reached only through the link mailed to them (`<id>.<secret>`); a wrong
// or superseded token is the 404 page, never another applicant's data. The applicant accepts the agreement here.
export async function loader({ params }: LoaderFunctionArgs) {
  const application = await getApplicationStatus({ token: params.token })
  invariantResponse(application)
  return json({ application })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const submission = parseForm(await readFormData(request), { schema: AcceptAgreementSchema })
  invariantResponse(await getApplicationStatus({ token: params.token }))
  if (submission.status !== 'success') return json({ result: submission.reply() }, { status: 400 })
  const result = await acceptAgreement({ token: params.token, ip: context.clientIp })
  invariantResponse(result)
  if (!result.ok) return json({ result: submission.reply({ formErrors: [result.message] }) }, { status: 409 })
  return json({ result: submission.reply({ resetForm: true }) })
}

export default function ApplicationStatusPage() {
  const { application: a } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t, locale, timeZone } = useT()
  const [form, fields] = useForm({
    id: 'accept',
    constraint: getZodConstraint(AcceptAgreementSchema),
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AcceptAgreementSchema }),
    ...validationTiming,
  })
  return (
    <section className="card" aria-labelledby="status-title">
      <h1 id="status-title">{t('application.statusPage.title', { number: a.number })}</h1>
      <p>
        {a.shortName} · {t('application.statusPage.stage')}: <strong data-testid="application-stage">{t(`application.status.${a.status}`)}</strong>
      </p>
      {a.status === 'rejected' && a.rejectionReason ? (
        <div className="notice notice-warning" role="status">
          <strong>{t('application.statusPage.reason')}:</strong> <span data-testid="rejection-reason">{a.rejectionReason}</span>
        </div>
      ) : null}
      {a.status === 'active' ? <Notice tone="success">{t('application.statusPage.active')}</Notice> : null}
      {a.status === 'agreement_accepted' ? <Notice tone="success">{t('application.agreement.accepted')}</Notice> : null}
      {a.status === 'agreement_offered' ? (
        <section aria-labelledby="agreement-title">
          <h2 id="agreement-title">{t('application.agreement.title', { version: a.agreementVersion ?? '' })}</h2>
          <p className="agreement-text">{t('application.agreement.text')}</p>
          <Form method="post" {...getFormProps(form)}>
            <input type="hidden" name="intent" value="accept" />
            <CheckboxField meta={fields.accept} label={t('application.agreement.accept')} />
            <FormErrors id={form.errorId} errors={form.errors} />
            <button type="submit" className="primary">
              {t('application.agreement.submit')}
            </button>
          </Form>
        </section>
      ) : null}
      <h2>{t('application.statusPage.timeline')}</h2>
      <ol className="timeline">
        {a.timeline.map((e, i) => (
          <li key={i}>
            {formatDateTime(locale, e.at, timeZone)} — {t(`application.status.${e.status}`)}
          </li>
        ))}
      </ol>
    </section>
  )
}
