import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { useEffect } from 'react'
import { DEMO_PASSWORD, demoLogins } from '../../db/demo-data'
import { Field, FormErrors, Notice, validationTiming } from '../components/forms'
import { env } from '../env.server'
import { translate, type MessageKey } from '../i18n'
import { useT } from '../i18n/react'
import { getAuth, requireAnonymous } from '../modules/auth/guards.server'
import { deviceCookie, login, logout, sessionCookie } from '../modules/auth/mutations.server'
import { readDeviceToken } from '../modules/auth/queries.server'
import { LoginSchema } from '../modules/auth/schemas'
import { safeRedirectPath, readFormData, parseForm } from '../utils/http.server'

export const meta: MetaFunction = ({ matches }) => {
  const locale = (matches.find((m) => m.id === 'root')?.data as { locale?: 'ru' | 'en' } | undefined)?.locale ?? 'ru'
  return [{ title: translate(locale, 'login.title') }]
}

// A document POST takes its headers from here, not from the action's response: pass Retry-After through.
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const headers = new Headers()
  const retryAfter = actionHeaders.get('Retry-After')
  if (retryAfter) headers.set('Retry-After', retryAfter)
  return headers
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request)
  return json({
    demo: env.DEMO_MODE
      ? {
          password: DEMO_PASSWORD,
          logins: demoLogins.map((l) => ({
            email: l.email,
            displayName: l.displayName,
            roles: l.memberships.filter((m) => !m.invitedBy).map((m) => m.role),
          })),
        }
      : null,
  })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readFormData(request)
  const submission = parseForm(formData, { schema: LoginSchema })
  if (submission.status !== 'success') return json({ result: submission.reply({ hideFields: ['password'] }) }, { status: 400 })
  const previous = await getAuth(request)
  const result = await login({
    ...submission.value,
    ip: context.clientIp,
    userAgent: request.headers.get('user-agent'),
    deviceToken: readDeviceToken(request),
  })
  if (!result.ok) {
    const retry = result.reason === 'invalid' ? null : result.retryAfterSeconds
    const message: MessageKey = result.reason === 'throttled' ? 'login.throttled' : result.reason === 'busy' ? 'login.busy' : 'login.invalid'
    const status = result.reason === 'throttled' ? 429 : result.reason === 'busy' ? 503 : 401
    return json(
      { result: submission.reply({ formErrors: [message], hideFields: ['password'] }), retryMinutes: retry ? Math.ceil(retry / 60) : 0 },
      { status, headers: retry ? { 'Retry-After': String(retry) } : undefined },
    )
  }
  // A session the browser already had is ended, not carried over: the id always changes at sign-in.
  if (previous)
    await logout({ sessionId: previous.session.id, actor: { userId: previous.user.id, email: previous.user.email, ip: context.clientIp } })
  const headers = new Headers({ 'Set-Cookie': sessionCookie(result.token) })
  if (result.deviceToken) headers.append('Set-Cookie', deviceCookie(result.deviceToken))
  return redirect(safeRedirectPath(submission.value.redirectTo), { headers })
}

export default function LoginPage() {
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const navigation = useNavigation()
  const { t } = useT()
  const [form, fields] = useForm({
    id: 'login',
    constraint: getZodConstraint(LoginSchema),
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: LoginSchema }),
    ...validationTiming,
  })
  // A refused password is not kept for a second try: its field is emptied (the reply never echoes it, which covers
  // a page without JavaScript) and focused, while the e-mail stays as typed.
  const refused = !!actionData && 'retryMinutes' in actionData
  const passwordId = fields.password.id
  useEffect(() => {
    if (!refused) return
    const password = document.getElementById(passwordId)
    if (!(password instanceof HTMLInputElement)) return
    password.value = ''
    password.focus()
  }, [actionData, refused, passwordId])
  const formErrors = form.errors?.map((e) =>
    e === 'login.throttled'
      ? t('login.throttled', {
          minutes: Number(actionData && 'retryMinutes' in actionData ? actionData.retryMinutes : 1),
          count: Number(actionData && 'retryMinutes' in actionData ? actionData.retryMinutes : 1),
        })
      : e,
  )
  return (
    <div className="auth-page">
      <section className="card auth-card" aria-labelledby="login-title">
        <h1 id="login-title">{t('login.title')}</h1>
        <p className="muted">{t('login.subtitle')}</p>
        <Form method="post" {...getFormProps(form)}>
          <input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? ''} />
          <Field meta={fields.email} label={t('login.email')} type="email" autoComplete="username" autoFocus={!refused} />
          <Field meta={fields.password} label={t('login.password')} type="password" autoComplete="current-password" autoFocus={refused} />
          <FormErrors id={form.errorId} errors={formErrors} />
          <button type="submit" className="primary" disabled={navigation.state === 'submitting'}>
            {navigation.state === 'submitting' ? t('login.submitting') : t('login.submit')}
          </button>
        </Form>
        {searchParams.get('passwordSet') ? <Notice tone="success">{t('setPassword.done')}</Notice> : null}
        <p>
          <Link to="/partners/apply">{t('login.becomePartner')}</Link>
        </p>
        <p>
          <Link to="/join">{t('login.joinAsAssistant')}</Link>
        </p>
      </section>
      {data.demo ? (
        <section className="card demo-logins" aria-labelledby="demo-title">
          <h2 id="demo-title">{t('login.demo.title')}</h2>
          <p className="muted">{t('login.demo.text', { password: data.demo.password })}</p>
          <table>
            <caption className="visually-hidden">{t('login.demo.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('login.email')}</th>
                <th scope="col">{t('login.demo.role')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('login.demo.signIn')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.demo.logins.map((l) => (
                <tr key={l.email}>
                  <td>
                    <code>{l.email}</code>
                    <div className="muted small">{l.displayName}</div>
                  </td>
                  <td>{l.roles.map((r) => t(`role.${r}`)).join(', ')}</td>
                  <td>
                    <Form method="post">
                      <input type="hidden" name="email" value={l.email} />
                      <input type="hidden" name="password" value={data.demo!.password} />
                      <input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? ''} />
                      <button type="submit" aria-label={t('login.demo.signInAs', { email: l.email })}>
                        {t('login.demo.signIn')}
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </div>
  )
}
