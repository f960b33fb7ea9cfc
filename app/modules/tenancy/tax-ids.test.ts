import { describe, expect, it } from 'vitest'
import { checkVatId, isValidInn, isValidKpp, withInnCheckDigits } from './tax-ids'

describe('INN check digits', () => {
  it.each([
    ['7707083893', true], // Sberbank, a published company INN
    ['7707083894', false],
    ['500100732259', true], // a published sole-trader INN
    ['500100732258', false],
    ['500100732249', false],
    ['770708389', false],
    ['77070838930', false],
    ['77070838a3', false],
    ['', false],
  ])('%s → %s', (inn, valid) => expect(isValidInn(inn)).toBe(valid))

  it('completes a base with its check digits', () => {
    expect(withInnCheckDigits('770708389')).toBe('7707083893')
    expect(withInnCheckDigits('5001007322')).toBe('500100732259')
  })
})

describe('KPP', () => {
  it.each([
    ['770101001', true],
    ['7701AB001', true],
    ['77010100', false],
    ['7701ab001', false],
    ['77010100x', false],
  ])('%s → %s', (kpp, valid) => expect(isValidKpp(kpp)).toBe(valid))
})

describe('VAT ids', () => {
  it.each([
    ['DE136695976', 'valid'],
    ['DE136695975', 'invalid_checksum'],
    ['BY100582333', 'valid'],
    ['BY100582334', 'invalid_checksum'],
    ['KZ000740001307', 'valid'],
    ['KZ000740001308', 'invalid_checksum'],
    ['FR40303265045', 'valid'], // no check rule for FR here: the shape is checked
    ['DE 136695976', 'invalid_format'],
    ['136695976', 'invalid_format'],
    ['D', 'invalid_format'],
  ])('%s → %s', (id, result) => expect(checkVatId(id)).toBe(result))
})
