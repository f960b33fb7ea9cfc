// ORDERS (EANCOM 97 = D.96A, EANCOM 2002 = D.01B) into CanonicalOrder, and the small ORDERS writer the round-trip
// test and the demo data use. Segment meanings: anchors §1.7 and §4.
import type { CanonicalOrder, EdifactDirectory, OrderFunction, OrderLine, Party, SyntaxIssue } from '../document'
import { el } from './envelope'
import { dtm102, MessageBuilder, type OutSegment } from './serialize'
import type { Segment } from './tokenizer'

/** BGM 1225 (EANCOM): 9 original, 1 cancellation, 5 replace, 4 change. */
const functions: Record<string, OrderFunction> = { '9': 'original', '1': 'cancellation', '5': 'replace', '4': 'change' }
const functionCodes: Record<OrderFunction, string> = { original: '9', cancellation: '1', replace: '5', change: '4' }

/** A numeric value with the UNA decimal mark (or a point, which syntax 4 also allows) normalised to '.'; null if not a number. */
export function normalizeDecimal(value: string, decimal: string): string | null {
  const v = decimal === '.' ? value : value.replace(decimal, '.')
  const n = v.replace(',', '.')
  return /^-?(\d+(\.\d*)?|\.\d+)$/.test(n) ? n : null
}

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate()
  return d <= days
}

/** DTM C507 value by its 2379 format: 102 CCYYMMDD, 203 CCYYMMDDHHMM, 718 CCYYMMDD-CCYYMMDD (first day). null = impossible. */
export function readDtmDate(value: string, format: string): string | null | undefined {
  let digits: string
  if (format === '102' || format === '') digits = value
  else if (format === '203' || format === '204') digits = value.slice(0, 8)
  else if (format === '718') digits = value.split('-')[0]
  else return undefined
  if (format === '203' && !/^\d{12}$/.test(value)) return null
  if (!/^\d{8}/.test(digits) || (format === '102' && digits.length !== 8)) return null
  const y = Number(digits.slice(0, 4))
  const m = Number(digits.slice(4, 6))
  const d = Number(digits.slice(6, 8))
  if (!validDate(y, m, d)) return null
  if (format === '203') {
    const hh = Number(value.slice(8, 10))
    const mm = Number(value.slice(10, 12))
    if (hh > 24 || mm > 59) return null
  }
  return `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}`
}

/** Checks every DTM with a date format of a message (any type): an impossible date is 0085 12 at its position. */
export function checkDates(segments: Segment[]): SyntaxIssue[] {
  const issues: SyntaxIssue[] = []
  const base = segments[0]?.index ?? 1
  for (const seg of segments) {
    if (seg.tag !== 'DTM') continue
    const value = el(seg, 1, 2)
    const format = el(seg, 1, 3)
    if (!value) continue
    if (readDtmDate(value, format) === null) {
      issues.push({
        level: 'message',
        code: 'invalid_value',
        severity: 'error',
        segment: { tag: 'DTM', index: seg.index - base + 1 },
        element: { position: 1, component: 2 },
        offset: seg.offset,
        message: `DTM ${el(seg, 1, 1)}: "${value}" is not a valid date in format ${format || '102'}.`,
      })
    }
  }
  return issues
}

function readParty(seg: Segment): Party {
  const party: Party = {}
  const id = el(seg, 2, 1)
  const agency = el(seg, 2, 3)
  // C082 3055 = 9: GS1 (EAN) — the id is a GLN.
  if (id && agency === '9') party.gln = id
  else if (id) {
    party.id = id
    if (agency || el(seg, 2, 2)) party.idQualifier = agency || el(seg, 2, 2)
  }
  const name = (seg.elements[3] ?? []).filter((c) => c !== '').join(' ')
  if (name) party.name = name
  return party
}

/**
 * ORDERS → CanonicalOrder. Item ids: LIN C212 with EN (EANCOM 97), SRV (EANCOM 2002) or UP is the GTIN; a LIN id of
 * another type is kept only when it has the shape of a GTIN (8, 12, 13 or 14 digits), else dropped (the PIA carries
 * the partner's own numbers). PIA C212 IN/BP/SA fill buyerArticle/buyerPart/supplierArticle; PIA EN/SRV the GTIN if
 * the LIN had none.
 */
export function readOrders(segments: Segment[], decimal: string): { document: CanonicalOrder | null; issues: SyntaxIssue[] } {
  const issues: SyntaxIssue[] = []
  const base = segments[0]?.index ?? 1
  const at = (seg: Segment, code: SyntaxIssue['code'], message: string, position?: number, component?: number): void => {
    issues.push({
      level: 'message',
      code,
      severity: 'error',
      segment: { tag: seg.tag, index: seg.index - base + 1 },
      ...(position ? { element: { position, ...(component ? { component } : {}) } } : {}),
      offset: seg.offset,
      message,
    })
  }
  const order: CanonicalOrder = { kind: 'order', documentNumber: '', function: 'original', lines: [] }
  const notes: string[] = []
  let line: OrderLine | null = null
  let requested64: string | undefined
  let lineHasAAA = false
  const counted = new Set<OrderLine>()
  for (const seg of segments) {
    switch (seg.tag) {
      case 'BGM': {
        order.documentNumber = el(seg, 2)
        if (!order.documentNumber) at(seg, 'missing', 'BGM 1004 (order number) is missing.', 2)
        const f = el(seg, 3)
        if (f) {
          const fn = functions[f]
          if (fn) order.function = fn
          else at(seg, 'invalid_value', `BGM 1225 "${f}" is not an order function (9, 1, 5, 4).`, 3)
        }
        break
      }
      case 'DTM': {
        const date = readDtmDate(el(seg, 1, 2), el(seg, 1, 3))
        if (!date) break
        const q = el(seg, 1, 1)
        if (line) {
          if (q === '2') line.requestedDate = date
        } else if (q === '137') order.documentDate = date
        else if (q === '2') order.requestedDate = date
        else if (q === '64') requested64 = date
        break
      }
      case 'FTX':
        if (!line) notes.push((seg.elements[3] ?? []).join(''))
        break
      case 'RFF':
        if (!line) {
          if (el(seg, 1, 1) === 'CT') order.contractRef = el(seg, 1, 2)
          if (el(seg, 1, 1) === 'PD') order.promotionRef = el(seg, 1, 2)
        }
        break
      case 'NAD': {
        if (line) break
        const q = el(seg, 1)
        const party = readParty(seg)
        if (q === 'BY') order.buyer = party
        else if (q === 'SU') order.supplier = party
        else if (q === 'DP') order.deliveryParty = party
        else if (q === 'IV') order.invoicee = party
        break
      }
      case 'CUX':
        if (!line && el(seg, 1, 2)) order.currency = el(seg, 1, 2)
        break
      case 'LIN': {
        line = { lineNo: el(seg, 1), qty: '', segmentIndex: seg.index - base + 1 }
        lineHasAAA = false
        order.lines.push(line)
        if (!line.lineNo) at(seg, 'missing', 'LIN 1082 (line number) is missing.', 1)
        const id = el(seg, 3, 1)
        const type = el(seg, 3, 2)
        if (id) {
          if (type === 'EN' || type === 'SRV' || type === 'UP') line.gtin = id
          else if (type === 'IN') line.buyerArticle = id
          else if (type === 'SA') line.supplierArticle = id
          else if (type === 'BP') line.buyerPart = id
          else if (/^(\d{8}|\d{12,14})$/.test(id)) line.gtin = id
        }
        break
      }
      case 'PIA': {
        if (!line) break
        for (let e = 2; e <= seg.elements.length; e++) {
          const id = el(seg, e, 1)
          const type = el(seg, e, 2)
          if (!id) continue
          if (type === 'IN') line.buyerArticle = id
          else if (type === 'BP') line.buyerPart = id
          else if (type === 'SA') line.supplierArticle = id
          else if ((type === 'EN' || type === 'SRV') && !line.gtin) line.gtin = id
        }
        break
      }
      case 'IMD':
        if (line && (el(seg, 1) === 'F' || el(seg, 1) === '')) {
          const text = [el(seg, 3, 4), el(seg, 3, 5)].join('')
          if (text) line.description = line.description ? `${line.description} ${text}` : text
        }
        break
      case 'QTY':
        if (line && el(seg, 1, 1) === '21') {
          counted.add(line)
          const q = normalizeDecimal(el(seg, 1, 2), decimal)
          if (q === null) at(seg, 'invalid_value', `QTY 6060 "${el(seg, 1, 2)}" is not a number.`, 1, 2)
          else line.qty = q
          if (el(seg, 1, 3)) line.unit = el(seg, 1, 3)
        }
        break
      case 'PRI': {
        const q = el(seg, 1, 1)
        if (line && (q === 'AAA' || (q === 'AAB' && !lineHasAAA))) {
          const p = normalizeDecimal(el(seg, 1, 2), decimal)
          if (p === null) at(seg, 'invalid_value', `PRI 5118 "${el(seg, 1, 2)}" is not a number.`, 1, 2)
          else line.price = p
          if (q === 'AAA') lineHasAAA = true
        }
        break
      }
      case 'UNS':
        line = null
        break
    }
  }
  for (const l of order.lines) {
    if (!counted.has(l)) {
      const seg = segments.find((s) => s.index - base + 1 === l.segmentIndex)
      if (seg) at(seg, 'missing', `Line ${l.lineNo} has no QTY 21 (ordered quantity).`)
    }
  }
  if (!order.requestedDate && requested64) order.requestedDate = requested64
  if (notes.length > 0) order.note = notes.join('\n')
  return { document: issues.some((i) => i.severity === 'error') ? null : order, issues }
}

const nad = (b: MessageBuilder, q: string, p: Party | undefined) => {
  if (!p) return
  b.add('NAD', q, p.gln ? [p.gln, undefined, '9'] : p.id ? [p.id, undefined, p.idQualifier] : undefined, undefined, p.name ? [p.name] : undefined)
}

/** FTX text: one FTX per line of the note, its text in 512-character components (4440 an..512, 5 repeats). */
export function ftx(b: MessageBuilder, qualifier: string, text: string | undefined): void {
  if (text === undefined) return
  for (const lineText of text.split('\n')) {
    const chunks: string[] = []
    for (let i = 0; i < lineText.length; i += 512) chunks.push(lineText.slice(i, i + 512))
    b.add('FTX', qualifier, undefined, undefined, chunks.length > 0 ? chunks : [''])
  }
}

/** CanonicalOrder → ORDERS body (UNH/UNT excluded): the subset readOrders reads. */
export function writeOrdersMessage(order: CanonicalOrder, directory: EdifactDirectory, decimal: string): OutSegment[] {
  const b = new MessageBuilder(decimal)
  b.add('BGM', '220', order.documentNumber, functionCodes[order.function])
  if (order.documentDate) b.add('DTM', ['137', dtm102(order.documentDate), '102'])
  if (order.requestedDate) b.add('DTM', ['2', dtm102(order.requestedDate), '102'])
  ftx(b, 'ZZZ', order.note)
  if (order.contractRef) b.add('RFF', ['CT', order.contractRef])
  if (order.promotionRef) b.add('RFF', ['PD', order.promotionRef])
  nad(b, 'BY', order.buyer)
  nad(b, 'SU', order.supplier)
  nad(b, 'DP', order.deliveryParty)
  nad(b, 'IV', order.invoicee)
  if (order.currency) b.add('CUX', ['2', order.currency, '9'])
  const gtinType = directory === 'D01B' ? 'SRV' : 'EN'
  for (const l of order.lines) {
    b.add('LIN', l.lineNo, undefined, l.gtin ? [l.gtin, gtinType] : undefined)
    const pia: [string, string][] = []
    if (l.buyerArticle) pia.push([l.buyerArticle, 'IN'])
    if (l.buyerPart) pia.push([l.buyerPart, 'BP'])
    if (l.supplierArticle) pia.push([l.supplierArticle, 'SA'])
    if (pia.length > 0) b.add('PIA', '1', ...pia)
    if (l.description) b.add('IMD', 'F', undefined, [undefined, undefined, undefined, l.description])
    b.add('QTY', ['21', b.dec(l.qty), l.unit])
    if (l.requestedDate) b.add('DTM', ['2', dtm102(l.requestedDate), '102'])
    if (l.price) b.add('PRI', ['AAA', b.dec(l.price)])
  }
  b.add('UNS', 'S')
  b.add('CNT', ['2', String(order.lines.length)])
  return b.segments
}
