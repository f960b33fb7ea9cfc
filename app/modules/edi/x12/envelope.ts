// X12 envelopes (X12.5/X12.6): ISA/IEA, GS/GE, ST/SE, their counts and control numbers, duplicates and truncation.
// Control numbers are compared as text: ISA13 '000003438' and IEA02 '3438' do not match (node-x12 parseInt's them).
// Issues are collected, never thrown. A document is kept only when its set, its group and its interchange carry no
// error: what a 997/TA1 rejects is never booked (one verdict per thing).
import type { InboundDocument, ParsedGroup, ParsedInterchange, ParsedMessage, ParseOptions, SyntaxIssue } from '../document'
import { el, read850, read997, readTa1 } from './850'
import { checkSegmentOrder, tableFor } from './segment-table'
import type { TokenizedInterchange, X12Segment } from './tokenizer'

/** YYMMDD → YYYY-MM-DD with a 1970 pivot (ISA09 has no century). */
function isaDate(value: string): string | undefined {
  const m = /^(\d{2})(\d{2})(\d{2})$/.exec(value)
  if (!m) return undefined
  const yy = Number(m[1])
  const year = yy >= 70 ? 1900 + yy : 2000 + yy
  const date = new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3])))
  if (date.getUTCMonth() !== Number(m[2]) - 1 || date.getUTCDate() !== Number(m[3])) return undefined
  return `${year}-${m[2]}-${m[3]}`
}

function isaTime(value: string): string | undefined {
  const m = /^([01]\d|2[0-3])([0-5]\d)$/.exec(value)
  return m ? `${m[1]}:${m[2]}` : undefined
}

const digits = /^\d+$/

interface OpenSet {
  st: X12Segment
  segments: X12Segment[]
  group: OpenGroup
}

interface OpenGroup {
  gs: X12Segment
  parsed: ParsedGroup
  messages: ParsedMessage[]
}

function hasError(issues: SyntaxIssue[]): boolean {
  return issues.some((i) => i.severity === 'error')
}

function segmentEnd(text: string, s: X12Segment, terminator: string): number {
  const stop = text.indexOf(terminator, s.offset)
  return stop < 0 ? text.length : stop + 1
}

export function buildInterchange(tok: TokenizedInterchange, text: string, options: ParseOptions): ParsedInterchange {
  const { tolerant } = options
  const isa = tok.segments[0]!
  const f = (n: number) => el(isa, n)
  const issues: SyntaxIssue[] = [...tok.issues]
  const sep = tok.separators
  const interchange: ParsedInterchange = {
    syntax: 'x12',
    sender: { id: f(6).trim(), qualifier: f(5).trim() },
    recipient: { id: f(8).trim(), qualifier: f(7).trim() },
    controlRef: f(13),
    test: f(15) === 'T',
    ackRequested: f(14) === '1',
    syntaxId: 'X12',
    syntaxVersion: f(12),
    separators: {
      component: sep.component,
      element: sep.element,
      decimal: '.',
      release: '',
      repetition: sep.repetition ?? '',
      terminator: sep.terminator,
    },
    span: { start: tok.start, end: tok.end },
    declaredCount: null,
    issues,
    groups: [],
    messages: [],
  }
  const date = isaDate(f(9))
  const time = isaTime(f(10))
  if (date) interchange.date = date
  if (time) interchange.time = time
  const isaIssue = (position: number, message: string) =>
    issues.push({
      level: 'interchange',
      code: 'invalid_value',
      severity: 'error',
      segment: { tag: 'ISA', index: 1 },
      element: { position },
      offset: isa.offset,
      message,
    })
  if (!date) isaIssue(9, `ISA09 '${f(9)}' is not a YYMMDD date.`)
  if (!time) isaIssue(10, `ISA10 '${f(10)}' is not an HHMM time.`)
  if (!/^\d{9}$/.test(f(13))) isaIssue(13, `ISA13 '${f(13)}' is not a 9-digit interchange control number.`)
  if (f(14) !== '0' && f(14) !== '1') isaIssue(14, `ISA14 '${f(14)}' must be 0 or 1.`)
  if (f(15) !== 'T' && f(15) !== 'P') isaIssue(15, `ISA15 '${f(15)}' must be T (test) or P (production).`)

  let group: OpenGroup | null = null
  let set: OpenSet | null = null
  let iea: X12Segment | null = null
  const groupRefs = new Set<string>()
  const at = (s: X12Segment, level: SyntaxIssue['level'], code: SyntaxIssue['code'], message: string, position?: number): SyntaxIssue => ({
    level,
    code,
    severity: 'error',
    segment: { tag: s.tag, index: s.index },
    ...(position !== undefined ? { element: { position } } : {}),
    offset: s.offset,
    message,
  })

  const closeSet = (open: OpenSet, se: X12Segment | null) => {
    const st = open.st
    const all = se ? [st, ...open.segments, se] : [st, ...open.segments]
    const msgIssues: SyntaxIssue[] = []
    const inSet = (s: X12Segment, code: SyntaxIssue['code'], message: string, position?: number): SyntaxIssue => ({
      ...at(s, 'message', code, message, position),
      segment: { tag: s.tag, index: all.indexOf(s) + 1 },
    })
    const ref = el(st, 2)
    const type = el(st, 1)
    const counted = all.length
    let declared: number | null = null
    for (const s of all) {
      if (s.invalidChar) {
        msgIssues.push({
          ...inSet(
            s,
            'invalid_character',
            `${s.tag}${String(s.invalidChar.position).padStart(2, '0')} contains control character U+${s.invalidChar.code.toString(16).toUpperCase().padStart(4, '0')}.`,
          ),
          element: { position: s.invalidChar.position, ...(s.invalidChar.component > 1 ? { component: s.invalidChar.component } : {}) },
        })
      }
    }
    if (!ref) msgIssues.push(inSet(st, 'missing', 'ST02 (transaction set control number) is missing.', 2))
    if (open.group.parsed.messageRefs.includes(ref)) {
      msgIssues.push(inSet(st, 'duplicate', `ST02 '${ref}' is used by an earlier transaction set in group ${open.group.parsed.ref}.`, 2))
    }
    if (se) {
      if (digits.test(el(se, 1))) declared = Number(el(se, 1))
      else msgIssues.push(inSet(se, 'invalid_value', `SE01 '${el(se, 1)}' is not a segment count.`, 1))
      if (declared !== null && declared !== counted) {
        msgIssues.push(inSet(se, 'count_mismatch', `SE01 says ${declared} segments; ST..SE has ${counted}.`, 1))
      }
      if (el(se, 2) !== ref) msgIssues.push(inSet(se, 'reference_mismatch', `SE02 '${el(se, 2)}' does not match ST02 '${ref}'.`, 2))
    } else {
      msgIssues.push({
        level: 'message',
        code: 'missing',
        severity: 'error',
        segment: { tag: 'SE', index: all.length + 1 },
        message: `Transaction set ${ref} has no SE trailer.`,
      })
    }
    const version = open.group.parsed.version ?? ''
    let document: InboundDocument | null = null
    const body = open.segments
    if (type === '850') {
      const table = tableFor('850', version)
      if (table) msgIssues.push(...checkSegmentOrder(body, table, 2, tolerant))
      const read = read850(all, tolerant)
      msgIssues.push(...read.issues)
      document = read.document
    } else if (type === '997') {
      const read = read997(all)
      msgIssues.push(...read.issues)
      document = read.document
    }
    const last = se ?? all[all.length - 1]!
    const message: ParsedMessage = {
      ref,
      type,
      version,
      declaredSegments: declared,
      countedSegments: counted,
      span: { start: st.offset, end: segmentEnd(text, last, sep.terminator) },
      issues: msgIssues,
      document: hasError(msgIssues) ? null : document,
    }
    open.group.parsed.messageRefs.push(ref)
    open.group.messages.push(message)
    interchange.messages.push(message)
  }

  const closeGroup = (open: OpenGroup, ge: X12Segment | null) => {
    const g = open.parsed
    if (ge) {
      if (digits.test(el(ge, 1))) g.declaredCount = Number(el(ge, 1))
      else g.issues.push(at(ge, 'group', 'invalid_value', `GE01 '${el(ge, 1)}' is not a count of transaction sets.`, 1))
      if (g.declaredCount !== null && g.declaredCount !== open.messages.length) {
        g.issues.push(at(ge, 'group', 'count_mismatch', `GE01 says ${g.declaredCount} transaction sets; the group has ${open.messages.length}.`, 1))
      }
      if (el(ge, 2) !== g.ref) g.issues.push(at(ge, 'group', 'reference_mismatch', `GE02 '${el(ge, 2)}' does not match GS06 '${g.ref}'.`, 2))
    } else {
      g.issues.push({
        level: 'group',
        code: 'missing',
        severity: 'error',
        segment: { tag: 'GE', index: open.gs.index },
        offset: open.gs.offset,
        message: `Functional group ${g.ref} has no GE trailer.`,
      })
    }
    interchange.groups.push(g)
  }

  for (const s of tok.segments.slice(1)) {
    if (iea) {
      issues.push(at(s, 'interchange', 'segment_order', `Segment ${s.tag} follows IEA; only a new ISA may follow an interchange trailer.`))
      continue
    }
    if (s.invalidChar && !set) {
      issues.push({
        ...at(
          s,
          group ? 'group' : 'interchange',
          'invalid_character',
          `${s.tag} contains control character U+${s.invalidChar.code.toString(16).toUpperCase().padStart(4, '0')}.`,
        ),
        element: { position: s.invalidChar.position },
      })
    }
    switch (s.tag) {
      case 'GS': {
        if (set) closeSet(set, null)
        if (group) closeGroup(group, null)
        set = null
        const ref = el(s, 6)
        const parsed: ParsedGroup = {
          ref,
          functionalId: el(s, 1),
          sender: { id: el(s, 2) },
          recipient: { id: el(s, 3) },
          version: el(s, 8),
          declaredCount: null,
          messageRefs: [],
          issues: [],
        }
        if (!ref) parsed.issues.push(at(s, 'group', 'missing', 'GS06 (group control number) is missing.', 6))
        else if (groupRefs.has(ref))
          parsed.issues.push(at(s, 'group', 'duplicate', `GS06 '${ref}' is used by an earlier group in this interchange.`, 6))
        groupRefs.add(ref)
        group = { gs: s, parsed, messages: [] }
        break
      }
      case 'ST':
        if (set) closeSet(set, null)
        set = null
        if (!group) issues.push(at(s, 'interchange', 'segment_order', 'ST outside a functional group (no GS before it).'))
        else set = { st: s, segments: [], group }
        break
      case 'SE':
        if (!set) issues.push(at(s, group ? 'group' : 'interchange', 'segment_order', 'SE without a matching ST.'))
        else closeSet(set, s)
        set = null
        break
      case 'GE':
        if (set) closeSet(set, null)
        set = null
        if (!group) issues.push(at(s, 'interchange', 'segment_order', 'GE without a matching GS.'))
        else closeGroup(group, s)
        group = null
        break
      case 'IEA':
        if (set) closeSet(set, null)
        if (group) closeGroup(group, null)
        set = null
        group = null
        iea = s
        break
      case 'TA1':
        if (!group && !set) {
          // A TA1 travels in its own interchange without GS; we list it as a pseudo-message so its ack is found.
          const read = readTa1(s, s.index)
          issues.push(...read.issues)
          interchange.messages.push({
            ref: el(s, 1),
            type: 'TA1',
            version: interchange.syntaxVersion,
            declaredSegments: null,
            countedSegments: 1,
            span: { start: s.offset, end: segmentEnd(text, s, sep.terminator) },
            issues: [],
            document: read.document,
          })
          break
        }
        if (set) set.segments.push(s)
        break
      default:
        if (set) set.segments.push(s)
        else issues.push(at(s, group ? 'group' : 'interchange', 'segment_order', `Segment ${s.tag} is outside a transaction set.`))
    }
  }
  const lastSegment = tok.segments[tok.segments.length - 1]!
  if (set || group || !iea) {
    const cut = set ? 'a transaction set' : group ? 'a functional group' : 'the interchange'
    if (set) closeSet(set, null)
    if (group) closeGroup(group, null)
    issues.push({
      level: 'interchange',
      code: 'truncated',
      severity: 'error',
      segment: { tag: lastSegment.tag, index: lastSegment.index },
      offset: lastSegment.offset,
      message: `The text ends inside ${cut}, before ${set ? 'SE' : group ? 'GE' : 'IEA'}.`,
    })
  } else if (!lastSegment.terminated) {
    // The bytes end inside the last segment. A complete-looking IEA without its terminator is a QUIRK.
    issues.push({
      level: 'interchange',
      code: 'truncated',
      severity: tolerant && lastSegment.tag === 'IEA' ? 'warning' : 'error',
      segment: { tag: lastSegment.tag, index: lastSegment.index },
      offset: lastSegment.offset,
      message: `The text ends inside ${lastSegment.tag}, before its segment terminator.`,
    })
  }
  if (iea) {
    const e = iea as X12Segment
    if (digits.test(el(e, 1))) interchange.declaredCount = Number(el(e, 1))
    else issues.push(at(e, 'interchange', 'invalid_value', `IEA01 '${el(e, 1)}' is not a count of groups.`, 1))
    if (interchange.declaredCount !== null && interchange.declaredCount !== interchange.groups.length) {
      issues.push(
        at(
          e,
          'interchange',
          'count_mismatch',
          `IEA01 says ${interchange.declaredCount} groups; the interchange has ${interchange.groups.length}.`,
          1,
        ),
      )
    }
    if (el(e, 2) !== interchange.controlRef) {
      issues.push(at(e, 'interchange', 'reference_mismatch', `IEA02 '${el(e, 2)}' does not match ISA13 '${interchange.controlRef}'.`, 2))
    }
  }
  // A rejected group or interchange books nothing, not even its clean sets.
  const interchangeFails = hasError(issues)
  let cursor = 0
  for (const g of interchange.groups) {
    const fails = interchangeFails || hasError(g.issues)
    for (let k = 0; k < g.messageRefs.length; k++) {
      while (interchange.messages[cursor]?.type === 'TA1') cursor++
      const m = interchange.messages[cursor++]
      if (m && fails) m.document = null
    }
  }
  if (interchangeFails) for (const m of interchange.messages) m.document = null
  return interchange
}

/** The sets of each group, in order (a ParsedGroup lists refs, which may repeat; the messages are in file order). */
export function messagesOfGroups(interchange: ParsedInterchange): ParsedMessage[][] {
  const sets = interchange.messages.filter((m) => m.type !== 'TA1')
  let cursor = 0
  return interchange.groups.map((g) => {
    const slice = sets.slice(cursor, cursor + g.messageRefs.length)
    cursor += g.messageRefs.length
    return slice
  })
}
