import { describe, expect, it } from 'vitest'
import type { CanonicalOrder } from '../document'
import { parseEdifact } from './index'

const parse = (text: string, tolerant = false) => parseEdifact(new TextEncoder().encode(text), { tolerant })
const docOf = (text: string) => parse(text).interchanges[0].messages[0]

const d96a = [
  "UNA:+,? 'UNB+UNOY:4+4601234000017:14+4607000000007:14+20250322:1200+RC0001++ORDERS++1++1'",
  "UNH+1+ORDERS:D:96A:UN:EAN008'BGM+220+PO123+9'DTM+137:20250322:102'DTM+2:202504010800:203'",
  "FTX+ZZZ+++Call before?:delivery?'s gate:second part'FTX+ZZZ+++Line two'RFF+CT:K-7'RFF+PD:PR-1'",
  "NAD+BY+4601234000017::9++Торговый дом'NAD+SU+4607000000007::9'NAD+DP+4601234000024::9'NAD+IV+ACC-1::92'CUX+2:RUB:9'",
  "LIN+1++4601234567893:EN'PIA+1+B-100:IN+BP7:BP'IMD+F++:::Чай чёрный'QTY+21:12,5:PCE'DTM+2:20250405:102'PRI+AAA:89,90'",
  "LIN+2++ART-9:SA'PIA+5+S-9:SA'QTY+21:3'PRI+AAB:10'LOC+7+4601234000031::9'QTY+11:3'",
  "UNS+S'CNT+2:2'UNT+28+1'UNZ+1+RC0001'",
].join('')

describe('readOrders D.96A (EANCOM 97)', () => {
  it('maps header, parties and lines', () => {
    const m = docOf(d96a)
    expect(m.issues).toEqual([])
    const order = m.document as CanonicalOrder
    expect(order).toEqual({
      kind: 'order',
      documentNumber: 'PO123',
      function: 'original',
      documentDate: '2025-03-22',
      requestedDate: '2025-04-01',
      buyer: { gln: '4601234000017', name: 'Торговый дом' },
      supplier: { gln: '4607000000007' },
      deliveryParty: { gln: '4601234000024' },
      invoicee: { id: 'ACC-1', idQualifier: '92' },
      currency: 'RUB',
      contractRef: 'K-7',
      promotionRef: 'PR-1',
      note: "Call before:delivery's gatesecond part\nLine two",
      lines: [
        {
          lineNo: '1',
          gtin: '4601234567893',
          buyerArticle: 'B-100',
          buyerPart: 'BP7',
          description: 'Чай чёрный',
          qty: '12.5',
          unit: 'PCE',
          requestedDate: '2025-04-05',
          price: '89.90',
          segmentIndex: 14,
        },
        { lineNo: '2', supplierArticle: 'S-9', qty: '3', price: '10', segmentIndex: 20 },
      ],
    })
  })

  it.each([
    ['1', 'cancellation'],
    ['5', 'replace'],
    ['4', 'change'],
  ])('BGM 1225 %s is %s', (code, fn) => {
    expect((docOf(d96a.replace('BGM+220+PO123+9', `BGM+220+PO123+${code}`)).document as CanonicalOrder).function).toBe(fn)
  })

  it('DTM 718 takes the first day of the range; 64 stands in for a missing 2', () => {
    const text = d96a.replace("DTM+2:202504010800:203'", "DTM+64:20250402-20250409:718'")
    expect((docOf(text).document as CanonicalOrder).requestedDate).toBe('2025-04-02')
  })

  it('an impossible date is 12 with its segment and element positions', () => {
    const m = docOf(d96a.replace('DTM+137:20250322:102', 'DTM+137:19999715:102'))
    expect(m.document).toBeNull()
    expect(m.issues).toEqual([
      expect.objectContaining({ code: 'invalid_value', segment: { tag: 'DTM', index: 3 }, element: { position: 1, component: 2 } }),
    ])
  })

  it('a segment out of order is 15 (segment_order) with its position', () => {
    const m = docOf(d96a.replace("CUX+2:RUB:9'", '').replace("UNS+S'", "UNS+S'CUX+2:RUB:9'"))
    expect(m.issues).toEqual([expect.objectContaining({ code: 'segment_order', segment: { tag: 'CUX', index: 26 } })])
  })

  it('a missing mandatory BGM is 13', () => {
    const m = docOf(d96a.replace("BGM+220+PO123+9'", '').replace('UNT+28', 'UNT+27'))
    expect(m.issues[0]).toMatchObject({ code: 'missing', message: expect.stringContaining('BGM') })
  })

  it('a non-numeric quantity is 12 at QTY element 1 component 2', () => {
    const m = docOf(d96a.replace('QTY+21:3', 'QTY+21:3x'))
    expect(m.issues).toEqual([
      expect.objectContaining({ code: 'invalid_value', segment: { tag: 'QTY', index: 22 }, element: { position: 1, component: 2 } }),
    ])
  })
})

describe('readOrders D.01B (EANCOM 2002)', () => {
  it('reads SRV GTINs and the LIN/PRI/LOC groups of D.01B', () => {
    const text = [
      "UNB+UNOY:4+4601234000017:14+4607000000007:14+20250322:1200+RC2'",
      "UNH+7+ORDERS:D:01B:UN:EAN010'BGM+220+PO-2002+9'DTM+137:20250322:102'NAD+BY+4601234000017::9'",
      "LIN+1++4601234567893:SRV'QTY+21:2'PRI+AAA:5.5'LOC+7+4601234000031::9'QTY+11:2'",
      "UNS+S'CNT+2:1'UNT+12+7'UNZ+1+RC2'",
    ].join('')
    const m = docOf(text)
    expect(m.issues).toEqual([])
    expect((m.document as CanonicalOrder).lines).toEqual([{ lineNo: '1', gtin: '4601234567893', qty: '2', price: '5.5', segmentIndex: 5 }])
  })

  it('reads D.96B with the D.96A table', () => {
    const m = docOf(d96a.replace('ORDERS:D:96A:UN:EAN008', 'ORDERS:D:96B:UN:EAN008B'))
    expect(m.document?.kind).toBe('order')
  })
})

describe('other message types', () => {
  it('parse with envelope checks and no document', () => {
    const m = docOf("UNB+UNOC:3+A+B+250322:1200+9'UNH+1+INVOIC:D:96A:UN:EAN008'BGM+380+INV1+9'UNT+3+1'UNZ+1+9'")
    expect(m).toMatchObject({ type: 'INVOIC', version: 'D:96A:UN:EAN008', issues: [], document: null })
  })

  it('reads an inbound CONTRL into InboundSyntaxAck', () => {
    const m = docOf(
      "UNB+UNOC:3+B+A+250322:1200+5'UNH+1+CONTRL:D:3:UN'UCI+131+A:14+B:14+7'UCM+1+ORDRSP:D:96A:UN:EAN005+7'UCM+2+ORDRSP:D:96A:UN:EAN005+4'UNT+5+1'UNZ+1+5'",
    )
    expect(m.document).toEqual({
      kind: 'syntax_ack',
      interchangeRef: '131',
      action: 'accepted',
      messages: [
        { ref: '1', action: 'accepted' },
        { ref: '2', action: 'rejected' },
      ],
    })
  })
})

describe('performance', () => {
  it('parses a 10,000-line ORDERS (about 50k segments) fast', () => {
    const lines: string[] = []
    for (let i = 1; i <= 10_000; i++)
      lines.push(`LIN+${i}++46012345${String(i).padStart(5, '0')}:EN'PIA+1+ART-${i}:IN'QTY+21:${i}.000:PCE'PRI+AAA:12.50'`)
    const body = `BGM+220+BIG+9'DTM+137:20250322:102'NAD+BY+4601234000017::9'${lines.join('')}UNS+S'CNT+2:10000'`
    const count = 2 + 3 + 40_000 + 2
    const text = `UNB+UNOC:3+A:14+B:14+250322:1200+P1'UNH+1+ORDERS:D:96A:UN:EAN008'${body}UNT+${count}+1'UNZ+1+P1'`
    const bytes = new TextEncoder().encode(text)
    parseEdifact(bytes, { tolerant: false })
    const t0 = performance.now()
    const r = parseEdifact(bytes, { tolerant: false })
    const ms = performance.now() - t0
    expect((r.interchanges[0].messages[0].document as CanonicalOrder).lines).toHaveLength(10_000)
    // Budget 300 ms on the shared 2-core machine; typically far below.
    expect(ms).toBeLessThan(300)
  })
})
