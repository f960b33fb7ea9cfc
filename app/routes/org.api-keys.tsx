import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useState } from 'react'
import { z } from 'zod'
import { ConfirmButton } from '../components/confirm-button'
import { Field, FormErrors, Notice, validationTiming } from '../components/forms'
import { useT } from '../i18n/react'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import { createApiKey, revokeApiKey } from '../modules/auth/mutations.server'
import { listApiKeys } from '../modules/auth/queries.server'
import { apiKeyScopes, CreateApiKeySchema } from '../modules/auth/schemas'
import { CheckboxGroup } from '../modules/edi/components/checkbox-group'
import { Time } from '../modules/edi/components/edi-bits'
import { invariantResponse, parseForm, readFormData } from '../utils/http.server'

// The key account's admin issues API keys for its ERP (issue 12, "Keys"). The token is in the one answer to the
// creating POST and nowhere else: the database keeps its hash, the list shows names and use, never a token.
export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'manage:api_key:org')
  return json({ keys: await listApiKeys({ scope: auth.scope }) })
}

const KeysIntent = z.discriminatedUnion('intent', [
  CreateApiKeySchema.extend({ intent: z.literal('create') }),
  z.object({ intent: z.literal('revoke'), keyId: z.string().regex(/^[a-z2-7]{16}$/) }),
])

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'manage:api_key:org')
  const submission = parseForm(await readFormData(request), { schema: KeysIntent })
  if (submission.status !== 'success') return json({ result: submission.reply(), created: null, revoked: false }, { status: 400 })
  const actor = actorOf(auth, context.clientIp)
  const v = submission.value
  if (v.intent === 'revoke') {
    invariantResponse(await revokeApiKey({ scope: auth.scope, actor, keyId: v.keyId }), 'error.notFound.title', { status: 404 })
    return json({ result: submission.reply(), created: null, revoked: true })
  }
  const { intent: _, ...input } = v
  const { id, token } = await createApiKey({ scope: auth.scope, actor, input })
  // The only response that carries the token; caching it anywhere would defeat "shown once".
  return json(
    { result: submission.reply({ resetForm: true }), created: { id, name: input.name, token }, revoked: false },
    { headers: { 'Cache-Control': 'no-store' } },
  )
}

type ActionData = { result: SubmissionResult<string[]>; created: { id: string; name: string; token: string } | null; revoked: boolean } | undefined

export default function ApiKeysPage() {
  const { keys } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionData
  const { t } = useT()
  const [form, fields] = useForm({
    id: 'new-key',
    constraint: getZodConstraint(CreateApiKeySchema),
    lastResult: actionData?.created ? undefined : actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CreateApiKeySchema }),
    ...validationTiming,
  })
  const now = Date.now()
  const statusOf = (k: (typeof keys)[number]) =>
    k.revokedAt ? 'revoked' : k.expiresAt && new Date(k.expiresAt).getTime() <= now ? 'expired' : ('active' as const)
  return (
    <section aria-labelledby="keys-title" className="edi-page">
      <h1 id="keys-title">{t('apiKeys.title')}</h1>
      <p className="muted">{t('apiKeys.intro')}</p>
      {actionData?.created ? <NewToken name={actionData.created.name} token={actionData.created.token} /> : null}
      {actionData?.revoked ? <Notice tone="success">{t('apiKeys.revoked')}</Notice> : null}
      {keys.length ? (
        <table className="data-table cards">
          <thead>
            <tr>
              <th scope="col">{t('apiKeys.name')}</th>
              <th scope="col">{t('apiKeys.scopes')}</th>
              <th scope="col">{t('apiKeys.created')}</th>
              <th scope="col">{t('apiKeys.expires')}</th>
              <th scope="col">{t('apiKeys.lastUsed')}</th>
              <th scope="col">{t('apiKeys.status')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('common.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => {
              const status = statusOf(k)
              return (
                <tr key={k.id} data-key-id={k.id}>
                  <td data-label={t('apiKeys.name')}>
                    {/* A name is the account's own text: an RTL mark in it must not reorder the cells after it. */}
                    <bdi>{k.name}</bdi>
                  </td>
                  <td data-label={t('apiKeys.scopes')}>{k.scopes.map((s) => t(`apiKeys.scope.${s as (typeof apiKeyScopes)[number]}`)).join(', ')}</td>
                  <td data-label={t('apiKeys.created')}>
                    <Time value={k.createdAt} /> · {k.createdBy}
                  </td>
                  <td data-label={t('apiKeys.expires')}>{k.expiresAt ? <Time value={k.expiresAt} /> : t('apiKeys.never')}</td>
                  <td data-label={t('apiKeys.lastUsed')}>
                    {k.lastUsedAt ? (
                      <>
                        <Time value={k.lastUsedAt} />
                        {k.lastUsedIp ? ` · ${k.lastUsedIp}` : ''}
                      </>
                    ) : (
                      t('apiKeys.neverUsed')
                    )}
                  </td>
                  <td data-label={t('apiKeys.status')}>
                    <span className={`badge ${status === 'active' ? 'badge-verified' : 'badge-rejected'}`}>{t(`apiKeys.status.${status}`)}</span>
                  </td>
                  <td>
                    {status === 'active' ? (
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="keyId" value={k.id} />
                        <ConfirmButton
                          name="intent"
                          value="revoke"
                          className="danger"
                          title={t('apiKeys.revokeTitle', { name: k.name })}
                          consequence={t('apiKeys.revokeConsequence')}
                          aria-label={t('apiKeys.revokeNamed', { name: k.name })}
                        >
                          {t('apiKeys.revoke')}
                        </ConfirmButton>
                      </Form>
                    ) : null}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      ) : (
        <p className="muted">{t('apiKeys.none')}</p>
      )}
      <h2 id="new-key-title">{t('apiKeys.new')}</h2>
      <Form method="post" {...getFormProps(form)} aria-labelledby="new-key-title" className="narrow">
        <input type="hidden" name="intent" value="create" />
        <Field meta={fields.name} label={t('apiKeys.name')} hint={t('apiKeys.nameHint')} />
        <CheckboxGroup
          meta={fields.scopes}
          legend={t('apiKeys.scopes')}
          options={apiKeyScopes.map((s) => ({ value: s, label: t(`apiKeys.scope.${s}`) }))}
        />
        <Field meta={fields.expiresOn} label={t('apiKeys.expiresOn')} type="date" hint={t('apiKeys.expiresHint')} />
        <FormErrors id={form.errorId} errors={form.errors} />
        <button type="submit" className="primary">
          {t('apiKeys.create')}
        </button>
      </Form>
    </section>
  )
}

/** The new token, once: a read-only field to select, a copy button, and the warning that it will not be shown again. */
function NewToken({ name, token }: { name: string; token: string }) {
  const { t } = useT()
  const [copied, setCopied] = useState(false)
  return (
    <div className="card notice notice-warning" role="alert" aria-labelledby="token-title">
      <h2 id="token-title">{t('apiKeys.tokenTitle', { name })}</h2>
      <p>{t('apiKeys.tokenOnce')}</p>
      <div className="field">
        <label htmlFor="new-token">{t('apiKeys.token')}</label>
        <input id="new-token" readOnly value={token} onFocus={(e) => e.currentTarget.select()} spellCheck={false} autoComplete="off" />
      </div>
      <button
        type="button"
        onClick={() => {
          void navigator.clipboard?.writeText(token).then(() => setCopied(true))
        }}
      >
        {t('apiKeys.copy')}
      </button>
      <span aria-live="polite">{copied ? ` ${t('apiKeys.copied')}` : ''}</span>
    </div>
  )
}
