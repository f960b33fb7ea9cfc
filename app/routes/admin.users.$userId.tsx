import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { CheckboxField, Field, FormErrors, Notice, SelectField, validationTiming } from '../components/forms'
import { useT } from '../i18n/react'
import type { Actor } from '../modules/audit/mutations.server'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import type { AnyScope } from '../modules/auth/scope.server'
import { revokeAllSessionsOfUser, updateUser } from '../modules/auth/mutations.server'
import { MembershipCells } from '../modules/tenancy/components/member-role-cells'
import { addMembership, changeMemberRole, removeMember, type MutationResult } from '../modules/tenancy/mutations.server'
import { getUser, listOrganisationOptions } from '../modules/tenancy/queries.server'
import { organisationKinds, rolesByKind } from '../modules/tenancy/roles'
import { AddMembershipByOrgSchema, RemoveMemberByOrgSchema, UpdateUserSchema } from '../modules/tenancy/schemas'
import { invariantResponse, parseForm, readFormData, uuidParam } from '../utils/http.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requirePermission(request, 'read:user:any')
  const user = await getUser({ scope, userId: uuidParam(params.userId) })
  invariantResponse(user, 'error.notFound.title', { status: 404 })
  return json({ user, organisations: await listOrganisationOptions({ scope }) })
}

const schemas = {
  save: UpdateUserSchema,
  'add-membership': AddMembershipByOrgSchema,
  'change-role': AddMembershipByOrgSchema,
  'remove-membership': RemoveMemberByOrgSchema,
  'revoke-sessions': z.object({}),
} as const
type Intent = keyof typeof schemas

/** The intent's module call; revoking sessions also says how many ended. */
async function perform(
  intent: Intent,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the value is the intent's schema output (parsed above)
  v: any,
  { scope, userId, actor }: { scope: AnyScope; userId: string; actor: Actor },
): Promise<{ result: MutationResult; ended: number }> {
  if (intent === 'save') return { result: await updateUser({ scope, userId, data: v, actor }), ended: 0 }
  if (intent === 'add-membership')
    return { result: await addMembership({ scope, orgId: v.orgId, user: { id: userId }, role: v.role, actor }), ended: 0 }
  if (intent === 'change-role') return { result: await changeMemberRole({ scope, orgId: v.orgId, userId, role: v.role, actor }), ended: 0 }
  if (intent === 'remove-membership') return { result: await removeMember({ scope, orgId: v.orgId, userId, actor }), ended: 0 }
  return { result: { ok: true }, ended: await revokeAllSessionsOfUser({ userId, actor }) }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const formData = await readFormData(request)
  const intent = String(formData.get('intent')) as Intent
  // Permission first, whatever the body says: an unknown intent needs the strictest permission to learn it is unknown.
  const permission =
    intent === 'revoke-sessions' ? 'delete:session:any' : intent === 'save' || !(intent in schemas) ? 'manage:user:any' : 'manage:membership:any'
  const auth = await requirePermission(request, permission)
  if (!(intent in schemas)) return json({ intent: null, result: null, ok: false, ended: 0 }, { status: 400 })
  const userId = uuidParam(params.userId)
  const submission = parseForm(formData, { schema: schemas[intent] as z.ZodTypeAny })
  if (submission.status !== 'success') return json({ intent, result: submission.reply(), ok: false, ended: 0 }, { status: 400 })
  const { result, ended } = await perform(intent, submission.value, { scope: auth.scope, userId, actor: actorOf(auth, context.clientIp) })
  if (!result.ok) {
    invariantResponse(result.status !== 404, 'error.notFound.title', { status: 404 })
    const reply = submission.reply(result.field ? { fieldErrors: { [result.field]: [result.message] } } : { formErrors: [result.message] })
    return json({ intent, result: reply, ok: false, ended: 0 }, { status: 400 })
  }
  return json({ intent, result: submission.reply({ resetForm: intent !== 'save' }), ok: true, ended })
}

export default function UserPage() {
  const { user, organisations } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useT()
  const [form, fields] = useForm({
    id: 'user',
    constraint: getZodConstraint(UpdateUserSchema),
    defaultValue: { displayName: user.displayName, locale: user.locale, disabled: user.disabledAt ? 'on' : undefined },
    lastResult: actionData?.intent === 'save' ? actionData.result : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: UpdateUserSchema }),
    ...validationTiming,
  })
  const memberOf = new Set(user.memberships.map((m) => m.orgId))
  const listErrors = actionData && !actionData.ok && actionData.intent !== 'save' ? Object.values(actionData.result?.error ?? {}).flat() : null
  return (
    <section aria-labelledby="user-title">
      <p>
        <Link to="/admin/users">← {t('nav.users')}</Link>
      </p>
      <h1 id="user-title">{user.displayName}</h1>
      <p className="muted">{user.email}</p>
      {actionData?.ok ? (
        <Notice tone="success">
          {actionData.intent === 'revoke-sessions' ? t('account.sessions.ended', { count: actionData.ended }) : t('common.saved')}
        </Notice>
      ) : null}
      <h2>{t('admin.user.profile')}</h2>
      <Form method="post" {...getFormProps(form)} className="narrow">
        <input type="hidden" name="intent" value="save" />
        <Field meta={fields.displayName} label={t('admin.user.name')} />
        <SelectField
          meta={fields.locale}
          label={t('admin.user.language')}
          options={[
            { value: 'ru', label: 'Русский' },
            { value: 'en', label: 'English' },
          ]}
        />
        <CheckboxField meta={fields.disabled} label={t('admin.user.disableLabel')} />
        <FormErrors id={form.errorId} errors={form.errors} />
        <button type="submit" className="primary">
          {t('common.save')}
        </button>
      </Form>

      <h2>{t('admin.user.memberships')}</h2>
      <table className="data-table cards">
        <thead>
          <tr>
            <th scope="col">{t('admin.user.organisation')}</th>
            <th scope="col">{t('admin.user.role')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('common.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {user.memberships.map((m) => (
            <tr key={m.orgId}>
              <td data-label={t('admin.user.organisation')}>
                <Link to={`/admin/organisations/${m.orgId}`}>{m.shortName}</Link> <span className="muted small">{t(`kind.${m.kind}`)}</span>
                {m.pending ? <span className="badge badge-pending">{t('org.users.statusInvited')}</span> : null}
              </td>
              <MembershipCells
                field="orgId"
                id={m.orgId}
                role={m.role}
                roleOptions={rolesByKind[m.kind].map((r) => ({ value: r, label: t(`role.${r}`) }))}
                editable
                roleLabel={t('admin.user.roleIn', { org: m.shortName })}
                removeLabel={t('admin.user.removeFrom', { org: m.shortName })}
                removeIntent="remove-membership"
              />
            </tr>
          ))}
        </tbody>
      </table>
      {user.memberships.length === 0 ? <p>{t('admin.user.noMemberships')}</p> : null}
      <FormErrors errors={listErrors} />
      <h3>{t('admin.user.addMembership')}</h3>
      <Form method="post" className="toolbar">
        <input type="hidden" name="intent" value="add-membership" />
        <div className="field">
          <label htmlFor="add-org">{t('admin.user.organisation')}</label>
          <select id="add-org" name="orgId" required>
            {organisations
              .filter((o) => !memberOf.has(o.id))
              .map((o) => (
                <option key={o.id} value={o.id}>
                  {o.shortName} · {t(`kind.${o.kind}`)}
                </option>
              ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="add-role">{t('admin.user.role')}</label>
          <select id="add-role" name="role" required>
            {organisationKinds.map((kind) => (
              <optgroup key={kind} label={t(`kind.${kind}`)}>
                {rolesByKind[kind].map((r) => (
                  <option key={r} value={r}>
                    {t(`role.${r}`)}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </div>
        <button type="submit">{t('admin.user.addMembership')}</button>
      </Form>

      <h2>{t('account.sessions.title')}</h2>
      <Form method="post">
        <input type="hidden" name="intent" value="revoke-sessions" />
        <button type="submit" className="danger">
          {t('admin.user.revokeSessions')}
        </button>
      </Form>
    </section>
  )
}
