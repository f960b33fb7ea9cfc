import { describe, expect, it } from 'vitest'
import type { CanonicalOrder, ParsedMessage } from '../document'
import { parseX12 } from './index'
import { bytes, group, order850, x12 } from './test-fixtures'

const firstMessage = (sets: string[][], tolerant = false): ParsedMessage =>
  parseX12(bytes(x12([...group('PO', '7', sets), 'IEA*1*000000101'])), { tolerant }).interchanges[0]!.messages[0]!

function set(body: string[]): string[] {
  return ['ST*850*0001', ...body, `SE*${body.length + 2}*0001`]
}

describe('850 reader', () => {
  it('maps BEG, CUR, REF CT, DTM 002, N1 loops, PO1 ids, PID and line dates', () => {
    const m = firstMessage([
      set([
        'BEG*05*SA*PO-1**20240115',
        'CUR*BY*USD',
        'REF*CT*K-9',
        'REF*PD*PROMO-3',
        'DTM*002*20240201',
        'N9*L1*NOTES',
        'MSG*RING THE BELL',
        'N1*BY*ACME*UL*4012345000009',
        'N1*ST*DC NORTH*92*DC-7',
        'N3*1 MAIN ST',
        'N1*BT*ACME AP*UL*4012345000016',
        'N1*VN*US*92*V-1',
        'PO1*10*13.000*EA*.75*PE*UP*012345678905*CB*B-1*BP*P-1*VP*S-1',
        'PID*F****BLUE WIDGET',
        'DTM*002*20240210',
        'PO1**2*CA*4**EN*4006381333931',
        'CTT*2',
      ]),
    ])
    expect(m.issues).toEqual([])
    expect(m.document).toEqual<CanonicalOrder>({
      kind: 'order',
      documentNumber: 'PO-1',
      function: 'replace',
      documentDate: '2024-01-15',
      requestedDate: '2024-02-01',
      currency: 'USD',
      contractRef: 'K-9',
      promotionRef: 'PROMO-3',
      note: 'RING THE BELL',
      buyer: { name: 'ACME', gln: '4012345000009' },
      deliveryParty: { name: 'DC NORTH', id: 'DC-7', idQualifier: '92' },
      invoicee: { name: 'ACME AP', gln: '4012345000016' },
      supplier: { name: 'US', id: 'V-1', idQualifier: '92' },
      lines: [
        {
          lineNo: '10',
          qty: '13.000',
          unit: 'EA',
          price: '0.75',
          gtin: '012345678905',
          buyerArticle: 'B-1',
          buyerPart: 'P-1',
          supplierArticle: 'S-1',
          description: 'BLUE WIDGET',
          requestedDate: '2024-02-10',
          segmentIndex: 14,
        },
        // PO101 left empty: numbered by position.
        { lineNo: '2', qty: '2', unit: 'CA', price: '4', gtin: '4006381333931', segmentIndex: 17 },
      ],
    })
  })

  it.each([
    ['00', 'original'],
    ['01', 'cancellation'],
    ['04', 'change'],
    ['05', 'replace'],
  ])('BEG01 %s is %s', (code, fn) => {
    const m = firstMessage([set([`BEG*${code}*SA*PO-1**20240115`, 'PO1*1*1*EA', 'CTT*1'])])
    expect((m.document as CanonicalOrder).function).toBe(fn)
  })

  it('a CTT01 that does not match the PO1 count is a count_mismatch (a warning when tolerant)', () => {
    const body = set(['BEG*00*SA*PO-1**20240115', 'PO1*1*1*EA', 'PO1*2*1*EA', 'CTT*3'])
    const strict = firstMessage([body])
    expect(strict.issues).toEqual([
      expect.objectContaining({
        level: 'message',
        code: 'count_mismatch',
        severity: 'error',
        segment: { tag: 'CTT', index: 5 },
        element: { position: 1 },
      }),
    ])
    expect(strict.document).toBeNull()
    const tolerant = firstMessage([body], true)
    expect(tolerant.issues[0]!.severity).toBe('warning')
    expect((tolerant.document as CanonicalOrder).lines).toHaveLength(2)
  })

  it('reports a bad date and a missing PO number with their elements', () => {
    const m = firstMessage([set(['BEG*00*SA***20241332', 'PO1*1*1*EA', 'CTT*1'])])
    expect(m.issues.map((i) => [i.code, i.segment?.tag, i.element?.position])).toEqual([
      ['missing', 'BEG', 3],
      ['invalid_value', 'BEG', 5],
    ])
    expect(m.document).toBeNull()
  })

  it('reports a segment out of place with its position, and a missing BEG', () => {
    const late = firstMessage([set(['BEG*00*SA*PO-1**20240115', 'PO1*1*1*EA', 'CUR*BY*USD', 'N1*ST*LATE*UL*4012345000009', 'CTT*1'])])
    // CUR inside the PO1 loop is allowed (PO1 loop CUR); N1 too (the line's N1 loop). BEG after PO1 is not.
    expect(late.issues).toEqual([])
    const wrong = firstMessage([set(['BEG*00*SA*PO-1**20240115', 'PO1*1*1*EA', 'BEG*00*SA*PO-2**20240115', 'CTT*1'])])
    expect(wrong.issues).toEqual([expect.objectContaining({ code: 'segment_order', segment: { tag: 'BEG', index: 4 } })])
    const noBeg = firstMessage([set(['PO1*1*1*EA', 'CTT*1'])])
    expect(noBeg.issues).toEqual([expect.objectContaining({ code: 'missing', segment: { tag: 'PO1', index: 2 } })])
    expect(noBeg.document).toBeNull()
  })

  it('an unknown segment is an error when strict and a warning when tolerant', () => {
    const body = set(['BEG*00*SA*PO-1**20240115', 'ZZZ*1', 'PO1*1*1*EA', 'CTT*1'])
    expect(firstMessage([body]).issues).toEqual([
      expect.objectContaining({ code: 'unknown_segment', severity: 'error', segment: { tag: 'ZZZ', index: 3 } }),
    ])
    const tolerant = firstMessage([body], true)
    expect(tolerant.issues[0]!.severity).toBe('warning')
    expect(tolerant.document).not.toBeNull()
  })

  it('parses a 10,000-line 850 in well under 300 ms', () => {
    const text = x12([...group('PO', '7', [order850('0001', 10_000)]), 'IEA*1*000000101'])
    const input = bytes(text)
    parseX12(input, { tolerant: false })
    const started = performance.now()
    const m = parseX12(input, { tolerant: false }).interchanges[0]!.messages[0]!
    const elapsed = performance.now() - started
    expect(m.issues).toEqual([])
    expect((m.document as CanonicalOrder).lines).toHaveLength(10_000)
    expect(elapsed).toBeLessThan(300)
  })
})
