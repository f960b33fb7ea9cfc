import { strToU8, Unzip, UnzipInflate, zipSync, type Zippable } from 'fflate'
import { csvCell } from './csv'

// XLSX without a spreadsheet library: a workbook is a zip of a few XML parts (ECMA-376). Writing one sheet of
// strings and numbers takes the parts below; reading takes the first sheet's cells and the shared strings.
// Reading is guarded against zip bombs: only the needed parts are inflated, and inflation stops at a byte cap
// whatever the zip's headers claim.

export type XlsxValue = string | number | null | undefined

// XML 1.0 forbids most control characters, and a pasted cell can carry them.
// eslint-disable-next-line no-control-regex
const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g
const escapeXml = (s: string) =>
  s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!).replace(XML_FORBIDDEN, '')

function columnName(index: number) {
  let n = index + 1
  let name = ''
  while (n > 0) {
    const r = (n - 1) % 26
    name = String.fromCharCode(65 + r) + name
    n = Math.floor((n - 1) / 26)
  }
  return name
}

/**
 * One sheet: a bold header row, then rows of strings and numbers. Text that would start a formula in a
 * spreadsheet is neutralised as in CSV (the cells are strings anyway, but a user may re-save as CSV).
 */
export function writeXlsx(sheetName: string, header: string[], rows: XlsxValue[][]): Uint8Array {
  const cell = (v: XlsxValue, ref: string, style = 0) => {
    if (v === null || v === undefined || v === '') return ''
    if (typeof v === 'number' && Number.isFinite(v)) return `<c r="${ref}"${style ? ` s="${style}"` : ''}><v>${v}</v></c>`
    const text = csvCell(String(v)).replace(/^"|"$/g, '').replace(/""/g, '"')
    return `<c r="${ref}" t="inlineStr"${style ? ` s="${style}"` : ''}><is><t xml:space="preserve">${escapeXml(text)}</t></is></c>`
  }
  const sheetRows = [header, ...rows]
    .map((r, i) => `<row r="${i + 1}">${r.map((v, j) => cell(v, `${columnName(j)}${i + 1}`, i === 0 ? 1 : 0)).join('')}</row>`)
    .join('')
  const files: Zippable = {
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>',
    ),
    '_rels/.rels': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    ),
    'xl/workbook.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="${escapeXml(sheetName.slice(0, 31))}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>',
    ),
    'xl/styles.xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf fontId="0"/><xf fontId="1" applyFont="1"/></cellXfs></styleSheet>',
    ),
    'xl/worksheets/sheet1.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><sheetData>${sheetRows}</sheetData></worksheet>`,
    ),
  }
  return zipSync(files, { level: 6 })
}

export type XlsxReadError = 'not_xlsx' | 'too_large' | 'no_sheet' | 'row_beyond_limit' | 'column_beyond_limit' | 'cell_too_long'

// Excel holds at most 32,767 characters in a cell; written as XML each may take up to six (`&quot;`). A longer
// cell comes from no spreadsheet: it is refused before its text is decoded, which would hold the process for
// hundreds of milliseconds on a few compressed kilobytes.
const MAX_CELL_XML = 32_767 * 6

export interface XlsxCell {
  value: string
  /** The cell holds a formula: imports refuse it rather than trust a cached result. */
  formula: boolean
}

// XML 1.0 characters (Char production): anything else a reference names, or a crafted part holds raw, becomes
// U+FFFD, so a cell can neither crash the decoder nor carry a NUL the database refuses.
const isXmlChar = (cp: number) =>
  cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff)
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }
// eslint-disable-next-line no-control-regex
const NOT_XML_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g

function decodeXml(s: string) {
  return s.replace(NOT_XML_TEXT, '\uFFFD').replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-f]+);/gi, (m, e: string) => {
    if (e[0] !== '#') return NAMED[e] ?? m
    const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1))
    return isXmlChar(cp) ? String.fromCodePoint(cp) : '\uFFFD'
  })
}

/** Inflates the named parts only, refusing once their total passes `maxBytes` (a bomb's headers may lie). */
function inflateParts(data: Uint8Array, wanted: (name: string) => boolean, maxBytes: number): Map<string, Uint8Array> | 'too_large' | 'not_xlsx' {
  if (data.length < 4 || data[0] !== 0x50 || data[1] !== 0x4b) return 'not_xlsx'
  const parts = new Map<string, Uint8Array[]>()
  let total = 0
  let tooLarge = false
  const unzip = new Unzip((file) => {
    if (!wanted(file.name) || tooLarge) return
    const chunks: Uint8Array[] = []
    parts.set(file.name, chunks)
    file.ondata = (err, chunk) => {
      if (err || tooLarge) return
      total += chunk.length
      if (total > maxBytes) {
        tooLarge = true
        file.terminate()
        return
      }
      chunks.push(chunk)
    }
    file.start()
  })
  unzip.register(UnzipInflate)
  try {
    unzip.push(data, true)
  } catch {
    return 'not_xlsx'
  }
  if (tooLarge) return 'too_large'
  const out = new Map<string, Uint8Array>()
  for (const [name, chunks] of parts) {
    const buf = new Uint8Array(chunks.reduce((s, c) => s + c.length, 0))
    let at = 0
    for (const c of chunks) {
      buf.set(c, at)
      at += c.length
    }
    out.set(name, buf)
  }
  return out
}

interface Element {
  attrs: string
  body: string
  /** Where the element starts and ends in the text scanned. */
  start: number
  end: number
}

/**
 * The `tag` elements of an XML text, in order, found by one left-to-right scan. Regular expressions with lazy
 * bodies rescan to the end from every unclosed start tag, so a few kilobytes of `<row>` would take minutes.
 * Null when an element is left open: the part is not well-formed.
 */
function elements(xml: string, tag: string): Element[] | null {
  const open = `<${tag}`
  const close = `</${tag}>`
  const out: Element[] = []
  let at = 0
  for (;;) {
    const start = xml.indexOf(open, at)
    if (start < 0) return out
    at = start + open.length
    // `<c` is not `<col`: the name ends at white space, `>` or `/`.
    if (!/[\s/>]/.test(xml[at] ?? '')) continue
    const gt = xml.indexOf('>', at)
    if (gt < 0) return null
    if (xml[gt - 1] === '/') {
      out.push({ attrs: xml.slice(at, gt - 1), body: '', start, end: gt + 1 })
      at = gt + 1
      continue
    }
    const end = xml.indexOf(close, gt)
    if (end < 0) return null
    out.push({ attrs: xml.slice(at, gt), body: xml.slice(gt + 1, end), start, end: end + close.length })
    at = end + close.length
  }
}

const attrPatterns = new Map<string, RegExp>()
const attr = (attrs: string, name: string) => {
  let pattern = attrPatterns.get(name)
  if (!pattern) attrPatterns.set(name, (pattern = new RegExp(`(?:^|\\s)${name}="`)))
  const at = attrs.search(pattern)
  if (at < 0) return undefined
  const from = attrs.indexOf('"', at) + 1
  const to = attrs.indexOf('"', from)
  return to < 0 ? undefined : attrs.slice(from, to)
}

/** The text of a string item (`<si>`, `<is>`): its runs' `<t>`, without phonetic guides (`<rPh>`). */
function itemText(body: string) {
  let text = body
  if (body.includes('<rPh')) {
    let at = 0
    text = ''
    for (const p of elements(body, 'rPh') ?? []) {
      text += body.slice(at, p.start)
      at = p.end
    }
    text += body.slice(at)
  }
  return decodeXml((elements(text, 't') ?? []).map((t) => t.body).join(''))
}

/** Column letters to a 0-based index, or Infinity past `limit` (ZZZZZZZZ must not become a number to pad to). */
function columnIndex(letters: string, limit: number) {
  let n = 0
  for (const ch of letters) {
    n = n * 26 + (ch.charCodeAt(0) - 64)
    if (n > limit) return Infinity
  }
  return n - 1
}

/** What an error may echo of a row number or cell reference the file names. */
const shown = (s: string) => (s.length > 12 ? `${s.slice(0, 12)}…` : s)

export type XlsxReadResult = { ok: true; rows: XlsxCell[][] } | { ok: false; error: XlsxReadError; at?: string }

/**
 * The first worksheet as rows of cells (strings; numbers as Excel wrote them). At most `maxBytes` of inflated
 * XML, and values only in the first `maxRows` rows and `maxColumns` columns: the limits apply to the numbers the
 * file names (`<row r="60000000">`, `ZZZZZ1`) before any gap is padded, and the error names the first cell beyond
 * them. Empty cells and rows beyond the limits (formatting only) are skipped.
 */
export function readXlsx(data: Uint8Array, limits: { maxBytes: number; maxRows: number; maxColumns: number }): XlsxReadResult {
  const decoder = new TextDecoder()
  const first = inflateParts(
    data,
    (n) => n === 'xl/workbook.xml' || n === 'xl/_rels/workbook.xml.rels' || n === 'xl/sharedStrings.xml',
    limits.maxBytes,
  )
  if (typeof first === 'string') return { ok: false, error: first }
  const workbook = first.get('xl/workbook.xml')
  if (!workbook) return { ok: false, error: 'not_xlsx' }
  const sheetRid = (elements(decoder.decode(workbook), 'sheet') ?? []).map((e) => attr(e.attrs, 'r:id')).find(Boolean)
  const rels = elements(decoder.decode(first.get('xl/_rels/workbook.xml.rels') ?? new Uint8Array()), 'Relationship') ?? []
  const target = sheetRid ? attr(rels.find((r) => attr(r.attrs, 'Id') === sheetRid)?.attrs ?? '', 'Target') : undefined
  if (!target) return { ok: false, error: 'no_sheet' }
  const sheetPath = target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`
  const sharedXml = first.get('xl/sharedStrings.xml')
  const budget = limits.maxBytes - (sharedXml?.length ?? 0) - workbook.length
  const second = inflateParts(data, (n) => n === sheetPath, Math.max(0, budget))
  if (typeof second === 'string') return { ok: false, error: second }
  const sheet = second.get(sheetPath)
  if (!sheet) return { ok: false, error: 'no_sheet' }

  const sharedItems = sharedXml ? elements(decoder.decode(sharedXml), 'si') : []
  const rowElements = elements(decoder.decode(sheet), 'row')
  if (!sharedItems || !rowElements) return { ok: false, error: 'not_xlsx' }
  // Shared strings are decoded when a cell uses them, so an over-long one is refused naming that cell.
  const shared = new Map<number, string>()
  const sharedText = (i: number) => {
    if (!shared.has(i)) shared.set(i, sharedItems[i] ? itemText(sharedItems[i].body) : '')
    return shared.get(i)!
  }

  const rows: XlsxCell[][] = []
  let rowNo = 0
  for (const row of rowElements) {
    const cellElements = elements(row.body, 'c')
    if (!cellElements) return { ok: false, error: 'not_xlsx' }
    // Without r, a row or cell follows the previous one (ECMA-376 §18.3.1.73, §18.3.1.4).
    const r = attr(row.attrs, 'r')
    const named = r !== undefined && /^\d+$/.test(r)
    rowNo = named ? Number(r) : rowNo + 1
    const cells: XlsxCell[] = []
    let index = -1
    for (const c of cellElements) {
      const ref = attr(c.attrs, 'r')
      const letters = ref && /^([A-Z]+)\d+$/.exec(ref)?.[1]
      index = letters ? columnIndex(letters, limits.maxColumns) : index + 1
      const sharedIndex = attr(c.attrs, 't') === 's' ? Number(elements(c.body, 'v')?.[0]?.body ?? '') : NaN
      if (c.body.length > MAX_CELL_XML || (sharedItems[sharedIndex]?.body.length ?? 0) > MAX_CELL_XML)
        return { ok: false, error: 'cell_too_long', at: shown(ref ?? `${rowNo}`) }
      const type = attr(c.attrs, 't') ?? 'n'
      const raw = type === 'inlineStr' ? null : (elements(c.body, 'v')?.[0]?.body ?? '')
      const text = raw === null ? itemText(c.body) : type === 's' ? sharedText(Number(raw)) : decodeXml(raw)
      // A number cell holds the double Excel computed, to 17 digits ("99.900000000000006", "1.2E-3"): its
      // shortest form is what the person typed and saw ("99.9", "0.0012").
      const value = type === 'n' && /^-?\d+(\.\d+)?(E[+-]?\d+)?$/i.test(text) && Number.isFinite(Number(text)) ? String(Number(text)) : text
      const formula = (elements(c.body, 'f')?.length ?? 0) > 0
      if (value === '' && !formula) continue
      if (rowNo > limits.maxRows) return { ok: false, error: 'row_beyond_limit', at: shown(named ? r : String(rowNo)) }
      if (index >= limits.maxColumns) return { ok: false, error: 'column_beyond_limit', at: shown(ref ?? `${columnName(limits.maxColumns)}${rowNo}`) }
      while (cells.length < index) cells.push({ value: '', formula: false })
      cells[index] = { value, formula }
    }
    if (!cells.length) continue
    // Keep row numbers as Excel shows them, so line errors point at the right row.
    while (rows.length < rowNo - 1) rows.push([])
    rows.push(cells)
  }
  return { ok: true, rows }
}
