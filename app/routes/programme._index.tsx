import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { Field, FormErrors, Notice, validationTiming } from '../components/forms'
import { resolveLocale } from '../i18n/locale.server'
import { useT } from '../i18n/react'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import { ProgrammeTabs } from '../modules/prm/components/programme-tabs'
import { RebateProgressPanel } from '../modules/prm/components/rebate-progress'
import { TierPanel } from '../modules/prm/components/tier-panel'
import { ownRebateProgress } from '../modules/prm/rebates.server'
import { CertificationForm } from '../modules/prm/tier-schemas'
import { partnerTierView } from '../modules/prm/tier-view.server'
import { recordCertification } from '../modules/prm/tiers.server'
import { parseForm, readFormData } from '../utils/http.server'

// The dealer's partner programme: its tier with benefits, each criterion against its threshold, what the next tier
// needs, the grace warning, its tier history, targets with the forecast, the rebates of its open periods with what
// the next step needs, and certified staff (the admin adds them).
export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'read:partner_programme:org')
  const locale = resolveLocale(request, auth.user.locale)
  const view = await partnerTierView({ scope: auth.scope, orgId: auth.scope.orgId, locale })
  const rebates = await ownRebateProgress({ scope: auth.scope })
  return json({ view, rebates, canAddStaff: auth.permissions.includes('manage:partner_programme:org') })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'manage:partner_programme:org')
  const submission = parseForm(await readFormData(request), { schema: CertificationForm })
  if (submission.status !== 'success') return json({ result: submission.reply(), done: false }, { status: 400 })
  const { intent: _, ...certification } = submission.value
  const saved = await recordCertification({ scope: auth.scope, actor: actorOf(auth, context.clientIp), orgId: auth.scope.orgId, certification })
  if (!saved.ok) return json({ result: submission.reply({ fieldErrors: saved.fieldErrors }), done: false }, { status: 400 })
  return json({ result: submission.reply({ resetForm: true }), done: true })
}

type ActionData = { result: SubmissionResult<string[]>; done: boolean } | undefined

export default function ProgrammePage() {
  const { view, rebates, canAddStaff } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionData
  const { t } = useT()
  const [form, f] = useForm({
    id: 'certification',
    constraint: getZodConstraint(CertificationForm),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CertificationForm }),
    lastResult: actionData?.result,
    ...validationTiming,
  })
  return (
    <section aria-labelledby="programme-title">
      <h1 id="programme-title">{view.programme?.name ?? t('tierPage.title')}</h1>
      <ProgrammeTabs />
      <TierPanel data={view} />
      <RebateProgressPanel items={rebates} />
      {canAddStaff ? (
        <Form method="post" {...getFormProps(form)} className="narrow">
          <h3>{t('tierPage.addCertification')}</h3>
          {actionData?.done ? <Notice tone="success">{t('common.saved')}</Notice> : null}
          <input type="hidden" name="intent" value="certification" />
          <Field meta={f.personName} label={t('tierPage.person')} />
          <Field meta={f.course} label={t('tierPage.course')} />
          <Field meta={f.completedOn} label={t('tierPage.completedOn')} type="date" />
          <Field meta={f.expiresOn} label={t('tierPage.expiresOn')} type="date" />
          <FormErrors id={form.errorId} errors={form.errors} />
          <button type="submit">{t('tierPage.addCertification')}</button>
        </Form>
      ) : null}
    </section>
  )
}
