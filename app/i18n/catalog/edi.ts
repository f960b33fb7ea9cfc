import type { Entry } from '../index'

// EDI for key accounts: API keys, partner profiles, the message log and monitor, item mapping, replay.
// Helpers add their keys in their own sections below, grouped by page.
export const edi = {
  'audit.action.api_key.created': { ru: 'Выпущен API-ключ', en: 'API key issued' },
  'audit.action.api_key.revoked': { ru: 'API-ключ отозван', en: 'API key revoked' },
  'audit.action.api.call': { ru: 'Обращение к API', en: 'API call' },
  'audit.action.edi.profile_saved': { ru: 'Изменён EDI-профиль партнёра', en: 'Partner EDI profile changed' },
  'audit.action.edi.item_mapped': { ru: 'Товар партнёра сопоставлен', en: 'Partner item mapped' },
  'audit.action.edi.replayed': { ru: 'EDI-сообщение обработано повторно', en: 'EDI message replayed' },
  'audit.action.edi.received': { ru: 'Получено EDI-сообщение', en: 'EDI message received' },
  'audit.action.edi.resent': { ru: 'EDI-документ отправлен повторно', en: 'EDI document resent' },
  'audit.sentence.api_key.created': { ru: 'Ключ «{name}»[, права: {scopes}].', en: 'Key “{name}”[, scopes: {scopes}].' },
  'audit.sentence.api_key.revoked': { ru: 'Ключ «{name}» отозван.', en: 'Key “{name}” revoked.' },
  'audit.sentence.api.call': { ru: '{method} {path} → {status}[ (ключ {keyName})].', en: '{method} {path} → {status}[ (key {keyName})].' },
  'audit.sentence.edi.profile_saved': { ru: 'EDI-профиль сохранён[: {changes}].', en: 'EDI profile saved[: {changes}].' },
  'audit.sentence.edi.item_mapped': { ru: 'Код «{code}» сопоставлен с товаром[ {sku}].', en: 'Code “{code}” mapped[ to {sku}].' },
  'audit.sentence.edi.replayed': {
    ru: 'Сообщение[ {document}] обработано повторно[: {outcome}].',
    en: 'Message[ {document}] replayed[: {outcome}].',
  },
  'audit.sentence.edi.received': {
    ru: 'Получено[ {messages} сообщ.][, интерчейндж {controlRef}].',
    en: 'Received[ {messages} message(s)][, interchange {controlRef}].',
  },
  'audit.sentence.edi.resent': { ru: 'Документ[ {document}] отправлен повторно.', en: 'Document[ {document}] sent again.' },
  // API reference page (/api/v1/docs, helper O).
  'apiDocs.title': { ru: 'Справочник API', en: 'API reference' },
  'apiDocs.intro': {
    ru: 'Все пути /api/v1 с параметрами и схемами. Ключ передаётся только в заголовке Authorization: Bearer. Машиночитаемый документ: {url}.',
    en: 'Every /api/v1 path with its parameters and schemas. Send the key only in the Authorization: Bearer header. Machine-readable document: {url}.',
  },
  'apiDocs.contents': { ru: 'Содержание', en: 'Contents' },
  'apiDocs.parameters': { ru: 'Параметры', en: 'Parameters' },
  'apiDocs.requestBody': { ru: 'Тело запроса', en: 'Request body' },
  'apiDocs.responses': { ru: 'Ответы', en: 'Responses' },
  'apiDocs.schemas': { ru: 'Схемы', en: 'Schemas' },
  'apiDocs.public': { ru: 'без ключа', en: 'no key needed' },
  'apiDocs.required': { ru: 'обязательный', en: 'required' },
} satisfies Record<string, Entry>
