import { describe, expect, it } from 'vitest'
import { parseX12 } from './index'
import { bytes, group, isa, order850, x12 } from './test-fixtures'
import { tokenizeX12, tokenizeX12Text } from './tokenizer'

const body = [...group('PO', '7', [order850()]), 'IEA*1*000000101']

describe('X12 tokenizer', () => {
  it.each([
    ['~', '~'],
    ['~ followed by CR/LF', '~\r\n'],
    ['a newline as the terminator', '\n'],
  ])('reads the terminator from the ISA: %s', (_name, terminator) => {
    const text = isa({ terminator }) + body.map((s) => s + terminator).join('')
    const { interchanges, issues } = tokenizeX12Text(text, false)
    expect(issues).toEqual([])
    expect(interchanges).toHaveLength(1)
    expect(interchanges[0]!.separators.terminator).toBe(terminator[0])
    const tags = interchanges[0]!.segments.map((s) => s.tag)
    expect(tags.slice(0, 4)).toEqual(['ISA', 'GS', 'ST', 'BEG'])
    expect(tags[tags.length - 1]).toBe('IEA')
    expect(interchanges[0]!.segments.every((s) => s.terminated && !s.invalidChar)).toBe(true)
  })

  it.each(['>', ':', '^'])('splits components on ISA16 %s', (component) => {
    const text = x12(['GS*PO*A*B*20240115*0930*1*X*004010', `ST*850*1`, `REF*ZZ*LEFT${component}RIGHT`], { component })
    const seg = tokenizeX12Text(text, false).interchanges[0]!.segments.find((s) => s.tag === 'REF')!
    expect(seg.elements[1]!.components).toEqual(['LEFT', 'RIGHT'])
    expect(seg.elements[1]!.value).toBe(`LEFT${component}RIGHT`)
  })

  it('keeps positions: 1-based index in the interchange and the character offset', () => {
    const text = x12(body)
    const segs = tokenizeX12Text(text, false).interchanges[0]!.segments
    const gs = segs[1]!
    expect(gs.index).toBe(2)
    expect(gs.offset).toBe(106)
    expect(text.slice(gs.offset, gs.offset + 3)).toBe('GS*')
  })

  it('does not make a segment of what follows the last terminator', () => {
    const text = x12(body) + '\r\n\r\n  '
    const segs = tokenizeX12Text(text, false).interchanges[0]!.segments
    expect(segs[segs.length - 1]!.tag).toBe('IEA')
    expect(segs.every((s) => s.tag !== '')).toBe(true)
  })

  it('names the ISA element with the wrong width and still finds the delimiters', () => {
    const good = isa()
    // ISA06 one character short: every later position shifts by one.
    const bad = good.replace('BUYERCO        ', 'BUYERCO       ')
    expect(bad.length).toBe(105)
    const { interchanges } = tokenizeX12Text(bad + body.map((s) => s + '~').join(''), false)
    expect(interchanges[0]!.separators).toEqual({ element: '*', component: '>', repetition: null, terminator: '~' })
    expect(interchanges[0]!.issues).toEqual([
      expect.objectContaining({
        level: 'interchange',
        code: 'invalid_value',
        severity: 'error',
        segment: { tag: 'ISA', index: 1 },
        element: { position: 6 },
      }),
    ])
    expect(interchanges[0]!.issues[0]!.message).toContain('ISA06 is 14 characters')
    expect(tokenizeX12Text(bad + body.map((s) => s + '~').join(''), true).interchanges[0]!.issues[0]!.severity).toBe('warning')
  })

  it('reports an ISA it cannot split as unreadable, without throwing', () => {
    const result = parseX12(bytes('ISA*00*short~GS*PO~'), { tolerant: false })
    expect(result.syntax).toBe('x12')
    expect(result.interchanges).toEqual([])
    expect(result.issues).toEqual([expect.objectContaining({ level: 'file', code: 'unreadable', segment: { tag: 'ISA', index: 1 } })])
  })

  it('splits repetitions with ISA11 from version 00402 on, not in 4010', () => {
    const seg = (version: string) =>
      tokenizeX12Text(x12(['GS*PO*A*B*20240115*0930*1*X*005010', 'REF*ZZ*A^B'], { version, isa11: '^', component: ':' }), false).interchanges[0]!
        .segments[2]!
    expect(seg('00501').elements[1]!.repetitions).toEqual([['A'], ['B']])
    expect(seg('00401').elements[1]!.repetitions).toEqual([['A^B']])
  })

  it('strips a UTF-8 BOM and flags bytes that are not UTF-8', () => {
    const text = x12(body)
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes(text)])
    expect(tokenizeX12(withBom, false).text).toBe(text)
    const broken = new Uint8Array([...bytes(text.slice(0, 300)), 0xff, ...bytes(text.slice(300))])
    expect(tokenizeX12(broken, false).issues[0]).toMatchObject({ level: 'file', code: 'invalid_character', severity: 'error' })
  })

  it('marks a control character in data with its element and component', () => {
    const text = x12(['GS*PO*A*B*20240115*0930*1*X*004010', 'ST*850*1', 'REF*ZZ*OK>BAD\u0007'])
    const seg = tokenizeX12Text(text, false).interchanges[0]!.segments[3]!
    expect(seg.invalidChar).toEqual({ position: 2, component: 2, code: 7 })
  })

  it('answers binary and huge random input quickly as unknown', () => {
    const random = new Uint8Array(20 * 1024 * 1024)
    for (let i = 0; i < random.length; i += 4) random[i] = (i * 2654435761) >>> 24
    const started = performance.now()
    const result = parseX12(random, { tolerant: true })
    expect(performance.now() - started).toBeLessThan(200)
    expect(result.syntax).toBe('unknown')
    expect(result.issues).toEqual([expect.objectContaining({ code: 'unreadable', level: 'file' })])
  })
})
