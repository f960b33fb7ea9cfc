import { describe, expect, it } from 'vitest'
import { tokenize } from './tokenizer'

const values = (text: string) => tokenize(text).segments.map((s) => [s.tag, ...s.elements.map((e) => e.join(':'))].join('|'))

describe('tokenize: release character', () => {
  it.each([
    ["FTX+AAI+++PO?+2025?:01'", 'FTX|AAI|||PO+2025:01'],
    ["FTX+AAI+++WHAT??'", 'FTX|AAI|||WHAT?'],
    ["FTX+AAI+++IT?'S'", "FTX|AAI|||IT'S"],
    ["FTX+AAI+++A??B?+C'", 'FTX|AAI|||A?B+C'],
    ["FTX+AAI+++?*STAR'", 'FTX|AAI|||*STAR'],
  ])('%s', (segment, expected) => {
    const r = tokenize(`UNB+UNOC:3+A+B+250101:1200+1'${segment}`)
    expect(r.issues).toEqual([])
    expect(r.truncated).toBe(false)
    expect(values(`UNB+UNOC:3+A+B+250101:1200+1'${segment}`)[1]).toBe(expected)
  })

  it('a release character at the very end is an error, not a crash', () => {
    const r = tokenize("UNB+UNOC:3+A+B+250101:1200+1'FTX+AAI+++X?")
    expect(r.truncated).toBe(true)
    expect(r.issues.map((i) => i.code)).toContain('truncated')
    expect(r.segments).toHaveLength(1)
  })

  it('a release character escaping the last terminator leaves the segment unterminated', () => {
    const r = tokenize("UNB+UNOC:3+A+B+250101:1200+1'FTX+AAI+++X?'")
    expect(r.truncated).toBe(true)
    expect(r.issues[0]).toMatchObject({ code: 'truncated', severity: 'error' })
  })
})

describe('tokenize: service string advice', () => {
  it('reads a custom UNA (=*.? ~) including an escaped element separator', () => {
    const r = tokenize('UNA=*.? ~UNB*UNOA=3*SND=1*006?*415160=1*060515=1434*778~UNH*1*INVOIC=D=97B=UN~')
    expect(r.una).toBe(true)
    expect(r.separators).toMatchObject({ component: '=', element: '*', terminator: '~', release: '?' })
    expect(r.segments[0].elements[2]).toEqual(['006*415160', '1'])
    expect(r.segments[1].elements[1]).toEqual(['INVOIC', 'D', '97B', 'UN'])
  })

  it('keeps the decimal mark of the UNA for the readers', () => {
    expect(tokenize(":UNA:+,? 'UNB+UNOA:4+A+B+1+2'".slice(1)).separators.decimal).toBe(',')
  })

  it('uses the defaults without UNA', () => {
    const r = tokenize("UNB+UNOC:3+A:14+B:14+250101:1200+7'")
    expect(r.una).toBe(false)
    expect(r.segments[0].elements).toEqual([['UNOC', '3'], ['A', '14'], ['B', '14'], ['250101', '1200'], ['7']])
  })

  it('reads the UNOB control characters without UNA', () => {
    const r = tokenize('UNB\x1dUNOB\x1f3\x1dA\x1dB\x1d250101\x1f1200\x1d7\x1cUNH\x1d1\x1dORDERS\x1fD\x1f96A\x1c')
    expect(r.segments.map((s) => s.tag)).toEqual(['UNB', 'UNH'])
    expect(r.segments[1].elements[1]).toEqual(['ORDERS', 'D', '96A'])
  })

  it('odd separators without UNA are unreadable (Bots A57)', () => {
    const r = tokenize('UNB*UNOA=3*A*B~')
    expect(r.segments).toEqual([])
    expect(r.issues[0]).toMatchObject({ level: 'file', code: 'unreadable', severity: 'error' })
  })

  it('an incomplete UNA is unreadable', () => {
    expect(tokenize('UNA:+').issues[0].code).toBe('unreadable')
  })
})

describe('tokenize: line breaks', () => {
  it('drops CR/LF between and inside segments (80-column wrapping)', () => {
    const text = "UNB+UNOA:3+A+B+250101:1200+1'\r\nDTM+137:200508\r\n19:102'\r\nUNZ+0+1'\r\n"
    const r = tokenize(text)
    expect(r.truncated).toBe(false)
    expect(r.segments[1].elements[0]).toEqual(['137', '20050819', '102'])
    expect(r.segments[2]).toMatchObject({ tag: 'UNZ', index: 3, offset: text.indexOf('UNZ') })
  })

  it('a newline terminator keeps segments apart and strips the CR of CRLF', () => {
    const r = tokenize('UNA:+.? \nUNB+UNOC:3+A+B+250101:1200+1\r\nUNH+1+ORDERS:D:96A:UN\r\n')
    expect(r.segments.map((s) => s.tag)).toEqual(['UNB', 'UNH'])
    expect(r.segments[1].elements[1]).toEqual(['ORDERS', 'D', '96A', 'UN'])
  })

  it('a file cut inside a segment is marked truncated', () => {
    const r = tokenize("UNB+UNOC:3+A+B+250101:1200+1'QTY+21:2.0")
    expect(r.truncated).toBe(true)
    expect(r.truncatedAt).toBe(29)
  })

  it('gives 1-based indexes and offsets', () => {
    const r = tokenize("UNA:+.? 'UNB+UNOC:3+A+B+1+2'UNH+1'")
    expect(r.segments.map((s) => [s.tag, s.index, s.offset])).toEqual([
      ['UNB', 1, 9],
      ['UNH', 2, 28],
    ])
  })
})
