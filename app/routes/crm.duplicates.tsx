import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { SortableTh } from '../components/sortable-th'
import { CheckboxField, ErrorList, FormErrors, Notice, validationTiming } from '../components/forms'
import { formatInstant, formatNumber } from '../i18n/format'
import type { MessageKey } from '../i18n'
import { useT } from '../i18n/react'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import { CrmTabs } from '../modules/crm/components/crm-tabs'
import { listDuplicates, listMerges } from '../modules/crm/duplicates.server'
import { mergeContacts, mergeOrganisations } from '../modules/crm/merge.server'
import { DuplicatesQuery, MergeSchema, mergeFormId } from '../modules/crm/merge-schemas'
import { parseForm, readFormData } from '../utils/http.server'

// Duplicates (issue 15 "Data integrity"): the pairs the database finds and why, each merged by a person who picks the
// record that survives; the merge's moved rows are shown and kept in crm_merges and the audit log.

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'read:crm:any')
  const query = DuplicatesQuery.parse(Object.fromEntries(new URL(request.url).searchParams))
  const [found, merges] = await Promise.all([listDuplicates({ scope: auth.scope, ...query }), listMerges({ scope: auth.scope })])
  return json({
    ...found,
    merges,
    canMergeContacts: auth.permissions.includes('manage:crm:any'),
    canMergeOrganisations: auth.permissions.includes('manage:organisation:any'),
  })
}

type Merged = { kind: 'contact' | 'organisation'; keptId: string; moved: Record<string, number> }
type ActionData = { formId: string | null; result: SubmissionResult<string[]>; merged: Merged | null }

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'manage:crm:any')
  const submission = parseForm(await readFormData(request), { schema: MergeSchema })
  // The pair the form was for, also when it did not validate: the reply goes back to that pair's form.
  const { kind, aId, bId } = (submission.payload ?? {}) as Record<string, unknown>
  const formId = typeof kind === 'string' && typeof aId === 'string' && typeof bId === 'string' ? mergeFormId({ kind, aId, bId }) : null
  if (submission.status !== 'success') return json<ActionData>({ formId, result: submission.reply(), merged: null }, { status: 400 })
  const v = submission.value
  const [keptId, mergedId] = v.keep === 'a' ? [v.aId, v.bId] : [v.bId, v.aId]
  const actor = actorOf(auth, context.clientIp)
  // Merging organisations is the operator admin's: checked here, whatever the page showed.
  const result =
    v.kind === 'organisation'
      ? await mergeOrganisations({ scope: (await requirePermission(request, 'manage:organisation:any')).scope, actor, keptId, mergedId })
      : await mergeContacts({ scope: auth.scope, actor, keptId, mergedId })
  if (!result.ok)
    return json<ActionData>({ formId, result: submission.reply({ formErrors: [result.error] }), merged: null }, { status: result.status })
  return json<ActionData>({ formId, result: submission.reply({ resetForm: true }), merged: { kind: v.kind, keptId, moved: result.moved } })
}

const contactReason: Record<'phone' | 'email' | 'name', MessageKey> = {
  phone: 'crm.duplicates.reason.phone',
  email: 'crm.duplicates.reason.email',
  name: 'crm.duplicates.reason.name',
}
const orgReason: Record<'contact_phone' | 'contact_email' | 'name' | 'lead_inn', MessageKey> = {
  contact_phone: 'crm.duplicates.reason.contactPhone',
  contact_email: 'crm.duplicates.reason.contactEmail',
  name: 'crm.duplicates.reason.name',
  lead_inn: 'crm.duplicates.reason.leadInn',
}

export default function CrmDuplicates() {
  const { contacts, organisations, leads, merges, canMergeContacts, canMergeOrganisations } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionData | undefined
  const { t, locale, timeZone } = useT()
  const lastResult = (id: string) => (actionData?.formId === id ? actionData.result : undefined)
  return (
    <section aria-labelledby="dups-title">
      <h1 id="dups-title">{t('crm.duplicates.title')}</h1>
      <CrmTabs />
      <p className="muted small">{t('crm.duplicates.intro')}</p>
      {actionData?.merged ? <MergedNotice merged={actionData.merged} /> : null}
      {actionData && !actionData.merged && !actionData.formId ? <FormErrors errors={['crm.duplicates.error.incomplete']} /> : null}

      <h2>{t('crm.duplicates.contacts')}</h2>
      {contacts.length ? (
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <SortableTh column="name" label={t('crm.duplicates.col.records')} />
                <SortableTh column="reason" label={t('crm.duplicates.col.reason')} />
                <th scope="col">{t('crm.duplicates.col.merge')}</th>
              </tr>
            </thead>
            <tbody>
              {contacts.map((c) => {
                const pair = { aId: c.aId, aName: `${c.aName} (${c.aOrg})`, bId: c.bId, bName: `${c.bName} (${c.bOrg})` }
                const id = mergeFormId({ kind: 'contact', ...pair })
                return (
                  <tr key={id}>
                    <td>
                      {pair.aName}
                      <br />
                      {pair.bName}
                    </td>
                    <td>{t(contactReason[c.reason], { value: c.detail })}</td>
                    <td>
                      {canMergeContacts ? (
                        <MergeForm id={id} kind="contact" pair={pair} lastResult={lastResult(id)} />
                      ) : (
                        <span className="muted">{t('crm.duplicates.noRight')}</span>
                      )}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t('crm.duplicates.noneContacts')}</p>
      )}

      <h2>{t('crm.duplicates.organisations')}</h2>
      {organisations.length ? (
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <SortableTh column="name" label={t('crm.duplicates.col.records')} />
                <SortableTh column="reason" label={t('crm.duplicates.col.reason')} />
                <th scope="col">{t('crm.duplicates.col.merge')}</th>
              </tr>
            </thead>
            <tbody>
              {organisations.map((o) => {
                const id = mergeFormId({ kind: 'organisation', aId: o.aId, bId: o.bId })
                return (
                  <tr key={id}>
                    <td>
                      <Link to={`/crm/customers/${o.aId}`}>{o.aName}</Link>
                      <br />
                      <Link to={`/crm/customers/${o.bId}`}>{o.bName}</Link>
                    </td>
                    <td>
                      <ul className="plain">
                        {o.reasons.map((r) => (
                          <li key={`${r.kind}-${r.detail}`}>{t(orgReason[r.kind], { value: r.detail })}</li>
                        ))}
                      </ul>
                    </td>
                    <td>
                      {canMergeOrganisations ? (
                        <MergeForm id={id} kind="organisation" pair={o} lastResult={lastResult(id)} />
                      ) : (
                        <span className="muted">{t('crm.duplicates.adminOnly')}</span>
                      )}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t('crm.duplicates.noneOrganisations')}</p>
      )}

      {leads.length ? (
        <>
          <h2>{t('crm.duplicates.leads')}</h2>
          <p className="muted small">{t('crm.duplicates.leadsIntro')}</p>
          <ul>
            {leads.map((l) => (
              <li key={`${l.aId}-${l.bId}`}>
                <Link to={`/crm/pipeline/${l.bId}`}>{l.bName}</Link>
                {' — '}
                {t('crm.duplicates.reason.leadInn', { value: l.detail, org: l.aName })}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <h2>{t('crm.duplicates.history')}</h2>
      {merges.length ? (
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('crm.duplicates.col.at')}</th>
                <th scope="col">{t('crm.duplicates.col.kind')}</th>
                <th scope="col">{t('crm.duplicates.col.merged')}</th>
                <th scope="col">{t('crm.duplicates.col.moved')}</th>
                <th scope="col">{t('crm.duplicates.col.actor')}</th>
              </tr>
            </thead>
            <tbody>
              {merges.map((m) => (
                <tr key={m.id}>
                  <td>{formatInstant(locale, m.at, timeZone)}</td>
                  <td>{t(m.kind === 'organisation' ? 'crm.duplicates.kind.organisation' : 'crm.duplicates.kind.contact')}</td>
                  <td>{m.mergedName ?? m.mergedId}</td>
                  <td>
                    {formatNumber(
                      locale,
                      Object.values(m.moved).reduce((s, n) => s + n, 0),
                    )}
                  </td>
                  <td>{m.actor}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t('crm.duplicates.noHistory')}</p>
      )}
    </section>
  )
}

function MergedNotice({ merged }: { merged: Merged }) {
  const { t, locale } = useT()
  const rows = Object.entries(merged.moved)
  return (
    <div className="card" aria-live="polite">
      <Notice tone="success">{t(merged.kind === 'organisation' ? 'crm.duplicates.mergedOrganisation' : 'crm.duplicates.mergedContact')}</Notice>
      {merged.kind === 'organisation' ? <Link to={`/crm/customers/${merged.keptId}`}>{t('crm.duplicates.openKept')}</Link> : null}
      {rows.length ? (
        <div className="table-scroll">
          <table className="data-table">
            <caption>{t('crm.duplicates.movedCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('crm.duplicates.col.table')}</th>
                <th scope="col">{t('crm.duplicates.col.rows')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(([key, n]) => (
                <tr key={key}>
                  <td>
                    <code>{key}</code>
                  </td>
                  <td>{formatNumber(locale, n)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t('crm.duplicates.movedNone')}</p>
      )}
    </div>
  )
}

function MergeForm({
  id,
  kind,
  pair,
  lastResult,
}: {
  id: string
  kind: 'contact' | 'organisation'
  pair: { aId: string; aName: string; bId: string; bName: string }
  lastResult: SubmissionResult<string[]> | undefined
}) {
  const { t } = useT()
  const [form, fields] = useForm({
    id,
    lastResult,
    constraint: getZodConstraint(MergeSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: MergeSchema }),
    ...validationTiming,
  })
  return (
    <Form method="post" {...getFormProps(form)} className="stack small">
      <input type="hidden" name="kind" value={kind} />
      <input type="hidden" name="aId" value={pair.aId} />
      <input type="hidden" name="bId" value={pair.bId} />
      <fieldset aria-describedby={fields.keep.errors ? fields.keep.errorId : undefined}>
        <legend>{t('crm.duplicates.keep')}</legend>
        {(['a', 'b'] as const).map((side) => (
          <div className="field field-checkbox" key={side}>
            <input type="radio" id={`${fields.keep.id}-${side}`} name={fields.keep.name} value={side} />
            <label htmlFor={`${fields.keep.id}-${side}`}>{side === 'a' ? pair.aName : pair.bName}</label>
          </div>
        ))}
        <ErrorList id={fields.keep.errorId} errors={fields.keep.errors} />
      </fieldset>
      <CheckboxField meta={fields.confirm} label={t('crm.duplicates.confirm')} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <button type="submit">{t('crm.duplicates.merge')}</button>
    </Form>
  )
}
