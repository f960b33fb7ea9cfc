import { parseCsv } from '../../utils/csv'
import { decodeTextFile } from '../../utils/text'
import { readXlsx } from '../../utils/xlsx.server'
import { MAX_PASTE_LINES } from './paste'

// A quick-order file: CSV or text (UTF-8, or Windows-1251 as Russian Excel saves CSV) or an XLSX workbook. It
// becomes the same "reference <tab> quantity" text a paste gives, with line numbers kept, so one parser and one
// validator serve both. A formula cell is refused by line rather than trusted. CSV is read as a spreadsheet
// writes it, in either dialect: ";" (Russian Excel) or "," or tab, guessed from the first line, with quoted cells,
// so `"VK-1000";"1 234,5"` and `VK-1000,"1,234.5",note` both give a reference and a quantity; columns after the
// second are the buyer's notes. The quantity's own digits are read by the order-line validator.

export type OrderFileError =
  'empty' | 'binary' | 'not_xlsx' | 'too_large' | 'too_many_lines' | 'row_beyond_limit' | 'column_beyond_limit' | 'cell_too_long'

/** Inflated XML allowed from one workbook: generous for 5,000 lines, far below what a zip bomb would inflate to. */
const MAX_XLSX_XML_BYTES = 30 * 1024 * 1024
/** Columns A–Z (of a workbook or a CSV): only the first two are read, the rest may hold the buyer's notes. */
const MAX_XLSX_COLUMNS = 26

export function readOrderFile(
  bytes: Uint8Array,
): { ok: true; text: string; formulaLines: number[] } | { ok: false; error: OrderFileError; at?: string } {
  if (bytes.length === 0) return { ok: false, error: 'empty' }
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    const sheet = readXlsx(bytes, { maxBytes: MAX_XLSX_XML_BYTES, maxRows: MAX_PASTE_LINES + 1, maxColumns: MAX_XLSX_COLUMNS })
    if (!sheet.ok) return { ok: false, error: sheet.error === 'no_sheet' ? 'not_xlsx' : sheet.error, at: sheet.at }
    const formulaLines: number[] = []
    const lines = sheet.rows.map((cells, i) => {
      if (cells.some((c) => c.formula)) {
        formulaLines.push(i + 1)
        return ''
      }
      return cells
        .slice(0, 2)
        .map((c) => c.value.replace(/[\t\r\n]/g, ' '))
        .join('\t')
    })
    return { ok: true, text: lines.join('\n'), formulaLines }
  }
  const text = decodeTextFile(bytes)
  if (text === null) return { ok: false, error: 'binary' }
  if (text.split(/\r\n|\r|\n/).length > MAX_PASTE_LINES + 1) return { ok: false, error: 'too_many_lines' }
  const records = parseCsv(text, MAX_PASTE_LINES + 1, MAX_XLSX_COLUMNS)
  if (!Array.isArray(records))
    return records.error === 'too_many_rows'
      ? { ok: false, error: 'too_many_lines' }
      : { ok: false, error: 'column_beyond_limit', at: `AA${records.line}` }
  const lines = records.map((cells) =>
    cells
      .slice(0, 2)
      .map((c) => c.replace(/[\t\r\n]/g, ' ').trim())
      .join('\t')
      .replace(/\t$/, ''),
  )
  return { ok: true, text: lines.join('\n'), formulaLines: [] }
}
