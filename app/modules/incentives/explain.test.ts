import { describe, expect, it } from 'vitest'
import { renderExplanation } from './explain'

const correction = {
  key: 'ledger.explain.correction',
  params: { deltaMinor: -250_000, beforeMinor: 1_250_000, afterMinor: 1_000_000, reasonKey: 'ledger.reason.returned' },
}

describe('renderExplanation', () => {
  it('renders money and a translated reason in Russian', () => {
    expect(renderExplanation('ru', correction).replace(/\s/g, ' ')).toBe(
      'Корректировка: -2 500,00 ₽ (было 12 500,00 ₽, стало 10 000,00 ₽) — возврат по заказу',
    )
  })

  it('and in English', () => {
    expect(renderExplanation('en', correction)).toBe('Correction: -₽2,500.00 (was ₽12,500.00, now ₽10,000.00) — an order return')
  })

  it('shows basis points as a percent', () => {
    expect(renderExplanation('en', { key: 'ledger.explain.manual', params: { rateBp: 250, note: 'x' } })).toBe('Accrued by hand (2.5%): x')
    expect(renderExplanation('ru', { key: 'ledger.explain.manual', params: { rateBp: 250, note: 'x' } }).replace(/\s/g, ' ')).toBe(
      'Начислено вручную (2,5 %): x',
    )
  })

  it('falls back to the key itself for an explanation of an unknown kind', () => {
    expect(renderExplanation('ru', { key: 'no.such.key', params: {} })).toBe('no.such.key')
  })

  it('explains a deal bonus with the tier named in the reader’s language', () => {
    const dealBonus = {
      key: 'ledger.explain.dealBonus',
      params: { deal: 'D-2026-000042', tierRu: 'Золотой', tierEn: 'Gold', rateBp: 200, basisMinor: 450_000_00, amountMinor: 9_000_00 },
    }
    expect(renderExplanation('ru', dealBonus).replace(/\s/g, ' ')).toBe(
      'Бонус 2 % за выигранную сделку D-2026-000042 (уровень «Золотой»): 2 % × 450 000,00 ₽ = 9 000,00 ₽',
    )
    expect(renderExplanation('en', dealBonus)).toBe('Bonus of 2% on won deal D-2026-000042 (Gold tier): 2% × ₽450,000.00 = ₽9,000.00')
  })
})
