// A small MIN/MAX segment-table tracker (the shape Bots and node-edifact use): each set is a list of entries in
// their standard order; an entry with `loop` is a loop whose first segment is its trigger. A segment that the
// table knows but that comes too late is 'segment_order'; one the table does not list is 'unknown_segment' (a
// warning: our tables are subsets, anchors §4 "unknown conditional segments are allowed").
import type { SyntaxIssue } from '../document'
import type { X12Segment } from './tokenizer'

export interface TableEntry {
  tag: string
  min: number
  max: number
  /** The loop's further segments (the trigger is `tag`); max then counts loop repetitions. */
  loop?: TableEntry[]
}

const many = Number.POSITIVE_INFINITY
const seg = (tag: string, max = 1, min = 0): TableEntry => ({ tag, min, max })
const loop = (tag: string, max: number, body: TableEntry[], min = 0): TableEntry => ({ tag, min, max, loop: body })

const n1Loop = (max: number) =>
  loop('N1', max, [
    seg('N2', 2),
    seg('N3', 2),
    seg('N4', many),
    seg('NX2', many),
    seg('REF', 12),
    seg('PER', many),
    seg('SI', many),
    seg('FOB'),
    seg('TD1', 2),
    seg('TD5', 12),
    seg('TD3', 12),
    seg('TD4', 5),
    seg('PKG', 200),
  ])

/** 850 Purchase Order, 004010 and 005010 (the positions we read and the common ones around them). */
const table850: TableEntry[] = [
  seg('BEG', 1, 1),
  seg('CUR'),
  seg('REF', many),
  seg('PER', 3),
  seg('TAX', many),
  seg('FOB', many),
  seg('CTP', many),
  seg('PAM', 10),
  seg('CSH', 5),
  seg('TC2', many),
  loop('SAC', 25, [seg('CUR')]),
  seg('ITD', many),
  seg('DIS', 20),
  seg('INC'),
  seg('DTM', 10),
  seg('LDT', 12),
  seg('LIN', 5),
  seg('SI', many),
  loop('PID', 200, [seg('MEA', 40)]),
  seg('MEA', 40),
  seg('PWK', 25),
  seg('PKG', 200),
  seg('TD1', 2),
  seg('TD5', 12),
  seg('TD3', 12),
  seg('TD4', 5),
  seg('MAN', 10),
  seg('PCT', many),
  seg('CTB', 5),
  seg('TXI', many),
  loop('AMT', many, [seg('REF', many), seg('DTM'), seg('PCT', many)]),
  loop('N9', 1000, [seg('DTM', 10), seg('MSG', 1000)]),
  n1Loop(200),
  loop(
    'PO1',
    100000,
    [
      seg('LIN', many),
      seg('SI', many),
      seg('CUR'),
      seg('CN1'),
      seg('PO3', 25),
      loop('CTP', many, [seg('CUR')]),
      seg('PAM', 10),
      seg('MEA', 40),
      loop('PID', 1000, [seg('MEA', 10)]),
      seg('PWK', 25),
      seg('PO4', many),
      seg('REF', many),
      seg('PER', 3),
      loop('SAC', 25, [seg('CUR'), seg('CTP')]),
      seg('IT8'),
      seg('CSH', many),
      seg('ITD', 2),
      seg('DIS', 10),
      seg('INC'),
      seg('TAX', many),
      seg('FOB', many),
      seg('SDQ', 500),
      seg('IT3', 5),
      seg('DTM', 10),
      seg('TC2', many),
      seg('TD1'),
      seg('TD5', 12),
      seg('TD3', 12),
      seg('TD4', 5),
      seg('PCT', many),
      seg('MAN', 10),
      seg('MSG', many),
      seg('SPI', many),
      seg('TXI', many),
      seg('CTB', many),
      loop('QTY', many, [seg('SI', many)]),
      loop('SCH', 200, [seg('TD1', 2), seg('TD5', 12), seg('TD3', 12), seg('TD4', 5), seg('REF', many)]),
      loop('PKG', 200, [seg('MEA', many)]),
      seg('LS'),
      loop('N9', 1000, [seg('DTM', 10), seg('MEA', 40), seg('MSG', 1000)]),
      n1Loop(200),
      loop('SLN', 1000, [seg('MSG', many), seg('SI', many), seg('PID', 1000), seg('PO3', 104), seg('TC2', many), seg('ADV', 10), seg('DTM', 10)]),
      seg('LE'),
      loop('AMT', many, [seg('REF'), seg('PCT', many)]),
    ],
    1,
  ),
  loop('CTT', 1, [seg('AMT')]),
]

/** The tables we check, by set and version (850 is the only inbound set we map; 4010 and 5010 agree on it). */
export const segmentTables: Record<string, Partial<Record<string, TableEntry[]>>> = {
  '850': { '004010': table850, '005010': table850 },
}

export function tableFor(set: string, version: string): TableEntry[] | undefined {
  const byVersion = segmentTables[set]
  if (!byVersion) return undefined
  return byVersion[version.slice(0, 6)] ?? byVersion['004010']
}

function collectTags(entries: TableEntry[], into: Set<string>): Set<string> {
  for (const e of entries) {
    into.add(e.tag)
    if (e.loop) collectTags(e.loop, into)
  }
  return into
}

interface Frame {
  entries: TableEntry[]
  /** Index of the entry last matched (-1 before the first). */
  at: number
  counts: number[]
}

/**
 * Checks the body of one set (the segments between ST and SE) against its table. Positions are 1-based inside the
 * set (ST = 1), as AK3 reports them.
 */
export function checkSegmentOrder(body: X12Segment[], table: TableEntry[], firstIndex: number, tolerant: boolean): SyntaxIssue[] {
  const issues: SyntaxIssue[] = []
  const known = collectTags(table, new Set())
  const root: Frame = { entries: table, at: -1, counts: table.map(() => 0) }
  const stack: Frame[] = [root]
  const where = (s: X12Segment, i: number) => ({ segment: { tag: s.tag, index: firstIndex + i }, offset: s.offset })
  const checkMissing = (frame: Frame, from: number, to: number, s: X12Segment, i: number) => {
    for (let k = from; k < to; k++) {
      const entry = frame.entries[k]!
      if (frame.counts[k]! < entry.min) {
        issues.push({
          level: 'message',
          code: 'missing',
          severity: 'error',
          ...where(s, i),
          message: `Mandatory segment ${entry.tag} is missing before ${s.tag}.`,
        })
      }
    }
  }
  body.forEach((s, i) => {
    for (let depth = stack.length - 1; depth >= 0; depth--) {
      const frame = stack[depth]!
      // Inside a loop, the trigger (index -1 of the body) may repeat: that is handled by the parent frame.
      let found = -1
      for (let k = Math.max(frame.at, 0); k < frame.entries.length; k++) {
        if (frame.entries[k]!.tag === s.tag) {
          found = k
          break
        }
      }
      if (found < 0) continue
      checkMissing(frame, frame.at + 1, found, s, i)
      if (found !== frame.at) frame.counts[found] = 0
      frame.counts[found]!++
      frame.at = found
      stack.length = depth + 1
      const entry = frame.entries[found]!
      if (frame.counts[found]! > entry.max) {
        issues.push({
          level: 'message',
          code: 'too_many_repetitions',
          severity: 'error',
          ...where(s, i),
          message: `${entry.loop ? `Loop ${s.tag}` : `Segment ${s.tag}`} occurs more than ${entry.max} times here.`,
        })
      }
      if (entry.loop) stack.push({ entries: entry.loop, at: -1, counts: entry.loop.map(() => 0) })
      return
    }
    if (known.has(s.tag)) {
      issues.push({
        level: 'message',
        code: 'segment_order',
        severity: 'error',
        ...where(s, i),
        message: `Segment ${s.tag} is not allowed at position ${firstIndex + i} (it comes after a segment that must follow it).`,
      })
    } else {
      issues.push({
        level: 'message',
        code: 'unknown_segment',
        severity: tolerant ? 'warning' : 'error',
        ...where(s, i),
        message: `Segment ${s.tag} is not part of this transaction set's table.`,
      })
    }
  })
  // Mandatory entries never reached (BEG, the first PO1).
  const last = body[body.length - 1]
  if (last) {
    const frame = root
    for (let k = frame.at + 1; k < frame.entries.length; k++) {
      const entry = frame.entries[k]!
      if (entry.min > 0 && frame.counts[k]! < entry.min) {
        issues.push({
          level: 'message',
          code: 'missing',
          severity: 'error',
          segment: { tag: entry.tag, index: firstIndex + body.length },
          message: `Mandatory segment ${entry.tag} is missing.`,
        })
      }
    }
  }
  return issues
}
