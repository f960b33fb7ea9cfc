import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { ErrorList, Field, FormErrors, Notice, validationTiming } from '../components/forms'
import { formatDateTime, formatMoney } from '../i18n/format'
import { resolveLocale } from '../i18n/locale.server'
import { useT } from '../i18n/react'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import { CrmTabs } from '../modules/crm/components/crm-tabs'
import { AssignSchema, LeadActionSchema, MoveSchema } from '../modules/crm/lead-schemas'
import { assignLead, getLead, listLeadOwners, listStages, moveLead } from '../modules/crm/leads.server'
import { regionLabel } from '../modules/prm/application-schemas'
import { operatorTimeZone } from '../utils/clock.server'
import { invariantResponse, parseForm, readFormData, uuidParam } from '../utils/http.server'

// One lead: its details, the stage moves with their history (lost needs a reason), and assignment by hand.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'read:crm:any')
  const lead = await getLead({ scope: auth.scope, leadId: uuidParam(params.leadId) })
  invariantResponse(lead, 'error.notFound.title', { status: 404 })
  const [stages, owners] = await Promise.all([listStages(), listLeadOwners()])
  const locale = resolveLocale(request, auth.user.locale)
  return json({
    lead,
    stages,
    owners,
    times: {
      created: formatDateTime(locale, lead.createdAt, operatorTimeZone),
      history: lead.history.map((h) => formatDateTime(locale, h.at, operatorTimeZone)),
    },
  })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'manage:crm:any')
  const leadId = uuidParam(params.leadId)
  const submission = parseForm(await readFormData(request), { schema: LeadActionSchema })
  if (submission.status !== 'success') return json({ result: submission.reply() }, { status: 400 })
  const actor = actorOf(auth, context.clientIp)
  const v = submission.value
  const done =
    v.intent === 'move'
      ? await moveLead({ scope: auth.scope, actor, leadId, stageCode: v.stageCode, lostReason: v.lostReason })
      : await assignLead({ scope: auth.scope, actor, leadId, ownerId: v.ownerId })
  if (!done.ok) {
    invariantResponse(done.status !== 404, 'error.notFound.title', { status: 404 })
    return json({ result: submission.reply({ fieldErrors: done.fieldErrors }) }, { status: 400 })
  }
  return json({ result: submission.reply({ resetForm: true }), saved: v.intent })
}

export default function LeadPage() {
  const { lead, stages, owners, times } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as { result: SubmissionResult<string[]>; saved?: string } | undefined
  const { t, locale } = useT()
  const stageName = (code: string | null) => {
    const s = stages.find((x) => x.code === code)
    return s ? (locale === 'ru' ? s.nameRu : s.nameEn) : '—'
  }
  const [moveForm, moveFields] = useForm({
    id: 'lead-move',
    lastResult: actionData?.result,
    constraint: getZodConstraint(MoveSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: MoveSchema }),
    ...validationTiming,
  })
  const [assignForm, assignFields] = useForm({
    id: 'lead-assign',
    lastResult: actionData?.result,
    constraint: getZodConstraint(AssignSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AssignSchema }),
    ...validationTiming,
  })
  return (
    <section aria-labelledby="lead-title">
      <h1 id="lead-title">{lead.companyName}</h1>
      <CrmTabs />
      <p>
        <Link to="/crm/pipeline">← {t('crm.pipeline.title')}</Link>
      </p>
      {actionData?.saved ? <Notice tone="success">{t('crm.pipeline.saved')}</Notice> : null}
      <dl className="card">
        <dt>{t('crm.pipeline.col.stage')}</dt>
        <dd>
          {stageName(lead.stageCode)} ({lead.probabilityBp / 100} %)
          {lead.lostReason ? ` · ${t('crm.pipeline.lostReason')}: ${lead.lostReason}` : ''}
        </dd>
        <dt>{t('crm.pipeline.col.source')}</dt>
        <dd>{t(`crm.pipeline.source.${lead.source}`)}</dd>
        {lead.orgId ? (
          <>
            <dt>{t('crm.pipeline.customer')}</dt>
            <dd>
              <Link to={`/crm/customers/${lead.orgId}`}>{lead.orgName}</Link>
            </dd>
          </>
        ) : null}
        <dt>{t('crm.pipeline.inn')}</dt>
        <dd>{lead.inn ?? '—'}</dd>
        <dt>{t('crm.pipeline.col.region')}</dt>
        <dd>{regionLabel(locale, lead.region) || '—'}</dd>
        <dt>{t('crm.pipeline.contactName')}</dt>
        <dd>{[lead.contactName, lead.phone, lead.email].filter(Boolean).join(' · ') || '—'}</dd>
        <dt>{t('crm.pipeline.col.expected')}</dt>
        <dd>
          {lead.expectedMinor === null
            ? '—'
            : t('crm.pipeline.leadWeighted', {
                expected: formatMoney(locale, lead.expectedMinor),
                probability: String(lead.probabilityBp / 100),
                weighted: formatMoney(locale, lead.weightedMinor),
              })}
        </dd>
        <dt>{t('crm.pipeline.col.owner')}</dt>
        <dd>
          {lead.ownerName ?? t('crm.pipeline.unassigned')}
          {lead.assignedBy ? ` (${t(`crm.pipeline.assignedBy.${lead.assignedBy}`)})` : ''}
        </dd>
        <dt>{t('crm.pipeline.col.created')}</dt>
        <dd>{times.created}</dd>
        {lead.notes ? (
          <>
            <dt>{t('crm.pipeline.notes')}</dt>
            <dd className="pre-wrap">{lead.notes}</dd>
          </>
        ) : null}
      </dl>

      <h2>{t('crm.pipeline.move')}</h2>
      <Form method="post" {...getFormProps(moveForm)} className="card narrow">
        <input type="hidden" name="intent" value="move" />
        <div className="field">
          <label htmlFor={moveFields.stageCode.id}>{t('crm.pipeline.toStage')}</label>
          <select id={moveFields.stageCode.id} name={moveFields.stageCode.name} defaultValue="">
            <option value="" disabled>
              {t('crm.pipeline.chooseStage')}
            </option>
            {stages
              .filter((s) => s.code !== lead.stageCode)
              .map((s) => (
                <option key={s.code} value={s.code}>
                  {locale === 'ru' ? s.nameRu : s.nameEn}
                </option>
              ))}
          </select>
          <ErrorList id={moveFields.stageCode.errorId} errors={moveFields.stageCode.errors} />
        </div>
        <Field meta={moveFields.lostReason} label={t('crm.pipeline.lostReason')} hint={t('crm.pipeline.lostReasonHint')} />
        <FormErrors id={moveForm.errorId} errors={moveForm.errors} />
        <button type="submit" className="primary">
          {t('crm.pipeline.moveSubmit')}
        </button>
      </Form>

      <h2>{t('crm.pipeline.assign')}</h2>
      <Form method="post" {...getFormProps(assignForm)} className="card narrow">
        <input type="hidden" name="intent" value="assign" />
        <div className="field">
          <label htmlFor={assignFields.ownerId.id}>{t('crm.pipeline.col.owner')}</label>
          <select id={assignFields.ownerId.id} name={assignFields.ownerId.name} defaultValue={lead.ownerId ?? ''}>
            <option value="">—</option>
            {owners.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name} ({o.email})
              </option>
            ))}
          </select>
          <ErrorList id={assignFields.ownerId.errorId} errors={assignFields.ownerId.errors} />
        </div>
        <button type="submit">{t('crm.pipeline.assignSubmit')}</button>
      </Form>

      <h2>{t('crm.pipeline.history')}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('crm.pipeline.when')}</th>
            <th scope="col">{t('crm.pipeline.fromStage')}</th>
            <th scope="col">{t('crm.pipeline.toStage')}</th>
            <th scope="col">{t('crm.pipeline.who')}</th>
          </tr>
        </thead>
        <tbody>
          {lead.history.map((h, i) => (
            <tr key={i}>
              <td>{times.history[i]}</td>
              <td>{stageName(h.from)}</td>
              <td>{stageName(h.to)}</td>
              <td>{h.actor ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
