import { describe, expect, it } from 'vitest'
import { isValidGtin, withGtinCheckDigit } from './gtin'

describe('GTIN', () => {
  it.each([
    ['4006381333931', true], // a published EAN-13
    ['4006381333932', false],
    ['96385074', true], // EAN-8
    ['036000291452', true], // UPC-A
    ['10036000291459', true], // GTIN-14
    ['400638133393', false],
    ['40063813339x1', false],
  ])('%s → %s', (gtin, valid) => expect(isValidGtin(gtin)).toBe(valid))
  it('completes a body', () => expect(withGtinCheckDigit('400638133393')).toBe('4006381333931'))
})
