// Envelope checks of ISO 9735 (UNB/UNZ, UNG/UNE, UNH/UNT): the Bots checkenvelope list E01–E12, collected as
// issues and never thrown. A message keeps its segments so the readers can map it afterwards.
import type { ParsedGroup, ParsedInterchange, ParsedMessage, ParseOptions, SyntaxIssue } from '../document'
import type { Segment, TokenizeResult } from './tokenizer'

export interface MessageRecord {
  parsed: ParsedMessage
  /** UNH..UNT inclusive (UNT absent when the message was not closed). */
  segments: Segment[]
}

export interface InterchangeRecord {
  parsed: ParsedInterchange
  messages: MessageRecord[]
  /** The bytes ended inside this interchange (mid-segment): nothing in it may be booked. */
  truncated: boolean
}

export const el = (s: Segment, e: number, c = 1): string => s.elements[e - 1]?.[c - 1] ?? ''

/** UNB S004: YYMMDD (syntax 1–3) or CCYYMMDD (syntax 4) and HHMM, to ISO. */
function unbDate(value: string): string | undefined {
  if (/^\d{8}$/.test(value)) return `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}`
  if (/^\d{6}$/.test(value)) {
    const yy = Number(value.slice(0, 2))
    return `${yy >= 70 ? 19 : 20}${value.slice(0, 2)}-${value.slice(2, 4)}-${value.slice(4, 6)}`
  }
  return undefined
}

const supportedIds = new Set(['UNOA', 'UNOB', 'UNOC', 'UNOE', 'UNOY'])

export function buildInterchanges(
  tok: TokenizeResult,
  text: string,
  options: ParseOptions,
): { interchanges: InterchangeRecord[]; issues: SyntaxIssue[] } {
  const fileIssues: SyntaxIssue[] = []
  const out: InterchangeRecord[] = []
  let ic: InterchangeRecord | null = null
  let unb: Segment | null = null
  let group: { parsed: ParsedGroup; messages: number; start: Segment } | null = null
  let msg: MessageRecord | null = null
  const icIndex = (s: Segment) => (unb ? s.index - unb.index + 1 : s.index)
  const icIssue = (s: Segment | null, code: SyntaxIssue['code'], message: string, position?: number, severity: SyntaxIssue['severity'] = 'error') => {
    const issue: SyntaxIssue = { level: 'interchange', code, severity, message }
    if (s) {
      issue.segment = { tag: s.tag, index: icIndex(s) }
      issue.offset = s.offset
    }
    if (position) issue.element = { position }
    if (ic) ic.parsed.issues.push(issue)
    else fileIssues.push({ ...issue, level: 'file' })
  }
  const closeMessage = (unt: Segment | null, at: Segment | null) => {
    if (!msg) return
    const m = msg.parsed
    m.countedSegments = msg.segments.length
    const last = msg.segments[msg.segments.length - 1]
    m.span.end = last.end
    if (!unt) {
      m.issues.push({
        level: 'message',
        code: 'missing',
        severity: 'error',
        segment: at ? { tag: at.tag, index: at.index - msg.segments[0].index + 1 } : undefined,
        offset: at?.offset,
        message: `Message ${m.ref} has no UNT trailer.`,
      })
    } else {
      const declared = el(unt, 1)
      const position = { tag: 'UNT', index: msg.segments.length }
      if (!/^\d+$/.test(declared)) {
        m.issues.push({
          level: 'message',
          code: 'invalid_value',
          severity: 'error',
          segment: position,
          element: { position: 1 },
          offset: unt.offset,
          message: `UNT 0074 "${declared}" is not a number.`,
        })
      } else {
        m.declaredSegments = Number(declared)
        if (m.declaredSegments !== m.countedSegments) {
          m.issues.push({
            level: 'message',
            code: 'count_mismatch',
            severity: 'error',
            segment: position,
            element: { position: 1 },
            offset: unt.offset,
            message: `UNT says ${m.declaredSegments} segments, the message has ${m.countedSegments} (UNH..UNT).`,
          })
        }
      }
      if (el(unt, 2) !== m.ref) {
        m.issues.push({
          level: 'message',
          code: 'reference_mismatch',
          severity: 'error',
          segment: position,
          element: { position: 2 },
          offset: unt.offset,
          message: `UNT reference "${el(unt, 2)}" does not match UNH 0062 "${m.ref}".`,
        })
      }
    }
    ic?.messages.push(msg)
    ic?.parsed.messages.push(m)
    msg = null
  }
  const closeGroup = (une: Segment | null) => {
    if (!group || !ic) return
    const g = group.parsed
    if (!une) {
      g.issues.push({ level: 'group', code: 'missing', severity: 'error', message: `Group ${g.ref} has no UNE trailer.` })
    } else {
      const declared = el(une, 1)
      const position = { tag: 'UNE', index: icIndex(une) }
      g.declaredCount = /^\d+$/.test(declared) ? Number(declared) : null
      if (g.declaredCount === null)
        g.issues.push({
          level: 'group',
          code: 'invalid_value',
          severity: 'error',
          segment: position,
          element: { position: 1 },
          message: `UNE 0060 "${declared}" is not a number.`,
        })
      else if (g.declaredCount !== group.messages) {
        g.issues.push({
          level: 'group',
          code: 'count_mismatch',
          severity: 'error',
          segment: position,
          element: { position: 1 },
          message: `UNE says ${g.declaredCount} messages, the group has ${group.messages}.`,
        })
      }
      if (el(une, 2) !== g.ref) {
        g.issues.push({
          level: 'group',
          code: 'reference_mismatch',
          severity: 'error',
          segment: position,
          element: { position: 2 },
          message: `UNE reference "${el(une, 2)}" does not match UNG 0048 "${g.ref}".`,
        })
      }
    }
    group = null
  }
  const closeInterchange = (unz: Segment | null, endOffset: number) => {
    if (!ic) return
    const p = ic.parsed
    p.span.end = endOffset
    if (!unz) {
      if (!ic.truncated) {
        // A file that stops after a complete segment but without UNZ (corpus: the pydifact ORDERS): strict rejects it,
        // a tolerant profile keeps the complete messages with a warning.
        icIssue(null, 'missing', `Interchange ${p.controlRef} has no UNZ trailer.`, undefined, options.tolerant ? 'warning' : 'error')
      }
    } else {
      const declared = el(unz, 1)
      const counted = p.groups.length > 0 ? p.groups.length : p.messages.length
      p.declaredCount = /^\d+$/.test(declared) ? Number(declared) : null
      if (p.declaredCount === null) icIssue(unz, 'invalid_value', `UNZ 0036 "${declared}" is not a number.`, 1)
      else if (p.declaredCount !== counted) {
        icIssue(
          unz,
          'count_mismatch',
          `UNZ says ${p.declaredCount} ${p.groups.length > 0 ? 'groups' : 'messages'}, the interchange has ${counted}.`,
          1,
        )
      }
      if (el(unz, 2) !== p.controlRef)
        icIssue(unz, 'reference_mismatch', `UNZ reference "${el(unz, 2)}" does not match UNB 0020 "${p.controlRef}".`, 2)
    }
    out.push(ic)
    ic = null
    unb = null
  }

  for (const s of tok.segments) {
    switch (s.tag) {
      case 'UNB': {
        if (ic) {
          closeMessage(null, s)
          closeGroup(null)
          closeInterchange(null, s.offset)
        }
        unb = s
        const syntaxId = el(s, 1, 1)
        const syntaxVersion = el(s, 1, 2)
        ic = {
          truncated: false,
          messages: [],
          parsed: {
            syntax: 'edifact',
            sender: { id: el(s, 2, 1), ...(el(s, 2, 2) ? { qualifier: el(s, 2, 2) } : {}) },
            recipient: { id: el(s, 3, 1), ...(el(s, 3, 2) ? { qualifier: el(s, 3, 2) } : {}) },
            controlRef: el(s, 5),
            date: unbDate(el(s, 4, 1)),
            time: /^\d{4}$/.test(el(s, 4, 2)) ? `${el(s, 4, 2).slice(0, 2)}:${el(s, 4, 2).slice(2)}` : undefined,
            test: el(s, 11) === '1',
            ackRequested: el(s, 9) === '1',
            syntaxId,
            syntaxVersion,
            separators: { ...tok.separators },
            span: { start: s.offset, end: s.end },
            declaredCount: null,
            issues: [],
            groups: [],
            messages: [],
          },
        }
        if (!supportedIds.has(syntaxId)) icIssue(s, 'unsupported_syntax', `Syntax identifier "${syntaxId}" is not supported.`, 1)
        else if (syntaxVersion === '') icIssue(s, 'missing', 'UNB S001 0002 (syntax version) is missing; read as the UNA/defaults say.', 1, 'warning')
        else if (!/^[1-4]$/.test(syntaxVersion)) icIssue(s, 'unsupported_syntax', `Syntax version "${syntaxVersion}" is not supported.`, 1)
        if (!ic.parsed.controlRef) icIssue(s, 'missing', 'UNB 0020 (interchange control reference) is missing.', 5)
        break
      }
      case 'UNG':
        if (!ic) {
          fileIssues.push({
            level: 'file',
            code: 'segment_order',
            severity: 'error',
            segment: { tag: 'UNG', index: s.index },
            offset: s.offset,
            message: 'UNG outside an interchange.',
          })
          break
        }
        closeMessage(null, s)
        closeGroup(null)
        group = {
          start: s,
          messages: 0,
          parsed: {
            ref: el(s, 5),
            functionalId: el(s, 1),
            sender: { id: el(s, 2, 1), ...(el(s, 2, 2) ? { qualifier: el(s, 2, 2) } : {}) },
            recipient: { id: el(s, 3, 1), ...(el(s, 3, 2) ? { qualifier: el(s, 3, 2) } : {}) },
            version: [el(s, 7, 1), el(s, 7, 2), el(s, 7, 3)].filter(Boolean).join(':') || undefined,
            declaredCount: null,
            messageRefs: [],
            issues: [],
          },
        }
        ic.parsed.groups.push(group.parsed)
        break
      case 'UNE':
        closeMessage(null, s)
        if (!group) icIssue(s, 'segment_order', 'UNE without UNG.')
        else closeGroup(s)
        break
      case 'UNH': {
        if (!ic) {
          fileIssues.push({
            level: 'file',
            code: 'missing',
            severity: 'error',
            segment: { tag: 'UNH', index: s.index },
            offset: s.offset,
            message: 'UNH before any UNB.',
          })
          break
        }
        closeMessage(null, s)
        if (ic.parsed.groups.length > 0 && !group) icIssue(s, 'segment_order', 'A message outside a group in an interchange that uses UNG.')
        const ref = el(s, 1)
        msg = {
          segments: [s],
          parsed: {
            ref,
            type: el(s, 2, 1),
            version: [el(s, 2, 2), el(s, 2, 3), el(s, 2, 4), el(s, 2, 5)].filter((v, i) => v || i < 3).join(':'),
            declaredSegments: null,
            countedSegments: 0,
            span: { start: s.offset, end: s.end },
            issues: [],
            document: null,
          },
        }
        if (group) {
          group.messages++
          group.parsed.messageRefs.push(ref)
        }
        break
      }
      case 'UNT':
        if (!msg) {
          icIssue(s, 'segment_order', 'UNT without UNH.')
          break
        }
        msg.segments.push(s)
        closeMessage(s, s)
        break
      case 'UNZ':
        if (!ic) {
          fileIssues.push({
            level: 'file',
            code: 'segment_order',
            severity: 'error',
            segment: { tag: 'UNZ', index: s.index },
            offset: s.offset,
            message: 'UNZ without UNB.',
          })
          break
        }
        closeMessage(null, s)
        if (group) closeGroup(null)
        closeInterchange(s, s.end)
        break
      default:
        if (msg) msg.segments.push(s)
        else if (ic) icIssue(s, 'segment_order', `Segment ${s.tag} outside a message.`)
        else
          fileIssues.push({
            level: 'file',
            code: 'segment_order',
            severity: 'error',
            segment: { tag: s.tag, index: s.index },
            offset: s.offset,
            message: `Segment ${s.tag} before any UNB.`,
          })
    }
  }
  if (tok.truncated) {
    const at = tok.truncatedAt ?? text.length
    if (ic) {
      ic.truncated = true
      ;(ic as InterchangeRecord).parsed.issues.push({
        level: 'interchange',
        code: 'truncated',
        severity: 'error',
        offset: at,
        message: 'The data ends inside a segment: the interchange was cut in transport.',
      })
      if (msg) {
        ;(msg as MessageRecord).parsed.issues.push({
          level: 'message',
          code: 'truncated',
          severity: 'error',
          offset: at,
          message: 'The data ends inside this message.',
        })
      }
    } else {
      fileIssues.push({ level: 'file', code: 'truncated', severity: 'error', offset: at, message: 'The data ends inside a segment.' })
    }
  }
  if (msg) closeMessage(null, null)
  if (group) closeGroup(null)
  if (ic) closeInterchange(null, text.length)
  return { interchanges: out, issues: fileIssues }
}
