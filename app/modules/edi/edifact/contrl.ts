// CONTRL (ISO 9735 part 1 syntax 3 / part 6 syntax 4): reading a partner's acknowledgement of our interchange, and
// writing ours for theirs. 0083 actions: 4 rejected, 7 acknowledged, 8 received; 0085 errors: contrlCodes below.
import type { AckAction, EdifactSettings, InboundSyntaxAck, ParsedInterchange, PartyId, SyntaxCode, SyntaxIssue } from '../document'
import { el } from './envelope'
import { type OutSegment, serializeInterchange } from './serialize'
import type { Segment } from './tokenizer'

/**
 * SyntaxCode → 0085 (UN/EDIFACT service code list, syntax 4 release 40202). unknown_segment and segment_order are
 * both 15 "not supported in this position" (14 is "value not supported in this position", a data value, not a
 * segment); truncated is 13 "missing" (the trailer is missing); unreadable is 18 "unspecified error".
 */
const contrlCodes: Record<SyntaxCode, string> = {
  unsupported_syntax: '2',
  invalid_value: '12',
  missing: '13',
  too_many_constituents: '16',
  invalid_character: '21',
  duplicate: '26',
  reference_mismatch: '28',
  count_mismatch: '29',
  too_many_repetitions: '35',
  unknown_segment: '15',
  segment_order: '15',
  truncated: '13',
  unreadable: '18',
}

export function contrlCode(code: SyntaxCode): string {
  return contrlCodes[code]
}

function action(code: string, hasError: boolean): AckAction {
  if (code === '4') return 'rejected'
  if (code === '8') return 'received'
  if (code === '7') return hasError ? 'accepted_with_errors' : 'accepted'
  return 'received'
}

/** Inbound CONTRL → InboundSyntaxAck: UCI 0020 names our interchange, each UCM one of our messages. */
export function readContrl(segments: Segment[]): { document: InboundSyntaxAck | null; issues: SyntaxIssue[] } {
  const base = segments[0]?.index ?? 1
  const uci = segments.find((s) => s.tag === 'UCI')
  if (!uci) {
    const last = segments[segments.length - 1]
    return {
      document: null,
      issues: [
        {
          level: 'message',
          code: 'missing',
          severity: 'error',
          segment: { tag: last.tag, index: last.index - base + 1 },
          message: 'CONTRL without UCI.',
        },
      ],
    }
  }
  const ack: InboundSyntaxAck = { kind: 'syntax_ack', interchangeRef: el(uci, 1), action: action(el(uci, 4), el(uci, 5) !== ''), messages: [] }
  for (const s of segments) {
    if (s.tag === 'UCF' && !ack.groupRef) ack.groupRef = el(s, 1)
    if (s.tag === 'UCM') ack.messages.push({ ref: el(s, 1), action: action(el(s, 3), el(s, 4) !== '') })
  }
  return { document: ack, issues: [] }
}

export interface WriteContrlInput {
  answering: ParsedInterchange
  extraIssues?: SyntaxIssue[]
  sender: PartyId
  recipient: PartyId
  controlRef: string
  preparedAt: Date
  settings: EdifactSettings
}

const errors = (issues: SyntaxIssue[]) => issues.filter((i) => i.severity === 'error')

/**
 * Our CONTRL for one received interchange. UNH S009 is CONTRL:D:3:UN (syntax 3) or CONTRL:4:1:UN (syntax 4).
 * UCI: 0020, S002 and S003 echoed as the partner wrote them, 0083 7 or 4 and, for the first interchange-level
 * error, its 0085 with the service segment tag (0013) and element position (S011). One UCM per message (7, or 4 with
 * UCS 0096 + 0085 per error and UCD 0085 + S011 where the element is known). When the interchange is rejected every
 * UCM says 4: nothing in it was booked. Messages inside a UNG group answer under that group's UCF.
 */
export function writeContrl(input: WriteContrlInput): { bytes: Uint8Array; text: string; action: AckAction } {
  const ic = input.answering
  const icErrors = [...errors(ic.issues), ...ic.groups.flatMap((g) => errors(g.issues)), ...errors(input.extraIssues ?? [])]
  const rejected = icErrors.length > 0
  const body: OutSegment[] = []
  const first = icErrors[0]
  const uciTag = first?.segment && ['UNB', 'UNZ', 'UNG', 'UNE'].includes(first.segment.tag) ? first.segment.tag : undefined
  body.push([
    'UCI',
    ic.controlRef,
    [ic.sender.id, ic.sender.qualifier],
    [ic.recipient.id, ic.recipient.qualifier],
    rejected ? '4' : '7',
    first ? contrlCode(first.code) : undefined,
    uciTag,
    uciTag && first?.element ? [String(first.element.position), first.element.component ? String(first.element.component) : undefined] : undefined,
  ])
  let anyMessageRejected = false
  const answerMessage = (m: ParsedInterchange['messages'][number]) => {
    const mErrors = errors(m.issues)
    const msgRejected = rejected || mErrors.length > 0
    if (msgRejected) anyMessageRejected = true
    const s009 = m.version.split(':')
    // UCM 0085 carries an error no segment position can express (a missing UNT, a truncated message).
    const unplaced = mErrors.find((i) => !i.segment)
    body.push(['UCM', m.ref, [m.type, ...s009], msgRejected ? '4' : '7', unplaced ? contrlCode(unplaced.code) : undefined])
    for (const issue of mErrors) {
      if (issue.segment) {
        body.push(['UCS', String(issue.segment.index), contrlCode(issue.code)])
        if (issue.element)
          body.push([
            'UCD',
            contrlCode(issue.code),
            [String(issue.element.position), issue.element.component ? String(issue.element.component) : undefined],
          ])
      }
    }
  }
  // Messages outside any UNG group answer straight under UCI; each group gets its UCF (0048, S006, S007, its
  // action, and its first error with UNG/UNE and the element), its messages' UCMs below it.
  const grouped = new Set(ic.groups.flatMap((g) => g.messageRefs))
  for (const m of ic.messages) if (!grouped.has(m.ref)) answerMessage(m)
  for (const g of ic.groups) {
    const gErrors = errors(g.issues)
    const gFirst = gErrors[0]
    const gTag = gFirst?.segment && ['UNG', 'UNE'].includes(gFirst.segment.tag) ? gFirst.segment.tag : undefined
    body.push([
      'UCF',
      g.ref,
      g.sender ? [g.sender.id, g.sender.qualifier] : undefined,
      g.recipient ? [g.recipient.id, g.recipient.qualifier] : undefined,
      rejected ? '4' : '7',
      gFirst ? contrlCode(gFirst.code) : undefined,
      gTag,
      gTag && gFirst?.element
        ? [String(gFirst.element.position), gFirst.element.component ? String(gFirst.element.component) : undefined]
        : undefined,
    ])
    for (const m of ic.messages) if (g.messageRefs.includes(m.ref)) answerMessage(m)
  }
  const version = input.settings.syntaxVersion >= 4 ? ['4', '1', 'UN'] : ['D', '3', 'UN']
  const { text, bytes } = serializeInterchange({
    sender: input.sender,
    recipient: input.recipient,
    controlRef: input.controlRef,
    preparedAt: input.preparedAt,
    test: ic.test,
    settings: input.settings,
    appRef: 'CONTRL',
    messages: [{ ref: '1', s009: ['CONTRL', ...version], body }],
  })
  const ackAction: AckAction = rejected ? 'rejected' : anyMessageRejected ? 'accepted_with_errors' : 'accepted'
  return { text, bytes, action: ackAction }
}
