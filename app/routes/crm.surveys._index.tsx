import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { ErrorList, Field, FormErrors, validationTiming } from '../components/forms'
import { formatDay } from '../i18n/format'
import { useT } from '../i18n/react'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import { CrmTabs } from '../modules/crm/components/crm-tabs'
import { WaveSchema } from '../modules/crm/survey-schemas'
import { createWave, listInvitableContacts, listWaves } from '../modules/crm/surveys.server'
import { businessClock } from '../utils/clock.server'
import { parseForm, readFormData } from '../utils/http.server'

// SERVQUAL waves (issue 15): who was asked when, how many answered; staff open a new wave for chosen contacts.

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'read:crm:any')
  const canManage = auth.permissions.includes('manage:crm:any')
  const [waves, contacts, { today }] = await Promise.all([
    listWaves({ scope: auth.scope }),
    canManage ? listInvitableContacts({ scope: auth.scope }) : Promise.resolve([]),
    businessClock(),
  ])
  return json({ waves, contacts, canManage, today })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'manage:crm:any')
  const submission = parseForm(await readFormData(request), { schema: WaveSchema })
  if (submission.status !== 'success') return json({ result: submission.reply() }, { status: 400 })
  const outcome = await createWave({ scope: auth.scope, actor: actorOf(auth, context.clientIp), input: submission.value })
  if (!outcome.ok) return json({ result: submission.reply({ fieldErrors: outcome.fieldErrors }) }, { status: 400 })
  return redirect(`/crm/surveys/${outcome.id}`)
}

export default function SurveyWaves() {
  const { waves, contacts, canManage, today } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as { result: SubmissionResult<string[]> } | undefined
  const navigation = useNavigation()
  const { t, locale } = useT()
  const [form, fields] = useForm({
    id: 'survey-wave',
    lastResult: actionData?.result,
    constraint: getZodConstraint(WaveSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: WaveSchema }),
    defaultValue: { minAnswers: '30', opensOn: today },
    ...validationTiming,
  })
  const byOrg = new Map<string, { orgName: string; people: typeof contacts }>()
  for (const c of contacts) {
    const group = byOrg.get(c.orgId) ?? { orgName: c.orgName, people: [] }
    group.people.push(c)
    byOrg.set(c.orgId, group)
  }
  return (
    <section aria-labelledby="surveys-title">
      <h1 id="surveys-title">{t('crm.surveys.title')}</h1>
      <CrmTabs />
      <p>{t('crm.surveys.intro')}</p>
      <div className="table-scroll">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t('crm.surveys.col.wave')}</th>
              <th scope="col">{t('crm.surveys.col.window')}</th>
              <th scope="col">{t('crm.surveys.col.status')}</th>
              <th scope="col">{t('crm.surveys.col.organisations')}</th>
              <th scope="col">{t('crm.surveys.col.invited')}</th>
              <th scope="col">{t('crm.surveys.answers')}</th>
            </tr>
          </thead>
          <tbody>
            {waves.map((w) => (
              <tr key={w.id}>
                <th scope="row">
                  <Link to={`/crm/surveys/${w.id}`}>{locale === 'ru' ? w.titleRu : w.titleEn}</Link>
                </th>
                <td>
                  {formatDay(locale, w.opensOn)} – {formatDay(locale, w.closesOn)}
                </td>
                <td>{t(`crm.surveys.status.${w.status}`)}</td>
                <td className="num">{w.organisations}</td>
                <td className="num">{w.invited}</td>
                <td className="num">{w.answered}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {waves.length === 0 ? <p className="muted">{t('crm.surveys.noWaves')}</p> : null}
      {canManage ? (
        <>
          <h2 id="new-wave">{t('crm.surveys.newWave')}</h2>
          <Form method="post" {...getFormProps(form)} aria-labelledby="new-wave">
            <FormErrors id={form.errorId} errors={form.errors} />
            <Field meta={fields.titleRu} label={t('crm.surveys.field.titleRu')} />
            <Field meta={fields.titleEn} label={t('crm.surveys.field.titleEn')} />
            <Field meta={fields.opensOn} label={t('crm.surveys.field.opensOn')} type="date" />
            <Field meta={fields.closesOn} label={t('crm.surveys.field.closesOn')} type="date" />
            <Field meta={fields.minAnswers} label={t('crm.surveys.field.minAnswers')} type="number" hint={t('crm.surveys.field.minAnswersHint')} />
            <fieldset aria-describedby={fields.contactIds.errors?.length ? fields.contactIds.errorId : undefined}>
              <legend>{t('crm.surveys.field.contacts')}</legend>
              <p className="hint">{t('crm.surveys.field.contactsHint')}</p>
              {contacts.length === 0 ? <p className="muted">{t('crm.surveys.noContacts')}</p> : null}
              {[...byOrg.entries()].map(([orgId, g]) => (
                <fieldset key={orgId}>
                  <legend>{g.orgName}</legend>
                  {g.people.map((c) => (
                    <div key={c.contactId} className="field field-checkbox">
                      <input type="checkbox" id={`c-${c.contactId}`} name={fields.contactIds.name} value={c.contactId} />
                      <label htmlFor={`c-${c.contactId}`}>
                        {c.fullName}
                        {c.position ? `, ${c.position}` : ''}
                      </label>
                    </div>
                  ))}
                </fieldset>
              ))}
              <ErrorList id={fields.contactIds.errorId} errors={fields.contactIds.errors} />
            </fieldset>
            <button type="submit" className="primary" disabled={navigation.state === 'submitting'}>
              {t('crm.surveys.send')}
            </button>
          </Form>
        </>
      ) : null}
    </section>
  )
}
