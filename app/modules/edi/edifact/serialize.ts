// Writing EDIFACT: segments are built as arrays of values, then fitted to the partner's character set, escaped with
// the release character and joined with its separators. UNT and UNZ counts are computed here, never by the caller.
import type { EdifactCharset, EdifactSettings, PartyId } from '../document'
import { encodeText, fitToCharset } from './charset'
import type { Separators } from './tokenizer'

export type Value = string | undefined | null
export type Element = Value | Value[]
export type OutSegment = [string, ...Element[]]

export function separatorsOf(settings: EdifactSettings): Separators {
  const u = settings.una.length === 6 ? settings.una : ":+.? '"
  return { component: u[0], element: u[1], decimal: u[2], release: u[3] === ' ' ? '' : u[3], repetition: u[4], terminator: u[5] }
}

/** Builds the segments of one message; `dec` writes a decimal string with the partner's mark (UNA position 3). */
export class MessageBuilder {
  readonly segments: OutSegment[] = []
  constructor(private readonly decimal: string) {}
  add(tag: string, ...elements: Element[]): this {
    this.segments.push([tag, ...elements])
    return this
  }
  dec(value: string | undefined): string | undefined {
    return value === undefined ? undefined : this.decimal === '.' ? value : value.replace('.', this.decimal)
  }
}

/** ISO 9735 release: every service character inside data gets the release character in front. */
function escaper(sep: Separators, syntaxVersion: number): (v: string) => string {
  if (!sep.release) return (v) => v
  const special = new Set([sep.component, sep.element, sep.release, sep.terminator])
  if (syntaxVersion >= 4 && sep.repetition !== ' ') special.add(sep.repetition)
  return (v) => {
    let needs = false
    for (const ch of v) if (special.has(ch)) needs = true
    if (!needs) return v
    let out = ''
    for (const ch of v) out += special.has(ch) ? sep.release + ch : ch
    return out
  }
}

/** Drops trailing empty components and elements (ISO 9735 §7.1: they are omitted, not written as separators). */
function trimEnd<T>(arr: T[], empty: (t: T) => boolean): T[] {
  let n = arr.length
  while (n > 0 && empty(arr[n - 1])) n--
  return arr.slice(0, n)
}

export function serializeSegment(seg: OutSegment, sep: Separators, charset: EdifactCharset, syntaxVersion: number): string {
  const esc = escaper(sep, syntaxVersion)
  const clean = (v: Value) => (v === undefined || v === null ? '' : esc(fitToCharset(v.replace(/[\r\n]+/g, ' '), charset)))
  const [tag, ...elements] = seg
  const els = trimEnd(
    elements.map((e) => (Array.isArray(e) ? trimEnd(e.map(clean), (c) => c === '').join(sep.component) : clean(e))),
    (e) => e === '',
  )
  return [tag, ...els].join(sep.element) + sep.terminator
}

function pad2(n: number) {
  return String(n).padStart(2, '0')
}

/** UNB S004 in UTC: YYMMDD:HHMM for syntax 3, CCYYMMDD:HHMM for syntax 4. */
export function unbDateTime(at: Date, syntaxVersion: number): [string, string] {
  const y = at.getUTCFullYear()
  const date = `${syntaxVersion >= 4 ? y : pad2(y % 100)}${pad2(at.getUTCMonth() + 1)}${pad2(at.getUTCDate())}`
  return [date, `${pad2(at.getUTCHours())}${pad2(at.getUTCMinutes())}`]
}

/** CCYYMMDD (DTM format 102) from an ISO date. */
export const dtm102 = (iso: string) => iso.slice(0, 10).replace(/-/g, '')

export interface InterchangeInput {
  sender: PartyId
  recipient: PartyId
  controlRef: string
  preparedAt: Date
  test: boolean
  settings: EdifactSettings
  /** UNB 0026 application reference (the message type when all are one type). */
  appRef?: string
  /** Each message: its reference, UNH S009 and body segments (without UNH/UNT). */
  messages: { ref: string; s009: string[]; body: OutSegment[] }[]
}

/** One interchange: UNA (when asked or non-default), UNB, UNH..UNT per message, UNZ; text and bytes in the charset. */
export function serializeInterchange(input: InterchangeInput): { text: string; bytes: Uint8Array } {
  const { settings } = input
  const sep = separatorsOf(settings)
  const v = settings.syntaxVersion
  const una = sep.component + sep.element + sep.decimal + (sep.release || ' ') + sep.repetition + sep.terminator
  const parts: string[] = []
  if (settings.writeUna || una !== ":+.? '") parts.push(`UNA${una}`)
  const w = (seg: OutSegment) => parts.push(serializeSegment(seg, sep, settings.charset, v))
  const [date, time] = unbDateTime(input.preparedAt, v)
  w([
    'UNB',
    [settings.charset, String(v)],
    [input.sender.id, input.sender.qualifier],
    [input.recipient.id, input.recipient.qualifier],
    [date, time],
    input.controlRef,
    undefined,
    input.appRef,
    undefined,
    undefined,
    undefined,
    input.test ? '1' : undefined,
  ])
  for (const m of input.messages) {
    w(['UNH', m.ref, m.s009])
    for (const seg of m.body) w(seg)
    w(['UNT', String(m.body.length + 2), m.ref])
  }
  w(['UNZ', String(input.messages.length), input.controlRef])
  const text = parts.join('')
  return { text, bytes: encodeText(text, settings.charset) }
}
