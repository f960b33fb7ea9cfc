import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { CanonicalOrder, EdifactCharset, OrderLine, Party } from '../document'
import { parseEdifact, writeEdifact } from './index'

// Texts mix Cyrillic, Latin and every service character, so release characters are exercised in both charsets.
const chars = fc.constantFrom(..."АБВЁЖЩЫЯабвёжщыяABCXYZabc0189 .,-/+:'?*".split(''))
const text = fc.string({ unit: chars, minLength: 1, maxLength: 24 })
const code = fc.string({ unit: fc.constantFrom(...'ABC0123-+:?'.split('')), minLength: 1, maxLength: 12 })
const decimal = fc
  .tuple(fc.integer({ min: 0, max: 99999 }), fc.option(fc.integer({ min: 0, max: 999 }), { nil: undefined }))
  .map(([i, f]) => (f === undefined ? String(i) : `${i}.${f}`))
const isoDate = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10))
const gln = fc.stringMatching(/^\d{13}$/)
const party: fc.Arbitrary<Party> = fc.oneof(
  fc.record({ gln, name: text }, { requiredKeys: ['gln'] }),
  fc.record({ id: code, idQualifier: fc.constantFrom('91', '92') }),
)
const line = (i: number): fc.Arbitrary<OrderLine> =>
  fc
    .record(
      {
        gtin: fc.stringMatching(/^\d{13}$/),
        buyerArticle: code,
        buyerPart: code,
        supplierArticle: code,
        description: text,
        qty: decimal,
        unit: fc.constantFrom('PCE', 'KGM'),
        price: decimal,
        requestedDate: isoDate,
      },
      { requiredKeys: ['qty'] },
    )
    .map((l) => ({ lineNo: String(i + 1), ...l }))

const order: fc.Arbitrary<CanonicalOrder> = fc.integer({ min: 1, max: 6 }).chain((n) =>
  fc
    .record(
      {
        documentNumber: code,
        function: fc.constantFrom('original', 'cancellation', 'replace', 'change'),
        documentDate: isoDate,
        requestedDate: isoDate,
        buyer: party,
        supplier: party,
        deliveryParty: party,
        invoicee: party,
        currency: fc.constantFrom('RUB', 'EUR'),
        contractRef: code,
        promotionRef: code,
        note: fc.array(text, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('\n')),
        lines: fc.tuple(...Array.from({ length: n }, (_, i) => line(i))),
      },
      // DTM is mandatory in ORDERS (UNTDID M35): an order without a document date is not a valid ORDERS.
      { requiredKeys: ['documentNumber', 'function', 'documentDate', 'lines'] },
    )
    .map((o) => ({ kind: 'order' as const, ...o })),
)

describe('CanonicalOrder → ORDERS → parseEdifact', () => {
  it.each([
    ['UNOY', 4, 'D01B', ":+.? '"],
    ['UNOE', 3, 'D96A', ":+,? '"],
    ['UNOE', 4, 'D01B', '=*.?^~'],
  ] as const)('gives the same document back (%s, syntax %s, %s, UNA %s)', (charset: EdifactCharset, syntaxVersion, directory, una) => {
    fc.assert(
      fc.property(order, (o) => {
        const w = writeEdifact({
          sender: { id: '4601234000017', qualifier: '14' },
          recipient: { id: '4607000000007', qualifier: '14' },
          controlRef: 'RT1',
          preparedAt: new Date('2025-03-22T12:00:00Z'),
          test: false,
          settings: { charset, syntaxVersion, directory, una, writeUna: false },
          documents: [o],
        })
        const r = parseEdifact(w.bytes, { tolerant: false })
        const m = r.interchanges[0].messages[0]
        expect([...r.issues, ...r.interchanges[0].issues, ...m.issues]).toEqual([])
        const expected = { ...o, lines: o.lines.map((l, i) => ({ ...l, qty: l.qty, segmentIndex: undefined as number | undefined, _i: i })) }
        const got = m.document as CanonicalOrder
        expect(got.lines.map((l) => l.segmentIndex).every((s) => typeof s === 'number')).toBe(true)
        expect({ ...got, lines: got.lines.map(({ segmentIndex: _s, ...l }) => l) }).toEqual({
          ...expected,
          lines: expected.lines.map(({ segmentIndex: _s, _i, ...l }) => l),
        })
      }),
      { numRuns: 150 },
    )
  })
})
