// X12 tokenizer: bytes → UTF-8 text → interchanges of segments. The delimiters are not configured but read from
// each ISA (X12.5 / X12.6): the element separator is the character after the tag, ISA16 is the component separator
// and the character after ISA16 is the segment terminator. ISA is fixed width (106 characters), so the positions
// tell us the delimiters before we know them; when a partner pads a field wrongly we recover by counting element
// separators and say which ISA element has the wrong width. Nothing here throws.
import type { SyntaxIssue } from '../document'

export interface X12Separators {
  element: string
  component: string
  /** ISA11 from version 00402 on (5010 included); null when ISA11 is the standards identifier 'U'. */
  repetition: string | null
  terminator: string
}

export interface X12Element {
  /** The element exactly as written (repetitions and components included). */
  value: string
  /** The components of the first repetition ([value] for a simple element). */
  components: string[]
  /** Every repetition's components ([components] when the element is not repeated). */
  repetitions: string[][]
}

export interface X12Segment {
  tag: string
  /** elements[0] is the first data element (X12 position 01). */
  elements: X12Element[]
  /** 1-based position of the segment in its interchange (ISA = 1). */
  index: number
  /** Character offset of the segment's first character in the decoded text. */
  offset: number
  /** False for the last segment when the text ends before its terminator. */
  terminated: boolean
  /** The first control character found in the data, if any (X12.6 basic/extended character sets exclude them). */
  invalidChar?: { position: number; component: number; code: number }
}

export interface TokenizedInterchange {
  separators: X12Separators
  /** ISA12 as written, for the repetition rule and ParsedInterchange.syntaxVersion. */
  version: string
  segments: X12Segment[]
  /** Problems in the ISA itself (field widths), at interchange level. */
  issues: SyntaxIssue[]
  start: number
  end: number
}

export interface TokenizeResult {
  text: string
  /** File-level problems: no ISA, bytes that are not UTF-8, text before the first ISA. */
  issues: SyntaxIssue[]
  interchanges: TokenizedInterchange[]
}

/** ISA01..ISA16 fixed widths (X12.5 interchange control header). */
export const isaWidths = [2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1] as const
const isaSeparatorPositions: number[] = (() => {
  const positions = [3]
  for (let i = 0; i < 15; i++) positions.push(positions[i]! + 1 + isaWidths[i]!)
  return positions
})()
/** 3 (tag) + 16 separators + 86 characters of data + the terminator. */
export const isaLength = 106

const decoder = new TextDecoder('utf-8', { fatal: false })
const strictDecoder = new TextDecoder('utf-8', { fatal: true })

export function decodeUtf8(bytes: Uint8Array): { text: string; valid: boolean } {
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0
  const body = start ? bytes.subarray(start) : bytes
  try {
    return { text: strictDecoder.decode(body), valid: true }
  } catch {
    return { text: decoder.decode(body), valid: false }
  }
}

function isLineBreak(code: number): boolean {
  return code === 10 || code === 13
}

function isWhitespace(code: number): boolean {
  return code === 32 || code === 9 || isLineBreak(code)
}

/** A control character: C0, DEL or C1. X12 data may not carry them (the delimiters are checked separately). */
function isControl(code: number): boolean {
  return code < 32 || (code >= 127 && code < 160)
}

// eslint-disable-next-line no-control-regex
const controlChar = /[\u0000-\u001f\u007f-\u009f]/

function isAlphanumeric(ch: string): boolean {
  return /^[A-Za-z0-9]$/.test(ch)
}

function issue(partial: Omit<SyntaxIssue, 'severity'> & { severity?: SyntaxIssue['severity'] }): SyntaxIssue {
  return { severity: 'error', ...partial }
}

interface IsaHeader {
  separators: X12Separators
  version: string
  elements: string[]
  /** Offset just after the ISA's terminator. */
  end: number
  issues: SyntaxIssue[]
}

/** Reads the ISA at `start` (text[start..start+3] === 'ISA'). Returns null, with an issue, when it cannot be split. */
function readIsa(text: string, start: number, tolerant: boolean): { header: IsaHeader | null; issues: SyntaxIssue[] } {
  const element = text[start + 3] ?? ''
  const unreadable = (message: string) => ({
    header: null,
    issues: [issue({ level: 'interchange', code: 'unreadable', segment: { tag: 'ISA', index: 1 }, offset: start, message })],
  })
  if (!element || isAlphanumeric(element) || isWhitespace(element.charCodeAt(0))) {
    return unreadable('ISA is not followed by an element separator (a character that is neither a letter, a digit nor white space).')
  }
  const fixed = isaSeparatorPositions.every((p) => text[start + p] === element) && text.length >= start + isaLength
  let fields: string[]
  let componentAt: number
  const issues: SyntaxIssue[] = []
  if (
    fixed &&
    !text
      .slice(start + 4, start + 103)
      .split(element)
      .some((f, i) => f.length !== isaWidths[i])
  ) {
    fields = text.slice(start + 4, start + 103).split(element)
    componentAt = start + 104
  } else {
    // Recovery: the 16 elements by their separators; ISA16 is one character and the terminator follows it.
    fields = []
    let cursor = start + 4
    for (let i = 0; i < 15; i++) {
      const next = text.indexOf(element, cursor)
      if (next < 0 || next - start > 400) {
        return unreadable(`ISA has only ${i + 1} of its 16 elements: the element separators cannot be found.`)
      }
      fields.push(text.slice(cursor, next))
      cursor = next + 1
    }
    componentAt = cursor
    for (let i = 0; i < 15; i++) {
      if (fields[i]!.length !== isaWidths[i]) {
        const name = `ISA${String(i + 1).padStart(2, '0')}`
        issues.push(
          issue({
            level: 'interchange',
            code: 'invalid_value',
            severity: tolerant ? 'warning' : 'error',
            segment: { tag: 'ISA', index: 1 },
            element: { position: i + 1 },
            offset: start,
            message: `${name} is ${fields[i]!.length} characters long; ISA is fixed width and ${name} must be ${isaWidths[i]}.`,
          }),
        )
      }
    }
  }
  const component = text[componentAt] ?? ''
  const terminator = text[componentAt + 1] ?? ''
  if (!component || !terminator) return unreadable('The text ends inside ISA, before ISA16 and the segment terminator.')
  if (isAlphanumeric(terminator) || terminator === element || terminator === component || isAlphanumeric(component) || component === element) {
    return unreadable(`ISA16 '${component}' and the segment terminator '${terminator}' are not usable delimiters.`)
  }
  fields.push(component)
  const version = fields[11] ?? ''
  const isa11 = fields[10] ?? ''
  // ISA11 became the repetition separator in version 00402 (it is the standards identifier 'U' before that).
  const repetition = version >= '00402' && isa11 !== '' && !isAlphanumeric(isa11) && ![element, component, terminator].includes(isa11) ? isa11 : null
  return { header: { separators: { element, component, repetition, terminator }, version, elements: fields, end: componentAt + 2, issues }, issues }
}

function splitElement(raw: string, sep: X12Separators): X12Element {
  if (sep.repetition !== null && raw.includes(sep.repetition)) {
    const repetitions = raw.split(sep.repetition).map((r) => (r.includes(sep.component) ? r.split(sep.component) : [r]))
    return { value: raw, components: repetitions[0]!, repetitions }
  }
  const components = raw.includes(sep.component) ? raw.split(sep.component) : [raw]
  return { value: raw, components, repetitions: [components] }
}

function findControl(raws: string[], sep: X12Separators): X12Segment['invalidChar'] {
  for (let e = 0; e < raws.length; e++) {
    const raw = raws[e]!
    for (let i = 0; i < raw.length; i++) {
      const code = raw.charCodeAt(i)
      if (isControl(code)) {
        const before = raw.slice(0, i)
        const rep = sep.repetition !== null ? before.split(sep.repetition).pop()! : before
        return { position: e + 1, component: rep.split(sep.component).length, code }
      }
    }
  }
  return undefined
}

/**
 * Splits the decoded text into interchanges and segments. `tolerant` only softens the ISA width problems to warnings.
 * A trailing empty segment after the last terminator (CR/LF, spaces) is not a segment.
 */
export function tokenizeX12Text(text: string, tolerant: boolean): Omit<TokenizeResult, 'text'> {
  const issues: SyntaxIssue[] = []
  const interchanges: TokenizedInterchange[] = []
  let pos = 0
  while (pos < text.length && isWhitespace(text.charCodeAt(pos))) pos++
  if (!text.startsWith('ISA', pos)) {
    issues.push(issue({ level: 'file', code: 'unreadable', offset: pos, message: 'The text does not start with an ISA interchange header.' }))
    return { issues, interchanges }
  }
  let current: TokenizedInterchange | null = null
  while (pos < text.length) {
    // Line breaks and spaces between segments are layout, not data (`~\r\n`, or `\r` before a `\n` terminator).
    while (pos < text.length && isWhitespace(text.charCodeAt(pos))) pos++
    if (pos >= text.length) break
    if (text.startsWith('ISA', pos) && !isAlphanumeric(text[pos + 3] ?? 'A')) {
      const { header, issues: isaIssues } = readIsa(text, pos, tolerant)
      if (!header) {
        if (current) current.issues.push(...isaIssues)
        else issues.push(...isaIssues.map((i) => ({ ...i, level: 'file' as const })))
        break
      }
      if (current) current.end = pos
      current = { separators: header.separators, version: header.version, segments: [], issues: header.issues, start: pos, end: header.end }
      interchanges.push(current)
      const isaElements = header.elements.map((value) => ({ value, components: [value], repetitions: [[value]] }))
      current.segments.push({ tag: 'ISA', elements: isaElements, index: 1, offset: pos, terminated: true })
      pos = header.end
      continue
    }
    const sep = current!.separators
    const stop = text.indexOf(sep.terminator, pos)
    const terminated = stop >= 0
    let raw = text.slice(pos, terminated ? stop : text.length)
    if (!terminated) raw = raw.replace(/\s+$/, '')
    if (raw.length === 0) {
      pos = terminated ? stop + 1 : text.length
      continue
    }
    const parts = raw.split(sep.element)
    const tag = parts[0]!
    const raws = parts.slice(1)
    const segment: X12Segment = {
      tag,
      elements: raws.map((r) => splitElement(r, sep)),
      index: current!.segments.length + 1,
      offset: pos,
      terminated,
    }
    if (controlChar.test(raw)) segment.invalidChar = findControl(raws, sep)
    current!.segments.push(segment)
    pos = terminated ? stop + 1 : text.length
    current!.end = pos
  }
  return { issues, interchanges }
}

export function tokenizeX12(bytes: Uint8Array, tolerant: boolean): TokenizeResult {
  const { text, valid } = decodeUtf8(bytes)
  const result = tokenizeX12Text(text, tolerant)
  if (!valid) {
    result.issues.unshift(
      issue({
        level: 'file',
        code: 'invalid_character',
        severity: tolerant ? 'warning' : 'error',
        message: 'The bytes are not valid UTF-8; invalid sequences were decoded as U+FFFD.',
      }),
    )
  }
  return { text, ...result }
}
