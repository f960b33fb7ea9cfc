import { Form } from '@remix-run/react'
import { useT } from '../../../i18n/react'
import type { Role } from '../roles'

/**
 * The role cell of a membership row and its remove button, shared by every membership list: an organisation's
 * members (keyed by userId) and a user's organisations (keyed by orgId).
 */
export function MembershipCells({
  field,
  id,
  role,
  roleOptions,
  editable,
  roleLabel,
  removeLabel,
  removeIntent,
}: {
  field: 'userId' | 'orgId'
  id: string
  role: Role
  roleOptions: { value: string; label: string }[]
  editable: boolean
  roleLabel: string
  removeLabel: string
  removeIntent: 'remove-member' | 'remove-membership'
}) {
  const { t } = useT()
  if (!editable) return <td data-label={t('admin.user.role')}>{t(`role.${role}`)}</td>
  const selectId = `role-${id}`
  return (
    <>
      <td data-label={t('admin.user.role')}>
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="change-role" />
          <input type="hidden" name={field} value={id} />
          <label htmlFor={selectId} className="visually-hidden">
            {roleLabel}
          </label>
          <select id={selectId} name="role" defaultValue={role} key={role}>
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
          <input type="hidden" name="intent" value={removeIntent} />
          <input type="hidden" name={field} value={id} />
          <button type="submit" className="danger" aria-label={removeLabel}>
            {t('common.remove')}
          </button>
        </Form>
      </td>
    </>
  )
}
