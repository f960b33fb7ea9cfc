import { readLineQuantity } from './line-verdict'

// Quick order from a spreadsheet paste (DESIGN.md §4): one line per product, "reference <sep> quantity", where
// the separator is a tab (Excel), a semicolon (Russian-locale CSV) or a comma. The same reference twice is one
// line with the quantities summed. Pure: the order-line validator decides what each reference is.

export interface PastedLine {
  /** 1-based line numbers in the paste that make up this line (several when duplicates were summed). */
  lineNos: number[]
  ref: string
  qtyRaw: string
}

export interface PasteResult {
  lines: PastedLine[]
  unreadable: { lineNo: number; raw: string }[]
}

export const MAX_PASTE_LINES = 5000

function split(line: string): [string, string] | null {
  const sep = line.includes('\t') ? '\t' : line.includes(';') ? ';' : ','
  const cells = line.split(sep).map((c) => c.trim().replace(/^"(.*)"$/, '$1'))
  const filled = cells.filter((c) => c !== '')
  if (filled.length === 1) return [filled[0], '1']
  if (filled.length < 2) return null
  // With commas as separators, "SKU,2,5" means 2.5 written the Russian way: the rest is the quantity.
  return sep === ',' ? [filled[0], filled.slice(1).join(',')] : [filled[0], filled[1]]
}

const isQuantity = (s: string) => /^\s*-?[\d\s]+([.,]\d+)?\s*$/.test(s)

/** A quantity that may be added to another line's: a whole positive number as typed ("5", "1 000"). */
const addable = readLineQuantity

/**
 * Lines for the same thing (`keyOf`; null: never merged) become one with their quantities summed, so the
 * product's rules (minimum, packs) judge what is ordered in total. Only whole positive quantities are summed: a
 * line whose quantity is a word, a fraction or zero stays on its own, to be refused alone and come back as typed,
 * while the valid lines beside it go through (issue 10, item 3: "3", "десять", "2" is 5 accepted, "десять" refused).
 */
export function mergeDuplicates<L extends PastedLine>(lines: L[], keyOf: (line: L) => string | null): L[] {
  const out: L[] = []
  const byKey = new Map<string, { line: L; sum: number }>()
  for (const line of lines) {
    const key = keyOf(line)
    const qty = addable(line.qtyRaw)
    const copy = { ...line, lineNos: [...line.lineNos] }
    if (key === null || qty === null) out.push(copy)
    else {
      const existing = byKey.get(key)
      if (!existing) {
        out.push(copy)
        byKey.set(key, { line: copy, sum: qty })
      } else {
        existing.line.lineNos.push(...line.lineNos)
        existing.sum += qty
        existing.line.qtyRaw = String(existing.sum)
      }
    }
  }
  for (const line of out) line.lineNos.sort((a, b) => a - b)
  return out
}

export function parsePaste(text: string): PasteResult {
  const rows = text.replace(/\r\n?/g, '\n').split('\n').slice(0, MAX_PASTE_LINES)
  const lines: PastedLine[] = []
  const unreadable: PasteResult['unreadable'] = []
  rows.forEach((raw, i) => {
    const lineNo = i + 1
    if (raw.trim() === '') return
    const cells = split(raw)
    if (!cells) return unreadable.push({ lineNo, raw: raw.slice(0, 200) })
    const [ref, qtyRaw] = cells
    // A header row ("Артикул;Количество") is skipped, wherever a spreadsheet put it.
    if (!isQuantity(qtyRaw) && /^(sku|артикул|код|code|article|ref)/i.test(ref)) return
    lines.push({ lineNos: [lineNo], ref: ref.slice(0, 64), qtyRaw: qtyRaw.slice(0, 32) })
  })
  return { lines: mergeDuplicates(lines, (l) => l.ref.toUpperCase()), unreadable }
}
