import { Form } from '@remix-run/react'
import { useT } from '../../../i18n/react'
import type { Role } from '../roles'

export interface InvitationItem {
  orgId: string
  shortName: string
  role: Role
  invitedByName: string | null
}

/** The signed-in person's open invitations, each with Accept and Decline (posted to /account/invitations). */
export function InvitationList({ invitations }: { invitations: InvitationItem[] }) {
  const { t } = useT()
  return (
    <ul className="invitation-list">
      {invitations.map((i) => {
        const role = t(`role.${i.role}`)
        return (
          <li key={i.orgId}>
            <p>
              {i.invitedByName
                ? t('invitation.text', { org: i.shortName, role, inviter: i.invitedByName })
                : t('invitation.textNoInviter', { org: i.shortName, role })}
            </p>
            <Form method="post" action="/account/invitations" className="inline-form">
              <input type="hidden" name="orgId" value={i.orgId} />
              <button type="submit" name="intent" value="accept" className="primary" aria-label={t('invitation.acceptOf', { org: i.shortName })}>
                {t('invitation.accept')}
              </button>{' '}
              <button type="submit" name="intent" value="decline" aria-label={t('invitation.declineOf', { org: i.shortName })}>
                {t('invitation.decline')}
              </button>
            </Form>
          </li>
        )
      })}
    </ul>
  )
}
