import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { Field, FormErrors, Notice, SelectField, validationTiming } from '../components/forms'
import { useT } from '../i18n/react'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import { can } from '../modules/auth/permissions'
import { MembershipCells } from '../modules/tenancy/components/member-role-cells'
import {
  addMembership,
  changeMemberRole,
  removeMember,
  setOrganisationDisabled,
  updateOrganisation,
  type MutationResult,
} from '../modules/tenancy/mutations.server'
import { getOrganisation, listOrganisationMembers } from '../modules/tenancy/queries.server'
import { rolesByKind } from '../modules/tenancy/roles'
import { OrganisationForm } from '../modules/tenancy/components/organisation-form'
import {
  AddMembershipSchema,
  ChangeRoleSchema,
  OrganisationSchema,
  RemoveMemberSchema,
  SetOrganisationDisabledSchema,
} from '../modules/tenancy/schemas'
import { invariantResponse, parseForm, readFormData, uuidParam } from '../utils/http.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'read:organisation:any')
  const orgId = uuidParam(params.orgId)
  const org = await getOrganisation({ scope: auth.scope, orgId })
  invariantResponse(org, 'error.notFound.title', { status: 404 })
  const members = await listOrganisationMembers({ scope: auth.scope, orgId })
  return json({
    org,
    members,
    canManage: can(auth.permissions, 'manage:organisation:any'),
    canManageMembers: can(auth.permissions, 'manage:membership:any'),
  })
}

const schemas = {
  save: OrganisationSchema,
  'set-disabled': SetOrganisationDisabledSchema,
  'add-member': AddMembershipSchema,
  'change-role': ChangeRoleSchema,
  'remove-member': RemoveMemberSchema,
} as const
type Intent = keyof typeof schemas

export async function action({ request, params, context }: ActionFunctionArgs) {
  const formData = await readFormData(request)
  const intent = String(formData.get('intent')) as Intent
  // Permission first, whatever the body says: an unknown intent needs the strictest permission to learn it is unknown.
  const auth = await requirePermission(
    request,
    intent === 'save' || intent === 'set-disabled' || !(intent in schemas) ? 'manage:organisation:any' : 'manage:membership:any',
  )
  if (!(intent in schemas)) return json({ intent: null, result: null, ok: false }, { status: 400 })
  const orgId = uuidParam(params.orgId)
  const submission = parseForm(formData, { schema: schemas[intent] as z.ZodTypeAny })
  if (submission.status !== 'success') return json({ intent, result: submission.reply(), ok: false }, { status: 400 })
  const target = { scope: auth.scope, orgId, actor: actorOf(auth, context.clientIp) }
  const v = submission.value
  let result: MutationResult
  if (intent === 'save') result = await updateOrganisation({ ...target, data: v })
  else if (intent === 'set-disabled') result = await setOrganisationDisabled({ ...target, disabled: v.disabled })
  else if (intent === 'add-member') result = await addMembership({ ...target, user: { email: v.email }, role: v.role })
  else if (intent === 'change-role') result = await changeMemberRole({ ...target, userId: v.userId, role: v.role })
  else result = await removeMember({ ...target, userId: v.userId })
  if (!result.ok) {
    invariantResponse(result.status !== 404, 'error.notFound.title', { status: 404 })
    const reply = submission.reply(result.field ? { fieldErrors: { [result.field]: [result.message] } } : { formErrors: [result.message] })
    return json({ intent, result: reply, ok: false }, { status: 400 })
  }
  return json({ intent, result: submission.reply({ resetForm: intent !== 'save' }), ok: true })
}

export default function OrganisationPage() {
  const { org, members, canManage, canManageMembers } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useT()
  const roleOptions = rolesByKind[org.kind].map((r) => ({ value: r, label: t(`role.${r}`) }))
  return (
    <section aria-labelledby="org-title">
      <p>
        <Link to="/admin/organisations">← {t('nav.organisations')}</Link>
      </p>
      <h1 id="org-title">{org.shortName}</h1>
      <p className="muted">
        {org.legalName} · {t(`kind.${org.kind}`)} ·{' '}
        <span className={`badge badge-${org.verificationStatus}`}>{t(`status.${org.verificationStatus}`)}</span>
        {org.disabledAt ? <span className="badge badge-rejected">{t('admin.org.disabled')}</span> : null}
      </p>
      {actionData?.ok ? <Notice tone="success">{t('common.saved')}</Notice> : null}
      {canManage ? (
        <>
          <h2>{t('admin.org.details')}</h2>
          <OrganisationForm
            defaultValue={{ ...org, inn: org.inn ?? '', kpp: org.kpp ?? '', vatId: org.vatId ?? '' }}
            lastResult={actionData?.intent === 'save' ? actionData.result : undefined}
            submitLabel={t('common.save')}
          />
          {org.kind === 'operator' && !org.disabledAt ? null : (
            <>
              <h2>{t('admin.org.access')}</h2>
              <p className="muted">{t('admin.org.disableHint')}</p>
              <Form method="post">
                <input type="hidden" name="intent" value="set-disabled" />
                <input type="hidden" name="disabled" value={org.disabledAt ? 'false' : 'true'} />
                <button type="submit">{t(org.disabledAt ? 'admin.org.enable' : 'admin.org.disable')}</button>
              </Form>
            </>
          )}
        </>
      ) : null}
      <h2>{t('admin.org.members')}</h2>
      <table className="data-table cards">
        <thead>
          <tr>
            <th scope="col">{t('admin.user.name')}</th>
            <th scope="col">{t('login.email')}</th>
            <th scope="col">{t('admin.user.role')}</th>
            {canManageMembers ? (
              <th scope="col">
                <span className="visually-hidden">{t('common.actions')}</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.userId}>
              <td data-label={t('admin.user.name')}>
                <Link to={`/admin/users/${m.userId}`}>{m.displayName}</Link>
                {m.status === 'invited' ? <span className="badge badge-pending">{t('org.users.statusInvited')}</span> : null}
                {m.disabledAt ? <span className="badge badge-rejected">{t('admin.user.disabled')}</span> : null}
              </td>
              <td data-label={t('login.email')}>{m.email}</td>
              <MembershipCells
                field="userId"
                id={m.userId}
                role={m.role}
                roleOptions={roleOptions}
                editable={canManageMembers}
                roleLabel={t('admin.user.roleOf', { name: m.displayName })}
                removeLabel={t('admin.user.removeMember', { name: m.displayName })}
                removeIntent="remove-member"
              />
            </tr>
          ))}
        </tbody>
      </table>
      {members.length === 0 ? <p>{t('admin.org.noMembers')}</p> : null}
      {actionData && !actionData.ok && actionData.intent && actionData.intent !== 'save' && actionData.intent !== 'add-member' ? (
        <FormErrors errors={Object.values(actionData.result?.error ?? {}).flat()} />
      ) : null}
      {canManageMembers ? (
        <AddMemberForm roleOptions={roleOptions} lastResult={actionData?.intent === 'add-member' ? actionData.result : undefined} />
      ) : null}
    </section>
  )
}

function AddMemberForm({
  roleOptions,
  lastResult,
}: {
  roleOptions: { value: string; label: string }[]
  lastResult?: SubmissionResult<string[]> | null
}) {
  const { t } = useT()
  const [form, fields] = useForm({
    id: 'add-member',
    constraint: getZodConstraint(AddMembershipSchema),
    defaultValue: { role: roleOptions[0]?.value },
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AddMembershipSchema }),
    ...validationTiming,
  })
  return (
    <>
      <h2>{t('admin.org.addMember')}</h2>
      <Form method="post" {...getFormProps(form)} className="toolbar">
        <input type="hidden" name="intent" value="add-member" />
        <Field meta={fields.email} label={t('login.email')} type="email" hint={t('admin.org.addMemberHint')} />
        <SelectField meta={fields.role} label={t('admin.user.role')} options={roleOptions} />
        <button type="submit">{t('admin.org.addMember')}</button>
        <FormErrors id={form.errorId} errors={form.errors} />
      </Form>
    </>
  )
}
