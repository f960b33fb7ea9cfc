import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { FormErrors, Notice, SelectField, validationTiming } from '../components/forms'
import { useT } from '../i18n/react'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import { CrmTabs } from '../modules/crm/components/crm-tabs'
import { RegionOwnerSchema } from '../modules/crm/lead-schemas'
import { listKnownRegions, listLeadOwners, listRegionOwners, saveRegionOwner } from '../modules/crm/leads.server'
import { regionLabel, regionOptions } from '../modules/prm/application-schemas'
import { parseForm, readFormData } from '../utils/http.server'

// Region → owner: a new lead from a region goes to its owner unless a person assigns it by hand. Regions are the
// partner programme's codes (those applications and organisations store), named in the reader's language.

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'read:crm:any')
  const [owners, regions, known] = await Promise.all([listLeadOwners(), listRegionOwners(), listKnownRegions()])
  return json({ owners, regions, known })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'manage:crm:any')
  const submission = parseForm(await readFormData(request), { schema: RegionOwnerSchema })
  if (submission.status !== 'success') return json({ result: submission.reply() }, { status: 400 })
  const v = submission.value
  const ownerId = v.intent === 'save' ? v.ownerId : null
  const saved = await saveRegionOwner({ scope: auth.scope, actor: actorOf(auth, context.clientIp), region: v.region, ownerId })
  if (!saved.ok) return json({ result: submission.reply({ fieldErrors: saved.fieldErrors }) }, { status: 400 })
  return json({ result: submission.reply({ resetForm: true }), saved: true })
}

export default function RegionOwners() {
  const { owners, regions, known } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as { result: SubmissionResult<string[]>; saved?: boolean } | undefined
  const { t, locale } = useT()
  const [form, fields] = useForm({
    id: 'region-owner',
    lastResult: actionData?.result,
    constraint: getZodConstraint(RegionOwnerSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RegionOwnerSchema }),
    ...validationTiming,
  })
  const unowned = known.filter((r) => !regions.some((x) => x.region === r))
  return (
    <section aria-labelledby="regions-title">
      <h1 id="regions-title">{t('crm.pipeline.regions')}</h1>
      <CrmTabs />
      <p>{t('crm.pipeline.regionsIntro')}</p>
      {actionData?.saved ? <Notice tone="success">{t('crm.pipeline.saved')}</Notice> : null}
      {/* On a phone the table scrolls in its own box instead of widening the page. */}
      <div className="table-scroll">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t('crm.pipeline.col.region')}</th>
              <th scope="col">{t('crm.pipeline.col.owner')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('crm.pipeline.remove')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {regions.map((r) => (
              <tr key={r.region}>
                <td>{regionLabel(locale, r.region)}</td>
                <td>{r.ownerName}</td>
                <td>
                  <Form method="post">
                    <input type="hidden" name="intent" value="remove" />
                    <input type="hidden" name="region" value={r.region} />
                    <button type="submit" aria-label={t('crm.pipeline.removeRegion', { region: regionLabel(locale, r.region) })}>
                      {t('crm.pipeline.remove')}
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {unowned.length ? (
        <p className="muted">{t('crm.pipeline.unownedRegions', { regions: unowned.map((r) => regionLabel(locale, r)).join(', ') })}</p>
      ) : null}
      <h2>{t('crm.pipeline.setRegion')}</h2>
      <Form method="post" {...getFormProps(form)} className="card narrow">
        <input type="hidden" name="intent" value="save" />
        <SelectField meta={fields.region} label={t('crm.pipeline.col.region')} options={[{ value: '', label: '—' }, ...regionOptions(locale)]} />
        <SelectField
          meta={fields.ownerId}
          label={t('crm.pipeline.col.owner')}
          options={[{ value: '', label: '—' }, ...owners.map((o) => ({ value: o.id, label: `${o.name} (${o.email})` }))]}
        />
        <FormErrors id={form.errorId} errors={form.errors} />
        <button type="submit" className="primary">
          {t('crm.pipeline.save')}
        </button>
      </Form>
    </section>
  )
}
