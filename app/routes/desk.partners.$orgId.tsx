import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { Field, FormErrors, Notice, SelectField, validationTiming } from '../components/forms'
import { resolveLocale } from '../i18n/locale.server'
import { useT } from '../i18n/react'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import { productFormOptions } from '../modules/catalog/queries.server'
import { PartnersDeskTabs } from '../modules/prm/components/programme-tabs'
import { TierPanel } from '../modules/prm/components/tier-panel'
import { PartnerIntent } from '../modules/prm/tier-schemas'
import { partnerTierView } from '../modules/prm/tier-view.server'
import { evaluateTiers, overrideTier, recordCertification, saveTarget, type EvaluationSummary } from '../modules/prm/tiers.server'
import { getOrganisation } from '../modules/tenancy/queries.server'
import { invariantResponse, parseForm, readFormData, uuidParam } from '../utils/http.server'

// One partner on the partner manager's desk: its tier explained, history, override, targets, certified staff.
async function dealerOf(scope: Parameters<typeof getOrganisation>[0]['scope'], orgId: string) {
  const org = await getOrganisation({ scope, orgId })
  invariantResponse(org && org.kind === 'dealer', 'error.notFound.title', { status: 404 })
  return org
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'manage:partner_programme:any')
  const org = await dealerOf(auth.scope, uuidParam(params.orgId))
  const locale = resolveLocale(request, auth.user.locale)
  const view = await partnerTierView({ scope: auth.scope, orgId: org.id, locale })
  return json({ org: { id: org.id, shortName: org.shortName }, view })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'manage:partner_programme:any')
  const org = await dealerOf(auth.scope, uuidParam(params.orgId))
  const submission = parseForm(await readFormData(request), { schema: PartnerIntent })
  const intent = submission.payload.intent
  if (submission.status !== 'success') return json({ intent, result: submission.reply(), summary: null }, { status: 400 })
  const target = { scope: auth.scope, actor: actorOf(auth, context.clientIp), orgId: org.id }
  const refused = (fieldErrors: Record<string, string[]>) =>
    json({ intent, result: submission.reply({ fieldErrors }), summary: null }, { status: 400 })
  const v = submission.value
  let summary: EvaluationSummary | null = null
  if (v.intent === 'evaluate') summary = await evaluateTiers({ ...target, trigger: 'on_demand' })
  else if (v.intent === 'override') {
    const r = await overrideTier({ ...target, override: { tierId: v.tierId, reason: v.reason, until: v.until } })
    if (!r.ok) return refused(r.fieldErrors)
  } else if (v.intent === 'lift-override') {
    const r = await overrideTier({ ...target, override: { tierId: null, reason: v.reason, until: null } })
    if (!r.ok) return refused(r.fieldErrors)
  } else if (v.intent === 'certification') {
    const { intent: _, ...certification } = v
    const r = await recordCertification({ ...target, certification })
    if (!r.ok) return refused(r.fieldErrors)
  } else {
    const { intent: _, ...t } = v
    // Revenue targets are typed in roubles: kopecks in the database. Units are whole ("0,4" rounded to none before).
    if (t.metric === 'units' && t.target % 100 !== 0) return refused({ target: ['tier.error.wholeNumber'] })
    // An unknown category is a field error, not the foreign key's 500.
    if (t.categoryId && !(await productFormOptions()).categories.some((c) => c.id === t.categoryId))
      return refused({ categoryId: ['errors.chooseOne'] })
    await saveTarget({ ...target, target: { ...t, target: t.metric === 'revenue' ? t.target : t.target / 100 } })
  }
  return json({ intent, result: submission.reply({ resetForm: true }), summary })
}

type ActionData = { intent: unknown; result: SubmissionResult<string[]>; summary: EvaluationSummary | null } | undefined

export default function DeskPartnerPage() {
  const { org, view } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionData
  const { t } = useT()
  const checked = {
    constraint: getZodConstraint(PartnerIntent),
    onValidate: ({ formData }: { formData: FormData }) => parseWithZod(formData, { schema: PartnerIntent }),
    ...validationTiming,
  }
  const last = (id: string) => (actionData?.intent === id ? actionData.result : undefined)
  const [overrideForm, o] = useForm({ id: 'override', lastResult: last('override'), ...checked })
  const [liftForm, l] = useForm({ id: 'lift-override', lastResult: last('lift-override'), ...checked })
  const [targetForm, g] = useForm({
    id: 'target',
    lastResult: last('target'),
    ...checked,
    defaultValue: { year: view.today.slice(0, 4), periodKind: 'quarter' },
  })
  const [certForm, c] = useForm({ id: 'certification', lastResult: last('certification'), ...checked })
  const s = actionData?.summary
  return (
    <section aria-labelledby="partner-title">
      <h1 id="partner-title">{t('tierDesk.title', { org: org.shortName })}</h1>
      <PartnersDeskTabs />
      <Form method="post">
        <input type="hidden" name="intent" value="evaluate" />
        <button type="submit" className="primary">
          {t('tierDesk.evaluate')}
        </button>
      </Form>
      {s ? (
        <Notice tone="success">
          {t('tierDesk.evaluated', {
            evaluated: s.evaluated,
            promoted: s.promoted,
            demoted: s.demoted,
            grace: s.graceStarted,
            unchanged: s.unchanged,
          })}
        </Notice>
      ) : null}
      <TierPanel data={view} />
      {'tiers' in view && view.tiers ? (
        <div className="grid-2">
          <Form method="post" {...getFormProps(overrideForm)}>
            <h2>{t('tierDesk.override')}</h2>
            <input type="hidden" name="intent" value="override" />
            <SelectField meta={o.tierId} label={t('tierDesk.overrideTier')} options={view.tiers.map((x) => ({ value: x.id, label: x.name }))} />
            <Field meta={o.reason} label={t('tierDesk.overrideReason')} multiline />
            <Field meta={o.until} label={t('tierDesk.overrideUntil')} type="date" />
            <FormErrors id={overrideForm.errorId} errors={overrideForm.errors} />
            <button type="submit">{t('tierDesk.override')}</button>
          </Form>
          {view.member?.override ? (
            <Form method="post" {...getFormProps(liftForm)}>
              <h2>{t('tierDesk.lift')}</h2>
              <input type="hidden" name="intent" value="lift-override" />
              <Field meta={l.reason} label={t('tierDesk.overrideReason')} multiline />
              <FormErrors id={liftForm.errorId} errors={liftForm.errors} />
              <button type="submit">{t('tierDesk.lift')}</button>
            </Form>
          ) : null}
        </div>
      ) : null}
      <div className="grid-2">
        <Form method="post" {...getFormProps(targetForm)}>
          <h2>{t('tierDesk.target')}</h2>
          <input type="hidden" name="intent" value="target" />
          <SelectField
            meta={g.periodKind}
            label={t('tierDesk.periodKind')}
            options={[
              { value: 'quarter', label: t('tierDesk.period.quarter') },
              { value: 'year', label: t('tierDesk.period.year') },
            ]}
          />
          <Field meta={g.year} label={t('tierDesk.year')} inputMode="numeric" />
          <Field meta={g.quarter} label={t('tierDesk.quarter')} inputMode="numeric" />
          <SelectField
            meta={g.metric}
            label={t('tierDesk.metric')}
            options={[
              { value: 'revenue', label: t('tierDesk.metric.revenue') },
              { value: 'units', label: t('tierDesk.metric.units') },
            ]}
          />
          <Field meta={g.target} label={t('tierDesk.targetValue')} inputMode="decimal" />
          <FormErrors id={targetForm.errorId} errors={targetForm.errors} />
          <button type="submit">{t('tierDesk.target')}</button>
        </Form>
        <Form method="post" {...getFormProps(certForm)}>
          <h2>{t('tierPage.addCertification')}</h2>
          <input type="hidden" name="intent" value="certification" />
          <Field meta={c.personName} label={t('tierPage.person')} />
          <Field meta={c.course} label={t('tierPage.course')} />
          <Field meta={c.completedOn} label={t('tierPage.completedOn')} type="date" />
          <Field meta={c.expiresOn} label={t('tierPage.expiresOn')} type="date" />
          <FormErrors id={certForm.errorId} errors={certForm.errors} />
          <button type="submit">{t('tierPage.addCertification')}</button>
        </Form>
      </div>
    </section>
  )
}
