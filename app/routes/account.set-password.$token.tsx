import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { Field, FormErrors, validationTiming } from '../components/forms'
import { useT } from '../i18n/react'
import { setPasswordByLink } from '../modules/auth/mutations.server'
import { getPasswordSetup } from '../modules/auth/queries.server'
import { SetPasswordSchema } from '../modules/auth/schemas'
import { invariantResponse, parseForm, readFormData } from '../utils/http.server'

// A one-time password set-up link (issue 13): public, works once and expires. The person then signs in as usual
// (the sign-in page), so a leaked link never carries a session by itself.
export async function loader({ params }: LoaderFunctionArgs) {
  const setup = await getPasswordSetup({ token: params.token ?? '' })
  invariantResponse(setup)
  return json({ email: setup.email })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const submission = parseForm(await readFormData(request), { schema: SetPasswordSchema })
  invariantResponse(await getPasswordSetup({ token: params.token ?? '' }))
  if (submission.status !== 'success') return json({ result: submission.reply({ hideFields: ['newPassword', 'confirmPassword'] }) }, { status: 400 })
  const result = await setPasswordByLink({ token: params.token ?? '', newPassword: submission.value.newPassword, ip: context.clientIp })
  invariantResponse(result.ok)
  return redirect(`/login?passwordSet=1`)
}

export default function SetPasswordPage() {
  const { email } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useT()
  const [form, fields] = useForm({
    id: 'set-password',
    constraint: getZodConstraint(SetPasswordSchema),
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SetPasswordSchema }),
    ...validationTiming,
  })
  return (
    <div className="auth-page">
      <section className="card auth-card" aria-labelledby="set-password-title">
        <h1 id="set-password-title">{t('setPassword.title')}</h1>
        <p className="muted">{t('setPassword.for', { email })}</p>
        <Form method="post" {...getFormProps(form)}>
          <Field meta={fields.newPassword} label={t('setPassword.new')} type="password" autoComplete="new-password" />
          <Field meta={fields.confirmPassword} label={t('setPassword.confirm')} type="password" autoComplete="new-password" />
          <FormErrors id={form.errorId} errors={form.errors} />
          <button type="submit" className="primary">
            {t('setPassword.submit')}
          </button>
        </Form>
      </section>
    </div>
  )
}
