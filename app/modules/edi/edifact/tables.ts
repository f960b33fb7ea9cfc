// Segment tables (UNTDID ORDERS D.96A / D.01B, trimmed to what EANCOM uses) as nested MIN/MAX groups, and a matcher
// that walks a message against them. Tags the table does not know are passed through wherever they stand (anchors §4:
// unknown conditional segments are allowed); a known tag in a place the table does not allow is 'segment_order'.
import type { EdifactDirectory, SyntaxIssue } from '../document'
import type { Segment } from './tokenizer'

export interface SegmentRule {
  tag: string
  min: number
  max: number
}
export interface GroupRule {
  group: string
  min: number
  max: number
  /** The first child is the group's trigger segment (mandatory, ISO 9735). */
  children: Rule[]
}
export type Rule = SegmentRule | GroupRule

const s = (tag: string, min: number, max: number): SegmentRule => ({ tag, min, max })
const g = (group: string, min: number, max: number, ...children: Rule[]): GroupRule => ({ group, min, max, children })

/** ORDERS header shared by both directories (SG1 RFF … SG24 RCS). */
function ordersHeader(): Rule[] {
  return [
    s('UNH', 1, 1),
    s('BGM', 1, 1),
    s('DTM', 1, 35),
    s('PAI', 0, 1),
    s('ALI', 0, 5),
    s('IMD', 0, 1),
    s('FTX', 0, 99),
    g('SG1', 0, 9999, s('RFF', 1, 1), s('DTM', 0, 5)),
    g(
      'SG2',
      0,
      99,
      s('NAD', 1, 1),
      s('LOC', 0, 99),
      s('FII', 0, 5),
      g('SG3', 0, 10, s('RFF', 1, 1), s('DTM', 0, 5)),
      g('SG4', 0, 10, s('DOC', 1, 1), s('DTM', 0, 5)),
      g('SG5', 0, 10, s('CTA', 1, 1), s('COM', 0, 5)),
    ),
    g('SG6', 0, 5, s('TAX', 1, 1), s('MOA', 0, 1), s('LOC', 0, 5)),
    g('SG7', 0, 5, s('CUX', 1, 1), s('PCD', 0, 5), s('DTM', 0, 5)),
    g('SG8', 0, 10, s('PAT', 1, 1), s('DTM', 0, 5), s('PCD', 0, 1), s('MOA', 0, 1)),
    g('SG9', 0, 10, s('TDT', 1, 1), g('SG10', 0, 10, s('LOC', 1, 1), s('DTM', 0, 5))),
    g('SG11', 0, 5, s('TOD', 1, 1), s('LOC', 0, 2)),
    g('SG12', 0, 10, s('PAC', 1, 1), s('MEA', 0, 5), g('SG13', 0, 5, s('PCI', 1, 1), s('RFF', 0, 1), s('DTM', 0, 5), s('GIN', 0, 10))),
    g('SG14', 0, 10, s('EQD', 1, 1), s('HAN', 0, 5), s('MEA', 0, 5), s('FTX', 0, 5)),
    g('SG15', 0, 10, s('SCC', 1, 1), s('FTX', 0, 5), s('RFF', 0, 5), g('SG16', 0, 10, s('QTY', 1, 1), s('DTM', 0, 5))),
    g('SG17', 0, 25, s('APR', 1, 1), s('DTM', 0, 5), s('RNG', 0, 1)),
    g(
      'SG18',
      0,
      99,
      s('ALC', 1, 1),
      s('ALI', 0, 5),
      s('DTM', 0, 5),
      g('SG19', 0, 1, s('QTY', 1, 1), s('RNG', 0, 1)),
      g('SG20', 0, 1, s('PCD', 1, 1), s('RNG', 0, 1)),
      g('SG21', 0, 2, s('MOA', 1, 1), s('RNG', 0, 1)),
      g('SG22', 0, 1, s('RTE', 1, 1), s('RNG', 0, 1)),
      g('SG23', 0, 5, s('TAX', 1, 1), s('MOA', 0, 1)),
    ),
    g('SG24', 0, 10, s('RCS', 1, 1), s('RFF', 0, 5), s('DTM', 0, 5), s('FTX', 0, 5)),
  ]
}

/** The line item group; `names` are the directory's group numbers for PRI, LOC-QTY and the rest. */
function ordersLine(lin: string, pri: string, loc: string, n: (k: number) => string): GroupRule {
  return g(
    lin,
    0,
    200000,
    s('LIN', 1, 1),
    s('PIA', 0, 25),
    s('IMD', 0, 99),
    s('MEA', 0, 99),
    s('QTY', 0, 99),
    s('PCD', 0, 5),
    s('ALI', 0, 5),
    s('DTM', 0, 35),
    s('MOA', 0, 10),
    s('GIN', 0, 127),
    s('GIR', 0, 1000),
    s('QVR', 0, 1),
    s('DOC', 0, 5),
    s('PAI', 0, 1),
    s('FTX', 0, 99),
    g(n(1), 0, 10, s('PAT', 1, 1), s('DTM', 0, 5), s('PCD', 0, 1), s('MOA', 0, 1)),
    g(pri, 0, 25, s('PRI', 1, 1), s('CUX', 0, 1), s('APR', 0, 1), s('RNG', 0, 1), s('DTM', 0, 5)),
    g(n(2), 0, 10, s('RFF', 1, 1), s('DTM', 0, 5)),
    g(
      n(3),
      0,
      10,
      s('PAC', 1, 1),
      s('MEA', 0, 5),
      s('QTY', 0, 5),
      s('DTM', 0, 5),
      g(n(4), 0, 10, s('PCI', 1, 1), s('RFF', 0, 1), s('DTM', 0, 5), s('GIN', 0, 10)),
    ),
    g(loc, 0, 9999, s('LOC', 1, 1), s('QTY', 0, 100), s('DTM', 0, 5)),
    g(n(5), 0, 10, s('TAX', 1, 1), s('MOA', 0, 1), s('LOC', 0, 5)),
    g(
      n(6),
      0,
      999,
      s('NAD', 1, 1),
      s('LOC', 0, 5),
      g(n(7), 0, 5, s('RFF', 1, 1), s('DTM', 0, 5)),
      g(n(8), 0, 5, s('DOC', 1, 1), s('DTM', 0, 5)),
      g(n(9), 0, 5, s('CTA', 1, 1), s('COM', 0, 5)),
    ),
    g(
      n(10),
      0,
      99,
      s('ALC', 1, 1),
      s('ALI', 0, 5),
      s('DTM', 0, 5),
      g(n(11), 0, 1, s('QTY', 1, 1), s('RNG', 0, 1)),
      g(n(12), 0, 1, s('PCD', 1, 1), s('RNG', 0, 1)),
      g(n(13), 0, 2, s('MOA', 1, 1), s('RNG', 0, 1)),
    ),
    g(n(14), 0, 10, s('TDT', 1, 1)),
    g(n(15), 0, 5, s('TOD', 1, 1), s('LOC', 0, 2)),
    g(n(16), 0, 10, s('EQD', 1, 1), s('HAN', 0, 5), s('MEA', 0, 5), s('FTX', 0, 5)),
    g(n(17), 0, 100, s('SCC', 1, 1), s('FTX', 0, 5), s('RFF', 0, 5), g(n(18), 0, 10, s('QTY', 1, 1), s('DTM', 0, 5))),
    g(n(19), 0, 10, s('RCS', 1, 1), s('RFF', 0, 5), s('DTM', 0, 5), s('FTX', 0, 5)),
  )
}

function ordersSummary(): Rule[] {
  return [s('UNS', 1, 1), s('MOA', 0, 12), s('CNT', 0, 10), g('SG-ALC', 0, 10, s('ALC', 1, 1), s('ALI', 0, 1), s('MOA', 0, 2)), s('UNT', 1, 1)]
}

// Group numbers: anchors §1.7 (D.96A LIN SG25, PRI SG28, LOC SG33; D.01B LIN SG28, PRI SG32, LOC SG37). Groups
// between them are named for the walk only; their numbers are not reported.
export const ordersTables: Record<EdifactDirectory, Rule[]> = {
  D96A: [...ordersHeader(), ordersLine('SG25', 'SG28', 'SG33', (k) => `SG25.${k}`), ...ordersSummary()],
  D01B: [...ordersHeader(), ordersLine('SG28', 'SG32', 'SG37', (k) => `SG28.${k}`), ...ordersSummary()],
}

/** CONTRL (ISO 9735 syntax 3/4): UCI, then UCM with UCS/UCD (UCF groups are passed through). */
export const contrlTable: Rule[] = [
  s('UNH', 1, 1),
  s('UCI', 1, 1),
  g('SG1', 0, 999999, s('UCM', 1, 1), g('SG2', 0, 999, s('UCS', 1, 1), s('UCD', 0, 99))),
  g('SG3', 0, 999999, s('UCF', 1, 1), g('SG4', 0, 999999, s('UCM', 1, 1), g('SG5', 0, 999, s('UCS', 1, 1), s('UCD', 0, 99)))),
  s('UNT', 1, 1),
]

function tagsOf(rules: Rule[], into = new Set<string>()): Set<string> {
  for (const r of rules) {
    if ('tag' in r) into.add(r.tag)
    else tagsOf(r.children, into)
  }
  return into
}

const triggerOf = (r: Rule) => ('tag' in r ? r.tag : (r.children[0] as SegmentRule).tag)

/**
 * Walks the message's segments against the table. Returns the issues (positions are 1-based inside the message).
 * Only the first structural error is reported: after it the position in the table is unknown.
 */
export function checkStructure(segments: Segment[], table: Rule[]): SyntaxIssue[] {
  const known = tagsOf(table)
  const issues: SyntaxIssue[] = []
  const base = segments[0]?.index ?? 1
  const seq = segments.filter((seg) => known.has(seg.tag) || !/^[A-Z][A-Z0-9]{2}$/.test(seg.tag))
  let pos = 0
  const issueAt = (seg: Segment | undefined, code: SyntaxIssue['code'], message: string) => {
    issues.push({
      level: 'message',
      code,
      severity: 'error',
      ...(seg ? { segment: { tag: seg.tag, index: seg.index - base + 1 }, offset: seg.offset } : {}),
      message,
    })
  }
  const walk = (rules: Rule[], path: string): boolean => {
    for (let r = 0; r < rules.length; r++) {
      const rule = rules[r]
      let count = 0
      while (pos < seq.length && seq[pos].tag === triggerOf(rule)) {
        if (count === rule.max) {
          issueAt(
            seq[pos],
            'too_many_repetitions',
            'tag' in rule ? `${rule.tag} repeats more than ${rule.max} times.` : `Group ${rule.group} repeats more than ${rule.max} times.`,
          )
          return false
        }
        if (!known.has(seq[pos].tag)) {
          issueAt(seq[pos], 'unknown_segment', `"${seq[pos].tag}" is not a segment tag.`)
          return false
        }
        count++
        if ('tag' in rule) pos++
        else {
          pos++
          if (!walk(rule.children.slice(1), `${path}${rule.group}/`)) return false
        }
      }
      if (pos < seq.length && !known.has(seq[pos].tag)) {
        issueAt(seq[pos], 'unknown_segment', `"${seq[pos].tag}" is not a segment tag.`)
        return false
      }
      if (count < rule.min) {
        // The next segment belongs nowhere further on in this sequence: it is out of place, not the mandatory one missing.
        const next = seq[pos]
        if (next && !rules.slice(r + 1).some((later) => triggerOf(later) === next.tag)) {
          issueAt(next, 'segment_order', `Segment ${next.tag} is not allowed in this position.`)
          return false
        }
        issueAt(
          seq[pos] ?? segments[segments.length - 1],
          'missing',
          `Mandatory ${'tag' in rule ? `segment ${rule.tag}` : `group ${rule.group}`} is missing${path ? ` in ${path.slice(0, -1)}` : ''}.`,
        )
        return false
      }
    }
    return true
  }
  if (walk(table, '') && pos < seq.length) {
    issueAt(seq[pos], 'segment_order', `Segment ${seq[pos].tag} is not allowed in this position.`)
  }
  return issues
}
