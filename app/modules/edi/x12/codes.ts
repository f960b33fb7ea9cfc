// Our cross-syntax codes → the X12 acknowledgement codes: TA105 (I18), AK905 (716), AK502 (718), AK304 (720) and
// AK403 (723). x12Code is what the JSON API shows beside our code; x12IssueCode refines it with the issue's element
// (an ISA element has its own TA1 note code) and message (AK4 8/9 for dates and times).
import type { SyntaxCode, SyntaxIssue } from '../document'

export type X12CodeLevel = 'interchange' | 'group' | 'set' | 'segment' | 'element'

const table: Record<X12CodeLevel, Partial<Record<SyntaxCode, string>>> = {
  // TA105: 001 control numbers differ, 003 version not supported, 021 group count, 022 control structure,
  // 023 premature end of file, 024 invalid interchange content, 025 duplicate interchange control number.
  interchange: {
    unsupported_syntax: '003',
    invalid_value: '022',
    missing: '024',
    too_many_constituents: '022',
    invalid_character: '022',
    duplicate: '025',
    reference_mismatch: '001',
    count_mismatch: '021',
    too_many_repetitions: '022',
    unknown_segment: '024',
    segment_order: '022',
    truncated: '023',
    unreadable: '022',
  },
  // AK905: 2 version not supported, 3 trailer missing, 4 control numbers differ, 5 set count, 6 control number
  // syntax, 19 group control number not unique within the interchange.
  group: {
    unsupported_syntax: '2',
    invalid_value: '6',
    missing: '3',
    truncated: '3',
    duplicate: '19',
    reference_mismatch: '4',
    count_mismatch: '5',
  },
  // AK502: 1 set not supported, 2 trailer missing, 3 control numbers differ, 4 segment count, 5 segments in error,
  // 7 invalid control number, 23 set control number not unique within the group.
  set: {
    unsupported_syntax: '1',
    invalid_value: '5',
    missing: '2',
    truncated: '2',
    too_many_constituents: '5',
    invalid_character: '5',
    duplicate: '23',
    reference_mismatch: '3',
    count_mismatch: '4',
    too_many_repetitions: '5',
    unknown_segment: '5',
    segment_order: '5',
    unreadable: '5',
  },
  // AK304: 2 unexpected segment, 3 mandatory segment missing, 5 exceeds maximum use, 7 not in proper sequence,
  // 8 segment has data element errors.
  segment: {
    invalid_value: '8',
    missing: '3',
    too_many_constituents: '8',
    invalid_character: '8',
    count_mismatch: '8',
    too_many_repetitions: '5',
    unknown_segment: '2',
    segment_order: '7',
    duplicate: '8',
    reference_mismatch: '8',
  },
  // AK403: 1 mandatory element missing, 3 too many data elements, 6 invalid character, 7 invalid code value,
  // 12 too many repetitions.
  element: {
    invalid_value: '7',
    missing: '1',
    too_many_constituents: '3',
    invalid_character: '6',
    too_many_repetitions: '12',
    count_mismatch: '7',
    duplicate: '7',
    reference_mismatch: '7',
  },
}

/** The X12 code for `code` at `level`; '' when that level has no code for it (AK9 then carries none). */
export function x12Code(code: SyntaxCode, level: X12CodeLevel): string {
  return table[level][code] ?? ''
}

/** TA105 per ISA element (I18 005–020, 027): a wrong ISA field names itself. */
const isaElementNotes: Record<number, string> = {
  1: '010',
  2: '011',
  3: '012',
  4: '013',
  5: '005',
  6: '006',
  7: '007',
  8: '008',
  9: '014',
  10: '015',
  11: '016',
  12: '017',
  13: '018',
  14: '019',
  15: '020',
  16: '027',
}

export function x12IssueCode(issue: SyntaxIssue, level: X12CodeLevel): string {
  if (level === 'interchange' && issue.code === 'invalid_value' && issue.segment?.tag === 'ISA' && issue.element) {
    return isaElementNotes[issue.element.position] ?? x12Code(issue.code, level)
  }
  if (level === 'element' && issue.code === 'invalid_value') {
    if (/\bdate\b/i.test(issue.message)) return '8'
    if (/\btime\b/i.test(issue.message)) return '9'
  }
  return x12Code(issue.code, level)
}
