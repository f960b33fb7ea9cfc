import { describe, expect, it } from 'vitest'
import { containsPattern, decodeTextFile, parseRoubles } from './text'

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
    ['-5', null],
    ['abc', null],
    ['', null],
  ])('parseRoubles(%j) = %j', (text, minor) => expect(parseRoubles(text)).toBe(minor))

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
