import { describe, expect, it } from 'vitest'
import { containsPattern, decodeTextFile, parseRoubles, parseWholeNumber, readDecimal } from './text'

describe('text helpers', () => {
  it('escapes LIKE wildcards typed by people', () => {
    expect(containsPattern('50%_a\\b')).toBe('%50\\%\\_a\\\\b%')
  })

  it.each([
    ['1 234,50', 123_450],
    ['1234.5', 123_450],
    ['0', 0],
    ['15\u00a0000', 1_500_000],
    ['1,234', null],
    ['1,234.50', 123_450],
    ['1.234,50', 123_450],
    ['-5', null],
    ['abc', null],
    ['', null],
  ])('parseRoubles(%j) = %j', (text, minor) => expect(parseRoubles(text)).toBe(minor))

  // Issue 10 item 8: a Russian file writes "1 234,56", an English one "1234.56"; both must read the same.
  it.each([
    ['1 234,56', 1234.56, 2],
    ['1234.56', 1234.56, 2],
    ['1234,5', 1234.5, 1],
    ['1\u00a0234,5', 1234.5, 1],
    ['1\u202f234.5', 1234.5, 1],
    ['1,234', 1.234, 3],
    ['1,234.56', 1234.56, 2],
    ['1.234,56', 1234.56, 2],
    ['1.234.567', 1234567, 0],
    ['1 234 567', 1234567, 0],
    ['-12,5', -12.5, 1],
    ['\u221212,5', -12.5, 1],
    [',5', 0.5, 1],
    ['42', 42, 0],
  ])('readDecimal(%j) = %d with %d decimals', (text, value, decimals) => expect(readDecimal(text)).toEqual({ value, decimals }))

  it.each(['', 'abc', '1,2,3', '1.2.3', '1,23.4', '1.234,5.6', '12a', '1,,2', '--1', '1234567890123456'])('readDecimal(%j) is null', (text) =>
    expect(readDecimal(text)).toBeNull(),
  )

  it.each([
    ['1 234', 1234],
    ['1234,00', 1234],
    ['1234.0', 1234],
    ['0', 0],
    ['1,000', null],
    ['1.000', null],
    ['2,5', null],
    ['ten', null],
  ])('parseWholeNumber(%j) = %j', (text, value) => expect(parseWholeNumber(text)).toBe(value))

  it('decodes UTF-8 and Windows-1251 and refuses binaries', () => {
    expect(decodeTextFile(new TextEncoder().encode('\uFEFFКабель'))).toBe('Кабель')
    expect(decodeTextFile(new Uint8Array([0xca, 0xe0, 0xe1]))).toBe('Каб')
    expect(decodeTextFile(new Uint8Array([0x89, 0x50, 0, 0]))).toBeNull()
  })

  it('refuses a NUL anywhere, not only in the first 8 kB, and reads invalid UTF-8 as Windows-1251', () => {
    const late = new TextEncoder().encode(`SKU;Qty\n${'A;1\n'.repeat(5000)}B\u0000;2\n`)
    expect(late.indexOf(0)).toBeGreaterThan(8192)
    expect(decodeTextFile(late)).toBeNull()
    // A UTF-8 file with one stray byte (0xFF) is not UTF-8: the whole file is read as Windows-1251, with no NUL.
    const mixed = decodeTextFile(new Uint8Array([0x41, 0xff, 0x3b, 0x98, 0x31]))
    expect(mixed).toBe('Aя;\u00981')
  })
})
