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
  // The order desk's steps, to the person who placed the order.
  'notice.order.confirmed.title': { ru: 'Заказ {number} подтверждён', en: 'Order {number} confirmed' },
  'notice.order.confirmed.body': { ru: 'Поставщик подтвердил заказ {number} полностью.', en: 'The supplier confirmed order {number} in full.' },
  'notice.order.partly_confirmed.title': { ru: 'Заказ {number} подтверждён частично', en: 'Order {number} partly confirmed' },
  'notice.order.partly_confirmed.body': {
    ru: 'Поставщик подтвердил заказ {number} не полностью: откройте заказ, чтобы увидеть, что перенесено или отменено.',
    en: 'The supplier confirmed order {number} in part: open it to see what is backordered or cancelled.',
  },
  'notice.order.changed.title': { ru: 'Подтверждение заказа {number} изменено', en: 'Confirmation of order {number} changed' },
  'notice.order.changed.body': {
    ru: 'Поставщик изменил подтверждение заказа {number}.',
    en: 'The supplier changed the confirmation of order {number}.',
  },
  'notice.order.shipped.title': { ru: 'Заказ {number} отгружен', en: 'Order {number} shipped' },
  'notice.order.shipped.body': { ru: 'Отгрузка по заказу {number}: {note}.', en: 'Shipment for order {number}: {note}.' },
  'notice.order.delivered.title': { ru: 'Заказ {number} доставлен', en: 'Order {number} delivered' },
  'notice.order.delivered.body': { ru: 'Заказ {number} отмечен доставленным.', en: 'Order {number} is marked delivered.' },
  'notice.order.cancelled.title': { ru: 'Заказ {number} отменён', en: 'Order {number} cancelled' },
  'notice.order.cancelled.body': { ru: 'Заказ {number} отменён. Причина: {note}', en: 'Order {number} was cancelled. Reason: {note}' },
  'notice.order.returned.title': { ru: 'Возврат по заказу {number}', en: 'Return on order {number}' },
  'notice.order.returned.body': { ru: 'По заказу {number} оформлен возврат: {note}', en: 'A return was recorded on order {number}: {note}' },
  // Notices of the foundation (password and access); modules add theirs in their own catalog files.
  'notice.password.setup.title': { ru: 'Установите пароль для входа в портал', en: 'Set your password for the portal' },
  'notice.password.setup.body': {
    ru: 'Здравствуйте, {name}! Для вас создан вход в портал ({org}). Установите пароль по одноразовой ссылке до {expiresOn}: {link}',
    en: 'Hello {name}, a portal login has been created for you ({org}). Set your password through this one-time link before {expiresOn}: {link}',
  },
} satisfies Record<string, Entry>
