import { Form } from '@remix-run/react'
import type { MessageKey } from '../../../i18n'
import { useT } from '../../../i18n/react'

/** Role cell and its actions (change role, remove), shared by the operator's and the organisation's member lists. */
export function MemberRoleCells({
  member,
  roleOptions,
  editable,
}: {
  member: { userId: string; role: string; displayName: string }
  roleOptions: { value: string; label: string }[]
  editable: boolean
}) {
  const { t } = useT()
  if (!editable) return <td>{t(`role.${member.role}` as MessageKey)}</td>
  const selectId = `role-${member.userId}`
  return (
    <>
      <td>
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="change-role" />
          <input type="hidden" name="userId" value={member.userId} />
          <label htmlFor={selectId} className="visually-hidden">
            {t('admin.user.roleOf', { name: member.displayName })}
          </label>
          <select id={selectId} name="role" defaultValue={member.role} key={member.role}>
            {roleOptions.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
          <button type="submit">{t('admin.user.changeRole')}</button>
        </Form>
      </td>
      <td>
        <Form method="post">
          <input type="hidden" name="intent" value="remove-member" />
          <input type="hidden" name="userId" value={member.userId} />
          <button type="submit" className="danger" aria-label={t('admin.user.removeMember', { name: member.displayName })}>
            {t('common.remove')}
          </button>
        </Form>
      </td>
    </>
  )
}
