import type { SyntaxIssue } from '../document'

// Splitting raw EDI text into its segments for display, with the character offsets the parsers' issues point at.
// Pure and forgiving: it shows what arrived, even when the parser refused it.

export interface RawSegment {
  /** Character offset of the segment's first character in the text. */
  start: number
  /** Offset after its terminator. */
  end: number
  text: string
  tag: string
}

/** The separators in force: EDIFACT's UNA (ISO 9735-1 §7.1) or its defaults; X12's from fixed ISA positions. */
export function separatorsOf(text: string): { terminator: string; element: string; release: string | null } {
  const t = text.replace(/^\s+/, '')
  if (t.startsWith('UNA') && t.length >= 9) return { element: t[4], release: t[6] === ' ' ? null : t[6], terminator: t[8] }
  // ISA is fixed-width: the element separator is its 4th character, the segment terminator the 106th (X12.5).
  if (t.startsWith('ISA') && t.length >= 106) return { element: t[3], release: null, terminator: t[105] }
  return { element: '+', release: '?', terminator: "'" }
}

/** The segments of `text`, in order; line breaks after a terminator belong to the next segment's leading space. */
export function splitSegments(text: string, max = 20_000): RawSegment[] {
  const { terminator, release } = separatorsOf(text)
  const out: RawSegment[] = []
  let start = 0
  for (let i = 0; i < text.length && out.length < max; i++) {
    const c = text[i]
    if (release && c === release) {
      i++
      continue
    }
    if (c === terminator) {
      out.push(segmentOf(text, start, i + 1))
      start = i + 1
    }
  }
  if (start < text.length && out.length < max && text.slice(start).trim()) out.push(segmentOf(text, start, text.length))
  return out
}

function segmentOf(text: string, start: number, end: number): RawSegment {
  const body = text.slice(start, end)
  const tag = /[A-Z0-9]{2,3}/.exec(body)?.[0] ?? ''
  return { start, end, text: body, tag }
}

/**
 * The segments an issue points at: by character offset when the parser gave one (file and interchange level), else
 * by its 1-based segment index inside the message that starts at `messageStart` (UNH / ST is segment 1).
 */
export function offendingSegments(segments: RawSegment[], issues: SyntaxIssue[], messageStart: number | null): Set<number> {
  const hit = new Set<number>()
  const firstOfMessage = messageStart === null ? -1 : segments.findIndex((s) => s.end > messageStart)
  for (const issue of issues) {
    if (issue.offset !== undefined) {
      const i = segments.findIndex((s) => issue.offset! >= s.start && issue.offset! < s.end)
      if (i >= 0) hit.add(i)
    } else if (issue.segment && issue.level === 'message' && firstOfMessage >= 0) {
      const i = firstOfMessage + issue.segment.index - 1
      if (i < segments.length) hit.add(i)
    } else if (issue.segment) {
      const i = issue.segment.index - 1
      if (i >= 0 && i < segments.length) hit.add(i)
    }
  }
  return hit
}
