import { describe, expect, it } from 'vitest'
import { decodeBytes, encodeText, fitToCharset, peekHeader } from './charset'
import { parseEdifact } from './index'

const latin1 = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0))

describe('charset', () => {
  it('decodes UNOE (ISO 8859-5) Cyrillic from bytes and encodes it back', () => {
    const text = 'ООО «Ромашка» Ёлки, щи, №5 §'.replace(/[«»]/g, '"')
    const bytes = encodeText(text, 'UNOE')
    expect(bytes[0]).toBe(0xbe) // О
    expect(Array.from(bytes).includes(0xa1)).toBe(true) // Ё
    expect(decodeBytes(bytes, 0, 'UNOE')).toEqual({ text, encoding: 'ISO-8859-5', utf8Mislabel: false })
    expect(decodeBytes(bytes, 0, 'UNOE').text).toBe(new TextDecoder('iso-8859-5').decode(bytes))
  })

  it('peeks the syntax id after a BOM and a UNA', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...latin1("UNA:+.? 'UNB+UNOE:3+A+B'")])
    expect(peekHeader(bytes)).toEqual({ bomLength: 3, syntaxId: 'UNOE', syntaxVersion: '3' })
  })

  it('strips the BOM from the text offsets point into', () => {
    const r = parseEdifact(new Uint8Array([0xef, 0xbb, 0xbf, ...latin1("UNB+UNOC:3+A+B+250101:1200+1'UNZ+0+1'")]), { tolerant: false })
    expect(r.text.startsWith('UNB')).toBe(true)
    expect(r.interchanges[0].issues).toEqual([])
  })

  it('warns when UNOC is declared but the bytes are UTF-8', () => {
    const r = parseEdifact(new TextEncoder().encode("UNB+UNOC:3+A+B+250101:1200+1'UNH+1+X:D:96A:UN'NAD+BY+++Kälte'UNT+3+1'UNZ+1+1'"), {
      tolerant: false,
    })
    expect(r.charset).toBe('UTF-8')
    expect(r.issues).toContainEqual(
      expect.objectContaining({
        code: 'invalid_character',
        severity: 'warning',
        message: expect.stringContaining('declared UNOC'.replace('d', 'D')),
      }),
    )
    expect(r.text).toContain('Kälte')
  })

  it('warns on U+FFFD in the text', () => {
    const r = parseEdifact(new TextEncoder().encode("UNB+UNOY:4+A+B+20250101:1200+1'UNH+1+X:D:96A:UN'NAD+BY+++K\uFFFDlte'UNT+3+1'UNZ+1+1'"), {
      tolerant: false,
    })
    expect(r.issues).toEqual([expect.objectContaining({ code: 'invalid_character', severity: 'warning' })])
  })

  it('lowercase under UNOA: error with its position when strict, warning when tolerant', () => {
    const bytes = latin1("UNB+UNOA:3+A+B+250101:1200+1'UNH+1+X:D:96A:UN'NAD+BY+++Pedal'UNT+3+1'UNZ+1+1'")
    const strict = parseEdifact(bytes, { tolerant: false }).interchanges[0].messages[0].issues
    expect(strict).toEqual([
      expect.objectContaining({ level: 'message', code: 'invalid_character', severity: 'error', segment: { tag: 'NAD', index: 2 } }),
    ])
    const tolerant = parseEdifact(bytes, { tolerant: true }).interchanges[0].messages[0].issues
    expect(tolerant[0].severity).toBe('warning')
  })

  it('fits values to the set for writing', () => {
    expect(fitToCharset('Щука ёж Müller', 'UNOA')).toBe('SHCHUKA EZH MULLER')
    expect(fitToCharset('Щука Müller', 'UNOB')).toBe('Shchuka Muller')
    expect(fitToCharset('Щука Müller', 'UNOC')).toBe('Shchuka Müller')
    expect(fitToCharset('Щука Müller', 'UNOE')).toBe('Щука Muller')
    expect(fitToCharset('Щука Müller', 'UNOY')).toBe('Щука Müller')
  })
})
