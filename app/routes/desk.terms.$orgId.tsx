import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { CheckboxField, Field, FormErrors, Notice, SelectField, validationTiming } from '../components/forms'
import { useT } from '../i18n/react'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import { removeContractRule, setContractRule } from '../modules/catalog/mutations.server'
import { listContractRules } from '../modules/catalog/queries.server'
import { addShipTo, removeShipTo, saveDeliveryTerms } from '../modules/delivery-terms/mutations.server'
import { getDeliveryTerms, listShipTo } from '../modules/delivery-terms/queries.server'
import { DeskTermsIntent, freightTermsList, incoterms } from '../modules/delivery-terms/schemas'
import type { AnyScope } from '../modules/auth/scope.server'
import { getOrganisation } from '../modules/tenancy/queries.server'
import { invariantResponse, readFormData, uuidParam, parseForm } from '../utils/http.server'

/** Only buying organisations have delivery terms. */
async function buyerOrg(scope: AnyScope, orgId: string) {
  const org = await getOrganisation({ scope, orgId })
  invariantResponse(org && (org.kind === 'dealer' || org.kind === 'key_account'), 'error.notFound.title', { status: 404 })
  return org
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requirePermission(request, 'manage:delivery_terms:any')
  const org = await buyerOrg(scope, uuidParam(params.orgId))
  const target = { scope, orgId: org.id }
  const [terms, shipTo, rules] = [await getDeliveryTerms(target), await listShipTo(target), await listContractRules(target)]
  return json({ org: { id: org.id, shortName: org.shortName }, terms, shipTo, rules })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'manage:delivery_terms:any')
  const org = await buyerOrg(auth.scope, uuidParam(params.orgId))
  const submission = parseForm(await readFormData(request), { schema: DeskTermsIntent })
  const intent = submission.payload.intent
  if (submission.status !== 'success') return json({ intent, result: submission.reply(), done: false }, { status: 400 })
  const target = { scope: auth.scope, actor: actorOf(auth, context.clientIp), orgId: org.id }
  const value = submission.value
  const refused = (fieldErrors: Record<string, string[]>) => json({ intent, result: submission.reply({ fieldErrors }), done: false }, { status: 400 })
  if (value.intent === 'terms') {
    const { intent: _, ...terms } = value
    const saved = await saveDeliveryTerms({ ...target, input: terms })
    if (!saved.ok) return refused(saved.fieldErrors)
  } else if (value.intent === 'add-ship-to')
    await addShipTo({ ...target, input: { name: value.name, address: value.address, isDefault: value.isDefault } })
  else if (value.intent === 'remove-ship-to')
    invariantResponse(await removeShipTo({ ...target, id: value.id }), 'error.notFound.title', { status: 404 })
  else if (value.intent === 'set-rule') {
    const set = await setContractRule({ ...target, input: value })
    if (!set.ok) return refused(set.fieldErrors)
  } else invariantResponse(await removeContractRule({ ...target, productId: value.productId }), 'error.notFound.title', { status: 404 })
  return json({ intent, result: submission.reply({ resetForm: value.intent !== 'terms' }), done: true })
}

type ActionData = { intent: unknown; result: SubmissionResult<string[]>; done: boolean } | undefined

const rub = (minor: number | null) => (minor === null ? '' : String(minor / 100))

export default function TermsPage() {
  const { org, terms, shipTo, rules } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionData
  const { t } = useT()
  const checked = {
    constraint: getZodConstraint(DeskTermsIntent),
    onValidate: ({ formData }: { formData: FormData }) => parseWithZod(formData, { schema: DeskTermsIntent }),
    ...validationTiming,
  }
  const [termsForm, f] = useForm({
    id: 'terms',
    ...checked,
    lastResult: actionData?.intent === 'terms' ? actionData.result : undefined,
    defaultValue: {
      incoterm: terms.incoterm,
      namedPlace: terms.namedPlace,
      freightTerms: terms.freightTerms,
      freeFreightMinor: rub(terms.freeFreightMinor),
      freightMinor: rub(terms.freightMinor),
      orderMinimumMinor: rub(terms.orderMinimumMinor),
      cutoff: terms.cutoff,
      poRequired: terms.poRequired ? 'on' : undefined,
    },
  })
  const [shipForm, s] = useForm({ id: 'ship-to', lastResult: actionData?.intent === 'add-ship-to' ? actionData.result : undefined, ...checked })
  const [ruleForm, r] = useForm({ id: 'rule', lastResult: actionData?.intent === 'set-rule' ? actionData.result : undefined, ...checked })
  return (
    <section aria-labelledby="terms-title" className="narrow">
      <h1 id="terms-title">{t('desk.termsOf', { org: org.shortName })}</h1>
      <p>
        <Link to="/desk/orders">{t('desk.backToDesk')}</Link>
      </p>
      {actionData?.done ? <Notice tone="success">{t('common.saved')}</Notice> : null}
      <Form method="post" {...getFormProps(termsForm)}>
        <input type="hidden" name="intent" value="terms" />
        <SelectField
          meta={f.incoterm}
          label={t('terms.incoterm')}
          options={incoterms.map((i) => ({ value: i, label: `${i} — ${t(`incoterm.${i}`)}` }))}
        />
        <p className="hint">{t('terms.rule')}</p>
        <Field meta={f.namedPlace} label={t('terms.namedPlace')} />
        <SelectField
          meta={f.freightTerms}
          label={t('terms.freight')}
          options={freightTermsList.map((v) => ({ value: v, label: t(`freight.${v}`) }))}
        />
        <Field meta={f.freightMinor} label={t('terms.freightAmount')} hint={t('terms.rubHint')} />
        <Field meta={f.freeFreightMinor} label={t('terms.freeFreightFrom')} hint={t('terms.emptyNone')} />
        <Field meta={f.orderMinimumMinor} label={t('terms.orderMinimum')} hint={t('terms.emptyNone')} />
        <Field meta={f.cutoff} label={t('terms.cutoff')} hint={t('terms.cutoffHint')} />
        <CheckboxField meta={f.poRequired} label={t('terms.poRequired')} />
        <FormErrors id={termsForm.errorId} errors={termsForm.errors} />
        <button type="submit" className="primary">
          {t('common.save')}
        </button>
      </Form>
      <h2>{t('terms.shipTo')}</h2>
      {shipTo.length ? (
        <ul>
          {shipTo.map((l) => (
            <li key={l.id}>
              <strong>{l.name}</strong>: {l.address} {l.isDefault ? <span className="badge">{t('terms.default')}</span> : null}
              <Form method="post" className="inline-form">
                <input type="hidden" name="intent" value="remove-ship-to" />
                <input type="hidden" name="id" value={l.id} />
                <button type="submit" className="link-button" aria-label={t('terms.removeShipTo', { name: l.name })}>
                  {t('common.remove')}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('terms.noShipTo')}</p>
      )}
      <Form method="post" {...getFormProps(shipForm)}>
        <input type="hidden" name="intent" value="add-ship-to" />
        <Field meta={s.name} label={t('terms.shipToName')} />
        <Field meta={s.address} label={t('terms.shipToAddress')} />
        <CheckboxField meta={s.isDefault} label={t('terms.makeDefault')} />
        <FormErrors id={shipForm.errorId} errors={shipForm.errors} />
        <button type="submit">{t('terms.addShipTo')}</button>
      </Form>
      <h2>{t('rules.title')}</h2>
      <p className="muted">{t('rules.intro')}</p>
      {rules.length ? (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t('catalog.sku')}</th>
              <th scope="col">{t('deskCatalog.minQty')}</th>
              <th scope="col">{t('rules.increment')}</th>
              <th scope="col">{t('deskCatalog.maxQty')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('common.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rules.map((rule) => (
              <tr key={rule.productId}>
                <td>
                  <code>{rule.sku}</code>
                </td>
                <td>{rule.minQty ?? '—'}</td>
                <td>{rule.increment ?? '—'}</td>
                <td>{rule.maxQty ?? '—'}</td>
                <td>
                  <Form method="post">
                    <input type="hidden" name="intent" value="remove-rule" />
                    <input type="hidden" name="productId" value={rule.productId} />
                    <button type="submit" className="link-button" aria-label={t('rules.remove', { sku: rule.sku })}>
                      {t('common.remove')}
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <Form method="post" {...getFormProps(ruleForm)}>
        <input type="hidden" name="intent" value="set-rule" />
        <div className="grid-2">
          <Field meta={r.sku} label={t('catalog.sku')} />
          <Field meta={r.minQty} label={t('deskCatalog.minQty')} hint={t('rules.emptyKeeps')} />
          <Field meta={r.increment} label={t('rules.increment')} hint={t('rules.emptyKeeps')} />
          <Field meta={r.maxQty} label={t('deskCatalog.maxQty')} hint={t('rules.emptyKeeps')} />
        </div>
        <FormErrors id={ruleForm.errorId} errors={ruleForm.errors} />
        <button type="submit">{t('rules.save')}</button>
      </Form>
    </section>
  )
}
