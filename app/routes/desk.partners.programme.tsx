import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { Field, FormErrors, Notice, validationTiming } from '../components/forms'
import { resolveLocale } from '../i18n/locale.server'
import { useT } from '../i18n/react'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import { PartnersDeskTabs } from '../modules/prm/components/programme-tabs'
import { TierEditor } from '../modules/prm/components/tier-editor'
import { getTierEditor, saveProgrammeTiers } from '../modules/prm/tier-editor.server'
import { ProgrammeIntent, tierEditorSchema, toTierEdits } from '../modules/prm/tier-schemas'
import { renderCriterion } from '../modules/prm/tier-rules'
import { evaluateTiers, listMembers, loadProgramme, saveProgrammeSettings, type EvaluationSummary } from '../modules/prm/tiers.server'
import { dealerGroupName } from '../modules/tenancy/dealer-groups'
import { invariantResponse, parseForm, readFormData } from '../utils/http.server'

// The programme's settings on the partner manager's desk: grace and lag, the tiers with their criteria and
// benefits, and "evaluate all now" with its summary.
export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'manage:partner_programme:any')
  const locale = resolveLocale(request, auth.user.locale)
  const programme = await loadProgramme()
  if (!programme) return json({ programme: null, tiers: [], members: 0, editor: null })
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
    editor: await getTierEditor({ scope: auth.scope, programmeId: programme.id, locale }),
  })
}

// The tier editor's form: ten tiers of ten criteria with their categories need more fields than a page form.
const TIER_FORM_LIMITS = { maxFields: 3_000 }

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'manage:partner_programme:any')
  const form = await readFormData(request, TIER_FORM_LIMITS)
  if (form.get('intent') === 'tiers') return saveTiers(request, form, auth, context.clientIp)
  const submission = parseForm(form, { schema: ProgrammeIntent })
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

/** The tier editor: a list intent (add or remove a row, without JavaScript) answers with the changed form. */
async function saveTiers(
  request: Request,
  form: FormData,
  auth: Awaited<ReturnType<typeof requirePermission<'manage:partner_programme:any'>>>,
  clientIp: string,
) {
  const locale = resolveLocale(request, auth.user.locale)
  const submission = parseForm(form, { schema: tierEditorSchema(locale) })
  if (submission.status !== 'success')
    return json({ intent: 'tiers', result: submission.reply(), summary: null, changed: null }, { status: submission.status === 'error' ? 400 : 200 })
  const programme = await loadProgramme()
  invariantResponse(programme, 'tier.error.noProgramme', { status: 404 })
  const saved = await saveProgrammeTiers({
    scope: auth.scope,
    actor: actorOf(auth, clientIp),
    programmeId: programme.id,
    revision: submission.value.revision,
    tiers: toTierEdits(submission.value.tiers),
    locale,
  })
  if (!saved.ok)
    return json(
      { intent: 'tiers', result: submission.reply({ formErrors: saved.formErrors, fieldErrors: saved.fieldErrors }), summary: null, changed: null },
      { status: saved.status },
    )
  return json({ intent: 'tiers', result: submission.reply(), summary: null, changed: saved.changed })
}

type ActionData = { intent: unknown; result: SubmissionResult<string[]>; summary: EvaluationSummary | null; changed?: boolean | null } | undefined

export default function DeskProgrammePage() {
  const { programme, tiers, members, editor } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionData
  const navigation = useNavigation()
  const { t } = useT()
  const tiersSaved = actionData?.intent === 'tiers' && typeof actionData.changed === 'boolean'
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
          <p className="muted">{t('tierEditor.intro')}</p>
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
            <table className="data-table cards">
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
                    <td data-label={t('tierDesk.rank')}>{x.rank}</td>
                    <td data-label={t('tierDesk.overrideTier')}>{x.name}</td>
                    <td data-label={t('tierPage.criteria')}>{x.criteria.length ? x.criteria.join('; ') : t('tierPage.noCriteria')}</td>
                    <td data-label={t('tierPage.benefits')}>{x.group ? t('tierPage.priceGroup', { group: x.group }) : t('tierPage.basePrices')}</td>
                    <td data-label={t('tierDesk.members')}>{x.members}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {editor ? (
            <section aria-labelledby="tier-editor-title">
              <h2 id="tier-editor-title">{t('tierEditor.title')}</h2>
              {tiersSaved ? (
                <div className="actions">
                  <Notice tone="success">{actionData?.changed ? t('tierEditor.saved') : t('tierEditor.unchanged')}</Notice>
                  {actionData?.changed ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="evaluate" />
                      <button type="submit">{t('tierDesk.evaluateAll')}</button>
                    </Form>
                  ) : null}
                </div>
              ) : null}
              <TierEditor
                key={editor.revision}
                revision={editor.revision}
                defaults={editor.tiers}
                groups={editor.groups}
                categories={editor.categories}
                removable={editor.removable}
                held={editor.held}
                lastResult={actionData?.intent === 'tiers' && !tiersSaved ? actionData.result : undefined}
                busy={navigation.state === 'submitting'}
              />
            </section>
          ) : null}
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
