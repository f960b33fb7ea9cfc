import { describe, expect, it } from 'vitest'
import type { ParsedInterchange, X12Settings } from '../document'
import { parseX12, write997, writeTa1, x12Code } from './index'
import { bytes, group, order850, x12 } from './test-fixtures'

const settings: X12Settings = { version: '004010', elementSeparator: '*', componentSeparator: '>', segmentTerminator: '~', repetitionSeparator: '^' }
const envelope = {
  sender: { id: 'SUPPLIERCO', qualifier: 'ZZ' },
  recipient: { id: 'BUYERCO', qualifier: 'ZZ' },
  controlRef: '42',
  preparedAt: new Date(Date.UTC(2024, 0, 16, 8, 5)),
  settings,
}
const ISA = 'ISA*00*          *00*          *ZZ*SUPPLIERCO     *ZZ*BUYERCO        *240116*0805*U*00401*000000042*0*P*>~'
const GS = 'GS*FA*SUPPLIERCO*BUYERCO*20240116*0805*42*X*004010~'

const parse = (segments: string[]): ParsedInterchange => parseX12(bytes(x12(segments)), { tolerant: false }).interchanges[0]!

describe('997', () => {
  it('accepts a valid 850', () => {
    const answering = parse([...group('PO', '7', [order850()]), 'IEA*1*000000101'])
    const ack = write997({ ...envelope, answering, groupRef: '42' })
    expect(ack.text).toBe(`${ISA}${GS}ST*997*0001~AK1*PO*7~AK2*850*0001~AK5*A~AK9*A*1*1*1~SE*6*0001~GE*1*42~IEA*1*000000042~`)
    expect(ack.action).toBe('accepted')
    expect(new TextDecoder().decode(ack.bytes)).toBe(ack.text)
    // Our own 997 reads back as an accepted syntax ack for group 7.
    const back = parseX12(ack.bytes, { tolerant: false }).interchanges[0]!.messages[0]!
    expect(back.document).toEqual({ kind: 'syntax_ack', groupRef: '7', action: 'accepted', messages: [{ ref: '0001', action: 'accepted' }] })
  })

  it('rejects a set whose SE01 is wrong: AK5*R*4 and AK9*R*1*1*0', () => {
    const set = order850().map((s) => s.replace('SE*14*0001', 'SE*13*0001'))
    const ack = write997({ ...envelope, answering: parse([...group('PO', '7', [set]), 'IEA*1*000000101']), groupRef: '42' })
    expect(ack.text).toBe(`${ISA}${GS}ST*997*0001~AK1*PO*7~AK2*850*0001~AK5*R*4~AK9*R*1*1*0~SE*6*0001~GE*1*42~IEA*1*000000042~`)
    expect(ack.action).toBe('rejected')
  })

  it('names the segment and element at fault (AK3/AK4) and partially accepts the group', () => {
    const bad = order850('0002').map((s) => s.replace('BEG*00*SA*PO-77**20240115', 'BEG*00*SA*PO-77**20241315'))
    const ack = write997({ ...envelope, answering: parse([...group('PO', '7', [order850('0001'), bad]), 'IEA*1*000000101']), groupRef: '42' })
    expect(ack.text).toContain('~AK2*850*0001~AK5*A~AK2*850*0002~AK3*BEG*2**8~AK4*5**8~AK5*R*5~AK9*P*2*2*1~SE*10*0001~')
    expect(ack.action).toBe('accepted_with_errors')
  })

  it('rejects a duplicate group (AK9 code 19) and a duplicate set (AK5 code 23)', () => {
    const answering = parse([...group('PO', '7', [order850('0001'), order850('0001')]), ...group('PO', '7', [order850('0003')]), 'IEA*2*000000101'])
    const ack = write997({ ...envelope, answering, groupRef: '42' })
    expect(ack.text).toContain('AK2*850*0001~AK5*A~AK2*850*0001~AK5*R*23~AK9*P*2*2*1~')
    expect(ack.text).toContain('AK1*PO*7~AK2*850*0003~AK5*A~AK9*R*1*1*1*19~')
    expect(ack.text).toContain('~GE*2*42~')
  })

  it('rejects every set of an interchange the TA1 refuses (a duplicate ISA13 found by the pipeline)', () => {
    const answering = parse([...group('PO', '7', [order850()]), 'IEA*1*000000101'])
    const duplicate = { level: 'interchange', code: 'duplicate', severity: 'error', message: 'ISA13 reused.' } as const
    const ack = write997({ ...envelope, answering, extraIssues: [duplicate], groupRef: '42' })
    expect(ack.text).toContain('AK1*PO*7~AK2*850*0001~AK5*R~AK9*R*1*1*0~')
    expect(ack.action).toBe('rejected')
  })

  it('rejects the sets of a truncated group: AK5*R*2 and AK9*R*..*3', () => {
    const full = x12([...group('PO', '7', [order850()]), 'IEA*1*000000101'])
    const answering = parseX12(bytes(full.slice(0, full.indexOf('CTT'))), { tolerant: false }).interchanges[0]!
    const ack = write997({ ...envelope, answering, groupRef: '42' })
    expect(ack.text).toContain('AK2*850*0001~AK5*R*2~AK9*R*1*1*0*3~')
  })
})

describe('TA1', () => {
  it('rejects a duplicate interchange (025) found by the pipeline', () => {
    const answering = parse([...group('PO', '7', [order850()]), 'IEA*1*000000101'])
    const ta1 = writeTa1({
      ...envelope,
      answering,
      extraIssues: [
        { level: 'interchange', code: 'duplicate', severity: 'error', message: 'ISA13 000000101 was received before with other content.' },
      ],
    })
    expect(ta1.text).toBe(`${ISA}TA1*000000101*240115*0930*R*025~IEA*0*000000042~`)
    expect(ta1.action).toBe('rejected')
  })

  it('rejects a mismatched IEA02 (001) and accepts a clean interchange (000)', () => {
    const mismatched = parse([...group('PO', '7', [order850()]), 'IEA*1*000000102'])
    expect(writeTa1({ ...envelope, answering: mismatched }).text).toBe(`${ISA}TA1*000000101*240115*0930*R*001~IEA*0*000000042~`)
    const clean = writeTa1({ ...envelope, answering: parse([...group('PO', '7', [order850()]), 'IEA*1*000000101']) })
    expect(clean.text).toContain('TA1*000000101*240115*0930*A*000~')
    expect(clean.action).toBe('accepted')
    // An inbound TA1 reads back as a syntax ack for our interchange.
    const back = parseX12(clean.bytes, { tolerant: false }).interchanges[0]!
    expect(back.issues).toEqual([])
    expect(back.messages[0]!.document).toEqual({ kind: 'syntax_ack', interchangeRef: '000000101', action: 'accepted', messages: [] })
  })

  it('gives a wrong ISA field its own note code', () => {
    const text = x12([...group('PO', '7', [order850()]), 'IEA*1*000000101']).replace('*240115*', '*241315*')
    const answering = parseX12(bytes(text), { tolerant: false }).interchanges[0]!
    expect(writeTa1({ ...envelope, answering }).text).toContain('TA1*000000101**0930*R*014~')
  })
})

describe('x12Code', () => {
  it.each([
    ['reference_mismatch', 'interchange', '001'],
    ['count_mismatch', 'interchange', '021'],
    ['duplicate', 'interchange', '025'],
    ['truncated', 'interchange', '023'],
    ['reference_mismatch', 'group', '4'],
    ['count_mismatch', 'group', '5'],
    ['reference_mismatch', 'set', '3'],
    ['count_mismatch', 'set', '4'],
    ['segment_order', 'segment', '7'],
    ['missing', 'element', '1'],
    ['invalid_character', 'element', '6'],
  ] as const)('%s at %s level → %s', (code, level, expected) => {
    expect(x12Code(code, level)).toBe(expected)
  })
})
