// Set readers: 850 → CanonicalOrder, 997 and TA1 → InboundSyntaxAck. Each takes the segments of one set (ST..SE
// inclusive) and returns a document plus message-level issues; positions are 1-based inside the set (ST = 1).
import type { AckAction, CanonicalOrder, InboundSyntaxAck, OrderFunction, OrderLine, Party, SyntaxIssue } from '../document'
import type { X12Segment } from './tokenizer'

export interface SetReadResult<T> {
  document: T | null
  issues: SyntaxIssue[]
}

/** The text of element `position` (1-based, X12 numbering), first repetition, '' when absent. */
export function el(s: X12Segment, position: number): string {
  return s.elements[position - 1]?.value ?? ''
}

/** CCYYMMDD → YYYY-MM-DD; null when it is not a calendar date. */
export function isoDate(value: string): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(value)
  if (!m) return null
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const date = new Date(Date.UTC(y, mo - 1, d))
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null
  return `${m[1]}-${m[2]}-${m[3]}`
}

/** X12 R/N values: '.5' → '0.5', '+3' → '3'; kept otherwise as written (no float round trip). */
export function normaliseDecimal(value: string): string | null {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(value.trim())
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return null
  const sign = m[1] === '-' ? '-' : ''
  const int = m[2] === '' ? '0' : m[2]!
  return m[3] !== undefined && m[3] !== '' ? `${sign}${int}.${m[3]}` : `${sign}${int}`
}

/** BEG01 transaction set purpose code (353). */
const purposes: Record<string, OrderFunction> = { '00': 'original', '01': 'cancellation', '04': 'change', '05': 'replace' }
/** N101 entity identifier code (98) → the canonical party. */
const partyRoles: Record<string, 'buyer' | 'deliveryParty' | 'invoicee' | 'supplier'> = {
  BY: 'buyer',
  ST: 'deliveryParty',
  BT: 'invoicee',
  VN: 'supplier',
  SE: 'supplier',
  SU: 'supplier',
}
/** PO1 product/service id qualifiers (235) → the canonical identifier. */
const idQualifiers: Record<string, keyof Pick<OrderLine, 'gtin' | 'buyerArticle' | 'buyerPart' | 'supplierArticle'>> = {
  UP: 'gtin',
  EN: 'gtin',
  UK: 'gtin',
  IN: 'buyerArticle',
  CB: 'buyerArticle',
  BP: 'buyerPart',
  VN: 'supplierArticle',
  VP: 'supplierArticle',
}

export function readParty(s: X12Segment): Party {
  const party: Party = {}
  if (el(s, 2)) party.name = el(s, 2)
  const qualifier = el(s, 3)
  const id = el(s, 4)
  // N103 'UL' = Global Location Number (code list 66).
  if (qualifier === 'UL' && id) party.gln = id
  else if (id) {
    party.id = id
    if (qualifier) party.idQualifier = qualifier
  }
  return party
}

export function read850(segments: X12Segment[], tolerant: boolean): SetReadResult<CanonicalOrder> {
  const issues: SyntaxIssue[] = []
  const at = (s: X12Segment, i: number, position: number, code: SyntaxIssue['code'], message: string, severity: SyntaxIssue['severity'] = 'error') =>
    issues.push({ level: 'message', code, severity, segment: { tag: s.tag, index: i + 1 }, element: { position }, offset: s.offset, message })
  const order: CanonicalOrder = { kind: 'order', documentNumber: '', function: 'original', lines: [] }
  let line: OrderLine | null = null
  let sawBeg = false
  let declaredLines: { count: number; s: X12Segment; i: number } | null = null
  const notes: string[] = []
  let party: Party | null = null
  segments.forEach((s, i) => {
    switch (s.tag) {
      case 'BEG': {
        sawBeg = true
        const fn = purposes[el(s, 1)]
        if (fn) order.function = fn
        else at(s, i, 1, 'invalid_value', `BEG01 '${el(s, 1)}' is not a purpose code we read (00, 01, 04, 05).`)
        order.documentNumber = el(s, 3)
        if (!order.documentNumber) at(s, i, 3, 'missing', 'BEG03 (purchase order number) is missing.')
        if (el(s, 5)) {
          const date = isoDate(el(s, 5))
          if (date) order.documentDate = date
          else at(s, i, 5, 'invalid_value', `BEG05 '${el(s, 5)}' is not a CCYYMMDD date.`)
        } else at(s, i, 5, 'missing', 'BEG05 (purchase order date) is missing.')
        break
      }
      case 'CUR':
        if (!line && el(s, 2)) order.currency = el(s, 2)
        break
      case 'REF':
        // REF01 128: CT contract number, PD promotion/deal number.
        if (!line && !party && el(s, 1) === 'CT') order.contractRef = el(s, 2)
        if (!line && !party && el(s, 1) === 'PD') order.promotionRef = el(s, 2)
        break
      case 'MSG':
        if (!line && el(s, 1)) notes.push(el(s, 1))
        break
      case 'DTM': {
        // DTM01 374: 002 delivery requested.
        if (el(s, 1) !== '002') break
        const date = isoDate(el(s, 2))
        if (!date) {
          at(s, i, 2, 'invalid_value', `DTM02 '${el(s, 2)}' is not a CCYYMMDD date.`)
          break
        }
        if (line) line.requestedDate = date
        else order.requestedDate = date
        break
      }
      case 'N1': {
        if (line) break
        const role = partyRoles[el(s, 1)]
        party = readParty(s)
        if (role && !order[role]) order[role] = party
        break
      }
      case 'PO1': {
        party = null
        const qty = normaliseDecimal(el(s, 2))
        if (qty === null) at(s, i, 2, el(s, 2) ? 'invalid_value' : 'missing', `PO102 '${el(s, 2)}' is not a quantity.`)
        // PO101 is optional in X12; without it the line is numbered by its position so answers can echo something.
        line = { lineNo: el(s, 1) || String(order.lines.length + 1), qty: qty ?? '', segmentIndex: i + 1 }
        if (el(s, 3)) line.unit = el(s, 3)
        if (el(s, 4)) {
          const price = normaliseDecimal(el(s, 4))
          if (price === null) at(s, i, 4, 'invalid_value', `PO104 '${el(s, 4)}' is not a price.`)
          else line.price = price
        }
        for (let p = 6; p < s.elements.length + 1; p += 2) {
          const field = idQualifiers[el(s, p)]
          const value = el(s, p + 1)
          if (field && value && !line[field]) line[field] = value
        }
        order.lines.push(line)
        break
      }
      case 'PID':
        // PID01 F = free-form description in PID05.
        if (line && el(s, 1) === 'F' && el(s, 5)) line.description = line.description ? `${line.description} ${el(s, 5)}` : el(s, 5)
        break
      case 'CTT': {
        const count = Number(el(s, 1))
        if (!/^\d+$/.test(el(s, 1))) at(s, i, 1, 'invalid_value', `CTT01 '${el(s, 1)}' is not a number of line items.`)
        else declaredLines = { count, s, i }
        break
      }
    }
  })
  if (notes.length) order.note = notes.join(' ')
  const declared = declaredLines as { count: number; s: X12Segment; i: number } | null
  if (declared && declared.count !== order.lines.length) {
    at(
      declared.s,
      declared.i,
      1,
      'count_mismatch',
      `CTT01 says ${declared.count} line items; the set has ${order.lines.length} PO1 segments.`,
      tolerant ? 'warning' : 'error',
    )
  }
  if (!sawBeg) return { document: null, issues }
  return { document: order, issues }
}

/** AK501 / AK901 / TA104 → our action. AK9 'P' (partially accepted) is accepted with errors for the group. */
function ackAction(code: string): AckAction | null {
  switch (code) {
    case 'A':
      return 'accepted'
    case 'E':
    case 'P':
      return 'accepted_with_errors'
    case 'R':
    case 'M':
    case 'W':
    case 'X':
      return 'rejected'
    default:
      return null
  }
}

export function read997(segments: X12Segment[]): SetReadResult<InboundSyntaxAck> {
  const issues: SyntaxIssue[] = []
  const ack: InboundSyntaxAck = { kind: 'syntax_ack', action: 'received', messages: [] }
  let pending: { ref: string } | null = null
  segments.forEach((s, i) => {
    const bad = (position: number, message: string) =>
      issues.push({
        level: 'message',
        code: 'invalid_value',
        severity: 'error',
        segment: { tag: s.tag, index: i + 1 },
        element: { position },
        offset: s.offset,
        message,
      })
    if (s.tag === 'AK1') ack.groupRef = el(s, 2)
    else if (s.tag === 'AK2') pending = { ref: el(s, 2) }
    else if (s.tag === 'AK5') {
      const action = ackAction(el(s, 1))
      if (!action) bad(1, `AK501 '${el(s, 1)}' is not an acknowledgement code.`)
      const p = pending as { ref: string } | null
      if (p && action) ack.messages.push({ ref: p.ref, action })
      pending = null
    } else if (s.tag === 'AK9') {
      const action = ackAction(el(s, 1))
      if (action) ack.action = action
      else bad(1, `AK901 '${el(s, 1)}' is not an acknowledgement code.`)
    }
  })
  if (ack.groupRef === undefined) {
    issues.push({ level: 'message', code: 'missing', severity: 'error', segment: { tag: 'AK1', index: 2 }, message: 'The 997 has no AK1 segment.' })
    return { document: null, issues }
  }
  return { document: ack, issues }
}

/** TA1 (interchange acknowledgement): TA101 is our ISA13, TA104 the action. */
export function readTa1(s: X12Segment, index: number): SetReadResult<InboundSyntaxAck> {
  const action = ackAction(el(s, 4))
  if (!action || el(s, 1) === '') {
    return {
      document: null,
      issues: [
        {
          level: 'interchange',
          code: 'invalid_value',
          severity: 'error',
          segment: { tag: 'TA1', index },
          element: { position: action ? 1 : 4 },
          offset: s.offset,
          message: action ? 'TA101 (interchange control number) is empty.' : `TA104 '${el(s, 4)}' is not an acknowledgement code.`,
        },
      ],
    }
  }
  return { document: { kind: 'syntax_ack', interchangeRef: el(s, 1), action, messages: [] }, issues: [] }
}
