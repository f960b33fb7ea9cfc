import { describe, expect, it } from 'vitest'
import { offendingSegments, separatorsOf, splitSegments } from './segments'

// Splitting raw text for the monitor's display: the offsets must be the parser's, so the marked segment is the one
// the CONTRL names.

describe('splitSegments', () => {
  it('splits EDIFACT at the terminator, honouring the release character', () => {
    const text = "UNA:+.? 'UNB+UNOC:3+1+2'FTX+AAI+++Rock?'n roll'UNZ+1+1'"
    const segs = splitSegments(text)
    expect(segs.map((s) => s.tag)).toEqual(['UNA', 'UNB', 'FTX', 'UNZ'])
    expect(segs[2].text).toBe("FTX+AAI+++Rock?'n roll'")
    expect(text.slice(segs[3].start, segs[3].end)).toBe("UNZ+1+1'")
  })

  it('reads another terminator from UNA and keeps newlines out of the tag', () => {
    const segs = splitSegments('UNA:+.? !\nUNB+UNOC:3!\nUNH+1+ORDERS!')
    expect(separatorsOf('UNA:+.? !').terminator).toBe('!')
    expect(segs.map((s) => s.tag)).toEqual(['UNA', 'UNB', 'UNH'])
  })

  it('takes X12 separators from the fixed ISA positions', () => {
    const isa = 'ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *240101*1200*U*00401*000000001*0*T*>~'
    expect(isa.length).toBe(106)
    expect(separatorsOf(isa)).toMatchObject({ element: '*', terminator: '~' })
    expect(splitSegments(isa + 'GS*PO*S*R~ST*850*0001~').map((s) => s.tag)).toEqual(['ISA', 'GS', 'ST'])
  })

  it('keeps a trailing segment without its terminator (a truncated file)', () => {
    expect(splitSegments("UNB+UNOC:3'UNH+1+ORD").map((s) => s.tag)).toEqual(['UNB', 'UNH'])
  })
})

describe('offendingSegments', () => {
  const text = "UNB+UNOC:3+1+2'UNH+1+ORDERS:D:96A:UN:EAN008'BGM+220+PO1'QTY+21:x'UNT+4+1'UNZ+1+1'"
  const segs = splitSegments(text)

  it('marks a message-level issue by its segment index inside the message (UNH is 1)', () => {
    const start = text.indexOf('UNH')
    const hit = offendingSegments(
      segs,
      [{ level: 'message', code: 'invalid_value', severity: 'error', segment: { tag: 'QTY', index: 3 }, message: 'x' }],
      start,
    )
    expect([...hit].map((i) => segs[i].tag)).toEqual(['QTY'])
  })

  it('marks an issue by character offset when the parser gave one', () => {
    const offset = text.indexOf('UNZ')
    const hit = offendingSegments(segs, [{ level: 'interchange', code: 'count_mismatch', severity: 'error', offset, message: 'x' }], null)
    expect([...hit].map((i) => segs[i].tag)).toEqual(['UNZ'])
  })

  it('marks nothing for an issue without a place', () => {
    expect(offendingSegments(segs, [{ level: 'file', code: 'unreadable', severity: 'error', message: 'x' }], null).size).toBe(0)
  })
})
