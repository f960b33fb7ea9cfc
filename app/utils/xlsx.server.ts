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

export type XlsxReadError = 'not_xlsx' | 'too_large' | 'no_sheet'

export interface XlsxCell {
  value: string
  /** The cell holds a formula: imports refuse it rather than trust a cached result. */
  formula: boolean
}

const decodeXml = (s: string) =>
  s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-f]+);/gi, (m, e: string) =>
    e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'amp' ? '&' : e === 'quot' ? '"' : e === 'apos' ? "'" : e[1] === 'x' || e[1] === 'X' ? String.fromCodePoint(parseInt(e.slice(2), 16)) : String.fromCodePoint(Number(e.slice(1))),
  )

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

function columnIndex(ref: string) {
  const letters = /^[A-Z]+/.exec(ref)?.[0] ?? 'A'
  let n = 0
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64)
  return n - 1
}

/**
 * The first worksheet as rows of cells (strings; numbers as Excel wrote them). At most `maxRows` rows and
 * `maxBytes` of inflated XML; beyond either the whole file is refused.
 */
export function readXlsx(data: Uint8Array, limits: { maxBytes: number; maxRows: number }): { ok: true; rows: XlsxCell[][] } | { ok: false; error: XlsxReadError } {
  const decoder = new TextDecoder()
  const first = inflateParts(data, (n) => n === 'xl/workbook.xml' || n === 'xl/_rels/workbook.xml.rels' || n === 'xl/sharedStrings.xml', limits.maxBytes)
  if (typeof first === 'string') return { ok: false, error: first }
  const workbook = first.get('xl/workbook.xml')
  if (!workbook) return { ok: false, error: 'not_xlsx' }
  const sheetRid = /<sheet\b[^>]*\br:id="([^"]+)"/.exec(decoder.decode(workbook))?.[1]
  const rels = decoder.decode(first.get('xl/_rels/workbook.xml.rels') ?? new Uint8Array())
  const target = sheetRid ? new RegExp(`<Relationship\\b[^>]*Id="${sheetRid}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ?? new RegExp(`<Relationship\\b[^>]*Target="([^"]+)"[^>]*Id="${sheetRid}"`).exec(rels)?.[1] : undefined
  if (!target) return { ok: false, error: 'no_sheet' }
  const sheetPath = target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`
  const sharedXml = first.get('xl/sharedStrings.xml')
  const budget = limits.maxBytes - (sharedXml?.length ?? 0) - workbook.length
  const second = inflateParts(data, (n) => n === sheetPath, Math.max(0, budget))
  if (typeof second === 'string') return { ok: false, error: second }
  const sheet = second.get(sheetPath)
  if (!sheet) return { ok: false, error: 'no_sheet' }

  const shared: string[] = []
  if (sharedXml)
    for (const si of decoder.decode(sharedXml).matchAll(/<si>([\s\S]*?)<\/si>/g)) shared.push(decodeXml([...si[1].matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((m) => m[1]).join('')))

  const rows: XlsxCell[][] = []
  for (const rowMatch of decoder.decode(sheet).matchAll(/<row\b([^>]*)>([\s\S]*?)<\/row>/g)) {
    if (rows.length >= limits.maxRows) return { ok: false, error: 'too_large' }
    const rowNo = Number(/\br="(\d+)"/.exec(rowMatch[1])?.[1] ?? rows.length + 1)
    // Keep row numbers as Excel shows them, so line errors point at the right row.
    while (rows.length < rowNo - 1) rows.push([])
    const cells: XlsxCell[] = []
    for (const c of rowMatch[2].matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const attrs = c[1]
      const body = c[2] ?? ''
      const ref = /\br="([A-Z]+\d+)"/.exec(attrs)?.[1]
      const type = /\bt="(\w+)"/.exec(attrs)?.[1] ?? 'n'
      const raw = type === 'inlineStr' ? [...body.matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((m) => m[1]).join('') : (/<v>([\s\S]*?)<\/v>/.exec(body)?.[1] ?? '')
      const value = type === 's' ? (shared[Number(raw)] ?? '') : decodeXml(raw)
      const index = ref ? columnIndex(ref) : cells.length
      while (cells.length < index) cells.push({ value: '', formula: false })
      cells[index] = { value, formula: /<f[\s>/]/.test(body) }
    }
    rows.push(cells)
  }
  return { ok: true, rows }
}
