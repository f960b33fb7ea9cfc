// ISO 9735 lexical layer: UNA service string advice, release character, segment/element/component separators.
// One pass over char codes; values are slices of the text (a buffer is built only for a value holding a release
// character or a wrapped line), so a 2 MB file does not turn into a million tiny concatenations.
import type { SyntaxIssue } from '../document'

export interface Separators {
  component: string
  element: string
  decimal: string
  release: string
  /** Syntax 4 repetition separator; ' ' = none. */
  repetition: string
  terminator: string
}

export const defaultSeparators: Separators = { component: ':', element: '+', decimal: '.', release: '?', repetition: ' ', terminator: "'" }
/** Level B without UNA (ISO 9735 §7.2): IS1 component, IS3 element, IS4 terminator, no release character. */
export const unobSeparators: Separators = { component: '\x1f', element: '\x1d', decimal: '.', release: '', repetition: '\x19', terminator: '\x1c' }

export interface Segment {
  tag: string
  /** Data elements after the tag, each an array of components (at least one, possibly ''). */
  elements: string[][]
  /** 1-based position in the file (UNA not counted). */
  index: number
  /** Character offset of the tag in the text, and the offset just after the terminator. */
  offset: number
  end: number
}

export interface TokenizeResult {
  separators: Separators
  /** Whether the text opened with a UNA segment. */
  una: boolean
  segments: Segment[]
  /** The text ends inside a segment (no terminator): a transport truncation. */
  truncated: boolean
  /** Offset of the unfinished segment, when truncated. */
  truncatedAt: number | null
  issues: SyntaxIssue[]
}

const CR = 13
const LF = 10

/** The separators in force: UNA's six characters, else the defaults or the UNOB control characters; null = unreadable. */
export function readServiceString(text: string, start: number): { separators: Separators; una: boolean; next: number } | null {
  if (text.startsWith('UNA', start)) {
    if (text.length < start + 9) return null
    const s = text.slice(start + 3, start + 9)
    const separators: Separators = {
      component: s[0],
      element: s[1],
      decimal: s[2],
      release: s[3] === ' ' ? '' : s[3],
      repetition: s[4],
      terminator: s[5],
    }
    const distinct = new Set([separators.component, separators.element, separators.terminator, separators.release].filter(Boolean))
    if (distinct.size !== (separators.release ? 4 : 3)) return null
    return { separators, una: true, next: start + 9 }
  }
  if (!text.startsWith('UNB', start)) return null
  const after = text[start + 3]
  if (after === '+') return { separators: defaultSeparators, una: false, next: start }
  if (after === '\x1d') return { separators: unobSeparators, una: false, next: start }
  return null
}

/** Splits the text into segments. Never throws; problems become issues. */
export function tokenize(text: string, start = 0): TokenizeResult {
  let p = start
  while (p < text.length && /\s/.test(text[p])) p++
  const head = readServiceString(text, p)
  if (!head) {
    return {
      separators: defaultSeparators,
      una: false,
      segments: [],
      truncated: false,
      truncatedAt: null,
      issues: [
        {
          level: 'file',
          code: 'unreadable',
          severity: 'error',
          offset: p,
          message: text.startsWith('UNA', p)
            ? 'The UNA service string advice is incomplete or names the same character twice.'
            : 'Non-standard separators without UNA: a UNA segment should be used (ISO 9735 §7.2).',
        },
      ],
    }
  }
  const sep = head.separators
  const comp = sep.component.charCodeAt(0)
  const elem = sep.element.charCodeAt(0)
  const term = sep.terminator.charCodeAt(0)
  const rel = sep.release ? sep.release.charCodeAt(0) : -1
  // A newline terminator makes CR/LF significant; otherwise they are line wrapping and are dropped everywhere.
  const newlineTerminator = term === LF || term === CR
  const issues: SyntaxIssue[] = []
  const segments: Segment[] = []
  const n = text.length
  let i = head.next
  const skipBetween = () => {
    while (i < n) {
      const c = text.charCodeAt(i)
      if (c === CR || c === LF) i++
      else break
    }
  }
  skipBetween()
  let segStart = i
  let tokStart = i
  let parts: string[] | null = null
  let comps: string[] = []
  let elements: string[][] = []
  const endToken = (at: number) => {
    const tail = text.slice(tokStart, at)
    comps.push(parts ? parts.join('') + tail : tail)
    parts = null
  }
  const endElement = () => {
    elements.push(comps)
    comps = []
  }
  let index = 0
  let truncated = false
  while (i < n) {
    const c = text.charCodeAt(i)
    if (c === rel) {
      ;(parts ??= []).push(text.slice(tokStart, i))
      let j = i + 1
      if (!newlineTerminator) while (j < n && (text.charCodeAt(j) === CR || text.charCodeAt(j) === LF)) j++
      if (j >= n) {
        issues.push({
          level: 'file',
          code: 'truncated',
          severity: 'error',
          offset: i,
          message: 'A release character ends the input: the character it escapes and the segment terminator are missing.',
        })
        i = n
        tokStart = n
        break
      }
      tokStart = j
      i = j + 1
      continue
    }
    if ((c === CR || c === LF) && !newlineTerminator) {
      ;(parts ??= []).push(text.slice(tokStart, i))
      tokStart = i + 1
      i++
      continue
    }
    if (c === comp) {
      endToken(i)
      tokStart = ++i
      continue
    }
    if (c === elem) {
      endToken(i)
      endElement()
      tokStart = ++i
      continue
    }
    if (c === term) {
      endToken(i)
      endElement()
      i++
      const first = elements[0]
      segments.push({ tag: first[0], elements: elements.slice(1), index: ++index, offset: segStart, end: i })
      if (first.length > 1) {
        issues.push({
          level: 'file',
          code: 'too_many_constituents',
          severity: 'error',
          segment: { tag: first[0], index },
          offset: segStart,
          message: `Segment tag ${first[0]} carries components.`,
        })
      }
      elements = []
      comps = []
      if (newlineTerminator && term === LF) {
        // "\r\n" terminators: the CR belongs to the terminator, not to the data.
        const last = segments[segments.length - 1].elements
        const lastEl = last[last.length - 1]
        if (lastEl && lastEl[lastEl.length - 1].endsWith('\r')) lastEl[lastEl.length - 1] = lastEl[lastEl.length - 1].slice(0, -1)
      }
      skipBetween()
      segStart = i
      tokStart = i
      continue
    }
    i++
  }
  const rest = text.slice(segStart).trim()
  if (rest.length > 0 || parts !== null || comps.length > 0 || elements.length > 0) truncated = true
  if (truncated && rel >= 0 && rest.endsWith(sep.release + sep.terminator) && !rest.endsWith(sep.release + sep.release + sep.terminator)) {
    issues.push({
      level: 'file',
      code: 'truncated',
      severity: 'error',
      offset: segStart,
      message: 'A release character escapes the last segment terminator: the segment never ends.',
    })
  }
  return { separators: sep, una: head.una, segments, truncated, truncatedAt: truncated ? segStart : null, issues }
}
