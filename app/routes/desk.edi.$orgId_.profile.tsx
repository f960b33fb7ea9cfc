import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { CheckboxField, Field, FormErrors, Notice, SelectField, validationTiming } from '../components/forms'
import { useT } from '../i18n/react'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import type { AnyScope } from '../modules/auth/scope.server'
import { listShipTo } from '../modules/delivery-terms/queries.server'
import { CheckboxGroup } from '../modules/edi/components/checkbox-group'
import { edifactCharsets, edifactDirectories, x12Versions } from '../modules/edi/document'
import { mapShipToGln, removeShipToGln, saveProfile } from '../modules/edi/mutations.server'
import { ediMessageTypes, itemIdOrders, ProfileIntent, ProfileSchema, ShipToGlnSchema } from '../modules/edi/profile-schemas'
import { getProfile, listShipToGlns, profileFormValues } from '../modules/edi/queries.server'
import { getOrganisation } from '../modules/tenancy/queries.server'
import { invariantResponse, parseForm, readFormData, uuidParam } from '../utils/http.server'

async function keyAccount(scope: AnyScope, orgId: string) {
  const org = await getOrganisation({ scope, orgId })
  invariantResponse(org && org.kind === 'key_account', 'error.notFound.title', { status: 404 })
  return org
}

// The trading-partner profile of one key account (anchors §2 F6), kept by operator staff, and its GLN → ship-to map.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requirePermission(request, 'manage:edi:any')
  const org = await keyAccount(scope, uuidParam(params.orgId))
  const target = { scope, orgId: org.id }
  const [profile, shipTo, glns] = [await getProfile(target), await listShipTo(target), await listShipToGlns(target)]
  invariantResponse(profile, 'error.notFound.title', { status: 404 })
  return json({ org: { id: org.id, shortName: org.shortName }, values: profileFormValues(profile), shipTo, glns })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'manage:edi:any')
  const org = await keyAccount(auth.scope, uuidParam(params.orgId))
  const submission = parseForm(await readFormData(request), { schema: ProfileIntent })
  const intent = submission.payload.intent
  if (submission.status !== 'success') return json({ intent, result: submission.reply(), done: false }, { status: 400 })
  const target = { scope: auth.scope, actor: actorOf(auth, context.clientIp), orgId: org.id }
  const v = submission.value
  if (v.intent === 'remove-gln') {
    invariantResponse(await removeShipToGln({ ...target, gln: v.gln }), 'error.notFound.title', { status: 404 })
    return json({ intent, result: submission.reply(), done: true })
  }
  const { intent: _, ...input } = v
  const saved =
    v.intent === 'profile' ? await saveProfile({ ...target, input: input as typeof v }) : await mapShipToGln({ ...target, input: input as typeof v })
  if (!saved.ok) return json({ intent, result: submission.reply({ fieldErrors: saved.fieldErrors }), done: false }, { status: 400 })
  return json({ intent, result: submission.reply({ resetForm: v.intent === 'map-gln' }), done: true })
}

type ActionData = { intent: unknown; result: SubmissionResult<string[]>; done: boolean } | undefined

export default function ProfilePage() {
  const { org, values, shipTo, glns } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionData
  const { t } = useT()
  const [form, f] = useForm({
    id: 'profile',
    constraint: getZodConstraint(ProfileSchema),
    lastResult: actionData?.intent === 'profile' ? actionData.result : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ProfileSchema }),
    defaultValue: values,
    ...validationTiming,
  })
  const [glnForm, g] = useForm({
    id: 'gln',
    constraint: getZodConstraint(ShipToGlnSchema),
    lastResult: actionData?.intent === 'map-gln' ? actionData.result : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ShipToGlnSchema }),
    ...validationTiming,
  })
  const options = (list: readonly string[], label: (v: string) => string = (v) => v) => list.map((v) => ({ value: v, label: label(v) }))
  const itemIdText = (order: string) =>
    order
      .split(',')
      .map((k) => t(`edi.itemId.${k as 'gtin' | 'buyer_article' | 'sku'}`))
      .join(' → ')
  const placeName = (id: string) => shipTo.find((s) => s.id === id)?.name ?? id
  return (
    <section aria-labelledby="profile-title" className="narrow edi-page">
      <h1 id="profile-title">{t('edi.profile.title', { org: org.shortName })}</h1>
      <p className="toolbar">
        <Link to={`/desk/edi/${org.id}`}>{t('edi.monitor.back')}</Link>
      </p>
      {actionData?.done ? <Notice tone="success">{t('common.saved')}</Notice> : null}
      <Form method="post" {...getFormProps(form)} className="edi-form">
        <input type="hidden" name="intent" value="profile" />
        <fieldset>
          <legend>{t('edi.profile.general')}</legend>
          <SelectField meta={f.mode} label={t('edi.profile.mode')} options={options(['test', 'production'], (v) => t(`edi.mode.${v as 'test'}`))} />
          <SelectField
            meta={f.syntax}
            label={t('edi.profile.syntax')}
            options={options(['edifact', 'x12', 'json'], (v) => t(`edi.syntax.${v as 'x12'}`))}
          />
          <Field meta={f.partnerGln} label={t('edi.profile.partnerGln')} inputMode="numeric" hint={t('edi.profile.glnHint')} />
          <Field meta={f.ourGln} label={t('edi.profile.ourGln')} inputMode="numeric" hint={t('edi.profile.glnHint')} />
          <CheckboxGroup
            meta={f.messages}
            legend={t('edi.profile.messages')}
            options={ediMessageTypes.map((m) => ({ value: m, label: `${m} — ${t(`edi.messageType.${m}`)}` }))}
          />
        </fieldset>
        <fieldset>
          <legend>{t('edi.profile.edifact')}</legend>
          <Field meta={f.edifactQualifier} label={t('edi.profile.edifactQualifier')} hint={t('edi.profile.edifactQualifierHint')} />
          <SelectField
            meta={f.edifactDirectory}
            label={t('edi.profile.directory')}
            options={options(edifactDirectories, (v) => t(`edi.directory.${v as 'D96A'}`))}
          />
          <SelectField meta={f.edifactCharset} label={t('edi.profile.charset')} options={options(edifactCharsets)} />
          <SelectField meta={f.edifactSyntaxVersion} label={t('edi.profile.syntaxVersion')} options={options(['3', '4'])} />
          <Field meta={f.una} label={t('edi.profile.una')} hint={t('edi.profile.unaHint')} />
        </fieldset>
        <fieldset>
          <legend>{t('edi.profile.x12')}</legend>
          <Field meta={f.isaQualifier} label={t('edi.profile.isaQualifier')} />
          <Field meta={f.isaId} label={t('edi.profile.isaId')} />
          <Field meta={f.ourIsaQualifier} label={t('edi.profile.ourIsaQualifier')} />
          <Field meta={f.ourIsaId} label={t('edi.profile.ourIsaId')} />
          <SelectField meta={f.x12Version} label={t('edi.profile.x12Version')} options={options(x12Versions)} />
        </fieldset>
        <fieldset>
          <legend>{t('edi.profile.acks')}</legend>
          <CheckboxField meta={f.sendContrl} label={t('edi.profile.sendContrl')} />
          <CheckboxField meta={f.send997} label={t('edi.profile.send997')} />
          <CheckboxField meta={f.sendTa1} label={t('edi.profile.sendTa1')} />
          <SelectField
            meta={f.orderResponse}
            label={t('edi.profile.orderResponse')}
            options={options(['automatic', 'review'], (v) => t(`edi.orderResponse.${v as 'review'}`))}
          />
          <Field
            meta={f.ackExpectedHours}
            label={t('edi.profile.ackExpectedHours')}
            type="number"
            inputMode="numeric"
            hint={t('edi.profile.ackExpectedHint')}
          />
        </fieldset>
        <fieldset>
          <legend>{t('edi.profile.processing')}</legend>
          <Field meta={f.duplicateWindowDays} label={t('edi.profile.duplicateWindowDays')} type="number" inputMode="numeric" />
          <SelectField
            meta={f.tolerance}
            label={t('edi.profile.tolerance')}
            options={options(['strict', 'tolerant'], (v) => t(`edi.tolerance.${v as 'strict'}`))}
          />
          <SelectField meta={f.itemIds} label={t('edi.profile.itemIds')} options={options(itemIdOrders, itemIdText)} />
          <SelectField
            meta={f.unknownItem}
            label={t('edi.profile.unknownItem')}
            options={options(['reject', 'hold'], (v) => t(`edi.unknownItem.${v as 'hold'}`))}
          />
          <Field meta={f.webhookUrl} label={t('edi.profile.webhookUrl')} type="text" inputMode="url" hint={t('edi.profile.webhookHint')} />
        </fieldset>
        <FormErrors id={form.errorId} errors={form.errors} />
        <button type="submit" className="primary">
          {t('common.save')}
        </button>
      </Form>
      <h2 id="gln-title">{t('edi.profile.glnMap')}</h2>
      {glns.length ? (
        <table className="data-table cards">
          <thead>
            <tr>
              <th scope="col">GLN</th>
              <th scope="col">{t('terms.shipTo')}</th>
              <th scope="col">{t('edi.profile.blocked')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('common.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {glns.map((m) => (
              <tr key={m.gln}>
                <td data-label="GLN">
                  <code>{m.gln}</code>
                </td>
                <td data-label={t('terms.shipTo')}>{placeName(m.shipToId)}</td>
                <td data-label={t('edi.profile.blocked')}>
                  {m.blocked ? <span className="badge badge-rejected">{t('edi.profile.blocked')}</span> : t('common.no')}
                </td>
                <td>
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="intent" value="remove-gln" />
                    <input type="hidden" name="gln" value={m.gln} />
                    <button type="submit" className="link-button" aria-label={t('edi.profile.removeGln', { gln: m.gln })}>
                      {t('common.remove')}
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">{t('edi.profile.noGlns')}</p>
      )}
      {shipTo.length ? (
        <Form method="post" {...getFormProps(glnForm)} aria-labelledby="gln-title" className="edi-form">
          <input type="hidden" name="intent" value="map-gln" />
          <Field meta={g.gln} label="GLN" inputMode="numeric" hint={t('edi.profile.glnHint')} />
          <SelectField meta={g.shipToId} label={t('terms.shipTo')} options={shipTo.map((s) => ({ value: s.id, label: `${s.name}: ${s.address}` }))} />
          <CheckboxField meta={g.blocked} label={t('edi.profile.blockedHint')} />
          <FormErrors id={glnForm.errorId} errors={glnForm.errors} />
          <button type="submit">{t('edi.profile.mapGln')}</button>
        </Form>
      ) : (
        <p className="muted">
          {t('edi.profile.noShipTo')} <Link to={`/desk/terms/${org.id}`}>{t('edi.profile.toTerms')}</Link>
        </p>
      )}
    </section>
  )
}
