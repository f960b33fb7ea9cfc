import { describe, expect, it } from 'vitest'
import { isMessageKey, translate } from '../../i18n'
import { describeAuditEntry } from './describe'
import { auditActions } from './schemas'

// Issue 10, item 11: the audit log showed each entry's details as JSON. Every action reads as a sentence.
const o = { timeZone: 'Europe/Moscow' }
const nbsp = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ')

describe('audit entries as sentences', () => {
  it.each([...auditActions])('%s has a sentence in Russian and English', (action) => {
    const key = `audit.sentence.${action}`
    expect(isMessageKey(key), key).toBe(true)
    for (const locale of ['ru', 'en'] as const) {
      const text = describeAuditEntry(locale, { action, details: {} }, o)
      expect(text).toMatch(/[.!]$/)
      expect(text).not.toMatch(/[{}[\]]/)
      if (isMessageKey(key)) expect(translate(locale, key)).not.toBe(key)
    }
  })

  it('fills the details in, formatted the reader’s way', () => {
    expect(describeAuditEntry('ru', { action: 'membership.role_changed', details: { from: 'dealer_buyer', to: 'dealer_admin' } }, o)).toBe(
      'Роль изменена: «Закупщик» → «Администратор дилера».',
    )
    expect(
      nbsp(
        describeAuditEntry(
          'ru',
          { action: 'order.placed', details: { number: 'З-2026-00012', lines: 3, grossMinor: 1_234_567, currency: 'RUB' } },
          o,
        ),
      ),
    ).toBe('Размещён заказ З-2026-00012: 3 строки на сумму 12 345,67 ₽.')
    expect(
      describeAuditEntry('en', { action: 'tender.lot_extended', details: { seq: 14, minutes: 5, reason: 'a supplier lost connection' } }, o),
    ).toBe('Lot extended by 5 minutes. Reason: «a supplier lost connection».')
    expect(describeAuditEntry('ru', { action: 'auth.login_failed', details: { reason: 'wrong_password' } }, o)).toBe(
      'Неудачная попытка входа: неверный пароль.',
    )
    expect(describeAuditEntry('ru', { action: 'auth.login_throttled', details: { retryAfterSeconds: 900 } }, o)).toBe(
      'Вход временно заблокирован после многих неудачных попыток — на 15 минут.',
    )
  })

  it('names an organisation it knows and leaves out an id it does not', () => {
    const supplierOrgId = '6f1c2a52-7d0b-4d6f-9d64-1a2b3c4d5e6f'
    expect(
      describeAuditEntry(
        'ru',
        { action: 'tender.awarded', details: { seq: 9, supplierOrgId, reason: 'лучшая цена' } },
        { ...o, orgNames: { [supplierOrgId]: 'ПромКабель' } },
      ),
    ).toBe('Лот присуждён поставщику «ПромКабель». Обоснование: «лучшая цена».')
    expect(describeAuditEntry('ru', { action: 'tender.awarded', details: { supplierOrgId } }, o)).toBe('Лот присуждён.')
  })

  it('lists details the sentence does not use, and reads unknown keys and actions as words', () => {
    expect(
      describeAuditEntry('ru', { action: 'user.updated', details: { displayName: 'Ирина', locale: 'en', disabled: false, endedSessions: 0 } }, o),
    ).toBe('Изменён профиль пользователя Ирина. Язык интерфейса: English; Вход заблокирован: нет; Завершено сеансов: 0.')
    expect(
      describeAuditEntry(
        'en',
        { action: 'delivery_terms.updated', details: { incoterm: 'DAP', freeFreightMinor: 15_000_000, backorderPolicy: 'cancel_rest' } },
        o,
      ),
    ).toBe('Delivery terms changed: DAP (Delivered at Place). free freight: ₽150,000.00; backorder policy: cancel_rest.')
    expect(describeAuditEntry('ru', { action: 'order.backordered', details: { number: 'З-1', restQty: 5 } }, o)).toBe(
      'Order backordered. Номер: З-1; rest qty: 5.',
    )
    expect(
      describeAuditEntry('ru', { action: 'order.confirmed', details: { number: 'З-7', lines: [{ lineNo: 1, qty: 10, date: '2026-12-03' }] } }, o),
    ).toBe('Заказ З-7 подтверждён: 1 строка.')
  })
})

describe('a product’s name', () => {
  it('is the one in the reader’s language, the other listed after', () => {
    const details = { sku: 'BRE-0102', nameRu: 'Автоматический выключатель ВА47-29 1P 10А C', nameEn: 'Circuit breaker BA47-29 1P 10A C' }
    expect(describeAuditEntry('en', { action: 'product.created', details }, o)).toBe(
      'Product created: BRE-0102 “Circuit breaker BA47-29 1P 10A C”. Russian name: Автоматический выключатель ВА47-29 1P 10А C.',
    )
  })
})
