import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useActionData, useNavigation } from '@remix-run/react'
import { ErrorList, Field, FormErrors, validationTiming } from '../components/forms'
import { resolveLocale } from '../i18n/locale.server'
import { useT } from '../i18n/react'
import { requireAnonymous } from '../modules/auth/guards.server'
import { consentTexts } from '../modules/sarm/consent-texts'
import { checkJoinCode, registerAssistant } from '../modules/sarm/registration.server'
import { JoinCodeInput, JoinInput, normaliseCode } from '../modules/sarm/sale-schemas'
import { parseForm, readFormData } from '../utils/http.server'

// Self-registration of a shop assistant, in two steps: the dealer's code (which opens the dealer's shops), then the
// person, the shop and consent to processing. The dealer confirms the registration before any sale can be reported.

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request)
  return json({})
}

type Shop = { id: string; name: string; address: string }
type View = { step: 'code' | 'details' | 'done'; code: string; shops: Shop[]; result: SubmissionResult<string[]> | null }
const view = (v: View, status = 200) => json(v, { status })

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous(request)
  const form = await readFormData(request)
  const ip = context.clientIp ?? 'unknown'
  if (form.get('intent') === 'register') {
    const submission = parseForm(form, { schema: JoinInput })
    if (submission.status === 'success') {
      const r = await registerAssistant({ input: submission.value, ip, locale: resolveLocale(request) })
      if (r.ok) return view({ step: 'done', code: '', shops: [], result: null })
      const result = submission.reply({ fieldErrors: r.fieldErrors, formErrors: r.formErrors, hideFields: ['password'] })
      return reshow(submission.value.code, ip, result, r.status)
    }
    return reshow(String(form.get('code') ?? ''), ip, submission.reply({ hideFields: ['password'] }), 400)
  }
  const submission = parseForm(form, { schema: JoinCodeInput })
  if (submission.status !== 'success') return view({ step: 'code', code: '', shops: [], result: submission.reply() }, 400)
  const r = await checkJoinCode({ code: submission.value.code, ip })
  if (!r.ok)
    return view({ step: 'code', code: '', shops: [], result: submission.reply({ fieldErrors: r.fieldErrors, formErrors: r.formErrors }) }, r.status)
  return view({ step: 'details', code: submission.value.code, shops: r.shops ?? [], result: null })
}

/** The second step again with its errors, while the code still opens the shops; else back to the code. */
async function reshow(code: string, ip: string, result: SubmissionResult<string[]>, status: number) {
  const again = code ? await checkJoinCode({ code: normaliseCode(code.slice(0, 40)), ip }) : null
  return again?.ok
    ? view({ step: 'details', code: normaliseCode(code.slice(0, 40)), shops: again.shops ?? [], result }, status)
    : view(
        {
          step: 'code',
          code: '',
          shops: [],
          result: again && !again.ok ? { status: 'error', error: { code: again.fieldErrors?.code ?? again.formErrors ?? [] } } : null,
        },
        again && !again.ok ? again.status : status,
      )
}

export default function JoinPage() {
  const actionData = useActionData<typeof action>()
  const { t } = useT()
  return (
    <section aria-labelledby="join-title" className="sarm-phone narrow">
      <h1 id="join-title">{t('sarm.join.title')}</h1>
      {actionData?.step === 'done' ? (
        <>
          <p role="status">{t('sarm.join.done')}</p>
          <p>
            <Link to="/login">{t('sarm.join.signIn')}</Link>
          </p>
        </>
      ) : actionData?.step === 'details' ? (
        <DetailsStep code={actionData.code} shops={actionData.shops} lastResult={actionData.result} />
      ) : (
        <CodeStep lastResult={actionData?.result ?? undefined} />
      )}
    </section>
  )
}

function CodeStep({ lastResult }: { lastResult?: SubmissionResult<string[]> | null }) {
  const { t } = useT()
  const navigation = useNavigation()
  const [form, fields] = useForm({
    id: 'join-code',
    lastResult,
    constraint: getZodConstraint(JoinCodeInput),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: JoinCodeInput }),
    ...validationTiming,
  })
  return (
    <Form method="post" {...getFormProps(form)} className="card">
      <p className="muted">{t('sarm.join.intro')}</p>
      <input type="hidden" name="intent" value="code" />
      <Field meta={fields.code} label={t('sarm.join.code')} autoComplete="off" autoFocus />
      <FormErrors id={form.errorId} errors={form.errors} />
      <button type="submit" className="primary" disabled={navigation.state === 'submitting'}>
        {t('sarm.join.next')}
      </button>
    </Form>
  )
}

function DetailsStep({ code, shops, lastResult }: { code: string; shops: Shop[]; lastResult?: SubmissionResult<string[]> | null }) {
  const { t, locale } = useT()
  const navigation = useNavigation()
  const [form, fields] = useForm({
    id: 'join',
    lastResult,
    constraint: getZodConstraint(JoinInput),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: JoinInput }),
    ...validationTiming,
  })
  return (
    <Form method="post" {...getFormProps(form)} className="card">
      <input type="hidden" name="intent" value="register" />
      <input type="hidden" name="code" value={code} />
      <div className="field">
        <label htmlFor={fields.shopId.id}>{t('sarm.join.shop')}</label>
        <select
          id={fields.shopId.id}
          name={fields.shopId.name}
          defaultValue={fields.shopId.initialValue ?? ''}
          aria-describedby={fields.shopId.errorId}
        >
          <option value="">{t('sarm.join.chooseShop')}</option>
          {shops.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name} — {s.address}
            </option>
          ))}
        </select>
        <ErrorList id={fields.shopId.errorId} errors={fields.shopId.errors} />
      </div>
      <Field meta={fields.displayName} label={t('sarm.join.name')} autoComplete="name" />
      <Field meta={fields.email} label={t('sarm.join.email')} type="email" autoComplete="email" />
      <Field meta={fields.phone} label={t('sarm.join.phone')} inputMode="tel" autoComplete="tel" />
      <Field meta={fields.password} label={t('sarm.join.password')} type="password" autoComplete="new-password" hint={t('sarm.join.passwordHint')} />
      <div className="field">
        <p className="sarm-consent-text">{consentTexts.processing[locale]}</p>
        <label className="field-checkbox">
          <input type="checkbox" name={fields.consent.name} aria-describedby={fields.consent.errorId} /> {t('sarm.join.consent')}
        </label>
        <ErrorList id={fields.consent.errorId} errors={fields.consent.errors} />
      </div>
      <FormErrors id={form.errorId} errors={form.errors} />
      <button type="submit" className="primary" disabled={navigation.state === 'submitting'}>
        {t('sarm.join.submit')}
      </button>
    </Form>
  )
}
