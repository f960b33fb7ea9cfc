import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { ErrorList, FormErrors, Notice } from '../components/forms'
import { formatDateTime } from '../i18n/format'
import { useT } from '../i18n/react'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import { productFormOptions } from '../modules/catalog/queries.server'
import { PartnersDeskTabs } from '../modules/prm/components/programme-tabs'
import { advanceApplication, getApplicationForDesk } from '../modules/prm/applications.server'
import { deskSteps } from '../modules/prm/application-rules'
import { DeskApplicationIntent } from '../modules/prm/application-schemas'
import { invariantResponse, parseForm, readFormData, uuidParam } from '../utils/http.server'

// One application on the desk: its details and consent, the check's findings (duplicates named: staff only), the
// timeline, and the steps its stage allows.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requirePermission(request, 'manage:partner_programme:any')
  const application = await getApplicationForDesk({ scope, applicationId: uuidParam(params.applicationId) })
  invariantResponse(application)
  const categories = (await productFormOptions()).categories.filter((c) => application.interestCategoryIds.includes(c.id))
  return json({ application, categories, steps: deskSteps(application.status, application.verificationStatus) })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'manage:partner_programme:any')
  const applicationId = uuidParam(params.applicationId)
  const submission = parseForm(await readFormData(request), { schema: DeskApplicationIntent })
  if (submission.status !== 'success') return json({ result: submission.reply(), done: false }, { status: 400 })
  const v = submission.value
  const result = await advanceApplication({
    scope: auth.scope,
    applicationId,
    step: v.intent,
    reason: v.intent === 'reject' ? v.reason : undefined,
    actor: actorOf(auth, context.clientIp),
  })
  if (!result.ok)
    return json(
      {
        result: submission.reply(result.field ? { fieldErrors: { [result.field]: [result.message] } } : { formErrors: [result.message] }),
        done: false,
      },
      { status: 409 },
    )
  return json({ result: submission.reply({ resetForm: true }), done: true })
}

export default function DeskApplicationPage() {
  const { application: a, categories, steps } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t, locale, timeZone } = useT()
  const errors = actionData?.result.error
  return (
    <section aria-labelledby="application-title">
      <PartnersDeskTabs />
      <h1 id="application-title">{t('application.statusPage.title', { number: a.number })}</h1>
      <p>
        {t('application.statusPage.stage')}: <strong data-testid="application-stage">{t(`application.status.${a.status}`)}</strong> ·{' '}
        {t(`application.verification.${a.verificationStatus}`)}
        {a.orgId ? (
          <>
            {' '}
            · <Link to={`/admin/organisations/${a.orgId}`}>{t('application.desk.organisation')}</Link>
          </>
        ) : null}
      </p>
      {actionData?.done ? <Notice tone="success">{t('application.desk.done')}</Notice> : null}
      <FormErrors errors={errors?.['']} />
      {steps.length ? (
        <section aria-labelledby="actions-title" className="card">
          <h2 id="actions-title">{t('application.desk.actions')}</h2>
          <div className="toolbar">
            {steps
              .filter((s) => s !== 'reject')
              .map((s) => (
                <Form method="post" key={s}>
                  <input type="hidden" name="intent" value={s} />
                  <button type="submit" className={s === 'check' ? undefined : 'primary'}>
                    {t(`application.desk.step.${s}`)}
                  </button>
                </Form>
              ))}
          </div>
          {steps.includes('reject') ? (
            <Form method="post">
              <input type="hidden" name="intent" value="reject" />
              <div className="field">
                <label htmlFor="reject-reason">{t('application.desk.reason')}</label>
                <textarea id="reject-reason" name="reason" rows={3} maxLength={2000} aria-describedby="reject-reason-error" />
                <ErrorList id="reject-reason-error" errors={errors?.reason} />
              </div>
              <button type="submit">{t('application.desk.step.reject')}</button>
            </Form>
          ) : null}
        </section>
      ) : null}
      <section aria-labelledby="findings-title">
        <h2 id="findings-title">{t('application.desk.findings')}</h2>
        {a.verification.checkedAt ? (
          <p className="muted">{t('application.desk.checkedAt', { at: formatDateTime(locale, a.verification.checkedAt, timeZone) })}</p>
        ) : null}
        <ul data-testid="findings">
          {a.verification.innValid === null ? null : (
            <li>{t(a.verification.innValid ? 'application.desk.innValid' : 'application.desk.innInvalid')}</li>
          )}
          {a.verification.duplicates.length === 0 && a.verification.checkedAt ? <li>{t('application.desk.noDuplicates')}</li> : null}
          {a.verification.duplicates.map((d) => (
            <li key={d.id}>
              {d.kind === 'organisation'
                ? t('application.desk.duplicateOrg', { name: d.name, inn: d.inn })
                : t('application.desk.duplicateApp', { number: d.number, name: d.name, statusKey: t(`application.status.${d.status}`) })}
            </li>
          ))}
        </ul>
      </section>
      {a.rejectionReason ? (
        <p>
          <strong>{t('application.statusPage.reason')}:</strong> {a.rejectionReason}
        </p>
      ) : null}
      <section aria-labelledby="details-title">
        <h2 id="details-title">{t('application.desk.details')}</h2>
        <dl className="details">
          <dt>{t('application.legalName')}</dt>
          <dd>{a.legalName}</dd>
          <dt>{t('application.shortName')}</dt>
          <dd>{a.shortName}</dd>
          <dt>{t('application.inn')}</dt>
          <dd>{a.inn}</dd>
          <dt>{t('application.kpp')}</dt>
          <dd>{a.kpp ?? '—'}</dd>
          <dt>{t('application.region')}</dt>
          <dd>{t(`region.${a.region as 'other'}`)}</dd>
          <dt>{t('application.desk.interests')}</dt>
          <dd>{categories.map((c) => (locale === 'ru' ? c.nameRu : c.nameEn)).join(', ') || '—'}</dd>
          <dt>{t('application.interestsNote')}</dt>
          <dd>{a.interestsNote || '—'}</dd>
          <dt>{t('application.section.contact')}</dt>
          <dd>
            {a.contactName}, {a.contactEmail}, {a.contactPhone}
          </dd>
          <dt>{t('application.desk.consent')}</dt>
          <dd>
            <p>{a.consentText}</p>
            <p className="muted">
              {t('application.desk.consentMeta', {
                version: a.consentVersion,
                at: formatDateTime(locale, a.consentAt, timeZone),
                ip: a.consentIp ?? '—',
              })}
            </p>
          </dd>
        </dl>
      </section>
      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t('application.statusPage.timeline')}</h2>
        <ol className="timeline">
          {a.timeline.map((e, i) => (
            <li key={i}>
              {formatDateTime(locale, e.at, timeZone)} — {t(`application.status.${e.status}`)}
              {e.note ? <span className="muted"> · {e.note}</span> : null}
            </li>
          ))}
        </ol>
      </section>
    </section>
  )
}
