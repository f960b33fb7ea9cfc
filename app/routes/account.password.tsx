import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData } from '@remix-run/react'
import { Field, FormErrors, Notice, validationTiming } from '../components/forms'
import { useT } from '../i18n/react'
import { actorOf, requireUser } from '../modules/auth/guards.server'
import { changePassword } from '../modules/auth/mutations.server'
import { ChangePasswordSchema } from '../modules/auth/schemas'
import { readFormData, parseForm } from '../utils/http.server'

const hidden = ['currentPassword', 'newPassword', 'confirmPassword']

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request)
  return json({})
}

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requireUser(request)
  const submission = parseForm(await readFormData(request), { schema: ChangePasswordSchema })
  if (submission.status !== 'success') return json({ result: submission.reply({ hideFields: hidden }), ended: null }, { status: 400 })
  const result = await changePassword({
    userId: auth.user.id,
    currentSessionId: auth.session.id,
    currentPassword: submission.value.currentPassword,
    newPassword: submission.value.newPassword,
    actor: actorOf(auth, context.clientIp),
  })
  if (!result.ok)
    return json(
      { result: submission.reply({ fieldErrors: { currentPassword: ['errors.wrongCurrentPassword'] }, hideFields: hidden }), ended: null },
      { status: 400 },
    )
  return json({ result: submission.reply({ resetForm: true }), ended: result.endedSessions })
}

export default function PasswordPage() {
  const actionData = useActionData<typeof action>()
  const { t } = useT()
  const [form, fields] = useForm({
    id: 'change-password',
    constraint: getZodConstraint(ChangePasswordSchema),
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ChangePasswordSchema }),
    ...validationTiming,
  })
  return (
    <section aria-labelledby="password-title" className="narrow">
      <h1 id="password-title">{t('account.password.title')}</h1>
      {actionData?.ended != null ? <Notice tone="success">{t('account.password.changed', { count: actionData.ended })}</Notice> : null}
      <Form method="post" {...getFormProps(form)}>
        <Field meta={fields.currentPassword} label={t('account.password.current')} type="password" autoComplete="current-password" />
        <Field
          meta={fields.newPassword}
          label={t('account.password.new')}
          type="password"
          autoComplete="new-password"
          hint={t('account.password.hint')}
        />
        <Field meta={fields.confirmPassword} label={t('account.password.confirm')} type="password" autoComplete="new-password" />
        <FormErrors id={form.errorId} errors={form.errors} />
        <button type="submit" className="primary">
          {t('account.password.submit')}
        </button>
      </Form>
    </section>
  )
}
