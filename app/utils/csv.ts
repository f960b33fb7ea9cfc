import type { Locale } from '../i18n'

// CSV for spreadsheets: RFC 4180 quoting, a BOM so Excel reads UTF-8 Cyrillic, and cells that would start a
// formula (= + - @, tab, CR) neutralised with a leading apostrophe (OWASP CSV injection; ASVS V1.2.10).
// The dialect follows the reader's language, because that is what their Excel expects: a Russian Excel splits on
// ";" and reads "1234,56" as a number (a comma-separated file opens as one column), an English one wants "," and
// "1234.56". Numbers are passed as numbers (or `decimal()`), never as preformatted text, so each dialect writes them.
const FORMULA_START = /^[=+\-@\t\r]/

export interface CsvDialect {
  separator: ',' | ';'
  decimalMark: '.' | ','
}

export const csvDialect = (locale: Locale): CsvDialect =>
  locale === 'ru' ? { separator: ';', decimalMark: ',' } : { separator: ',', decimalMark: '.' }

/** A number written with a fixed count of decimals (money: `decimal(minor / 100)`) in the reader's dialect. */
export class CsvDecimal {
  constructor(
    readonly value: number,
    readonly digits: number,
  ) {}
}
export const decimal = (value: number, digits = 2) => new CsvDecimal(value, digits)

export function csvCell(value: unknown, dialect: CsvDialect = csvDialect('en')): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number' || value instanceof CsvDecimal) {
    const text = typeof value === 'number' ? String(value) : value.value.toFixed(value.digits)
    return dialect.decimalMark === ',' ? text.replace('.', ',') : text
  }
  let s = value instanceof Date ? value.toISOString() : String(value)
  if (FORMULA_START.test(s)) s = `'${s}`
  return /[",;\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

export function toCsv(header: string[], rows: unknown[][], locale: Locale): string {
  const dialect = csvDialect(locale)
  return '\uFEFF' + [header, ...rows].map((r) => r.map((v) => csvCell(v, dialect)).join(dialect.separator)).join('\r\n') + '\r\n'
}

/** A file to download: named safely, and never sniffed into something the browser would run. */
export function attachment(body: string | Uint8Array, filename: string, contentType: string) {
  return new Response(typeof body === 'string' ? body : Buffer.from(body), {
    headers: {
      'Content-Type': contentType,
      'Content-Disposition': `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"`,
      'X-Content-Type-Options': 'nosniff',
    },
  })
}

export function csvResponse(filename: string, body: string) {
  return attachment(body, filename, 'text/csv; charset=utf-8')
}

/** The separator most used in the first line that uses any (a one-column first line says nothing). */
function guessSeparator(text: string): ';' | '\t' | ',' {
  for (const line of text.slice(0, 64 * 1024).split(/\r\n|\r|\n/, 50)) {
    const counts = ([';', '\t', ','] as const).map((s) => [s, line.split(s).length - 1] as const)
    const [best, n] = counts.reduce((a, b) => (b[1] > a[1] ? b : a))
    if (n > 0) return best
  }
  return ','
}

/**
 * RFC 4180 CSV as spreadsheets write it: quoted cells may hold the separator, quotes ("") and line breaks. The
 * separator is guessed from the first line that has one: semicolon (Russian-locale Excel), tab, or comma. Beyond `maxRows`
 * rows, or with a value beyond `maxColumns` cells, the file is refused naming that record (a quoted line break
 * does not count); empty cells beyond it (trailing separators) are dropped, so a line of separators cannot build
 * a huge row.
 */
export function parseCsv(
  text: string,
  maxRows = Infinity,
  maxColumns = Infinity,
): string[][] | { error: 'too_many_rows' | 'too_many_columns'; line: number } {
  const sep = guessSeparator(text)
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  const endCell = () => {
    if (row.length < maxColumns) row.push(cell)
    else if (cell !== '') return false
    cell = ''
    return true
  }
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"'
        i++
      } else if (ch === '"') quoted = false
      else cell += ch
    } else if (ch === '"' && cell === '') quoted = true
    else if (ch === sep) {
      if (!endCell()) return { error: 'too_many_columns', line: rows.length + 1 }
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++
      if (!endCell()) return { error: 'too_many_columns', line: rows.length + 1 }
      rows.push(row)
      if (rows.length > maxRows) return { error: 'too_many_rows', line: rows.length }
      row = []
    } else cell += ch
  }
  if (cell !== '' || row.length) {
    if (!endCell()) return { error: 'too_many_columns', line: rows.length + 1 }
    rows.push(row)
  }
  return rows.length > maxRows ? { error: 'too_many_rows', line: rows.length } : rows
}
