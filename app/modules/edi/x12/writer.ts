// X12 serialisers: our canonical documents → 850/855/856/810/832/846/824 inside GS/GE and ISA/IEA. The counts
// (SE01, GE01, IEA01) are computed here, never taken from the caller.
//
// X12 has no release character (X12.6 §3.3): a delimiter inside data cannot be escaped. Our documented choice is
// to REPLACE every element, component and repetition separator, the segment terminator and any control character
// (CR, LF, TAB …) found in a data value by one space. The text stays readable and the segment structure can never
// be broken by a partner's or a user's text; readers therefore see 'A B' where we were given 'A*B'.
import type {
  ApplicationErrorReport,
  CanonicalOrder,
  DespatchAdvice,
  InventoryReport,
  Invoice,
  ItemIds,
  OrderResponse,
  OrderResponseLine,
  OutboundDocument,
  Party,
  PartyId,
  PriceCatalog,
  X12Settings,
} from '../document'

type Value = string | undefined | null
/** A data element: a simple value, or its components. */
type Element = Value | Value[]

const encoder = new TextEncoder()

export function checkSettings(settings: X12Settings): void {
  const delimiters = [settings.elementSeparator, settings.componentSeparator, settings.segmentTerminator[0] ?? '']
  if (settings.version === '005010') delimiters.push(settings.repetitionSeparator)
  for (const d of delimiters) {
    if (d.length !== 1 || /[A-Za-z0-9 ]/.test(d))
      throw new RangeError(`X12 delimiter '${d}' must be one character that is not a letter, digit or space.`)
  }
  if (new Set(delimiters).size !== delimiters.length) throw new RangeError('X12 delimiters must differ from each other.')
  if (!/^[\r\n]*$/.test(settings.segmentTerminator.slice(1))) throw new RangeError('Only CR/LF may follow the X12 segment terminator.')
}

export class SegmentWriter {
  readonly segments: string[] = []
  private readonly forbidden: RegExp

  constructor(private readonly settings: X12Settings) {
    const chars = [settings.elementSeparator, settings.componentSeparator, settings.segmentTerminator[0]!]
    if (settings.version === '005010') chars.push(settings.repetitionSeparator)
    const escaped = chars.map((c) => c.replace(/[\\\]^-]/g, '\\$&')).join('')
    this.forbidden = new RegExp(`[${escaped}\\u0000-\\u001f\\u007f-\\u009f]`, 'g')
  }

  clean(value: Value): string {
    return value ? value.replace(this.forbidden, ' ') : ''
  }

  add(tag: string, ...elements: Element[]): void {
    const texts = elements.map((e) => {
      if (Array.isArray(e)) {
        const parts = e.map((c) => this.clean(c))
        while (parts.length && parts[parts.length - 1] === '') parts.pop()
        return parts.join(this.settings.componentSeparator)
      }
      return this.clean(e)
    })
    // X12.6: trailing empty elements are not written.
    while (texts.length && texts[texts.length - 1] === '') texts.pop()
    this.segments.push([tag, ...texts].join(this.settings.elementSeparator))
  }
}

export function render(segments: string[], settings: X12Settings): string {
  return segments.map((s) => s + settings.segmentTerminator).join('')
}

export function utf8(text: string): Uint8Array {
  return encoder.encode(text)
}

const pad2 = (n: number) => String(n).padStart(2, '0')
export function ymd(date: Date): string {
  return `${date.getUTCFullYear()}${pad2(date.getUTCMonth() + 1)}${pad2(date.getUTCDate())}`
}
export function hm(date: Date): string {
  return `${pad2(date.getUTCHours())}${pad2(date.getUTCMinutes())}`
}
/** ISO YYYY-MM-DD → CCYYMMDD. */
export function x12Date(iso: Value): string {
  return iso ? iso.replace(/-/g, '') : ''
}

/** A decimal string → integer cents (TDS01, SAC05 are N2: two implied decimals), half up on the third decimal. */
export function toCents(amount: string): string {
  const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(amount.trim())
  if (!m) throw new RangeError(`'${amount}' is not a decimal amount.`)
  const frac = (m[3] ?? '').padEnd(3, '0')
  let cents = BigInt(m[2] || '0') * 100n + BigInt(frac.slice(0, 2))
  if (frac[2]! >= '5') cents += 1n
  return `${m[1] && cents !== 0n ? '-' : ''}${cents}`
}

function controlNumber(value: string, name: string, width: number): string {
  if (!/^\d+$/.test(value) || value.length > width) throw new RangeError(`${name} '${value}' must be 1 to ${width} digits.`)
  return value
}

/** ISA with its fixed widths (X12.5): ISA06/ISA08 15 characters, ISA13 9 digits. */
export function isaSegment(input: {
  sender: PartyId
  recipient: PartyId
  controlRef: string
  preparedAt: Date
  test: boolean
  settings: X12Settings
}): string {
  const { sender, recipient, settings } = input
  const id = (p: PartyId, name: string) => {
    if (p.id.length > 15) throw new RangeError(`${name} '${p.id}' is longer than 15 characters.`)
    // ISA is read by position before its delimiters are known: an identifier carrying one cannot be replaced.
    if ([settings.elementSeparator, settings.componentSeparator, settings.segmentTerminator[0]].some((d) => d && p.id.includes(d))) {
      throw new RangeError(`${name} '${p.id}' contains an X12 delimiter.`)
    }
    return p.id.padEnd(15, ' ')
  }
  const qualifier = (p: PartyId) => (p.qualifier ?? 'ZZ').padEnd(2, ' ').slice(0, 2)
  const yymmdd = ymd(input.preparedAt).slice(2)
  const fields = [
    '00',
    ' '.repeat(10),
    '00',
    ' '.repeat(10),
    qualifier(sender),
    id(sender, 'ISA06'),
    qualifier(recipient),
    id(recipient, 'ISA08'),
    yymmdd,
    hm(input.preparedAt),
    // ISA11: the repetition separator from 00402 on; the standards identifier U before.
    settings.version === '005010' ? settings.repetitionSeparator : 'U',
    settings.version === '005010' ? '00501' : '00401',
    controlNumber(input.controlRef, 'ISA13', 9).padStart(9, '0'),
    '0',
    input.test ? 'T' : 'P',
    settings.componentSeparator,
  ]
  return ['ISA', ...fields].join(settings.elementSeparator)
}

export function gsSegment(
  w: SegmentWriter,
  functionalId: string,
  sender: PartyId,
  recipient: PartyId,
  groupRef: string,
  preparedAt: Date,
  settings: X12Settings,
) {
  controlNumber(groupRef, 'GS06', 9)
  w.add('GS', functionalId, sender.id, recipient.id, ymd(preparedAt), hm(preparedAt), groupRef, 'X', settings.version)
}

// ---------------------------------------------------------------------------------------------------------------
// Transaction sets. Each writes its body (after ST, before SE).

type Doc = OutboundDocument | CanonicalOrder

export const setIds: Record<Doc['kind'], { set: string; functionalId: string }> = {
  order: { set: '850', functionalId: 'PO' },
  order_response: { set: '855', functionalId: 'PR' },
  despatch_advice: { set: '856', functionalId: 'SH' },
  invoice: { set: '810', functionalId: 'IN' },
  price_catalog: { set: '832', functionalId: 'SC' },
  inventory_report: { set: '846', functionalId: 'IB' },
  application_error: { set: '824', functionalId: 'AG' },
}

/** N1: N103 'UL' with a GLN, else the party's own qualifier and id. */
function party(w: SegmentWriter, role: string, p: Party | undefined) {
  if (!p) return
  if (p.gln) w.add('N1', role, p.name, 'UL', p.gln)
  else w.add('N1', role, p.name, p.id ? p.idQualifier || 'ZZ' : undefined, p.id)
}

function gtinQualifier(gtin: string): string {
  // 235: UP = UPC (GTIN-12), UK = GTIN-14, EN = EAN (GTIN-13, GTIN-8).
  return gtin.length === 12 ? 'UP' : gtin.length === 14 ? 'UK' : 'EN'
}

function idPairs(ids: ItemIds): string[] {
  const pairs: string[] = []
  if (ids.gtin) pairs.push(gtinQualifier(ids.gtin), ids.gtin)
  if (ids.buyerArticle) pairs.push('IN', ids.buyerArticle)
  if (ids.buyerPart) pairs.push('BP', ids.buyerPart)
  if (ids.supplierArticle) pairs.push('VN', ids.supplierArticle)
  return pairs
}

function description(w: SegmentWriter, text: string | undefined) {
  if (text) w.add('PID', 'F', '', '', '', text)
}

const purposeCodes: Record<CanonicalOrder['function'], string> = { original: '00', cancellation: '01', change: '04', replace: '05' }

function write850(w: SegmentWriter, o: CanonicalOrder) {
  // BEG02 SA = stand-alone order.
  w.add('BEG', purposeCodes[o.function], 'SA', o.documentNumber, '', x12Date(o.documentDate))
  if (o.currency) w.add('CUR', 'BY', o.currency)
  if (o.contractRef) w.add('REF', 'CT', o.contractRef)
  if (o.promotionRef) w.add('REF', 'PD', o.promotionRef)
  if (o.requestedDate) w.add('DTM', '002', x12Date(o.requestedDate))
  if (o.note) {
    w.add('N9', 'L1', 'NOTES')
    w.add('MSG', o.note)
  }
  party(w, 'BY', o.buyer)
  party(w, 'SU', o.supplier)
  party(w, 'ST', o.deliveryParty)
  party(w, 'BT', o.invoicee)
  for (const l of o.lines) {
    w.add('PO1', l.lineNo, l.qty, l.unit, l.price, '', ...idPairs(l))
    description(w, l.description)
    if (l.requestedDate) w.add('DTM', '002', x12Date(l.requestedDate))
  }
  w.add('CTT', String(o.lines.length))
}

/** BAK02 (587): AD acknowledged without change, AC with changes, RD rejected. */
const bakCodes: Record<OrderResponse['status'], string> = { accepted: 'AD', changed: 'AC', rejected: 'RD' }

/** ACK01 (668): IA accepted, IC changed, IQ quantity changed, IR rejected. */
export function ackCode(line: OrderResponseLine): string {
  if (line.action === 'accepted') return 'IA'
  if (line.action === 'rejected') return 'IR'
  // IQ only when the quantity is the one thing that changed as far as the line says (no new date given).
  return line.qty !== line.orderedQty && !line.deliveryDate ? 'IQ' : 'IC'
}

function write855(w: SegmentWriter, r: OrderResponse) {
  // BAK08 = our order number; BAK09 = the date of this acknowledgement.
  w.add('BAK', '00', bakCodes[r.status], r.orderNumber, x12Date(r.orderDate ?? r.documentDate), '', '', '', r.ourOrderNumber, x12Date(r.documentDate))
  w.add('CUR', 'SE', r.currency)
  party(w, 'BY', r.buyer)
  party(w, 'SU', r.supplier)
  party(w, 'ST', r.deliveryParty)
  for (const l of r.lines) {
    w.add('PO1', l.lineNo, l.orderedQty, l.unit, l.price, '', ...idPairs(l))
    description(w, l.description)
    // The reason rides in the PO1 loop's REF (before the ACK loop, 855 position 100): REF01 ZZ, REF02 our code,
    // REF03 the sentence in the partner's language.
    if (l.reason) w.add('REF', 'ZZ', l.reason.code, l.reason.text)
    // ACK04 068 = current schedule ship, ACK05 its date.
    w.add('ACK', ackCode(l), l.qty, l.unit, l.deliveryDate ? '068' : '', x12Date(l.deliveryDate))
  }
  w.add('CTT', String(r.lines.length))
}

function write856(w: SegmentWriter, d: DespatchAdvice, preparedAt: Date) {
  // BSN05 0002: shipment, order, item (packaging omitted).
  w.add('BSN', '00', d.documentNumber, x12Date(d.documentDate), hm(preparedAt), '0002')
  w.add('HL', '1', '', 'S')
  if (d.carrier) w.add('TD5', '', '2', d.carrier)
  if (d.trackingNumber) w.add('REF', 'CN', d.trackingNumber)
  w.add('DTM', '011', x12Date(d.despatchDate))
  if (d.expectedDeliveryDate) w.add('DTM', '017', x12Date(d.expectedDeliveryDate))
  party(w, 'BY', d.buyer)
  party(w, 'SU', d.supplier)
  party(w, 'ST', d.deliveryParty)
  // MAN01 GM = SSCC-18 (GS1 serial shipping container code).
  if (d.sscc) w.add('MAN', 'GM', d.sscc)
  w.add('HL', '2', '1', 'O')
  w.add('PRF', d.orderNumber)
  let hl = 2
  for (const l of d.lines) {
    hl++
    w.add('HL', String(hl), '2', 'I')
    w.add('LIN', l.lineNo, ...idPairs(l))
    // SN101 = the partner's order line this item ships.
    w.add('SN1', l.orderLineNo, l.qty, l.unit)
    description(w, l.description)
  }
  w.add('CTT', String(hl))
}

function write810(w: SegmentWriter, inv: Invoice) {
  w.add('BIG', x12Date(inv.documentDate), inv.documentNumber, '', inv.orderNumber)
  w.add('CUR', 'SE', inv.currency)
  if (inv.despatchNumber) w.add('REF', 'PK', inv.despatchNumber)
  party(w, 'BY', inv.buyer)
  party(w, 'SU', inv.supplier)
  party(w, 'BT', inv.invoicee)
  party(w, 'ST', inv.deliveryParty)
  // ITD06 = terms net due date.
  if (inv.paymentDueDate) w.add('ITD', '01', '3', '', '', '', x12Date(inv.paymentDueDate))
  for (const l of inv.lines) {
    w.add('IT1', l.lineNo, l.qty, l.unit, l.unitPrice, '', ...idPairs(l))
    // TXI01 VA = value added tax, TXI02 amount, TXI03 percent.
    w.add('TXI', 'VA', l.vat, l.vatRate)
    description(w, l.description)
  }
  w.add('TDS', toCents(inv.totals.gross))
  // SAC*C*D240: freight charge, SAC05 in cents.
  if (toCents(inv.totals.freight) !== '0') w.add('SAC', 'C', 'D240', '', '', toCents(inv.totals.freight))
  w.add('CTT', String(inv.lines.length))
}

function write832(w: SegmentWriter, c: PriceCatalog) {
  // BCT01 PC = price catalog.
  w.add('BCT', 'PC', c.documentNumber)
  w.add('DTM', '007', x12Date(c.validFrom))
  w.add('CUR', 'SE', c.currency)
  party(w, 'BY', c.buyer)
  party(w, 'SU', c.supplier)
  for (const l of c.lines) {
    w.add('LIN', l.lineNo, ...idPairs(l))
    // CTP02 NET = net price, CTP03 the price, CTP04 the minimum quantity, CTP05 its unit.
    w.add('CTP', '', 'NET', l.price, l.minQty, [l.unit])
    description(w, l.description)
  }
  w.add('CTT', String(c.lines.length))
}

function write846(w: SegmentWriter, r: InventoryReport) {
  // BIA02 DD = distributor inventory report.
  w.add('BIA', '00', 'DD', r.documentNumber, x12Date(r.documentDate))
  party(w, 'BY', r.buyer)
  party(w, 'SU', r.supplier)
  for (const l of r.lines) {
    w.add('LIN', l.lineNo, ...idPairs(l))
    description(w, l.description)
    // QTY01 33 = quantity available for sale; a zero line is written, never dropped.
    w.add('QTY', '33', l.qty, [l.unit])
  }
  w.add('CTT', String(r.lines.length))
}

function write824(w: SegmentWriter, a: ApplicationErrorReport) {
  w.add('BGN', '00', a.documentNumber, x12Date(a.documentDate))
  party(w, 'BY', a.buyer)
  party(w, 'SU', a.supplier)
  // OTI01 TR = transaction set rejected; OTI02 PO + OTI03 the partner's PO number; OTI09 their ST02.
  w.add('OTI', 'TR', 'PO', a.referencedDocument, '', '', '', '', '', a.referencedMessageRef)
  for (const e of a.errors) {
    // TED01 ZZZ = mutually defined; TED02 our code and sentence; TED07 the line it concerns.
    w.add('TED', 'ZZZ', `${e.code}: ${e.text}`, '', '', '', '', e.lineNo)
  }
}

export function writeSet(w: SegmentWriter, doc: Doc, preparedAt: Date): void {
  switch (doc.kind) {
    case 'order':
      return write850(w, doc)
    case 'order_response':
      return write855(w, doc)
    case 'despatch_advice':
      return write856(w, doc, preparedAt)
    case 'invoice':
      return write810(w, doc)
    case 'price_catalog':
      return write832(w, doc)
    case 'inventory_report':
      return write846(w, doc)
    case 'application_error':
      return write824(w, doc)
  }
}

export interface WriteX12Input {
  sender: PartyId
  recipient: PartyId
  /** ISA13, up to 9 digits (padded). */
  controlRef: string
  /** GS06. */
  groupRef: string
  preparedAt: Date
  test: boolean
  settings: X12Settings
  documents: Doc[]
}

/**
 * One interchange with one functional group. Documents of different functional groups (an 855 and an 810, say)
 * are refused: the caller owns the control numbers and sends one interchange per group.
 */
export function writeX12(input: WriteX12Input): { bytes: Uint8Array; text: string; setRefs: string[] } {
  const { settings } = input
  checkSettings(settings)
  const kinds = new Set(input.documents.map((d) => setIds[d.kind].functionalId))
  if (kinds.size > 1) throw new RangeError(`One interchange carries one functional group; got ${[...kinds].join(', ')}.`)
  if (input.documents.length === 0) throw new RangeError('writeX12 needs at least one document.')
  const w = new SegmentWriter(settings)
  w.segments.push(isaSegment(input))
  gsSegment(w, setIds[input.documents[0]!.kind].functionalId, input.sender, input.recipient, input.groupRef, input.preparedAt, settings)
  const setRefs: string[] = []
  input.documents.forEach((doc, i) => {
    const ref = String(i + 1).padStart(4, '0')
    setRefs.push(ref)
    const start = w.segments.length
    w.add('ST', setIds[doc.kind].set, ref)
    writeSet(w, doc, input.preparedAt)
    w.add('SE', String(w.segments.length - start + 1), ref)
  })
  w.add('GE', String(input.documents.length), input.groupRef)
  w.add('IEA', '1', input.controlRef.padStart(9, '0'))
  const text = render(w.segments, settings)
  return { bytes: utf8(text), text, setRefs }
}
