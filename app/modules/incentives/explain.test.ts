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
})
