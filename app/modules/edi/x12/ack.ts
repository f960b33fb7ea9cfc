// Outbound syntax acknowledgements: the 997 (one set per received group: AK1, AK2/AK3/AK4/AK5 per set, AK9) and
// the TA1 (the interchange itself, in its own ISA/IEA without GS). Both answer the ParsedInterchange exactly as
// the parser reported it, plus the pipeline's extra issues (a duplicate interchange key found in the archive …).
import type { AckAction, ParsedInterchange, ParsedMessage, PartyId, SyntaxIssue, X12Settings } from '../document'
import { x12IssueCode } from './codes'
import { messagesOfGroups } from './envelope'
import { checkSettings, gsSegment, isaSegment, render, SegmentWriter, utf8 } from './writer'

export interface AckInput {
  answering: ParsedInterchange
  /**
   * Issues found after parsing. One whose offset falls inside a set's span is that set's; other 'message' and
   * 'group' issues apply to every group; 'interchange' and 'file' issues are the TA1's.
   */
  extraIssues?: SyntaxIssue[]
  sender: PartyId
  recipient: PartyId
  controlRef: string
  preparedAt: Date
  settings: X12Settings
}

const errors = (issues: SyntaxIssue[]) => issues.filter((i) => i.severity === 'error')

/** Envelope problems of the set itself (ST/SE counts and references, a missing trailer, a duplicate ST02). */
function isSetLevel(i: SyntaxIssue): boolean {
  if (!i.segment) return true
  return (
    (i.segment.tag === 'ST' || i.segment.tag === 'SE') &&
    ['count_mismatch', 'reference_mismatch', 'missing', 'duplicate', 'truncated'].includes(i.code)
  )
}

function uniqueCodes(codes: string[], max: number): string[] {
  return [...new Set(codes.filter((c) => c !== ''))].slice(0, max)
}

function ownerOf(issue: SyntaxIssue, messages: ParsedMessage[]): ParsedMessage | undefined {
  if (issue.offset === undefined) return undefined
  return messages.find((m) => issue.offset! >= m.span.start && issue.offset! < m.span.end)
}

/** 997 functional acknowledgement (X12.6 / 4010 and 5010 997). */
export function write997(input: AckInput & { groupRef: string }): { bytes: Uint8Array; text: string; action: AckAction } {
  const { answering, settings } = input
  checkSettings(settings)
  const w = new SegmentWriter(settings)
  w.segments.push(isaSegment({ ...input, test: answering.test }))
  const groups = messagesOfGroups(answering)
  const allMessages = groups.flat()
  const extraBySet = new Map<ParsedMessage, SyntaxIssue[]>()
  const extraForGroups: SyntaxIssue[] = []
  for (const issue of input.extraIssues ?? []) {
    const owner = ownerOf(issue, allMessages)
    if (owner) extraBySet.set(owner, [...(extraBySet.get(owner) ?? []), issue])
    else if (issue.level === 'group' || issue.level === 'message') extraForGroups.push(issue)
  }
  // An interchange refused as a whole (a duplicate ISA13 found by the pipeline, an IEA mismatch) books none of its
  // sets (inbound.server.ts rejects them all), so its 997 must not say A for them: every set R, every group R.
  const interchangeRefused =
    errors([...answering.issues, ...(input.extraIssues ?? [])].filter((i) => i.level === 'interchange' || i.level === 'file')).length > 0
  const groupActions: string[] = []
  if (answering.groups.length === 0) {
    // Nothing to acknowledge per group (a file cut before any GS): an empty interchange; the TA1 says why.
    w.add('IEA', '0', input.controlRef.padStart(9, '0'))
    const text = render(w.segments, settings)
    return { bytes: utf8(text), text, action: errors(answering.issues).length ? 'rejected' : 'received' }
  }
  gsSegment(w, 'FA', input.sender, input.recipient, input.groupRef, input.preparedAt, settings)
  answering.groups.forEach((group, g) => {
    const ref = String(g + 1).padStart(4, '0')
    const start = w.segments.length
    w.add('ST', '997', ref)
    w.add('AK1', group.functionalId, group.ref)
    let accepted = 0
    const sets = groups[g] ?? []
    const setActions: string[] = []
    for (const m of sets) {
      const issues = [...m.issues, ...(extraBySet.get(m) ?? [])]
      w.add('AK2', m.type, m.ref)
      const segmentIssues = issues.filter((i) => !isSetLevel(i))
      const bySegment = new Map<number, SyntaxIssue[]>()
      for (const i of segmentIssues) bySegment.set(i.segment!.index, [...(bySegment.get(i.segment!.index) ?? []), i])
      for (const [index, list] of [...bySegment.entries()].sort((a, b) => a[0] - b[0])) {
        const first = list[0]!
        const withElement = list.filter((i) => i.element)
        // AK304 8 when the fault is in its elements (AK4 follows), else the segment's own code.
        const segmentCode = withElement.length ? '8' : x12IssueCode(first, 'segment')
        w.add('AK3', first.segment!.tag, String(index), '', segmentCode)
        for (const i of withElement) {
          const pos = i.element!
          w.add('AK4', pos.component ? [String(pos.position), String(pos.component)] : String(pos.position), '', x12IssueCode(i, 'element'))
        }
      }
      const setErrors = errors(issues)
      const status = setErrors.length || interchangeRefused ? 'R' : issues.length ? 'E' : 'A'
      const codes = uniqueCodes([...issues.filter(isSetLevel).map((i) => x12IssueCode(i, 'set')), ...(segmentIssues.length ? ['5'] : [])], 5)
      w.add('AK5', status, ...codes)
      setActions.push(status)
      if (status !== 'R') accepted++
    }
    const groupIssues = [...group.issues, ...extraForGroups]
    const groupErrors = errors(groupIssues)
    let status: string
    if (groupErrors.length || (sets.length > 0 && accepted === 0)) status = 'R'
    else if (accepted < sets.length) status = 'P'
    else if (setActions.includes('E') || groupIssues.length) status = 'E'
    else status = 'A'
    groupActions.push(status)
    const included = group.declaredCount ?? sets.length
    w.add(
      'AK9',
      status,
      String(included),
      String(sets.length),
      String(accepted),
      ...uniqueCodes(
        groupIssues.map((i) => x12IssueCode(i, 'group')),
        5,
      ),
    )
    w.add('SE', String(w.segments.length - start + 1), ref)
  })
  w.add('GE', String(answering.groups.length), input.groupRef)
  w.add('IEA', '1', input.controlRef.padStart(9, '0'))
  const text = render(w.segments, settings)
  const action: AckAction = groupActions.every((a) => a === 'A')
    ? 'accepted'
    : groupActions.every((a) => a === 'R')
      ? 'rejected'
      : 'accepted_with_errors'
  return { bytes: utf8(text), text, action }
}

/** TA1 interchange acknowledgement: TA104 A/E/R and one TA105 note code (the first error's, else 000). */
export function writeTa1(input: AckInput): { bytes: Uint8Array; text: string; action: AckAction } {
  const { answering, settings } = input
  checkSettings(settings)
  const issues = [...answering.issues, ...(input.extraIssues ?? []).filter((i) => i.level === 'interchange' || i.level === 'file')]
  const errs = errors(issues)
  const first = errs[0] ?? issues[0]
  const status = errs.length ? 'R' : issues.length ? 'E' : 'A'
  const note = first ? x12IssueCode(first, 'interchange') || '022' : '000'
  const w = new SegmentWriter(settings)
  w.segments.push(isaSegment({ ...input, test: answering.test }))
  // TA102/TA103: the answered interchange's ISA09 (YYMMDD) and ISA10 (HHMM).
  const date = answering.date ? answering.date.replace(/-/g, '').slice(2) : ''
  const time = answering.time ? answering.time.replace(':', '') : ''
  w.add('TA1', answering.controlRef, date, time, status, note)
  w.add('IEA', '0', input.controlRef.padStart(9, '0'))
  const text = render(w.segments, settings)
  return { bytes: utf8(text), text, action: status === 'A' ? 'accepted' : status === 'E' ? 'accepted_with_errors' : 'rejected' }
}
