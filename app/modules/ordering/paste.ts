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

/** Sums two typed quantities; if either is not a number, keeps both for the validator to name. */
export function sumQuantities(a: string, b: string) {
  if (!isQuantity(a) || !isQuantity(b)) return `${a}+${b}`
  const n = (s: string) => Number(s.replace(/\s/g, '').replace(',', '.'))
  return String(n(a) + n(b))
}

export function parsePaste(text: string): PasteResult {
  const rows = text.replace(/\r\n?/g, '\n').split('\n').slice(0, MAX_PASTE_LINES)
  const byRef = new Map<string, PastedLine>()
  const unreadable: PasteResult['unreadable'] = []
  rows.forEach((raw, i) => {
    const lineNo = i + 1
    if (raw.trim() === '') return
    const cells = split(raw)
    if (!cells) return unreadable.push({ lineNo, raw: raw.slice(0, 200) })
    const [ref, qtyRaw] = cells
    // A header row ("Артикул;Количество") is skipped, wherever a spreadsheet put it.
    if (!isQuantity(qtyRaw) && /^(sku|артикул|код|code|article|ref)/i.test(ref)) return
    const key = ref.toUpperCase()
    const existing = byRef.get(key)
    if (existing) {
      existing.lineNos.push(lineNo)
      existing.qtyRaw = sumQuantities(existing.qtyRaw, qtyRaw)
    } else byRef.set(key, { lineNos: [lineNo], ref: ref.slice(0, 64), qtyRaw: qtyRaw.slice(0, 32) })
  })
  return { lines: [...byRef.values()], unreadable }
}
