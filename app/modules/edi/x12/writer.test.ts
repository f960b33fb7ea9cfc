import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { CanonicalOrder, OrderResponse, X12Settings } from '../document'
import { parseX12, writeX12 } from './index'

const settings: X12Settings = { version: '004010', elementSeparator: '*', componentSeparator: '>', segmentTerminator: '~', repetitionSeparator: '^' }
const envelope = {
  sender: { id: 'SUPPLIERCO', qualifier: 'ZZ' },
  recipient: { id: 'BUYERCO', qualifier: 'ZZ' },
  controlRef: '7',
  groupRef: '7',
  preparedAt: new Date(Date.UTC(2024, 0, 16, 8, 5)),
  test: false,
  settings,
}

const response: OrderResponse = {
  kind: 'order_response',
  documentNumber: 'R-1',
  documentDate: '2024-01-16',
  status: 'changed',
  orderNumber: 'PO-77',
  orderDate: '2024-01-15',
  ourOrderNumber: 'SO-9',
  currency: 'EUR',
  lines: [
    { lineNo: '1', action: 'accepted', orderedQty: '10', qty: '10', unit: 'EA', price: '1.50', gtin: '4006381333931', deliveryDate: '2024-02-01' },
    {
      lineNo: '2',
      action: 'changed',
      orderedQty: '20',
      qty: '12',
      unit: 'EA',
      buyerArticle: 'A-2',
      reason: { code: 'stock_short', text: 'Only 12 in stock' },
    },
    {
      lineNo: '3',
      action: 'changed',
      orderedQty: '5',
      qty: '5',
      unit: 'EA',
      deliveryDate: '2024-02-09',
      reason: { code: 'lead_time', text: 'Ships later' },
    },
    {
      lineNo: '4',
      action: 'rejected',
      orderedQty: '3',
      qty: '0',
      unit: 'EA',
      supplierArticle: 'SKU-4',
      reason: { code: 'unmapped_item', text: 'Unknown item' },
    },
  ],
}

describe('writeX12', () => {
  it('writes an 855 with IA / IQ / IC / IR lines and the counts', () => {
    const out = writeX12({ ...envelope, documents: [response] })
    expect(out.setRefs).toEqual(['0001'])
    expect(out.text.split('~').slice(0, -1)).toEqual([
      'ISA*00*          *00*          *ZZ*SUPPLIERCO     *ZZ*BUYERCO        *240116*0805*U*00401*000000007*0*P*>',
      'GS*PR*SUPPLIERCO*BUYERCO*20240116*0805*7*X*004010',
      'ST*855*0001',
      'BAK*00*AC*PO-77*20240115****SO-9*20240116',
      'CUR*SE*EUR',
      'PO1*1*10*EA*1.50**EN*4006381333931',
      'ACK*IA*10*EA*068*20240201',
      'PO1*2*20*EA***IN*A-2',
      'REF*ZZ*stock_short*Only 12 in stock',
      'ACK*IQ*12*EA',
      'PO1*3*5*EA',
      'REF*ZZ*lead_time*Ships later',
      'ACK*IC*5*EA*068*20240209',
      'PO1*4*3*EA***VN*SKU-4',
      'REF*ZZ*unmapped_item*Unknown item',
      'ACK*IR*0*EA',
      'CTT*4',
      'SE*16*0001',
      'GE*1*7',
      'IEA*1*000000007',
    ])
    expect(out.text.slice(0, out.text.indexOf('~')).length).toBe(105)
    const back = parseX12(out.bytes, { tolerant: false }).interchanges[0]!
    expect([back.issues, back.groups[0]!.issues, back.messages[0]!.issues]).toEqual([[], [], []])
  })

  it('writes each outbound set in its own functional group, with envelopes that parse cleanly', () => {
    const sets = [
      {
        kind: 'despatch_advice' as const,
        documentNumber: 'D-1',
        documentDate: '2024-01-20',
        despatchDate: '2024-01-20',
        orderNumber: 'PO-77',
        carrier: 'DHLX',
        trackingNumber: 'TRK-1',
        sscc: '340123450000000018',
        lines: [{ lineNo: '1', orderLineNo: '1', qty: '24', unit: 'EA', gtin: '4006381333931' }],
      },
      {
        kind: 'invoice' as const,
        documentNumber: 'I-1',
        documentDate: '2024-01-21',
        orderNumber: 'PO-77',
        currency: 'EUR',
        lines: [{ lineNo: '1', qty: '2', unit: 'EA', unitPrice: '10.005', net: '20.01', vatRate: '20', vat: '4.00' }],
        totals: { net: '20.01', vat: '4.00', freight: '5', gross: '29.01' },
        vatBreakdown: [{ rate: '20', base: '20.01', amount: '4.00' }],
      },
      {
        kind: 'price_catalog' as const,
        documentNumber: 'C-1',
        documentDate: '2024-01-01',
        validFrom: '2024-02-01',
        currency: 'EUR',
        lines: [{ lineNo: '1', unit: 'EA', price: '9.90', vatRate: '20', supplierArticle: 'SKU-1' }],
      },
      {
        kind: 'inventory_report' as const,
        documentNumber: 'S-1',
        documentDate: '2024-01-01',
        lines: [{ lineNo: '1', qty: '0', unit: 'EA', supplierArticle: 'SKU-1' }],
      },
      {
        kind: 'application_error' as const,
        documentNumber: 'E-1',
        documentDate: '2024-01-01',
        referencedDocument: 'PO-77',
        errors: [{ code: 'unknown_gtin', text: 'GTIN unknown', lineNo: '3' }],
      },
    ]
    const expected = [
      [
        'SH',
        '856',
        [
          'HL*1**S',
          'TD5**2*DHLX',
          'REF*CN*TRK-1',
          'DTM*011*20240120',
          'MAN*GM*340123450000000018',
          'HL*2*1*O',
          'PRF*PO-77',
          'HL*3*2*I',
          'SN1*1*24*EA',
          'CTT*3',
        ],
      ],
      ['IN', '810', ['BIG*20240121*I-1**PO-77', 'IT1*1*2*EA*10.005', 'TXI*VA*4.00*20', 'TDS*2901', 'SAC*C*D240***500']],
      ['SC', '832', ['BCT*PC*C-1', 'DTM*007*20240201', 'LIN*1*VN*SKU-1', 'CTP**NET*9.90**EA']],
      ['IB', '846', ['BIA*00*DD*S-1*20240101', 'QTY*33*0*EA']],
      ['AG', '824', ['BGN*00*E-1*20240101', 'OTI*TR*PO*PO-77', 'TED*ZZZ*unknown_gtin: GTIN unknown*****3']],
    ] as const
    sets.forEach((doc, i) => {
      const out = writeX12({ ...envelope, documents: [doc] })
      const segments = out.text.split('~')
      const [functionalId, set, contains] = expected[i]!
      expect(segments[1]!.startsWith(`GS*${functionalId}*`)).toBe(true)
      expect(segments[2]).toBe(`ST*${set}*0001`)
      for (const s of contains) expect(segments).toContain(s)
      const back = parseX12(out.bytes, { tolerant: false }).interchanges[0]!
      expect([back.issues, back.groups[0]!.issues, back.messages[0]!.issues]).toEqual([[], [], []])
    })
  })

  it('refuses bad control numbers, delimiters and mixed groups', () => {
    expect(() => writeX12({ ...envelope, controlRef: '1234567890', documents: [response] })).toThrow(/ISA13/)
    expect(() => writeX12({ ...envelope, settings: { ...settings, componentSeparator: '*' }, documents: [response] })).toThrow(/differ/)
    const order: CanonicalOrder = { kind: 'order', documentNumber: 'P', function: 'original', lines: [] }
    expect(() => writeX12({ ...envelope, documents: [response, order] })).toThrow(/one functional group/)
  })
})

// Text in our fixtures: Latin, Cyrillic, digits, spaces and every delimiter we write (X12 cannot escape them).
const chars = fc.constantFrom(...'AZaz09 -./Привет Ёжик'.split(''), '*', '>', '~', '^', '\n')
const text = fc.string({ unit: chars, minLength: 1, maxLength: 20 }).filter((s) => s.trim() !== '')
const code = fc.string({ unit: fc.constantFrom(...'ABCDEFGHJK0123456789-'.split('')), minLength: 1, maxLength: 12 })
const decimal = fc
  .tuple(fc.nat(99999), fc.option(fc.nat(999), { nil: undefined }))
  .map(([i, f]) => (f === undefined ? String(i) : `${i}.${String(f).padStart(3, '0')}`))
const date = fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10))
const party = fc.oneof(
  fc.record({ gln: fc.stringMatching(/^\d{13}$/), name: text }, { requiredKeys: ['gln'] }),
  fc.record({ id: code, idQualifier: fc.constantFrom('92', '91', 'ZZ'), name: text }, { requiredKeys: ['id', 'idQualifier'] }),
)
const line = fc.record(
  {
    lineNo: code,
    gtin: fc.stringMatching(/^\d{13}$/),
    buyerArticle: code,
    buyerPart: code,
    supplierArticle: code,
    description: text,
    qty: decimal,
    unit: fc.constantFrom('EA', 'CA', 'KG'),
    price: decimal,
    requestedDate: date,
  },
  { requiredKeys: ['lineNo', 'qty'] },
)
const order = fc.record(
  {
    kind: fc.constant('order' as const),
    documentNumber: code,
    function: fc.constantFrom('original', 'cancellation', 'replace', 'change') as fc.Arbitrary<CanonicalOrder['function']>,
    documentDate: date,
    requestedDate: date,
    buyer: party,
    supplier: party,
    deliveryParty: party,
    invoicee: party,
    currency: fc.constantFrom('EUR', 'USD', 'RUB'),
    contractRef: code,
    promotionRef: code,
    note: text,
    lines: fc.array(line, { minLength: 1, maxLength: 8 }),
  },
  { requiredKeys: ['kind', 'documentNumber', 'function', 'documentDate', 'lines'] },
)

/** The documented replacement: every delimiter in force (and any control character) in data becomes one space. */
function replaced<T>(value: T, s: X12Settings): T {
  const delimiters = [s.elementSeparator, s.componentSeparator, s.segmentTerminator, ...(s.version === '005010' ? [s.repetitionSeparator] : [])]
  const clean = (v: string) => [...v].map((ch) => (delimiters.includes(ch) || ch === '\n' ? ' ' : ch)).join('')
  return JSON.parse(JSON.stringify(value), (_k, v: unknown) => (typeof v === 'string' ? clean(v) : v)) as T
}

describe('850 round trip (property)', () => {
  it.each([
    ['4010', { ...settings }],
    ['5010', { ...settings, version: '005010' as const, componentSeparator: ':' }],
  ])('CanonicalOrder → writeX12 %s → parseX12 is the same order, delimiters in text replaced by spaces', (_name, s) => {
    fc.assert(
      fc.property(order, (o) => {
        const out = writeX12({ ...envelope, settings: s, documents: [o] })
        const m = parseX12(out.bytes, { tolerant: false }).interchanges[0]!.messages[0]!
        expect(m.issues).toEqual([])
        const doc = m.document as CanonicalOrder
        expect({ ...doc, lines: doc.lines.map(({ segmentIndex: _i, ...rest }) => rest) }).toEqual(replaced(o, s))
      }),
      { numRuns: 150 },
    )
  })
})
