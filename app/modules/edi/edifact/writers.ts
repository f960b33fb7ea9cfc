// The outbound EANCOM messages (anchors §4 "write" rows): each document becomes the body of one UNH..UNT.
import type {
  ApplicationErrorReport,
  CanonicalOrder,
  DespatchAdvice,
  EdifactDirectory,
  Invoice,
  InventoryReport,
  ItemIds,
  LineAction,
  OrderResponse,
  OutboundDocument,
  Party,
  PriceCatalog,
  ResponseStatus,
} from '../document'
import { writeOrdersMessage } from './orders'
import { dtm102, MessageBuilder, type OutSegment } from './serialize'

export type WritableDocument = OutboundDocument | CanonicalOrder

/**
 * UNH S009 0057 association codes. EANCOM 97 (D.96A) subset versions as the corpus and GS1 examples show them
 * (ORDERS EAN008, ORDRSP EAN005, DESADV EAN007, INVOIC EAN008, PRICAT EAN008, INVRPT EAN005, APERAK EAN002); EANCOM 2002
 * (D.01B): ORDERS EAN010, INVOIC EAN011 (corpus), the others the first 2002 subset numbers. The partner's own manual
 * wins: these are defaults, not facts checked against every edition.
 */
export const associationCodes: Record<EdifactDirectory, Record<string, string>> = {
  D96A: { ORDERS: 'EAN008', ORDRSP: 'EAN005', DESADV: 'EAN007', INVOIC: 'EAN008', PRICAT: 'EAN008', INVRPT: 'EAN005', APERAK: 'EAN002' },
  D01B: { ORDERS: 'EAN010', ORDRSP: 'EAN007', DESADV: 'EAN007', INVOIC: 'EAN011', PRICAT: 'EAN008', INVRPT: 'EAN006', APERAK: 'EAN004' },
}

const messageTypes: Record<WritableDocument['kind'], string> = {
  order: 'ORDERS',
  order_response: 'ORDRSP',
  despatch_advice: 'DESADV',
  invoice: 'INVOIC',
  price_catalog: 'PRICAT',
  inventory_report: 'INVRPT',
  application_error: 'APERAK',
}

export function s009Of(kind: WritableDocument['kind'], directory: EdifactDirectory): string[] {
  const type = messageTypes[kind]
  return [type, 'D', directory === 'D96A' ? '96A' : '01B', 'UN', associationCodes[directory][type]]
}

/** BGM 1225 for ORDRSP (UNTDID D.97B annex): 29 accepted without amendment, 4 change, 27 not accepted. */
const statusCodes: Record<ResponseStatus, string> = { accepted: '29', changed: '4', rejected: '27' }
/** LIN 1229 (EANCOM ORDRSP): 5 accepted without amendment, 3 changed, 7 not accepted. */
const lineActionCodes: Record<LineAction, string> = { accepted: '5', changed: '3', rejected: '7' }

const dtm = (b: MessageBuilder, q: string, iso: string | undefined) => {
  if (iso) b.add('DTM', [q, dtm102(iso), '102'])
}
const nad = (b: MessageBuilder, q: string, p: Party | undefined) => {
  if (!p) return
  b.add('NAD', q, p.gln ? [p.gln, undefined, '9'] : p.id ? [p.id, undefined, p.idQualifier] : undefined, undefined, p.name ? [p.name] : undefined)
}
const gtinType = (d: EdifactDirectory) => (d === 'D01B' ? 'SRV' : 'EN')
const lin = (b: MessageBuilder, d: EdifactDirectory, lineNo: string, action: string | undefined, ids: ItemIds) =>
  b.add('LIN', lineNo, action, ids.gtin ? [ids.gtin, gtinType(d)] : undefined)
/** PIA+1 (additional identification): the buyer's IN/BP echoed and our SA. */
const pia = (b: MessageBuilder, ids: ItemIds, code = '1') => {
  const list: [string, string][] = []
  if (ids.buyerArticle) list.push([ids.buyerArticle, 'IN'])
  if (ids.buyerPart) list.push([ids.buyerPart, 'BP'])
  if (ids.supplierArticle) list.push([ids.supplierArticle, 'SA'])
  if (list.length > 0) b.add('PIA', code, ...list)
}
const imd = (b: MessageBuilder, description: string | undefined) => {
  if (description) b.add('IMD', 'F', undefined, [undefined, undefined, undefined, description])
}

function orderResponse(doc: OrderResponse, d: EdifactDirectory, b: MessageBuilder) {
  b.add('BGM', '231', doc.documentNumber, statusCodes[doc.status])
  dtm(b, '137', doc.documentDate)
  b.add('RFF', ['ON', doc.orderNumber])
  dtm(b, '171', doc.orderDate)
  if (doc.ourOrderNumber) b.add('RFF', ['VN', doc.ourOrderNumber])
  nad(b, 'BY', doc.buyer)
  nad(b, 'SU', doc.supplier)
  nad(b, 'DP', doc.deliveryParty)
  b.add('CUX', ['2', doc.currency, '9'])
  for (const l of doc.lines) {
    lin(b, d, l.lineNo, lineActionCodes[l.action], l)
    pia(b, l)
    b.add('QTY', ['21', b.dec(l.qty), l.unit])
    dtm(b, '2', l.deliveryDate)
    if (l.reason && l.action !== 'accepted') b.add('FTX', 'AAI', undefined, [l.reason.code], [l.reason.text])
    if (l.price) b.add('PRI', ['AAA', b.dec(l.price)])
  }
  b.add('UNS', 'S')
  b.add('CNT', ['2', String(doc.lines.length)])
}

function despatchAdvice(doc: DespatchAdvice, d: EdifactDirectory, b: MessageBuilder) {
  b.add('BGM', '351', doc.documentNumber, '9')
  dtm(b, '137', doc.documentDate)
  dtm(b, '11', doc.despatchDate)
  dtm(b, '17', doc.expectedDeliveryDate)
  b.add('RFF', ['ON', doc.orderNumber])
  if (doc.trackingNumber) b.add('RFF', ['CN', doc.trackingNumber])
  nad(b, 'SU', doc.supplier)
  nad(b, 'BY', doc.buyer)
  nad(b, 'DP', doc.deliveryParty)
  if (doc.carrier) b.add('TDT', '20', undefined, undefined, undefined, [undefined, undefined, undefined, doc.carrier])
  b.add('CPS', '1')
  if (doc.sscc) {
    // One package for the shipment: PCI 33E "marked with serial shipping container code", GIN BJ = the SSCC.
    b.add('PAC', '1')
    b.add('PCI', '33E')
    b.add('GIN', 'BJ', doc.sscc)
  }
  for (const l of doc.lines) {
    lin(b, d, l.lineNo, undefined, l)
    pia(b, l)
    imd(b, l.description)
    b.add('QTY', ['12', b.dec(l.qty), l.unit])
    b.add('RFF', ['ON', doc.orderNumber, l.orderLineNo])
  }
  b.add('CNT', ['2', String(doc.lines.length)])
}

function invoice(doc: Invoice, d: EdifactDirectory, b: MessageBuilder) {
  b.add('BGM', '380', doc.documentNumber, '9')
  dtm(b, '137', doc.documentDate)
  b.add('RFF', ['ON', doc.orderNumber])
  if (doc.despatchNumber) b.add('RFF', ['DQ', doc.despatchNumber])
  nad(b, 'SU', doc.supplier)
  nad(b, 'BY', doc.buyer)
  nad(b, 'IV', doc.invoicee)
  nad(b, 'DP', doc.deliveryParty)
  b.add('CUX', ['2', doc.currency, '4'])
  if (doc.paymentDueDate) {
    b.add('PAT', '1')
    dtm(b, '13', doc.paymentDueDate)
  }
  for (const l of doc.lines) {
    lin(b, d, l.lineNo, undefined, l)
    pia(b, l)
    imd(b, l.description)
    b.add('QTY', ['47', b.dec(l.qty), l.unit])
    b.add('MOA', ['203', b.dec(l.net)])
    b.add('PRI', ['AAA', b.dec(l.unitPrice)])
    b.add('TAX', '7', 'VAT', undefined, undefined, [undefined, undefined, undefined, b.dec(l.vatRate)])
    b.add('MOA', ['124', b.dec(l.vat)])
  }
  b.add('UNS', 'S')
  b.add('CNT', ['2', String(doc.lines.length)])
  b.add('MOA', ['79', b.dec(doc.totals.net)])
  if (doc.totals.freight !== '0' && doc.totals.freight !== '0.00') b.add('MOA', ['131', b.dec(doc.totals.freight)])
  b.add('MOA', ['125', b.dec(doc.vatBreakdown.length > 0 ? sumDecimals(doc.vatBreakdown.map((v) => v.base)) : doc.totals.net)])
  b.add('MOA', ['124', b.dec(doc.totals.vat)])
  b.add('MOA', ['77', b.dec(doc.totals.gross)])
  for (const v of doc.vatBreakdown) {
    b.add('TAX', '7', 'VAT', undefined, undefined, [undefined, undefined, undefined, b.dec(v.rate)])
    b.add('MOA', ['125', b.dec(v.base)])
    b.add('MOA', ['124', b.dec(v.amount)])
  }
}

/** Sums decimal strings exactly (scaled integers), keeping the largest number of decimals. */
function sumDecimals(values: string[]): string {
  const scale = Math.max(0, ...values.map((v) => (v.split('.')[1] ?? '').length))
  const total = values.reduce((acc, v) => {
    const [i, f = ''] = v.replace('-', '').split('.')
    const n = BigInt(i + f.padEnd(scale, '0'))
    return acc + (v.startsWith('-') ? -n : n)
  }, 0n)
  const neg = total < 0n
  const digits = (neg ? -total : total).toString().padStart(scale + 1, '0')
  return `${neg ? '-' : ''}${scale ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits}`
}

function priceCatalog(doc: PriceCatalog, d: EdifactDirectory, b: MessageBuilder) {
  b.add('BGM', '9', doc.documentNumber, '9')
  dtm(b, '137', doc.documentDate)
  dtm(b, '194', doc.validFrom)
  nad(b, 'SU', doc.supplier)
  nad(b, 'BY', doc.buyer)
  b.add('CUX', ['2', doc.currency, '8'])
  for (const l of doc.lines) {
    // 1229 = 1: added to the catalogue (a full catalogue re-adds every line).
    lin(b, d, l.lineNo, '1', l)
    pia(b, l, '5')
    imd(b, l.description)
    if (l.minQty) b.add('QTY', ['53', b.dec(l.minQty), l.unit])
    b.add('PRI', ['AAA', b.dec(l.price), undefined, undefined, '1', l.unit])
    b.add('TAX', '7', 'VAT', undefined, undefined, [undefined, undefined, undefined, b.dec(l.vatRate)])
  }
}

function inventoryReport(doc: InventoryReport, d: EdifactDirectory, b: MessageBuilder) {
  b.add('BGM', '35', doc.documentNumber, '9')
  dtm(b, '137', doc.documentDate)
  nad(b, 'SU', doc.supplier)
  nad(b, 'BY', doc.buyer)
  for (const l of doc.lines) {
    lin(b, d, l.lineNo, undefined, l)
    pia(b, l)
    imd(b, l.description)
    // EANCOM 2002 INVRPT opens the quantity group with INV (7491 = 1 "accepted" stock); EANCOM 97 starts at QTY.
    if (d === 'D01B') b.add('INV', undefined, '1')
    // A zero-stock line is written: its absence would read as "no change" (anchors §4).
    b.add('QTY', ['145', b.dec(l.qty), l.unit])
    if (l.nextReceiptQty && l.nextReceiptDate) {
      b.add('QTY', ['21', b.dec(l.nextReceiptQty), l.unit])
      dtm(b, '2', l.nextReceiptDate)
    }
  }
}

/**
 * APERAK BGM 1001: EANCOM 97 uses the EAN code 12E "application error and acknowledgement" (with 3055 = 9); EANCOM
 * 2002 the UN code 305. 1225 = 27 (not accepted) when there are errors, else 6 (confirmation).
 */
function applicationError(doc: ApplicationErrorReport, d: EdifactDirectory, b: MessageBuilder) {
  b.add('BGM', d === 'D96A' ? ['12E', undefined, '9'] : '305', doc.documentNumber, doc.errors.length > 0 ? '27' : '6')
  dtm(b, '137', doc.documentDate)
  b.add('RFF', ['ON', doc.referencedDocument])
  if (doc.referencedMessageRef) b.add('RFF', ['ACW', doc.referencedMessageRef])
  nad(b, 'SU', doc.supplier)
  nad(b, 'BY', doc.buyer)
  for (const e of doc.errors) {
    b.add('ERC', [e.code])
    b.add('FTX', 'AAO', undefined, undefined, [e.text])
    if (e.lineNo) b.add('RFF', ['LI', e.lineNo])
  }
}

export function writeDocumentBody(doc: WritableDocument, directory: EdifactDirectory, decimal: string): OutSegment[] {
  if (doc.kind === 'order') return writeOrdersMessage(doc, directory, decimal)
  const b = new MessageBuilder(decimal)
  switch (doc.kind) {
    case 'order_response':
      orderResponse(doc, directory, b)
      break
    case 'despatch_advice':
      despatchAdvice(doc, directory, b)
      break
    case 'invoice':
      invoice(doc, directory, b)
      break
    case 'price_catalog':
      priceCatalog(doc, directory, b)
      break
    case 'inventory_report':
      inventoryReport(doc, directory, b)
      break
    case 'application_error':
      applicationError(doc, directory, b)
      break
  }
  return b.segments
}
