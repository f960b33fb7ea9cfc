import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { Field, FormErrors, Notice, validationTiming } from '../components/forms'
import { resolveLocale } from '../i18n/locale.server'
import { useT } from '../i18n/react'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import { PartnersDeskTabs } from '../modules/prm/components/programme-tabs'
import { ProgrammeIntent } from '../modules/prm/tier-schemas'
import { renderCriterion } from '../modules/prm/tier-rules'
import { evaluateTiers, listMembers, loadProgramme, saveProgrammeSettings, type EvaluationSummary } from '../modules/prm/tiers.server'
import { dealerGroupName } from '../modules/tenancy/dealer-groups'
import { parseForm, readFormData } from '../utils/http.server'

// The programme's settings on the partner manager's desk: grace and lag, the tiers with their criteria and
// benefits, and "evaluate all now" with its summary.
export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'manage:partner_programme:any')
  const locale = resolveLocale(request, auth.user.locale)
  const programme = await loadProgramme()
  if (!programme) return json({ programme: null, tiers: [], members: 0 })
  const members = await listMembers({ scope: auth.scope, programmeId: programme.id })
  const tiers = programme.tiers.map((t) => ({
    id: t.id,
    rank: t.rank,
    name: locale === 'ru' ? t.nameRu : t.nameEn,
    group: t.benefits.dealerGroup ? dealerGroupName(locale, t.benefits.dealerGroup) : null,
    criteria: t.criteria.map((c) => renderCriterion(locale, { criterion: c, value: c.threshold })),
    members: members.filter((m) => (m.overrideTierId ?? m.tierId) === t.id).length,
  }))
  return json({
    programme: {
      id: programme.id,
      name: locale === 'ru' ? programme.nameRu : programme.nameEn,
      graceMonths: programme.graceMonths,
      effectiveLagDays: programme.effectiveLagDays,
    },
    tiers,
    members: members.length,
  })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'manage:partner_programme:any')
  const submission = parseForm(await readFormData(request), { schema: ProgrammeIntent })
  const intent = submission.payload.intent
  if (submission.status !== 'success') return json({ intent, result: submission.reply(), summary: null }, { status: 400 })
  const programme = await loadProgramme()
  if (!programme) return json({ intent, result: submission.reply({ formErrors: ['tier.error.noProgramme'] }), summary: null }, { status: 409 })
  const actor = actorOf(auth, context.clientIp)
  const v = submission.value
  if (v.intent === 'evaluate') {
    const summary = await evaluateTiers({ scope: auth.scope, actor, programmeId: programme.id, trigger: 'on_demand' })
    return json({ intent, result: submission.reply(), summary })
  }
  await saveProgrammeSettings({
    scope: auth.scope,
    actor,
    programmeId: programme.id,
    graceMonths: v.graceMonths,
    effectiveLagDays: v.effectiveLagDays,
  })
  return json({ intent, result: submission.reply(), summary: null })
}

type ActionData = { intent: unknown; result: SubmissionResult<string[]>; summary: EvaluationSummary | null } | undefined

export default function DeskProgrammePage() {
  const { programme, tiers, members } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionData
  const { t } = useT()
  const [form, f] = useForm({
    id: 'settings',
    constraint: getZodConstraint(ProgrammeIntent),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ProgrammeIntent }),
    lastResult: actionData?.intent === 'settings' ? actionData.result : undefined,
    defaultValue: { graceMonths: String(programme?.graceMonths ?? 3), effectiveLagDays: programme?.effectiveLagDays?.toString() ?? '' },
    ...validationTiming,
  })
  const s = actionData?.summary
  return (
    <section aria-labelledby="programme-title">
      <h1 id="programme-title">{programme?.name ?? t('tierDesk.noProgramme')}</h1>
      <PartnersDeskTabs />
      {programme ? (
        <>
          <Form method="post">
            <input type="hidden" name="intent" value="evaluate" />
            <button type="submit" className="primary">
              {t('tierDesk.evaluateAll')}
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
          <h2>{t('tierDesk.tiers')}</h2>
          <p className="muted">
            {t('tierDesk.members')}: {members}
          </p>
          <div className="table-scroll">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t('tierDesk.rank')}</th>
                  <th scope="col">{t('tierDesk.overrideTier')}</th>
                  <th scope="col">{t('tierPage.criteria')}</th>
                  <th scope="col">{t('tierPage.benefits')}</th>
                  <th scope="col">{t('tierDesk.members')}</th>
                </tr>
              </thead>
              <tbody>
                {tiers.map((x) => (
                  <tr key={x.id}>
                    <td>{x.rank}</td>
                    <td>{x.name}</td>
                    <td>{x.criteria.length ? x.criteria.join('; ') : t('tierPage.noCriteria')}</td>
                    <td>{x.group ? t('tierPage.priceGroup', { group: x.group }) : t('tierPage.basePrices')}</td>
                    <td>{x.members}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Form method="post" {...getFormProps(form)} className="narrow">
            <h2>{t('tierDesk.settings')}</h2>
            {actionData?.intent === 'settings' && actionData.result.status === 'success' ? <Notice tone="success">{t('common.saved')}</Notice> : null}
            <input type="hidden" name="intent" value="settings" />
            <Field meta={f.graceMonths} label={t('tierDesk.graceMonths')} inputMode="numeric" />
            <Field meta={f.effectiveLagDays} label={t('tierDesk.lagDays')} inputMode="numeric" />
            <FormErrors id={form.errorId} errors={form.errors} />
            <button type="submit">{t('common.save')}</button>
          </Form>
        </>
      ) : null}
    </section>
  )
}
