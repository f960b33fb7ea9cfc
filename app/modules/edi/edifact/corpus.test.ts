import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { CanonicalOrder, InboundSyntaxAck, ParseResult, SyntaxIssue } from '../document'
import { isEdifact, parseEdifact, writeContrl } from './index'
import { normalizeDecimal } from './orders'
import { tokenize } from './tokenizer'

// The public sample corpus stays outside the repo (licences differ): /work/shared/edi-corpus/SOURCES.md lists what
// each file must do. EDI_CORPUS points elsewhere when needed.
const corpus = process.env.EDI_CORPUS ?? path.resolve(process.cwd(), '../shared/edi-corpus')
const present = fs.existsSync(corpus)
const files = present
  ? fs.readdirSync(corpus).filter((f) => f.endsWith('.edi') && isEdifact(new Uint8Array(fs.readFileSync(path.join(corpus, f)))))
  : []

const parse = (file: string, tolerant = false): ParseResult => parseEdifact(new Uint8Array(fs.readFileSync(path.join(corpus, file))), { tolerant })
const all = (r: ParseResult): SyntaxIssue[] => [
  ...r.issues,
  ...r.interchanges.flatMap((i) => [...i.issues, ...i.groups.flatMap((g) => g.issues), ...i.messages.flatMap((m) => m.issues)]),
]
const errorCodes = (issues: SyntaxIssue[]) => issues.filter((i) => i.severity === 'error').map((i) => i.code)
const orders = (r: ParseResult) =>
  r.interchanges.flatMap((i) => i.messages.map((m) => m.document)).filter((d): d is CanonicalOrder => d?.kind === 'order')
const settings = { directory: 'D96A', charset: 'UNOC', syntaxVersion: 3, una: ":+.? '", writeUna: false } as const
const contrlOf = (r: ParseResult) =>
  writeContrl({ answering: r.interchanges[0], sender: { id: 'US' }, recipient: { id: 'THEM' }, controlRef: '1', preparedAt: new Date(0), settings })
    .text

const suite = present ? describe : describe.skip
if (!present) console.warn('the corpus is outside the repo; set EDI_CORPUS')

suite(present ? `EDIFACT corpus (${corpus})` : 'EDIFACT corpus: the corpus is outside the repo; set EDI_CORPUS', () => {
  it('every EDIFACT file parses without throwing, strict and tolerant', () => {
    expect(files.length).toBeGreaterThan(15)
    for (const f of files) for (const tolerant of [false, true]) expect(parse(f, tolerant).syntax).toBe('edifact')
  })

  it('orders-d96a-ean008-una-decimal-comma: no UNZ → 13 strict; tolerant keeps the order with a warning', () => {
    const strict = parse('orders-d96a-ean008-una-decimal-comma.edi')
    expect(errorCodes(strict.interchanges[0].issues)).toEqual(['missing'])
    expect(orders(strict)).toEqual([])
    expect(contrlOf(strict)).toContain('UCI+807+12345678:8+WBDZDD:ZZ+4+13')
    const tolerant = parse('orders-d96a-ean008-una-decimal-comma.edi', true)
    const [o] = orders(tolerant)
    expect(o.documentNumber).toBe('801715918011')
    expect(o.lines.map((l) => [l.gtin, Number(l.qty)])).toEqual([
      ['5020436373085', 8],
      ['5020436373108', 8],
    ])
    expect(o.promotionRef).toBeTruthy()
  })

  it('orders-d96a-ean008-sap-multi-message: 12 orders, 18 lines, buyer item numbers, repeated BGM numbers surfaced', () => {
    const r = parse('orders-d96a-ean008-sap-multi-message.edi')
    expect(errorCodes(all(r))).toEqual([])
    const os = orders(r)
    expect(os).toHaveLength(12)
    expect(os.flatMap((o) => o.lines)).toHaveLength(18)
    expect(os.filter((o) => o.documentNumber === '4200001051')).toHaveLength(2)
    expect(os.flatMap((o) => o.lines).some((l) => l.qty.includes('.000'))).toBe(true)
  })

  it('orders-d96a-ean008-two-interchanges: 3 orders in 2 interchanges', () => {
    const r = parse('orders-d96a-ean008-two-interchanges.edi')
    expect(r.interchanges.map((i) => i.controlRef)).toEqual(['T0000000004-1', 'T0000000004-2'])
    expect(orders(r)).toHaveLength(3)
    expect(errorCodes(all(r))).toEqual([])
  })

  it('orders-d96a-ean008-wrapped-80col: DTM value 20050819', () => {
    const r = parse('orders-d96a-ean008-wrapped-80col.edi')
    expect(orders(r)[0].documentDate).toBe('2005-08-19')
  })

  it('orders-d96b-ean008-ung-group-test-flag: UNT 21 vs 18 → UCM 4 / 29, test flag surfaced', () => {
    const r = parse('orders-d96b-ean008-ung-group-test-flag.edi', true)
    const ic = r.interchanges[0]
    expect(ic.test).toBe(true)
    expect(ic.groups).toHaveLength(1)
    expect(ic.messages[0]).toMatchObject({ declaredSegments: 21, countedSegments: 18, document: null })
    expect(errorCodes(ic.messages[0].issues)).toEqual(['count_mismatch'])
    expect(contrlOf(r)).toMatch(/UCM\+1\+ORDERS:D:96B:UN:EAN008B\+4'UCS\+18\+29'/)
  })

  it('orders-d01b-ean010-146-lines-release-chars: 146 lines, release characters, U+FFFD warned', () => {
    const r = parse('orders-d01b-ean010-146-lines-release-chars.edi')
    expect(r.issues.filter((i) => i.code === 'invalid_character').map((i) => i.severity)).toEqual(['warning', 'warning'])
    const [o] = orders(r)
    expect(o.documentNumber).toBe('2019265563')
    expect(o.lines).toHaveLength(146)
    expect(o.buyer?.name?.startsWith('A+A K\uFFFDlte GmbH')).toBe(true)
    expect(r.interchanges[0].test).toBe(true)
  })

  it('derived resend: same key as the original, a different first quantity (the pipeline answers 26)', () => {
    const a = orders(parse('orders-d01b-ean010-146-lines-release-chars.edi'))[0]
    const r = parse('derived-orders-d01b-resend-same-unb-ref-changed-qty.edi')
    const b = orders(r)[0]
    expect(r.interchanges[0].controlRef).toBe('896')
    expect(b.documentNumber).toBe(a.documentNumber)
    expect([Number(a.lines[0].qty), Number(b.lines[0].qty)]).toEqual([2, 3])
    const c = writeContrl({
      ...{ answering: r.interchanges[0] },
      extraIssues: [{ level: 'interchange', code: 'duplicate', severity: 'error', message: 'dup' }],
      sender: { id: 'US' },
      recipient: { id: 'THEM' },
      controlRef: '1',
      preparedAt: new Date(0),
      settings,
    })
    expect(c.text).toContain('+4+26')
  })

  it('ordrsp-d96a-ean009-partial-acceptance: BOM tolerated, no document (ORDRSP is not read)', () => {
    const r = parse('ordrsp-d96a-ean009-partial-acceptance.edi')
    expect(r.text.charCodeAt(0)).not.toBe(0xfeff)
    expect(errorCodes(all(r))).toEqual([])
    expect(r.interchanges[0]).toMatchObject({ ackRequested: true, test: true })
    const lins = tokenize(r.text)
      .segments.filter((s) => s.tag === 'LIN')
      .map((s) => s.elements[1][0])
    expect(lins).toEqual(['5', '3', '7'])
  })

  it('ordrsp-d96a-ean005-seven-lines: UNT 216 vs 146 → 29; COM decodes to +4640123456', () => {
    const r = parse('ordrsp-d96a-ean005-seven-lines.edi')
    expect(errorCodes(r.interchanges[0].messages[0].issues)).toEqual(['count_mismatch'])
    const com = tokenize(r.text).segments.find((s) => s.tag === 'COM' && s.elements[0][1] === 'FX')
    expect(com?.elements[0][0]).toBe('+4640123456')
  })

  it('desadv-d96a-ean007-sscc-packaging: UNZ 2 vs 1 → 29; SSCCs read', () => {
    const r = parse('desadv-d96a-ean007-sscc-packaging.edi')
    expect(errorCodes(r.interchanges[0].issues)).toEqual(['count_mismatch'])
    const gins = tokenize(r.text)
      .segments.filter((s) => s.tag === 'GIN')
      .map((s) => s.elements[1][0])
    expect(gins).toEqual(expect.arrayContaining(['354107380000001051', '354107380000001068']))
  })

  it('desadv-d96a-book-supplier: UNH version "0" and BGM 1225 700101 → 12 strict, warnings tolerant', () => {
    expect(errorCodes(parse('desadv-d96a-book-supplier.edi').interchanges[0].messages[0].issues)).toEqual(['invalid_value', 'invalid_value'])
    const tolerant = parse('desadv-d96a-book-supplier.edi', true).interchanges[0].messages[0].issues
    expect(tolerant.map((i) => i.severity)).toEqual(['warning', 'warning'])
  })

  it('invoic-d96a-ean008-allowances-two-messages: 2 valid invoices', () => {
    const r = parse('invoic-d96a-ean008-allowances-two-messages.edi')
    expect(r.interchanges[0].messages).toHaveLength(2)
    expect(errorCodes(all(r))).toEqual([])
  })

  it('invoic-d01b-ean011-gs1-example: UNZ count 2 vs 1 → 29', () => {
    expect(errorCodes(parse('invoic-d01b-ean011-gs1-example.edi').interchanges[0].issues)).toEqual(['count_mismatch'])
  })

  it('invoic-d97b-custom-una-separators: recipient 006415160', () => {
    const r = parse('invoic-d97b-custom-una-separators.edi')
    expect(r.interchanges[0].recipient.id).toBe('006415160')
    expect(errorCodes(all(r))).toEqual([])
    expect(tokenize(r.text).segments.filter((s) => s.tag === 'LIN')).toHaveLength(2)
  })

  it('invoic-d93a-decimal-comma-umlaut: 19.9 and 7.5, invalid date 12, charset 21 (error strict, warning tolerant)', () => {
    const strict = parse('invoic-d93a-decimal-comma-umlaut.edi')
    const segs = tokenize(strict.text).segments
    const moa66 = segs
      .filter((s) => s.tag === 'MOA' && s.elements[0][0] === '66')
      .map((s) => normalizeDecimal(s.elements[0][1], strict.interchanges[0].separators.decimal))
    expect(moa66).toEqual(['750', '19.9', '7.5'])
    const issues = strict.interchanges[0].messages[0].issues
    expect(issues.find((i) => i.code === 'invalid_value')).toMatchObject({ segment: { tag: 'DTM' }, element: { position: 1, component: 2 } })
    expect(issues.filter((i) => i.code === 'invalid_character').every((i) => i.severity === 'error')).toBe(true)
    const tolerant = parse('invoic-d93a-decimal-comma-umlaut.edi', true).interchanges[0].messages[0].issues
    expect(tolerant.filter((i) => i.code === 'invalid_character').every((i) => i.severity === 'warning')).toBe(true)
    expect(errorCodes(tolerant)).toEqual(['invalid_value'])
  })

  it('pricat files: 5 and 152 LIN lines', () => {
    expect(tokenize(parse('pricat-d96a-ean009-gs1-example.edi').text).segments.filter((s) => s.tag === 'LIN')).toHaveLength(5)
    const sap = parse('pricat-d96a-ean005-sap-two-messages.edi')
    expect(sap.interchanges[0].messages).toHaveLength(2)
    expect(tokenize(sap.text).segments.filter((s) => s.tag === 'LIN')).toHaveLength(152)
    expect(errorCodes(all(sap))).toEqual([])
  })

  it('contrl-syntax4-interchange-ack: UCI 0020 = 131, action received', () => {
    const r = parse('contrl-syntax4-interchange-ack.edi')
    const acks = r.interchanges[0].messages.map((m) => m.document as InboundSyntaxAck)
    expect(acks).toHaveLength(2)
    expect(acks[0]).toMatchObject({ kind: 'syntax_ack', interchangeRef: '131', action: 'received' })
  })

  it('derived-orders-d96a-truncated-mid-segment: truncated, no orders, UCI 4 / 13', () => {
    const r = parse('derived-orders-d96a-truncated-mid-segment.edi', true)
    expect(errorCodes(r.interchanges[0].issues)).toEqual(['truncated'])
    expect(orders(r)).toEqual([])
    expect(contrlOf(r)).toContain('+4+13')
  })

  it('derived-orders-d96a-bad-unt-count: 108 rejected (29), 107 accepted', () => {
    const r = parse('derived-orders-d96a-bad-unt-count.edi')
    const [m107, m108] = r.interchanges[0].messages
    expect(m107.document?.kind).toBe('order')
    expect(errorCodes(m108.issues)).toEqual(['count_mismatch'])
    const text = contrlOf(r)
    expect(text).toContain("+7'UCM+107+ORDERS:D:96A:UN:EAN008+7'UCM+108+ORDERS:D:96A:UN:EAN008+4'UCS+12+29'")
  })

  it('derived-orders-d96a-bad-unz-count-and-ref: 29 and 28 at interchange level', () => {
    const r = parse('derived-orders-d96a-bad-unz-count-and-ref.edi')
    expect(errorCodes(r.interchanges[0].issues)).toEqual(['count_mismatch', 'reference_mismatch'])
    expect(orders(r)).toEqual([])
  })
})
