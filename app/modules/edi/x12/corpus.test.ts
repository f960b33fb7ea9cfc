// Conformance against the shared corpus (../shared/edi-corpus/SOURCES.md): the files stay outside the repo, so the
// suite runs only where they are present.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { CanonicalOrder, X12Settings } from '../document'
import { el } from './850'
import { parseX12, write997 } from './index'
import { tokenizeX12 } from './tokenizer'

const dir = process.env.EDI_CORPUS ?? path.resolve(process.cwd(), '../shared/edi-corpus')
const present = existsSync(path.join(dir, 'SOURCES.md'))
const suite = present ? describe : describe.skip
const read = (name: string) => new Uint8Array(readFileSync(path.join(dir, name)))
const parse = (name: string) => parseX12(read(name), { tolerant: false })
const settings: X12Settings = { version: '004010', elementSeparator: '*', componentSeparator: '>', segmentTerminator: '~', repetitionSeparator: '^' }

suite(present ? 'X12 corpus conformance' : `X12 corpus conformance (skipped: no corpus at ${dir}; set EDI_CORPUS)`, () => {
  it('parses every X12 file without throwing', () => {
    const files = readdirSync(dir).filter((f) => f.includes('x12') && f.endsWith('.edi'))
    expect(files.length).toBeGreaterThanOrEqual(9)
    for (const f of files) expect(parse(f).syntax, f).toBe('x12')
  })

  it('850 4010VICS: PO 08292233294 with 6 lines, clean', () => {
    const x = parse('x12-850-4010vics-six-lines.edi').interchanges[0]!
    expect(x.controlRef).toBe('000003438')
    expect(x.messages[0]!.issues).toEqual([])
    const order = x.messages[0]!.document as CanonicalOrder
    expect(order.documentNumber).toBe('08292233294')
    expect(order.lines.map((l) => [l.lineNo, l.qty, l.buyerArticle, l.supplierArticle])).toEqual([
      ['1', '120', '065322-117', 'AB3542'],
      ['2', '220', '066850-116', 'RD5322'],
      ['3', '126', '060733-110', 'XY5266'],
      ['4', '76', '065308-116', 'VX2332'],
      ['5', '72', '065374-118', 'RV0524'],
      ['6', '696', '067504-118', 'DX1875'],
    ])
    expect(order.requestedDate).toBe('2010-12-14')
  })

  it('855: lines 1 and 4 IA, lines 2 and 3 IR', () => {
    const segments = tokenizeX12(read('x12-855-4010-line-ack-ia-ir.edi'), false).interchanges[0]!.segments
    const acks: [string, string][] = []
    let line = ''
    for (const s of segments) {
      if (s.tag === 'PO1') line = el(s, 1)
      if (s.tag === 'ACK') acks.push([line, el(s, 1)])
    }
    expect(acks).toEqual([
      ['1', 'IA'],
      ['2', 'IR'],
      ['3', 'IR'],
      ['4', 'IA'],
    ])
    expect(parse('x12-855-4010-line-ack-ia-ir.edi').interchanges[0]!.messages[0]!.issues).toEqual([])
  })

  it('856: two items shipped, 24 and 6 EA', () => {
    const x = parse('x12-856-4060-asn.edi').interchanges[0]!
    expect(x.messages[0]!.issues).toEqual([])
    const segments = tokenizeX12(read('x12-856-4060-asn.edi'), false).interchanges[0]!.segments
    expect(segments.filter((s) => s.tag === 'SN1').map((s) => [el(s, 2), el(s, 3)])).toEqual([
      ['24', 'EA'],
      ['6', 'EA'],
    ])
  })

  it('810: two invoices in one group, test flag surfaced', () => {
    const x = parse('x12-810-4010-two-invoices.edi').interchanges[0]!
    expect(x.test).toBe(true)
    expect(x.issues).toEqual([])
    expect(x.messages.map((m) => [m.type, m.ref, m.issues.length])).toEqual([
      ['810', '000000001', 0],
      ['810', '000000002', 0],
    ])
  })

  it('newline terminator: 4 PO1 lines', () => {
    const x = parse('x12-850-4010-newline-terminator.edi').interchanges[0]!
    expect(x.separators.terminator).toBe('\n')
    expect((x.messages[0]!.document as CanonicalOrder).lines).toHaveLength(4)
  })

  it('duplicate control numbers: flagged, and PO 95018017 is not created four times', () => {
    const x = parse('x12-850-4010-duplicate-control-numbers.edi').interchanges[0]!
    const codes = [...x.groups.flatMap((g) => g.issues), ...x.messages.flatMap((m) => m.issues)].map((i) => i.code)
    expect(codes).toContain('duplicate')
    expect(x.messages).toHaveLength(4)
    expect(x.messages.filter((m) => m.document !== null)).toHaveLength(1)
  })

  it('997: accepted, correlating group 214 and set 000000390', () => {
    const m = parse('x12-997-4010-accepted.edi').interchanges[0]!.messages[0]!
    expect(m.document).toEqual({ kind: 'syntax_ack', groupRef: '214', action: 'accepted', messages: [{ ref: '000000390', action: 'accepted' }] })
  })

  it('derived SE mismatch: our 997 says AK5*R*4 and AK9*R', () => {
    const x = parse('derived-x12-850-4010-se-count-mismatch.edi').interchanges[0]!
    expect(x.messages[0]!.document).toBeNull()
    const ack = write997({
      answering: x,
      sender: { id: 'SUPPLIER' },
      recipient: { id: 'BUYER' },
      controlRef: '1',
      groupRef: '1',
      preparedAt: new Date(Date.UTC(2024, 0, 1)),
      settings,
    })
    expect(ack.text).toContain('~AK2*850*000000010~AK5*R*4~AK9*R*1*1*0~')
    expect(ack.action).toBe('rejected')
  })

  it('derived truncated: no document, truncated', () => {
    const r = parse('derived-x12-850-4010-truncated.edi')
    const x = r.interchanges[0]!
    expect(x.issues.map((i) => i.code)).toContain('truncated')
    expect(x.messages.every((m) => m.document === null)).toBe(true)
  })
})
