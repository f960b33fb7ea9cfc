import type { Entry } from '../index'

// The notification module's pages, and every notice's title and body (`notice.<kind>.title|body`). A module that
// notifies adds its kinds here, beside the others, so the inbox and the outbox stay in one catalog.
export const notifications = {
  'nav.inbox': { ru: 'Уведомления', en: 'Notifications' },
  'nav.inboxUnread': {
    ru: { one: '{count} непрочитанное', few: '{count} непрочитанных', many: '{count} непрочитанных', other: '{count} непрочитанного' },
    en: { one: '{count} unread', other: '{count} unread' },
  },
  'nav.deskMail': { ru: 'Исходящая почта', en: 'Outgoing mail' },
  'inbox.title': { ru: 'Уведомления', en: 'Notifications' },
  'inbox.unread': {
    ru: { one: '{count} непрочитанное', few: '{count} непрочитанных', many: '{count} непрочитанных', other: '{count} непрочитанного' },
    en: { one: '{count} unread', other: '{count} unread' },
  },
  'inbox.empty': { ru: 'Уведомлений пока нет.', en: 'No notifications yet.' },
  'inbox.markRead': { ru: 'Отметить прочитанным', en: 'Mark read' },
  'inbox.markAllRead': { ru: 'Отметить все прочитанными', en: 'Mark all read' },
  'inbox.open': { ru: 'Открыть', en: 'Open' },
  'inbox.new': { ru: 'Новое', en: 'New' },
  'inbox.filter.all': { ru: 'Все', en: 'All' },
  'inbox.filter.unread': { ru: 'Непрочитанные', en: 'Unread' },
  'inbox.received': { ru: 'Получено', en: 'Received' },
  'inbox.markedAll': { ru: 'Все уведомления отмечены прочитанными.', en: 'All notifications are marked read.' },
  'mail.title': { ru: 'Исходящая почта', en: 'Outgoing mail' },
  'mail.noServer': {
    ru: 'Почтовый сервер не настроен (SMTP_URL), поэтому письма не отправляются: они ждут здесь. Ссылки в них действуют — передайте их адресатам.',
    en: 'No mail server is configured (SMTP_URL), so nothing is sent: the mail waits here. The links in it work; pass them on to the recipients.',
  },
  'mail.viaSmtp': { ru: 'Письма отправляются через SMTP.', en: 'Mail is sent through SMTP.' },
  'mail.empty': { ru: 'Писем нет.', en: 'No mail.' },
  'mail.to': { ru: 'Кому', en: 'To' },
  'mail.subject': { ru: 'Тема', en: 'Subject' },
  'mail.queuedAt': { ru: 'Поставлено', en: 'Queued' },
  'mail.status': { ru: 'Состояние', en: 'Status' },
  'mail.status.pending': { ru: 'Ожидает отправки', en: 'Waiting' },
  'mail.status.sent': { ru: 'Отправлено', en: 'Sent' },
  'mail.status.failed': { ru: 'Не отправлено', en: 'Failed' },
  'mail.attempts': {
    ru: { one: '{count} попытка', few: '{count} попытки', many: '{count} попыток', other: '{count} попытки' },
    en: { one: '{count} attempt', other: '{count} attempts' },
  },
  'mail.search': { ru: 'Адрес или тема', en: 'Address or subject' },
  'mail.show': { ru: 'Показать письмо', en: 'Show the message' },
  'mail.footer': {
    ru: 'Это письмо отправлено партнёрским порталом {operator}. Уведомления также видны в портале: {link}',
    en: 'This message was sent by the {operator} partner portal. Notifications are also in the portal: {link}',
  },
  // Notices of the foundation (password and access); modules add theirs in their own catalog files.
  'notice.password.setup.title': { ru: 'Установите пароль для входа в портал', en: 'Set your password for the portal' },
  'notice.password.setup.body': {
    ru: 'Здравствуйте, {name}! Для вас создан вход в портал ({org}). Установите пароль по одноразовой ссылке до {expiresOn}: {link}',
    en: 'Hello {name}, a portal login has been created for you ({org}). Set your password through this one-time link before {expiresOn}: {link}',
  },
} satisfies Record<string, Entry>
