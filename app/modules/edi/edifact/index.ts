// The EDIFACT / EANCOM syntax layer: bytes in → ParseResult (never throws), documents out → bytes.
import type { CanonicalOrder, EdifactSettings, OutboundDocument, ParsedMessage, ParseOptions, ParseResult, PartyId, SyntaxIssue } from '../document'
import { decodeBytes, inRepertoire, peekHeader } from './charset'
import { contrlCode, readContrl, writeContrl } from './contrl'
import { buildInterchanges, el, type InterchangeRecord, type MessageRecord } from './envelope'
import { checkDates, readOrders } from './orders'
import { separatorsOf, serializeInterchange } from './serialize'
import { checkStructure, contrlTable, ordersTables } from './tables'
import { tokenize, type Segment } from './tokenizer'
import { s009Of, writeDocumentBody } from './writers'

export { contrlCode, writeContrl }

const MAX_REPERTOIRE_ISSUES = 20

/** After an optional BOM and whitespace, the bytes start with UNA or UNB. */
export function isEdifact(bytes: Uint8Array): boolean {
  let i = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++
  return bytes[i] === 0x55 && bytes[i + 1] === 0x4e && (bytes[i + 2] === 0x41 || bytes[i + 2] === 0x42)
}

/** Directory of the ORDERS table: D.96B (and older D.9x) read with D.96A's table, 00A and later with D.01B's. */
function ordersDirectory(version: string): 'D96A' | 'D01B' {
  const release = version.split(':')[1] ?? ''
  return /^9\d[A-Z]$/.test(release) || release === '' ? 'D96A' : 'D01B'
}

function findSegmentIndex(segments: Segment[], offset: number): number {
  let lo = 0
  let hi = segments.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (segments[mid].offset <= offset) lo = mid
    else hi = mid - 1
  }
  return lo
}

/** Characters outside the declared repertoire (0085 21): an error when strict, a warning when tolerant. */
function checkRepertoire(
  text: string,
  charset: string,
  segments: Segment[],
  records: InterchangeRecord[],
  sepChars: string,
  options: ParseOptions,
  fileIssues: SyntaxIssue[],
) {
  if (charset === 'UNOY' || segments.length === 0) return
  let reported = 0
  let lastSegment = -1
  const start = segments[0].offset
  for (let i = start; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code >= 0x20 && code < 0x7f && charset !== 'UNOA') continue
    if (inRepertoire(code, charset, sepChars)) continue
    const si = findSegmentIndex(segments, i)
    if (si === lastSegment) continue
    lastSegment = si
    const seg = segments[si]
    const issue: SyntaxIssue = {
      level: 'interchange',
      code: 'invalid_character',
      severity: options.tolerant ? 'warning' : 'error',
      segment: { tag: seg.tag, index: seg.index },
      offset: i,
      message: `Character "${text[i]}" (U+${code.toString(16).toUpperCase().padStart(4, '0')}) is outside the ${charset} repertoire.`,
    }
    const ic = records.find((r) => r.parsed.span.start <= i && i < r.parsed.span.end) ?? records[records.length - 1]
    const m = ic?.messages.find((r) => r.segments[0].index <= seg.index && seg.index <= r.segments[r.segments.length - 1].index)
    if (m) m.parsed.issues.push({ ...issue, level: 'message', segment: { tag: seg.tag, index: seg.index - m.segments[0].index + 1 } })
    else if (ic)
      ic.parsed.issues.push({ ...issue, segment: { tag: seg.tag, index: seg.index - (ic.messages[0]?.segments[0].index ?? seg.index) + 1 } })
    else fileIssues.push({ ...issue, level: 'file' })
    if (++reported >= MAX_REPERTOIRE_ISSUES) break
  }
}

/** Header values the tolerant profile lets through (corpus QUIRKs): UNH S009 0052 must be 'D' (or a syntax number for CONTRL); BGM 1225 is an..3. */
function checkHeaderValues(m: MessageRecord, options: ParseOptions): SyntaxIssue[] {
  const issues: SyntaxIssue[] = []
  const severity = options.tolerant ? 'warning' : 'error'
  const unh = m.segments[0]
  const version = el(unh, 2, 2)
  if (m.parsed.type !== 'CONTRL' && version !== 'D') {
    issues.push({
      level: 'message',
      code: 'invalid_value',
      severity,
      segment: { tag: 'UNH', index: 1 },
      element: { position: 2, component: 2 },
      offset: unh.offset,
      message: `UNH S009 0052 "${version}" is not a directory version ('D').`,
    })
  }
  const bgmAt = m.segments.findIndex((s) => s.tag === 'BGM')
  if (bgmAt >= 0 && el(m.segments[bgmAt], 3).length > 3) {
    const bgm = m.segments[bgmAt]
    issues.push({
      level: 'message',
      code: 'invalid_value',
      severity,
      segment: { tag: 'BGM', index: bgmAt + 1 },
      element: { position: 3 },
      offset: bgm.offset,
      message: `BGM 1225 "${el(bgm, 3)}" is longer than 3 characters.`,
    })
  }
  return issues
}

function readMessage(m: MessageRecord, decimal: string, options: ParseOptions): void {
  const p: ParsedMessage = m.parsed
  const closed = m.segments[m.segments.length - 1].tag === 'UNT'
  if (!closed) return
  p.issues.push(...checkHeaderValues(m, options), ...checkDates(m.segments))
  if (p.type === 'ORDERS') {
    p.issues.push(...checkStructure(m.segments, ordersTables[ordersDirectory(p.version)]))
    const { document, issues } = readOrders(m.segments, decimal)
    p.issues.push(...issues)
    if (!p.issues.some((i) => i.severity === 'error')) p.document = document
  } else if (p.type === 'CONTRL') {
    p.issues.push(...checkStructure(m.segments, contrlTable))
    const { document, issues } = readContrl(m.segments)
    p.issues.push(...issues)
    if (!p.issues.some((i) => i.severity === 'error')) p.document = document
  }
}

function unknown(text: string, message: string, charset = 'unknown'): ParseResult {
  return {
    syntax: 'unknown',
    charset,
    text,
    issues: [{ level: 'file', code: 'unreadable', severity: 'error', offset: 0, message }],
    interchanges: [],
  }
}

/** Bytes → interchanges, messages and documents. Never throws: every problem is a SyntaxIssue. */
export function parseEdifact(bytes: Uint8Array, options: ParseOptions): ParseResult {
  try {
    if (!isEdifact(bytes)) return unknown('', 'The data does not start with UNA or UNB: not EDIFACT.')
    const head = peekHeader(bytes)
    const decoded = decodeBytes(bytes, head.bomLength, head.syntaxId)
    const text = decoded.text
    const fileIssues: SyntaxIssue[] = []
    if (decoded.utf8Mislabel) {
      fileIssues.push({
        level: 'file',
        code: 'invalid_character',
        severity: 'warning',
        message: `Declared ${head.syntaxId ?? 'no charset'} but the bytes are UTF-8; read as UTF-8.`,
      })
    }
    const fffd = text.indexOf('\uFFFD')
    if (fffd >= 0)
      fileIssues.push({
        level: 'file',
        code: 'invalid_character',
        severity: 'warning',
        offset: fffd,
        message: 'The text holds U+FFFD replacement characters (mangled upstream).',
      })
    const tok = tokenize(text)
    fileIssues.push(...tok.issues)
    if (tok.segments.length === 0 && tok.issues.some((i) => i.code === 'unreadable')) {
      return { syntax: 'unknown', charset: decoded.encoding, text, issues: fileIssues, interchanges: [] }
    }
    const { interchanges, issues } = buildInterchanges(tok, text, options)
    fileIssues.push(...issues)
    const sep = tok.separators
    checkRepertoire(
      text,
      head.syntaxId ?? 'UNOC',
      tok.segments,
      interchanges,
      sep.component + sep.element + sep.decimal + sep.release + sep.terminator + sep.repetition,
      options,
      fileIssues,
    )
    for (const ic of interchanges) {
      for (const m of ic.messages) readMessage(m, sep.decimal, options)
      // A truncated interchange books nothing, not even its complete messages; so does one rejected as a whole.
      if (
        ic.truncated ||
        ic.parsed.issues.some((i) => i.severity === 'error') ||
        ic.parsed.groups.some((g) => g.issues.some((i) => i.severity === 'error'))
      ) {
        for (const m of ic.parsed.messages) m.document = null
      }
    }
    return { syntax: 'edifact', charset: decoded.encoding, text, issues: fileIssues, interchanges: interchanges.map((r) => r.parsed) }
  } catch (error) {
    // Defence in depth: the layer promises never to throw; a bug here must still reach the partner as a reject.
    return unknown('', `Internal parser failure: ${error instanceof Error ? error.message : String(error)}`)
  }
}

export interface WriteEdifactInput {
  sender: PartyId
  recipient: PartyId
  controlRef: string
  preparedAt: Date
  test: boolean
  settings: EdifactSettings
  /** Outbound documents; a CanonicalOrder is accepted too (tests, demo data). */
  documents: (OutboundDocument | CanonicalOrder)[]
  firstMessageRef?: number
}

/** One interchange with one UNH..UNT per document, in the partner's UNA, decimal mark, charset and directory. */
export function writeEdifact(input: WriteEdifactInput): { bytes: Uint8Array; text: string; messageRefs: string[] } {
  const first = input.firstMessageRef ?? 1
  const decimal = separatorsOf(input.settings).decimal
  const messages = input.documents.map((doc, i) => ({
    ref: String(first + i),
    s009: s009Of(doc.kind, input.settings.directory),
    body: writeDocumentBody(doc, input.settings.directory, decimal),
  }))
  const types = new Set(messages.map((m) => m.s009[0]))
  const { text, bytes } = serializeInterchange({
    sender: input.sender,
    recipient: input.recipient,
    controlRef: input.controlRef,
    preparedAt: input.preparedAt,
    test: input.test,
    settings: input.settings,
    appRef: types.size === 1 ? [...types][0] : undefined,
    messages,
  })
  return { bytes, text, messageRefs: messages.map((m) => m.ref) }
}
