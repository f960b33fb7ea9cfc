import { describe, expect, it } from 'vitest'
import type { ParseResult } from '../document'
import { parseX12 } from './index'
import { bytes, group, order850, x12 } from './test-fixtures'

const parse = (text: string, tolerant = false): ParseResult => parseX12(bytes(text), { tolerant })
const codes = (issues: { code: string }[]) => issues.map((i) => i.code)

describe('X12 envelopes', () => {
  it('reads a valid interchange: parties, control ref as text, flags, one order', () => {
    const r = parse(x12([...group('PO', '7', [order850()]), 'IEA*1*000000101'], { test: true }))
    expect(r.issues).toEqual([])
    const x = r.interchanges[0]!
    expect(x).toMatchObject({
      syntax: 'x12',
      sender: { id: 'BUYERCO', qualifier: 'ZZ' },
      recipient: { id: 'SUPPLIERCO', qualifier: 'ZZ' },
      controlRef: '000000101',
      date: '2024-01-15',
      time: '09:30',
      test: true,
      ackRequested: false,
      syntaxVersion: '00401',
      declaredCount: 1,
      issues: [],
    })
    expect(x.groups).toEqual([
      expect.objectContaining({ ref: '7', functionalId: 'PO', version: '004010', declaredCount: 1, messageRefs: ['0001'], issues: [] }),
    ])
    expect(x.messages[0]).toMatchObject({ ref: '0001', type: '850', declaredSegments: 14, countedSegments: 14, issues: [] })
    expect(x.messages[0]!.document).toMatchObject({ kind: 'order', documentNumber: 'PO-77' })
  })

  it.each([
    {
      name: 'SE01 wrong',
      edit: (s: string[]) => s.map((x) => x.replace('SE*14*0001', 'SE*13*0001')),
      level: 'message',
      issue: { code: 'count_mismatch', segment: { tag: 'SE', index: 14 }, element: { position: 1 } },
    },
    {
      name: 'SE02 not ST02',
      edit: (s: string[]) => s.map((x) => x.replace('SE*14*0001', 'SE*14*0002')),
      level: 'message',
      issue: { code: 'reference_mismatch', segment: { tag: 'SE', index: 14 }, element: { position: 2 } },
    },
    {
      name: 'GE01 wrong',
      edit: (s: string[]) => s.map((x) => x.replace('GE*1*7', 'GE*2*7')),
      level: 'group',
      issue: { code: 'count_mismatch', segment: { tag: 'GE', index: 17 }, element: { position: 1 } },
    },
    {
      name: 'GE02 not GS06',
      edit: (s: string[]) => s.map((x) => x.replace('GE*1*7', 'GE*1*8')),
      level: 'group',
      issue: { code: 'reference_mismatch', segment: { tag: 'GE', index: 17 }, element: { position: 2 } },
    },
    {
      name: 'IEA01 wrong',
      edit: (s: string[]) => s.map((x) => x.replace('IEA*1*', 'IEA*3*')),
      level: 'interchange',
      issue: { code: 'count_mismatch', segment: { tag: 'IEA', index: 18 }, element: { position: 1 } },
    },
    {
      name: 'IEA02 without the leading zeros of ISA13',
      edit: (s: string[]) => s.map((x) => x.replace('IEA*1*000000101', 'IEA*1*101')),
      level: 'interchange',
      issue: { code: 'reference_mismatch', segment: { tag: 'IEA', index: 18 }, element: { position: 2 } },
    },
  ])('$name → $issue.code at $level level, and no document', ({ edit, level, issue }) => {
    const r = parse(x12(edit([...group('PO', '7', [order850()]), 'IEA*1*000000101'])))
    const x = r.interchanges[0]!
    const where = level === 'message' ? x.messages[0]!.issues : level === 'group' ? x.groups[0]!.issues : x.issues
    expect(where).toEqual([expect.objectContaining({ level, severity: 'error', ...issue })])
    expect(x.messages[0]!.document).toBeNull()
  })

  it('flags the same ST02 twice in a group and the same GS06 twice in an interchange', () => {
    const text = x12([
      ...group('PO', '7', [order850('0001'), order850('0001', 1, 'PO-78')]),
      ...group('PO', '7', [order850('0002')]),
      'IEA*2*000000101',
    ])
    const x = parse(text).interchanges[0]!
    expect(x.messages.map((m) => codes(m.issues))).toEqual([[], ['duplicate'], []])
    expect(x.messages[1]!.issues[0]).toMatchObject({ segment: { tag: 'ST', index: 1 }, element: { position: 2 } })
    expect(x.groups.map((g) => codes(g.issues))).toEqual([[], ['duplicate']])
    expect(x.groups[1]!.issues[0]).toMatchObject({ segment: { tag: 'GS' }, element: { position: 6 } })
    // Only the first set of the first group is booked.
    expect(x.messages.map((m) => m.document !== null)).toEqual([true, false, false])
  })

  it('a file cut before SE/GE/IEA is truncated and yields no document at all', () => {
    const full = x12([...group('PO', '7', [order850('0001'), order850('0002')]), 'IEA*1*000000101'])
    const cut = full.slice(0, full.lastIndexOf('PO1*2*'))
    const x = parse(cut).interchanges[0]!
    expect(codes(x.issues)).toEqual(['truncated'])
    expect(x.messages).toHaveLength(2)
    expect(x.messages.every((m) => m.document === null)).toBe(true)
    expect(codes(x.messages[1]!.issues)).toContain('missing')
    expect(codes(x.groups[0]!.issues)).toEqual(['missing'])
  })

  it('an IEA without its terminator is truncated (a warning when tolerant)', () => {
    const text = x12([...group('PO', '7', [order850()]), 'IEA*1*000000101']).replace(/~$/, '')
    expect(parse(text).interchanges[0]!.issues).toEqual([expect.objectContaining({ code: 'truncated', severity: 'error' })])
    const tolerant = parse(text, true).interchanges[0]!
    expect(tolerant.issues).toEqual([expect.objectContaining({ code: 'truncated', severity: 'warning' })])
    expect(tolerant.messages[0]!.document).not.toBeNull()
  })

  it('reads two interchanges in one file, each with its own delimiters', () => {
    const first = x12([...group('PO', '7', [order850('0001')]), 'IEA*1*000000101'])
    const second = x12([...group('PO', '8', [order850('0001', 1, 'PO-99')]), 'IEA*1*000000102'], {
      element: '|',
      component: ':',
      terminator: '\n',
      control: '000000102',
    })
    const r = parse(first + '\r\n' + second)
    expect(r.interchanges.map((x) => [x.controlRef, x.separators.element, x.issues.length])).toEqual([
      ['000000101', '*', 0],
      ['000000102', '|', 0],
    ])
    expect(r.interchanges.map((x) => (x.messages[0]!.document as { documentNumber: string }).documentNumber)).toEqual(['PO-77', 'PO-99'])
    expect(r.interchanges[1]!.span.start).toBe(first.length + 2)
  })

  it('reads ISA14 and ISA15, and checks ISA13 is nine digits', () => {
    const text = x12([...group('PO', '7', [order850()]), 'IEA*1*00000010A'], { control: '00000010A' }).replace('*0*P*', '*1*P*')
    const x = parse(text).interchanges[0]!
    expect(x.ackRequested).toBe(true)
    expect(x.test).toBe(false)
    expect(x.issues).toEqual([expect.objectContaining({ code: 'invalid_value', element: { position: 13 } })])
  })

  it('reports segments outside a set and after IEA', () => {
    const text = x12(['GS*PO*A*B*20240115*0930*7*X*004010', 'REF*ZZ*STRAY', 'GE*0*7', 'IEA*1*000000101', 'REF*ZZ*LATE'])
    const x = parse(text).interchanges[0]!
    expect(x.groups[0]!.issues).toEqual([])
    expect(x.issues.map((i) => [i.code, i.segment?.tag, i.segment?.index])).toEqual([
      ['segment_order', 'REF', 3],
      ['segment_order', 'REF', 6],
    ])
  })

  it('reports a control character inside a set at message level with its position', () => {
    const set = order850().map((s) => s.replace('PID*F****Item 1', 'PID*F****Item\t1'))
    const m = parse(x12([...group('PO', '7', [set]), 'IEA*1*000000101'])).interchanges[0]!.messages[0]!
    expect(m.issues).toEqual([
      expect.objectContaining({ code: 'invalid_character', level: 'message', segment: { tag: 'PID', index: 10 }, element: { position: 5 } }),
    ])
    expect(m.document).toBeNull()
  })
})
