import { describe, expect, it } from 'vitest'
import type { DespatchAdvice, EdifactSettings, InventoryReport, Invoice, OrderResponse, OutboundDocument } from '../document'
import { contrlCode, parseEdifact, writeContrl, writeEdifact } from './index'

const settings: EdifactSettings = { directory: 'D96A', charset: 'UNOC', syntaxVersion: 3, una: ":+.? '", writeUna: true }
const us = { id: '4607000000007', qualifier: '14' }
const them = { id: '4601234000017', qualifier: '14' }
const at = new Date('2025-03-22T12:05:00Z')
const seg = (text: string) => text.split("'").filter(Boolean)

const order = (ref: string, body: string, count: number) => `UNH+${ref}+ORDERS:D:96A:UN:EAN008'${body}UNT+${count}+${ref}'`
const good = "BGM+220+PO1+9'DTM+137:20250322:102'NAD+BY+4601234000017::9'LIN+1++4601234567893:EN'QTY+21:5'UNS+S'"
const inbound = (msgs: string) =>
  parseEdifact(new TextEncoder().encode(`UNB+UNOC:3+4601234000017:14+4607000000007:14+250322:1200+RC0001'${msgs}UNZ+2+RC0001'`), { tolerant: false })
    .interchanges[0]

describe('writeContrl', () => {
  it('acknowledges a valid interchange: UCI 7 and UCM 7 per message', () => {
    const c = writeContrl({
      answering: inbound(order('1', good, 8) + order('2', good, 8)),
      sender: us,
      recipient: them,
      controlRef: 'C1',
      preparedAt: at,
      settings,
    })
    expect(c.action).toBe('accepted')
    expect(seg(c.text)).toEqual([
      'UNA:+.? ',
      'UNB+UNOC:3+4607000000007:14+4601234000017:14+250322:1205+C1++CONTRL',
      'UNH+1+CONTRL:D:3:UN',
      'UCI+RC0001+4601234000017:14+4607000000007:14+7',
      'UCM+1+ORDERS:D:96A:UN:EAN008+7',
      'UCM+2+ORDERS:D:96A:UN:EAN008+7',
      'UNT+5+1',
      'UNZ+1+C1',
    ])
  })

  it('answers the messages of a UNG group under its UCF; a wrong UNE reference is the UCF’s 28 at UNE element 2', () => {
    const grouped = (une: string) =>
      parseEdifact(
        new TextEncoder().encode(
          `UNB+UNOC:3+4601234000017:14+4607000000007:14+250322:1200+RC0002'UNG+ORDERS+4601234000017:14+4607000000007:14+250322:1200+G7+UN+D:96A'${order('1', good, 8)}${une}UNZ+1+RC0002'`,
        ),
        { tolerant: false },
      ).interchanges[0]
    const ok = writeContrl({ answering: grouped("UNE+1+G7'"), sender: us, recipient: them, controlRef: 'C3', preparedAt: at, settings })
    expect(seg(ok.text).slice(3, 6)).toEqual([
      'UCI+RC0002+4601234000017:14+4607000000007:14+7',
      'UCF+G7+4601234000017:14+4607000000007:14+7',
      'UCM+1+ORDERS:D:96A:UN:EAN008+7',
    ])
    const bad = writeContrl({ answering: grouped("UNE+1+G8'"), sender: us, recipient: them, controlRef: 'C4', preparedAt: at, settings })
    expect(bad.action).toBe('rejected')
    expect(seg(bad.text).slice(3, 6)).toEqual([
      'UCI+RC0002+4601234000017:14+4607000000007:14+4+28+UNE+2',
      'UCF+G7+4601234000017:14+4607000000007:14+4+28+UNE+2',
      'UCM+1+ORDERS:D:96A:UN:EAN008+4',
    ])
  })

  it('a bad UNT count: UCM 4 with UCS (segment position, 29) and UCD (element 1, 29)', () => {
    const c = writeContrl({
      answering: inbound(order('1', good, 8) + order('2', good, 9)),
      sender: us,
      recipient: them,
      controlRef: 'C2',
      preparedAt: at,
      settings: { ...settings, syntaxVersion: 4 },
    })
    expect(c.action).toBe('accepted_with_errors')
    expect(seg(c.text)).toEqual([
      'UNA:+.? ',
      'UNB+UNOC:4+4607000000007:14+4601234000017:14+20250322:1205+C2++CONTRL',
      'UNH+1+CONTRL:4:1:UN',
      'UCI+RC0001+4601234000017:14+4607000000007:14+7',
      'UCM+1+ORDERS:D:96A:UN:EAN008+7',
      'UCM+2+ORDERS:D:96A:UN:EAN008+4',
      'UCS+8+29',
      'UCD+29+1',
      'UNT+7+1',
      'UNZ+1+C2',
    ])
  })

  it('a duplicate from the pipeline rejects the interchange with 26; every UCM says 4', () => {
    const c = writeContrl({
      answering: inbound(order('1', good, 8) + order('2', good, 8)),
      extraIssues: [{ level: 'interchange', code: 'duplicate', severity: 'error', message: 'Same reference, other bytes.' }],
      sender: us,
      recipient: them,
      controlRef: 'C3',
      preparedAt: at,
      settings,
    })
    expect(c.action).toBe('rejected')
    expect(seg(c.text).slice(3, 6)).toEqual([
      'UCI+RC0001+4601234000017:14+4607000000007:14+4+26',
      'UCM+1+ORDERS:D:96A:UN:EAN008+4',
      'UCM+2+ORDERS:D:96A:UN:EAN008+4',
    ])
  })

  it('an interchange-level count error names UNZ and its element in the UCI', () => {
    const ic = parseEdifact(new TextEncoder().encode(`UNB+UNOC:3+A+B+250322:1200+R'${order('1', good, 8)}UNZ+3+R'`), { tolerant: false })
      .interchanges[0]
    const c = writeContrl({ answering: ic, sender: us, recipient: them, controlRef: 'C4', preparedAt: at, settings })
    expect(seg(c.text)[3]).toBe('UCI+R+A+B+4+29+UNZ+1')
  })

  it.each([
    ['unsupported_syntax', '2'],
    ['invalid_value', '12'],
    ['missing', '13'],
    ['too_many_constituents', '16'],
    ['invalid_character', '21'],
    ['duplicate', '26'],
    ['reference_mismatch', '28'],
    ['count_mismatch', '29'],
    ['too_many_repetitions', '35'],
    ['unknown_segment', '15'],
    ['segment_order', '15'],
    ['truncated', '13'],
  ] as const)('contrlCode(%s) = %s', (code, expected) => {
    expect(contrlCode(code)).toBe(expected)
  })
})

const response: OrderResponse = {
  kind: 'order_response',
  documentNumber: 'R-1',
  documentDate: '2025-03-22',
  status: 'changed',
  orderNumber: 'PO1',
  orderDate: '2025-03-21',
  buyer: { gln: '4601234000017' },
  supplier: { gln: '4607000000007' },
  currency: 'RUB',
  lines: [
    {
      lineNo: '1',
      action: 'accepted',
      gtin: '4601234567893',
      buyerArticle: 'B+1',
      supplierArticle: 'SKU-1',
      orderedQty: '5',
      qty: '5',
      unit: 'PCE',
      price: '89.9',
      deliveryDate: '2025-03-25',
    },
    {
      lineNo: '2',
      action: 'changed',
      gtin: '4601234567894',
      orderedQty: '10',
      qty: '8',
      price: '10',
      deliveryDate: '2025-03-27',
      reason: { code: 'stock', text: "Only 8: rest isn't there" },
    },
    { lineNo: '3', action: 'rejected', gtin: '4601234567895', orderedQty: '2', qty: '0', reason: { code: 'unmapped_item', text: 'Unknown item' } },
  ],
}

describe('writeEdifact', () => {
  it('ORDRSP with lines 5/3/7: exact text, release characters, decimal comma, test flag', () => {
    const w = writeEdifact({
      sender: us,
      recipient: them,
      controlRef: 'O1',
      preparedAt: at,
      test: true,
      settings: { ...settings, una: ":+,? '" },
      documents: [response],
      firstMessageRef: 41,
    })
    expect(w.messageRefs).toEqual(['41'])
    expect(w.text).toBe(
      [
        "UNA:+,? 'UNB+UNOC:3+4607000000007:14+4601234000017:14+250322:1205+O1++ORDRSP++++1'",
        "UNH+41+ORDRSP:D:96A:UN:EAN005'BGM+231+R-1+4'DTM+137:20250322:102'RFF+ON:PO1'DTM+171:20250321:102'",
        "NAD+BY+4601234000017::9'NAD+SU+4607000000007::9'CUX+2:RUB:9'",
        "LIN+1+5+4601234567893:EN'PIA+1+B?+1:IN+SKU-1:SA'QTY+21:5:PCE'DTM+2:20250325:102'PRI+AAA:89,9'",
        "LIN+2+3+4601234567894:EN'QTY+21:8'DTM+2:20250327:102'FTX+AAI++stock+Only 8?: rest isn?'t there'PRI+AAA:10'",
        "LIN+3+7+4601234567895:EN'QTY+21:0'FTX+AAI++unmapped_item+Unknown item'",
        "UNS+S'CNT+2:3'UNT+24+41'UNZ+1+O1'",
      ].join(''),
    )
    const back = parseEdifact(w.bytes, { tolerant: false }).interchanges[0]
    expect([...back.issues, ...back.messages[0].issues]).toEqual([])
  })

  const despatch: DespatchAdvice = {
    kind: 'despatch_advice',
    documentNumber: 'D-1',
    documentDate: '2025-03-24',
    despatchDate: '2025-03-24',
    expectedDeliveryDate: '2025-03-25',
    orderNumber: 'PO1',
    supplier: { gln: '4607000000007' },
    buyer: { gln: '4601234000017' },
    sscc: '346070000000000018',
    lines: [{ lineNo: '1', orderLineNo: '1', gtin: '4601234567893', qty: '5', unit: 'PCE' }],
  }
  const invoice: Invoice = {
    kind: 'invoice',
    documentNumber: 'I-1',
    documentDate: '2025-03-25',
    orderNumber: 'PO1',
    currency: 'RUB',
    lines: [
      { lineNo: '1', gtin: '4601234567893', qty: '5', unitPrice: '10.00', net: '50.00', vatRate: '20', vat: '10.00' },
      { lineNo: '2', gtin: '4601234567894', qty: '1', unitPrice: '100.00', net: '100.00', vatRate: '10', vat: '10.00' },
    ],
    totals: { net: '150.00', vat: '20.00', freight: '0.00', gross: '170.00' },
    vatBreakdown: [
      { rate: '20', base: '50.00', amount: '10.00' },
      { rate: '10', base: '100.00', amount: '10.00' },
    ],
  }
  const stock: InventoryReport = {
    kind: 'inventory_report',
    documentNumber: 'S-1',
    documentDate: '2025-03-25',
    lines: [
      { lineNo: '1', gtin: '4601234567893', qty: '0', unit: 'PCE' },
      { lineNo: '2', gtin: '4601234567894', qty: '7', unit: 'PCE' },
    ],
  }
  const docs: OutboundDocument[] = [
    response,
    despatch,
    invoice,
    stock,
    {
      kind: 'price_catalog',
      documentNumber: 'P-1',
      documentDate: '2025-03-01',
      validFrom: '2025-04-01',
      currency: 'RUB',
      lines: [{ lineNo: '1', gtin: '4601234567893', unit: 'PCE', price: '9.50', vatRate: '20' }],
    },
    {
      kind: 'application_error',
      documentNumber: 'A-1',
      documentDate: '2025-03-22',
      referencedDocument: 'PO1',
      referencedMessageRef: '1',
      errors: [{ code: 'GTIN', text: 'Unknown GTIN', lineNo: '2' }],
    },
  ]

  it.each(['D96A', 'D01B'] as const)('every outbound type in %s parses back with valid envelopes and counts', (directory) => {
    const w = writeEdifact({
      sender: us,
      recipient: them,
      controlRef: 'X1',
      preparedAt: at,
      test: false,
      settings: { ...settings, directory },
      documents: docs,
    })
    const ic = parseEdifact(w.bytes, { tolerant: false }).interchanges[0]
    expect(ic.issues).toEqual([])
    expect(ic.messages.map((m) => [m.type, m.issues.length])).toEqual([
      ['ORDRSP', 0],
      ['DESADV', 0],
      ['INVOIC', 0],
      ['INVRPT', 0],
      ['PRICAT', 0],
      ['APERAK', 0],
    ])
    const desadv = w.text.slice(w.text.indexOf('DESADV:'), w.text.indexOf('INVOIC:D'))
    expect(desadv).toContain("GIN+BJ+346070000000000018'")
    expect(desadv).not.toContain('UNS')
    const invoic = w.text.slice(w.text.indexOf('INVOIC:D'))
    expect(invoic).toContain("UNS+S'CNT+2:2'MOA+79:150.00'MOA+125:150.00'MOA+124:20.00'MOA+77:170.00'TAX+7+VAT+++:::20'MOA+125:50.00'MOA+124:10.00'")
    // A zero-stock line is written, never omitted; D.01B opens the quantity with INV.
    expect(w.text).toContain(directory === 'D01B' ? "INV++1'QTY+145:0:PCE'" : "LIN+1++4601234567893:EN'QTY+145:0:PCE'")
    expect(w.text).toContain(directory === 'D01B' ? "LIN+1++4601234567893:SRV'" : "LIN+1++4601234567893:EN'")
    expect(w.text).toContain(directory === 'D96A' ? 'BGM+12E::9+A-1+27' : 'BGM+305+A-1+27')
  })

  it('writes UNOE bytes for Cyrillic and UNOA upper-case transliteration', () => {
    const named: OutboundDocument = { ...response, buyer: { gln: '4601234000017', name: 'Лента' } }
    const unoe = writeEdifact({
      sender: us,
      recipient: them,
      controlRef: 'E1',
      preparedAt: at,
      test: false,
      settings: { ...settings, charset: 'UNOE' },
      documents: [named],
    })
    expect(Array.from(unoe.bytes)).toEqual(expect.arrayContaining([0xbb, 0xd5, 0xdd, 0xe2, 0xd0]))
    expect(parseEdifact(unoe.bytes, { tolerant: false }).text).toContain('Лента')
    const unoa = writeEdifact({
      sender: us,
      recipient: them,
      controlRef: 'A1',
      preparedAt: at,
      test: false,
      settings: { ...settings, charset: 'UNOA' },
      documents: [named],
    })
    expect(unoa.text).toContain('NAD+BY+4601234000017::9++LENTA')
    expect(parseEdifact(unoa.bytes, { tolerant: false }).interchanges[0].messages[0].issues).toEqual([])
  })
})
