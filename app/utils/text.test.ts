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
})
