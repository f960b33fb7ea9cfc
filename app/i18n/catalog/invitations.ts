// Organisation invitations: an organisation admin's "new member" is an invitation the person accepts on signing in.
export const invitations = {
  'invitation.title': { ru: 'Приглашения в организации', en: 'Invitations to organisations' },
  'invitation.text': {
    ru: '«{org}» приглашает вас на роль «{role}». Пригласил(а): {inviter}.',
    en: '{org} invites you as {role}. Invited by {inviter}.',
  },
  'invitation.textNoInviter': { ru: '«{org}» приглашает вас на роль «{role}».', en: '{org} invites you as {role}.' },
  'invitation.hint': {
    ru: 'Пока вы не примете приглашение, вы не видите данных этой организации и не действуете от её имени.',
    en: 'Until you accept, you see none of this organisation’s data and cannot act for it.',
  },
  'invitation.accept': { ru: 'Принять', en: 'Accept' },
  'invitation.decline': { ru: 'Отклонить', en: 'Decline' },
  'invitation.acceptOf': { ru: 'Принять приглашение «{org}»', en: 'Accept the invitation from {org}' },
  'invitation.declineOf': { ru: 'Отклонить приглашение «{org}»', en: 'Decline the invitation from {org}' },
  'invitation.none': { ru: 'Новых приглашений нет.', en: 'You have no open invitations.' },
  'home.noOrg.invited': { ru: 'Примите приглашение организации, чтобы начать работу.', en: 'Accept an organisation’s invitation to start working.' },
  'org.users.invite': { ru: 'Пригласить', en: 'Invite' },
  'org.users.inviteHint': {
    ru: 'Сотрудник увидит приглашение при входе и станет членом организации, когда примет его. Начальный пароль нужен для входа, если у сотрудника ещё нет учётной записи на портале.',
    en: 'They see the invitation when they sign in and join once they accept it. The initial password is for signing in if they have no account on the portal yet.',
  },
  'org.users.invited': {
    ru: 'Приглашение отправлено. Сотрудник появится в организации, когда примет его при входе.',
    en: 'Invitation sent. The person joins once they accept it on signing in.',
  },
  'org.users.statusInvited': { ru: 'приглашён, ещё не принял', en: 'invited, not yet accepted' },
  'audit.action.membership.invited': { ru: 'Приглашение в организацию', en: 'Invited to an organisation' },
  'audit.action.membership.accepted': { ru: 'Приглашение принято', en: 'Invitation accepted' },
  'audit.action.membership.declined': { ru: 'Приглашение отклонено', en: 'Invitation declined' },
} as const
